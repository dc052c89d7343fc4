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

const KEY_LINE = /^([A-Za-z_][\w.-]*|"[^"\\]*"|'[^']*')[ ]*:(?:[ ]+(.*?))?[ ]*$/;
const LIST_ITEM = /^-(?:[ ]+(.*?))?[ ]*$/;
const BLOCK_SCALAR = /^([|>])(-?)[ ]*(?:#.*)?$/;

interface Line {
  indent: number;
  /** Without indentation and trailing spaces. */
  text: string;
  /** Without indentation; trailing spaces kept (they count inside block scalars). */
  rest: string;
}

/**
 * Reads the common subset of YAML, or returns undefined when the text uses anything outside it:
 * mappings (nested by indentation), block lists of scalars, one-line flow lists, plain and quoted
 * one-line scalars, and `|` / `>` block scalars. Must agree with the `yaml` package on everything it
 * accepts (a unit test checks it on real blogs).
 */
export function scanSimpleYaml(source: string): Record<string, unknown> | undefined {
  const lines: Line[] = [];
  for (let raw of source.split('\n')) {
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    if (raw.includes('\t')) return undefined;
    const trimmed = raw.trimStart();
    lines.push({ indent: raw.length - trimmed.length, text: trimmed.trimEnd(), rest: trimmed });
  }
  const state = { i: 0 };
  const data = mapping(lines, state, 0);
  if (data === undefined) return undefined;
  skipBlank(lines, state);
  return state.i >= lines.length ? data : undefined;
}

function skipBlank(lines: Line[], state: { i: number }): void {
  while (state.i < lines.length && (lines[state.i].text === '' || lines[state.i].text.startsWith('#'))) state.i++;
}

function mapping(lines: Line[], state: { i: number }, indent: number): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  for (;;) {
    skipBlank(lines, state);
    if (state.i >= lines.length) return data;
    const line = lines[state.i];
    if (line.indent < indent) return data;
    if (line.indent > indent) return undefined;
    const m = KEY_LINE.exec(line.text);
    if (!m) return undefined;
    let key = m[1];
    if (key.startsWith('"') || key.startsWith("'")) key = key.slice(1, -1);
    if (key === '<<' || Object.prototype.hasOwnProperty.call(data, key)) return undefined;
    state.i++;
    const rest = m[2];
    let value: unknown;
    if (rest === undefined || rest === '' || rest.startsWith('#')) value = nested(lines, state, indent);
    else if (rest.startsWith('[')) value = flowList(rest) ?? NOT_SIMPLE;
    else if (BLOCK_SCALAR.test(rest)) value = blockScalar(lines, state, indent, BLOCK_SCALAR.exec(rest)!);
    else value = scalar(rest);
    if (value === NOT_SIMPLE || value === undefined) return undefined;
    data[key] = value;
  }
}

/** What follows `key:` on the next lines: a block list, a nested mapping, or nothing (null). */
function nested(lines: Line[], state: { i: number }, indent: number): unknown {
  skipBlank(lines, state);
  const next = lines[state.i];
  if (!next) return null;
  if (next.text.startsWith('-') && next.indent >= indent && LIST_ITEM.test(next.text)) {
    const items: unknown[] = [];
    const itemIndent = next.indent;
    for (;;) {
      skipBlank(lines, state);
      const line = lines[state.i];
      if (!line || line.indent !== itemIndent || !line.text.startsWith('-')) break;
      const m = LIST_ITEM.exec(line.text);
      if (!m || m[1] === undefined) return NOT_SIMPLE;
      const v = m[1].startsWith('[') ? flowList(m[1]) ?? NOT_SIMPLE : scalar(m[1]);
      if (v === NOT_SIMPLE) return NOT_SIMPLE;
      items.push(v);
      state.i++;
      // A continuation line of the item's value is not simple.
      const after = lines[state.i];
      if (after && after.text !== '' && after.indent > itemIndent) return NOT_SIMPLE;
    }
    return items;
  }
  if (next.indent > indent) return mapping(lines, state, next.indent) ?? NOT_SIMPLE;
  return null;
}

/** `|` keeps line breaks, `>` folds them into spaces; `-` strips the final line break. */
function blockScalar(lines: Line[], state: { i: number }, indent: number, header: RegExpExecArray): unknown {
  const body: Line[] = [];
  while (state.i < lines.length && (lines[state.i].text === '' || lines[state.i].indent > indent)) body.push(lines[state.i++]);
  while (body.length && body[body.length - 1].text === '') {
    body.pop();
  }
  if (!body.length) return NOT_SIMPLE;
  const blockIndent = body[0].indent;
  // More-indented lines and comments-looking text keep YAML's subtler rules: leave them to the parser.
  if (body.some((l) => (l.text !== '' && l.indent !== blockIndent) || (l.text === '' && l.indent > blockIndent))) return NOT_SIMPLE;
  const chomp = header[2] === '-' ? '' : '\n';
  if (header[1] === '|') return body.map((l) => l.rest).join('\n') + chomp;
  let out = '';
  for (let k = 0; k < body.length; k++) {
    const t = body[k].rest;
    if (k === 0) out = t;
    else if (t === '') out += '\n';
    else out += out.endsWith('\n') ? t : ' ' + t;
  }
  return out + chomp;
}

const NOT_SIMPLE = Symbol('not simple');

/** A plain, single- or double-quoted scalar on one line, typed as YAML 1.2's core schema types it. */
function scalar(text: string): unknown {
  const c = text[0];
  if (c === '"') {
    const end = closingDoubleQuote(text);
    if (end < 0 || !onlyComment(text.slice(end + 1))) return NOT_SIMPLE;
    try {
      return JSON.parse(text.slice(0, end + 1));
    } catch {
      return NOT_SIMPLE;
    }
  }
  if (c === "'") {
    let i = 1;
    let out = '';
    for (;;) {
      const j = text.indexOf("'", i);
      if (j < 0) return NOT_SIMPLE;
      out += text.slice(i, j);
      if (text[j + 1] === "'") {
        out += "'";
        i = j + 2;
        continue;
      }
      if (!onlyComment(text.slice(j + 1))) return NOT_SIMPLE;
      return out;
    }
  }
  // Plain scalar: anything that could start another YAML construct goes to the real parser.
  if ('&*!|>%@`{[]},?'.includes(c) || (c === '-' && (text.length === 1 || text[1] === ' '))) return NOT_SIMPLE;
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

function closingDoubleQuote(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** YAML 1.2 core schema resolution of a plain scalar. */
function plainValue(v: string): unknown {
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
      const q = closingDoubleQuote(inner.slice(i));
      if (q < 0) return undefined;
      end = i + q + 1;
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
