/**
 * Taxonomy terms for a post, ranked by what similar posts use: the posts whose words are most like
 * this one's (the text index) vote for their terms, weighted by how similar they are; ties and the
 * rest go by how many posts use each term.
 */
import type { BlogIndex } from '../../index/blogIndex';
import type { PostEntry } from '../../index/postReader';
import { foldTerm } from '../../text';
import { textQuery } from './relatedPosts';

/** How many similar posts vote. */
export const VOTERS = 10;

export interface TermSuggestion {
  term: string;
  /** Weighted votes of similar posts (0 when none use it). */
  votes: number;
  /** How many of the voting posts use it. */
  inSimilar: number;
  /** How many other posts use it. */
  count: number;
}

export interface TermVotes {
  /** Folded term → votes. */
  votes: Map<string, { votes: number; inSimilar: number }>;
  /** How many similar posts voted (those that use the taxonomy at all). */
  voters: number;
}

/** The votes of the posts most similar to `post` for terms of `taxonomy`. */
export function termVotes(index: BlogIndex, post: PostEntry | undefined, taxonomy: string, text?: string, voters = VOTERS): TermVotes {
  const votes = new Map<string, { votes: number; inSimilar: number }>();
  if (!post) return { votes, voters: 0 };
  const query = textQuery(index, post, text);
  if (!query) return { votes, voters: 0 };
  // Posts that use the taxonomy at all: one without tags says nothing about tags.
  const similar = index.text.similar(query, voters, (path) => (index.get(path)?.terms.get(taxonomy)?.length ?? 0) > 0);
  const top = similar[0]?.score ?? 0;
  for (const s of similar) {
    const weight = top ? s.score / top : 0;
    for (const term of new Set((index.get(s.path)?.terms.get(taxonomy) ?? []).map(foldTerm))) {
      const v = votes.get(term) ?? { votes: 0, inSimilar: 0 };
      v.votes += weight;
      v.inSimilar++;
      votes.set(term, v);
    }
  }
  return { votes, voters: similar.length };
}

/**
 * Terms of `taxonomy` for `post`, best first: by the votes of similar posts, then by use. Terms the
 * post already has (`exclude`, case and accents ignored) are left out; `byUseOnly` skips the votes.
 * Counts are of the other posts.
 */
export function suggestTerms(index: BlogIndex, post: PostEntry | undefined, taxonomy: string, exclude: Iterable<string>, options: { byUseOnly?: boolean; text?: string; oneSpelling?: boolean; limit?: number } = {}): { suggestions: TermSuggestion[]; voters: number } {
  const tax = taxonomy.toLowerCase();
  const excluded = new Set([...exclude].map(foldTerm));
  const own = new Set(post?.terms.get(tax) ?? []);
  const { votes, voters } = options.byUseOnly ? { votes: new Map(), voters: 0 } : termVotes(index, post, tax, options.text);
  const seen = new Set<string>();
  const voted: TermSuggestion[] = [];
  const rest: TermSuggestion[] = [];
  const limit = options.limit ?? Infinity;
  for (const { term, count: total } of index.terms(tax)) {
    // Past the limit only voted terms matter (the list is by use): skip the rest cheaply.
    if (rest.length >= limit && !votes.size) break;
    const count = total - (own.has(term) ? 1 : 0);
    const folded = foldTerm(term);
    if (count <= 0 || excluded.has(folded)) continue;
    // Two spellings of one term: the more used one (listed first) can stand for both.
    if (options.oneSpelling) {
      if (seen.has(folded)) continue;
      seen.add(folded);
    }
    const v = votes.get(folded);
    if (v) voted.push({ term, votes: v.votes, inSimilar: v.inSimilar, count });
    else if (rest.length < limit) rest.push({ term, votes: 0, inSimilar: 0, count });
  }
  // A stable sort keeps the by-use order among equal votes.
  voted.sort((a, b) => b.votes - a.votes);
  return { suggestions: [...voted, ...rest], voters };
}

/** "in 7 of 10 similar posts · 602 posts" */
export function describeSuggestion(s: TermSuggestion, voters: number, formatCount: (n: number) => string): string {
  const posts = `${formatCount(s.count)} post${s.count === 1 ? '' : 's'}`;
  return s.inSimilar ? `in ${s.inSimilar} of ${voters} similar post${voters === 1 ? '' : 's'} · ${posts}` : posts;
}
