/**
 * What every shortcode feature reads: a document's shortcode tags, comments and paired tree, parsed
 * once per document version (features/shortcodes/feature.ts caches it). Front matter is skipped:
 * Hugo reads shortcodes in the content only.
 */
import { Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findFrontMatterBlock } from '../../parse/frontMatter';
import { findTagAt, pairShortcodes, parseShortcodes, type ShortcodeComment, type ShortcodeNode, type ShortcodeTag } from '../../parse/shortcodes';
import type { ParseProblem, Span } from '../../parse/types';
import type { ShortcodeTemplates } from '../../site/shortcodeTemplates';

export interface ShortcodeAnalysis {
  /** Where the content starts (after the front matter). */
  bodyStart: number;
  tags: ShortcodeTag[];
  comments: ShortcodeComment[];
  roots: ShortcodeNode[];
  /** Parser and pairing problems. */
  problems: ParseProblem[];
}

export function analyzeShortcodes(doc: TextDocument, templates: ShortcodeTemplates): ShortcodeAnalysis {
  const text = doc.getText();
  const bodyStart = findFrontMatterBlock(text)?.bodyStart ?? 0;
  const parsed = parseShortcodes(text, bodyStart);
  const tree = pairShortcodes(parsed.tags, (name) => templates.needsInner(name));
  return { bodyStart, tags: parsed.tags, comments: parsed.comments, roots: tree.roots, problems: [...parsed.problems, ...tree.problems] };
}

export function rangeOf(doc: TextDocument, span: Span): Range {
  return Range.create(doc.positionAt(span.start), doc.positionAt(span.end));
}

export function delimiters(tag: ShortcodeTag): [string, string] {
  return tag.markdown ? ['{{%', '%}}'] : ['{{<', '>}}'];
}

/** The tag whose name is at `offset`. */
export function nameAt(analysis: ShortcodeAnalysis, offset: number): ShortcodeTag | undefined {
  const tag = findTagAt(analysis.tags, offset);
  return tag && tag.name && offset >= tag.nameSpan.start && offset <= tag.nameSpan.end ? tag : undefined;
}
