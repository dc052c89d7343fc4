/**
 * The common subset of YAML that real front matter uses, read by a line scanner (several times faster
 * than a full YAML parse): `scanSimpleYaml` gives the data (the index's read, fastFrontMatter.ts);
 * `scanSimpleYamlRanged` also gives every key's and value's range, as parse/frontMatter.ts's exact
 * parse reports them (what `check` and open documents use). Either returns undefined for anything
 * outside the subset, and the caller then uses the `yaml` package. Pure; never throws.
 */
import type { FmEntry, FmValue, Span } from './types';

/** A word character of a plain key ([A-Za-z0-9_]), or `.` / `-`. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

/**
 * `key: rest` without a regex match array per line: a plain key (a letter or `_`, then word
 * characters, `.`, `-`, or `:` not followed by a space) or a quoted one (no escapes), `:`, then
 * nothing or spaces and the rest. Returns the key (quotes kept) and the rest, or undefined.
 * `text` has no indentation or trailing spaces.
 */
function keyLine(text: string): { key: string; rest: string | undefined } | undefined {
  const first = text.charCodeAt(0);
  let end: number;
  if (first === 34 || first === 39) {
    const close = text.indexOf(first === 34 ? '"' : "'", 1);
    if (close < 0 || (first === 34 && text.lastIndexOf('\\', close) > 0)) return undefined;
    end = close + 1;
  } else {
    if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95)) return undefined;
    end = 1;
    for (;;) {
      const c = text.charCodeAt(end);
      if (isKeyChar(c)) end++;
      else if (c === 58 && end + 1 < text.length && text.charCodeAt(end + 1) !== 32) end++;
      else break;
    }
  }
  let i = end;
  while (text.charCodeAt(i) === 32) i++;
  if (text.charCodeAt(i) !== 58) return undefined;
  i++;
  if (i === text.length) return { key: text.slice(0, end), rest: undefined };
  if (text.charCodeAt(i) !== 32) return undefined;
  while (text.charCodeAt(i) === 32) i++;
  return { key: text.slice(0, end), rest: text.slice(i) };
}

/**
 * A list item's line (`- item`, or `-` alone; `text` has no trailing spaces): the item's text, or
 * null for `-` alone; undefined when the line is not one. No match array per line. A `\r`, U+2028
 * or U+2029 inside the line is not YAML-simple (the line regex this replaces did not match them).
 */
function listItem(text: string): string | null | undefined {
  if (text.charCodeAt(0) !== 45) return undefined;
  if (text.length === 1) return null;
  if (text.charCodeAt(1) !== 32) return undefined;
  let i = 2;
  while (text.charCodeAt(i) === 32) i++;
  for (let k = i; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 13 || c === 0x2028 || c === 0x2029) return undefined;
  }
  return text.slice(i);
}

const BLOCK_SCALAR = /^([|>])(-?)[ ]*(?:#.*)?$/;

/**
 * The source's lines as parallel arrays (no object per line, and a line's text is only sliced when
 * it has indentation or trailing spaces): `text[i]` is line i without indentation and trailing
 * spaces, `indent[i]` its indentation, `raw[i]` the line as written (without its line break).
 */
interface Lines {
  raw: string[];
  text: string[];
  indent: number[];
  i: number;
  /** Ranged reads only: where each line starts in `full`, the document's text. */
  starts?: number[];
  full?: string;
  /** Ranged reads: the node of the value just read, and the last line it takes. */
  node?: FmValue;
  last?: number;
}

/**
 * Reads the common subset of YAML, or returns undefined when the text uses anything outside it:
 * mappings (nested by indentation), block lists of scalars or of mappings, one-line flow lists and
 * (data only, not ranged) one-line flow maps,
 * plain and quoted scalars (also wrapped over several lines), and `|` / `>` block scalars. Must
 * agree with the `yaml` package on everything it accepts (a unit test checks it on real blogs).
 */
export function scanSimpleYaml(source: string): Record<string, unknown> | undefined {
  const lines = splitLines(source);
  if (!lines) return undefined;
  const data = mapping(lines, 0);
  if (data === undefined) return undefined;
  skipBlank(lines);
  return lines.i >= lines.text.length ? data : undefined;
}

/**
 * `scanSimpleYaml` with ranges: the top-level entries of the YAML between `start` and `end` of `text`
 * (the front matter's content), each key, value and list item with the range the `yaml` package's
 * document gives it (a unit test compares the two on real blogs). Undefined where the scanner or a
 * range is in doubt.
 */
export function scanSimpleYamlRanged(text: string, start: number, end: number): { entries: FmEntry[]; data: Record<string, unknown> } | undefined {
  if (end > start && text.charCodeAt(end - 1) !== 10) return undefined;
  const lines = splitLines(text.slice(start, end));
  if (!lines) return undefined;
  const starts: number[] = new Array(lines.raw.length);
  for (let k = 0, at = start; k < starts.length; k++) {
    starts[k] = at;
    at += lines.raw[k].length + 1 + (text.charCodeAt(at + lines.raw[k].length) === 13 ? 1 : 0);
  }
  lines.starts = starts;
  lines.full = text;
  const data = mapping(lines, 0);
  if (data === undefined) return undefined;
  skipBlank(lines);
  if (lines.i < lines.text.length || lines.node?.kind !== 'map') return undefined;
  return { entries: lines.node.entries, data };
}

function splitLines(source: string): Lines | undefined {
  if (source.includes('\t')) return undefined;
  const raw = source.split('\n');
  const n = raw.length;
  const text: string[] = new Array(n);
  const indent: number[] = new Array(n);
  for (let k = 0; k < n; k++) {
    let line = raw[k];
    if (line.charCodeAt(line.length - 1) === 13) raw[k] = line = line.slice(0, -1);
    let a = 0;
    while (line.charCodeAt(a) === 32) a++;
    let b = line.length;
    while (b > a && line.charCodeAt(b - 1) === 32) b--;
    indent[k] = a;
    text[k] = a === 0 && b === line.length ? line : line.slice(a, b);
  }
  // Every field set here, so that the plain and the ranged reads share one object shape.
  return { raw, text, indent, i: 0, starts: undefined, full: undefined, node: undefined, last: undefined };
}

/** Where line `k` starts, plus `column` (ranged reads). */
function at(lines: Lines, k: number, column = lines.indent[k]): number {
  return lines.starts![k] + column;
}

/** A block collection's range: from its first item to the line break after its last line. */
function blockSpan(lines: Lines, start: number): Span {
  return { start, end: lines.starts![lines.last! + 1] ?? lines.full!.length };
}

function scalarNode(lines: Lines, value: unknown, start: number, end: number): FmValue {
  const q = lines.full!.charCodeAt(start);
  return { kind: 'scalar', value, text: lines.full!.slice(start, end), span: { start, end }, quote: q === 34 ? '"' : q === 39 ? "'" : '' };
}

function isBlank(lines: Lines, k: number): boolean {
  const t = lines.text[k];
  return t === '' || t.charCodeAt(0) === 35; /* # */
}

function skipBlank(lines: Lines): void {
  while (lines.i < lines.text.length && isBlank(lines, lines.i)) lines.i++;
}

function mapping(lines: Lines, indent: number): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  const ranged = lines.starts !== undefined;
  const entries: FmEntry[] = [];
  let first = -1;
  let endsWithNull = false;
  for (;;) {
    skipBlank(lines);
    if (lines.i >= lines.text.length || lines.indent[lines.i] < indent) break;
    if (lines.indent[lines.i] > indent) return undefined;
    const k = lines.i;
    const lineText = lines.text[k];
    const m = keyLine(lineText);
    if (!m) return undefined;
    let key = m.key;
    if (key.startsWith('"') || key.startsWith("'")) key = key.slice(1, -1);
    else if (ranged && typeof plainValue(key) !== 'string') return undefined; // `1:`, `true:`: the yaml package's key is typed
    if (key === '<<' || Object.prototype.hasOwnProperty.call(data, key)) return undefined;
    lines.i++;
    const rest = m.rest;
    const restStart = ranged && rest !== undefined ? at(lines, k) + lineText.length - rest.length : 0;
    let value: unknown;
    endsWithNull = false;
    if (rest === undefined || rest === '' || rest.startsWith('#')) {
      value = nested(lines, indent);
      if (value === null && ranged) {
        // `key:` alone: a null scalar where the line's text ends (before a comment).
        const where = rest !== undefined && rest.startsWith('#') ? restStart : at(lines, k, 0) + lines.raw[k].length;
        lines.node = scalarNode(lines, null, where, where);
        lines.last = k;
        endsWithNull = true;
      }
    } else if (rest.startsWith('[')) value = flowList(rest, lines, restStart) ?? NOT_SIMPLE;
    // One-line flow maps (`build: { render: link }`): data only; ranged reads leave them to the yaml package.
    else if (rest.startsWith('{')) value = ranged ? NOT_SIMPLE : flowMap(rest) ?? NOT_SIMPLE;
    else if ((rest.charCodeAt(0) === 124 || rest.charCodeAt(0) === 62) && BLOCK_SCALAR.test(rest)) value = blockScalar(lines, indent, BLOCK_SCALAR.exec(rest)!, restStart);
    else value = scalarAt(lines, rest, indent, restStart);
    if (value === NOT_SIMPLE || value === undefined) return undefined;
    data[key] = value;
    if (ranged) {
      const keyStart = at(lines, k);
      if (first < 0) first = keyStart;
      const node = lines.node!;
      entries.push({ key, keySpan: { start: keyStart, end: keyStart + m.key.length }, value: node, span: { start: keyStart, end: node.span.end } });
    }
  }
  if (ranged) {
    // A nested mapping that ends with `key:` has a range the yaml package draws its own way: leave it to it.
    if (endsWithNull && indent > 0) return undefined;
    lines.node = { kind: 'map', entries, span: first < 0 ? { start: 0, end: 0 } : blockSpan(lines, first) };
  }
  return data;
}

/** What follows `key:` on the next lines: a block list, a nested mapping, or nothing (null). */
function nested(lines: Lines, indent: number): unknown {
  skipBlank(lines);
  const k = lines.i;
  if (k >= lines.text.length) return null;
  const next = lines.text[k];
  const nextIndent = lines.indent[k];
  const ranged = lines.starts !== undefined;
  if (next.charCodeAt(0) === 45 && nextIndent >= indent && listItem(next) !== undefined) {
    const items: unknown[] = [];
    const nodes: FmValue[] = [];
    const itemIndent = nextIndent;
    for (;;) {
      skipBlank(lines);
      const j = lines.i;
      if (j >= lines.text.length || lines.indent[j] !== itemIndent || lines.text[j].charCodeAt(0) !== 45) break;
      const item = listItem(lines.text[j]);
      if (item === undefined || item === null) return NOT_SIMPLE;
      const column = itemIndent + lines.text[j].length - item.length;
      const itemStart = ranged ? at(lines, j, column) : 0;
      let v: unknown;
      if (item.startsWith('[')) {
        v = flowList(item, lines, itemStart) ?? NOT_SIMPLE;
        lines.i++;
        lines.last = j;
      } else if (item.startsWith('{')) {
        v = ranged ? NOT_SIMPLE : flowMap(item) ?? NOT_SIMPLE;
        lines.i++;
      } else if (!item.startsWith('"') && !item.startsWith("'") && keyLine(item)) {
        // `- key: value` starts a mapping whose keys line up with `key`.
        lines.text[j] = item;
        lines.indent[j] = column;
        v = mapping(lines, column) ?? NOT_SIMPLE;
      } else {
        lines.i++;
        v = scalarAt(lines, item, itemIndent, itemStart);
      }
      if (v === NOT_SIMPLE) return NOT_SIMPLE;
      items.push(v);
      if (ranged) nodes.push(lines.node!);
    }
    if (ranged) lines.node = { kind: 'list', items: nodes, span: blockSpan(lines, at(lines, k, nextIndent)), flow: false };
    return items;
  }
  if (nextIndent > indent) {
    if (keyLine(next)) return mapping(lines, nextIndent) ?? NOT_SIMPLE;
    // A value that starts on the line after its key (wrapped text).
    lines.i++;
    return scalarAt(lines, next, indent, ranged ? at(lines, k) : 0);
  }
  return null;
}

/** `|` keeps line breaks, `>` folds them into spaces; `-` strips the final line break. */
function blockScalar(lines: Lines, indent: number, header: RegExpExecArray, start: number): unknown {
  const first = lines.i;
  while (lines.i < lines.text.length && (lines.text[lines.i] === '' || lines.indent[lines.i] > indent)) lines.i++;
  let end = lines.i;
  while (end > first && lines.text[end - 1] === '') end--;
  if (end === first) return NOT_SIMPLE;
  // Ranged: blank lines after the block belong to its range in ways left to the yaml package.
  if (lines.starts && end < Math.min(lines.i, lines.text.length - 1)) return NOT_SIMPLE;
  const blockIndent = lines.indent[first];
  // More-indented lines and comments-looking text keep YAML's subtler rules: leave them to the parser.
  for (let k = first; k < end; k++) {
    if (lines.text[k] !== '' ? lines.indent[k] !== blockIndent : lines.indent[k] > blockIndent) return NOT_SIMPLE;
  }
  const chomp = header[2] === '-' ? '' : '\n';
  let out = '';
  for (let k = first; k < end; k++) {
    const t = lines.raw[k].slice(lines.indent[k]);
    if (header[1] === '|') out += k === first ? t : '\n' + t;
    else if (k === first) out = t;
    else if (t === '') out += '\n';
    else out += out.endsWith('\n') ? t : ' ' + t;
  }
  const value = out + chomp;
  if (lines.starts) {
    lines.last = end - 1;
    lines.node = scalarNode(lines, value, start, blockSpan(lines, start).end);
  }
  return value;
}

const NOT_SIMPLE = Symbol('not simple');

/**
 * The scalar that starts with `first` (the rest of line `lines.i - 1` after `key: ` or `- `) and may
 * go on over the next lines indented more than `parentIndent`, as YAML folds them: one line break
 * becomes a space, each blank line a line break. Advances `lines.i` past it.
 */
function scalarAt(lines: Lines, first: string, parentIndent: number, start: number): unknown {
  const c = first[0];
  if (c === '"' || c === "'") return quotedAt(lines, first, parentIndent, c, start);
  const value = scalar(first);
  const continued = continuation(lines, parentIndent);
  if (!continued) {
    if (lines.starts && value !== NOT_SIMPLE) {
      const comment = first.indexOf(' #');
      lines.last = lines.i - 1;
      lines.node = scalarNode(lines, value, start, start + (comment >= 0 ? first.slice(0, comment).trimEnd().length : first.length));
    }
    return value;
  }
  if (value === NOT_SIMPLE) return NOT_SIMPLE;
  // A comment ends a plain scalar: nothing may follow it on more-indented lines.
  if (first.includes(' #')) return NOT_SIMPLE;
  let out = first;
  let breaks = 0;
  for (let k = continued.from; k < continued.to; k++) {
    const t = lines.text[k];
    if (t === '') {
      breaks++;
      continue;
    }
    // Inside a plain scalar only a comment or a `: ` (a key) ends or breaks it.
    if (t.startsWith('#') || /: |:$| #/.test(t)) return NOT_SIMPLE;
    out += breaks ? '\n'.repeat(breaks) + t : ' ' + t;
    breaks = 0;
  }
  lines.i = continued.to;
  const value2 = plainValue(out);
  if (lines.starts) {
    const k = continued.to - 1;
    lines.last = k;
    lines.node = scalarNode(lines, value2, start, at(lines, k) + lines.text[k].length);
  }
  return value2;
}

/** The lines after the current one that continue a value: non-blank lines indented more than `parentIndent`, and blank lines between them. */
function continuation(lines: Lines, parentIndent: number): { from: number; to: number } | undefined {
  const from = lines.i;
  let k = from;
  let to = from;
  while (k < lines.text.length) {
    if (lines.text[k] === '') {
      k++;
      continue;
    }
    if (lines.indent[k] <= parentIndent) break;
    to = ++k;
  }
  return to > from ? { from, to } : undefined;
}

/** A single- or double-quoted scalar starting at `first`, closed on this line or a later one. */
function quotedAt(lines: Lines, first: string, parentIndent: number, quote: '"' | "'", start: number): unknown {
  const single = quote === "'";
  // The content is read line by line; `pendingBreaks` counts the blank lines before the next piece.
  let content = first.slice(1);
  /** Ranged: where `content` starts in the document, and its line. */
  let contentStart = start + 1;
  let line = lines.i - 1;
  let out = '';
  let pendingBreaks = -1; // -1: first line
  for (;;) {
    const close = single ? closingSingleQuote(content) : closingDoubleQuote(content, 0);
    const piece = close < 0 ? content : content.slice(0, close);
    if (pendingBreaks < 0) out = piece;
    else if (pendingBreaks === 0) out = trimTrailingSpaces(out) + ' ' + piece;
    else out = trimTrailingSpaces(out) + '\n'.repeat(pendingBreaks) + piece;
    if (close >= 0) {
      if (!onlyComment(content.slice(close + 1))) return NOT_SIMPLE;
      if (lines.starts) {
        lines.last = line;
        lines.node = scalarNode(lines, undefined, start, contentStart + close + 1);
      }
      break;
    }
    // An escaped line break or space (a backslash at the end of a double-quoted line) is left to the parser.
    if (!single && /\\ *$/.test(piece.replace(/\\\\/g, ''))) return NOT_SIMPLE;
    pendingBreaks = 0;
    for (;;) {
      if (lines.i >= lines.text.length) return NOT_SIMPLE;
      if (lines.text[lines.i] !== '') break;
      pendingBreaks++;
      lines.i++;
    }
    if (lines.indent[lines.i] <= parentIndent) return NOT_SIMPLE;
    // Trailing spaces before the closing quote belong to the value: take the raw line's end.
    content = lines.raw[lines.i].slice(lines.indent[lines.i]);
    if (lines.starts) contentStart = at(lines, lines.i);
    line = lines.i;
    lines.i++;
    // A document marker inside a quoted scalar is an error in YAML.
    if (content.startsWith('---') || content.startsWith('...')) return NOT_SIMPLE;
  }
  const value = single ? out.replace(/''/g, "'") : unescapeDouble(out);
  if (lines.node?.kind === 'scalar' && lines.starts) lines.node.value = value;
  return value;
}

function trimTrailingSpaces(s: string): string {
  let b = s.length;
  while (b > 0 && s.charCodeAt(b - 1) === 32) b--;
  return b === s.length ? s : s.slice(0, b);
}

/** Index of the closing `'` (not a doubled `''`), or -1. */
function closingSingleQuote(text: string): number {
  for (let i = 0; ; ) {
    const j = text.indexOf("'", i);
    if (j < 0) return -1;
    if (text.charCodeAt(j + 1) === 39) i = j + 2;
    else return j;
  }
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
    const end = closingSingleQuote(text.slice(1));
    if (end < 0 || !onlyComment(text.slice(end + 2))) return NOT_SIMPLE;
    return text.slice(1, end + 1).replace(/''/g, "'");
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

/** Index of the closing `"` at or after `from` (escapes skipped), or -1. */
function closingDoubleQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34) return i;
  }
  return -1;
}

/** YAML 1.2 core schema resolution of a plain scalar. */
function plainValue(v: string): unknown {
  const c = v.charCodeAt(0);
  // Most values are text: only these first characters can start a null, boolean or number.
  if (v.length > 5 && !((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return v;
  switch (v) {
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
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return v;
  for (let i = 1; i < v.length; i++) {
    const d = v.charCodeAt(i);
    if ((d === 45 || d === 43) && v.charCodeAt(i - 1) !== 101 && v.charCodeAt(i - 1) !== 69) return v;
  }
  if (/^[-+]?[0-9]+$/.test(v)) return parseInt(v, 10);
  if (/^0o[0-7]+$/.test(v)) return parseInt(v.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(v)) return parseInt(v.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(v)) return parseFloat(v);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(v) || /^\.(nan|NaN|NAN)$/.test(v)) return NOT_SIMPLE;
  return v;
}

/** `[a, "b c", 'd']` on one line; undefined for nested or multi-line lists. */
function flowList(text: string, lines?: Lines, start = 0): unknown[] | undefined {
  const ranged = lines?.starts !== undefined;
  const nodes: FmValue[] = [];
  const close = text.lastIndexOf(']');
  if (close < 0 || !onlyComment(text.slice(close + 1))) return undefined;
  const inner = text.slice(1, close);
  if (/[[\]{}]/.test(inner.replace(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'/g, ''))) return undefined;
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
    if (ranged) nodes.push(scalarNode(lines!, v, start + 1 + i, start + 1 + i + itemText.length));
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
 * `{ key: value, … }` on one line (values: scalars, one-line flow lists, flow maps); undefined for
 * anything else (an empty value, a trailing comma, a comment, brackets inside plain values).
 */
function flowMap(text: string): Record<string, unknown> | undefined {
  const items = flowItems(text, '{', '}');
  if (!items) return undefined;
  const data: Record<string, unknown> = {};
  for (const item of items) {
    const m = keyLine(item);
    if (!m || m.rest === undefined) return undefined;
    let key = m.key;
    if (key.startsWith('"') || key.startsWith("'")) key = key.slice(1, -1);
    if (key === '<<' || Object.prototype.hasOwnProperty.call(data, key)) return undefined;
    const rest = m.rest;
    let value: unknown;
    if (rest.startsWith('{')) value = flowMap(rest);
    else if (rest.startsWith('[')) value = flowList(rest);
    else if (/[[\]{}]/.test(rest.charCodeAt(0) === 34 || rest.charCodeAt(0) === 39 ? '' : rest)) return undefined;
    else value = scalar(rest);
    if (value === undefined || value === NOT_SIMPLE) return undefined;
    data[key] = value;
  }
  return data;
}

/**
 * The comma-separated items (trimmed) between `open` at text[0] and its matching `close`, which
 * must end the text (a comment may follow); quotes and nested brackets are stepped over.
 */
function flowItems(text: string, open: string, close: string): string[] | undefined {
  if (text[0] !== open || text.includes(' #')) return undefined;
  const items: string[] = [];
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
      const end = closingSingleQuote(text.slice(i + 1));
      if (end < 0) return undefined;
      i += end + 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        if (c !== close || text.slice(i + 1).trim() !== '') return undefined;
        const last = text.slice(from, i).trim();
        if (last !== '') items.push(last);
        else if (items.length) return undefined; // a trailing comma
        return items;
      }
    } else if (c === ',' && depth === 1) {
      const item = text.slice(from, i).trim();
      if (item === '') return undefined;
      items.push(item);
      from = i + 1;
    }
  }
  return undefined;
}
