/**
 * `related:` entries: resolving an entry to posts the way the blog writes them (a bare file name
 * such as `2024-07-18-cortos-llms.md`, a bundle folder, or a content path), and ranking candidates.
 */
import type { BlogIndex } from '../index/blogIndex';
import type { PostEntry } from '../index/postReader';
import { foldTerm } from '../text';
import { basename, dirname, joinPath, normalizePath } from '../workspace/workspace';

/** Posts an entry names; posts beside `fromPath` first, ambiguous names give every candidate. */
export function resolveRelated(index: BlogIndex, fromPath: string, entry: string): PostEntry[] {
  const name = entry.trim().replace(/^\.?\//, '');
  if (!name) return [];
  let found = index.byName(name);
  if (!found.length && !/\.\w+$/.test(name)) found = index.byName(name + '.md');
  if (!found.length && name.includes('/')) {
    const candidates = [joinPath(dirname(fromPath), name), ...index.site.contentDirs.map((d) => joinPath(d, name))];
    for (const c of candidates) {
      const p = normalizePath(c);
      const post = index.get(p) ?? index.get(p + '.md') ?? index.get(joinPath(p, 'index.md'));
      if (post) found = [post];
      if (found.length) break;
    }
    if (!found.length) found = index.byName(basename(name));
  }
  const here = dirname(fromPath);
  return [...found].sort((a, b) => Number(dirname(b.path) === here) - Number(dirname(a.path) === here) || a.path.localeCompare(b.path));
}

/** How to write a post as a related entry: its file name, or its folder for a page bundle. */
export function relatedEntryFor(post: PostEntry): string {
  return post.isBundle ? basename(dirname(post.path)) : post.fileName;
}

interface RankingData {
  generation: number;
  /** taxonomy:term (folded) → posts using it. */
  byTerm: Map<string, PostEntry[]>;
  /** Every post, newest first. */
  byRecency: PostEntry[];
}

const rankingCache = new WeakMap<BlogIndex, RankingData>();

function rankingData(index: BlogIndex): RankingData {
  const cached = rankingCache.get(index);
  if (cached && cached.generation === index.generation) return cached;
  const byTerm = new Map<string, PostEntry[]>();
  const posts = [...index.posts.values()].filter((p) => !p.isSection);
  for (const post of posts) {
    for (const [tax, terms] of post.terms) {
      for (const term of new Set(terms.map(foldTerm))) {
        const key = `${tax}:${term}`;
        let list = byTerm.get(key);
        if (!list) byTerm.set(key, (list = []));
        list.push(post);
      }
    }
  }
  posts.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  const data = { generation: index.generation, byTerm, byRecency: posts };
  rankingCache.set(index, data);
  return data;
}

/**
 * Candidates for a new related entry of `post`, best first: posts that share taxonomy terms (rarer
 * terms weigh more), then the most recent. Excludes the post itself and `exclude` (already listed).
 */
export function rankRelatedCandidates(index: BlogIndex, post: PostEntry | undefined, exclude: Set<string>, limit: number): PostEntry[] {
  const data = rankingData(index);
  const scores = new Map<PostEntry, number>();
  if (post) {
    for (const [tax, terms] of post.terms) {
      for (const term of new Set(terms.map(foldTerm))) {
        const sharing = data.byTerm.get(`${tax}:${term}`);
        if (!sharing) continue;
        const weight = 1 / Math.log2(2 + sharing.length);
        for (const other of sharing) scores.set(other, (scores.get(other) ?? 0) + weight);
      }
    }
  }
  const skip = (p: PostEntry) => p.path === post?.path || exclude.has(relatedEntryFor(p)) || exclude.has(p.fileName);
  const scored = [...scores].filter(([p]) => !skip(p)).sort((a, b) => b[1] - a[1] || (b[0].date ?? '').localeCompare(a[0].date ?? ''));
  const out = scored.slice(0, limit).map(([p]) => p);
  if (out.length < limit) {
    const taken = new Set(out);
    for (const p of data.byRecency) {
      if (out.length >= limit) break;
      if (!taken.has(p) && !skip(p)) out.push(p);
    }
  }
  return out;
}
