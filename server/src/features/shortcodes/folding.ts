/** Folding: paired shortcode blocks (the close tag stays visible) and multi-line shortcode comments. */
import { FoldingRange } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { walkShortcodes } from '../../parse/shortcodes';
import type { ShortcodeTemplates } from '../../site/shortcodeTemplates';
import { analyzeShortcodes } from './analysis';

export function shortcodeFoldingRanges(doc: TextDocument, templates: ShortcodeTemplates, analysis = analyzeShortcodes(doc, templates)): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const node of walkShortcodes(analysis.roots)) {
    if (!node.close) continue;
    const startLine = doc.positionAt(node.open.span.start).line;
    const closeLine = doc.positionAt(node.close.span.start).line;
    // Keep the close tag visible when folded.
    if (closeLine - 1 > startLine) out.push(FoldingRange.create(startLine, closeLine - 1, undefined, undefined, 'region'));
  }
  for (const c of analysis.comments) {
    const a = doc.positionAt(c.span.start).line;
    const b = doc.positionAt(c.span.end).line;
    if (b > a) out.push(FoldingRange.create(a, b, undefined, undefined, 'comment'));
  }
  return out;
}
