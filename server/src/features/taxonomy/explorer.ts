/**
 * The data behind the taxonomy explorer: each taxonomy, its terms with post counts (spellings that
 * differ only by case or accents grouped under the most used one), and the posts using a term.
 * Answered from the index; one pass over the posts per change of terms or membership, cached.
 */
import type { PostEntry } from '../../index/postReader';
import type { FeatureContext } from '../../service';
import { foldTerm } from '../../text';

export type { TaxonomySummary, TermGroup, TermPost, TermSpelling } from '../../../../shared/protocol';
import type { TaxonomySummary, TermGroup, TermPost, TermSpelling } from '../../../../shared/protocol';

export type TermSort = 'count' | 'name';

interface TaxonomyData {
  groups: TermGroup[];
  uses: number;
  /** folded term → posts using any spelling of it, filled as terms are expanded. */
  posts?: Map<string, { post: PostEntry; spelling: string }[]>;
}

const cache = new WeakMap<object, { generation: string; data: Map<string, TaxonomyData> }>();

function data(ctx: FeatureContext, taxonomy: string): TaxonomyData {
  const generation = ctx.index.structureGeneration;
  let entry = cache.get(ctx.index);
  if (!entry || entry.generation !== generation) cache.set(ctx.index, (entry = { generation, data: new Map() }));
  const tax = taxonomy.toLowerCase();
  let d = entry.data.get(tax);
  if (!d) entry.data.set(tax, (d = build(ctx, tax)));
  return d;
}

/**
 * Groups from the index's own term counts (kept current per edit): no pass over the posts, except
 * over the posts with several terms when some term has several spellings, so that a post using both
 * `R` and `r` counts once.
 */
function build(ctx: FeatureContext, tax: string): TaxonomyData {
  const byFolded = new Map<string, TermSpelling[]>();
  let uses = 0;
  for (const { term, count } of ctx.index.terms(tax)) {
    if (term.trim() === '') continue;
    uses += count;
    const folded = foldTerm(term);
    const list = byFolded.get(folded);
    if (list) list.push({ term, count });
    else byFolded.set(folded, [{ term, count }]);
  }
  const overlaps = new Map<string, number>();
  const variants = new Set<string>();
  for (const [folded, list] of byFolded) if (list.length > 1) variants.add(folded);
  if (variants.size) {
    for (const post of ctx.index.posts.values()) {
      const terms = post.terms.get(tax);
      if (!terms || terms.length < 2) continue;
      const seen = new Map<string, Set<string>>();
      for (const t of terms) {
        const folded = foldTerm(t);
        if (!variants.has(folded)) continue;
        let set = seen.get(folded);
        if (!set) seen.set(folded, (set = new Set()));
        set.add(t);
      }
      for (const [folded, set] of seen) if (set.size > 1) overlaps.set(folded, (overlaps.get(folded) ?? 0) + set.size - 1);
    }
  }
  const groups: TermGroup[] = [];
  for (const [folded, list] of byFolded) {
    // index.terms is sorted by count, then term: the first spelling is the majority one.
    groups.push({ term: list[0].term, count: list.reduce((n, s) => n + s.count, 0) - (overlaps.get(folded) ?? 0), spellings: list });
  }
  groups.sort((a, b) => b.count - a.count || compare(a.term, b.term));
  return { groups, uses };
}

/** The posts using a term, with the spelling each uses: one pass over the posts, cached per term. */
function postsOfTerm(ctx: FeatureContext, tax: string, folded: string): { post: PostEntry; spelling: string }[] {
  const d = data(ctx, tax);
  const cached = d.posts?.get(folded);
  if (cached) return cached;
  const out: { post: PostEntry; spelling: string }[] = [];
  // Newest first already (the index's cached recency order): the list needs no sorting.
  for (const post of ctx.index.postsByRecency()) {
    const terms = post.terms.get(tax);
    if (!terms) continue;
    for (const t of terms) {
      if (foldTerm(t) === folded) {
        out.push({ post, spelling: t });
        break;
      }
    }
  }
  if (!d.posts) d.posts = new Map();
  if (d.posts.size > 200) d.posts.clear();
  d.posts.set(folded, out);
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Made on first use: creating a collator costs 10–30 ms, at the start of every command otherwise.
let collator: Intl.Collator | undefined;

/** Every taxonomy the site declares (Hugo's configured ones; Jekyll's tags and categories). */
export function taxonomySummaries(ctx: FeatureContext): TaxonomySummary[] {
  return ctx.site.taxonomies.map((t) => {
    const d = data(ctx, t.plural);
    return { name: t.plural, singular: t.singular, terms: d.groups.length, uses: d.uses };
  });
}

/** A taxonomy's terms, by post count (most used first) or by name. */
export function taxonomyTerms(ctx: FeatureContext, taxonomy: string, sort: TermSort = 'count'): TermGroup[] {
  const groups = data(ctx, taxonomy).groups;
  return sort === 'name' ? [...groups].sort((a, b) => (collator ??= new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })).compare(a.term, b.term) || compare(a.term, b.term)) : groups;
}

/** The posts using a term (any of its case/accent spellings), newest first; section pages are not posts. */
export function termPosts(ctx: FeatureContext, taxonomy: string, term: string): TermPost[] {
  return postsOfTerm(ctx, taxonomy.toLowerCase(), foldTerm(term)).map(({ post: p, spelling }) => ({
    uri: ctx.uris.toUri(p.path),
    path: p.relPath,
    title: p.title || p.fileName,
    date: p.date?.slice(0, 10),
    draft: p.draft,
    spelling,
  }));
}

/** The group a term belongs to, for merges of a whole group. */
export function termGroup(ctx: FeatureContext, taxonomy: string, term: string): TermGroup | undefined {
  const folded = foldTerm(term);
  return data(ctx, taxonomy).groups.find((g) => foldTerm(g.term) === folded);
}
