/**
 * `blog-author suggest FILE [--json]`: the related posts and taxonomy terms suggested for a post,
 * with their scores and reasons, from the same core as the editor.
 */
import { dirname, relative } from 'path';
import { namedPath } from './io';
import { NO_SITE_CONFIG, siteRootAbove } from './siteRoot';
import { suggestRelated, relatedEntryFor } from '../features/frontMatter/relatedPosts';
import { typicalRelatedLength, typicalTermCount } from '../features/frontMatter/suggestActions';
import { describeSuggestion, suggestTerms } from '../features/frontMatter/termSuggestions';
import { BlogService } from '../service';
import { formatCount } from '../text';
import { NodeWorkspace } from '../workspace/nodeWorkspace';

export interface SuggestIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function runSuggestCommand(args: string[], io: SuggestIO): Promise<number> {
  const json = args.includes('--json');
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    io.err('Usage: blog-author suggest FILE [--json]\n');
    return 2;
  }
  const named = namedPath(file, io.err);
  if (!named) return 2;
  const { path, isDir } = named;
  if (isDir) {
    io.err(`blog-author suggest: ${file} is a folder: name one post (see 'blog-author suggest --help')\n`);
    return 2;
  }
  const workspace = new NodeWorkspace();
  // The site is the nearest folder above the post that holds a Hugo or Jekyll config, as for render.
  const root = await siteRootAbove(workspace, dirname(path));
  if (!root) {
    io.err(`blog-author: ${file} is not inside a site: ${NO_SITE_CONFIG} in the folders above it\n`);
    return 2;
  }
  const service = await BlogService.create({ workspace, folder: root });
  await service.buildIndex();
  await service.index.text.whenReady();
  service.index.text.flush();
  const post = service.index.get(path);
  if (!post) {
    io.err(`blog-author: ${file} is not a post of the site at ${root}\n`);
    return 2;
  }
  const listed = new Set(post.related);
  const count = Math.max(5, typicalRelatedLength(service.index));
  const related = suggestRelated(service.index, post, listed, count).map((s) => ({
    entry: relatedEntryFor(s.post),
    path: relative(process.cwd(), s.post.path),
    title: s.post.title,
    score: Math.round(s.score * 1000) / 1000,
    words: s.words,
    terms: s.terms,
  }));
  const taxonomies: Record<string, { term: string; votes: number; inSimilar: number; posts: number; why: string }[]> = {};
  for (const tax of service.site.taxonomies) {
    if (!service.index.terms(tax.plural).length) continue;
    const { suggestions, voters } = suggestTerms(service.index, post, tax.plural, post.terms.get(tax.plural) ?? [], { oneSpelling: true });
    const n = Math.max(5, typicalTermCount(service.index, tax.plural));
    taxonomies[tax.plural] = suggestions.slice(0, n).map((s) => ({ term: s.term, votes: Math.round(s.votes * 1000) / 1000, inSimilar: s.inSimilar, posts: s.count, why: describeSuggestion(s, voters, formatCount) }));
  }
  if (json) {
    io.out(JSON.stringify({ post: relative(process.cwd(), post.path), related, taxonomies }, null, 2) + '\n');
    return 0;
  }
  const lines = [`${post.title || relative(process.cwd(), post.path)}`, '', `related (already listed: ${listed.size}):`];
  for (const r of related) {
    const why = [r.words.length ? `shares words: ${r.words.join(', ')}` : '', r.terms.length ? `tags: ${r.terms.join(', ')}` : ''].filter(Boolean).join('; ');
    lines.push(`  ${r.score.toFixed(3)}  ${r.entry}  ${r.title}${why ? `  (${why})` : ''}`);
  }
  for (const [tax, terms] of Object.entries(taxonomies)) {
    lines.push('', `${tax} (already: ${(post.terms.get(tax) ?? []).join(', ') || 'none'}):`);
    for (const t of terms) lines.push(`  ${t.votes.toFixed(3)}  ${t.term}  (${t.why})`);
  }
  io.out(lines.join('\n') + '\n');
  return 0;
}
