/**
 * Who links to what across the blog: incoming links per post and how many posts cite each external
 * URL. Built lazily from the index's link targets, once per index generation, so a hover costs a
 * map lookup. Exact locations (find references) re-read the few linking posts.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location } from 'vscode-languageserver-types';
import type { PostEntry } from '../index/postReader';
import { findFrontMatterBlock } from '../parse/frontMatter';
import { parseLinks, type LinkOccurrence } from '../parse/links';
import type { FeatureContext } from '../service';
import { pathToUri } from '../workspace/workspace';
import { resolveLink, resolveLiquid, resolveRef, resolveUrl } from './resolver';

interface LinkGraph {
  generation: number;
  /** Target post path → paths of the posts linking to it (itself excluded). */
  incoming: Map<string, Set<string>>;
  /** Normalised external URL → paths of the posts citing it. */
  citations: Map<string, Set<string>>;
  /** Source post path → what it contributed, so one post's links can be replaced alone. */
  outgoing: Map<string, { targets: string[]; cites: string[] }>;
}

const graphs = new WeakMap<object, LinkGraph>();

export function linkGraph(ctx: FeatureContext): LinkGraph {
  const generation = ctx.index.linkGeneration;
  const cached = graphs.get(ctx.index);
  if (cached && cached.generation === generation) return cached;
  // One post's links changed and nothing else: replace its contribution instead of rebuilding.
  const changed = cached && cached.generation === generation - 1 ? ctx.index.linksOnlyChangeAt(generation) : undefined;
  if (cached && changed) {
    removeSource(cached, changed);
    const source = ctx.index.get(changed);
    if (source) addSource(ctx, cached, source);
    cached.generation = generation;
    return cached;
  }
  const graph: LinkGraph = { generation, incoming: new Map(), citations: new Map(), outgoing: new Map() };
  for (const source of ctx.index.posts.values()) addSource(ctx, graph, source);
  graphs.set(ctx.index, graph);
  return graph;
}

function addSource(ctx: FeatureContext, graph: LinkGraph, source: PostEntry): void {
  const contribution = { targets: [] as string[], cites: [] as string[] };
  for (const raw of source.links) {
    const target = targetPostOfRaw(ctx, source, raw);
    if (target === 'external') {
      const key = externalKey(raw);
      add(graph.citations, key, source.path);
      contribution.cites.push(key);
    } else if (target && target.path !== source.path) {
      add(graph.incoming, target.path, source.path);
      contribution.targets.push(target.path);
    }
  }
  graph.outgoing.set(source.path, contribution);
}

function removeSource(graph: LinkGraph, path: string): void {
  const contribution = graph.outgoing.get(path);
  if (!contribution) return;
  for (const t of contribution.targets) graph.incoming.get(t)?.delete(path);
  for (const c of contribution.cites) graph.citations.get(c)?.delete(path);
  graph.outgoing.delete(path);
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/**
 * The index keeps raw targets without saying which were ref paths, so a target that is not a URL
 * of the site is tried as a ref path too (Hugo sites mix both).
 */
function targetPostOfRaw(ctx: FeatureContext, source: PostEntry, raw: string): PostEntry | 'external' | undefined {
  const liquid = /^\{%-?\s*(post_url|link)\s+([^\s%]+)/.exec(raw);
  if (liquid) {
    if (ctx.site.generator !== 'jekyll') return undefined;
    const r = resolveLiquid(ctx, liquid[1] as 'post_url' | 'link', liquid[2]);
    return r.kind === 'post' ? r.post : undefined;
  }
  const r = resolveUrl(ctx, source, source.path, raw, { postsOnly: true });
  if (r.kind === 'external') return 'external';
  if (r.kind === 'post') return r.post;
  if (ctx.site.generator !== 'hugo' || /^[a-z][a-z0-9+.-]*:/i.test(raw)) return undefined;
  const ref = resolveRef(ctx, source, raw);
  return ref.kind === 'post' ? ref.post : undefined;
}

/** One key for the spellings of an external URL: no fragment, no trailing slash, host lower case. */
export function externalKey(url: string): string {
  const noHash = url.replace(/#.*$/, '');
  try {
    const u = new URL(noHash.startsWith('//') ? 'https:' + noHash : noHash);
    return (u.host.toLowerCase().replace(/^www\./, '') + u.pathname.replace(/\/+$/, '') + u.search).toLowerCase();
  } catch {
    return noHash.replace(/\/+$/, '').toLowerCase();
  }
}

/** How many other posts link to the post at `path`. */
export function incomingCount(ctx: FeatureContext, path: string): number {
  return linkGraph(ctx).incoming.get(path)?.size ?? 0;
}

/** How many posts cite an external URL (in any of its spellings). */
export function citationCount(ctx: FeatureContext, url: string): number {
  return linkGraph(ctx).citations.get(externalKey(url))?.size ?? 0;
}

/** The links of a post's text (body only: front matter is not Markdown). */
export function parseBodyLinks(text: string): LinkOccurrence[] {
  return parseLinks(text, findFrontMatterBlock(text)?.bodyStart ?? 0).links;
}

/**
 * Every link in the blog that resolves to the post at `targetPath`, with its exact range: Markdown,
 * HTML and ref/relref links alike. For find-references on a post (the front matter module merges
 * these with `related` entries).
 */
export async function postsLinkingTo(ctx: FeatureContext, targetPath: string): Promise<Location[]> {
  const sources = linkGraph(ctx).incoming.get(targetPath);
  if (!sources) return [];
  const out: Location[] = [];
  for (const sourcePath of [...sources].sort()) {
    const text = await ctx.readText(sourcePath);
    if (text === undefined) continue;
    const doc = TextDocument.create(pathToUri(sourcePath), 'markdown', 0, text);
    for (const link of parseBodyLinks(text)) {
      if (link.kind === 'reference' || link.kind === 'bare-url') continue;
      if (ctx.site.generator === 'jekyll' ? link.kind === 'ref' || link.kind === 'shortcode' : link.kind === 'liquid') continue;
      const r = resolveLink(ctx, sourcePath, link, { postsOnly: true });
      if (r.kind === 'post' && r.post.path === targetPath) out.push({ uri: doc.uri, range: { start: doc.positionAt(link.targetSpan.start), end: doc.positionAt(link.targetSpan.end) } });
    }
  }
  return out;
}
