/**
 * Where the cursor is in the front matter, read from the lines around it rather than from a parse:
 * while the user types, the block is often half-written (`tags:\n- ll`, `tags = ["a", "`), and a
 * line-based reading gives the same answer for YAML, TOML and JSON.
 */
import type { FrontMatterBlock, FrontMatterFormat } from '../../parse/frontMatter';
import { findFrontMatterBlock } from '../../parse/frontMatter';

export type CursorPlace =
  /** Typing a key at the top level. */
  | { kind: 'key'; prefix: string; start: number }
  /** Typing the value of `key: |` (a scalar). */
  | { kind: 'value'; key: string; prefix: string; start: number; quote: string }
  /** Typing an item of the list of `key` (block `- x` or flow `[a, x`). */
  | {
      kind: 'item';
      key: string;
      prefix: string;
      start: number;
      quote: string;
      flow: boolean;
      /** The items written before this one, read from the text (the block may not parse while typing). */
      siblings: string[];
    };

export interface FrontMatterCursor {
  format: FrontMatterFormat;
  block: FrontMatterBlock;
  place: CursorPlace | undefined;
}

const YAML_ITEM = /^(\s*)-[ \t]*(.*)$/;
const YAML_KEY_ONLY = /^(\s*)([^\s:#-][^:#]*?|-[^\s:][^:#]*?):\s*(#.*)?$/;
const YAML_FLOW = /^([^\s:#-][^:#]*?|-[^\s:][^:#]*?):\s*\[(.*)$/;
const YAML_VALUE = /^([^\s:#-][^:#]*?|-[^\s:][^:#]*?):[ \t]+(.*)$/;

/** Reads the cursor's place; undefined outside the front matter. */
export function frontMatterCursor(text: string, offset: number): FrontMatterCursor | undefined {
  const block = findFrontMatterBlock(text);
  if (!block) return undefined;
  const inside = block.format === 'json' ? offset > block.contentSpan.start && offset < block.contentSpan.end : offset >= block.contentSpan.start && offset <= block.contentSpan.end;
  if (!inside) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const lines = () => text.slice(block.contentSpan.start, lineStart).split(/\r?\n/).slice(0, -1);
  const place = block.format === 'yaml' ? yamlPlace(before, lineStart, lines) : listLanguagePlace(block.format, before, lineStart, lines);
  return { format: block.format, block, place };
}

/** The typed part of a value: after an opening quote if there is one. */
function typed(fragment: string, fragmentStart: number): { prefix: string; start: number; quote: string } {
  const lead = fragment.length - fragment.trimStart().length;
  let rest = fragment.slice(lead);
  let start = fragmentStart + lead;
  let quote = '';
  if (rest.startsWith('"') || rest.startsWith("'")) {
    quote = rest[0];
    rest = rest.slice(1);
    start++;
  }
  return { prefix: rest, start, quote };
}

/** The last item of a one-line flow list being typed: after the last comma outside quotes. */
function lastFlowItem(inner: string): number {
  let quote = '';
  let lastComma = -1;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ',') lastComma = i;
  }
  return lastComma + 1;
}

/** The items of flow-list text (`"a", b, 'c'`), unquoted; empty ones left out. */
export function flowItems(inner: string): string[] {
  const out: string[] = [];
  let from = 0;
  let quote = '';
  const push = (to: number) => {
    const item = unquoteValue(inner.slice(from, to));
    if (item) out.push(item);
  };
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ',' || c === ']' || c === '[') {
      push(i);
      from = i + 1;
    }
  }
  push(inner.length);
  return out;
}

function unquoteValue(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  return t.replace(/\s+#.*$/, '');
}

function unquoteKey(key: string): string {
  const k = key.trim();
  return (k.startsWith('"') && k.endsWith('"')) || (k.startsWith("'") && k.endsWith("'")) ? k.slice(1, -1) : k;
}

function yamlPlace(before: string, lineStart: number, previousLines: () => string[]): CursorPlace | undefined {
  const item = YAML_ITEM.exec(before);
  if (item && !/^\s*-[^\s]/.test(before)) {
    // A block list item: its key is the nearest line above with `key:` and nothing after it.
    const itemIndent = item[1].length;
    const above = previousLines();
    const siblings: string[] = [];
    for (let i = above.length - 1; i >= 0; i--) {
      const line = above[i];
      if (line.trim() === '' || line.trim().startsWith('#')) continue;
      const other = YAML_ITEM.exec(line);
      if (other && other[1].length === itemIndent) {
        siblings.push(unquoteValue(other[2]));
        continue;
      }
      const key = YAML_KEY_ONLY.exec(line);
      if (key && key[1].length <= itemIndent) {
        const t = typed(item[2], lineStart + before.length - item[2].length);
        return { kind: 'item', key: unquoteKey(key[2]), ...t, flow: false, siblings };
      }
      return undefined;
    }
    return undefined;
  }
  const flow = YAML_FLOW.exec(before);
  if (flow && !flow[2].includes(']')) {
    const inner = flow[2];
    const from = lastFlowItem(inner);
    const t = typed(inner.slice(from), lineStart + before.length - inner.length + from);
    return { kind: 'item', key: unquoteKey(flow[1]), ...t, flow: true, siblings: flowItems(inner.slice(0, from)) };
  }
  const value = YAML_VALUE.exec(before);
  if (value) {
    const t = typed(value[2], lineStart + before.length - value[2].length);
    return { kind: 'value', key: unquoteKey(value[1]), ...t };
  }
  if (/^[\w-]*$/.test(before)) return { kind: 'key', prefix: before, start: lineStart };
  return undefined;
}

/** TOML (`key = [ … ]`, `key = "…"`) and JSON (`"key": [ … ]`, `"key": "…"`), lists possibly over several lines. */
function listLanguagePlace(format: FrontMatterFormat, before: string, lineStart: number, previousLines: () => string[]): CursorPlace | undefined {
  const assign = format === 'toml' ? '=' : ':';
  const keyPattern = format === 'toml' ? '([A-Za-z0-9_.-]+|"[^"]*"|\'[^\']*\')' : '"([^"]*)"';
  const listOnLine = new RegExp(`^\\s*${keyPattern}\\s*${assign}\\s*\\[(.*)$`).exec(before);
  if (listOnLine && !/\]/.test(listOnLine[2].replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, ''))) {
    const inner = listOnLine[2];
    const from = lastFlowItem(inner);
    const t = typed(inner.slice(from), lineStart + before.length - inner.length + from);
    return { kind: 'item', key: unquoteKey(listOnLine[1]), ...t, flow: true, siblings: flowItems(inner.slice(0, from)) };
  }
  const valueOnLine = new RegExp(`^\\s*${keyPattern}\\s*${assign}\\s*(.*)$`).exec(before);
  if (valueOnLine) {
    const t = typed(valueOnLine[2], lineStart + before.length - valueOnLine[2].length);
    return { kind: 'value', key: unquoteKey(valueOnLine[1]), ...t };
  }
  // Inside a list that opened on an earlier line and has not closed.
  const above = previousLines();
  for (let i = above.length - 1; i >= 0; i--) {
    const line = above[i];
    if (/\]\s*,?\s*$/.test(line.replace(/"(?:[^"\\]|\\.)*"/g, ''))) break;
    const open = new RegExp(`^\\s*${keyPattern}\\s*${assign}\\s*\\[([^\\]]*)$`).exec(line);
    if (open) {
      const from = lastFlowItem(before);
      const t = typed(before.slice(from), lineStart + from);
      const siblings = flowItems([open[2], ...above.slice(i + 1), before.slice(0, from)].join(','));
      return { kind: 'item', key: unquoteKey(open[1]), ...t, flow: true, siblings };
    }
    if (new RegExp(`${assign}`).test(line) && !/^\s*["']?[^"']*["']?\s*,?\s*$/.test(line)) break;
  }
  if (format === 'toml') {
    if (above.some((l) => /^\s*\[/.test(l))) return undefined; // inside a [table]: not a top-level key
    if (/^[\w-]*$/.test(before)) return { kind: 'key', prefix: before, start: lineStart };
  } else {
    const key = /^\s*"([\w-]*)$/.exec(before);
    if (key) return { kind: 'key', prefix: key[1], start: lineStart + before.length - key[1].length };
  }
  return undefined;
}
