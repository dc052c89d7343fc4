/** The outline: paired shortcode blocks, nested. */
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ShortcodeNode, ShortcodeTag } from '../../parse/shortcodes';
import type { ShortcodeTemplates } from '../../site/shortcodeTemplates';
import { analyzeShortcodes, delimiters, rangeOf } from './analysis';

function paramSummary(tag: ShortcodeTag): string {
  const s = tag.params.map((p) => (p.name ? `${p.name}=${p.value}` : p.value)).join(' ');
  return s.length > 60 ? s.slice(0, 59) + '…' : s;
}

export function shortcodeSymbols(doc: TextDocument, templates: ShortcodeTemplates, analysis = analyzeShortcodes(doc, templates)): DocumentSymbol[] {
  const build = (nodes: ShortcodeNode[]): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    for (const node of nodes) {
      const children = build(node.children);
      if (!node.close) {
        out.push(...children);
        continue;
      }
      const [left, right] = delimiters(node.open);
      out.push(
        DocumentSymbol.create(
          `${left} ${node.open.name} ${right}`,
          paramSummary(node.open) || undefined,
          SymbolKind.Struct,
          rangeOf(doc, { start: node.open.span.start, end: node.close.span.end }),
          rangeOf(doc, node.open.nameSpan),
          children,
        ),
      );
    }
    return out;
  };
  return build(analysis.roots);
}
