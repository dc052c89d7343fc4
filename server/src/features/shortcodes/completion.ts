/** Shortcode completion: names after `{{<` / `{{%`, close tags of open shortcodes, and named parameters not yet given. */
import { CompletionItem, CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findTagAt, walkShortcodes, type ShortcodeNode } from '../../parse/shortcodes';
import type { ShortcodeTemplates } from '../../site/shortcodeTemplates';
import { analyzeShortcodes } from './analysis';
import { siteRootOf, templateDoc } from './templateDoc';

/** Characters the adapter should register as completion triggers. */
export const SHORTCODE_TRIGGER_CHARACTERS = ['<', '%', '/', ' '];

/** Open shortcodes around `offset` that still need their close tag, innermost first. */
function unclosedAround(roots: ShortcodeNode[], offset: number, templates: ShortcodeTemplates): ShortcodeNode[] {
  const out: ShortcodeNode[] = [];
  for (const node of walkShortcodes(roots)) {
    if (node.open.kind !== 'open' || node.close || node.open.span.end > offset) continue;
    if (node.open.inline || templates.needsInner(node.open.name)) out.push(node);
  }
  return out.reverse();
}

export function shortcodeCompletions(
  doc: TextDocument,
  templates: ShortcodeTemplates,
  position: Position,
  analysis = analyzeShortcodes(doc, templates),
): CompletionItem[] | undefined {
  const text = doc.getText();
  const offset = doc.offsetAt(position);
  if (offset < analysis.bodyStart) return undefined;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset));

  // `{{<` or `{{%`, perhaps a slash, perhaps the start of a name.
  const opener = /\{\{([<%])(\s*)(\/\s*)?([\w\-/.]*)$/.exec(before);
  if (opener) {
    const markdown = opener[1] === '%';
    const right = markdown ? '%}}' : '>}}';
    const left = markdown ? '{{%' : '{{<';
    const typed = opener[4];
    // Editors auto-close `{` and `<`: typing `{{< ` leaves `>}`, `}}` or `>` after the cursor. Such a
    // partial closer is replaced along with the name, so that the tag ends with exactly one `>}}`.
    const partial = /^[ \t]*(?:[>%]\}{0,2}|\}{1,2})/.exec(after)?.[0] ?? '';
    const partialOnly = partial !== '' && partial.trim() !== right;
    const replace = Range.create(doc.positionAt(offset - typed.length), partialOnly ? doc.positionAt(offset + partial.length) : position);
    // Complete the tag only when the line does not already close it.
    const nextRight = after.indexOf(right);
    const nextOpen = after.indexOf('{{');
    const hasRight = !partialOnly && nextRight >= 0 && (nextOpen < 0 || nextRight < nextOpen);
    const pad = opener[2] ? '' : ' ';
    const items: CompletionItem[] = [];
    for (const [i, node] of unclosedAround(analysis.roots, offset, templates).entries()) {
      const name = node.open.name;
      const label = `/${name}`;
      const insert = opener[3] ? name : `${pad}/${name}`;
      items.push({
        label,
        kind: CompletionItemKind.Keyword,
        detail: `close ${left} ${name} ${right}`,
        sortText: `0${i}`,
        preselect: i === 0,
        filterText: opener[3] ? name : label,
        textEdit: TextEdit.replace(replace, insert + (hasRight ? '' : ` ${right}`)),
      });
    }
    if (opener[3]) return items;
    const root = siteRootOf(templates);
    for (const t of templates.all()) {
      if (t.status === 'removed') continue;
      const snippet = hasRight ? `${pad}${t.name}` : `${pad}${t.name} $1${right}${t.usesInner ? `$0${left} /${t.name} ${right}` : ''}`;
      items.push({
        label: t.name,
        kind: t.origin === 'builtin' ? CompletionItemKind.Function : CompletionItemKind.Snippet,
        detail: t.origin === 'builtin' ? 'Hugo built-in shortcode' : t.origin === 'theme' ? `shortcode of theme ${t.theme}` : 'site shortcode',
        documentation: { kind: MarkupKind.Markdown, value: templateDoc(t, root) },
        sortText: `${t.origin === 'builtin' ? 2 : 1}${t.name}`,
        filterText: t.name,
        insertTextFormat: hasRight ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
        textEdit: TextEdit.replace(replace, snippet),
        tags: t.status === 'deprecated' ? [CompletionItemTag.Deprecated] : undefined,
      });
    }
    return items;
  }

  // Inside a call, after its name: the named parameters not yet given.
  const tag = findTagAt(analysis.tags, offset);
  if (!tag || tag.kind === 'close' || !tag.name || offset <= tag.nameSpan.end) return undefined;
  if (tag.terminated && offset > tag.span.end - 3) return undefined;
  if (tag.params.some((p) => offset > p.valueSpan.start && offset < p.valueSpan.end && p.quote)) return undefined;
  const template = templates.get(tag.name);
  if (!template) return undefined;
  const wordMatch = /[\w-]*$/.exec(before)!;
  const prevChar = before[before.length - wordMatch[0].length - 1];
  if (prevChar !== undefined && !/\s/.test(prevChar)) return undefined;
  const given = new Set(tag.params.filter((p) => p.name).map((p) => p.name!.toLowerCase()));
  const replace = Range.create(doc.positionAt(offset - wordMatch[0].length), position);
  return template.namedParams
    .filter((n) => !given.has(n.toLowerCase()))
    .map((n) => ({
      label: n,
      kind: CompletionItemKind.Property,
      detail: `parameter of ${tag.name}`,
      documentation: template.paramDocs[n] ? { kind: MarkupKind.Markdown, value: template.paramDocs[n] } : undefined,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: TextEdit.replace(replace, `${n}="$1"`),
    }));
}
