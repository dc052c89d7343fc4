/** Shortcode hover: a template's card on its name, a parameter's documentation on the parameter. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findTagAt } from '../../parse/shortcodes';
import type { ShortcodeTemplates } from '../../site/shortcodeTemplates';
import { analyzeShortcodes, rangeOf } from './analysis';
import { siteRootOf, templateDoc } from './templateDoc';

export function shortcodeHover(doc: TextDocument, templates: ShortcodeTemplates, position: Position, analysis = analyzeShortcodes(doc, templates)): Hover | undefined {
  const offset = doc.offsetAt(position);
  const tag = findTagAt(analysis.tags, offset);
  if (!tag || !tag.name) return undefined;
  const template = tag.inline ? undefined : templates.get(tag.name);
  if (offset >= tag.nameSpan.start && offset <= tag.nameSpan.end) {
    let value: string;
    if (tag.inline) value = `**${tag.name}** — inline shortcode: its body is the template (needs \`enableInlineShortcodes\`).`;
    else if (template) value = templateDoc(template, siteRootOf(templates));
    else value = `**${tag.name}** — no template found for this shortcode.`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(doc, tag.nameSpan) };
  }
  const param = tag.params.find((p) => p.nameSpan && offset >= p.nameSpan.start && offset <= p.nameSpan.end);
  if (param?.name && template) {
    const doc_ = template.paramDocs[param.name] ?? Object.entries(template.paramDocs).find(([k]) => k.toLowerCase() === param.name!.toLowerCase())?.[1];
    const read = template.readsAllParams || template.namedParams.some((n) => n.toLowerCase() === param.name!.toLowerCase());
    const value = `\`${param.name}\` — parameter of **${tag.name}**${doc_ ? `\n\n${doc_}` : ''}${read ? '' : '\n\nThe template never reads it.'}`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: rangeOf(doc, param.nameSpan!) };
  }
  return undefined;
}
