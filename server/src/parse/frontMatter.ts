/**
 * Front matter: YAML (---), TOML (+++) and JSON ({ … }) as Hugo accepts them — after a BOM or blank
 * lines, with CRLF line ends, empty, or absent. Two entry points:
 * - `parseFrontMatter`: the exact-range parse for open documents (every key, value and list item);
 * - `readFrontMatterData` (fastFrontMatter.ts): the quick data-only read the index uses.
 * Neither throws: problems come back as ParseProblems with their ranges.
 */
import * as jsonc from 'jsonc-parser';
import { parse as parseTomlData } from 'smol-toml';
import { parseTOML } from 'toml-eslint-parser';
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Node as YamlNode } from 'yaml';
import { scanSimpleTomlRanged } from './simpleToml';
import { scanSimpleYamlRanged } from './simpleYaml';
import type { FmEntry, FmValue, ParseProblem, Span } from './types';
import { yamlDocumentToJS } from './yamlData';

export type FrontMatterFormat = 'yaml' | 'toml' | 'json';

export type { FmEntry, FmList, FmMap, FmScalar, FmValue } from './types';

/** Where the front matter block sits, found without parsing its content. */
export interface FrontMatterBlock {
  format: FrontMatterFormat;
  /** The whole block, fences included. */
  span: Span;
  /** Between the fences (for JSON: the braces included). */
  contentSpan: Span;
  /** Offset where the Markdown body starts. */
  bodyStart: number;
  /** The closing fence is missing: the whole file was taken as front matter. */
  unterminated: boolean;
}

export interface FrontMatter {
  format: FrontMatterFormat | 'none';
  block: FrontMatterBlock | undefined;
  entries: FmEntry[];
  data: Record<string, unknown>;
  bodyStart: number;
  problems: ParseProblem[];
}

const BOM = 0xfeff;

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

function nextLine(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i + 1;
}

/** The fence line (`---`, `+++`), allowing trailing spaces and CR. */
function isFenceLine(text: string, start: number, fence: string): boolean {
  if (!text.startsWith(fence, start)) return false;
  const end = lineEnd(text, start);
  for (let i = start + fence.length; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/**
 * Locates the front matter the way Hugo's page lexer does: whitespace, blank lines and a BOM may come
 * first; then `---` or `+++` on a line of its own, or `{` opening a JSON object.
 */
export function findFrontMatterBlock(text: string): FrontMatterBlock | undefined {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === BOM) i++;
    else break;
  }
  // Only whole lines of white space may come first.
  if (i > 0) {
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    if (/[^\s\uFEFF]/.test(text.slice(lineStart, i))) return undefined;
  }
  const ch = text[i];
  if (ch === '-' || ch === '+') {
    const fence = ch === '-' ? '---' : '+++';
    if (!isFenceLine(text, i, fence)) return undefined;
    const contentStart = nextLine(text, i);
    // Hugo closes the block at the first line that starts with the fence (`----------` too); the
    // rest of that line after the three fence characters belongs to the body. One search finds it
    // (the line before contentStart ends with a line break unless the text ends there).
    if (contentStart < text.length) {
      const found = text.indexOf(ch === '-' ? '\n---' : '\n+++', contentStart - 1);
      if (found >= 0) {
        const pos = found + 1;
        let bodyStart = pos + 3;
        if (text[bodyStart] === '\r' && text[bodyStart + 1] === '\n') bodyStart += 2;
        else if (text[bodyStart] === '\n') bodyStart += 1;
        return {
          format: ch === '-' ? 'yaml' : 'toml',
          span: { start: i, end: pos + 3 },
          contentSpan: { start: contentStart, end: pos },
          bodyStart,
          unterminated: false,
        };
      }
    }
    return {
      format: ch === '-' ? 'yaml' : 'toml',
      span: { start: i, end: text.length },
      contentSpan: { start: contentStart, end: text.length },
      bodyStart: text.length,
      unterminated: true,
    };
  }
  if (ch === '{') {
    // Balanced braces outside strings, as Hugo's JSON front matter lexer reads them.
    let depth = 0;
    let inString = false;
    for (let p = i; p < text.length; p++) {
      const c = text[p];
      if (inString) {
        if (c === '\\') p++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          return { format: 'json', span: { start: i, end: p + 1 }, contentSpan: { start: i, end: p + 1 }, bodyStart: nextLine(text, p + 1), unterminated: false };
        }
      }
    }
    return { format: 'json', span: { start: i, end: text.length }, contentSpan: { start: i, end: text.length }, bodyStart: text.length, unterminated: true };
  }
  return undefined;
}

/** The exact-range parse of a document's front matter. */
export function parseFrontMatter(text: string): FrontMatter {
  return parseFrontMatterWith(text, true);
}

/** `parseFrontMatter` with YAML and TOML always read by the packages, not the scanners (tests compare the two). */
export function parseFrontMatterByPackages(text: string): FrontMatter {
  return parseFrontMatterWith(text, false);
}

function parseFrontMatterWith(text: string, scanners: boolean): FrontMatter {
  const block = findFrontMatterBlock(text);
  if (!block) return { format: 'none', block: undefined, entries: [], data: {}, bodyStart: firstContentOffset(text), problems: [] };
  const problems: ParseProblem[] = [];
  if (block.unterminated) {
    const fence = block.format === 'yaml' ? '---' : block.format === 'toml' ? '+++' : '}';
    problems.push({
      message: block.format === 'json' ? 'JSON front matter is not closed: missing "}"' : `front matter is not closed: add a line "${fence}" after it`,
      span: { start: block.span.start, end: lineEnd(text, block.span.start) },
      severity: 'error',
      code: 'frontmatter-syntax',
    });
  }
  const tooDeep = block.format === 'toml' ? undefined : excessiveNesting(text, block.contentSpan.start, block.contentSpan.end);
  if (tooDeep !== undefined) {
    // The parsers and every feature that walks the values recurse; a 10,000-deep value overflowed the stack.
    const message = `${block.format === 'json' ? 'JSON' : 'YAML'}: values nested deeper than ${MAX_NESTING} levels; the front matter is not read`;
    problems.push(syntaxProblem(message, { start: tooDeep, end: tooDeep + 1 }));
    return { format: block.format, block, entries: [], data: {}, bodyStart: block.bodyStart, problems };
  }
  const parsed: RangedResult =
    block.format === 'yaml'
      ? (scanners && scanSimpleYamlRanged(text, block.contentSpan.start, block.contentSpan.end)) || parseYamlDocument(text, block)
      : block.format === 'toml'
        ? (scanners && scanSimpleTomlRanged(text, block.contentSpan.start, block.contentSpan.end)) || parseTomlRanged(text, block)
        : parseJsonRanged(text, block);
  // The scanners give no problems: they take only what the packages read without any.
  const found = parsed.problems;
  return { format: block.format, block, entries: parsed.entries, data: parsed.data, bodyStart: block.bodyStart, problems: found === undefined ? problems : problems.length ? [...problems, ...found] : found };
}

/** Deeper flow collections than this are a syntax problem (real front matter nests a few levels). */
export const MAX_NESTING = 100;

/**
 * The offset where `[`/`{` nesting (outside quoted strings) first exceeds MAX_NESTING between
 * `start` and `end`, or undefined. TOML's parser bounds nesting itself.
 */
export function excessiveNesting(text: string, start: number, end: number): number | undefined {
  // Nesting deeper than MAX_NESTING takes more than MAX_NESTING opening brackets: most front matter
  // has a handful, counted with indexOf instead of a look at every character.
  // The search runs in the content only (a slice is not copied): a bracket-free block must not send indexOf through the body.
  const content = text.slice(start, end);
  if (occurrences(content, '[') + occurrences(content, '{') <= MAX_NESTING) return undefined;
  let depth = 0;
  let quote = '';
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote || c === '\n') quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') {
      if (++depth > MAX_NESTING) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function occurrences(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) n++;
  return n;
}

function firstContentOffset(text: string): number {
  return text.charCodeAt(0) === BOM ? 1 : 0;
}

interface RangedResult {
  entries: FmEntry[];
  data: Record<string, unknown>;
  /** Absent from the scanners' results, which have none. */
  problems?: ParseProblem[];
}

function syntaxProblem(message: string, span: Span): ParseProblem {
  return { message, span, severity: 'error', code: 'frontmatter-syntax' };
}

// ---------------------------------------------------------------- YAML

function parseYamlDocument(text: string, block: FrontMatterBlock): RangedResult {
  const base = block.contentSpan.start;
  const source = text.slice(base, block.contentSpan.end);
  const problems: ParseProblem[] = [];
  let doc = parseDocument(source, { uniqueKeys: true, prettyErrors: false });
  let toOriginal = (offset: number) => base + offset;
  if (doc.errors.length) {
    // Hugo's YAML reader accepts quoted values continued at column 0; the yaml package does not.
    const relaxed = relaxQuotedContinuations(source);
    if (relaxed) {
      const retry = parseDocument(relaxed.text, { uniqueKeys: true, prettyErrors: false });
      if (!retry.errors.length) {
        doc = retry;
        toOriginal = (offset: number) => base + offset - relaxed.insertedBefore(offset);
      }
    }
  }
  for (const err of doc.errors) {
    const [s, e] = err.pos;
    problems.push(syntaxProblem(`YAML: ${firstLine(err.message)}`, { start: toOriginal(s), end: toOriginal(Math.max(e, s + 1)) }));
  }
  let data: Record<string, unknown> = {};
  try {
    const js = yamlDocumentToJS(doc);
    if (js && typeof js === 'object' && !Array.isArray(js)) data = js as Record<string, unknown>;
    else if (js !== null && js !== undefined) problems.push(syntaxProblem('front matter must be a mapping of keys to values', { start: block.contentSpan.start, end: block.contentSpan.end }));
  } catch (e) {
    problems.push(syntaxProblem(`YAML: ${firstLine((e as Error).message)}`, block.contentSpan));
  }
  const entries: FmEntry[] = [];
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const entry = yamlEntry(pair.key as YamlNode | null, pair.value as YamlNode | null, toOriginal, text);
      if (entry) entries.push(entry);
    }
  }
  return { entries, data, problems };
}

type OffsetMap = (offset: number) => number;

function yamlEntry(keyNode: YamlNode | null, valueNode: YamlNode | null, at: OffsetMap, text: string): FmEntry | undefined {
  if (!keyNode || !isScalar(keyNode) || !keyNode.range) return undefined;
  const keySpan = { start: at(keyNode.range[0]), end: at(keyNode.range[1]) };
  const value = valueNode ? yamlValue(valueNode, at, text) : undefined;
  return { key: String(keyNode.value), keySpan, value, span: { start: keySpan.start, end: value ? value.span.end : keySpan.end } };
}

function yamlValue(node: YamlNode, at: OffsetMap, text: string): FmValue | undefined {
  if (!node.range) return undefined;
  const span = { start: at(node.range[0]), end: at(node.range[1]) };
  if (isScalar(node)) {
    const quote = node.type === Scalar.QUOTE_DOUBLE ? '"' : node.type === Scalar.QUOTE_SINGLE ? "'" : '';
    return { kind: 'scalar', value: node.value, text: text.slice(span.start, span.end), span, quote };
  }
  if (isSeq(node)) {
    const items: FmValue[] = [];
    for (const item of node.items) {
      const v = yamlValue(item as YamlNode, at, text);
      if (v) items.push(v);
    }
    return { kind: 'list', items, span, flow: !!node.flow };
  }
  if (isMap(node)) {
    const entries: FmEntry[] = [];
    for (const pair of node.items) {
      const e = yamlEntry(pair.key as YamlNode | null, pair.value as YamlNode | null, at, text);
      if (e) entries.push(e);
    }
    return { kind: 'map', entries, span };
  }
  return undefined;
}

/**
 * Indents by one space the lines that continue a quoted top-level value at column 0, which Go's
 * YAML reader (and so Hugo) accepts. Returns undefined when there is nothing to relax.
 */
export function relaxQuotedContinuations(source: string): { text: string; insertedBefore: (offset: number) => number } | undefined {
  const insertions: { at: number; count: number }[] = [];
  let open: '"' | "'" | undefined;
  let keyIndent = 0;
  let relaxedOffset = 0;
  const out: string[] = [];
  for (let line of source.split('\n')) {
    if (open) {
      const indent = /^[ \t]*/.exec(line)![0].length;
      if (line.trim() !== '' && indent <= keyIndent) {
        const count = keyIndent + 1 - indent;
        insertions.push({ at: relaxedOffset, count });
        line = ' '.repeat(count) + line;
      }
      if (closesQuote(line, 0, open)) open = undefined;
    } else {
      const m = /^([ \t]*(?:- )?)[^\s#][^:]*:[ \t]+(["'])/.exec(line);
      if (m && !closesQuote(line, m[0].length, m[2] as '"' | "'")) {
        open = m[2] as '"' | "'";
        keyIndent = m[1].length;
      }
    }
    out.push(line);
    relaxedOffset += line.length + 1;
  }
  if (!insertions.length) return undefined;
  return {
    text: out.join('\n'),
    insertedBefore: (offset) => {
      let n = 0;
      for (const ins of insertions) if (ins.at < offset) n += Math.min(ins.count, offset - ins.at);
      return n;
    },
  };
}

/** Whether the quoted string that is open at `from` closes on this line. */
function closesQuote(line: string, from: number, quote: '"' | "'"): boolean {
  for (let i = from; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return true;
    }
  }
  return false;
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

// ---------------------------------------------------------------- TOML

/* eslint-disable @typescript-eslint/no-explicit-any -- toml-eslint-parser's AST is typed loosely here */
function parseTomlRanged(text: string, block: FrontMatterBlock): RangedResult {
  const base = block.contentSpan.start;
  const source = text.slice(base, block.contentSpan.end);
  const problems: ParseProblem[] = [];
  let data: Record<string, unknown> = {};
  try {
    data = parseTomlData(source) as Record<string, unknown>;
  } catch (e) {
    const err = e as { message: string; line?: number; column?: number };
    const offset = err.line ? offsetOfLineColumn(source, err.line, err.column ?? 1) : 0;
    problems.push(syntaxProblem(`TOML: ${firstLine(err.message)}`, { start: base + offset, end: base + Math.min(source.length, offset + 1) || base + offset }));
  }
  const entries: FmEntry[] = [];
  try {
    const ast: any = parseTOML(source);
    const top: any = ast.body[0];
    for (const item of top.body as any[]) {
      if (item.type === 'TOMLKeyValue') {
        const e = tomlEntry(item, base, text);
        if (e) entries.push(e);
      } else if (item.type === 'TOMLTable') {
        // [params] or [[x]]: a table becomes a map entry under its (first) key.
        const keys: string[] = item.resolvedKey?.map(String) ?? [];
        const keyNode = item.key;
        const sub: FmEntry[] = [];
        for (const kv of item.body as any[]) {
          const e = tomlEntry(kv, base, text);
          if (e) sub.push(e);
        }
        const span = { start: base + item.range[0], end: base + item.range[1] };
        entries.push({ key: keys.join('.'), keySpan: { start: base + keyNode.range[0], end: base + keyNode.range[1] }, value: { kind: 'map', entries: sub, span }, span });
      }
    }
  } catch (e) {
    if (!problems.length) problems.push(syntaxProblem(`TOML: ${firstLine((e as Error).message)}`, { start: base, end: base + 1 }));
  }
  return { entries, data, problems };
}

function tomlEntry(kv: any, base: number, text: string): FmEntry | undefined {
  if (kv.type !== 'TOMLKeyValue') return undefined;
  const keyNode = kv.key;
  const key = (keyNode.keys as any[]).map((k) => (k.type === 'TOMLBare' ? k.name : k.value)).join('.');
  const keySpan = { start: base + keyNode.range[0], end: base + keyNode.range[1] };
  const value = tomlValue(kv.value, base, text);
  return { key, keySpan, value, span: { start: keySpan.start, end: base + kv.range[1] } };
}

function tomlValue(node: any, base: number, text: string): FmValue | undefined {
  if (!node) return undefined;
  const span = { start: base + node.range[0], end: base + node.range[1] };
  if (node.type === 'TOMLArray') {
    return { kind: 'list', items: (node.elements as any[]).map((el) => tomlValue(el, base, text)).filter((v): v is FmValue => !!v), span, flow: true };
  }
  if (node.type === 'TOMLInlineTable') {
    return { kind: 'map', entries: (node.body as any[]).map((kv) => tomlEntry(kv, base, text)).filter((e): e is FmEntry => !!e), span };
  }
  const raw = text.slice(span.start, span.end);
  const quote = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : '';
  const value = node.kind === 'offset-date-time' || node.kind === 'local-date-time' || node.kind === 'local-date' || node.kind === 'local-time' ? raw : node.value;
  return { kind: 'scalar', value, text: raw, span, quote };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

function offsetOfLineColumn(source: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const i = source.indexOf('\n', offset);
    if (i < 0) return source.length;
    offset = i + 1;
  }
  return Math.min(source.length, offset + Math.max(0, column - 1));
}

// ---------------------------------------------------------------- JSON

function parseJsonRanged(text: string, block: FrontMatterBlock): RangedResult {
  const base = block.contentSpan.start;
  const source = text.slice(base, block.contentSpan.end);
  const errors: jsonc.ParseError[] = [];
  const root = jsonc.parseTree(source, errors, { allowTrailingComma: false, disallowComments: true });
  const problems = errors.map((e) =>
    syntaxProblem(`JSON: ${jsonc.printParseErrorCode(e.error)}`, { start: base + e.offset, end: base + e.offset + Math.max(1, e.length) }),
  );
  const data = root ? jsonc.getNodeValue(root) : {};
  const entries: FmEntry[] = [];
  if (root?.type === 'object') for (const prop of root.children ?? []) {
    const e = jsonEntry(prop, base, text);
    if (e) entries.push(e);
  }
  return { entries, data: data && typeof data === 'object' && !Array.isArray(data) ? data : {}, problems };
}

function jsonEntry(prop: jsonc.Node, base: number, text: string): FmEntry | undefined {
  const [keyNode, valueNode] = prop.children ?? [];
  if (!keyNode) return undefined;
  const keySpan = { start: base + keyNode.offset, end: base + keyNode.offset + keyNode.length };
  const value = valueNode ? jsonValue(valueNode, base, text) : undefined;
  return { key: String(keyNode.value), keySpan, value, span: { start: keySpan.start, end: base + prop.offset + prop.length } };
}

function jsonValue(node: jsonc.Node, base: number, text: string): FmValue | undefined {
  const span = { start: base + node.offset, end: base + node.offset + node.length };
  if (node.type === 'array') return { kind: 'list', items: (node.children ?? []).map((c) => jsonValue(c, base, text)).filter((v): v is FmValue => !!v), span, flow: true };
  if (node.type === 'object') return { kind: 'map', entries: (node.children ?? []).map((c) => jsonEntry(c, base, text)).filter((e): e is FmEntry => !!e), span };
  const raw = text.slice(span.start, span.end);
  return { kind: 'scalar', value: node.value, text: raw, span, quote: node.type === 'string' ? '"' : '' };
}

// ---------------------------------------------------------------- helpers for features

/** The entry for `key`, matched case-insensitively as Hugo does. */
export function findEntry(fm: FrontMatter, key: string): FmEntry | undefined {
  const lower = key.toLowerCase();
  return fm.entries.find((e) => e.key.toLowerCase() === lower);
}

/** The value in `data` for `key`, matched case-insensitively. */
export function getData(data: Record<string, unknown>, key: string): unknown {
  if (key in data) return data[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(data)) if (k.toLowerCase() === lower) return data[k];
  return undefined;
}

/**
 * `getData` bound to one mapping, for many lookups in it: the keys are lower-cased once (on the
 * first lookup that needs them), not once per lookup.
 */
export function keyLookup(data: Record<string, unknown>): (key: string) => unknown {
  /** null: every key is its own lower case (ASCII without capitals, as most front matter is): no map needed. */
  let lower: Map<string, string> | null | undefined;
  return (key) => {
    if (key in data) return data[key];
    if (lower === undefined) lower = lowerCaseKeys(data);
    const l = key.toLowerCase();
    if (lower === null) return l !== key && Object.prototype.hasOwnProperty.call(data, l) ? data[l] : undefined;
    const k = lower.get(l);
    return k === undefined ? undefined : data[k];
  };
}

/** Lower-cased key → the first key as written with it; null when every key is lower-case ASCII already. */
function lowerCaseKeys(data: Record<string, unknown>): Map<string, string> | null {
  const keys = Object.keys(data);
  // One native test of all the keys joined, not a loop over keys or characters: fast while this code is still cold.
  if (!NOT_LOWER_ASCII.test(keys.join(''))) return null;
  const lower = new Map<string, string>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const l = k.toLowerCase();
    if (!lower.has(l)) lower.set(l, k);
  }
  return lower;
}

const NOT_LOWER_ASCII = /[A-Z\u0080-\uffff]/;
