/**
 * `related:` entries: resolving an entry to posts the way the blog writes them (a bare file name
 * such as `2024-07-18-cortos-llms.md`, a bundle folder, or a content path), and ranking candidates.
 */
import type { BlogIndex } from '../../index/blogIndex';
import type { PostEntry } from '../../index/postReader';
import { foldTerm } from '../../text';
import { resolveUnderScheme } from './relatedScheme';
import { basename, dirname, joinPath, normalizePath } from '../../workspace/workspace';

/**
 * Posts an entry names, as the site defines its entries (relatedScheme.ts: file name, slug, url or
 * a front matter field); an entry that only another interpretation resolves still resolves.
 */
export function resolveRelated(index: BlogIndex, fromPath: string, entry: string): PostEntry[] {
  return resolveUnderScheme(index, fromPath, entry, resolveRelatedByFile);
}

/** Posts an entry names as a file name; posts beside `fromPath` first, ambiguous names give every candidate. */
export function resolveRelatedByFile(index: BlogIndex, fromPath: string, entry: string): PostEntry[] {
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
  /** The posts at the time the table was built, by ordinal. */
  paths: string[];
  dates: string[];
  /** taxonomy:term (folded) → ordinals of the posts using it. */
  byTerm: Map<string, number[]>;
  scores?: Float64Array;
}

const rankingCache = new WeakMap<BlogIndex, RankingData>();
const ACCEPT_ALL = () => true;
/** Stands for a post removed since the table was built; `accept` sees it and may reject it. */
const NO_POST = { path: '', fileName: '', title: '', isBundle: false } as PostEntry;

function rankingData(index: BlogIndex): RankingData {
  // Keyed on the terms, not on every keystroke: an edit that changes no term keeps the table.
  const cached = rankingCache.get(index);
  if (cached && cached.generation === index.termsGeneration) return cached;
  const byTerm = new Map<string, number[]>();
  const paths: string[] = [];
  const dates: string[] = [];
  for (const post of index.posts.values()) {
    if (post.isSection) continue;
    const ordinal = paths.length;
    paths.push(post.path);
    dates.push(post.date ?? '');
    for (const [tax, terms] of post.terms) {
      for (const term of new Set(terms.map(foldTerm))) {
        const key = `${tax}:${term}`;
        const list = byTerm.get(key);
        if (list) list.push(ordinal);
        else byTerm.set(key, [ordinal]);
      }
    }
  }
  const data = { generation: index.termsGeneration, paths, dates, byTerm };
  rankingCache.set(index, data);
  return data;
}

/**
 * Candidates for a new related entry of `post`, best first: posts that share taxonomy terms (rarer
 * terms weigh more), then the most recent. Excludes the post itself and `exclude` (already listed).
 */
export function rankRelatedCandidates(
  index: BlogIndex,
  post: PostEntry | undefined,
  exclude: Set<string>,
  limit: number,
  accept: (p: PostEntry) => boolean = ACCEPT_ALL,
): PostEntry[] {
  const data = rankingData(index);
  // One score table per index, reused: a fresh 20,000-entry array per keystroke keeps the GC busy.
  const scores = (data.scores ??= new Float64Array(data.paths.length));
  const touched: number[] = [];
  if (post) {
    for (const [tax, terms] of post.terms) {
      for (const term of new Set(terms.map(foldTerm))) {
        const sharing = data.byTerm.get(`${tax}:${term}`);
        if (!sharing) continue;
        const weight = 1 / Math.log2(2 + sharing.length);
        for (const o of sharing) {
          if (scores[o] === 0) touched.push(o);
          scores[o] += weight;
        }
      }
    }
  }
  const skip = (p: PostEntry) => p.path === post?.path || exclude.has(relatedEntryFor(p)) || exclude.has(p.fileName) || !accept(p);
  const better = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && data.dates[a] > data.dates[b]);
  const candidates = accept === ACCEPT_ALL ? touched : touched.filter((o) => accept(index.get(data.paths[o]) ?? NO_POST));
  const best = topK(candidates, limit + exclude.size + 1, better);
  for (const o of touched) scores[o] = 0;
  const out: PostEntry[] = [];
  const taken = new Set<string>();
  for (const o of best) {
    if (out.length >= limit) break;
    const p = index.get(data.paths[o]);
    if (p && !skip(p)) {
      out.push(p);
      taken.add(p.path);
    }
  }
  if (out.length < limit) {
    for (const p of index.postsByRecency()) {
      if (out.length >= limit) break;
      if (!taken.has(p.path) && !skip(p)) out.push(p);
    }
  }
  return out;
}

/** The k best items, best first, with a bounded min-heap: O(n log k) instead of sorting all n. */
function topK(items: number[], k: number, better: (a: number, b: number) => boolean): number[] {
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && better(heap[worst], heap[l])) worst = l;
      if (r < heap.length && better(heap[worst], heap[r])) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst], heap[i]];
      i = worst;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!better(heap[parent], heap[i])) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    } else if (better(item, heap[0])) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}
