/**
 * The index's quick read of front matter data. Real posts use a small part of YAML: `key: scalar`,
 * block lists of scalars and one-line flow lists. Those are read by a line scanner (several times
 * faster than a full YAML parse); anything else — block scalars, nested maps, anchors, multi-line
 * values — falls back to the `yaml` package for that post, so the result is always what YAML says.
 */
import { parse as parseTomlData } from 'smol-toml';
import { parse as parseYamlData } from 'yaml';
import { excessiveNesting, findFrontMatterBlock, MAX_NESTING, relaxQuotedContinuations, type FrontMatterFormat } from './frontMatter';

export interface FrontMatterData {
  format: FrontMatterFormat | 'none';
  data: Record<string, unknown>;
  bodyStart: number;
  /** A one-line description of a syntax error; the data is then empty or partial. */
  error?: string;
}

export function readFrontMatterData(text: string): FrontMatterData {
  const block = findFrontMatterBlock(text);
  if (!block) return { format: 'none', data: {}, bodyStart: 0 };
  const source = text.slice(block.contentSpan.start, block.contentSpan.end);
  const result: FrontMatterData = { format: block.format, data: {}, bodyStart: block.bodyStart };
  if (block.unterminated) result.error = 'front matter is not closed';
  if (block.format !== 'toml' && excessiveNesting(text, block.contentSpan.start, block.contentSpan.end) !== undefined) {
    result.error = `values nested deeper than ${MAX_NESTING} levels`;
    return result;
  }
  try {
    let data: unknown;
    if (block.format === 'yaml') data = scanSimpleYaml(source) ?? parseYamlLeniently(source);
    else if (block.format === 'toml') data = tomlDates(parseTomlData(source));
    else data = JSON.parse(source);
    if (data && typeof data === 'object' && !Array.isArray(data)) result.data = data as Record<string, unknown>;
  } catch (e) {
    result.error = (e as Error).message.split('\n')[0];
  }
  return result;
}

/** The `yaml` package, retried on the relaxed text Hugo would accept (see relaxQuotedContinuations). */
function parseYamlLeniently(source: string): unknown {
  try {
    return parseYamlData(source, { uniqueKeys: false });
  } catch (e) {
    const relaxed = relaxQuotedContinuations(source);
    if (!relaxed) throw e;
    return parseYamlData(relaxed.text, { uniqueKeys: false });
  }
}

/** smol-toml gives TomlDate objects; the index keeps dates as the text the post wrote. */
function tomlDates(data: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(data)) {
    // TomlDate.toISOString keeps the written precision and offset (2024-04-19 stays a date).
    if (v instanceof Date) data[k] = v.toISOString();
  }
  return data;
}

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

const LIST_ITEM = /^-(?:[ ]+(.*?))?[ ]*$/;
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
}

/**
 * Reads the common subset of YAML, or returns undefined when the text uses anything outside it:
 * mappings (nested by indentation), block lists of scalars or of mappings, one-line flow lists,
 * plain and quoted scalars (also wrapped over several lines), and `|` / `>` block scalars. Must
 * agree with the `yaml` package on everything it accepts (a unit test checks it on real blogs).
 */
export function scanSimpleYaml(source: string): Record<string, unknown> | undefined {
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
  const lines: Lines = { raw, text, indent, i: 0 };
  const data = mapping(lines, 0);
  if (data === undefined) return undefined;
  skipBlank(lines);
  return lines.i >= n ? data : undefined;
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
  for (;;) {
    skipBlank(lines);
    if (lines.i >= lines.text.length) return data;
    const at = lines.indent[lines.i];
    if (at < indent) return data;
    if (at > indent) return undefined;
    const m = keyLine(lines.text[lines.i]);
    if (!m) return undefined;
    let key = m.key;
    if (key.startsWith('"') || key.startsWith("'")) key = key.slice(1, -1);
    if (key === '<<' || Object.prototype.hasOwnProperty.call(data, key)) return undefined;
    lines.i++;
    const rest = m.rest;
    let value: unknown;
    if (rest === undefined || rest === '' || rest.startsWith('#')) value = nested(lines, indent);
    else if (rest.startsWith('[')) value = flowList(rest) ?? NOT_SIMPLE;
    else if (BLOCK_SCALAR.test(rest)) value = blockScalar(lines, indent, BLOCK_SCALAR.exec(rest)!);
    else value = scalarAt(lines, rest, indent);
    if (value === NOT_SIMPLE || value === undefined) return undefined;
    data[key] = value;
  }
}

/** What follows `key:` on the next lines: a block list, a nested mapping, or nothing (null). */
function nested(lines: Lines, indent: number): unknown {
  skipBlank(lines);
  const k = lines.i;
  if (k >= lines.text.length) return null;
  const next = lines.text[k];
  const nextIndent = lines.indent[k];
  if (next.startsWith('-') && nextIndent >= indent && LIST_ITEM.test(next)) {
    const items: unknown[] = [];
    const itemIndent = nextIndent;
    for (;;) {
      skipBlank(lines);
      const j = lines.i;
      if (j >= lines.text.length || lines.indent[j] !== itemIndent || !lines.text[j].startsWith('-')) break;
      const m = LIST_ITEM.exec(lines.text[j]);
      if (!m || m[1] === undefined) return NOT_SIMPLE;
      const item = m[1];
      let v: unknown;
      if (item.startsWith('[')) {
        v = flowList(item) ?? NOT_SIMPLE;
        lines.i++;
      } else if (!item.startsWith('"') && !item.startsWith("'") && keyLine(item)) {
        // `- key: value` starts a mapping whose keys line up with `key`.
        const column = itemIndent + lines.text[j].length - item.length;
        lines.text[j] = item;
        lines.indent[j] = column;
        v = mapping(lines, column) ?? NOT_SIMPLE;
      } else {
        lines.i++;
        v = scalarAt(lines, item, itemIndent);
      }
      if (v === NOT_SIMPLE) return NOT_SIMPLE;
      items.push(v);
    }
    return items;
  }
  if (nextIndent > indent) {
    if (keyLine(next)) return mapping(lines, nextIndent) ?? NOT_SIMPLE;
    // A value that starts on the line after its key (wrapped text).
    lines.i++;
    return scalarAt(lines, next, indent);
  }
  return null;
}

/** `|` keeps line breaks, `>` folds them into spaces; `-` strips the final line break. */
function blockScalar(lines: Lines, indent: number, header: RegExpExecArray): unknown {
  const first = lines.i;
  while (lines.i < lines.text.length && (lines.text[lines.i] === '' || lines.indent[lines.i] > indent)) lines.i++;
  let end = lines.i;
  while (end > first && lines.text[end - 1] === '') end--;
  if (end === first) return NOT_SIMPLE;
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
  return out + chomp;
}

const NOT_SIMPLE = Symbol('not simple');

/**
 * The scalar that starts with `first` (the rest of line `lines.i - 1` after `key: ` or `- `) and may
 * go on over the next lines indented more than `parentIndent`, as YAML folds them: one line break
 * becomes a space, each blank line a line break. Advances `lines.i` past it.
 */
function scalarAt(lines: Lines, first: string, parentIndent: number): unknown {
  const c = first[0];
  if (c === '"' || c === "'") return quotedAt(lines, first, parentIndent, c);
  const value = scalar(first);
  const continued = continuation(lines, parentIndent);
  if (!continued) return value;
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
  return plainValue(out);
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
function quotedAt(lines: Lines, first: string, parentIndent: number, quote: '"' | "'"): unknown {
  const single = quote === "'";
  // The content is read line by line; `pendingBreaks` counts the blank lines before the next piece.
  let content = first.slice(1);
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
    lines.i++;
    // A document marker inside a quoted scalar is an error in YAML.
    if (content.startsWith('---') || content.startsWith('...')) return NOT_SIMPLE;
  }
  if (single) return out.replace(/''/g, "'");
  return unescapeDouble(out);
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
  if (/: |:$/.test(value)) return NOT_SIMPLE;
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
  if (/^[-+]?[0-9]+$/.test(v)) return parseInt(v, 10);
  if (/^0o[0-7]+$/.test(v)) return parseInt(v.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(v)) return parseInt(v.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(v)) return parseFloat(v);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(v) || /^\.(nan|NaN|NAN)$/.test(v)) return NOT_SIMPLE;
  return v;
}

/** `[a, "b c", 'd']` on one line; undefined for nested or multi-line lists. */
function flowList(text: string): unknown[] | undefined {
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
    i = end;
    while (inner[i] === ' ') i++;
    if (i < inner.length) {
      if (inner[i] !== ',') return undefined;
      i++;
    }
  }
  return items;
}
