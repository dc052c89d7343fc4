/**
 * The data behind the taxonomy explorer: each taxonomy, its terms with post counts (spellings that
 * differ only by case or accents grouped under the most used one), and the posts using a term.
 * Answered from the index; one pass over the posts per change of terms or membership, cached.
 */
import type { PostEntry } from '../../index/postReader';
import type { FeatureContext } from '../../service';
import { foldTerm } from '../../text';
import { pathToUri } from '../../workspace/workspace';

export interface TaxonomySummary {
  /** The front matter key (plural, lower case): `tags`. */
  name: string;
  singular: string;
  /** Distinct terms (groups of case/accent variants count once). */
  terms: number;
  /** Uses across posts. */
  uses: number;
}

export interface TermSpelling {
  term: string;
  count: number;
}

export interface TermGroup {
  /** The majority spelling. */
  term: string;
  /** Posts using any spelling of the term. */
  count: number;
  /** Every spelling with its count, most used first; more than one when variants exist. */
  spellings: TermSpelling[];
}

export interface TermPost {
  uri: string;
  /** Relative to the site root. */
  path: string;
  title: string;
  /** YYYY-MM-DD, when the post has a date. */
  date: string | undefined;
  draft: boolean;
  /** The spelling this post uses. */
  spelling: string;
}

export type TermSort = 'count' | 'name';

interface TaxonomyData {
  groups: TermGroup[];
  /** folded term → posts using any spelling of it. */
  posts: Map<string, PostEntry[]>;
  uses: number;
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

function build(ctx: FeatureContext, tax: string): TaxonomyData {
  const posts = new Map<string, PostEntry[]>();
  const spellings = new Map<string, Map<string, number>>();
  let uses = 0;
  for (const post of ctx.index.posts.values()) {
    const terms = post.terms.get(tax);
    if (!terms || !terms.length) continue;
    const seen = new Set<string>();
    for (const term of terms) {
      if (term.trim() === '') continue;
      const folded = foldTerm(term);
      let s = spellings.get(folded);
      if (!s) spellings.set(folded, (s = new Map()));
      if (seen.has(term)) continue;
      s.set(term, (s.get(term) ?? 0) + 1);
      uses++;
      if (seen.has('\0' + folded)) {
        seen.add(term);
        continue;
      }
      seen.add(term).add('\0' + folded);
      const list = posts.get(folded);
      if (list) list.push(post);
      else posts.set(folded, [post]);
    }
  }
  const groups: TermGroup[] = [];
  for (const [folded, s] of spellings) {
    const list = [...s].map(([term, count]) => ({ term, count })).sort((a, b) => b.count - a.count || compare(a.term, b.term));
    groups.push({ term: list[0].term, count: posts.get(folded)?.length ?? 0, spellings: list });
  }
  groups.sort((a, b) => b.count - a.count || compare(a.term, b.term));
  return { groups, posts, uses };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

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
  return sort === 'name' ? [...groups].sort((a, b) => collator.compare(a.term, b.term) || compare(a.term, b.term)) : groups;
}

/** The posts using a term (any of its case/accent spellings), newest first. */
export function termPosts(ctx: FeatureContext, taxonomy: string, term: string): TermPost[] {
  const tax = taxonomy.toLowerCase();
  const posts = data(ctx, tax).posts.get(foldTerm(term)) ?? [];
  return posts
    .map((p) => ({
      uri: pathToUri(p.path),
      path: p.relPath,
      title: p.title || p.fileName,
      date: p.date?.slice(0, 10),
      draft: p.draft,
      spelling: p.terms.get(tax)?.find((t) => foldTerm(t) === foldTerm(term)) ?? term,
    }))
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.path.localeCompare(b.path));
}

/** The group a term belongs to, for merges of a whole group. */
export function termGroup(ctx: FeatureContext, taxonomy: string, term: string): TermGroup | undefined {
  const folded = foldTerm(term);
  return data(ctx, taxonomy).groups.find((g) => foldTerm(g.term) === folded);
}
