/**
 * Navigation from the front matter: `related` entries to their posts (definition, links, hover),
 * references to a post or a term, and posts as workspace symbols.
 */
import { MarkupKind, SymbolKind, type DocumentLink, type Hover, type Location, type Position, type WorkspaceSymbol } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pacer, type CancelToken } from '../../cancellation';
import type { PostEntry } from '../../index/postReader';
import { parseFrontMatter } from '../../parse/frontMatter';
import type { FeatureContext } from '../../service';
import { foldTerm, formatCount } from '../../text';
import { parsedFrontMatter } from './access';
import { itemAt, relatedItems, termItems } from './items';
import { postsLinkingTo } from '../../site/linkGraph';
import { resolveRelated, resolveRelatedByFile } from './relatedPosts';
import { describeScheme, relatedScheme } from './relatedScheme';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function postLocation(ctx: FeatureContext, post: PostEntry): Location {
  return { uri: ctx.uris.toUri(post.path), range: START };
}

function spanRange(doc: TextDocument, span: { start: number; end: number }) {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function relatedDefinition(ctx: FeatureContext, doc: TextDocument, position: Position): Location[] | undefined {
  const item = itemAt(relatedItems(parsedFrontMatter(ctx, doc)), doc.offsetAt(position));
  if (!item) return undefined;
  const posts = resolveRelated(ctx.index, ctx.uris.toPath(doc.uri), item.value);
  return posts.length ? posts.map((p) => postLocation(ctx, p)) : undefined;
}

export function relatedDocumentLinks(ctx: FeatureContext, doc: TextDocument): DocumentLink[] {
  const links: DocumentLink[] = [];
  const from = ctx.uris.toPath(doc.uri);
  for (const item of relatedItems(parsedFrontMatter(ctx, doc))) {
    const [post] = resolveRelated(ctx.index, from, item.value);
    if (post) links.push({ range: spanRange(doc, item.inner), target: ctx.uris.toUri(post.path), tooltip: post.title || post.fileName });
  }
  return links;
}

/** A post as Markdown: title, date, terms, summary. Shared by related and link hovers. */
export function postCard(post: PostEntry, extra?: string): string {
  const lines = [`**${escapeMd(post.title || post.fileName)}**${post.draft ? ' _(draft)_' : ''}`];
  const meta = [post.date?.slice(0, 10), post.permalink].filter(Boolean).join(' · ');
  if (meta) lines.push(meta);
  const terms = [...post.terms].filter(([, t]) => t.length).map(([tax, t]) => `${tax}: ${t.map((x) => `\`${x}\``).join(', ')}`);
  if (terms.length) lines.push(terms.join('  \n'));
  if (post.summary) lines.push(escapeMd(post.summary));
  if (extra) lines.push(extra);
  lines.push(`_${post.relPath}_`);
  return lines.join('\n\n');
}

function escapeMd(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}

export function frontMatterHover(ctx: FeatureContext, doc: TextDocument, position: Position): Hover | undefined {
  const fm = parsedFrontMatter(ctx, doc);
  const offset = doc.offsetAt(position);
  const related = itemAt(relatedItems(fm), offset);
  if (related) {
    const posts = resolveRelated(ctx.index, ctx.uris.toPath(doc.uri), related.value);
    const cards = posts.length ? posts.map((p) => postCard(p)).join('\n\n---\n\n') : `No post is named \`${related.value}\`.`;
    const value = `${cards}\n\n---\n\n${describeScheme(relatedScheme(ctx.index, resolveRelatedByFile).scheme)}`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: spanRange(doc, related.scalar.span) };
  }
  const term = itemAt(termItems(fm, ctx.site), offset);
  if (term) {
    const count = ctx.index.termCount(term.taxonomy, term.value);
    const variants = ctx.index.termVariants(term.taxonomy, term.value);
    let value = `\`${term.value}\` — ${term.taxonomy}: ${formatCount(count)} post${count === 1 ? '' : 's'}`;
    if (variants.length) value += `\n\nOther spellings: ${variants.map((v) => `\`${v.term}\` (${formatCount(v.count)})`).join(', ')}`;
    return { contents: { kind: MarkupKind.Markdown, value }, range: spanRange(doc, term.scalar.span) };
  }
  return undefined;
}

/** Finds references from the front matter: to a term (posts using it) or to this post (posts pointing at it). */
export async function frontMatterReferences(ctx: FeatureContext, doc: TextDocument, position: Position, includeDeclaration: boolean, token?: CancelToken): Promise<Location[] | undefined> {
  const fm = parsedFrontMatter(ctx, doc);
  const offset = doc.offsetAt(position);
  const term = itemAt(termItems(fm, ctx.site), offset);
  if (term) return termReferences(ctx, term.taxonomy, term.value, token);
  if (!fm.block || offset < fm.block.span.start || offset > fm.block.span.end) {
    // The first heading or title line counts as "the post" too.
    const line = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } });
    if (!/^#\s/.test(line)) return undefined;
  }
  const self = ctx.index.get(ctx.uris.toPath(doc.uri));
  if (!self) return undefined;
  const refs = await postReferences(ctx, self, token);
  if (includeDeclaration) refs.unshift(postLocation(ctx, self));
  return refs;
}

/** Every place a taxonomy term is used, across the blog. */
export async function termReferences(ctx: FeatureContext, taxonomy: string, term: string, token?: CancelToken): Promise<Location[]> {
  const out: Location[] = [];
  const pace = pacer(token);
  for (const post of [...ctx.index.posts.values()]) {
    if (!post.terms.get(taxonomy)?.includes(term)) continue;
    await pace();
    const text = await ctx.readText(post.path);
    if (text === undefined) continue;
    const doc = TextDocument.create(ctx.uris.toUri(post.path), 'markdown', 0, text);
    for (const item of termItems(parseFrontMatter(text), ctx.site)) {
      if (item.taxonomy === taxonomy && item.value === term) out.push({ uri: doc.uri, range: spanRange(doc, item.inner) });
    }
  }
  return out;
}

/** Posts that list `target` in `related`, and every link to it (resolved as the links feature resolves them). */
export async function postReferences(ctx: FeatureContext, target: PostEntry, token?: CancelToken): Promise<Location[]> {
  const out: Location[] = [];
  const pace = pacer(token);
  for (const post of [...ctx.index.posts.values()]) {
    await pace();
    if (!post.related.some((r) => resolveRelated(ctx.index, post.path, r).some((p) => p.path === target.path))) continue;
    const text = await ctx.readText(post.path);
    if (text === undefined) continue;
    const doc = TextDocument.create(ctx.uris.toUri(post.path), 'markdown', 0, text);
    for (const item of relatedItems(parseFrontMatter(text))) {
      if (resolveRelated(ctx.index, post.path, item.value).some((p) => p.path === target.path)) out.push({ uri: doc.uri, range: spanRange(doc, item.inner) });
    }
  }
  out.push(...(await postsLinkingTo(ctx, target.path, token)));
  return out;
}

/** Posts by title, fuzzy: every character of the query in order, word starts weighing more. */
export async function postSymbols(ctx: FeatureContext, query: string, token?: CancelToken): Promise<WorkspaceSymbol[]> {
  const q = foldTerm(String(query ?? '').trim());
  const scored: { post: PostEntry; score: number }[] = [];
  const pace = pacer(token);
  for (const post of [...ctx.index.posts.values()]) {
    await pace();
    const title = post.title || post.fileName;
    const score = q ? fuzzyScore(foldTerm(title), q) : 1;
    if (score > 0) scored.push({ post, score });
  }
  scored.sort((a, b) => b.score - a.score || (b.post.date ?? '').localeCompare(a.post.date ?? ''));
  return scored.slice(0, 200).map(({ post }) => ({
    name: post.title || post.fileName,
    kind: post.isSection ? SymbolKind.Namespace : SymbolKind.File,
    containerName: [post.date?.slice(0, 10), post.relPath].filter(Boolean).join(' · '),
    location: postLocation(ctx, post),
  }));
}

export function fuzzyScore(text: string, query: string): number {
  let score = 0;
  let ti = 0;
  let run = 0;
  for (const qc of query) {
    const found = text.indexOf(qc, ti);
    if (found < 0) return 0;
    run = found === ti ? run + 1 : 1;
    score += run + (found === 0 || /[\s\-_/.(]/.test(text[found - 1]) ? 3 : 0);
    ti = found + 1;
  }
  return score + (text.includes(query) ? 10 : 0);
}
