/**
 * `related:` entries: resolving an entry to posts the way the blog writes them (a bare file name
 * such as `2024-07-18-cortos-llms.md`, a bundle folder, or a content path), and ranking candidates.
 */
import { TermPostingsBuilder, termPostingKey, type BlogIndex, type TermPostings } from '../../index/blogIndex';
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

const byNameMemo = new WeakMap<BlogIndex, { generation: number; found: Map<string, PostEntry[]> }>();

/** Posts an entry names as a file name; posts beside `fromPath` first, ambiguous names give every candidate. */
export function resolveRelatedByFile(index: BlogIndex, fromPath: string, entry: string): PostEntry[] {
  // An entry with nothing to trim (printable ASCII at both ends, no leading `.` or `/`) is its own name.
  const first = entry.charCodeAt(0);
  const last = entry.charCodeAt(entry.length - 1);
  const plain = first > 32 && first < 127 && first !== 46 && first !== 47 && last > 32 && last < 127;
  const name = plain ? entry : entry.trim().replace(/^\.?\//, '');
  if (!name) return [];
  // A bare name found once means the same post from every post: asked again (the site's scheme, then
  // each post's diagnostics), it is looked up once per index generation.
  let memo = byNameMemo.get(index);
  if (!memo || memo.generation !== index.generation) byNameMemo.set(index, (memo = { generation: index.generation, found: new Map() }));
  const known = memo.found.get(name);
  if (known) return known;
  let found = index.byBareName(name);
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
  // One post (or none) needs no ordering: the answer holds from any post unless a path was given.
  if (found.length < 2) {
    if (!name.includes('/')) memo.found.set(name, found);
    return found;
  }
  const here = dirname(fromPath);
  return [...found].sort((a, b) => Number(dirname(b.path) === here) - Number(dirname(a.path) === here) || a.path.localeCompare(b.path));
}

/** How to write a post as a related entry: its file name, or its folder for a page bundle. */
export function relatedEntryFor(post: PostEntry): string {
  return post.isBundle ? basename(dirname(post.path)) : post.fileName;
}

interface RankingData extends TermPostings {
  scores?: Float64Array;
}

const rankingCache = new WeakMap<BlogIndex, RankingData>();
const ACCEPT_ALL = () => true;
/** Stands for a post removed since the table was built; `accept` sees it and may reject it. */
const NO_POST = { path: '', fileName: '', title: '', isBundle: false } as PostEntry;

function termKeys(post: PostEntry): string[] {
  const keys: string[] = [];
  for (const [tax, terms] of post.terms) for (const term of new Set(terms.map((t) => termPostingKey(tax, t)))) keys.push(term);
  return keys;
}

function rankingData(index: BlogIndex): RankingData {
  // Keyed on the terms, not on every keystroke: an edit that changes no term keeps the table.
  let cached = rankingCache.get(index);
  if (!cached) {
    // The table the first build filled, if it has not been taken yet.
    cached = index.takeTermPostings();
    if (cached) rankingCache.set(index, cached);
  }
  if (cached && cached.generation === index.termsGeneration) return cached;
  // An edit that changed one post's terms: patch that post rather than rebuild (20,000 posts).
  const changed = cached && cached.generation === index.termsGeneration - 1 ? index.termsOnlyChangeAt(index.termsGeneration) : undefined;
  const o = changed === undefined ? undefined : cached!.ordinals.get(changed);
  const post = changed === undefined ? undefined : index.get(changed);
  if (cached && o !== undefined && post) {
    for (const key of termKeys(cached.entries[o])) {
      const list = cached.byTerm.get(key);
      const at = list ? list.indexOf(o) : -1;
      if (at >= 0) list!.splice(at, 1);
      if (list && !list.length) cached.byTerm.delete(key);
    }
    const keys = termKeys(post);
    for (const key of keys) {
      const list = cached.byTerm.get(key);
      if (list) list.push(o);
      else cached.byTerm.set(key, [o]);
    }
    cached.entries[o] = post;
    cached.dates[o] = post.date ?? '';
    cached.generation = index.termsGeneration;
    return cached;
  }
  const builder = new TermPostingsBuilder();
  for (const post of index.posts.values()) if (!post.isSection) builder.add(post);
  const data: RankingData = { ...builder.postings, generation: index.termsGeneration };
  rankingCache.set(index, data);
  return data;
}

/** Posts sharing taxonomy terms with `post`, scored (a rarer term weighs more), best first. */
export function sharedTermCandidates(index: BlogIndex, post: PostEntry | undefined, limit: number, accept: (p: PostEntry) => boolean = ACCEPT_ALL): { post: PostEntry; score: number }[] {
  const data = rankingData(index);
  // One score table per index, reused: a fresh 20,000-entry array per keystroke keeps the GC busy.
  const scores = (data.scores ??= new Float64Array(data.paths.length));
  const touched: number[] = [];
  if (post) {
    for (const [tax, terms] of post.terms) {
      for (const key of new Set(terms.map((t) => termPostingKey(tax, t)))) {
        const sharing = data.byTerm.get(key);
        if (!sharing) continue;
        const weight = 1 / Math.log2(2 + sharing.length);
        for (const o of sharing) {
          if (scores[o] === 0) touched.push(o);
          scores[o] += weight;
        }
      }
    }
  }
  const better = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && data.dates[a] > data.dates[b]);
  const candidates = touched.filter((o) => data.paths[o] !== post?.path && (accept === ACCEPT_ALL || accept(index.get(data.paths[o]) ?? NO_POST)));
  const best = topK(candidates, limit, better);
  const out: { post: PostEntry; score: number }[] = [];
  for (const o of best) {
    const p = index.get(data.paths[o]);
    if (p) out.push({ post: p, score: scores[o] });
  }
  for (const o of touched) scores[o] = 0;
  return out;
}

/**
 * Candidates for a new related entry of `post`, best first: posts that share taxonomy terms (rarer
 * terms weigh more), then the most recent. Excludes the post itself and `exclude` (already listed).
 * The ranking by use only (blogAuthor.suggestions.rankBy: "use"), and the fallback while the text
 * index holds nothing.
 */
export function rankRelatedCandidates(
  index: BlogIndex,
  post: PostEntry | undefined,
  exclude: Set<string>,
  limit: number,
  accept: (p: PostEntry) => boolean = ACCEPT_ALL,
): PostEntry[] {
  const skip = (p: PostEntry) => p.path === post?.path || isListed(p, exclude) || !accept(p);
  const out: PostEntry[] = [];
  const taken = new Set<string>();
  for (const { post: p } of sharedTermCandidates(index, post, limit + exclude.size + 1, accept)) {
    if (out.length >= limit) break;
    if (!skip(p)) {
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

function isListed(p: PostEntry, listed: Set<string>): boolean {
  return listed.has(relatedEntryFor(p)) || listed.has(p.fileName);
}

/** A related-post suggestion with the reasons for it. */
export interface RelatedSuggestion {
  post: PostEntry;
  score: number;
  /** Telling words both posts use. */
  words: string[];
  /** Taxonomy terms both posts have. */
  terms: string[];
}

/** How much shared terms and recency count next to the text (whose best match scores 1). */
const SHARED_TERMS_WEIGHT = 0.35;
const RECENCY_WEIGHT = 0.05;
const TEXT_CANDIDATES = 200;

/**
 * Related-post suggestions ranked by what the posts say (BM25 over their words, the best match
 * scaled to 1), plus shared taxonomy terms and a little recency. The post itself and `exclude`
 * (entries already listed) are left out; when the text finds too few, today's ranking fills in.
 */
export function suggestRelated(index: BlogIndex, post: PostEntry | undefined, exclude: Set<string>, limit: number, accept: (p: PostEntry) => boolean = ACCEPT_ALL, text?: string): RelatedSuggestion[] {
  const ok = (p: PostEntry | undefined): p is PostEntry => !!p && !p.isSection && p.path !== post?.path && !isListed(p, exclude) && accept(p);
  const query = post ? textQuery(index, post, text) : undefined;
  const candidates = new Map<string, { post: PostEntry; text: number; shared: number }>();
  if (query) {
    const similar = index.text.similar(query, TEXT_CANDIDATES + exclude.size, (path) => ok(index.get(path)));
    const top = similar[0]?.score ?? 0;
    for (const s of similar) candidates.set(s.path, { post: index.get(s.path)!, text: top ? s.score / top : 0, shared: 0 });
  }
  const shared = sharedTermCandidates(index, post, TEXT_CANDIDATES + exclude.size, accept);
  const topShared = shared[0]?.score ?? 0;
  for (const s of shared) {
    if (!ok(s.post)) continue;
    const c = candidates.get(s.post.path) ?? { post: s.post, text: 0, shared: 0 };
    c.shared = topShared ? s.score / topShared : 0;
    candidates.set(s.post.path, c);
  }
  const recency = recencyRanks(index);
  const n = Math.max(1, recency.size);
  const scored = [...candidates.values()].map((c) => ({ post: c.post, score: c.text + SHARED_TERMS_WEIGHT * c.shared + RECENCY_WEIGHT * (1 - (recency.get(c.post.path) ?? n) / n) }));
  scored.sort((a, b) => b.score - a.score || (b.post.date ?? '').localeCompare(a.post.date ?? '') || a.post.path.localeCompare(b.post.path));
  // Two translations of one bundle are one entry: the better placed one stands for both.
  const entries = new Set<string>();
  const unique = scored.filter((s) => !entries.has(relatedEntryFor(s.post)) && !!entries.add(relatedEntryFor(s.post)));
  const out: RelatedSuggestion[] = unique.slice(0, limit).map((s) => ({ ...s, words: query ? index.text.sharedWords(query, s.post.path) : [], terms: post ? sharedTerms(post.terms, s.post.terms) : [] }));
  if (out.length < limit) {
    const taken = new Set([...out.map((s) => s.post.path), ...(post ? [post.path] : [])]);
    for (const p of rankRelatedCandidates(index, post, exclude, limit, accept)) {
      if (out.length >= limit) break;
      if (!taken.has(p.path) && !entries.has(relatedEntryFor(p))) out.push({ post: p, score: 0, words: [], terms: post ? sharedTerms(post.terms, p.terms) : [] });
    }
  }
  return out;
}

/** The text query for a post: from `text` when given (an altered copy), else from what is indexed or queued. */
export function textQuery(index: BlogIndex, post: PostEntry, text?: string) {
  const vector = text !== undefined ? index.text.vectorOf(post, text) : index.text.vectorFor(post.path);
  return vector ? index.text.query(vector, post.path) : undefined;
}

const recencyCache = new WeakMap<PostEntry[], Map<string, number>>();

/** Each post's place in the newest-first order. */
function recencyRanks(index: BlogIndex): Map<string, number> {
  const posts = index.postsByRecency();
  let ranks = recencyCache.get(posts);
  if (!ranks) {
    ranks = new Map();
    for (let i = 0; i < posts.length; i++) ranks.set(posts[i].path, i);
    recencyCache.set(posts, ranks);
  }
  return ranks;
}

/** The terms of `a` that `b` has too (case and accents ignored). */
export function sharedTerms(a: Map<string, string[]>, b: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const [tax, terms] of a) {
    const other = new Set((b.get(tax) ?? []).map(foldTerm));
    for (const t of terms) if (other.has(foldTerm(t))) out.push(t);
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
