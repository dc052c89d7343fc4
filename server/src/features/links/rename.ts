/**
 * Internal links to posts that are about to be renamed or moved: ref/relref paths and relative
 * file links follow the new file name; URL links follow the new permalink when the permalink came
 * from the file name (a post with `url` front matter keeps its URL, so its links stay).
 */
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { PostEntry } from '../../index/postReader';
import type { FeatureContext } from '../../service';
import { computePermalink } from '../../site/permalinks';
import { basename, dirname, pathToUri, relativePath } from '../../workspace/workspace';
import type { FileRename } from '../provider';
import { resolveLink } from '../../site/resolver';

/** Old post path → new path, for files and for posts inside a renamed folder. */
export function movedPosts(ctx: FeatureContext, renames: FileRename[]): Map<string, string> {
  const moved = new Map<string, string>();
  for (const r of renames) {
    if (ctx.index.get(r.oldPath)) moved.set(r.oldPath, r.newPath);
    else for (const path of ctx.index.posts.keys()) if (path.startsWith(r.oldPath + '/')) moved.set(path, r.newPath + path.slice(r.oldPath.length));
  }
  return moved;
}

/** The name a link uses for a post: its file name, or its folder for a page bundle. */
function linkName(path: string, post: PostEntry): string {
  return post.isBundle ? basename(dirname(path)) : basename(path);
}

function stem(name: string): string {
  return name.replace(/\.[^.]+$/, '');
}

/** Rewrites the end of a path-like target (keeping #fragment and ?query) from the old name to the new. */
function renamePathTarget(target: string, oldName: string, newName: string): string | undefined {
  const m = /^([^#?]*)(.*)$/.exec(target)!;
  const [path, rest] = [m[1], m[2]];
  const trimmed = path.replace(/\/$/, '');
  const slash = path.endsWith('/') ? '/' : '';
  for (const [from, to] of [
    [oldName, newName],
    [stem(oldName), stem(newName)],
  ]) {
    if (trimmed === from || trimmed.endsWith('/' + from)) return trimmed.slice(0, trimmed.length - from.length) + to + slash + rest;
  }
  return undefined;
}

export async function linkEditsForRenames(ctx: FeatureContext, renames: FileRename[]): Promise<WorkspaceEdit | undefined> {
  const moved = movedPosts(ctx, renames);
  if (!moved.size) return undefined;
  const base = ctx.site.baseURL?.replace(/\/$/, '');
  const changes: Record<string, TextEdit[]> = {};
  for (const source of ctx.index.posts.values()) {
    if (!source.links.length) continue;
    const found: { span: { start: number; end: number }; newText: string }[] = [];
    for (const link of source.links) {
      if (link.kind === 'reference' || link.kind === 'bare-url') continue;
      const r = resolveLink(ctx, source.path, link, { postsOnly: true });
      if (r.kind !== 'post' || !moved.has(r.post.path)) continue;
      const newPath = moved.get(r.post.path)!;
      let replacement: string | undefined;
      if (r.via === 'ref' || r.via === 'relative' || r.via === 'content-path') {
        replacement = renamePathTarget(link.target, linkName(r.post.path, r.post), linkName(newPath, r.post));
        if (replacement === undefined && r.via === 'relative') {
          // Moved to another folder: the path from the linking post to the new place.
          replacement = relativeLink(source.path, newPath) + (/[#?].*$/.exec(link.target)?.[0] ?? '');
        }
      } else if (r.via === 'permalink' && !r.post.url) {
        const contentDir = ctx.index.contentDirOf(newPath) ?? ctx.index.contentDirOf(r.post.path);
        if (!contentDir) continue;
        const permalink = computePermalink(ctx.site, { contentPath: relativePath(contentDir, newPath), slug: r.post.slug, title: r.post.title, date: r.post.date, lang: r.post.lang });
        if (permalink === r.post.permalink) continue;
        const suffix = /[#?].*$/.exec(link.target)?.[0] ?? '';
        replacement = (r.absolute && base ? base : '') + permalink + suffix;
      }
      if (replacement === undefined || replacement === link.target) continue;
      found.push({ span: link.targetSpan, newText: replacement });
    }
    if (!found.length) continue;
    // The index's spans are offsets into the text it read: that text gives lines and columns.
    const text = await ctx.readText(source.path);
    if (text === undefined) continue;
    const doc = TextDocument.create(pathToUri(source.path), 'markdown', 0, text);
    const edits: TextEdit[] = found.map((f) => ({ range: { start: doc.positionAt(f.span.start), end: doc.positionAt(f.span.end) }, newText: f.newText }));
    changes[pathToUri(source.path)] = edits;
  }
  return Object.keys(changes).length ? { changes } : undefined;
}

function relativeLink(fromPath: string, toPath: string): string {
  const from = dirname(fromPath).split('/');
  const to = toPath.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/') || basename(toPath);
}
