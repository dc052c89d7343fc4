/**
 * Renaming a taxonomy term across the blog, and keeping `related` entries right when posts are
 * renamed or moved. Edits touch only the values concerned: quoting, list style, key order and
 * everything else in each file stay as written.
 */
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pacer, type CancelToken } from '../../cancellation';
import { parseFrontMatter, type FrontMatterFormat } from '../../parse/frontMatter';
import type { FeatureContext } from '../../service';
import { basename, dirname } from '../../workspace/workspace';
import { parsedFrontMatter } from './access';
import { removeListItem, replaceValue } from './edits';
import { itemAt, relatedItems, termItems, type ValueItem } from './items';
import type { FileRename } from '../provider';
import { movedPosts } from '../links/rename';
import { relatedEntryFor, resolveRelated } from './relatedPosts';

export function prepareTermRename(ctx: FeatureContext, doc: TextDocument, position: Position): { range: Range; placeholder: string } | undefined {
  const term = itemAt(termItems(parsedFrontMatter(ctx, doc), ctx.site), doc.offsetAt(position));
  if (!term) return undefined;
  return { range: { start: doc.positionAt(term.inner.start), end: doc.positionAt(term.inner.end) }, placeholder: term.value };
}

export async function renameTerm(ctx: FeatureContext, doc: TextDocument, position: Position, newName: string, token?: CancelToken): Promise<WorkspaceEdit | undefined> {
  const term = itemAt(termItems(parsedFrontMatter(ctx, doc), ctx.site), doc.offsetAt(position));
  if (!term) return undefined;
  return termRenameEdit(ctx, term.taxonomy, [term.value], newName, token);
}

/**
 * Renames every use of the terms `from` (one term, or several spellings being merged) to `newName`
 * across the blog. A post that ends up with the new name twice keeps only the first.
 */
export async function termRenameEdit(ctx: FeatureContext, taxonomy: string, from: string[], newName: string, token?: CancelToken): Promise<WorkspaceEdit | undefined> {
  const name = String(newName ?? '').trim();
  const old = new Set(from.filter((f) => f !== name));
  if (!name || !old.size) return undefined;
  const term = { taxonomy: taxonomy.toLowerCase() };
  const changes: Record<string, TextEdit[]> = {};
  const pace = pacer(token);
  for (const post of [...ctx.index.posts.values()]) {
    if (!post.terms.get(term.taxonomy)?.some((t) => old.has(t))) continue;
    await pace();
    const text = await ctx.readText(post.path);
    if (text === undefined) continue;
    const target = TextDocument.create(ctx.uris.toUri(post.path), 'markdown', 0, text);
    const fm = parseFrontMatter(text);
    const items = termItems(fm, ctx.site).filter((i) => i.taxonomy === term.taxonomy);
    // Renaming into a term the list already has (r → R, or a case variant the generator takes for
    // the same term) merges: the old item goes away.
    const same = termKeyFor(ctx.site.generator);
    let alreadyHas = items.some((i) => !old.has(i.value) && same(i.value) === same(name));
    const edits: TextEdit[] = [];
    for (const item of items) {
      if (!old.has(item.value)) continue;
      if (alreadyHas && item.inList) edits.push(removeListItem(target, text, item, fm.format as FrontMatterFormat));
      else {
        edits.push(replaceValue(target, item, name, fm.format as FrontMatterFormat));
        alreadyHas = true;
      }
    }
    if (edits.length) changes[target.uri] = edits;
  }
  return { changes };
}

/**
 * The key under which the generator files a term: Hugo lower-cases taxonomy terms and makes a path of
 * them (`Fusión Nuclear` and `fusión-nuclear` are one term page); Jekyll keys `site.tags` by the
 * exact string.
 */
export function termKeyFor(generator: string): (term: string) => string {
  if (generator === 'jekyll') return (t) => t;
  return hugoTermKey;
}

/** Hugo's `getTaxonomyKey`: `MakePath` (spaces to hyphens, characters a path cannot hold dropped), lower-cased. */
export function hugoTermKey(term: string): string {
  return term
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}\p{M}._~#+/\\-]/gu, '')
    .toLowerCase();
}

/**
 * Posts about to be renamed or moved (a file, or a folder holding posts): every `related` entry that
 * names one of them is rewritten to the new name, in the same form (bare name or path).
 */
export async function relatedEditsForRenames(ctx: FeatureContext, renames: FileRename[], token?: CancelToken): Promise<WorkspaceEdit | undefined> {
  const moved = movedPosts(ctx, renames);
  if (!moved.size) return undefined;
  const changes: Record<string, TextEdit[]> = {};
  // An entry names a post by its file or bundle folder name: a cheap test before resolving it.
  const names = [...moved.keys()].map((p) => ctx.index.get(p)).filter((p) => !!p).map((p) => relatedEntryFor(p!).replace(/\.[^.]+$/, '').toLowerCase());
  const mayName = (entry: string) => names.some((n) => entry.toLowerCase().includes(n));
  const pace = pacer(token);
  for (const post of [...ctx.index.posts.values()]) {
    if (!post.related.length) continue;
    await pace();
    // From the index first: only a post with an entry naming a moved post is read.
    if (!post.related.some((entry) => mayName(entry) && resolveRelated(ctx.index, post.path, entry).some((t) => moved.has(t.path)))) continue;
    const text = await ctx.readText(post.path);
    if (text === undefined) continue;
    const doc = TextDocument.create(ctx.uris.toUri(post.path), 'markdown', 0, text);
    const fm = parseFrontMatter(text);
    const edits: TextEdit[] = [];
    for (const item of relatedItems(fm)) {
      const targets = resolveRelated(ctx.index, post.path, item.value);
      const target = targets.find((t) => moved.has(t.path));
      if (!target || targets.length > 1 && targets[0].path !== target.path) continue;
      const newPath = moved.get(target.path)!;
      const oldName = relatedEntryFor(target);
      const newName = target.isBundle ? basename(dirname(newPath)) : basename(newPath);
      if (oldName === newName && !item.value.includes('/')) continue;
      const newEntry = renamedEntry(item.value, oldName, newName);
      if (newEntry !== item.value) edits.push(replaceValue(doc, item, newEntry, fm.format as FrontMatterFormat));
    }
    // The edit applies before the move: address the file by its current URI.
    if (edits.length) changes[ctx.uris.toUri(post.path)] = edits;
  }
  return Object.keys(changes).length ? { changes } : undefined;
}

/** The entry as the post wrote it (path or bare name, with or without extension), pointing at the new name. */
function renamedEntry(entry: string, oldName: string, newName: string): string {
  if (entry.endsWith(oldName)) return entry.slice(0, entry.length - oldName.length) + newName;
  const stem = (n: string) => n.replace(/\.[^.]+$/, '');
  if (entry.endsWith(stem(oldName))) return entry.slice(0, entry.length - stem(oldName).length) + stem(newName);
  return newName;
}
