/** Quick fixes for the shortcode diagnostics (./diagnostics.ts). */
import { CodeAction, CodeActionKind, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findTagAt, walkShortcodes, type ShortcodeTag } from '../../parse/shortcodes';
import type { ShortcodeTemplates } from '../../site/shortcodeTemplates';
import { analyzeShortcodes, delimiters, rangeOf } from './analysis';
import { SHORTCODE_DIAGNOSTIC_RULES as D, SOURCE, type ShortcodeDiagnosticData } from './diagnostics';

/** Quick fixes for the shortcode diagnostics (pass the diagnostics of the request's context). */
export function shortcodeCodeActions(doc: TextDocument, templates: ShortcodeTemplates, diagnostics: Diagnostic[], analysis = analyzeShortcodes(doc, templates)): CodeAction[] {
  const actions: CodeAction[] = [];
  const text = doc.getText();
  const edit = (title: string, d: Diagnostic, edits: TextEdit[], preferred = false): void => {
    const action = CodeAction.create(title, { changes: { [doc.uri]: edits } }, CodeActionKind.QuickFix);
    action.diagnostics = [d];
    if (preferred) action.isPreferred = true;
    actions.push(action);
  };
  for (const d of diagnostics) {
    if (d.source !== SOURCE) continue;
    const data = d.data as ShortcodeDiagnosticData | undefined;
    const offset = doc.offsetAt(d.range.start);
    const tag = findTagAt(analysis.tags, offset);
    switch (d.code) {
      case D.unknown:
      case D.removed:
      case D.deprecated:
      case D.unreadParam:
        if (data?.suggestion && data.span) {
          const edits = [TextEdit.replace(rangeOf(doc, data.span), data.suggestion)];
          // Renaming a shortcode renames its close tag too.
          if (d.code !== D.unreadParam && tag) {
            const node = [...walkShortcodes(analysis.roots)].find((n) => n.open === tag);
            if (node?.close?.name === tag.name) edits.push(TextEdit.replace(rangeOf(doc, node.close.nameSpan), data.suggestion));
          }
          const what = d.code === D.unreadParam ? 'parameter' : 'shortcode';
          edit(`Change ${what} to "${data.suggestion}"`, d, edits, true);
        }
        break;
      case D.mustClose:
        if (tag && tag.terminated) {
          const [left, right] = delimiters(tag);
          const at = closingTagOffset(text, tag);
          const newline = at === text.length && !text.endsWith('\n') ? '\n' : '';
          edit(`Insert ${left} /${tag.name} ${right}`, d, [TextEdit.insert(doc.positionAt(at), `${newline}${left} /${tag.name} ${right}\n`)], true);
          const rightStart = tag.span.end - 3;
          const spaced = text[rightStart - 1] === ' ' ? '/' : ' /';
          edit(`Self-close: ${left} ${tag.name} …/${right}`, d, [TextEdit.insert(doc.positionAt(rightStart), spaced)]);
        }
        break;
      case D.noInner:
        if (tag?.kind === 'close') edit('Remove the closing tag', d, [TextEdit.del(rangeOf(doc, tag.span))], true);
        else if (tag?.kind === 'selfClosing' && tag.slashSpan) edit('Remove the self-closing slash', d, [TextEdit.del(rangeOf(doc, tag.slashSpan))], true);
        break;
    }
  }
  return actions;
}

/** Where a missing close tag most likely belongs: before the blank line that ends the block after the open tag. */
function closingTagOffset(text: string, tag: ShortcodeTag): number {
  const lineEnd = text.indexOf('\n', tag.span.end);
  if (lineEnd < 0) return text.length;
  const blank = /\n[ \t]*\r?\n/g;
  blank.lastIndex = lineEnd;
  const m = blank.exec(text);
  return m ? m.index + 1 : text.length;
}
