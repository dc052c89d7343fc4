/**
 * The common subset of TOML that real front matter uses, read in one pass over the document (several
 * times faster than smol-toml plus toml-eslint-parser, which the exact parse otherwise runs both):
 * `key = value` lines and `[table]` headers with bare or quoted keys; values that are one-line strings
 * (basic, with TOML 1.0's escapes, or literal), decimal integers and floats, booleans, dates and date-times,
 * and arrays of those (over several lines too, with comments). Gives the data as smol-toml does
 * (null-prototype tables, TomlDate dates) and the entries with the ranges toml-eslint-parser's AST gives
 * (as parse/frontMatter.ts draws them). Undefined for anything else — dotted keys, inline tables, arrays
 * of tables, multi-line strings, nested arrays, other escapes, times, special floats, invalid TOML — and
 * the caller then uses the two packages. Pure; never throws.
 */
import { TomlDate } from 'smol-toml';
import type { FmEntry, FmValue } from './types';

export interface SimpleTomlResult {
  entries: FmEntry[];
  data: Record<string, unknown>;
}

/** Why a read stops: the text is outside the subset (or not valid TOML). */
const NOT_SIMPLE = Symbol('not simple');

interface Cursor {
  src: string;
  p: number;
  end: number;
  /** The data of the value `readValue` read last (kept beside its node, not in a wrapper per value). */
  data: unknown;
}

/** The TOML between `start` and `end` of `text` (the front matter's content), or undefined when it is outside the subset. */
export function scanSimpleTomlRanged(text: string, start: number, end: number): SimpleTomlResult | undefined {
  const c: Cursor = { src: text, p: start, end, data: undefined };
  const data: Record<string, unknown> = Object.create(null);
  const entries: FmEntry[] = [];
  let table = data;
  let tableEntries = entries;
  /** The open `[table]`'s entry: its range grows with each of its keys. */
  let tableEntry: FmEntry | undefined;
  for (;;) {
    if (!skipVoid(c)) return undefined;
    if (c.p >= end) return { entries, data };
    const ch = text.charCodeAt(c.p);
    if (ch === 91 /* [ */) {
      const open = c.p++;
      skipSpaces(c);
      const keyStart = c.p;
      const key = readKey(c);
      if (key === undefined) return undefined;
      const keyEnd = c.p;
      skipSpaces(c);
      // `[[x]]` (an array of tables) fails here on the second `[`; `[a.b]` on the dot.
      if (text.charCodeAt(c.p) !== 93 /* ] */ || Object.hasOwn(data, key)) return undefined;
      c.p++;
      table = Object.create(null);
      data[key] = table;
      tableEntries = [];
      const span = { start: open, end: c.p };
      tableEntry = { key, keySpan: { start: keyStart, end: keyEnd }, value: { kind: 'map', entries: tableEntries, span }, span };
      entries.push(tableEntry);
    } else {
      const keyStart = c.p;
      const key = readKey(c);
      if (key === undefined) return undefined;
      const keyEnd = c.p;
      skipSpaces(c);
      if (text.charCodeAt(c.p) !== 61 /* = */ || Object.hasOwn(table, key)) return undefined;
      c.p++;
      skipSpaces(c);
      const node = readValue(c, true);
      if (node === undefined) return undefined;
      table[key] = c.data;
      tableEntries.push({ key, keySpan: { start: keyStart, end: keyEnd }, value: node, span: { start: keyStart, end: node.span.end } });
      if (tableEntry) {
        // A table's range ends where its last value does (not at a comment after it).
        tableEntry.span.end = node.span.end;
      }
    }
    // The rest of the line: spaces, then a comment or the line break.
    skipSpaces(c);
    if (c.p < end && !atLineEnd(c) && text.charCodeAt(c.p) !== 35 /* # */) return undefined;
  }
}

function skipSpaces(c: Cursor): void {
  while (c.p < c.end) {
    const ch = c.src.charCodeAt(c.p);
    if (ch !== 32 && ch !== 9) break;
    c.p++;
  }
}

/** At `\n` or `\r\n`. */
function atLineEnd(c: Cursor): boolean {
  const ch = c.src.charCodeAt(c.p);
  return ch === 10 || (ch === 13 && c.p + 1 < c.end && c.src.charCodeAt(c.p + 1) === 10);
}

/** Steps over spaces, line breaks and comments; false on a character TOML does not allow in a comment. */
function skipVoid(c: Cursor): boolean {
  const src = c.src;
  while (c.p < c.end) {
    const ch = src.charCodeAt(c.p);
    if (ch === 32 || ch === 9 || ch === 10) c.p++;
    else if (ch === 13) {
      if (!atLineEnd(c)) return false;
      c.p += 2;
    } else if (ch === 35 /* # */) {
      for (c.p++; c.p < c.end; c.p++) {
        const d = src.charCodeAt(c.p);
        if (d === 10 || (d === 13 && atLineEnd(c))) break;
        if ((d < 32 && d !== 9) || d === 127) return false;
      }
    } else return true;
  }
  return true;
}

/**
 * Runs of a bare key's, an atom's, a basic string's and a literal string's characters, matched at an offset
 * (`lastIndex`, set just before each use): a native regex is several times faster than a loop over the
 * characters while this code is not yet optimized, as it stays for the few TOML posts of a blog.
 */
const BARE_KEY_CHARS = /[A-Za-z0-9_-]*/y;
const ATOM_CHARS = /[0-9A-Za-z+\-.:_]*/y;
const BASIC_STRING_CHARS = /[^"\\\x00-\x08\x0a-\x1f\x7f]*/y;
const LITERAL_STRING_CHARS = /[^'\x00-\x08\x0a-\x1f\x7f]*/y;

/** Where the run of `chars` from `from` ends, at most at `end`. */
function runEnd(chars: RegExp, src: string, from: number, end: number): number {
  chars.lastIndex = from;
  chars.test(src);
  return Math.min(chars.lastIndex, end);
}

/** A bare key or a quoted one without escapes, followed by no dot; undefined otherwise. */
function readKey(c: Cursor): string | undefined {
  const src = c.src;
  const first = src.charCodeAt(c.p);
  let key: string;
  if (first === 34 || first === 39) {
    const from = c.p + 1;
    let k = from;
    for (; k < c.end; k++) {
      const ch = src.charCodeAt(k);
      if (ch === first) break;
      if ((ch < 32 && ch !== 9) || ch === 127 || ch === 92 /* \ */) return undefined;
    }
    if (k >= c.end) return undefined;
    key = src.slice(from, k);
    c.p = k + 1;
  } else {
    const from = c.p;
    c.p = runEnd(BARE_KEY_CHARS, src, from, c.end);
    if (c.p === from) return undefined;
    key = src.slice(from, c.p);
  }
  // Keys that smol-toml guards (prototype pollution) are left to it.
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') return undefined;
  const save = c.p;
  skipSpaces(c);
  if (src.charCodeAt(c.p) === 46 /* . */) return undefined;
  c.p = save;
  return key;
}

/** A value at the cursor (arrays only when `arrays`): its node, its data in `c.data`; undefined when outside the subset. */
function readValue(c: Cursor, arrays: boolean): FmValue | undefined {
  const src = c.src;
  const start = c.p;
  const ch = src.charCodeAt(start);
  let value: unknown;
  let quote: '"' | "'" | '' = '';
  if (ch === 34) {
    value = basicString(c);
    quote = '"';
  } else if (ch === 39) {
    value = literalString(c);
    quote = "'";
  } else if (ch === 91) {
    return arrays ? readArray(c) : undefined;
  } else {
    c.p = runEnd(ATOM_CHARS, src, start, c.end);
    // A date-time may have a space between its date and its time.
    if (c.p - start === 10 && src.charCodeAt(c.p) === 32 && isDigit(src.charCodeAt(c.p + 1))) {
      c.p++;
      c.p = Math.max(c.p, runEnd(ATOM_CHARS, src, c.p, c.end));
    }
    const raw = src.slice(start, c.p);
    const atom = readAtom(raw);
    if (atom === NOT_SIMPLE) return undefined;
    c.data = atom;
    // The exact parse shows dates as written.
    return { kind: 'scalar', value: atom instanceof TomlDate ? raw : atom, text: raw, span: { start, end: c.p }, quote };
  }
  if (value === NOT_SIMPLE) return undefined;
  c.data = value;
  return { kind: 'scalar', value, text: src.slice(start, c.p), span: { start, end: c.p }, quote };
}

/** `[a, "b", 1]`, over several lines too, with comments and a trailing comma; no nested arrays or tables. */
function readArray(c: Cursor): FmValue | undefined {
  const start = c.p++;
  const items: FmValue[] = [];
  const values: unknown[] = [];
  for (;;) {
    if (!skipVoid(c) || c.p >= c.end) return undefined;
    if (c.src.charCodeAt(c.p) === 93 /* ] */) break;
    const node = readValue(c, false);
    if (node === undefined) return undefined;
    items.push(node);
    values.push(c.data);
    if (!skipVoid(c) || c.p >= c.end) return undefined;
    const ch = c.src.charCodeAt(c.p);
    if (ch === 44 /* , */) c.p++;
    else if (ch !== 93) return undefined;
  }
  c.p++;
  c.data = values;
  return { kind: 'list', items, span: { start, end: c.p }, flow: true };
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}

const INTEGER = /^[-+]?(?:0|[1-9][0-9]*)$/;
const FLOAT = /^[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:([T ])(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[-+](\d{2}):(\d{2}))?)?$/;

/** A boolean, decimal number or date as smol-toml reads it, or NOT_SIMPLE. */
function readAtom(raw: string): unknown {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  const first = raw.charCodeAt(0);
  if (!(isDigit(first) || first === 43 || first === 45)) return NOT_SIMPLE;
  if (INTEGER.test(raw)) {
    const n = parseInt(raw, 10);
    // `-0` (smol-toml reads 0) and integers past 2^53 (an error) are left to the packages.
    return n === 0 && raw.length > 1 ? NOT_SIMPLE : Number.isSafeInteger(n) ? n : NOT_SIMPLE;
  }
  if (FLOAT.test(raw)) {
    const x = parseFloat(raw);
    return Number.isFinite(x) ? x : NOT_SIMPLE;
  }
  const m = DATE.exec(raw);
  if (!m) return NOT_SIMPLE;
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return NOT_SIMPLE;
  let type = 3;
  if (m[4]) {
    if (+m[5] > 23 || +m[6] > 59 || +m[7] > 59) return NOT_SIMPLE;
    if (m[9] !== undefined && (+m[9] > 23 || +m[10] > 59)) return NOT_SIMPLE;
    type = m[8] ? 1 : 2;
  }
  // As smol-toml's parser builds it (readDate): offset (1), local date-time (2), local date (3); a space
  // between date and time flagged. Its typings show only the one-argument form.
  const date = new (TomlDate as unknown as new (date: string, fasttype: number, unsafeDelim: boolean) => TomlDate)(raw, type, m[4] === ' ');
  return date.isValid() ? date : NOT_SIMPLE;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A one-line basic string at the cursor, TOML 1.0's escapes decoded; NOT_SIMPLE for anything else. */
function basicString(c: Cursor): unknown {
  const src = c.src;
  let i = c.p + 1;
  if (src.charCodeAt(i) === 34 && src.charCodeAt(i + 1) === 34) return NOT_SIMPLE; // `"""`
  let out = '';
  let from = i;
  for (;;) {
    // To the closing quote, a backslash or a control character.
    i = runEnd(BASIC_STRING_CHARS, src, i, c.end);
    if (i >= c.end) return NOT_SIMPLE;
    const ch = src.charCodeAt(i);
    if (ch === 34) {
      c.p = i + 1;
      return out + src.slice(from, i);
    }
    if (ch !== 92) return NOT_SIMPLE;
    out += src.slice(from, i);
    const e = src.charCodeAt(i + 1);
    let s: string;
    if (e === 34) s = '"';
    else if (e === 92) s = '\\';
    else if (e === 110) s = '\n';
    else if (e === 116) s = '\t';
    else if (e === 114) s = '\r';
    else if (e === 98) s = '\b';
    else if (e === 102) s = '\f';
    else if (e === 117 || e === 85) {
      const len = e === 117 ? 4 : 8;
      const hex = src.slice(i + 2, i + 2 + len);
      if (hex.length !== len || !/^[0-9a-fA-F]+$/.test(hex)) return NOT_SIMPLE;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return NOT_SIMPLE;
      s = String.fromCodePoint(code);
      i += len;
    } else return NOT_SIMPLE;
    out += s;
    from = i + 2;
    i = from;
  }
}

/** A one-line literal string at the cursor; NOT_SIMPLE for `'''` or a control character. */
function literalString(c: Cursor): unknown {
  const src = c.src;
  const from = c.p + 1;
  if (src.charCodeAt(from) === 39 && src.charCodeAt(from + 1) === 39) return NOT_SIMPLE;
  // To the closing quote or a control character.
  const i = runEnd(LITERAL_STRING_CHARS, src, from, c.end);
  if (i >= c.end || src.charCodeAt(i) !== 39) return NOT_SIMPLE;
  c.p = i + 1;
  return src.slice(from, i);
}
