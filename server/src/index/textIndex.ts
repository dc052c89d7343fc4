/**
 * What each post says, as words: an inverted index (BM25) over its title (weighted), description and
 * body, for "posts like this one" (related-post and tag suggestions). Language-independent: words
 * are letter runs with case and accents folded, and words most posts use are dropped by document
 * frequency instead of by a stop-word list. Code blocks, inline code, shortcode and Liquid markup,
 * HTML tags, URLs and anything with a digit are left out.
 *
 * Fed by the BlogIndex: the CLI's build adds each slice of posts from the text it just read; the
 * language server's fills it in slices once everything else is ready (the words are the costliest
 * part of indexing, and only suggestions read them). An edit is queued and applied after a short
 * pause, off the request path. A query reads whatever is in: nothing ever waits.
 *
 * Memory: no object per word or per post. Words are ids in one open-addressing table of Int32;
 * postings are packed Int32 in pages; a word most posts use keeps one byte per post instead.
 */
import { findFrontMatterBlock } from '../parse/frontMatter';
import type { PostEntry } from './postReader';

/** Title words count this many times a body word; description words this many. */
const TITLE_WEIGHT = 3;
const DESCRIPTION_WEIGHT = 2;
/** A word in more than this share of the posts says nothing about any of them. */
const MAX_DOC_SHARE = 0.5;
/** Below this many posts every share is noise: no word is dropped by frequency. */
const MIN_POSTS_FOR_SHARE = 8;
/** Postings are not kept for words in more than this share of the posts (once there are enough posts). */
const COMMON_SHARE = 0.6;
const COMMON_AFTER_POSTS = 500;
/** The words a post is searched by (its most telling ones). */
const QUERY_TERMS = 100;
/**
 * A query reads its words' postings most telling word first and stops after about this many: on a
 * large blog the commonest of its words (each in thousands of posts, with little weight) would
 * otherwise cost most of the time and change the ranking least. Never reached below ~2,000 posts.
 */
const POSTINGS_BUDGET = 150_000;
/** Words kept per post: a long post's rarest mentions add little and cost memory. */
const MAX_TERMS_PER_POST = 250;
/** capTerms tells weights apart up to this (a word said more often than this is in any post's top). */
const MAX_WEIGHT_COUNTED = 1023;
const MIN_WORD = 2;
const MAX_WORD = 40;
const K1 = 1.2;
const B = 0.75;
/** An edit is indexed after this pause in typing. */
export const TEXT_UPDATE_DELAY_MS = 300;

/** One post's words: term ids (ascending) with their weighted counts. */
export interface TermVector {
  ids: Uint32Array;
  tf: Float32Array;
  /** Weighted number of words. */
  length: number;
}


export interface SimilarPost {
  path: string;
  /** BM25 score against the query post. */
  score: number;
}

/** A query: the post's telling words with their weights. */
export interface TextQuery {
  ids: number[];
  weights: number[];
  /** The path to leave out of the answers (the post itself). */
  self: string | undefined;
}

// ------------------------------------------------------------------ words

const enum CharClass {
  Unknown = 0,
  Letter = 1,
  Mark = 2,
  Other = 3,
  /** Scripts written without spaces between words: Han, kana, Thai, Lao, Khmer, Myanmar (see nextWord). */
  Unspaced = 4,
}
const charClass = new Uint8Array(0x10000);
const LETTER = /\p{L}/u;
const MARK = /\p{M}/u;
/** Han, with 々 and 〆. */
const HAN = /[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
/** Hiragana, katakana (with its extensions and the half-width forms). */
const KANA = /[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f]/;
/** Thai, Lao, Myanmar, Khmer: their letters and the vowel and tone marks that are part of them. */
const SOUTHEAST_ASIAN = /[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]/;

/** Asked only of lone characters and of words shown: no table needed. */
function isHan(code: number): boolean {
  return HAN.test(String.fromCharCode(code));
}

function classOf(code: number): CharClass {
  let c = charClass[code];
  if (c === CharClass.Unknown) {
    const ch = String.fromCharCode(code);
    const letter = LETTER.test(ch);
    const mark = !letter && MARK.test(ch);
    c = (letter && (HAN.test(ch) || KANA.test(ch))) || ((letter || mark) && SOUTHEAST_ASIAN.test(ch)) ? CharClass.Unspaced : letter ? CharClass.Letter : mark ? CharClass.Mark : CharClass.Other;
    charClass[code] = c;
  }
  return c;
}

const foldCache = new Map<string, string>();

/** Lower case without accents: `Estadística` → `estadistica`. */
export function foldWord(word: string): string {
  let f = foldCache.get(word);
  if (f === undefined) {
    // Composed again after: Hangul syllables decompose into letters (jamo), not letters and marks.
    f = word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().normalize('NFC');
    if (foldCache.size > 200_000) foldCache.clear();
    foldCache.set(word, f);
  }
  return f;
}

/**
 * Per UTF-16 unit outside ASCII, filled on first sight: the unit it folds to on its own (`É` → `e`),
 * FOLD_DROP for a combining mark, FOLD_COMPLEX when it must go through foldWord with its word
 * (it folds to several units, or, like `Σ`, its lower case depends on where it stands); 0 unknown.
 */
const foldTable = new Uint16Array(0x10000);
const FOLD_DROP = 0xffff;
const FOLD_COMPLEX = 0xfffe;

function foldOf(code: number): number {
  let f = foldTable[code];
  if (f === 0) {
    const ch = String.fromCharCode(code);
    // Kept as written: decomposing would drop the voicing of kana (ド is not ト), dropping marks a Thai vowel.
    if (classOf(code) === CharClass.Unspaced) f = code;
    else if (MARK.test(ch)) f = FOLD_DROP;
    else {
      const folded = code === 0x3a3 ? '' : ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      f = folded.length === 1 && folded.charCodeAt(0) < FOLD_COMPLEX && folded.charCodeAt(0) !== 0 ? folded.charCodeAt(0) : FOLD_COMPLEX;
    }
    foldTable[code] = f;
  }
  return f;
}

/** FNV-1a over folded char codes: the hash a word is looked up by (32-bit, signed). */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let k = 0; k < word.length; k++) h = Math.imul(h ^ word.charCodeAt(k), FNV_PRIME);
  return h;
}

/**
 * A second, differently built hash (djb2) over the same folded units: with hashWord, 64 bits that
 * name a word. The index tells words apart by the pair alone (two of 100,000 words share both with
 * odds of about 1 in 10^9), so a lookup reads one table slot and never the word itself.
 */
const DJB_OFFSET = 5381;

function hashWord2(word: string): number {
  let h = DJB_OFFSET;
  for (let k = 0; k < word.length; k++) h = (Math.imul(h, 33) + word.charCodeAt(k)) | 0;
  return h;
}

/** Where nextWord found a word: `text[start, end)`, and for a simple one its folded hash and length. */
export interface WordAt {
  start: number;
  end: number;
  /** Where the next word may start: `end`, or inside a pair of ideographs (they overlap). */
  next: number;
  /** Each unit folds on its own (see foldTable); else the word must be folded whole (foldWord). */
  simple: boolean;
  /** hashWord and hashWord2 of the folded form (simple words only). */
  hash: number;
  hash2: number;
  foldedLength: number;
}

/**
 * Finds the next word of `text[from, to)` without cutting it out, into `at`; false when there is
 * none. Letters only (a word with a digit in it, such as `h264` or `2024`, is skipped); apostrophes
 * and hyphens split words. Chinese, Japanese, Thai, Lao, Khmer and Burmese put no spaces between
 * words, so a run of their characters is read as overlapping pairs (猫が好き: 猫が, が好, 好き), as search
 * engines read it, and a lone Han character as itself; a run as one word would be a whole sentence,
 * matching nothing. The one definition of a word, for the index and forEachWord alike; a loop calling
 * it (not a callback per word) lets the index's lookup run in the same optimized code.
 */
export function nextWord(text: string, from: number, to: number, at: WordAt): boolean {
  let i = from;
  while (i < to) {
    let code = text.charCodeAt(i);
    if (code >= 128 && classOf(code) === CharClass.Unspaced) {
      const pair = i + 1 < to && classOf(text.charCodeAt(i + 1)) === CharClass.Unspaced;
      // The last of a run is in the pair before it; of lone ones only Han is a word (a kana is a particle: は, を).
      if (!pair && ((i > 0 && classOf(text.charCodeAt(i - 1)) === CharClass.Unspaced) || !isHan(code))) {
        i++;
        continue;
      }
      let h = Math.imul(FNV_OFFSET ^ code, FNV_PRIME);
      let h2 = (Math.imul(DJB_OFFSET, 33) + code) | 0;
      // Both as written (foldOf fills their entries for foldSimple).
      foldOf(code);
      if (pair) {
        const second = text.charCodeAt(i + 1);
        foldOf(second);
        h = Math.imul(h ^ second, FNV_PRIME);
        h2 = (Math.imul(h2, 33) + second) | 0;
      }
      at.start = i;
      at.end = i + (pair ? 2 : 1);
      at.next = i + 1;
      at.simple = true;
      at.hash = h;
      at.hash2 = h2;
      at.foldedLength = at.end - i;
      return true;
    }
    if (code < 128 ? (code | 0x20) < 97 || (code | 0x20) > 122 : classOf(code) !== CharClass.Letter) {
      i++;
      continue;
    }
    const start = i;
    let simple = true;
    let digit = false;
    let h = FNV_OFFSET;
    let h2 = DJB_OFFSET;
    let folded = 0;
    for (; i < to; i++) {
      code = text.charCodeAt(i);
      if (code < 128) {
        const lower = code | 0x20;
        if (lower >= 97 && lower <= 122) {
          h = Math.imul(h ^ lower, FNV_PRIME);
          h2 = (Math.imul(h2, 33) + lower) | 0;
          folded++;
          continue;
        }
        if (code >= 48 && code <= 57) {
          digit = true;
          continue;
        }
        break;
      }
      const c = classOf(code);
      if (c !== CharClass.Letter && c !== CharClass.Mark) break;
      if (!simple) continue;
      const f = foldOf(code);
      if (f === FOLD_DROP) continue;
      if (f === FOLD_COMPLEX) simple = false;
      else {
        h = Math.imul(h ^ f, FNV_PRIME);
        h2 = (Math.imul(h2, 33) + f) | 0;
        folded++;
      }
    }
    const len = i - start;
    if (digit || len < MIN_WORD || len > MAX_WORD) continue;
    at.start = start;
    at.end = at.next = i;
    at.simple = simple;
    at.hash = h;
    at.hash2 = h2;
    at.foldedLength = folded;
    return true;
  }
  at.end = at.next = to;
  return false;
}

/**
 * A pair nextWord read from an unspaced run that is more often a piece of a word (ソフ, フト of ソフトウェア;
 * ภา of ภาษา) than a word: any pair but two Han characters (企業).
 */
function isPieceOfWord(word: string): boolean {
  return word.length === 2 && classOf(word.charCodeAt(0)) === CharClass.Unspaced && classOf(word.charCodeAt(1)) === CharClass.Unspaced && !(isHan(word.charCodeAt(0)) && isHan(word.charCodeAt(1)));
}

const newWordAt = (): WordAt => ({ start: 0, end: 0, next: 0, simple: true, hash: 0, hash2: 0, foldedLength: 0 });

/** The folded form of a simple word (see nextWord), unit by unit. */
function foldSimple(text: string, start: number, end: number): string {
  let out = '';
  for (let j = start; j < end; j++) {
    const c = text.charCodeAt(j);
    const f = c < 128 ? c | 0x20 : foldTable[c];
    if (f !== FOLD_DROP) out += String.fromCharCode(f);
  }
  return out;
}

/**
 * Calls `emit` with each word of `text`, folded. Letters only (a word with a digit in it, such as
 * `h264` or `2024`, is skipped); apostrophes and hyphens split words.
 */
export function forEachWord(text: string, emit: (word: string) => void): void {
  const at = newWordAt();
  for (let from = 0; nextWord(text, from, text.length, at); from = at.next) emit(at.simple ? foldSimple(text, at.start, at.end) : foldWord(text.slice(at.start, at.end)));
}

const FENCED_CODE = /^[ \t]*(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]*\1[`~]*[ \t]*$|(?![\s\S]))/gm;
/** Shortcodes whose inner text is code: the opening tag; the closing one is `{{< /name >}}`. */
const CODE_SHORTCODE_OPEN = /\{\{[<%]\s*(highlight|code|codeblock|gist)\b/g;
const CODE_SHORTCODE_CLOSE = (name: string) => new RegExp(`\\{\\{[<%]\\s*\\/\\s*${name}\\s*[%>]\\}\\}`, 'g');
const LIQUID_CODE_OPEN = /\{%-?\s*(highlight|raw)\b/g;
const LIQUID_CODE_CLOSE = (name: string) => new RegExp(`\\{%-?\\s*end${name}\\s*-?%\\}`, 'g');
const URL_AT = /\b(?:https?|ftp|mailto):[^\s)>\]"']*/y;
const ENTITY_AT = /&#?\w+;/y;

/**
 * The next match of a global regex at or after `from`, remembered per regex: a search that found
 * nothing (or found a match at q) answers every later search from between `from` and q too. So
 * markup that is opened thousands of times and never closed is searched for once, not once per
 * opening (which made this quadratic: 0.2 MB of unclosed `{{<` took a second, 0.5 MB of unclosed
 * `{{< highlight >}}` four).
 */
class NextMatch {
  private readonly memo = new Map<RegExp, { from: number; at: number; end: number }>();
  constructor(private readonly text: string) {}
  find(re: RegExp, from: number): { at: number; end: number } | undefined {
    let m = this.memo.get(re);
    if (!m || from < m.from || (m.at >= 0 && from > m.at)) {
      re.lastIndex = from;
      const found = re.exec(this.text);
      m = { from, at: found ? found.index : -1, end: found ? found.index + found[0].length : -1 };
      this.memo.set(re, m);
    }
    return m.at >= 0 ? { at: m.at, end: m.end } : undefined;
  }
}

/**
 * Removes (replaces by one space) each region that starts at an opening found by `open` and ends
 * with the first closing (of the same name, `close(name)`) after it; an opening never closed is left.
 * The same as `/open[\s\S]*?close\1/g`, in linear time.
 */
function stripPaired(text: string, open: RegExp, close: (name: string) => RegExp): string {
  const next = new NextMatch(text);
  const closers = new Map<string, RegExp>();
  const out: string[] = [];
  let last = 0;
  open.lastIndex = 0;
  for (let m = open.exec(text); m; m = open.exec(text)) {
    const name = m[1];
    let re = closers.get(name);
    if (!re) closers.set(name, (re = close(name)));
    const closing = next.find(re, m.index + m[0].length);
    if (!closing) {
      open.lastIndex = m.index + 1;
      continue;
    }
    out.push(text.slice(last, m.index), ' ');
    last = open.lastIndex = closing.end;
  }
  if (!out.length) return text;
  out.push(text.slice(last));
  return out.join('');
}

/** The closings markupRegions looks for (indexes into its memo). */
const CLOSINGS = ['`', '\n', ')', '>', '%}}', '>}}', '%}', '}}', '-->', '$$'] as const;
const [TICK, EOL, PAREN, GT, PERCENT_BRACES, GT_BRACES, PERCENT_BRACE, BRACES, COMMENT_END, MATH] = CLOSINGS.map((_, i) => i);

/**
 * Finds each piece of inline markup, pushing its `[start, end)` onto `out` in order (stripMarkup
 * replaces each by one space; the index reads the words between them in place): inline code, shortcode and Liquid tags,
 * `{{ … }}`, URLs, link targets, HTML tags and comments, entities and `$$ … $$` math. The same as
 * the regex alternation it replaced (`/`[^`\n]*`|\{\{[<%][\s\S]*?[%>]\}\}|\{%[\s\S]*?%\}|…/g`, tried
 * in that order at each position), in linear time: where the regex searched ahead for the closing
 * at every opening, the next position of each closing is remembered as in NextMatch, so thousands of
 * openings never closed (or long lines of `<x` without `>`) cost one search of each kind, not one each.
 */
function markupRegions(text: string, out: number[]): void {
  const memoFrom = CLOSINGS.map(() => Infinity);
  const memoAt = CLOSINGS.map(() => -1);
  /** The first position of closing k at or after `from`, or -1. */
  const find = (k: number, from: number): number => {
    const at = memoAt[k];
    if (from >= memoFrom[k] && (at < 0 || from <= at)) return at;
    memoFrom[k] = from;
    return (memoAt[k] = text.indexOf(CLOSINGS[k], from));
  };
  /** The end of closing k after `from`, or -1. */
  const endOf = (k: number, from: number): number => {
    const at = find(k, from);
    return at < 0 ? -1 : at + CLOSINGS[k].length;
  };
  /** The end of `[^c\n]*c` (c the one-character closing k) from `from`, or -1. */
  const onLine = (k: number, from: number): number => {
    const at = find(k, from);
    if (at < 0) return -1;
    const eol = find(EOL, from);
    return eol >= 0 && eol < at ? -1 : at + 1;
  };
  /** The end of the markup starting at p (character code c), or -1. */
  const markupAt = (p: number, c: number): number => {
    switch (c) {
      case 96: // `
        return onLine(TICK, p + 1);
      case 123: {
        // {
        const d = text.charCodeAt(p + 1);
        const e = text.charCodeAt(p + 2);
        if (d === 123 && (e === 60 || e === 37)) {
          const a = find(PERCENT_BRACES, p + 3);
          const b = find(GT_BRACES, p + 3);
          const at = a < 0 ? b : b < 0 ? a : Math.min(a, b);
          if (at >= 0) return at + 3;
        }
        if (d === 37) return endOf(PERCENT_BRACE, p + 2);
        if (d === 123) return endOf(BRACES, p + 2);
        return -1;
      }
      case 93: // ]
        return text.charCodeAt(p + 1) === 40 ? onLine(PAREN, p + 2) : -1;
      case 60: {
        // <
        if (text.startsWith('!--', p + 1)) {
          const end = endOf(COMMENT_END, p + 4);
          if (end >= 0) return end;
        }
        const d = text.charCodeAt(p + 1);
        const tagStart = (d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 47 || d === 33;
        return tagStart ? onLine(GT, p + 2) : -1;
      }
      case 38: // &
        ENTITY_AT.lastIndex = p;
        return ENTITY_AT.test(text) ? ENTITY_AT.lastIndex : -1;
      case 36: // $
        return text.charCodeAt(p + 1) === 36 ? endOf(MATH, p + 2) : -1;
      case 104: // h, f, m: a URL (the start regex saw it)
      case 102:
      case 109:
        URL_AT.lastIndex = p;
        return URL_AT.test(text) ? URL_AT.lastIndex : -1;
      default:
        return -1;
    }
  };
  // The native regex search skips the prose between the places markup may start.
  const start = /[`{\]<&$]|\b(?:https?|ftp|mailto):/g;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const p = m.index;
    const end = markupAt(p, text.charCodeAt(p));
    if (end < 0) {
      start.lastIndex = p + 1;
      continue;
    }
    out.push(p, end);
    start.lastIndex = end;
  }
}

/** `text` with each piece of inline markup (markupRegions) replaced by one space. */
function stripMarkup(text: string): string {
  const regions: number[] = [];
  markupRegions(text, regions);
  if (!regions.length) return text;
  let out = '';
  let last = 0;
  for (let k = 0; k < regions.length; k += 2) {
    out += text.slice(last, regions[k]) + ' ';
    last = regions[k + 1];
  }
  return out + text.slice(last);
}

/** The prose of a Markdown body: code, shortcode and Liquid markup, HTML tags, URLs and link targets removed. */
export function proseOf(body: string): string {
  return stripMarkup(withoutCode(body));
}

/** A Markdown body without its code blocks and code shortcodes (the first step of proseOf). */
function withoutCode(body: string): string {
  let text = body;
  if (text.includes('```') || text.includes('~~~')) text = text.replace(FENCED_CODE, '\n');
  if (text.includes('{{')) text = stripPaired(text, CODE_SHORTCODE_OPEN, CODE_SHORTCODE_CLOSE);
  if (text.includes('{%')) text = stripPaired(text, LIQUID_CODE_OPEN, LIQUID_CODE_CLOSE);
  return text;
}

/** The weighted word counts of a post: title, description and body. */
export function countWords(title: string, description: string, body: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (weight: number) => (w: string) => counts.set(w, (counts.get(w) ?? 0) + weight);
  forEachWord(title, add(TITLE_WEIGHT));
  if (description) forEachWord(description, add(DESCRIPTION_WEIGHT));
  forEachWord(proseOf(body), add(1));
  return counts;
}

function descriptionOf(data: Record<string, unknown>): string {
  for (const key of ['description', 'Description', 'summary', 'Summary']) {
    const v = data[key];
    if (typeof v === 'string') return v;
  }
  return '';
}

// ------------------------------------------------------------------ index

/**
 * A posting: one post using a word, `ordinal << TF_BITS | count` (the count capped: BM25 hardly
 * tells 63 mentions from more: at most 2% of the weight). Postings live in one pool of fixed-size pages of Int32 (no object
 * per word or per post): each word's are a chain of blocks `[next, capacity, postings…]`, each
 * block twice the last (up to MAX_BLOCK), ordinals ascending along the chain.
 */
const TF_BITS = 6;
const TF_MAX = (1 << TF_BITS) - 1;
const posted = (ordinal: number, tf: number) => (ordinal << TF_BITS) | Math.min(TF_MAX, Math.max(1, Math.round(tf)));
const PAGE_BITS = 16;
const PAGE_SIZE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_SIZE - 1;
const FIRST_BLOCK = 2;
const MAX_BLOCK = 1024;
const NONE = -1;
/** The HEAD of a common word (no postings; a count per post in `common`). */
const COMMON = -2;
/**
 * Once the words of every post are in (seal), each word's postings move from the pages into one
 * run in `sealed` (no block headers, no room left in blocks): each posting a varint of
 * `gap << 1 | hasCount` (gap: from the previous posting's ordinal, the first's from -1), then its
 * count in a byte when it is not 1 (most are 1): under 2 bytes a posting on real blogs, against 4
 * in the pages. Postings added later (edits, new posts) start a chain in the pages again, after
 * the run (their ordinals are higher). Every SKIP_EVERY-th posting of a run is also in `skips`
 * (where it starts, the ordinal before it): a lookup decodes at most that many.
 */
const SKIP_SHIFT = 6;
const SKIP_EVERY = 1 << SKIP_SHIFT;

/**
 * Calls `visit` with each posting (`ordinal << TF_BITS | count`) of the `count` postings of a run
 * from byte `from` (`before`: the ordinal of the posting before them), until it returns true.
 */
function eachSealed(sealed: Uint8Array, from: number, count: number, visit: (value: number) => boolean | void, before = -1): void {
  let k = from;
  let o = before;
  for (let n = 0; n < count; n++) {
    let b = sealed[k++];
    let x = b & 127;
    for (let shift = 7; b & 128; shift += 7) x |= ((b = sealed[k++]) & 127) << shift;
    o += x >>> 1;
    if (visit((o << TF_BITS) | (x & 1 ? sealed[k++] : 1)) === true) return;
  }
}

/** Bytes a posting takes in a run, `gap` after the one before it. */
function sealedBytes(gap: number, count: number): number {
  const x = gap * 2 + (count === 1 ? 0 : 1);
  return (x < 0x80 ? 1 : x < 0x4000 ? 2 : x < 0x200000 ? 3 : 4) + (count === 1 ? 0 : 1);
}

/** Writes a posting at byte `k` of a run; where the next one goes. */
function writeSealed(out: Uint8Array, k: number, gap: number, count: number): number {
  let x = gap * 2 + (count === 1 ? 0 : 1);
  while (x >= 0x80) {
    out[k++] = (x & 127) | 128;
    x >>>= 7;
  }
  out[k++] = x;
  if (count !== 1) out[k++] = count;
  return k;
}

/** A sliced seal yields after about this long. */
const SEAL_SLICE_MS = 8;

/** A rewrite of every word's postings under way (TextIndex.startRebuild): the next word, postings written so far. */
interface RebuildJob {
  renumber: Int32Array | undefined;
  out: Uint8Array;
  oldPages: Int32Array[];
  oldSealed: Uint8Array;
  skips: Int32Array;
  id: number;
  written: number;
  skipsWritten: number;
}
/**
 * A slot of the word table: four Int32, what reading a post's words needs, found by one probe:
 * hashWord, hashWord2, term id + 1 (0: a free slot) and its weighted count in the post being read
 * (0 between posts). Kept apart from the term's other fields (below, by id): the table is sparse
 * (at most 70% full) and on multilingual sites holds 100,000s of words, so a small slot is both
 * less memory and more slots per cache line.
 */
const SLOT = 4;
const HASH = 0;
const HASH2 = 1;
const ID = 2;
const COUNT = 3;
/**
 * A term's fields by id (TERM Int32 each, see termAt): how many live posts use it (DF), the address
 * of its first and last posting block (HEAD, TAIL; NONE: none, COMMON: a common word, see
 * `common`), and FILL: how full the last block is (the low 16 bits, USED_MASK) and its capacity
 * (above them; also in the block, but storing a posting then reads no block header).
 */
const TERM = 4;
const DF = 0;
const HEAD = 1;
const TAIL = 2;
const FILL = 3;
const USED_MASK = 0xffff;
const CAP_SHIFT = 16;


export class TextIndex {
  /** Term id → its folded word. */
  private readonly words: string[] = [];
  /** Term id → its slot in `slots`. */
  private slotOf = new Int32Array(256);
  /** Open addressing over the words, a word's fields in its slot (see SLOT). Kept at most 70% full. */
  private slots = new Int32Array(SLOT * 256);
  /** By term id, its fields (see TERM). */
  private terms = new Int32Array(TERM * 256);
  private pages: Int32Array[] = [];
  /** Sealed postings, one run per word (see SKIP_EVERY). */
  private sealed: Uint8Array = new Uint8Array(0);
  /** By term id: where its sealed run starts (a byte offset), how many postings it holds and where its first skip is. */
  private sealedAt = new Int32Array(256);
  private sealedCount = new Int32Array(256);
  private skipAt = new Int32Array(256);
  /** Pairs: the byte offset of a run's posting k·SKIP_EVERY (k ≥ 1) and the ordinal of the posting before it. */
  private skips: Int32Array = new Int32Array(0);
  /** Where the next block goes in the last page. */
  private pageFree = PAGE_SIZE;
  /**
   * Words in well over half the posts (once there are enough): no postings (they are never searched
   * by), only their count per post by ordinal, one byte each; turned back into postings should the
   * word become telling again.
   */
  private readonly common = new Map<number, Uint8Array>();
  /** By ordinal: the post's path, undefined once replaced or removed. */
  private paths: (string | undefined)[] = [];
  /** By ordinal: the post's weighted length, -1 once replaced or removed (read by the scoring loop). */
  private lengths = new Float64Array(1024);
  private readonly byPath = new Map<string, number>();
  private dead = 0;
  private totalLength = 0;
  private readonly pending = new Map<string, { entry: PostEntry; text: string }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private version = 0;
  /** Scores by ordinal during one query (zeroed after). */
  private scores = new Float64Array(0);
  /** The last post vector read back from the postings (a request reads the same post again and again). */
  private lastVector: { ordinal: number; version: number; vector: TermVector } | undefined;

  /** Off: nothing is indexed (suggestions ranked by use only need no text). */
  constructor(readonly enabled = true) {}

  /** Bumped whenever what is indexed changes. */
  get generation(): number {
    return this.version;
  }

  get size(): number {
    return this.byPath.size;
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  /** Edits waiting to be indexed. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Whether every post read is in (queued edits aside): false while the language server's build
   * fills the index after everything else is ready (BlogIndex.build's phase 3).
   */
  get isReady(): boolean {
    return this.filling === 0;
  }

  whenReady(): Promise<void> {
    return this.isReady ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** A fill starts (see isReady); each beginFill is matched by one endFill. */
  beginFill(): void {
    this.filling++;
  }

  /** A fill ends: once none runs, the postings are sealed (see SKIP_EVERY) and waiters resume. */
  endFill(): void {
    if (--this.filling > 0) return;
    this.filling++;
    void this.seal(true).finally(() => {
      if (--this.filling > 0) return;
      const waiters = this.readyWaiters.splice(0);
      for (const resolve of waiters) resolve();
    });
  }

  private filling = 0;
  private readonly readyWaiters: (() => void)[] = [];

  /** Indexes a post now. */
  add(entry: PostEntry, text: string): void {
    if (!this.enabled) return;
    this.pending.delete(entry.path);
    this.put(entry, text);
  }

  /** Indexes a post after a pause (an edit): the request that follows answers from the previous text meanwhile. */
  schedule(entry: PostEntry, text: string): void {
    if (!this.enabled) return;
    this.pending.set(entry.path, { entry, text });
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), TEXT_UPDATE_DELAY_MS);
    this.timer.unref?.();
  }

  /** Applies every queued edit now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const queued = [...this.pending.values()];
    this.pending.clear();
    for (const { entry, text } of queued) this.put(entry, text);
  }

  remove(path: string): void {
    this.pending.delete(path);
    const o = this.byPath.get(path);
    if (o === undefined) return;
    this.byPath.delete(path);
    this.retire(o);
    this.version++;
    this.maybeCompact();
  }

  /** The words of a post as it would be indexed (for a query from unsaved or altered text). */
  vectorOf(entry: Pick<PostEntry, 'title' | 'data'>, text: string): TermVector {
    const n = this.countPost(entry, text, false);
    const ids = this.postIds;
    const counts = this.postCounts;
    const order = Uint32Array.from({ length: n }, (_, k) => k).sort((a, b) => ids[a] - ids[b]);
    return { ids: Uint32Array.from(order, (k) => ids[k]), tf: Float32Array.from(order, (k) => counts[k]), length: this.counted };
  }

  /**
   * Counts a post's words (title, description, body prose) straight into term ids, in the order
   * first met: at most MAX_TERMS_PER_POST of them, the most said kept. Into postIds, touched (their
   * slots) and postCounts, reused from post to post; returns how many, the weighted number of words in `counted`.
   */
  private countPost(entry: Pick<PostEntry, 'title' | 'data'>, text: string, grow: boolean): number {
    const bodyStart = findFrontMatterBlock(text)?.bodyStart ?? 0;
    this.touchedCount = 0;
    this.counted = 0;
    this.countText(entry.title, 0, entry.title.length, TITLE_WEIGHT, grow);
    const description = descriptionOf(entry.data);
    if (description) this.countText(description, 0, description.length, DESCRIPTION_WEIGHT, grow);
    // proseOf's words without building its string: the words between the markup, read in place.
    const prose = withoutCode(text.slice(bodyStart));
    const regions = this.regions;
    regions.length = 0;
    markupRegions(prose, regions);
    let from = 0;
    for (let k = 0; k < regions.length; k += 2) {
      this.countText(prose, from, regions[k], 1, grow);
      from = regions[k + 1];
    }
    this.countText(prose, from, prose.length, 1, grow);
    const slots = this.slots;
    const touched = this.touched;
    const n = this.touchedCount;
    if (this.postIds.length < n) {
      this.postIds = new Int32Array(touched.length);
      this.postCounts = new Int32Array(touched.length);
    }
    const ids = this.postIds;
    const counts = this.postCounts;
    for (let k = 0; k < n; k++) {
      const t = SLOT * touched[k];
      ids[k] = slots[t + ID] - 1;
      counts[k] = slots[t + COUNT];
      slots[t + COUNT] = 0;
    }
    return this.capTerms(n);
  }


  /**
   * Keeps the post's MAX_TERMS_PER_POST most said words; among words said as often, the first met.
   * The weights are whole numbers (a mention counts 1, 2 or 3), so one count per weight finds the
   * cut without sorting the words (the sort cost as much as storing the postings).
   */
  private capTerms(n: number): number {
    if (n <= MAX_TERMS_PER_POST) return n;
    const ids = this.postIds;
    const slots = this.touched;
    const counts = this.postCounts;
    const top = MAX_WEIGHT_COUNTED;
    const byWeight = this.byWeight.fill(0);
    for (let k = 0; k < n; k++) byWeight[Math.min(top, counts[k])]++;
    let cut = top;
    let above = 0;
    while (above + byWeight[cut] <= MAX_TERMS_PER_POST) above += byWeight[cut--];
    let room = MAX_TERMS_PER_POST - above;
    // Kept in place, in order (a word moves only to an earlier place).
    let kept = 0;
    for (let k = 0; k < n; k++) {
      const w = Math.min(top, counts[k]);
      if (w > cut || (w === cut && room-- > 0)) {
        ids[kept] = ids[k];
        slots[kept] = slots[k];
        counts[kept++] = counts[k];
      }
    }
    return kept;
  }

  /** The slots of the words countText counted (the first touchedCount), and the weighted number of words read. */
  private touched = new Int32Array(1024);
  private touchedCount = 0;
  private counted = 0;
  /** A post's counted words by term id and weighted count (see countPost). */
  private postIds = new Int32Array(1024);
  private postCounts = new Int32Array(1024);
  /** capTerms' count of words per weight (reused). */
  private readonly byWeight = new Uint32Array(MAX_WEIGHT_COUNTED + 1);
  private readonly wordAt = newWordAt();
  /** markupRegions of the post being read (reused). */
  private readonly regions: number[] = [];

  /**
   * Counts the words of `text[start, end)` (nextWord's) into their slots with `weight`, each found by hash without
   * cutting it out; a query's words that no post uses cannot match and get no id unless `grow`.
   */
  private countText(text: string, start: number, end: number, weight: number, grow: boolean): void {
    const at = this.wordAt;
    for (let from = start; nextWord(text, from, end, at); from = at.next) {
      this.counted += weight;
      let h = at.hash;
      let h2 = at.hash2;
      let word: string | undefined;
      if (!at.simple) {
        word = foldWord(text.slice(at.start, at.end));
        h = hashWord(word);
        h2 = hashWord2(word);
      }
      const slots = this.slots;
      const mask = slots.length / SLOT - 1;
      let i = h & mask;
      for (; ; i = (i + 1) & mask) {
        const v = slots[SLOT * i + ID];
        if (v === 0 || (slots[SLOT * i + HASH] === h && slots[SLOT * i + HASH2] === h2)) break;
      }
      if (slots[SLOT * i + ID] === 0) {
        if (!grow) continue;
        i = this.insert(word ?? foldSimple(text, at.start, at.end), h, h2, i);
      }
      const c = this.slots[SLOT * i + COUNT];
      if (c === 0) {
        if (this.touchedCount === this.touched.length) {
          const bigger = new Int32Array(this.touched.length * 2);
          bigger.set(this.touched);
          this.touched = bigger;
        }
        this.touched[this.touchedCount++] = i;
      }
      this.slots[SLOT * i + COUNT] = c + weight;
    }
  }

  /** A new term at free slot `i` (where the lookup stopped); its slot (which moves when the table grows). */
  private insert(word: string, hash: number, hash2: number, i: number): number {
    const id = this.words.length;
    this.words.push(word);
    if (id >= this.slotOf.length) {
      const grow = (a: Int32Array) => {
        const bigger = new Int32Array(a.length * 2);
        bigger.set(a);
        return bigger;
      };
      this.slotOf = grow(this.slotOf);
      this.sealedAt = grow(this.sealedAt);
      this.sealedCount = grow(this.sealedCount);
      this.skipAt = grow(this.skipAt);
      this.terms = grow(this.terms);
    }
    const t = SLOT * i;
    this.slots[t + HASH] = hash;
    this.slots[t + HASH2] = hash2;
    this.slots[t + ID] = id + 1;
    this.terms[TERM * id + HEAD] = this.terms[TERM * id + TAIL] = NONE;
    this.slotOf[id] = i;
    if (10 * this.words.length <= 7 * (this.slots.length / SLOT)) return i;
    // Twice the slots (words moved in id order); the counts of the post being read move with their words.
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length / SLOT - 1;
    const moved = new Int32Array(old.length / SLOT);
    for (let w = 0; w < this.words.length; w++) {
      const from = this.slotOf[w];
      let j = old[SLOT * from + HASH] & mask;
      while (slots[SLOT * j + ID] !== 0) j = (j + 1) & mask;
      for (let f = 0; f < SLOT; f++) slots[SLOT * j + f] = old[SLOT * from + f];
      this.slotOf[w] = j;
      moved[from] = j;
    }
    for (let k = 0; k < this.touchedCount; k++) this.touched[k] = moved[this.touched[k]];
    this.slots = slots;
    return this.slotOf[id];
  }

  /** The indexed words of a post; an edit not indexed yet is read from its queued text. */
  vectorFor(path: string): TermVector | undefined {
    const queued = this.pending.get(path);
    if (queued) return this.vectorOf(queued.entry, queued.text);
    const o = this.byPath.get(path);
    if (o === undefined) return undefined;
    const last = this.lastVector;
    if (last && last.ordinal === o && last.version === this.version) return last.vector;
    const vector = this.readBack(o);
    this.lastVector = { ordinal: o, version: this.version, vector };
    return vector;
  }

  word(id: number): string {
    return this.words[id];
  }

  docFrequency(id: number): number {
    return id < this.words.length ? this.terms[this.termAt(id) + DF] : 0;
  }

  /** Inverse document frequency (BM25's, never negative); 0 for words too common to tell posts apart. */
  idf(id: number): number {
    const n = this.byPath.size;
    const df = this.docFrequency(id);
    if (df === 0) return 0;
    if (n >= MIN_POSTS_FOR_SHARE && df > n * MAX_DOC_SHARE) return 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Whether most posts use the word (dropped from matching). */
  isCommon(id: number): boolean {
    const n = this.byPath.size;
    return n >= MIN_POSTS_FOR_SHARE && this.docFrequency(id) > n * MAX_DOC_SHARE;
  }

  /** The query for a post: its most telling words that at least one other post shares. */
  query(vector: TermVector, self: string | undefined, terms = QUERY_TERMS): TextQuery {
    const selfOrdinal = self === undefined ? undefined : this.byPath.get(self);
    const scored: { id: number; w: number }[] = [];
    for (let k = 0; k < vector.ids.length; k++) {
      const id = vector.ids[k];
      const df = this.docFrequency(id);
      if (df === 0) continue;
      const idf = this.idf(id);
      if (idf <= 0) continue;
      // Shared with nobody else: cannot find anything.
      if (df === 1 && selfOrdinal !== undefined && this.countIn(id, selfOrdinal) > 0) continue;
      if (this.terms[this.termAt(id) + HEAD] === COMMON) this.restorePostings(id);
      const tf = vector.tf[k];
      scored.push({ id, w: ((tf * (K1 + 1)) / (tf + K1)) * idf });
    }
    scored.sort((a, b) => b.w - a.w);
    const top = scored.slice(0, terms);
    return { ids: top.map((t) => t.id), weights: top.map((t) => t.w), self };
  }

  /** Posts ranked by BM25 against the query, best first (at most `limit`). */
  similar(query: TextQuery, limit: number, accept?: (path: string) => boolean): SimilarPost[] {
    const n = this.byPath.size;
    if (!n || !query.ids.length) return [];
    const avg = this.totalLength / n || 1;
    // One score table, reused: a Map per request costs more than the scoring itself at 20,000 posts.
    if (this.scores.length < this.paths.length) this.scores = new Float64Array(Math.max(this.paths.length, this.scores.length * 2));
    const scores = this.scores;
    const lengths = this.lengths;
    const pages = this.pages;
    const terms = this.terms;
    const touched: number[] = [];
    const selfOrdinal = query.self === undefined ? -1 : (this.byPath.get(query.self) ?? -1);
    const lengthNorm = K1 * (1 - B);
    const lengthScale = (K1 * B) / avg;
    /** The query weight of the word whose postings are being scored. */
    let w = 0;
    /** Adds one posting's BM25 share to its post's score. */
    const score = (v: number) => {
      const o = v >>> TF_BITS;
      const len = lengths[o];
      if (len < 0 || o === selfOrdinal) return;
      const f = v & TF_MAX;
      if (scores[o] === 0) touched.push(o);
      scores[o] += (w * f) / (f + lengthNorm + lengthScale * len);
    };
    let visited = 0;
    for (let q = 0; q < query.ids.length && visited < POSTINGS_BUDGET; q++) {
      const id = query.ids[q];
      w = query.weights[q] * (K1 + 1);
      const t = this.termAt(id);
      const run = this.sealedCount[id];
      visited += run;
      if (run > 0) eachSealed(this.sealed, this.sealedAt[id], run, score);
      for (let block = terms[t + HEAD]; block >= 0; ) {
        const page = pages[block >>> PAGE_BITS];
        const at = block & PAGE_MASK;
        const next = page[at];
        const end = at + 2 + (next === NONE ? terms[t + FILL] & USED_MASK : page[at + 1]);
        visited += end - at - 2;
        for (let k = at + 2; k < end; k++) score(page[k]);
        block = next;
      }
    }
    // Best first (a numeric sort), then `accept` asked only until `limit` posts pass: not once per
    // post touched (thousands on a large blog).
    const order = Float64Array.from(touched, (o) => -scores[o]);
    const byScore = Uint32Array.from(touched.keys()).sort((a, b) => order[a] - order[b]);
    const best: SimilarPost[] = [];
    let cut = Infinity;
    for (let k = 0; k < byScore.length; k++) {
      const o = touched[byScore[k]];
      const score = scores[o];
      // Past the limit, only ties with the last one taken can still come in (ordered by path below).
      if (best.length >= limit && score < cut) break;
      const path = this.paths[o]!;
      if (query.self !== undefined && path === query.self) continue;
      if (accept && !accept(path)) continue;
      best.push({ path, score });
      if (best.length === limit) cut = score;
    }
    for (const o of touched) scores[o] = 0;
    best.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1));
    return best.slice(0, limit);
  }

  /**
   * The query's words that a post uses, most telling first: the "why" of a suggestion. Pairs from
   * unspaced text match but are not shown when they are mostly pieces of words (isPieceOfWord).
   */
  sharedWords(query: TextQuery, path: string, max = 5): string[] {
    const o = this.byPath.get(path);
    if (o === undefined) return [];
    const out: string[] = [];
    for (let q = 0; q < query.ids.length && out.length < max; q++) {
      const word = this.words[query.ids[q]];
      if (!isPieceOfWord(word) && this.countIn(query.ids[q], o) > 0) out.push(word);
    }
    return out;
  }

  /** Approximate bytes held (for the bench and tests). */
  get approximateBytes(): number {
    let common = 0;
    for (const row of this.common.values()) common += row.length;
    const pool = this.pages.length ? (this.pages.length - 1) * PAGE_SIZE + this.pageFree : 0;
    return pool * 4 + this.sealed.length + this.skips.length * 4 + this.sealedAt.length * 12 + common + this.paths.length * 16 + this.words.length * (64 + 4) + this.slots.length * 4 + this.terms.length * 4;
  }

  // ---------------------------------------------------------------- internals

  private put(entry: PostEntry, text: string): void {
    this.finishSeal();
    const old = this.byPath.get(entry.path);
    if (old !== undefined) {
      this.byPath.delete(entry.path);
      this.retire(old);
    }
    if (!entry.isSection) {
      const count = this.countPost(entry, text, true);
      const length = this.counted;
      const ids = this.postIds;
      const counts = this.postCounts;
      const terms = this.terms;
      const o = this.paths.length;
      this.paths.push(entry.path);
      this.setLength(o, length);
      this.byPath.set(entry.path, o);
      this.totalLength += length;
      const n = this.byPath.size;
      const commonAbove = n >= COMMON_AFTER_POSTS ? n * COMMON_SHARE : Infinity;
      for (let k = 0; k < count; k++) {
        const id = ids[k];
        const t = TERM * id;
        const tf = counts[k];
        const df = ++terms[t + DF];
        let row = terms[t + HEAD] === COMMON ? this.common.get(id) : undefined;
        if (!row && df > commonAbove) row = this.makeCommon(id);
        if (row) {
          if (o >= row.length) {
            const bigger = new Uint8Array(Math.max(o + 1, row.length * 2));
            bigger.set(row);
            this.common.set(id, (row = bigger));
          }
          row[o] = posted(0, tf);
        } else this.append(t, posted(o, tf));
      }
    }
    this.version++;
    this.maybeCompact();
  }

  /** Where a term's fields start in `terms`. */
  private termAt(id: number): number {
    return TERM * id;
  }

  /** Adds a posting at the end of the chain of the word whose fields start at `t` (termAt). */
  private append(t: number, value: number): void {
    const terms = this.terms;
    const last = terms[t + TAIL];
    let capacity = FIRST_BLOCK;
    if (last !== NONE) {
      const fill = terms[t + FILL];
      const used = fill & USED_MASK;
      const room = fill >>> CAP_SHIFT;
      if (used < room) {
        this.pages[last >>> PAGE_BITS][(last & PAGE_MASK) + 2 + used] = value;
        terms[t + FILL] = fill + 1;
        return;
      }
      capacity = Math.min(MAX_BLOCK, room * 2);
    }
    if (this.pageFree + 2 + capacity > PAGE_SIZE) {
      this.pages.push(new Int32Array(PAGE_SIZE));
      this.pageFree = 0;
    }
    const block = ((this.pages.length - 1) << PAGE_BITS) | this.pageFree;
    const page = this.pages[this.pages.length - 1];
    page[this.pageFree] = NONE;
    page[this.pageFree + 1] = capacity;
    page[this.pageFree + 2] = value;
    this.pageFree += 2 + capacity;
    if (last === NONE) terms[t + HEAD] = block;
    else this.pages[last >>> PAGE_BITS][last & PAGE_MASK] = block;
    terms[t + TAIL] = block;
    terms[t + FILL] = (capacity << CAP_SHIFT) | 1;
  }

  /** Calls `visit` with each posting of a word, in order (dead posts included). */
  private eachPosting(id: number, visit: (value: number) => void): void {
    eachSealed(this.sealed, this.sealedAt[id], this.sealedCount[id], visit);
    const t = this.termAt(id);
    for (let block = this.terms[t + HEAD]; block >= 0; ) {
      const page = this.pages[block >>> PAGE_BITS];
      const at = block & PAGE_MASK;
      const next = page[at];
      const end = at + 2 + (next === NONE ? this.terms[t + FILL] & USED_MASK : page[at + 1]);
      for (let k = at + 2; k < end; k++) visit(page[k]);
      block = next;
    }
  }

  /** How many times (weighted, capped) the post at `ordinal` uses a word; 0 if not. */
  private countIn(id: number, ordinal: number): number {
    const t = this.termAt(id);
    const head = this.terms[t + HEAD];
    if (head === COMMON) return this.common.get(id)![ordinal] ?? 0;
    const run = this.sealedCount[id];
    if (run > 0) {
      // From the last skip before the ordinal, then posting by posting (at most SKIP_EVERY).
      const sealed = this.sealed;
      const skips = this.skips;
      const first = this.skipAt[id];
      let k = this.sealedAt[id];
      let o = -1;
      let n = 0;
      for (let lo = first, hi = first + ((run - 1) >> SKIP_SHIFT) - 1; lo <= hi; ) {
        const mid = (lo + hi) >> 1;
        if (skips[2 * mid + 1] < ordinal) {
          k = skips[2 * mid];
          o = skips[2 * mid + 1];
          n = (mid - first + 1) << SKIP_SHIFT;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      // The run holds the lower ordinals; the chain after it the higher.
      let count = -1;
      eachSealed(sealed, k, run - n, (v) => {
        if (v >>> TF_BITS < ordinal) return false;
        count = v >>> TF_BITS === ordinal ? v & TF_MAX : 0;
        return true;
      }, o);
      if (count >= 0) return count;
    }
    for (let block = head; block >= 0; ) {
      const page = this.pages[block >>> PAGE_BITS];
      const at = block & PAGE_MASK;
      const next = page[at];
      let lo = at + 2;
      let hi = at + 1 + (next === NONE ? this.terms[t + FILL] & USED_MASK : page[at + 1]);
      // Ordinals ascend along the chain: a block ending below the one sought cannot hold it.
      if (page[hi] >>> TF_BITS < ordinal) {
        block = next;
        continue;
      }
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const o = page[mid] >>> TF_BITS;
        if (o === ordinal) return page[mid] & TF_MAX;
        if (o < ordinal) lo = mid + 1;
        else hi = mid - 1;
      }
      return 0;
    }
    return 0;
  }

  /** A post's words read back from the postings (no copy of them is kept per post). */
  private readBack(ordinal: number): TermVector {
    const ids: number[] = [];
    const tf: number[] = [];
    for (let id = 0; id < this.words.length; id++) {
      if (this.terms[this.termAt(id) + DF] === 0) continue;
      const f = this.countIn(id, ordinal);
      if (f > 0) {
        ids.push(id);
        tf.push(f);
      }
    }
    return { ids: Uint32Array.from(ids), tf: Float32Array.from(tf), length: this.lengths[ordinal] };
  }

  private retire(o: number): void {
    if (this.paths[o] === undefined) return;
    const { ids } = this.readBack(o);
    for (const id of ids) {
      const t = this.termAt(id);
      this.terms[t + DF]--;
      if (this.terms[t + HEAD] === COMMON) this.common.get(id)![o] = 0;
    }
    this.paths[o] = undefined;
    this.totalLength -= this.lengths[o];
    this.lengths[o] = -1;
    this.dead++;
  }

  private setLength(o: number, length: number): void {
    if (o >= this.lengths.length) {
      const bigger = new Float64Array(Math.max(o + 1, this.lengths.length * 2));
      bigger.set(this.lengths);
      this.lengths = bigger;
    }
    this.lengths[o] = length;
  }

  /** A word most posts use: its postings become a count per post (the chain is left to the next compaction). */
  private makeCommon(id: number): Uint8Array {
    const row = new Uint8Array(Math.max(this.paths.length, 1024));
    this.eachPosting(id, (v) => {
      const o = v >>> TF_BITS;
      if (this.lengths[o] >= 0) row[o] = v & TF_MAX;
    });
    const t = this.termAt(id);
    this.sealedCount[id] = 0;
    this.terms[t + HEAD] = COMMON;
    this.terms[t + TAIL] = NONE;
    this.terms[t + FILL] = 0;
    this.common.set(id, row);
    return row;
  }

  /** A word that was too common to keep postings for is telling again: its postings from its counts. */
  private restorePostings(id: number): void {
    this.finishSeal();
    const row = this.common.get(id)!;
    this.common.delete(id);
    const t = this.termAt(id);
    this.terms[t + HEAD] = NONE;
    for (let o = 0; o < row.length; o++) if (row[o] > 0 && this.lengths[o] >= 0) this.append(t, posted(o, row[o]));
  }

  /**
   * Every word's postings into one sealed run each (see SKIP_EVERY): once all posts are in.
   * The first seal goes a slice of words at a time (`sliced`: resolves when done) so requests are
   * answered meanwhile; anything that changes the postings first finishes it (finishSeal).
   */
  async seal(sliced = false): Promise<void> {
    if (this.pages.length) {
      const job = this.startRebuild(undefined);
      // Only the first seal can be sliced: until a word is done its postings are all in the pages.
      if (sliced && job.oldSealed.length === 0) {
        this.sealJob = job;
        while (this.sealJob === job && !this.continueRebuild(job, performance.now() + this.sealSliceMs)) await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.sealJob === job) this.sealJob = undefined;
      } else this.continueRebuild(job, Infinity);
    }
    // Common words' rows grew by doubling: cut to the posts there are (they grow again on demand).
    for (const [id, row] of this.common) if (row.length > this.paths.length) this.common.set(id, row.slice(0, Math.max(1, this.paths.length)));
  }

  /** A sliced seal still running is done at once (before anything changes the postings). */
  private finishSeal(): void {
    const job = this.sealJob;
    if (!job) return;
    this.sealJob = undefined;
    this.continueRebuild(job, Infinity);
  }

  private sealJob: RebuildJob | undefined;
  /** How long a slice of a sliced seal runs (a test sets 0: one slice per 1,024 words). */
  sealSliceMs = SEAL_SLICE_MS;

  /**
   * Starts rewriting every word's postings (its sealed run, then its chain) into one sealed run
   * each, without those of dead posts, renumbered by `renumber` when given. continueRebuild does
   * the words.
   */
  private startRebuild(renumber: Int32Array | undefined): RebuildJob {
    // The room the runs need, with every posting kept as numbered now: never less than they take
    // (dropping a posting or renumbering to lower ordinals only shortens a run), and exact for a
    // first seal, which drops none.
    let bytes = 0;
    let skips = 0;
    let prev = -1;
    const size = (v: number) => {
      const o = v >>> TF_BITS;
      bytes += sealedBytes(o - prev, v & TF_MAX);
      prev = o;
    };
    for (let id = 0; id < this.words.length; id++) {
      if (this.terms[this.termAt(id) + HEAD] === COMMON) continue;
      const before = bytes;
      prev = -1;
      this.eachPosting(id, size);
      // Postings of one byte at least: a bound on the skips a run can have.
      if (bytes > before) skips += (bytes - before - 1) >> SKIP_SHIFT;
    }
    const job: RebuildJob = {
      renumber,
      out: new Uint8Array(bytes),
      skips: new Int32Array(2 * skips),
      oldPages: this.pages,
      oldSealed: this.sealed,
      id: 0,
      written: 0,
      skipsWritten: 0,
    };
    // A word not done yet has no run in `out` (its count is 0 until done when the old runs were empty).
    if (job.oldSealed.length === 0) {
      this.sealed = job.out;
      this.skips = job.skips;
    }
    return job;
  }

  /** Does the job's words until `deadline` (performance.now()); true once all are done. */
  private continueRebuild(job: RebuildJob, deadline: number): boolean {
    const { renumber, out, skips, oldPages, oldSealed } = job;
    const terms = this.terms;
    const lengths = this.lengths;
    const sealedAt = this.sealedAt;
    const sealedCount = this.sealedCount;
    const skipAt = this.skipAt;
    let w = job.written;
    let s = job.skipsWritten;
    let prev = -1;
    let kept = 0;
    /** Keeps a posting (renumbered) unless its post is dead: onto the run being written. */
    const keep = (v: number) => {
      const was = v >>> TF_BITS;
      const o = renumber ? renumber[was] : lengths[was] < 0 ? NONE : was;
      if (o === NONE) return;
      if (kept > 0 && (kept & (SKIP_EVERY - 1)) === 0) {
        skips[2 * s] = w;
        skips[2 * s + 1] = prev;
        s++;
      }
      w = writeSealed(out, w, o - prev, v & TF_MAX);
      prev = o;
      kept++;
    };
    let id = job.id;
    for (; id < this.words.length; id++) {
      if ((id & 1023) === 0 && id > job.id && performance.now() >= deadline) break;
      const t = this.termAt(id);
      const head = terms[t + HEAD];
      const used = terms[t + FILL] & USED_MASK;
      const start = w;
      const firstSkip = s;
      prev = -1;
      kept = 0;
      terms[t + TAIL] = NONE;
      terms[t + FILL] = 0;
      if (head !== COMMON) {
        terms[t + HEAD] = NONE;
        eachSealed(oldSealed, sealedAt[id], sealedCount[id], keep);
        for (let block = head; block >= 0; ) {
          const page = oldPages[block >>> PAGE_BITS];
          const at = block & PAGE_MASK;
          const next = page[at];
          const end = at + 2 + (next === NONE ? used : page[at + 1]);
          for (let j = at + 2; j < end; j++) keep(page[j]);
          block = next;
        }
      }
      sealedAt[id] = start;
      sealedCount[id] = kept;
      skipAt[id] = firstSkip;
    }
    job.id = id;
    job.written = w;
    job.skipsWritten = s;
    if (id < this.words.length) return false;
    this.sealed = w === out.length ? out : out.slice(0, w);
    this.skips = 2 * s === skips.length ? skips : skips.slice(0, 2 * s);
    this.pages = [];
    this.pageFree = PAGE_SIZE;
    return true;
  }

  /** Drops replaced posts from the postings once they are a good share of them. */
  private maybeCompact(): void {
    if (this.dead < 64 || this.dead < this.byPath.size / 2) return;
    const renumber = new Int32Array(this.paths.length).fill(NONE);
    const paths: string[] = [];
    const lengths = new Float64Array(Math.max(1024, this.byPath.size * 2));
    this.paths.forEach((path, o) => {
      if (path === undefined) return;
      renumber[o] = paths.length;
      lengths[paths.length] = this.lengths[o];
      this.byPath.set(path, paths.length);
      paths.push(path);
    });
    this.finishSeal();
    this.continueRebuild(this.startRebuild(renumber), Infinity);
    for (const [id, row] of this.common) {
      const moved = new Uint8Array(lengths.length);
      for (let o = 0; o < row.length; o++) if (row[o] > 0 && renumber[o] !== NONE) moved[renumber[o]] = row[o];
      this.common.set(id, moved);
    }
    this.paths = paths;
    this.lengths = lengths;
    this.dead = 0;
  }
}
