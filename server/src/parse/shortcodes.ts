/**
 * Hugo shortcodes: a lexer that reads `{{< … >}}` and `{{% … %}}` the way Hugo's own page lexer does
 * (gohugoio/hugo parser/pageparser/pagelexer_shortcode.go), and a pairing step that builds the tree the
 * way hugolib/shortcode.go does — which depends on whether each template evaluates `.Inner`.
 *
 * Pure and total: never throws, whatever the input. Offsets are UTF-16 offsets into the full text.
 *
 * API (stable; the renderer and the editor features consume it):
 *   parseShortcodes(text, from?, to?)        → { tags, comments, problems }
 *   pairShortcodes(tags, needsInner)         → { roots, problems }
 *   findTagAt(tags, offset)                  → the tag whose span contains offset
 *   SHORTCODE_RULES                          → the rule ids used in `ParseProblem.code`
 *
 * Hugo stops at the first lexer error of a page; this lexer reports it, then skips to the tag's right
 * delimiter and goes on, so an editor sees every problem at once.
 */
import type { ParseProblem, Span } from './types';

export interface ShortcodeParam {
  /** Set for named parameters (`src="a.png"`, also `src = "a.png"`). */
  name?: string;
  nameSpan?: Span;
  /** The value as Hugo passes it to the template (quotes removed, `\"` unescaped). */
  value: string;
  /** The value as written, quotes (and an escaping backslash) included. */
  valueSpan: Span;
  quote: '"' | '`' | '';
}

export interface ShortcodeTag {
  /** `{{< x >}}` open, `{{< /x >}}` close, `{{< x />}}` self-closing. */
  kind: 'open' | 'close' | 'selfClosing';
  /** '' when the tag has no name. Names may contain `/` (`media/audio`) and end in `.inline`. */
  name: string;
  /** Zero-length at the expected place when the name is missing. */
  nameSpan: Span;
  /** From `{{<` to just after `>}}`; when the tag breaks off, up to where it did. */
  span: Span;
  /** `{{% … %}}`: the inner content is rendered as Markdown. */
  markdown: boolean;
  params: ShortcodeParam[];
  /** An inline shortcode, `{{< name.inline >}}`. */
  inline: boolean;
  /** The right delimiter was found and the tag lexed without error. */
  terminated: boolean;
  /** The lexer reported a problem inside this tag (pairing then stays quiet about it). */
  hasProblem: boolean;
  /** The `/` of a close or self-closing tag. */
  slashSpan?: Span;
}

/** The escape form, `{{</*` x `*\/>}}`: not a shortcode; Hugo renders it as the literal text `{{< x >}}`. */
export interface ShortcodeComment {
  span: Span;
  /** The text between the comment markers. */
  innerSpan: Span;
  markdown: boolean;
}

export interface ShortcodeParseResult {
  /** In source order. */
  tags: ShortcodeTag[];
  comments: ShortcodeComment[];
  problems: ParseProblem[];
}

export interface ShortcodeNode {
  /** The open or self-closing tag. */
  open: ShortcodeTag;
  /** The tag that closed it (Hugo closes the innermost open shortcode, whatever name the close tag has). */
  close?: ShortcodeTag;
  children: ShortcodeNode[];
  /** Between the open tag and the close tag. */
  innerSpan?: Span;
}

export interface ShortcodeTree {
  roots: ShortcodeNode[];
  problems: ParseProblem[];
}

/** Rule ids of the problems this module reports. */
export const SHORTCODE_RULES = {
  syntax: 'shortcode-syntax',
  unclosedAction: 'shortcode-unclosed-action',
  mixedParams: 'shortcode-mixed-params',
  unterminatedString: 'shortcode-unterminated-string',
  closeUnopened: 'shortcode-close-unopened',
  closeMismatch: 'shortcode-close-mismatch',
  commentUnclosed: 'shortcode-comment-unclosed',
  inlineNesting: 'shortcode-inline-nesting',
  noName: 'shortcode-no-name',
  mustClose: 'shortcode-must-close',
  noInner: 'shortcode-no-inner',
  closeNameMismatch: 'shortcode-close-name-mismatch',
} as const;

const R = SHORTCODE_RULES;

/** The lexer keeps at most this many problems per text (a page of 20,000 broken tags reports the first ones). */
export const MAX_PROBLEMS = 500;

// Character classes of Hugo's lexer (Go's unicode package).
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;
const GO_SPACE = /[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;

function isAlphaNumeric(ch: string): boolean {
  const c = ch.charCodeAt(0);
  // ASCII (nearly every name) without the Unicode regex: there \p{L} and \p{Nd} are [A-Za-z] and [0-9].
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
  return LETTER_OR_DIGIT.test(ch);
}
function isAlphaNumericOrHyphen(ch: string): boolean {
  return ch === '-' || isAlphaNumeric(ch);
}

/** Go's `%#U`: `U+0025 '%'`. */
function formatRune(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const printable = cp >= 0x20 && !(cp >= 0x7f && cp <= 0x9f);
  return printable ? `U+${hex} '${ch}'` : `U+${hex}`;
}

/**
 * Runs of ASCII characters the name and parameter loops below take one by one (letters, digits, `_`,
 * `-`, and `/` in names, `.` in parameters): passed over at once by a sticky regex, which runs at full
 * speed where those loops, unoptimized on a first (cold) run, cost tens of nanoseconds a character.
 * The loops then go on from where the run stops. lastIndex is set before each use.
 */
const ASCII_NAME_RUN = /[A-Za-z0-9_\-/]+/y;
const ASCII_WORD_RUN = /[A-Za-z0-9_\-.]+/y;

/** simpleTag's pieces: blanks, a name (what lexTag's loop takes from an ASCII letter, digit or `_` on), a word parameter, a `"…"` value without `\\` or line break. */
const BLANKS = /[ \t]+/y;
const SIMPLE_NAME = /[A-Za-z0-9_][A-Za-z0-9_\-/]*/y;
const SIMPLE_WORD = /[A-Za-z0-9_\-][A-Za-z0-9_\-.]*/y;
const SIMPLE_QUOTED = /"[^"\\\n]*"/y;

/** Past the run of `re` at `p`, but not past `end`. */
function skipRun(re: RegExp, text: string, p: number, end: number): number {
  re.lastIndex = p;
  return re.test(text) ? Math.min(re.lastIndex, end) : p;
}

/**
 * A broken tag is abandoned by returning BROKEN (not by throwing: a throw per broken tag cost more
 * than lexing it); `brokeAt` then tells where recovery starts, or -1 for "where the tag stopped".
 */
const BROKEN = undefined;

class ShortcodeLexer {
  readonly tags: ShortcodeTag[] = [];
  readonly comments: ShortcodeComment[] = [];
  readonly problems: ParseProblem[] = [];
  private pos: number;
  /** Hugo's `currShortcodeName != ""`: some shortcode name was lexed earlier in the page. */
  private anyNameSeen = false;
  /** Hugo's `openShortcodes`: every name lexed so far (Hugo never unsets them in effect). */
  private readonly namesSeen = new Set<string>();
  /** Name of an inline shortcode whose body is being read; only its close tag may follow. */
  private openInline: string | undefined;

  constructor(
    private readonly text: string,
    from: number,
    private readonly end: number,
  ) {
    this.pos = from;
  }

  run(): void {
    const { text, end } = this;
    while (this.pos < end) {
      const i = text.indexOf('{{', this.pos);
      if (i < 0 || i + 3 > end) return;
      const marker = text[i + 2];
      if (marker !== '<' && marker !== '%') {
        this.pos = i + 1;
        continue;
      }
      this.pos = this.lexTag(i, marker === '%');
    }
  }

  /** Problems found, including those past MAX_PROBLEMS that are not kept. */
  private problemCount = 0;
  private problem(message: string, start: number, endOffset: number, code: string, severity: ParseProblem['severity'] = 'error'): void {
    this.problemCount++;
    if (this.problems.length >= MAX_PROBLEMS) return;
    const s = Math.min(start, this.end);
    this.problems.push({ message, span: { start: s, end: Math.min(Math.max(s, endOffset), this.end) }, severity, code });
  }

  private charAt(p: number): string {
    if (p >= this.end) return '';
    const c = this.text.charCodeAt(p);
    // Outside a surrogate pair the character is the one code unit (no code point to rebuild).
    if (c < 0xd800 || c > 0xdbff) return this.text[p];
    return String.fromCodePoint(this.text.codePointAt(p)!);
  }

  /** Ends the tag being lexed (see lexTag) at `at`. */
  private finishTag(tag: ShortcodeTag, start: number, problemsBefore: number, nameSeen: boolean, at: number, terminated: boolean): number {
    tag.span.end = at;
    tag.terminated = terminated;
    if (!nameSeen && terminated) {
      this.problem('shortcode has no name', start, at, R.noName);
    }
    tag.hasProblem = this.problemCount > problemsBefore;
    if (tag.kind === 'open' && tag.inline && terminated) this.openInline = tag.name;
    else if (tag.kind !== 'open') this.openInline = undefined;
    return at;
  }

  /** After an error: resume after this tag's right delimiter, unless another tag starts first. */
  private recoverTag(tag: ShortcodeTag, start: number, problemsBefore: number, nameSeen: boolean, right: string, from: number): number {
    const k = this.indexOf(right, from);
    const n = this.nextTagStart(from);
    if (k >= 0 && k + 3 <= this.end && (n < 0 || k < n)) return this.finishTag(tag, start, problemsBefore, nameSeen, k + 3, false);
    return this.finishTag(tag, start, problemsBefore, nameSeen, n >= 0 ? n : this.end, false);
  }

  /** Lexes the tag starting at `start` (at `{{`); returns where the main loop resumes. */
  private lexTag(start: number, markdown: boolean): number {
    const simple = this.simpleTag(start, markdown);
    if (simple >= 0) return simple;
    const { text, end } = this;
    const right = markdown ? '%}}' : '>}}';
    let p = start + 3;

    if (this.openInline !== undefined && !this.closesInline(p)) {
      this.problem('inline shortcodes do not support nesting', start, p, R.inlineNesting);
    }

    if (text.startsWith('/*', p)) {
      const close = this.indexOf('*/' + right, p);
      if (close < 0 || close + 5 > end || close - p <= 1) {
        this.problem('comment must be closed', start, p + 2, R.commentUnclosed);
        return p + 2;
      }
      this.comments.push({ span: { start, end: close + 5 }, innerSpan: { start: p + 2, end: close }, markdown });
      return close + 5;
    }

    const tag: ShortcodeTag = {
      kind: 'open',
      name: '',
      nameSpan: { start: p, end: p },
      span: { start, end: p },
      markdown,
      params: [],
      inline: false,
      terminated: false,
      hasProblem: false,
    };
    this.tags.push(tag);
    const problemsBefore = this.problemCount;

    let elementStep = 0;
    let paramElements = 0;
    let closing = false;
    let nameSeen = false;
    let awaitingValue: ShortcodeParam | undefined;

    try {
      for (;;) {
        if (text.startsWith(right, p) && p + 3 <= end) return this.finishTag(tag, start, problemsBefore, nameSeen, p + 3, true);
        if (p >= end) {
          this.problem('unclosed shortcode action', start, start + 3, R.unclosedAction);
          return this.finishTag(tag, start, problemsBefore, nameSeen, end, false);
        }
        const ch = this.charAt(p);
        if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
          p++;
          continue;
        }
        if (ch === '=') {
          p++;
          while (p < end && GO_SPACE.test(text[p])) p++;
          const valueStart = p;
          const peek = this.charAt(p);
          let value: string;
          let quote: ShortcodeParam['quote'] = '';
          if (peek === '"' || peek === '\\' || peek === '`') {
            const lexed = peek === '`' ? this.lexRaw(p) : this.lexQuoted(p, peek !== '\\');
            if (lexed === BROKEN) return this.recoverTag(tag, start, problemsBefore, nameSeen, right, this.brokeAt);
            [value, p] = lexed;
            quote = peek === '`' ? '`' : '"';
          } else {
            while (p < end && !GO_SPACE.test(text[p])) p++;
            value = text.slice(valueStart, p);
          }
          // Hugo's parser: a parameter followed directly by a value is a named parameter.
          if (awaitingValue) {
            awaitingValue.name = awaitingValue.value;
            awaitingValue.nameSpan = awaitingValue.valueSpan;
            awaitingValue.value = value;
            awaitingValue.valueSpan = { start: valueStart, end: p };
            awaitingValue.quote = quote;
          }
          awaitingValue = undefined;
          continue;
        }
        awaitingValue = undefined;
        if (ch === '/') {
          if (!this.anyNameSeen) this.problem('got closing shortcode, but none is open', p, p + 1, R.closeUnopened);
          closing = true;
          tag.slashSpan = { start: p, end: p + 1 };
          tag.kind = nameSeen ? 'selfClosing' : 'close';
          p++;
          continue;
        }
        if (ch === '\\') {
          p++;
          const peek = this.charAt(p);
          if (peek === '"' || peek === '`') {
            const param = this.lexParam(p, true, paramElements);
            if (param === BROKEN) return this.recoverTag(tag, start, problemsBefore, nameSeen, right, this.brokeAt >= 0 ? this.brokeAt : p);
            paramElements = param.paramElements;
            p = param.next;
            tag.params.push(param.param);
            awaitingValue = param.param;
          }
          continue;
        }
        if (elementStep > 0 && (isAlphaNumericOrHyphen(ch) || ch === '"' || ch === '`')) {
          const param = this.lexParam(p, false, paramElements);
          if (param === BROKEN) return this.recoverTag(tag, start, problemsBefore, nameSeen, right, this.brokeAt >= 0 ? this.brokeAt : p);
          paramElements = param.paramElements;
          p = param.next;
          tag.params.push(param.param);
          awaitingValue = param.param;
          continue;
        }
        if (isAlphaNumeric(ch)) {
          const nameStart = p;
          let inline = false;
          for (;;) {
            p = skipRun(ASCII_NAME_RUN, text, p, end);
            const c = this.charAt(p);
            if (c !== '' && (isAlphaNumericOrHyphen(c) || c === '/')) {
              p += c.length;
            } else if (c === '.') {
              inline = text.startsWith('inline ', p + 1);
              if (!inline) {
                this.problem('period in shortcode name only allowed for inline identifiers', nameStart, p + 1, R.syntax);
                return this.recoverTag(tag, start, problemsBefore, nameSeen, right, p);
              }
              p++;
            } else break;
          }
          const word = text.slice(nameStart, p);
          tag.name = word;
          tag.nameSpan = { start: nameStart, end: p };
          tag.inline = inline;
          nameSeen = true;
          elementStep++;
          if (closing && !this.namesSeen.has(word) && this.anyNameSeen) {
            this.problem(`closing tag for shortcode '${word}' does not match start tag`, nameStart, p, R.closeMismatch);
          }
          this.anyNameSeen = true;
          this.namesSeen.add(word);
          if (closing) {
            // Only blanks may follow the name of a close tag.
            while (text[p] === ' ' || text[p] === '\t') p++;
            if (text.startsWith(right, p) && p + 3 <= end) return this.finishTag(tag, start, problemsBefore, nameSeen, p + 3, true);
            this.problem('unclosed shortcode', p, p + 1, R.syntax);
            return this.recoverTag(tag, start, problemsBefore, nameSeen, right, p);
          }
          continue;
        }
        this.problem(
          `unrecognized character in shortcode action: ${formatRune(ch)}. Note: Parameters with non-alphanumeric args must be quoted`,
          p,
          p + ch.length,
          R.syntax,
        );
        return this.recoverTag(tag, start, problemsBefore, nameSeen, right, p);
      }
    } catch {
      // Defensive: nothing above throws.
      return this.recoverTag(tag, start, problemsBefore, nameSeen, right, p);
    }
  }

  /**
   * The common tag, lexed by a few sticky regex tests: `{{< name >}}`, `{{< / name >}}` (a name seen
   * before) and an open tag with positional parameters (ASCII words, `"…"` without `\\`) or named
   * ones (`name="…"`), one blank or more between. The tag is the one lexTag's loop makes, without a
   * problem; anything else (or where a problem would be) gives -1, and the loop reads the tag. Cold,
   * that loop costs microseconds a tag: it runs unoptimized, a call or more per character.
   */
  private simpleTag(start: number, markdown: boolean): number {
    const { text, end } = this;
    if (this.openInline !== undefined || text.startsWith('/*', start + 3)) return -1;
    const right = markdown ? '%}}' : '>}}';
    let p = skipRun(BLANKS, text, start + 3, end);
    const slash = text.charCodeAt(p) === 47 /* / */ ? p : -1;
    if (slash >= 0) {
      if (!this.anyNameSeen) return -1;
      p = skipRun(BLANKS, text, p + 1, end);
    }
    const nameStart = p;
    p = skipRun(SIMPLE_NAME, text, p, end);
    if (p === nameStart) return -1;
    const name = text.slice(nameStart, p);
    const params: ShortcodeParam[] = [];
    if (slash >= 0) {
      if (!this.namesSeen.has(name)) return -1;
      p = skipRun(BLANKS, text, p, end);
    }
    // Open: parameters, each after a blank; all positional or all named (mixing is a problem).
    let named: boolean | undefined;
    while (slash < 0 && !(text.startsWith(right, p) && p + 3 <= end)) {
      const blankEnd = skipRun(BLANKS, text, p, end);
      if (blankEnd === p) return -1;
      p = blankEnd;
      if (text.startsWith(right, p)) break;
      const valueStart = p;
      if (text.charCodeAt(p) === 34 /* " */) {
        if (named === true) return -1;
        named = false;
        p = skipRun(SIMPLE_QUOTED, text, p, end);
        if (p === valueStart) return -1;
        params.push({ value: text.slice(valueStart + 1, p - 1), valueSpan: { start: valueStart, end: p }, quote: '"' });
        continue;
      }
      p = skipRun(SIMPLE_WORD, text, p, end);
      if (p === valueStart) return -1;
      const word = text.slice(valueStart, p);
      if (text.charCodeAt(p) !== 61 /* = */) {
        if (named === true) return -1;
        named = false;
        params.push({ value: word, valueSpan: { start: valueStart, end: p }, quote: '' });
        continue;
      }
      if (named === false) return -1;
      named = true;
      const quoteStart = p + 1;
      p = skipRun(SIMPLE_QUOTED, text, quoteStart, end);
      if (p === quoteStart) return -1;
      // Built as lexTag does (the positional parameter named when its value follows): same key order.
      const param: ShortcodeParam = { value: word, valueSpan: { start: valueStart, end: quoteStart - 1 }, quote: '' };
      param.name = param.value;
      param.nameSpan = param.valueSpan;
      param.value = text.slice(quoteStart + 1, p - 1);
      param.valueSpan = { start: quoteStart, end: p };
      param.quote = '"';
      params.push(param);
    }
    // The name ends where lexTag's loop would end it: at a blank or the right delimiter.
    if (!(text.startsWith(right, p) && p + 3 <= end)) return -1;
    const nameEnd = nameStart + name.length;
    const after = text.charCodeAt(nameEnd);
    if (after !== 32 && after !== 9 && !text.startsWith(right, nameEnd)) return -1;
    const tag: ShortcodeTag = {
      kind: slash >= 0 ? 'close' : 'open',
      name,
      nameSpan: { start: nameStart, end: nameEnd },
      span: { start, end: p + 3 },
      markdown,
      params,
      inline: false,
      terminated: true,
      hasProblem: false,
    };
    if (slash >= 0) tag.slashSpan = { start: slash, end: slash + 1 };
    this.tags.push(tag);
    this.anyNameSeen = true;
    this.namesSeen.add(name);
    return p + 3;
  }

  /** Where recovery from the last BROKEN starts; -1: where the tag stopped. */
  private brokeAt = -1;
  private broken(at = -1): typeof BROKEN {
    this.brokeAt = at;
    return BROKEN;
  }

  /** Whether the tag opening at `p` (after `{{<`) is `/ name ` closing the open inline shortcode. */
  private closesInline(p: number): boolean {
    let i = p;
    while (i < this.end && GO_SPACE.test(this.text[i])) i++;
    if (this.text[i] !== '/') return false;
    i++;
    while (i < this.end && GO_SPACE.test(this.text[i])) i++;
    return this.text.startsWith(this.openInline + ' ', i);
  }

  /**
   * `text.indexOf(needle, from)`, remembered per needle: the lexer only moves forward, so a search
   * from inside a stretch already searched is answered without rescanning it. Without this, every
   * broken tag of a page with no right delimiter after it scans to the end (20,000 broken `{{< `
   * took seconds).
   */
  private found: Map<string, { from: number; at: number }> | undefined;
  private indexOf(needle: string, from: number): number {
    const found = (this.found ??= new Map());
    const c = found.get(needle);
    if (c && c.from <= from && (c.at < 0 || c.at >= from)) return c.at;
    const at = this.text.indexOf(needle, from);
    found.set(needle, { from, at });
    return at;
  }

  private nextTagStart(from: number): number {
    const a = this.indexOf('{{<', from);
    const b = this.indexOf('{{%', from);
    const n = a < 0 ? b : b < 0 ? a : Math.min(a, b);
    return n >= 0 && n < this.end ? n : -1;
  }

  /** A positional or named parameter's first token (Hugo's lexShortcodeParam). */
  private lexParam(
    p: number,
    escapedQuoteStart: boolean,
    paramElements: number,
  ): { param: ShortcodeParam; next: number; paramElements: number } | typeof BROKEN {
    const start = p;
    const first = this.charAt(p);
    if (first === '"' || (first === '`' && !escapedQuoteStart)) {
      if (paramElements === 2) {
        this.problem('got quoted positional parameter. Cannot mix named and positional parameters', p, p + 1, R.mixedParams);
      }
      const lexed = first === '"' ? this.lexQuoted(p, !escapedQuoteStart) : this.lexRaw(p);
      if (lexed === BROKEN) return BROKEN;
      const [value, next] = lexed;
      const valueStart = escapedQuoteStart ? p - 1 : p;
      return { param: { value, valueSpan: { start: valueStart, end: next }, quote: first }, next, paramElements: 1 };
    }
    if (first === '`') {
      this.problem('unrecognized escape character', p - 1, p + 1, R.syntax);
      return this.broken();
    }
    let nextEq = false;
    for (;;) {
      p = skipRun(ASCII_WORD_RUN, this.text, p, this.end);
      const c = this.charAt(p);
      if (c === '=' && p > start) {
        nextEq = true;
        break;
      }
      if (c === '' || !(isAlphaNumericOrHyphen(c) || c === '.')) break;
      p += c.length;
    }
    const word = this.text.slice(start, p);
    if (paramElements === 0) {
      paramElements = nextEq ? 2 : 1;
    } else if (nextEq && paramElements === 1) {
      this.problem(`got named parameter '${word}'. Cannot mix named and positional parameters`, start, p, R.mixedParams);
    } else if (!nextEq && paramElements === 2) {
      this.problem(`got positional parameter '${word}'. Cannot mix named and positional parameters`, start, p, R.mixedParams);
    }
    return { param: { value: word, valueSpan: { start, end: p }, quote: '' }, next: p, paramElements };
  }

  /** A double-quoted value; `escapedQuotesAllowed` is false for the `\"…\"` form. Returns [value, end]. */
  private lexQuoted(p: number, escapedQuotesAllowed: boolean): [string, number] | typeof BROKEN {
    const { text, end } = this;
    let openQuoteFound = false;
    let escapedInnerQuoteFound = false;
    let escapedQuoteState = 0;
    let contentStart = p;
    for (;;) {
      if (p >= end) return this.unterminatedString(contentStart, p);
      const c = text[p++];
      if (c === '\\') {
        if (text[p] === '"') {
          if (openQuoteFound && !escapedQuotesAllowed) {
            p--;
            break;
          } else if (openQuoteFound) {
            escapedInnerQuoteFound = true;
            escapedQuoteState = 1;
          }
        } else if (text[p] === '`') {
          this.problem('unrecognized escape character', p - 1, p + 1, R.syntax);
          return this.broken(p + 1);
        }
      } else if (c === '\n') {
        return this.unterminatedString(contentStart, p - 1);
      } else if (c === '"') {
        if (escapedQuoteState === 0) {
          if (openQuoteFound) {
            p--;
            break;
          }
          openQuoteFound = true;
          contentStart = p;
        } else {
          escapedQuoteState = 0;
        }
      }
    }
    let value = text.slice(contentStart, p);
    if (escapedInnerQuoteFound) value = value.replace(/\\/g, '');
    if (text[p] === '\\' && text[p + 1] === '"') p += 2;
    else if (text[p] === '"') p++;
    return [value, p];
  }

  private unterminatedString(contentStart: number, at: number): typeof BROKEN {
    const current = this.text.slice(contentStart, at).replace(/\r$/, '');
    this.problem(`unterminated quoted string in shortcode parameter-argument: '${current}'`, Math.max(0, contentStart - 1), at, R.unterminatedString);
    return this.broken(at);
  }

  /** A backtick raw string: no escapes, may span lines. */
  private lexRaw(p: number): [string, number] | typeof BROKEN {
    const close = this.text.indexOf('`', p + 1);
    if (close < 0 || close >= this.end) {
      const current = this.text.slice(p + 1, this.end);
      const shown = current.length > 80 ? current.slice(0, 80) + '…' : current;
      this.problem(`unterminated raw string in shortcode parameter-argument: '${shown}'`, p, this.end, R.unterminatedString);
      return this.broken(this.end);
    }
    return [this.text.slice(p + 1, close), close + 1];
  }
}


/**
 * Lexes the shortcodes of `text` between `from` and `to` (the content after the front matter, usually).
 * Shortcodes inside code fences and inline code count: Hugo does not look at Markdown structure.
 */
export function parseShortcodes(text: string, from = 0, to: number = text.length): ShortcodeParseResult {
  const end = Math.max(0, Math.min(to, text.length));
  const lexer = new ShortcodeLexer(text, Math.max(0, Math.min(from, end)), end);
  try {
    lexer.run();
  } catch {
    // Defensive: the lexer is written not to throw; keep what it found if it ever does.
  }
  return { tags: lexer.tags, comments: lexer.comments, problems: lexer.problems };
}

/**
 * Builds the shortcode tree as Hugo does. `needsInner(name)` tells whether the template of `name`
 * evaluates `.Inner`/`.InnerDeindent` (true: the open tag expects a close tag or must self-close; false:
 * the tag stands alone and a close tag is an error), or undefined when the template is unknown — then a
 * later close tag of the same name decides.
 */
export function pairShortcodes(tags: ShortcodeTag[], needsInner: (name: string) => boolean | undefined): ShortcodeTree {
  const roots: ShortcodeNode[] = [];
  const problems: ParseProblem[] = [];
  const stack: ShortcodeNode[] = [];
  const closesAhead = new Map<string, number>();
  for (const t of tags) if (t.kind === 'close') closesAhead.set(t.name, (closesAhead.get(t.name) ?? 0) + 1);

  const attach = (node: ShortcodeNode) => (stack.length ? stack[stack.length - 1].children : roots).push(node);
  const problem = (message: string, span: Span, code: string, severity: ParseProblem['severity'] = 'error') =>
    problems.push({ message, span, severity, code });

  for (const tag of tags) {
    if (!tag.name) continue;
    if (tag.kind === 'open') {
      const node: ShortcodeNode = { open: tag, children: [] };
      attach(node);
      const inner = tag.inline ? true : needsInner(tag.name) ?? (closesAhead.get(tag.name) ?? 0) > 0;
      if (inner) stack.push(node);
    } else if (tag.kind === 'selfClosing') {
      attach({ open: tag, children: [] });
      if (!tag.inline && needsInner(tag.name) === false) {
        problem(`shortcode "${tag.name}" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided`, tag.slashSpan ?? tag.nameSpan, R.noInner);
      }
    } else {
      closesAhead.set(tag.name, (closesAhead.get(tag.name) ?? 1) - 1);
      const top = stack.pop();
      if (!top) {
        if (tag.hasProblem) continue;
        if (!tag.inline && needsInner(tag.name) === false) {
          problem(`shortcode "${tag.name}" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided`, tag.span, R.noInner);
        } else {
          problem('got closing shortcode, but none is open', tag.span, R.closeUnopened);
        }
        continue;
      }
      top.close = tag;
      top.innerSpan = { start: top.open.span.end, end: tag.span.start };
      if (top.open.name !== tag.name) {
        problem(`closing tag for shortcode '${tag.name}' closes '${top.open.name}', the innermost open shortcode`, tag.nameSpan, R.closeNameMismatch, 'warning');
      }
    }
  }
  for (const node of stack) {
    if (node.open.inline) continue;
    problem(`shortcode "${node.open.name}" must be closed or self-closed`, node.open.nameSpan, R.mustClose);
  }
  return { roots, problems };
}

/** The tag whose span contains `offset` (end inclusive, so a cursor just after `>}}` still finds it). */
export function findTagAt(tags: ShortcodeTag[], offset: number): ShortcodeTag | undefined {
  let lo = 0;
  let hi = tags.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tags[mid];
    if (offset < t.span.start) hi = mid - 1;
    else if (offset > t.span.end) lo = mid + 1;
    else return t;
  }
  return undefined;
}

/** Every node of a tree, depth first, parents before children. */
export function* walkShortcodes(nodes: ShortcodeNode[]): Generator<ShortcodeNode> {
  for (const n of nodes) {
    yield n;
    yield* walkShortcodes(n.children);
  }
}
