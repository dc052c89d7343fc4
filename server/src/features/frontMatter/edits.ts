/**
 * Text-level edit helpers shared by the front matter features (completion, rename, quick fixes,
 * suggestions): each exists here once. They change a value and nothing around it.
 */
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FrontMatterFormat } from '../../parse/frontMatter';
import type { ValueItem } from './items';

/** Whether a plain YAML scalar would not read back as this string. */
export function yamlNeedsQuotes(value: string, inFlow: boolean): boolean {
  if (value === '' || value !== value.trim()) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) || /: |\s#|:$/.test(value)) return true;
  if (inFlow && /[,[\]{}]/.test(value)) return true;
  if (/^(true|false|yes|no|on|off|null|~)$/i.test(value)) return true;
  return /^[-+]?(\d[\d_]*(\.\d*)?([eE][-+]?\d+)?|\.\d+|0x[\da-fA-F]+|0o[0-7]+|\.inf|\.nan)$/i.test(value);
}

/** Replaces a scalar's value, keeping its quotes (or adding them where plain YAML cannot hold it). */
export function replaceValue(doc: TextDocument, item: ValueItem, value: string, format: FrontMatterFormat): TextEdit {
  const quote = item.scalar.quote;
  if (quote === "'") return { range: range(doc, item.inner), newText: value.replace(/'/g, "''") };
  if (quote === '"') return { range: range(doc, item.inner), newText: JSON.stringify(value).slice(1, -1) };
  if (format === 'yaml' && yamlNeedsQuotes(value, item.flow)) return { range: range(doc, item.scalar.span), newText: JSON.stringify(value) };
  return { range: range(doc, item.inner), newText: value };
}

/** Removes one list item: its whole line in a YAML block list, or the item and one comma in a flow list. */
export function removeListItem(doc: TextDocument, text: string, item: ValueItem, format: FrontMatterFormat): TextEdit {
  const span = item.scalar.span;
  if (format === 'yaml' && !item.flow) {
    const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
    const next = text.indexOf('\n', span.end);
    return { range: range(doc, { start: lineStart, end: next < 0 ? text.length : next + 1 }), newText: '' };
  }
  // An item alone on its line of a multi-line array: the whole line goes, leaving no blank line.
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const ownLine = /^([ \t]*(,)?[ \t]*(?:#[^\r\n]*)?)(\r?\n|$)/.exec(text.slice(span.end));
  if (ownLine && /^[ \t]*$/.test(text.slice(lineStart, span.start))) {
    const previousComma = /,[ \t]*\r?\n$/.exec(text.slice(0, lineStart));
    // The last item, written without a comma: the comma ending the line before goes instead.
    if (!ownLine[2] && previousComma) return { range: range(doc, { start: lineStart - previousComma[0].length, end: span.end + ownLine[1].length }), newText: '' };
    return { range: range(doc, { start: lineStart, end: span.end + ownLine[0].length }), newText: '' };
  }
  // Flow: take the following comma and spaces, or else the preceding ones.
  const after = /^\s*,[ \t]*/.exec(text.slice(span.end));
  if (after) return { range: range(doc, { start: span.start, end: span.end + after[0].length }), newText: '' };
  const before = /,\s*$/.exec(text.slice(0, span.start));
  return { range: range(doc, { start: before ? span.start - before[0].length : span.start, end: span.end }), newText: '' };
}

function range(doc: TextDocument, span: { start: number; end: number }): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}
