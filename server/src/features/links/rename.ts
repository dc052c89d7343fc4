/**
 * Internal links to posts that are about to be renamed or moved: ref/relref paths and relative
 * file links follow the new file name; URL links follow the new permalink when the permalink came
 * from the file name (a post with `url` front matter keeps its URL, so its links stay).
 */
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pacer, type CancelToken } from '../../cancellation';
import { readPost, type PostEntry } from '../../index/postReader';
import type { FeatureContext } from '../../service';
import { basename, dirname } from '../../workspace/workspace';
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

/**
 * The segments of a URL target that name the post, replaced: `http://host/introducing-cobra/#x` with
 * the permalink going from `/introducing-cobra/` to `/cobra/` gives `http://host/cobra/#x`. Scheme,
 * host, slashes (or their absence), escapes, fragment and query stay as written. Undefined when the
 * target's path does not end with the old permalink's segments.
 */
export function replacePermalinkSegments(target: string, oldPermalink: string, newPermalink: string): string | undefined {
  const o = oldPermalink.split('/').filter(Boolean);
  const n = newPermalink.split('/').filter(Boolean);
  let pre = 0;
  while (pre < o.length && pre < n.length && o[pre] === n[pre]) pre++;
  let suf = 0;
  while (suf < o.length - pre && suf < n.length - pre && o[o.length - 1 - suf] === n[n.length - 1 - suf]) suf++;
  // The path part of the target: up to a query, a fragment or an escaped fragment (`\#`).
  const cut = target.search(/\\?[#?]/);
  const path = cut < 0 ? target : target.slice(0, cut);
  const rest = cut < 0 ? '' : target.slice(cut);
  const origin = /^(?:[a-z][a-z0-9+.-]*:)?\/\/[^/]*/i.exec(path)?.[0] ?? '';
  const tokens = path.slice(origin.length).split('/');
  const named = tokens.map((t, i) => ({ t, i })).filter((x) => x.t !== '');
  const norm = (seg: string) => {
    try {
      return decodeURIComponent(seg).toLowerCase();
    } catch {
      return seg.toLowerCase();
    }
  };
  const cleaned = named.map((x) => ({ ...x, t: x.t.replace(/\.html?$/, '') })).filter((x, k, all) => !(k === all.length - 1 && x.t === 'index'));
  if (cleaned.length < o.length) return undefined;
  const at = cleaned.length - o.length;
  for (let k = 0; k < o.length; k++) if (norm(cleaned[at + k].t) !== norm(o[k])) return undefined;
  const from = at + pre;
  const to = at + o.length - suf;
  const middle = n.slice(pre, n.length - suf);
  const out = [...tokens];
  if (from < to) {
    const first = cleaned[from].i;
    const last = cleaned[to - 1].i;
    const ext = /\.html?$/.exec(tokens[last])?.[0] ?? '';
    out.splice(first, last - first + 1, ...(middle.length ? [middle.join('/') + ext] : []));
  } else {
    // Only new segments: they go before the first kept one.
    const before = from < cleaned.length ? cleaned[from].i : tokens.length - (tokens[tokens.length - 1] === '' ? 1 : 0);
    out.splice(before, 0, ...middle);
  }
  return origin + out.join('/') + rest;
}

export async function linkEditsForRenames(ctx: FeatureContext, renames: FileRename[], token?: CancelToken): Promise<WorkspaceEdit | undefined> {
  const moved = movedPosts(ctx, renames);
  if (!moved.size) return undefined;
  const base = ctx.site.baseURL?.replace(/\/$/, '');
  // The new permalink of each moved post, read as the index will read it after the move (a Jekyll
  // date or title from the file name, the folder, the slug): only the moved posts are read.
  const newPermalinks = new Map<string, string>();
  const newPermalink = async (post: PostEntry): Promise<string | undefined> => {
    if (newPermalinks.has(post.path)) return newPermalinks.get(post.path);
    const newPath = moved.get(post.path)!;
    const contentDir = ctx.index.contentDirOf(newPath) ?? ctx.index.contentDirOf(post.path);
    const text = contentDir ? await ctx.readText(post.path) : undefined;
    if (text === undefined || !contentDir) return undefined;
    const permalink = readPost(ctx.site, newPath, contentDir, text).permalink;
    newPermalinks.set(post.path, permalink);
    return permalink;
  };
  const changes: Record<string, TextEdit[]> = {};
  const mentions = mentionTest(ctx, moved);
  const pace = pacer(token);
  for (const source of [...ctx.index.posts.values()]) {
    if (!source.links.length) continue;
    await pace();
    const found: { span: { start: number; end: number }; newText: string }[] = [];
    for (const link of source.links) {
      if (link.kind === 'reference' || link.kind === 'bare-url') continue;
      // Resolving is the costly part: only targets that name a moved post can resolve to one.
      if (!mentions(link.target)) continue;
      const r = resolveLink(ctx, source.path, link, { postsOnly: true });
      if (r.kind !== 'post' || !moved.has(r.post.path)) continue;
      const newPath = moved.get(r.post.path)!;
      let replacement: string | undefined;
      if (r.via === 'ref' || r.via === 'relative' || r.via === 'content-path' || r.via === 'hook') {
        const movedFolder = dirname(newPath) !== dirname(r.post.path) && !r.post.isBundle;
        if (r.via === 'relative' && movedFolder) {
          // Moved to another folder: the path from the linking post to the new place, written the
          // way the link was (with or without the extension).
          const m = /^([^#?]*)(.*)$/.exec(link.target)!;
          const hadExt = /\.[a-z]+$/i.test(m[1]);
          const rel = relativeLink(source.path, newPath);
          replacement = (hadExt ? rel : stem(rel)) + m[2];
        } else if (r.via === 'hook') replacement = replacePagePathSegments(link.target, r.post.path, newPath);
        else {
          const byName = renamePathTarget(link.target, linkName(r.post.path, r.post), linkName(newPath, r.post));
          // Moved to another folder: a path that spells the folders (`/posts/x`, `../a/x`) follows them; a bare name
          // (`x.md`) still finds the post by name, so only a new name changes it.
          const spellsFolders = /\//.test(link.target.replace(/[#?].*$/, '').replace(/\/$/, ''));
          const byPath = movedFolder && spellsFolders ? replacePagePathSegments(link.target, r.post.path, newPath) : undefined;
          replacement = byPath ?? byName ?? replacePagePathSegments(link.target, r.post.path, newPath);
        }
      } else if (r.via === 'permalink' && !r.post.url) {
        const permalink = await newPermalink(r.post);
        if (!permalink || permalink === r.post.permalink) continue;
        replacement = replacePermalinkSegments(link.target, r.post.permalink, permalink);
        if (replacement === undefined) {
          const suffix = /\\?[#?].*$/.exec(link.target)?.[0] ?? '';
          replacement = (r.absolute && base ? base : '') + permalink + suffix;
        }
      }
      if (replacement === undefined || replacement === link.target) continue;
      found.push({ span: link.targetSpan, newText: replacement });
    }
    if (!found.length) continue;
    // The index's spans are offsets into the text it read: that text gives lines and columns.
    const text = await ctx.readText(source.path);
    if (text === undefined) continue;
    const doc = TextDocument.create(ctx.uris.toUri(source.path), 'markdown', 0, text);
    const edits: TextEdit[] = found.map((f) => ({ range: { start: doc.positionAt(f.span.start), end: doc.positionAt(f.span.end) }, newText: f.newText }));
    changes[ctx.uris.toUri(source.path)] = edits;
  }
  return Object.keys(changes).length ? { changes } : undefined;
}

/**
 * A cheap test that a link target may point at one of the moved posts: it names the post's file
 * (stem), its bundle folder, or the last segment of its permalink or URL. Links that pass are resolved.
 */
function mentionTest(ctx: FeatureContext, moved: Map<string, string>): (target: string) => boolean {
  const needles = new Set<string>();
  for (const path of moved.keys()) {
    const post = ctx.index.get(path);
    if (!post) continue;
    needles.add(stem(linkName(path, post)).toLowerCase());
    for (const url of [post.permalink, post.url]) {
      const last = url?.split('/').filter(Boolean).pop()?.replace(/\.html?$/, '');
      if (last) needles.add(last.toLowerCase());
    }
  }
  const list = [...needles].filter(Boolean);
  // Too short a needle would match everything; then every link is resolved, as before.
  if (!list.length || list.some((n) => n.length < 2)) return () => true;
  return (target) => {
    let t = target.toLowerCase();
    if (t.includes('%')) {
      try {
        t = decodeURIComponent(t);
      } catch {
        /* as written */
      }
    }
    return list.some((n) => t.includes(n));
  };
}

function relativeLink(fromPath: string, toPath: string): string {
  const from = dirname(fromPath).split('/');
  const to = toPath.split('/');
  let i = 0;
  while (i < from.length && i < to.length - 1 && from[i] === to[i]) i++;
  return [...from.slice(i).map(() => '..'), ...to.slice(i)].join('/') || basename(toPath);
}

/** A page's path as page lookups name it: no extension, no `index`/`_index` file, no empty segments. */
function pageSegments(path: string): string[] {
  const segs = path.replace(/\.[^./]+$/, '').split('/').filter(Boolean);
  if (segs.length && /^_?index$/.test(segs[segs.length - 1])) segs.pop();
  return segs;
}

/**
 * A page-lookup target (`../concepts/auth`, `concepts/auth.md`, `/docs/concepts/`) after its page
 * moved: the written segments that name the page's folders and file are swapped for the new ones,
 * everything before them (`..`, the leading slash), the extension, slashes, fragment and query stay.
 * Undefined when the move changes folders the target does not spell out.
 */
export function replacePagePathSegments(target: string, oldPath: string, newPath: string): string | undefined {
  const cut = target.search(/\\?[#?]/);
  const path = cut < 0 ? target : target.slice(0, cut);
  const rest = cut < 0 ? '' : target.slice(cut);
  const trailing = path.endsWith('/') ? '/' : '';
  const ext = /\.(md|markdown|html?)$/i.exec(path)?.[0] ?? '';
  const written = path.slice(0, path.length - trailing.length - ext.length).split('/');
  const o = pageSegments(oldPath);
  const n = pageSegments(newPath);
  const wroteIndex = /^_?index$/.test(written[written.length - 1] ?? '');
  const tail = wroteIndex ? written.slice(0, -1) : written;
  // How many of the target's last segments spell the end of the old page path.
  let k = 0;
  while (k < tail.length && k < o.length && tail[tail.length - 1 - k].toLowerCase() === o[o.length - 1 - k].toLowerCase()) k++;
  if (!k) return undefined;
  const kept = o.slice(0, o.length - k);
  if (n.length < kept.length || kept.some((seg, i) => seg !== n[i])) return undefined;
  const replaced = [...tail.slice(0, tail.length - k), ...n.slice(kept.length), ...(wroteIndex ? [written[written.length - 1]] : [])];
  return replaced.join('/') + ext + trailing + rest;
}
