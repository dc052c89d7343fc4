/**
 * Code actions "Suggest related posts" and "Suggest tags" (and every other taxonomy): the post's
 * list filled with the best suggestions, as a WorkspaceEdit written in the post's own style (YAML
 * block or flow list, its quoting, TOML, JSON). Only insertions: nothing already written is touched.
 */
import type { CodeAction, CodeActionContext, Range, TextEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { BlogIndex } from '../../index/blogIndex';
import { findEntry, type FmList, type FmScalar, type FrontMatter } from '../../parse/frontMatter';
import type { FeatureContext } from '../../service';
import { parsedFrontMatter } from './access';
import { yamlNeedsQuotes } from './edits';
import { rankRelatedCandidates, relatedEntryFor, suggestRelated } from './relatedPosts';
import { suggestTerms } from './termSuggestions';

export const SUGGEST_KIND = 'refactor.rewrite.suggest';
const DEFAULT_RELATED_LENGTH = 5;

/** The median length of the non-empty lists, or undefined when no post has one. */
function medianLength(lengths: number[]): number | undefined {
  if (!lengths.length) return undefined;
  const s = [...lengths].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)];
}

/** The blog's typical number of related entries (median of the posts that have any). */
export function typicalRelatedLength(index: BlogIndex): number {
  const lengths: number[] = [];
  for (const p of index.posts.values()) if (!p.isSection && p.related.length) lengths.push(p.related.length);
  return medianLength(lengths) ?? DEFAULT_RELATED_LENGTH;
}

/** The blog's typical number of terms of a taxonomy per post (median of the posts that have any). */
export function typicalTermCount(index: BlogIndex, taxonomy: string): number {
  const lengths: number[] = [];
  for (const p of index.posts.values()) {
    const n = p.terms.get(taxonomy)?.length ?? 0;
    if (!p.isSection && n) lengths.push(n);
  }
  return medianLength(lengths) ?? 3;
}

export function suggestionActions(ctx: FeatureContext, doc: TextDocument, range: Range, context: CodeActionContext): CodeAction[] {
  if (context.only && !context.only.some((k) => SUGGEST_KIND === k || SUGGEST_KIND.startsWith(k + '.'))) return [];
  const fm = parsedFrontMatter(ctx, doc);
  if (!fm.block) return [];
  const start = doc.offsetAt(range.start);
  // Offered where front matter is edited, not everywhere in the post.
  if (start < fm.block.span.start || start > fm.block.span.end) return [];
  const self = ctx.index.get(ctx.uris.toPath(doc.uri));
  if (!self || self.isSection) return [];
  const text = doc.getText();
  const byUse = ctx.settings.suggestionsRankBy === 'use';
  const actions: CodeAction[] = [];

  const listed = new Set(self.related);
  const target = ctx.settings.suggestionsRelatedCount || typicalRelatedLength(ctx.index);
  const need = target - listed.size;
  if (need > 0) {
    const posts = byUse ? rankRelatedCandidates(ctx.index, self, listed, need) : suggestRelated(ctx.index, self, listed, need).map((s) => s.post);
    const edit = appendToList(text, fm, 'related', posts.map(relatedEntryFor), doc);
    if (posts.length && edit) actions.push(action(`Suggest related posts: ${posts.map((p) => relatedEntryFor(p)).join(', ')}`, doc.uri, edit));
  }

  for (const tax of ctx.site.taxonomies) {
    if (!ctx.index.terms(tax.plural).length || self.scalarTaxonomies.includes(tax.plural)) continue;
    const current = self.terms.get(tax.plural) ?? [];
    const count = Math.max(1, typicalTermCount(ctx.index, tax.plural) - current.length);
    const { suggestions } = suggestTerms(ctx.index, self, tax.plural, current, { byUseOnly: byUse, oneSpelling: true });
    // By content, only terms similar posts use: the blog's most used ones are no suggestion.
    const terms = suggestions.filter((s) => byUse || s.inSimilar > 0).slice(0, count).map((s) => s.term);
    if (!terms.length) continue;
    const edit = appendToList(text, fm, tax.plural, terms, doc);
    if (edit) actions.push(action(`Suggest ${tax.plural}: ${terms.join(', ')}`, doc.uri, edit));
  }
  return actions;
}

function action(title: string, uri: string, edits: TextEdit[]): CodeAction {
  return { title, kind: SUGGEST_KIND, edit: { changes: { [uri]: edits } } };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEndOf(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  const end = i < 0 ? text.length : i;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/** The post's line break. */
function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A value written as the list's existing items are (their quote), or as the format needs. */
function quoteValue(value: string, format: 'yaml' | 'toml' | 'json', quote: string, flow: boolean): string {
  if (format === 'json') return JSON.stringify(value);
  if (quote === "'" && (format === 'yaml' || !value.includes("'"))) return format === 'yaml' ? `'${value.replace(/'/g, "''")}'` : `'${value}'`;
  if (format === 'toml' || quote === '"') return JSON.stringify(value);
  return yamlNeedsQuotes(value, flow) ? JSON.stringify(value) : value;
}

/** The quote of the first scalar item of a list, '' when plain or empty. */
function itemQuote(list: FmList | undefined): string {
  const first = list?.items.find((i): i is FmScalar => i.kind === 'scalar');
  return first?.quote ?? '';
}

/** How the post writes block list items (`- ` or `  - `), from its other block lists. */
function blockItemPrefix(text: string, fm: FrontMatter): string {
  for (const e of fm.entries) {
    if (e.value?.kind === 'list' && !e.value.flow && e.value.items.length) {
      const first = e.value.items[0];
      const prefix = text.slice(lineStartOf(text, first.span.start), first.span.start);
      if (/^\s*-\s+$/.test(prefix)) return prefix;
    }
  }
  return '- ';
}

/** Whether the post writes its YAML lists `[a, b]` rather than one item per line. */
function prefersFlow(fm: FrontMatter): boolean {
  const lists = fm.entries.filter((e) => e.value?.kind === 'list').map((e) => e.value as FmList);
  return lists.length > 0 && lists.filter((l) => l.flow).length > lists.length / 2;
}

/**
 * The edits that add `values` to the list under `key`, creating the key when it is absent. Undefined
 * when the key holds something that is not a list (a scalar or a map: not ours to rewrite).
 */
export function appendToList(text: string, fm: FrontMatter, key: string, values: string[], doc: Pick<TextDocument, 'positionAt'>): TextEdit[] | undefined {
  const block = fm.block;
  if (!block || !values.length || fm.format === 'none') return undefined;
  const format = fm.format;
  const eol = eolOf(text);
  const insert = (offset: number, newText: string): TextEdit[] => [{ range: { start: doc.positionAt(offset), end: doc.positionAt(offset) }, newText }];
  const entry = findEntry(fm, key);
  if (entry) {
    const value = entry.value;
    if (!value || (value.kind === 'scalar' && value.value === null && value.text.trim() === '')) {
      if (format !== 'yaml') return undefined;
      // `related:` with nothing after it: block items below the key.
      const prefix = blockItemPrefix(text, fm);
      return insert(lineEndOf(text, entry.keySpan.end), values.map((v) => eol + prefix + quoteValue(v, 'yaml', '', false)).join(''));
    }
    if (value.kind !== 'list') return undefined;
    const quote = itemQuote(value);
    if (value.flow) {
      const close = value.span.end - 1;
      if (text[close] !== ']') return undefined;
      const quoted = values.map((v) => quoteValue(v, format, quote, true));
      const last = value.items[value.items.length - 1];
      if (!last) return insert(close, quoted.join(', '));
      const between = text.slice(last.span.end, close);
      if (between.includes('\n')) {
        // One item per line: the new ones likewise, indented as the last one.
        const indent = text.slice(lineStartOf(text, last.span.start), last.span.start);
        const trailingComma = /^\s*,/.test(between);
        const lines = quoted.map((q) => eol + indent + q);
        return trailingComma
          ? insert(last.span.end + between.indexOf(',') + 1, lines.map((l) => l + ',').join(''))
          : insert(last.span.end, lines.map((l) => ',' + l).join(''));
      }
      return insert(last.span.end, quoted.map((q) => ', ' + q).join(''));
    }
    const last = value.items[value.items.length - 1];
    if (!last) return undefined;
    const prefix = text.slice(lineStartOf(text, last.span.start), last.span.start);
    if (!/^\s*-\s*$/.test(prefix)) return undefined;
    return insert(lineEndOf(text, last.span.end), values.map((v) => eol + prefix + quoteValue(v, 'yaml', quote, false)).join(''));
  }
  // The key is absent: add it at the end of the front matter (TOML: before any [table]).
  if (format === 'json') {
    const lastEntry = fm.entries[fm.entries.length - 1];
    if (!lastEntry) return undefined;
    const indent = text.slice(lineStartOf(text, lastEntry.keySpan.start), lastEntry.keySpan.start).replace(/"$/, '');
    return insert(lastEntry.span.end, `,${eol}${indent}${JSON.stringify(key)}: [${values.map((v) => JSON.stringify(v)).join(', ')}]`);
  }
  let at = block.contentSpan.end;
  if (format === 'toml') {
    const content = text.slice(block.contentSpan.start, block.contentSpan.end);
    const table = /^[ \t]*\[/m.exec(content);
    if (table) at = block.contentSpan.start + table.index;
  }
  const lead = at > 0 && text[at - 1] !== '\n' ? eol : '';
  if (format === 'toml') return insert(at, `${lead}${key} = [${values.map((v) => JSON.stringify(v)).join(', ')}]${eol}`);
  if (prefersFlow(fm)) return insert(at, `${lead}${key}: [${values.map((v) => quoteValue(v, 'yaml', '', true)).join(', ')}]${eol}`);
  const prefix = blockItemPrefix(text, fm);
  return insert(at, `${lead}${key}:${eol}${values.map((v) => prefix + quoteValue(v, 'yaml', '', false) + eol).join('')}`);
}
