/**
 * The common subset of YAML that real front matter uses, read by a line scanner (several times faster
 * than a full YAML parse): `scanSimpleYaml` gives the data (the index's read, fastFrontMatter.ts);
 * `scanSimpleYamlRanged` also gives every key's and value's range, as parse/frontMatter.ts's exact
 * parse reports them (what `check` and open documents use). Either returns undefined for anything
 * outside the subset, and the caller then uses the `yaml` package. Pure; never throws.
 */
import type { FmEntry, FmValue, Span } from './types';

/**
 * A run of a plain key's word characters ([A-Za-z0-9_], `.`, `-`), matched at an offset (`lastIndex`, set
 * just before each use): the native regex is several times faster than a loop over the characters while
 * the calling code is not yet optimized, as it is for most of an index build.
 */
const KEY_CHARS = /[\w.-]*/y;

/**
 * `key: rest` in `src` between `from` and `to` (no indentation or trailing spaces), read by offsets
 * (no string or match array per line): a plain key (a letter or `_`, then word characters, `.`, `-`,
 * or `:` not followed by a space) or a quoted one (no escapes), `:`, then nothing or spaces and the
 * rest. Returns where the key ends (quotes kept), or -1; `restAt` gives where the rest starts.
 */
function keyAt(src: string, from: number, to: number): number {
  const first = src.charCodeAt(from);
  let end: number;
  if (first === 34 || first === 39) {
    let close = -1;
    for (let k = from + 1; k < to; k++) {
      const c = src.charCodeAt(k);
      if (c === first) {
        close = k;
        break;
      }
      if (c === 92 && first === 34) return -1;
    }
    if (close < 0) return -1;
    end = close + 1;
  } else {
    if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95)) return -1;
    end = from + 1;
    for (;;) {
      KEY_CHARS.lastIndex = end;
      KEY_CHARS.test(src);
      // The run may go on past `to` (a caller's bound inside a word): the key stops there.
      end = Math.min(KEY_CHARS.lastIndex, to);
      // `:` not followed by a space (or the end) is part of the key.
      if (end + 1 < to && src.charCodeAt(end) === 58 && src.charCodeAt(end + 1) !== 32) end++;
      else break;
    }
  }
  let i = end;
  while (i < to && src.charCodeAt(i) === 32) i++;
  if (i >= to || src.charCodeAt(i) !== 58) return -1;
  i++;
  if (i < to && src.charCodeAt(i) !== 32) return -1;
  return end;
}

/** Where the rest after a key that `keyAt` accepted starts; `to` when there is none. */
function restAt(src: string, keyEnd: number, to: number): number {
  let i = keyEnd;
  while (src.charCodeAt(i) === 32) i++;
  i++; // the colon
  while (i < to && src.charCodeAt(i) === 32) i++;
  return i;
}

/** The key that `keyAt` found, quotes removed. */
function keyText(src: string, from: number, keyEnd: number): string {
  const q = src.charCodeAt(from);
  return q === 34 || q === 39 ? src.slice(from + 1, keyEnd - 1) : src.slice(from, keyEnd);
}

const NOT_ITEM = -2;
const NO_ITEM_TEXT = -1;

/**
 * A list item's line (`- item`, or `-` alone) between `from` and `to` (no trailing spaces): where the
 * item's text starts, NO_ITEM_TEXT for `-` alone, NOT_ITEM when the line is not one. A `\r`, U+2028
 * or U+2029 inside the line is not YAML-simple (the line regex this replaced did not match them).
 */
function listItemAt(lines: Lines, from: number, to: number): number {
  const src = lines.src;
  if (src.charCodeAt(from) !== 45) return NOT_ITEM;
  if (to - from === 1) return NO_ITEM_TEXT;
  if (src.charCodeAt(from + 1) !== 32) return NOT_ITEM;
  let i = from + 2;
  while (src.charCodeAt(i) === 32) i++;
  if (!lines.oddBreaks) return i;
  // The line has no `\n` before `to`: a stop before `to` is one of the other three.
  TO_LINE_BREAK.lastIndex = i;
  TO_LINE_BREAK.test(src);
  return TO_LINE_BREAK.lastIndex < to ? NOT_ITEM : i;
}

/** Up to a line break of any kind (for `lastIndex`, as KEY_CHARS). */
const TO_LINE_BREAK = /[^\n\r\u2028\u2029]*/y;

/** A line break other than `\n` or `\r\n`: one search per read tells whether any line holds one. */
const ODD_BREAK = /\r(?!\n)|[\u2028\u2029]/;

/**
 * One line of flat YAML, matched from `lastIndex`: a top-level `key: rest`, a list item `- rest`
 * (indented or not), or a blank or comment line (likewise), with its line break. No match: the line is
 * something else (nested, wrapped, an odd line break). Only tested: scanFlatYaml finds the parts.
 */
const FLAT_LINE = /(?:[A-Za-z_][\w.-]* *:(?: +|(?=\r?\n|$))| *- +| *(?=#|\r?\n|$))[^\r\n\u2028\u2029]*(?:\r?\n|$)/y;

/**
 * The flat front matter most posts have — top-level `key: value` lines (values on one line, flow lists
 * and maps among them, or wrapped over the next lines) and lists of one-line items under a `key:` —
 * read with one native regex match per line. Cold (an index build runs this once
 * per post, mostly unoptimized), every property load and string method call costs an inline-cache
 * call; a match per line makes far fewer than the line scanner's per-character reads. Undefined for
 * anything else (the line scanner then reads it): only what both read alike is read here (a test compares them).
 */
export function scanFlatYaml(src: string): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  /** The `key:` with nothing after it whose list items may follow; its items, once one is read. */
  let open: string | undefined;
  let items: unknown[] | undefined;
  let itemIndent = -1;
  const end = src.length;
  let p = 0;
  while (p < end) {
    // A test, not an exec: no match array and substrings per line (a fifth of what a build allocated);
    // the line's parts are found from where it starts and ends (the regex says what they are).
    FLAT_LINE.lastIndex = p;
    if (!FLAT_LINE.test(src)) return undefined;
    const start = p;
    p = FLAT_LINE.lastIndex;
    if (p === start) return undefined;
    let lineEnd = p;
    if (src.charCodeAt(lineEnd - 1) === 10) lineEnd -= lineEnd - 1 > start && src.charCodeAt(lineEnd - 2) === 13 ? 2 : 1;
    const c = src.charCodeAt(start);
    // A key starts its line; an item, a blank or a comment line starts with its indentation.
    const isKey = c !== 32 && c !== 45 && c !== 35 && c !== 13 && c !== 10;
    let at = start;
    let key: string | undefined;
    if (isKey) {
      const colon = src.indexOf(':', start);
      let keyEnd = colon;
      while (src.charCodeAt(keyEnd - 1) === 32) keyEnd--;
      key = src.slice(start, keyEnd);
      at = colon + 1;
    } else while (src.charCodeAt(at) === 32) at++;
    const indent = at - start;
    const isItem = !isKey && src.charCodeAt(at) === 45;
    if (isItem) at++;
    if (isKey || isItem) while (at < lineEnd && src.charCodeAt(at) === 32) at++;
    let restEnd = lineEnd;
    while (restEnd > at && src.charCodeAt(restEnd - 1) === 32) restEnd--;
    const rest = restEnd === at ? '' : src.slice(at, restEnd);
    if (key !== undefined) {
      if (open !== undefined) data[open] = items ?? null;
      open = undefined;
      // `__proto__` would set the object's prototype: the yaml package makes it an own key.
      if (key === '__proto__' || Object.hasOwn(data, key)) return undefined;
      if (rest === '') {
        open = key;
        items = undefined;
        continue;
      }
      // A value wrapped over the next lines (indented, none blank) is folded here; anything else indented is not flat.
      let value: unknown;
      if (p < end && src.charCodeAt(p) === 32) {
        const pieces = [rest];
        for (;;) {
          WRAPPED_LINE.lastIndex = p;
          const w = WRAPPED_LINE.exec(src);
          const piece = w === null ? '' : trimTrailingSpaces(w[1]);
          if (piece === '') break;
          pieces.push(piece);
          p = WRAPPED_LINE.lastIndex;
        }
        value = pieces.length > 1 ? wrappedScalar(pieces) : flatScalar(rest);
      } else value = flatScalar(rest);
      if (value === NOT_SIMPLE) return undefined;
      data[key] = value;
    } else if (isItem) {
      if (open === undefined || rest === '') return undefined;
      if (items === undefined) {
        items = [];
        itemIndent = indent;
      } else if (indent !== itemIndent) return undefined;
      const value = flatScalar(rest);
      if (value === NOT_SIMPLE) return undefined;
      items.push(value);
    } else if (indent !== 0 && rest !== '') return undefined; // an indented comment: left to the line scanner
  }
  if (open !== undefined) data[open] = items ?? null;
  return data;
}

/** What a plain scalar may not hold (a key's `: `, a comment's ` #`) nor end with (`:`): the line scanner's to read. */
const PLAIN_STOPS = /: | #|:$/;

/** A line indented by one space or more, for `lastIndex` (as FLAT_LINE): group 1 its text after the indentation. */
const WRAPPED_LINE = / +([^\r\n\u2028\u2029]*)(?:\r?\n|$)/y;

/**
 * A scalar wrapped over several lines (`pieces`: each line's text, without indentation and trailing
 * spaces), folded as YAML folds it: each line break becomes a space. NOT_SIMPLE for what the line
 * scanner decides (a comment or `key: ` inside a plain scalar, a quote closed early or not at all,
 * an escaped line break, a document marker).
 */
function wrappedScalar(pieces: string[]): unknown {
  const c = pieces[0].charCodeAt(0);
  for (let k = 1; k < pieces.length; k++) {
    const piece = pieces[k];
    if (c === 34 || c === 39) {
      if (piece.startsWith('---') || piece.startsWith('...')) return NOT_SIMPLE;
    } else if (piece.charCodeAt(0) === 35) return NOT_SIMPLE;
    if (c === 34 && pieces[k - 1].endsWith('\\')) return NOT_SIMPLE;
  }
  const text = pieces.join(' ');
  const last = text.length - 1;
  // The quote must close where the last piece ends: closed on an earlier line, the lines after it are not
  // part of the value (the line scanner rejects them), so `scalar`, which allows a comment after the close, won't do.
  if (c === 34) {
    if (text.charCodeAt(last) !== 34 || closingDoubleQuote(text, 1) !== last) return NOT_SIMPLE;
    return unescapeDouble(text.slice(1, last));
  }
  if (c === 39) {
    if (text.charCodeAt(last) !== 39 || closingSingleQuote(text, 1) !== last) return NOT_SIMPLE;
    return text.slice(1, last).replace(/''/g, "'");
  }
  if (PLAIN_STOPS.test(text)) return NOT_SIMPLE;
  return plainAt(text, 0, text.length);
}

/** A one-line value for scanFlatYaml (no leading or trailing spaces), flow lists and maps too: NOT_SIMPLE for what it leaves to the line scanner. */
function flatScalar(text: string): unknown {
  const c = text.charCodeAt(0);
  const last = text.length - 1;
  if (c === 34) {
    // Escapes (`\"`, `\u00e9`) are decoded as the line scanner decodes them.
    if (last > 0 && text.charCodeAt(last) === 34 && text.indexOf('\\') < 0 && text.indexOf('"', 1) === last) return text.slice(1, last);
  } else if (c === 39) {
    if (last > 0 && closingSingleQuote(text, 1) === last) {
      const piece = text.slice(1, last);
      return piece.includes("''") ? piece.replace(/''/g, "'") : piece;
    }
  } else if (c === 91 /* [ */) return flowList(text) ?? NOT_SIMPLE;
  else if (c === 123 /* { */) return flowMap(text) ?? NOT_SIMPLE;
  else if (!PLAIN_STOPS.test(text)) {
    // Text longer than the typed words, starting with a letter (most values): as plainAt would type it, without its calls.
    if (last >= 5 && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) return text;
    return plainAt(text, 0, text.length);
  }
  // Escapes, a comment after the value, `: ` inside it: read as the line scanner reads a one-line scalar.
  return scalar(text);
}

const BLOCK_SCALAR = /^([|>])(-?)[ ]*(?:#.*)?$/;

/**
 * The source's lines as offsets into `src` in parallel arrays (no string or object per line; only
 * the keys and values read are sliced): line k runs from `ls[k]`; its text, without indentation and
 * trailing spaces, from `ts[k]` to `te[k]`; `rawEnd` gives where the line as written ends.
 * Offsets are the document's (ranged reads) or the source's (plain reads).
 */
interface Lines {
  src: string;
  n: number;
  ls: number[];
  ts: number[];
  te: number[];
  /** Where the last line ends. */
  end: number;
  /** Some line holds a `\r` (not of a `\r\n`), U+2028 or U+2029 (nearly never: list items then look for them). */
  oddBreaks: boolean;
  i: number;
  ranged: boolean;
  /** Ranged reads: the node of the value just read, and the last line it takes. */
  node?: FmValue;
  last?: number;
  /**
   * Ranged reads: where the block collection just read ends when its last value is a `key:` with
   * nothing after it (the yaml package ends the collection at that null, not at the line break); else -1.
   */
  openEnd: number;
  /** Ranged reads: the value just read is a `key:` with only a comment after it (see mapping's end). */
  nullAtComment: boolean;
}

/**
 * Reads the common subset of YAML, or returns undefined when the text uses anything outside it:
 * mappings (nested by indentation), block lists of scalars or of mappings, one-line flow lists and
 * flow maps, plain and quoted scalars (also wrapped over several lines), and `|` / `>` block scalars. Must
 * agree with the `yaml` package on everything it accepts (a unit test checks it on real blogs).
 * `start` and `end` bound the YAML in `source` (the front matter's content in a document).
 */
export function scanSimpleYaml(source: string, start = 0, end = source.length): Record<string, unknown> | undefined {
  const whole = start === 0 && end === source.length;
  if ((whole ? source : source.slice(start, end)).includes('\t')) return undefined;
  return (whole ? scanFlatYaml(source) : undefined) ?? scanYamlLines(source, start, end);
}

/** scanSimpleYaml without its flat lane (scanFlatYaml): the line scanner alone, for the test that compares the two. */
export function scanYamlLines(source: string, start = 0, end = source.length): Record<string, unknown> | undefined {
  // Read between offsets rather than from a slice: reading a sliced string char by char is slower.
  const lines = splitLines(source, start, end, false);
  const data = mapping(lines, 0);
  if (data === undefined) return undefined;
  skipBlank(lines);
  return lines.i >= lines.n ? data : undefined;
}

/**
 * `scanSimpleYaml` with ranges: the top-level entries of the YAML between `start` and `end` of `text`
 * (the front matter's content), each key, value and list item with the range the `yaml` package's
 * document gives it (a unit test compares the two on real blogs). Undefined where the scanner or a
 * range is in doubt.
 */
export function scanSimpleYamlRanged(text: string, start: number, end: number): { entries: FmEntry[]; data: Record<string, unknown> } | undefined {
  if (end > start && text.charCodeAt(end - 1) !== 10) return undefined;
  if (text.slice(start, end).includes('\t')) return undefined;
  const lines = splitLines(text, start, end, true);
  const data = mapping(lines, 0);
  if (data === undefined) return undefined;
  skipBlank(lines);
  if (lines.i < lines.n || lines.node?.kind !== 'map') return undefined;
  return { entries: lines.node.entries, data };
}

/** The lines of `src` between `start` and `end`, split at `\n` (the last one may be empty). */
function splitLines(src: string, start: number, end: number, ranged: boolean): Lines {
  // Counted first (indexOf is native), so that each array is allocated once at its size, not grown by push.
  let n = 1;
  for (let nl = start < end ? src.indexOf('\n', start) : -1; nl >= 0 && nl < end; nl = src.indexOf('\n', nl + 1)) n++;
  const ls = new Array<number>(n);
  const ts = new Array<number>(n);
  const te = new Array<number>(n);
  for (let k = 0, p = start; k < n; k++) {
    const nl = k + 1 < n ? src.indexOf('\n', p) : end;
    const r = nl > p && src.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    let a = p;
    while (a < r && src.charCodeAt(a) === 32) a++;
    let b = r;
    while (b > a && src.charCodeAt(b - 1) === 32) b--;
    ls[k] = p;
    ts[k] = a;
    te[k] = b;
    p = nl + 1;
  }
  // Searched in the lines' range only (a document's body may be long).
  const oddBreaks = ODD_BREAK.test(start === 0 && end === src.length ? src : src.slice(start, end));
  // Every field set here, so that the plain and the ranged reads share one object shape.
  return { src, n, ls, ts, te, end, oddBreaks, i: 0, ranged, node: undefined, last: undefined, openEnd: -1, nullAtComment: false };
}

/** Line k's indentation (for a `- key:` line, the column of its key: see `nested`). */
function indentOf(lines: Lines, k: number): number {
  return lines.ts[k] - lines.ls[k];
}

/** Where line k as written ends (before its `\n` or `\r\n`). */
function rawEnd(lines: Lines, k: number): number {
  const nl = k + 1 < lines.n ? lines.ls[k + 1] - 1 : lines.end;
  return nl > lines.ls[k] && lines.src.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
}

/** Line k's text (without indentation and trailing spaces), for the rarer paths that read strings. */
function textOf(lines: Lines, k: number): string {
  return lines.src.slice(lines.ts[k], lines.te[k]);
}

/** A block collection's range: from its first item to the line break after its last line (or see `openEnd`). */
function blockSpan(lines: Lines, start: number): Span {
  if (lines.openEnd >= 0) return { start, end: lines.openEnd };
  const next = lines.last! + 1;
  return { start, end: next < lines.n ? lines.ls[next] : lines.src.length };
}

/** `text`, when given, is the source between `start` and `end` already sliced (one string less per value). */
function scalarNode(lines: Lines, value: unknown, start: number, end: number, text?: string): FmValue {
  const q = lines.src.charCodeAt(start);
  return { kind: 'scalar', value, text: text ?? lines.src.slice(start, end), span: { start, end }, quote: q === 34 ? '"' : q === 39 ? "'" : '' };
}

function isBlank(lines: Lines, k: number): boolean {
  const a = lines.ts[k];
  return a === lines.te[k] || lines.src.charCodeAt(a) === 35; /* # */
}

function skipBlank(lines: Lines): void {
  // isBlank written out: this runs before every key and item.
  const { ts, te, src, n } = lines;
  let i = lines.i;
  while (i < n && (ts[i] === te[i] || src.charCodeAt(ts[i]) === 35)) i++;
  lines.i = i;
}

function mapping(lines: Lines, indent: number): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  const ranged = lines.ranged;
  const src = lines.src;
  // Ranged reads only (an array less per mapping and list in the index's reads).
  const entries: FmEntry[] | undefined = ranged ? [] : undefined;
  let first = -1;
  for (;;) {
    skipBlank(lines);
    const k = lines.i;
    if (k >= lines.n) break;
    const keyStart = lines.ts[k];
    const lineIndent = keyStart - lines.ls[k];
    if (lineIndent < indent) break;
    if (lineIndent > indent) return undefined;
    const lineEnd = lines.te[k];
    const keyEnd = keyAt(src, keyStart, lineEnd);
    if (keyEnd < 0) return undefined;
    const key = keyText(src, keyStart, keyEnd);
    const q = src.charCodeAt(keyStart);
    // `true:`, `null:`: the yaml package's key is typed. A plain key starts with a letter or `_` (keyAt), so only these
    // words of five letters or fewer can be typed.
    if (ranged && keyEnd - keyStart <= 5 && q !== 34 && q !== 39 && typeof plainValue(key) !== 'string') return undefined;
    // `__proto__` would set the object's prototype: the yaml package makes it an own key.
    if (key === '<<' || key === '__proto__' || Object.hasOwn(data, key)) return undefined;
    lines.i++;
    const rest = restAt(src, keyEnd, lineEnd);
    const r = rest < lineEnd ? src.charCodeAt(rest) : -1;
    let value: unknown;
    lines.openEnd = -1;
    lines.nullAtComment = false;
    if (r === -1 || r === 35 /* # */) {
      value = nested(lines, indent);
      if (value === null && ranged) {
        // `key:` alone: a null scalar where the line's text ends (before a comment).
        const where = r === 35 ? rest : rawEnd(lines, k);
        lines.node = scalarNode(lines, null, where, where);
        lines.last = k;
        if (r === -1) lines.openEnd = where;
        else lines.nullAtComment = true;
      }
    } else if (r === 91 /* [ */) value = flowList(src.slice(rest, lineEnd), lines, rest) ?? NOT_SIMPLE;
    // One-line flow maps (`build: { render: link }`).
    else if (r === 123 /* { */) {
      value = flowMap(src.slice(rest, lineEnd), lines, rest) ?? NOT_SIMPLE;
      lines.last = k;
    } else if (r === 124 || r === 62) {
      const header = BLOCK_SCALAR.exec(src.slice(rest, lineEnd));
      value = header ? blockScalar(lines, indent, header, rest) : scalarAt(lines, rest, lineEnd, indent);
    } else value = scalarAt(lines, rest, lineEnd, indent);
    if (value === NOT_SIMPLE || value === undefined) return undefined;
    data[key] = value;
    if (ranged) {
      if (first < 0) first = keyStart;
      const node = lines.node!;
      entries!.push({ key, keySpan: { start: keyStart, end: keyEnd }, value: node, span: { start: keyStart, end: node.span.end } });
    }
  }
  if (ranged) {
    // A nested mapping that ends with `key:` (or `key: # comment`) and then a blank line or a comment
    // has a range the yaml package draws its own way: leave it to it. (The last line, empty, follows the final line break.)
    const after = lines.last! + 1;
    if ((lines.openEnd >= 0 || lines.nullAtComment) && indent > 0 && after < lines.n - 1 && isBlank(lines, after)) return undefined;
    lines.node = { kind: 'map', entries: entries!, span: first < 0 ? { start: 0, end: 0 } : blockSpan(lines, first) };
  }
  return data;
}

/** What follows `key:` on the next lines: a block list, a nested mapping, or nothing (null). */
function nested(lines: Lines, indent: number): unknown {
  skipBlank(lines);
  const k = lines.i;
  if (k >= lines.n) return null;
  const src = lines.src;
  const nextIndent = indentOf(lines, k);
  const ranged = lines.ranged;
  if (src.charCodeAt(lines.ts[k]) === 45 && nextIndent >= indent && listItemAt(lines, lines.ts[k], lines.te[k]) !== NOT_ITEM) {
    const items: unknown[] = [];
    const nodes: FmValue[] | undefined = ranged ? [] : undefined;
    const itemIndent = nextIndent;
    const listStart = lines.ts[k];
    for (;;) {
      skipBlank(lines);
      const j = lines.i;
      if (j >= lines.n || indentOf(lines, j) !== itemIndent || src.charCodeAt(lines.ts[j]) !== 45) break;
      const lineEnd = lines.te[j];
      const itemStart = listItemAt(lines, lines.ts[j], lineEnd);
      if (itemStart < 0) return NOT_SIMPLE;
      const c = src.charCodeAt(itemStart);
      let v: unknown;
      lines.openEnd = -1;
      lines.nullAtComment = false;
      if (c === 91 /* [ */) {
        v = flowList(src.slice(itemStart, lineEnd), lines, itemStart) ?? NOT_SIMPLE;
        lines.i++;
        lines.last = j;
      } else if (c === 123 /* { */) {
        v = flowMap(src.slice(itemStart, lineEnd), lines, itemStart) ?? NOT_SIMPLE;
        lines.i++;
        lines.last = j;
      } else if (c !== 34 && c !== 39 && keyAt(src, itemStart, lineEnd) >= 0) {
        // `- key: value` starts a mapping whose keys line up with `key`: the line is read on from the key.
        lines.ts[j] = itemStart;
        v = mapping(lines, itemStart - lines.ls[j]) ?? NOT_SIMPLE;
      } else {
        lines.i++;
        v = scalarAt(lines, itemStart, lineEnd, itemIndent);
      }
      if (v === NOT_SIMPLE) return NOT_SIMPLE;
      items.push(v);
      if (ranged) nodes!.push(lines.node!);
    }
    if (ranged) lines.node = { kind: 'list', items: nodes!, span: blockSpan(lines, listStart), flow: false };
    return items;
  }
  if (nextIndent > indent) {
    if (keyAt(src, lines.ts[k], lines.te[k]) >= 0) return mapping(lines, nextIndent) ?? NOT_SIMPLE;
    // A value that starts on the line after its key (wrapped text).
    lines.i++;
    return scalarAt(lines, lines.ts[k], lines.te[k], indent);
  }
  return null;
}

/** `|` keeps line breaks, `>` folds them into spaces; `-` strips the final line break. */
function blockScalar(lines: Lines, indent: number, header: RegExpExecArray, start: number): unknown {
  const first = lines.i;
  const blank = (k: number) => lines.ts[k] === lines.te[k];
  while (lines.i < lines.n && (blank(lines.i) || indentOf(lines, lines.i) > indent)) lines.i++;
  let end = lines.i;
  while (end > first && blank(end - 1)) end--;
  if (end === first) return NOT_SIMPLE;
  // Ranged: blank lines after the block belong to its range in ways left to the yaml package.
  if (lines.ranged && end < Math.min(lines.i, lines.n - 1)) return NOT_SIMPLE;
  const blockIndent = indentOf(lines, first);
  // More-indented lines and comments-looking text keep YAML's subtler rules: leave them to the parser.
  for (let k = first; k < end; k++) {
    if (!blank(k) ? indentOf(lines, k) !== blockIndent : indentOf(lines, k) > blockIndent) return NOT_SIMPLE;
  }
  const chomp = header[2] === '-' ? '' : '\n';
  let out = '';
  for (let k = first; k < end; k++) {
    const t = lines.src.slice(lines.ts[k], rawEnd(lines, k));
    if (header[1] === '|') out += k === first ? t : '\n' + t;
    else if (k === first) out = t;
    else if (t === '') out += '\n';
    else out += out.endsWith('\n') ? t : ' ' + t;
  }
  const value = out + chomp;
  if (lines.ranged) {
    lines.last = end - 1;
    lines.node = scalarNode(lines, value, start, blockSpan(lines, start).end);
  }
  return value;
}

const NOT_SIMPLE = Symbol('not simple');

/**
 * The scalar between `from` and `to` (the rest of line `lines.i - 1` after `key: ` or `- `) that may
 * go on over the next lines indented more than `parentIndent`, as YAML folds them: one line break
 * becomes a space, each blank line a line break. Advances `lines.i` past it.
 */
function scalarAt(lines: Lines, from: number, to: number, parentIndent: number): unknown {
  const src = lines.src;
  const c = src.charCodeAt(from);
  if (c === 34 || c === 39) return quotedAt(lines, from, to, parentIndent);
  const stop = plainStop(src, from, to);
  if (stop < 0) return NOT_SIMPLE;
  const comment = stop < to ? stop : -1;
  // Without a comment (nearly always) the value is read in place; with one, from its text.
  const value = comment < 0 ? plainAt(src, from, to) : scalar(src.slice(from, to));
  const continued = continuation(lines, parentIndent);
  if (continued === lines.i) {
    if (lines.ranged && value !== NOT_SIMPLE) {
      lines.last = lines.i - 1;
      // A plain value read as text is its source (plainAt sliced it).
      if (comment < 0) lines.node = scalarNode(lines, value, from, to, typeof value === 'string' ? value : undefined);
      else lines.node = scalarNode(lines, value, from, from + src.slice(from, comment).trimEnd().length);
    }
    return value;
  }
  if (value === NOT_SIMPLE) return NOT_SIMPLE;
  // A comment ends a plain scalar: nothing may follow it on more-indented lines.
  if (comment >= 0) return NOT_SIMPLE;
  let blank = false;
  for (let k = lines.i; k < continued; k++) if (lines.ts[k] === lines.te[k]) blank = true;
  let out: string;
  if (!blank) {
    // No blank line inside (nearly always): each line break with the spaces around it folds into one space,
    // one slice and one native replace instead of a string per line. A line that starts with `#` shows as
    // ` #`, one that ends with `:` as `: ` (or a final `:`): the test below is the loop's, per line.
    out = src.slice(from, lines.te[continued - 1]).replace(LINE_FOLD, ' ');
    if (/: |:$| #/.test(out)) return NOT_SIMPLE;
  } else {
    out = src.slice(from, to);
    let breaks = 0;
    for (let k = lines.i; k < continued; k++) {
      if (lines.ts[k] === lines.te[k]) {
        breaks++;
        continue;
      }
      const t = textOf(lines, k);
      // Inside a plain scalar only a comment or a `: ` (a key) ends or breaks it.
      if (t.startsWith('#') || /: |:$| #/.test(t)) return NOT_SIMPLE;
      out += breaks ? '\n'.repeat(breaks) + t : ' ' + t;
      breaks = 0;
    }
  }
  lines.i = continued;
  const value2 = plainValue(out);
  if (lines.ranged) {
    const k = continued - 1;
    lines.last = k;
    lines.node = scalarNode(lines, value2, from, lines.te[k]);
  }
  return value2;
}

/** A line break between two lines of text, with the trailing spaces before it and the indentation after it. */
const LINE_FOLD = / *\r?\n */g;

/**
 * Where ` #` (a comment) first occurs in a plain scalar between `from` and `to`, else `to`; -1 when a
 * `: ` or a final `:` comes before (not a plain scalar, with or without the comment).
 */
function plainStop(src: string, from: number, to: number): number {
  for (let q = from; ; q++) {
    // To the next `:` or `#` (the line has no `\n` before `to`).
    TO_PLAIN_STOP.lastIndex = q;
    TO_PLAIN_STOP.test(src);
    q = TO_PLAIN_STOP.lastIndex;
    if (q >= to) return to;
    const c = src.charCodeAt(q);
    if (c === 58) {
      if (q + 1 === to || src.charCodeAt(q + 1) === 32) return -1;
    } else if (c === 35 && q > from && src.charCodeAt(q - 1) === 32) return q - 1;
  }
}

/** Up to a `:`, `#` or line break (for `lastIndex`, as KEY_CHARS). */
const TO_PLAIN_STOP = /[^:#\n]*/y;

/** `scalar` for a plain scalar without a comment or `: ` (see plainStop), read in place: only the value is sliced. */
function plainAt(src: string, from: number, to: number): unknown {
  const c = src.charCodeAt(from);
  // Anything that could start another YAML construct goes to the real parser.
  switch (c) {
    case 38: case 42: case 33: case 124: case 62: case 37: case 64: case 96: // & * ! | > % @ `
    case 123: case 91: case 93: case 125: case 44: case 63: case 35: // { [ ] } , ? #
      return NOT_SIMPLE;
    case 45: case 58: // `- ` and `: `
      if (to - from === 1 || src.charCodeAt(from + 1) === 32) return NOT_SIMPLE;
  }
  return plainValue(src.slice(from, to));
}

/** Where the lines that continue a value end (`lines.i` when none do): non-blank lines indented more than `parentIndent`, and blank lines between them. */
function continuation(lines: Lines, parentIndent: number): number {
  let k = lines.i;
  let to = k;
  while (k < lines.n) {
    if (lines.ts[k] === lines.te[k]) {
      k++;
      continue;
    }
    if (indentOf(lines, k) <= parentIndent) break;
    to = ++k;
  }
  return to;
}

/** A single- or double-quoted scalar between `from` and `to`, closed on this line or a later one. */
function quotedAt(lines: Lines, from: number, to: number, parentIndent: number): unknown {
  const src = lines.src;
  const single = src.charCodeAt(from) === 39;
  const first = single ? closingSingleQuote(src, from + 1, to) : closingDoubleQuote(src, from + 1, to);
  if (first === to - 1) {
    // Closed where the line ends (nearly always): read in place.
    const piece = src.slice(from + 1, first);
    const value = single ? (piece.includes("''") ? piece.replace(/''/g, "'") : piece) : unescapeDouble(piece);
    if (lines.ranged) {
      lines.last = lines.i - 1;
      lines.node = scalarNode(lines, value, from, first + 1);
    }
    return value;
  }
  // The content is read line by line; `pendingBreaks` counts the blank lines before the next piece.
  let content = src.slice(from + 1, to);
  /** Ranged: where `content` starts in the document, and its line. */
  let contentStart = from + 1;
  let line = lines.i - 1;
  // The pieces before the last one, folded; the last one as written (its trailing spaces stay only
  // if the quote closes after it). Trimming the last piece, not all that came before, never reads
  // the joined string (which would copy it whole, once per line).
  let out = '';
  let last = '';
  let pendingBreaks = -1; // -1: first line
  for (;;) {
    const close = single ? closingSingleQuote(content) : closingDoubleQuote(content, 0);
    const piece = close < 0 ? content : content.slice(0, close);
    // A later piece starts at its line's text (not a space): trimming it is trimming all before it.
    if (pendingBreaks >= 0) out += trimTrailingSpaces(last) + (pendingBreaks === 0 ? ' ' : '\n'.repeat(pendingBreaks));
    last = piece;
    if (close >= 0) {
      if (!onlyComment(content.slice(close + 1))) return NOT_SIMPLE;
      if (lines.ranged) {
        lines.last = line;
        lines.node = scalarNode(lines, undefined, from, contentStart + close + 1);
      }
      break;
    }
    // An escaped line break or space (a backslash at the end of a double-quoted line) is left to the parser.
    if (!single && piece.includes('\\') && /\\ *$/.test(piece.replace(/\\\\/g, ''))) return NOT_SIMPLE;
    pendingBreaks = 0;
    for (;;) {
      if (lines.i >= lines.n) return NOT_SIMPLE;
      if (lines.ts[lines.i] !== lines.te[lines.i]) break;
      pendingBreaks++;
      lines.i++;
    }
    if (indentOf(lines, lines.i) <= parentIndent) return NOT_SIMPLE;
    // Trailing spaces before the closing quote belong to the value: take the raw line's end.
    content = src.slice(lines.ts[lines.i], rawEnd(lines, lines.i));
    contentStart = lines.ts[lines.i];
    line = lines.i;
    lines.i++;
    // A document marker inside a quoted scalar is an error in YAML.
    if (content.startsWith('---') || content.startsWith('...')) return NOT_SIMPLE;
  }
  out += last;
  const value = single ? out.replace(/''/g, "'") : unescapeDouble(out);
  if (lines.node?.kind === 'scalar' && lines.ranged) lines.node.value = value;
  return value;
}

function trimTrailingSpaces(s: string): string {
  let b = s.length;
  while (b > 0 && s.charCodeAt(b - 1) === 32) b--;
  return b === s.length ? s : s.slice(0, b);
}

/** Index of the closing `'` (not a doubled `''`) in `text` between `from` and `to`, or -1. */
function closingSingleQuote(text: string, from = 0, to = text.length): number {
  for (let i = text.indexOf("'", from); i >= 0 && i < to; i = text.indexOf("'", i + 2)) {
    if (i + 1 >= to || text.charCodeAt(i + 1) !== 39) return i;
  }
  return -1;
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

/** The value of a double-quoted scalar's content (quotes excluded), YAML's escapes decoded. */
function unescapeDouble(s: string): unknown {
  if (!s.includes('\\')) return s;
  let out = '';
  let i = 0;
  for (;;) {
    const j = s.indexOf('\\', i);
    if (j < 0) return out + s.slice(i);
    out += s.slice(i, j);
    const c = s[j + 1];
    const simple = DOUBLE_ESCAPES[c];
    if (simple !== undefined && Object.prototype.hasOwnProperty.call(DOUBLE_ESCAPES, c)) {
      out += simple;
      i = j + 2;
      continue;
    }
    const digits = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    const hex = s.slice(j + 2, j + 2 + digits);
    if (!digits || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return NOT_SIMPLE;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff) return NOT_SIMPLE;
    out += String.fromCodePoint(code);
    i = j + 2 + digits;
  }
}

/** A plain, single- or double-quoted scalar on one line, typed as YAML 1.2's core schema types it. */
function scalar(text: string): unknown {
  const c = text[0];
  if (c === '"') {
    const end = closingDoubleQuote(text, 1);
    if (end < 0 || !onlyComment(text.slice(end + 1))) return NOT_SIMPLE;
    return unescapeDouble(text.slice(1, end));
  }
  if (c === "'") {
    const end = closingSingleQuote(text, 1);
    if (end < 0 || !onlyComment(text.slice(end + 1))) return NOT_SIMPLE;
    return text.slice(1, end).replace(/''/g, "'");
  }
  // Plain scalar: anything that could start another YAML construct goes to the real parser.
  if ('&*!|>%@`{[]},?#'.includes(c) || (c === '-' && (text.length === 1 || text[1] === ' ')) || (c === ':' && (text.length === 1 || text[1] === ' '))) return NOT_SIMPLE;
  let value = text;
  const comment = value.indexOf(' #');
  if (comment >= 0) value = value.slice(0, comment).trimEnd();
  if (value.includes(': ') || value.charCodeAt(value.length - 1) === 58) return NOT_SIMPLE;
  return plainValue(value);
}

function onlyComment(rest: string): boolean {
  const t = rest.trim();
  return t === '' || (t.startsWith('#') && /^\s/.test(rest));
}

/** Index of the closing `"` at or after `from` and before `to` (escapes skipped), or -1. */
function closingDoubleQuote(text: string, from: number, to = text.length): number {
  let i = from;
  while (i < to) {
    TO_QUOTE_OR_ESCAPE.lastIndex = i;
    TO_QUOTE_OR_ESCAPE.test(text);
    i = TO_QUOTE_OR_ESCAPE.lastIndex;
    if (i >= to) return -1;
    const c = text.charCodeAt(i);
    if (c === 34) return i;
    // A backslash: the escaped character is stepped over (a line break, where the scan stopped too, is not).
    i += c === 92 ? 2 : 1;
  }
  return -1;
}

/** Up to a `"`, a backslash or a line break (for `lastIndex`, as KEY_CHARS; the line break bounds the scan in a whole document). */
const TO_QUOTE_OR_ESCAPE = /[^"\\\n]*/y;

/** A sign after the first character and not after an exponent's `e` (one native search, not a loop over the characters). */
const SIGN_INSIDE = /[^eE][-+]/;

/** YAML 1.2 core schema resolution of a plain scalar. */
function plainValue(v: string): unknown {
  const c = v.charCodeAt(0);
  // Most values are text: only these first characters can start a null, boolean or number.
  if (v.length > 5 && !((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return v;
  // The words below are five letters or fewer: longer values (dates, numbers) skip the comparisons.
  if (v.length <= 5) switch (v) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  // Numbers start with a digit, a sign or `.`, and have a sign only first or after an exponent's
  // `e` (dates like 2013-01-08 don't): anything else is text, without trying the regexes.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) || SIGN_INSIDE.test(v)) return v;
  if (/^[-+]?[0-9]+$/.test(v)) return parseInt(v, 10);
  if (/^0o[0-7]+$/.test(v)) return parseInt(v.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(v)) return parseInt(v.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(v)) return parseFloat(v);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(v) || /^\.(nan|NaN|NAN)$/.test(v)) return NOT_SIMPLE;
  return v;
}

/** `[a, "b c", 'd']` on one line; undefined for nested or multi-line lists. */
function flowList(text: string, lines?: Lines, start = 0): unknown[] | undefined {
  const ranged = lines?.ranged === true;
  const nodes: FmValue[] = [];
  const close = text.lastIndexOf(']');
  if (close < 0 || !onlyComment(text.slice(close + 1))) return undefined;
  const inner = text.slice(1, close);
  if (/[[\]{}]/.test(inner.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, ''))) return flowListOfMaps(text, lines, start);
  const items: unknown[] = [];
  let i = 0;
  while (i < inner.length) {
    while (inner[i] === ' ') i++;
    if (i >= inner.length) break;
    let end: number;
    if (inner[i] === '"') {
      const q = closingDoubleQuote(inner, i + 1);
      if (q < 0) return undefined;
      end = q + 1;
    } else if (inner[i] === "'") {
      let j = i + 1;
      for (;;) {
        const k = inner.indexOf("'", j);
        if (k < 0) return undefined;
        if (inner[k + 1] === "'") j = k + 2;
        else {
          end = k + 1;
          break;
        }
      }
    } else {
      end = inner.indexOf(',', i);
      if (end < 0) end = inner.length;
    }
    const itemText = inner.slice(i, end).trim();
    if (itemText === '') return undefined;
    const v = scalar(itemText);
    if (v === NOT_SIMPLE) return undefined;
    items.push(v);
    // The item's text is its source unless trim() took white space other than spaces from its start.
    const c0 = itemText.charCodeAt(0);
    if (ranged) nodes.push(scalarNode(lines!, v, start + 1 + i, start + 1 + i + itemText.length, c0 > 32 && c0 < 128 ? itemText : undefined));
    i = end;
    while (inner[i] === ' ') i++;
    if (i < inner.length) {
      if (inner[i] !== ',') return undefined;
      i++;
    }
  }
  if (ranged) {
    lines!.last = lines!.i - 1;
    lines!.node = { kind: 'list', items: nodes, span: { start, end: start + close + 1 }, flow: true };
  }
  return items;
}

/**
 * `[{ from: a, to: b }, …]` on one line: a flow list whose items are flow maps (or scalars without
 * brackets); undefined for anything else (nested lists, a comment, a trailing comma).
 */
function flowListOfMaps(text: string, lines?: Lines, start = 0): unknown[] | undefined {
  const items = flowItems(text, '[', ']');
  if (!items) return undefined;
  const ranged = lines?.ranged === true;
  const values: unknown[] = [];
  const nodes: FmValue[] = [];
  for (let n = 0; n < items.length; n += 2) {
    const a = items[n];
    const b = items[n + 1];
    const item = text.slice(a, b);
    let value: unknown;
    if (item.charCodeAt(0) === 123 /* { */) value = flowMap(item, lines, start + a);
    else if (/[[\]{}]/.test(item)) return undefined;
    else {
      value = scalar(item);
      if (ranged && value !== NOT_SIMPLE) lines!.node = scalarNode(lines!, value, start + a, start + b);
    }
    if (value === undefined || value === NOT_SIMPLE) return undefined;
    values.push(value);
    if (ranged) nodes.push(lines!.node!);
  }
  if (ranged) {
    lines!.last = lines!.i - 1;
    lines!.node = { kind: 'list', items: nodes, span: { start, end: start + text.lastIndexOf(']') + 1 }, flow: true };
  }
  return values;
}

/**
 * `{ key: value, … }` on one line (values: scalars, one-line flow lists, flow maps); undefined for
 * anything else (an empty value, a trailing comma, a comment, brackets inside plain values).
 * Ranged reads (`lines`, `start`: where the text starts in the document) leave its node in `lines.node`.
 */
function flowMap(text: string, lines?: Lines, start = 0): Record<string, unknown> | undefined {
  const items = flowItems(text, '{', '}');
  if (!items) return undefined;
  const ranged = lines?.ranged === true;
  const data: Record<string, unknown> = {};
  const entries: FmEntry[] = [];
  for (let n = 0; n < items.length; n += 2) {
    const a = items[n];
    const b = items[n + 1];
    const keyEnd = keyAt(text, a, b);
    if (keyEnd < 0) return undefined;
    const restStart = restAt(text, keyEnd, b);
    if (restStart === b) return undefined;
    const key = keyText(text, a, keyEnd);
    if (key === '<<' || key === '__proto__' || Object.prototype.hasOwnProperty.call(data, key)) return undefined;
    const q = text.charCodeAt(a);
    // A typed key (`true:`) as in `mapping`.
    if (ranged && keyEnd - a <= 5 && q !== 34 && q !== 39 && typeof plainValue(key) !== 'string') return undefined;
    const rest = text.slice(restStart, b);
    let value: unknown;
    if (rest.startsWith('{')) value = flowMap(rest, lines, start + restStart);
    else if (rest.startsWith('[')) value = flowList(rest, lines, start + restStart);
    else if (/[[\]{}]/.test(rest.charCodeAt(0) === 34 || rest.charCodeAt(0) === 39 ? '' : rest)) return undefined;
    else {
      value = scalar(rest);
      if (ranged && value !== NOT_SIMPLE) lines!.node = scalarNode(lines!, value, start + restStart, start + b);
    }
    if (value === undefined || value === NOT_SIMPLE) return undefined;
    data[key] = value;
    if (ranged) {
      const node = lines!.node!;
      entries.push({ key, keySpan: { start: start + a, end: start + keyEnd }, value: node, span: { start: start + a, end: node.span.end } });
    }
  }
  // Only white space may follow the closing brace (flowItems).
  if (ranged) lines!.node = { kind: 'map', entries, span: { start, end: start + text.lastIndexOf('}') + 1 } };
  return data;
}

/**
 * The comma-separated items (trimmed) between `open` at text[0] and its matching `close`, which
 * must end the text (a comment may follow); quotes and nested brackets are stepped over. Each item
 * as two offsets into `text`, where it starts and ends.
 */
function flowItems(text: string, open: string, close: string): number[] | undefined {
  if (text[0] !== open || text.includes(' #')) return undefined;
  const items: number[] = [];
  let depth = 0;
  let from = 1;
  /** The last character before `i` that is not a space. */
  let previous = '';
  for (let i = 0; i < text.length; previous = text[i] === ' ' ? previous : text[i], i++) {
    const c = text[i];
    // A quote inside a plain scalar (`b"c`) is text in YAML, not the start of a quoted one: left to the parser.
    // It starts one only first in an item or right after `: ` (in `b:'c'` the colon is text too).
    if ((c === '"' || c === "'") && !('{[,'.includes(previous) || (previous === ':' && text[i - 1] === ' '))) return undefined;
    if (c === '"') {
      i = closingDoubleQuote(text, i + 1);
      if (i < 0) return undefined;
    } else if (c === "'") {
      i = closingSingleQuote(text, i + 1);
      if (i < 0) return undefined;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        if (c !== close || text.slice(i + 1).trim() !== '') return undefined;
        if (!pushTrimmed(items, text, from, i) && items.length) return undefined; // a trailing comma
        return items;
      }
    } else if (c === ',' && depth === 1) {
      if (!pushTrimmed(items, text, from, i)) return undefined;
      from = i + 1;
    }
  }
  return undefined;
}

/** Adds where `text.slice(from, to).trim()` starts and ends to `items`, unless it is empty (false). */
function pushTrimmed(items: number[], text: string, from: number, to: number): boolean {
  const raw = text.slice(from, to);
  const start = raw.trimStart();
  const trimmed = start.trimEnd();
  if (trimmed === '') return false;
  const a = from + raw.length - start.length;
  items.push(a, a + trimmed.length);
  return true;
}
