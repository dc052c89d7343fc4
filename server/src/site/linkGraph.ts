/**
 * Who links to what across the blog: incoming links per post and how many posts cite each external
 * URL. Built lazily from the links the index keeps (parsed once, by parse/links.ts), once per index
 * generation, so a hover costs a map lookup. Hover counts, find references and renames all read the
 * same link objects, so they cannot disagree.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location } from 'vscode-languageserver-types';
import { pacer, type CancelToken } from '../cancellation';
import type { PostEntry } from '../index/postReader';
import type { LinkOccurrence } from '../parse/links';
import type { ClientUris } from '../workspace/uri';
import { resolveLink, type LinkResolution, type ResolveContext } from './resolver';

/** What the link graph reads: what resolving needs, the texts of posts and the client's URIs (a FeatureContext is one). */
export interface LinkGraphContext extends ResolveContext {
  readText(path: string): Promise<string | undefined>;
  readonly uris: ClientUris;
}

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

export function linkGraph(ctx: LinkGraphContext): LinkGraph {
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

function addSource(ctx: LinkGraphContext, graph: LinkGraph, source: PostEntry): void {
  const contribution = { targets: [] as string[], cites: [] as string[] };
  for (const { resolution } of graphLinks(ctx, source)) {
    if (resolution.kind === 'external') {
      const key = externalKey(resolution.url);
      add(graph.citations, key, source.path);
      contribution.cites.push(key);
    } else if (resolution.kind === 'post' && resolution.post.path !== source.path) {
      add(graph.incoming, resolution.post.path, source.path);
      contribution.targets.push(resolution.post.path);
    }
  }
  graph.outgoing.set(source.path, contribution);
}

/**
 * A post's links that point somewhere, resolved (posts only, no file checks). A reference link
 * counts at its definition, once.
 */
export function* graphLinks(ctx: LinkGraphContext, source: PostEntry): Generator<{ link: LinkOccurrence; resolution: LinkResolution }> {
  for (const link of source.links) {
    if (link.kind === 'reference') continue;
    yield { link, resolution: resolveLink(ctx, source.path, link, { postsOnly: true }) };
  }
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
export function incomingCount(ctx: LinkGraphContext, path: string): number {
  return linkGraph(ctx).incoming.get(path)?.size ?? 0;
}

/** How many posts cite an external URL (in any of its spellings). */
export function citationCount(ctx: LinkGraphContext, url: string): number {
  return linkGraph(ctx).citations.get(externalKey(url))?.size ?? 0;
}

/**
 * Every link in the blog that resolves to the post at `targetPath`, with its exact range: Markdown,
 * HTML and ref/relref links alike. For find-references on a post (the front matter module merges
 * these with `related` entries).
 */
export async function postsLinkingTo(ctx: LinkGraphContext, targetPath: string, token?: CancelToken): Promise<Location[]> {
  const sources = linkGraph(ctx).incoming.get(targetPath);
  if (!sources) return [];
  const out: Location[] = [];
  const pace = pacer(token);
  for (const sourcePath of [...sources].sort()) {
    await pace();
    const source = ctx.index.get(sourcePath);
    if (!source) continue;
    const spans = [];
    for (const { link, resolution } of graphLinks(ctx, source)) if (resolution.kind === 'post' && resolution.post.path === targetPath) spans.push(link.targetSpan);
    if (!spans.length) continue;
    // Offsets to lines and columns: the text the index read (the open document's, else the disk's).
    const text = await ctx.readText(sourcePath);
    if (text === undefined) continue;
    const doc = TextDocument.create(ctx.uris.toUri(sourcePath), 'markdown', 0, text);
    for (const span of spans) out.push({ uri: doc.uri, range: { start: doc.positionAt(span.start), end: doc.positionAt(span.end) } });
  }
  return out;
}
