/**
 * Where a link goes, resolved the way Hugo (or Jekyll) publishes the blog: post URLs through `url`
 * front matter, aliases and permalinks; the site's own absolute URLs; relative paths; ref/relref
 * paths (Hugo's rules: page-relative, then from the content root, then by bare name); static files
 * in every static dir; page-bundle resources; section and taxonomy list pages.
 *
 * Never touches the network. File checks use the workspace's synchronous stat; without one, file
 * targets come back `unknown` (and are not reported as broken).
 */
import { normalizeUrlPath, type BlogIndex } from '../index/blogIndex';
import type { PostEntry } from '../index/postReader';
import type { LinkOccurrence } from '../parse/links';
import type { Workspace } from '../workspace/workspace';
import type { SiteModel } from './siteModel';

/**
 * What resolving needs: the site, the index and (for file checks) the workspace. A FeatureContext
 * is one; declared here so that the site's rules depend on nothing above the index.
 */
export interface ResolveContext {
  readonly site: SiteModel;
  readonly index: BlogIndex;
  readonly workspace: Workspace;
}
import { jekyllGeneratedFile } from './jekyll';
import { splitContentPath, urlize } from './permalinks';
import { editDistance } from '../text';
import { hookFor, matchRedirect, type LinkHook, type RedirectRule } from './siteLinks';
import { basename, dirname, isContained, joinPath, normalizePath } from '../workspace/workspace';

export type PostVia = 'url' | 'alias' | 'permalink' | 'relative' | 'ref' | 'content-path' | 'hook' | 'redirect';
export type FileVia = 'static' | 'bundle' | 'relative';

export type LinkResolution =
  | { kind: 'post'; post: PostEntry; via: PostVia; fragment?: string; absolute?: boolean }
  | { kind: 'file'; path: string; via: FileVia; absolute?: boolean }
  /** A page Hugo generates without a content file: home, a section or a taxonomy list. */
  | { kind: 'list'; what: 'home' | 'section' | 'taxonomy' | 'redirect'; urlPath: string }
  | { kind: 'external'; url: string }
  /** Nothing to resolve: `#fragment` in the same page, mailto:, a template expression, empty. */
  | { kind: 'skip' }
  /** Cannot tell without file access. */
  | { kind: 'unknown' }
  | {
      kind: 'missing';
      reason: MissingReason;
      message: string;
      /**
       * Why the path may be served by something this site does not hold (a prefix no content or static
       * folder of the site has, a section whose pages are not in content/): not a confident "broken".
       */
      elsewhere?: string;
      /** A theme or module not on disk that may provide the file (its static files are merged into the site's): never reported. */
      module?: string;
    };

export type MissingReason = 'no-page-or-file' | 'static-missing' | 'relative-missing' | 'ref-missing' | 'ref-ambiguous' | 'outside-site';

/** Per-index lookups for ref/relref and list pages, rebuilt lazily when the index changes. */
interface Lookups {
  generation: string;
  byContentKey: Map<string, PostEntry[]>;
  /** Base name (file stem or bundle folder), lower case → content keys using it. */
  byBaseName: Map<string, Set<string>>;
  listUrls: Map<string, 'section' | 'taxonomy'>;
  /** First URL segments the site publishes something under (content sections, page URLs, aliases, taxonomies, languages, redirects), lower case. */
  ownedPrefixes: Set<string>;
  /** The site publishes pages of its own at one-segment URLs (`/about/`): the top level is its section too. */
  rootPages: boolean;
  /** First segments of sections that have a list page but no page of their own in content/ (their pages come from elsewhere). */
  emptySections: Set<string>;
  /** Redirect rules a page declares in its front matter (a `redirects` param the site's redirect template reads). */
  pageRedirects: RedirectRule[];
  /** The site's languages, lower case. */
  langs: Set<string>;
  /**
   * First segments a root path was found near in name to an owned prefix, or not (servedElsewhere):
   * asked per broken link (`check` of a blog linking thousands of absent images under one folder).
   */
  nearOwned: Map<string, boolean>;
  /** Some page is a bundle (has resources published beside it): else no URL names a bundle resource. */
  hasBundles: boolean;
  /** The normalised URLs (permalinks, aliases) bundles are published at: no other page URL can lead to a bundle's resources. */
  bundleUrls: Set<string>;
}

const lookupsCache = new WeakMap<object, Lookups>();

function lookups(ctx: ResolveContext): Lookups {
  const cached = lookupsCache.get(ctx.index);
  if (cached && cached.generation === ctx.index.urlGeneration) return cached;
  const byContentKey = new Map<string, PostEntry[]>();
  let hasBundles = false;
  const bundleUrls = new Set<string>();
  // Each post's content key, made once for both passes below.
  const contentKeys: string[] = [];
  const byBaseName = new Map<string, Set<string>>();
  const listUrls = new Map<string, 'section' | 'taxonomy'>();
  const sections = new Set<string>();
  const langPrefixes = ctx.site.languages.length > 1 ? ctx.site.languages.filter((l) => l !== ctx.site.defaultContentLanguage).map((l) => '/' + l) : [];
  for (const post of ctx.index.posts.values()) {
    const key = contentKey(post.contentPath);
    contentKeys.push(key);
    push(byContentKey, key, post);
    if (post.isBundle) {
      hasBundles = true;
      // As the index keys its URL lookup (BlogIndex.byUrl).
      for (const url of [post.permalink, ...post.aliases]) if (url) bundleUrls.add(normalizeUrlPath(url));
    }
    const base = key === '/' ? '' : basename(key);
    if (base) {
      let keys = byBaseName.get(base);
      if (!keys) byBaseName.set(base, (keys = new Set()));
      keys.add(key);
    }
    if (ctx.site.generator === 'hugo' && post.section && !sections.has(post.section)) {
      // Once per section, not per post.
      sections.add(post.section);
      for (const prefix of ['', ...langPrefixes]) listUrls.set(normalizeUrlPath(`${prefix}/${urlize(post.section)}/`), 'section');
    }
  }
  if (ctx.site.generator === 'hugo') {
    // Every language of a multilingual site has its home page, content file or not.
    for (const prefix of langPrefixes) listUrls.set(normalizeUrlPath(prefix + '/'), 'section');
    // Term pages (`/tags/r/`) are asked of the index, which keeps them per post: a tag change leaves these lookups valid.
    for (const tax of ctx.site.taxonomies) listUrls.set(normalizeUrlPath(`/${tax.plural}/`), 'taxonomy');
  }
  const owned = new Set<string>();
  // One-segment pages, less those with pages below them (a Jekyll `tags/index.html` lists `/tags/x/`: a section, not a root page).
  const oneSegmentPages = new Set<string>();
  const deeperFirsts = new Set<string>();
  const withPages = new Set<string>();
  const listOnly = new Set<string>();
  const pageRedirects: RedirectRule[] = [];
  const paramRules = ctx.site.redirects?.filter((r) => r.param) ?? [];
  const langs = new Set(ctx.site.languages.map((l) => l.toLowerCase()));
  let k = 0;
  for (const post of ctx.index.posts.values()) {
    const first = firstSegment(contentKeys[k++], langs);
    if (first) {
      owned.add(first);
      if (post.isSection) listOnly.add(first);
      else withPages.add(first);
    }
    for (const u of [post.url, post.permalink, ...post.aliases]) {
      const seg = u && u.startsWith('/') ? firstSegment(u.toLowerCase(), langs) : undefined;
      if (seg) owned.add(seg);
    }
    const published = (post.url ?? post.permalink).toLowerCase().split('/').filter(Boolean);
    if (!post.isSection && published.length === 1 && !/\.[a-z]+$/i.test(published[0])) oneSegmentPages.add(published[0]);
    if (published.length > 1) deeperFirsts.add(published[0]);
    for (const rule of paramRules) pageRedirects.push(...frontMatterRedirects(post, rule));
  }
  for (const l of langs) owned.add(l);
  for (const u of listUrls.keys()) {
    const seg = firstSegment(u, langs);
    if (seg) owned.add(seg);
  }
  for (const key of ctx.site.generator === 'hugo' ? Object.keys(ctx.site.permalinks ?? {}) : []) {
    owned.add(key.toLowerCase());
    if (!withPages.has(key.toLowerCase())) listOnly.add(key.toLowerCase());
  }
  for (const r of [...(ctx.site.redirects ?? []), ...pageRedirects]) {
    const seg = r.from.startsWith('/') ? firstSegment(r.from.toLowerCase(), langs) : undefined;
    if (seg && !seg.includes('*') && !seg.startsWith(':')) owned.add(seg);
  }
  for (const p of ctx.site.unmountedPaths ?? []) {
    const seg = firstSegment(p.toLowerCase(), langs);
    if (seg) owned.add(seg);
  }
  const emptySections = new Set([...listOnly].filter((s) => !withPages.has(s)));
  const rootPages = [...oneSegmentPages].some((seg) => !deeperFirsts.has(seg));
  const built = { generation: ctx.index.urlGeneration, byContentKey, byBaseName, listUrls, ownedPrefixes: owned, rootPages, emptySections, pageRedirects, langs, nearOwned: new Map<string, boolean>(), hasBundles, bundleUrls };
  lookupsCache.set(ctx.index, built);
  return built;
}

/** The first segment of a site path, after a language prefix (`/es/blog/x` → `blog`); '' for the home page. */
function firstSegment(path: string, langs: Set<string>): string {
  // Asked of every URL of every post when the lookups are made: a scan, no split into segments.
  const [a, b] = segmentAt(path, 0);
  if (a === b) return '';
  const first = path.slice(a, b);
  if (!langs.size || !langs.has(first)) return first;
  const [c, d] = segmentAt(path, b);
  return c === d ? first : path.slice(c, d);
}

/** Where the first non-empty `/`-separated segment at or after `from` starts and ends (both `path.length` when there is none). */
function segmentAt(path: string, from: number): [number, number] {
  let a = from;
  while (a < path.length && path.charCodeAt(a) === 47) a++;
  let b = a;
  while (b < path.length && path.charCodeAt(b) !== 47) b++;
  return [a, b];
}

/** `redirects: [{from, to}]` in a page's front matter, paths relative to the page's URL unless they start with `/`. */
function frontMatterRedirects(post: PostEntry, rule: RedirectRule): RedirectRule[] {
  const key = post.data && Object.keys(post.data).find((k) => k.toLowerCase() === rule.param);
  const list = key ? post.data[key] : undefined;
  if (!Array.isArray(list)) return [];
  const base = post.permalink.endsWith('/') ? post.permalink : post.permalink + '/';
  const out: RedirectRule[] = [];
  for (const item of list) {
    const from = item && typeof item === 'object' ? (item as Record<string, unknown>).from : undefined;
    const to = item && typeof item === 'object' ? (item as Record<string, unknown>).to : undefined;
    if (typeof from !== 'string' || typeof to !== 'string' || !from) continue;
    const abs = (p: string) => (p.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(p) ? p : base + p);
    out.push({ from: abs(from), to: abs(to), file: post.path });
  }
  return out;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Hugo's page path of a content file, lower case: `blog/foo.md` → `/blog/foo`,
 * `blog/bar/index.es.md` → `/blog/bar`, `blog/_index.md` → `/blog`, `_index.md` → `/`.
 */
export function contentKey(contentPath: string): string {
  const parts = splitContentPath(contentPath);
  const segs = parts.isBundle ? parts.dirs.concat(parts.isSection ? [] : [parts.baseName]) : parts.dirs.concat([parts.baseName]);
  return ('/' + segs.filter(Boolean).join('/')).toLowerCase();
}

/** The post of a group in the source's language, else the default language's, else the first. */
function pickLanguage(posts: PostEntry[], lang: string | undefined, ctx: ResolveContext): PostEntry {
  // One post (a link to most URLs): it, whatever its language.
  if (posts.length === 1) return posts[0];
  const norm = (l: string | undefined) => l ?? ctx.site.defaultContentLanguage;
  return posts.find((p) => norm(p.lang) === norm(lang)) ?? posts.find((p) => norm(p.lang) === ctx.site.defaultContentLanguage) ?? posts[0];
}

/** Splits `a/b?x=1#frag` into the path, percent-decoded, and the fragment. */
export function splitTarget(target: string): { path: string; fragment?: string } {
  // CommonMark backslash escapes in a link destination (`/post/\\#title` is `/post/#title`).
  // (Searched first: most targets have none, and the replace copies.)
  if (target.includes('\\')) target = target.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  const hash = target.indexOf('#');
  const fragment = hash >= 0 ? target.slice(hash + 1) : undefined;
  let path = hash >= 0 ? target.slice(0, hash) : target;
  const q = path.indexOf('?');
  if (q >= 0) path = path.slice(0, q);
  // Without a `%` there is nothing to decode.
  if (path.includes('%')) {
    try {
      path = decodeURIComponent(path);
    } catch {
      /* keep as written */
    }
  }
  return { path, fragment };
}

export interface ResolveOptions {
  /** Only posts matter (the link graph): skip file-system checks. */
  postsOnly?: boolean;
  /** Following a redirect already: do not follow another. */
  noRedirect?: boolean;
}

/** Resolves one link found in the post at `fromPath`. */
export function resolveLink(ctx: ResolveContext, fromPath: string, link: Pick<LinkOccurrence, 'kind' | 'target' | 'shortcode'> & { image?: boolean }, options: ResolveOptions = {}): LinkResolution {
  const source = ctx.index.get(fromPath);
  if (link.kind === 'ref') return resolveRef(ctx, source, link.target);
  if (link.kind === 'liquid') return resolveLiquid(ctx, link.shortcode === 'post_url' ? 'post_url' : 'link', link.target);
  const hook = link.kind === 'inline' || link.kind === 'definition' || link.kind === 'reference' || link.kind === 'autolink' ? renderHookOf(ctx, source, !!link.image) : undefined;
  if (hook) return resolveThroughHook(ctx, hook, source, fromPath, link.target, options);
  return resolveUrl(ctx, source, fromPath, link.target, options);
}

/** A URL-like target (Markdown, HTML, figure). */
export function resolveUrl(ctx: ResolveContext, source: PostEntry | undefined, fromPath: string, rawTarget: string, options: ResolveOptions = {}): LinkResolution {
  const target = rawTarget.trim();
  if (!target || target.startsWith('#') || target.includes('{{') || target.includes('{%')) return { kind: 'skip' };
  const own = ownSitePath(ctx, target);
  if (own !== undefined) {
    const r = resolveRootPath(ctx, own, source, options);
    return r.kind === 'post' || r.kind === 'file' ? { ...r, absolute: true } : r;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
    return /^(https?:)?\/\//i.test(target) ? { kind: 'external', url: target } : { kind: 'skip' };
  }
  if (target.startsWith('/')) return resolveRootPath(ctx, target, source, options);
  return resolveRelative(ctx, source, fromPath, target, options);
}

/**
 * The site's baseURL as links are read against it, parsed once per site (every root-relative and
 * absolute link asks): the path root links may include, and the host and path of its own URLs.
 */
interface SiteBase {
  baseURL: string | undefined;
  /** A path other than `/`, ending in `/` (basePathOf). */
  basePath: string | undefined;
  /** The host without `www.`; undefined when there is no baseURL or it does not parse. */
  host: string | undefined;
  /** The path its own URLs are under, ending in `/`. */
  path: string;
  /**
   * `host` found in a text in any case; set when no URL spelt plainly can name the host without
   * holding its text (see mayNameHost): a host with a letter is no IPv4 address, which a URL may
   * spell otherwise (`0x7f.1`), nor IPv6 (`[::1]`).
   */
  hostText: RegExp | undefined;
}

const siteBases = new WeakMap<object, SiteBase>();

function siteBase(ctx: ResolveContext): SiteBase {
  const base = ctx.site.baseURL;
  const known = siteBases.get(ctx.site);
  if (known && known.baseURL === base) return known;
  const made: SiteBase = { baseURL: base, basePath: parseBasePath(base), host: undefined, path: '/', hostText: undefined };
  if (base) {
    try {
      const b = new URL(base.includes('://') ? base : 'https://' + base.replace(/^\/\//, ''));
      const host = b.hostname.replace(/^www\./, '');
      made.host = host;
      made.path = b.pathname.endsWith('/') ? b.pathname : b.pathname + '/';
      if (/[a-z]/.test(host) && !/[[\]:]/.test(host)) made.hostText = new RegExp(host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    } catch {
      /* no own URLs */
    }
  }
  siteBases.set(ctx.site, made);
  return made;
}

/**
 * Whether `target` may be a URL on `own`'s host. A target spelt plainly (ASCII, no `%` escape, no
 * backslash, space or control character) has as its host its own text in lower case: when that text
 * does not hold the host, no URL parse is needed to say it is another site's (most external links).
 */
function mayNameHost(own: SiteBase, target: string): boolean {
  // Plain: printable ASCII but `%` and `\`.
  if (!own.hostText || !/^[!-$&-[\]-~]*$/.test(target)) return true;
  return own.hostText.test(target);
}

/** The path part of an absolute URL on the site's own baseURL (or Jekyll's url), else undefined. */
function ownSitePath(ctx: ResolveContext, target: string): string | undefined {
  const base = ctx.site.baseURL;
  if (!base || !/^(https?:)?\/\//i.test(target)) return undefined;
  const b = siteBase(ctx);
  if (b.host === undefined || !mayNameHost(b, target)) return undefined;
  try {
    const t = new URL(target.startsWith('//') ? 'https:' + target : target);
    if (t.hostname.replace(/^www\./, '') !== b.host) return undefined;
    // A site published under a path (`https://x.org/blog/`) owns only that path of its host.
    if (b.path !== '/' && !(t.pathname + '/').startsWith(b.path)) return undefined;
    return t.pathname + t.search + t.hash;
  } catch {
    return undefined;
  }
}

function resolveRootPath(ctx: ResolveContext, target: string, source: PostEntry | undefined, options: ResolveOptions): LinkResolution {
  const { path, fragment } = splitTarget(target);
  const candidates = [path];
  // A baseURL with a path (`https://x.org/blog/`): links may include or omit it.
  const basePath = basePathOf(ctx);
  if (basePath && path.startsWith(basePath)) candidates.unshift('/' + path.slice(basePath.length));
  for (const p of candidates) {
    const post = postAtUrl(ctx, p, source);
    if (post) return { kind: 'post', post: post.post, via: post.via, fragment };
  }
  const normalized = normalizeUrlPath(path);
  if (normalized === '/' || (basePath && normalized === normalizeUrlPath(basePath))) return { kind: 'list', what: 'home', urlPath: '/' };
  const list = lookups(ctx).listUrls.get(normalized) ?? (ctx.site.generator === 'hugo' && ctx.index.hasTermPage(normalized) ? 'taxonomy' : undefined);
  if (list) return { kind: 'list', what: list, urlPath: normalized };
  if (options.postsOnly) {
    const byContent = contentPathLookup(ctx, path, source);
    return byContent ? { kind: 'post', post: byContent, via: 'content-path', fragment } : { kind: 'unknown' };
  }
  if (!ctx.workspace.statNow) return { kind: 'unknown' };
  for (const p of candidates) {
    const file = staticFile(ctx, p) ?? bundleResourceAtUrl(ctx, p, source);
    if (file) return file;
  }
  // Hugo's link render hook (on for multilingual sites, common in themes) resolves page paths too.
  const byContent = contentPathLookup(ctx, path, source);
  if (byContent) return { kind: 'post', post: byContent, via: 'content-path', fragment };
  const redirected = redirectTarget(ctx, path, source, options);
  if (redirected) return redirected;
  if (htmlContentPage(ctx, path)) return { kind: 'unknown' };
  if (ctx.site.generator === 'jekyll' && jekyllGeneratedFile(ctx.site, path, (rel) => isFile(ctx, joinPath(ctx.site.root, rel)))) return { kind: 'unknown' };
  const lower = normalized.toLowerCase();
  if (ctx.site.unmountedPaths?.some((p) => lower === normalizeUrlPath(p) || lower.startsWith(normalizeUrlPath(p) + '/'))) return { kind: 'unknown' };
  const looksLikeFile = /\.[a-z][a-z0-9]{0,4}$/i.test(path) && !/\.html?$/i.test(path);
  const reason = looksLikeFile ? 'static-missing' : 'no-page-or-file';
  const message = looksLikeFile ? `No file ${path} in ${staticDirNames(ctx)}` : `No ${pageNoun(ctx, path)} is published at ${path} (checked url, aliases, permalinks and static files)`;
  // A theme or module that is not on disk may hold the file in its static/ folder.
  const absent = looksLikeFile ? ctx.site.modules?.find((m) => m.state === 'absent' || m.state === 'cache') : undefined;
  if (absent) return { kind: 'missing', reason, message, elsewhere: `${absent.role === 'theme' ? 'theme' : 'module'} ${absent.path} is not available locally and may provide it`, module: absent.path };
  // Made whole at once (no spread of a first version): one per broken link.
  const elsewhere = servedElsewhere(ctx, candidates[0]);
  return elsewhere ? { kind: 'missing', reason, message, elsewhere } : { kind: 'missing', reason, message };
}

/** A Hugo content page written in HTML (`content/nats_connect.html` → `/nats_connect/`), which the index does not read. */
function htmlContentPage(ctx: ResolveContext, path: string): boolean {
  if (ctx.site.generator !== 'hugo') return false;
  const rel = path.replace(/^\/+|\/+$/g, '');
  if (!rel || /\.[a-z0-9]+$/i.test(rel)) return false;
  for (const dir of ctx.site.contentDirs ?? []) {
    for (const f of [`${rel}.html`, `${rel}/index.html`, `${rel}/_index.html`]) {
      const full = joinPath(dir, f);
      if (full.startsWith(dir + '/') && isFile(ctx, full)) return true;
    }
  }
  return false;
}

/**
 * Why a root path that names nothing here may still be served, by another site on the same domain or
 * by content this copy of the site does not hold: its first segment is no section, page, alias,
 * taxonomy, language, redirect or static folder of this site (a GitHub Pages project site, a separate
 * app under `/docs/`), or it is below a section whose pages are not in content/ (a list page only).
 */
function servedElsewhere(ctx: ResolveContext, path: string): string | undefined {
  const { ownedPrefixes, emptySections, rootPages, langs, nearOwned } = lookups(ctx);
  // Only the first segment (after a language) and whether more follow matter: a scan, no split (asked per broken link).
  let [a, b] = segmentAt(path, 0);
  if (a === b) return undefined;
  let [c, d] = segmentAt(path, b);
  if (c < d && langs.has(path.slice(a, b).toLowerCase())) {
    [a, b] = [c, d];
    [c, d] = segmentAt(path, b);
  }
  const more = c < d;
  const written = path.slice(a, b);
  const first = written.toLowerCase();
  if (more && emptySections.has(first)) return `the section /${first}/ has no pages in this site's content, so its pages are published from elsewhere`;
  if (ownedPrefixes.has(first)) return undefined;
  // A near name of a prefix the site owns (`/tag/` for `/tags/`, `/authors/` for `/author/`) is a typo of this site's link.
  let near = nearOwned.get(first);
  if (near === undefined) nearOwned.set(first, (near = first.length >= 3 && [...ownedPrefixes].some((p) => p.length >= 3 && Math.abs(p.length - first.length) <= 1 && editDistance(p, first, 1) <= 1)));
  if (near) return undefined;
  // A file at the top (`/feed.xml`, `/logo.png`) is the site root's; a top folder (`/video/`) may be another site's.
  if (!more && (rootPages || /\.[a-z][a-z0-9]{0,4}$/i.test(first))) return undefined;
  // A folder (or file) of that name in a static dir (the site root for Jekyll) is this site's.
  for (const dir of ctx.site.staticDirs) {
    const full = joinPath(dir, written);
    if (full.startsWith(dir + '/') && isContained(ctx.workspace, ctx.site.root, full) && ctx.workspace.statNow?.(full)) return undefined;
  }
  return `nothing of this site is published under /${first}/ (no content section, page, static folder or redirect), so another site on the same domain may serve it`;
}

function basePathOf(ctx: ResolveContext): string | undefined {
  return siteBase(ctx).basePath;
}

function parseBasePath(base: string | undefined): string | undefined {
  if (!base) return undefined;
  try {
    const p = new URL(base.includes('://') ? base : 'https://' + base).pathname;
    return p && p !== '/' ? (p.endsWith('/') ? p : p + '/') : undefined;
  } catch {
    return undefined;
  }
}

function staticDirNames(ctx: ResolveContext): string {
  const rel = ctx.site.staticDirs.map((d) => (d.startsWith(ctx.site.root + '/') ? d.slice(ctx.site.root.length + 1) + '/' : d === ctx.site.root ? 'the site root' : d));
  return rel.join(', ') || 'static/';
}

/** The post published at a URL path: its `url`, an alias or its permalink. */
function postAtUrl(ctx: ResolveContext, urlPath: string, source: PostEntry | undefined): { post: PostEntry; via: PostVia } | undefined {
  const posts = ctx.index.byUrl(urlPath);
  if (!posts.length) return undefined;
  const post = pickLanguage(posts, source?.lang, ctx);
  // A link written as the post's url or permalink (most are) is that without normalising either.
  if (post.url && post.url === urlPath) return { post, via: 'url' };
  const n = normalizeUrlPath(urlPath);
  const via: PostVia = post.url && normalizeUrlPath(post.url) === n ? 'url' : post.permalink === urlPath || normalizeUrlPath(post.permalink) === n ? 'permalink' : 'alias';
  return { post, via };
}

function isFile(ctx: ResolveContext, path: string): boolean {
  // Never stat outside the site: whether /etc/passwd exists is none of a post's business.
  if (!isContained(ctx.workspace, ctx.site.root, path)) return false;
  const s = ctx.workspace.statNow?.(path);
  return !!s && !s.isDirectory;
}

function staticFile(ctx: ResolveContext, urlPath: string): LinkResolution | undefined {
  const rel = urlPath.replace(/^\/+/, '');
  if (!rel) return undefined;
  for (const dir of ctx.site.staticDirs) {
    const full = joinPath(dir, rel);
    if (!full.startsWith(dir)) continue;
    if (isFile(ctx, full)) return { kind: 'file', path: full, via: 'static' };
    // A static page: `/talks/x/` and `/talks/x` both serve static/talks/x/index.html.
    // A folder's feed (`/tags/emacs/feed/` → feed/index.xml) is served the same way.
    if (!/\.[a-z0-9]+$/i.test(full)) {
      for (const index of ['index.html', 'index.htm', 'index.xml']) if (isFile(ctx, joinPath(full, index))) return { kind: 'file', path: joinPath(full, index), via: 'static' };
    }
  }
  return undefined;
}

/** `/post/my-bundle/diagram.png`: a resource published beside its bundle's page. */
function bundleResourceAtUrl(ctx: ResolveContext, urlPath: string, source: PostEntry | undefined): LinkResolution | undefined {
  // A site without bundles (most blogs): no page to ask for at each level of the path.
  const { hasBundles, bundleUrls } = lookups(ctx);
  if (!hasBundles) return undefined;
  // The cuts of the path at its last four slashes, from the last (no split and join per cut).
  let slash = urlPath.length;
  for (let cuts = 0; cuts < 4; cuts++) {
    slash = slash > 0 ? urlPath.lastIndexOf('/', slash - 1) : -1;
    if (slash < 0) break;
    const pageUrl = urlPath.slice(0, slash) + '/';
    const rest = urlPath.slice(slash + 1);
    // No bundle is published there: no page lookup (most missing files are under no page at all).
    if (!rest || !bundleUrls.has(normalizeUrlPath(pageUrl))) continue;
    const page = postAtUrl(ctx, pageUrl, source)?.post;
    if (!page?.isBundle) continue;
    const full = joinPath(dirname(page.path), rest);
    if (isFile(ctx, full)) return { kind: 'file', path: full, via: 'bundle' };
  }
  return undefined;
}

function resolveRelative(ctx: ResolveContext, source: PostEntry | undefined, fromPath: string, target: string, options: ResolveOptions): LinkResolution {
  const { path, fragment } = splitTarget(target);
  if (!path) return { kind: 'skip' };
  // 1. Relative to the file: another post (`../other.md`) or a resource beside it.
  const full = joinPath(dirname(fromPath), path);
  // `../legal/` in a page at the site root leaves the folder but not the page's URL (`/notices/` → `/legal/`).
  const inSite = isContained(ctx.workspace, ctx.site.root, full);
  const post = inSite ? ctx.index.get(full) ?? ctx.index.get(joinPath(full, 'index.md')) ?? ctx.index.get(joinPath(full, '_index.md')) : undefined;
  if (post) return { kind: 'post', post, via: 'relative', fragment };
  if (inSite && !options.postsOnly && isFile(ctx, full)) {
    const inBundle = !!source?.isBundle && full.startsWith(dirname(source.path) + '/');
    return { kind: 'file', path: full, via: inBundle ? 'bundle' : 'relative' };
  }
  // 2. Relative to the page's URL, as a browser reads it.
  const byUrl = source?.permalink.startsWith('/') ? resolveAgainstPermalink(ctx, source, target, options) : undefined;
  if (byUrl) return byUrl;
  if (!inSite) return outsideSite(path);
  if (options.postsOnly) return { kind: 'unknown' };
  if (!ctx.workspace.statNow) return { kind: 'unknown' };
  // A page Hugo never renders by itself (an include, a headless bundle): its relative links are read from the page that includes it.
  if (source && notRenderedAlone(ctx, source)) return { kind: 'unknown' };
  const noun = pageNoun(ctx, source ? '/' + source.contentPath : '');
  return { kind: 'missing', reason: 'relative-missing', message: `No file or ${noun} at ${path} relative to this ${noun}` };
}

/**
 * Whether Hugo renders the page only as part of others: `headless: true`, `build.render: never`
 * (or `_build`) in its front matter, or a config `cascade` entry setting that for a target path glob
 * that matches it (`target.path: '{,/**}/_includes{,/**}'`).
 */
export function notRenderedAlone(ctx: ResolveContext, post: PostEntry): boolean {
  if (ctx.site.generator !== 'hugo') return false;
  // Asked for each relative link of the page that names nothing: once per page entry and site config.
  const known = renderedAlone.get(post);
  if (known && known.config === ctx.site.config) return known.never;
  const never = computeNotRenderedAlone(ctx, post);
  renderedAlone.set(post, { config: ctx.site.config, never });
  return never;
}

const renderedAlone = new WeakMap<PostEntry, { config: unknown; never: boolean }>();

function computeNotRenderedAlone(ctx: ResolveContext, post: PostEntry): boolean {
  const never = (build: unknown) => {
    const render = build && typeof build === 'object' ? caseGet(build as Record<string, unknown>, 'render') : undefined;
    return render === false || render === 'never' || render === 'false';
  };
  const data = post.data ?? {};
  if (caseGet(data, 'headless') === true || never(caseGet(data, 'build')) || never(caseGet(data, '_build'))) return true;
  const cascade = caseGet(ctx.site.config ?? {}, 'cascade');
  const entries = Array.isArray(cascade) ? cascade : cascade && typeof cascade === 'object' ? [cascade] : [];
  const pagePath = contentKey(post.contentPath);
  for (const e of entries) {
    if (!e || typeof e !== 'object') continue;
    const entry = e as Record<string, unknown>;
    if (!never(caseGet(entry, 'build')) && !never(caseGet(entry, '_build'))) continue;
    const target = caseGet(entry, 'target') ?? caseGet(entry, '_target');
    const glob = target && typeof target === 'object' ? caseGet(target as Record<string, unknown>, 'path') : undefined;
    if (typeof glob === 'string' && globToRegExp(glob).test(pagePath)) return true;
  }
  return false;
}

function caseGet(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  const k = Object.keys(obj).find((x) => x.toLowerCase() === key);
  return k === undefined ? undefined : obj[k];
}

/** A Hugo path glob (`**`, `*`, `{a,b}`) as a regular expression over lower-case page paths. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  let depth = 0;
  const g = glob.toLowerCase();
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '{') {
      re += '(?:';
      depth++;
    } else if (c === '}' && depth) {
      re += ')';
      depth--;
    } else if (c === ',' && depth) re += '|';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  while (depth--) re += ')';
  try {
    return new RegExp('^' + re + '$');
  } catch {
    return /$^/;
  }
}

/** A relative target read against the source page's URL, as a browser reads it; undefined when it names nothing there. */
function resolveAgainstPermalink(ctx: ResolveContext, source: PostEntry, target: string, options: ResolveOptions): LinkResolution | undefined {
  try {
    const url = new URL(target, 'https://site.invalid' + source.permalink);
    const r = resolveRootPath(ctx, url.pathname + url.hash, source, options);
    return r.kind !== 'missing' && r.kind !== 'unknown' ? r : undefined;
  } catch {
    return undefined;
  }
}

/** A root-relative page path the way `site.GetPage` reads it (`/blog/foo`, `/blog/foo.md`). */
function contentPathLookup(ctx: ResolveContext, path: string, source: PostEntry | undefined): PostEntry | undefined {
  const key = refKey(path.replace(/\/+$/, '') || '/');
  const posts = lookups(ctx).byContentKey.get(key);
  return posts ? live(ctx, pickLanguage(posts, source?.lang, ctx)) : undefined;
}

/** The lookups outlive edits that change no URL: hand out the post as the index has it now. */
function live(ctx: ResolveContext, post: PostEntry | undefined): PostEntry | undefined {
  return post && (ctx.index.get(post.path) ?? post);
}

/** A ref path as a content key: extension and language identifier dropped, lower case. */
function refKey(path: string): string {
  let p = path.toLowerCase();
  const file = basename(p);
  if (/\.[a-z0-9]+$/.test(file)) {
    const stripped = file.replace(/\.[^.]+$/, '').replace(/\.[a-z]{2}(-[a-z]{2,4})?$/, '');
    if (stripped === 'index' || stripped === '_index') p = dirname(p);
    else p = joinPath(dirname(p), stripped);
  } else if (file === 'index' || file === '_index') p = dirname(p);
  p = normalizePath(p.startsWith('/') ? p : '/' + p);
  return p || '/';
}

/**
 * `ref`/`relref` as Hugo resolves them (hugolib/pagecollections.go, getContentNodeForRef): a path
 * not starting with `/` is tried relative to the page first; then from the content root; then a
 * bare name (no slash, or one leading slash) by file or bundle name, an error when ambiguous.
 */
export function resolveRef(ctx: ResolveContext, source: PostEntry | undefined, rawRef: string): LinkResolution {
  const { path: refPath, fragment } = splitTarget(rawRef.trim());
  const ref = refPath.replace(/\\/g, '/').replace(/\/+$/, '');
  if (!ref) {
    return source ? { kind: 'post', post: source, via: 'ref', fragment } : { kind: 'skip' };
  }
  const { byContentKey, byBaseName } = lookups(ctx);
  const found = (key: string) => {
    const posts = byContentKey.get(key);
    return posts ? live(ctx, pickLanguage(posts, source?.lang, ctx)) : undefined;
  };
  const hadExtension = /\.[a-z0-9]+$/i.test(basename(ref));
  if (source && !ref.startsWith('/')) {
    const own = contentKey(source.contentPath);
    // Sections and, for `../x.md`, leaf bundles resolve from their own folder; pages from their container.
    const baseDir = source.isSection || (source.isBundle && hadExtension && ref.startsWith('../')) ? own : dirname(own);
    const post = found(refKey(joinPath(baseDir, ref)));
    if (post) return { kind: 'post', post, via: 'ref', fragment };
  }
  if (ref.startsWith('.')) return { kind: 'missing', reason: 'ref-missing', message: `ref "${rawRef}": no page at that path relative to this one` };
  const post = found(refKey(ref));
  if (post) return { kind: 'post', post, via: 'ref', fragment };
  const slashes = (ref.match(/\//g) ?? []).length;
  if (slashes === 0 || (slashes === 1 && ref.startsWith('/'))) {
    const name = refKey(ref).slice(1);
    const keys = byBaseName.get(name);
    if (keys && keys.size > 1) {
      return { kind: 'missing', reason: 'ref-ambiguous', message: `ref "${rawRef}" is ambiguous: ${[...keys].sort().join(', ')}` };
    }
    if (keys && keys.size === 1) {
      const p = found([...keys][0]);
      if (p) return { kind: 'post', post: p, via: 'ref', fragment };
    }
  }
  return { kind: 'missing', reason: 'ref-missing', message: `ref "${rawRef}": no page found (Hugo fails the build: REF_NOT_FOUND)` };
}

/**
 * Jekyll's `{% post_url 2010-07-21-name %}` (a post in _posts, by file name without extension, maybe in a
 * subfolder) and `{% link path/from/site/root.md %}`. Jekyll fails the build when either finds nothing.
 */
export function resolveLiquid(ctx: ResolveContext, tag: 'post_url' | 'link', target: string): LinkResolution {
  const name = target.replace(/^\/+/, '');
  if (tag === 'post_url') {
    const stem = basename(name);
    for (const post of ['.md', '.markdown', '.mdown', '.mkd', '.mkdn', '.html', '.htm'].flatMap((ext) => ctx.index.byName(stem + ext))) {
      if (/(^|\/)_posts\//.test(post.relPath) && post.relPath.replace(/\.[^.]+$/, '').endsWith(name)) return { kind: 'post', post, via: 'ref' };
    }
    return { kind: 'missing', reason: 'ref-missing', message: `post_url "${target}": no post in _posts with that name (Jekyll fails the build)` };
  }
  const path = joinPath(ctx.site.root, name);
  if (!isContained(ctx.workspace, ctx.site.root, path)) return outsideSite(target);
  const post = ctx.index.get(path);
  if (post) return { kind: 'post', post, via: 'ref' };
  const stat = ctx.workspace.statNow?.(path);
  if (stat && !stat.isDirectory) return { kind: 'file', path, via: 'static' };
  if (!ctx.workspace.statNow) return { kind: 'unknown' };
  return { kind: 'missing', reason: 'ref-missing', message: `link "${target}": no file at that path from the site root (Jekyll fails the build)` };
}

/** A link that leaves the site folder (after `..` and symbolic links): never followed, read or stat'ed. */
function outsideSite(path: string): LinkResolution {
  return { kind: 'missing', reason: 'outside-site', message: `${path} leaves the site folder; links are only followed inside it` };
}

/** The path a ref/relref shortcode would use for a post: its content path without extension. */
export function refPathOf(post: PostEntry): string {
  return contentKey(post.contentPath) === '/' ? '/' : '/' + post.contentPath.replace(/(^|\/)_?index(\.[a-z]{2}(-[a-zA-Z]{2,4})?)?\.[^./]+$/, '').replace(/(\.[a-z]{2}(-[a-zA-Z]{2,4})?)?\.[^./]+$/, '');
}

// ------------------------------------------------------------------ render hooks and redirects

/** The link (or image) render hook that renders Markdown links on the source page, if the site has one. */
function renderHookOf(ctx: ResolveContext, source: PostEntry | undefined, image: boolean): LinkHook | undefined {
  const hooks = ctx.site.linkHooks;
  if (!hooks?.length || ctx.site.generator !== 'hugo') return undefined;
  return hookFor(hooks, image ? 'image' : 'link', source ? contentKey(source.contentPath) : '', source?.section);
}

/**
 * A Markdown link rendered by a hook: the hook's `.GetPage` lookup (Hugo's ref rules: page-relative,
 * then from the content root, then by name), before or after the destination as written; destinations
 * it special-cases, and any it maps in ways not followed here, are not checked.
 */
function resolveThroughHook(ctx: ResolveContext, hook: LinkHook, source: PostEntry | undefined, fromPath: string, rawTarget: string, options: ResolveOptions): LinkResolution {
  const target = rawTarget.trim();
  if (hook.specialPrefixes.some((p) => target.startsWith(p))) return { kind: 'unknown' };
  const getPage = (): LinkResolution | undefined => {
    if (!hook.getPage || !target || target.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return undefined;
    const { path, fragment } = splitTarget(target);
    const ref = hook.readmeAsIndex ? path.replace(/(^|\/)README\.md$/i, '$1_index.md') : path;
    if (!ref) return undefined;
    const r = resolveRef(ctx, source, ref);
    return r.kind === 'post' ? { ...r, via: 'hook', fragment } : undefined;
  };
  if (hook.getPageFirst) {
    const r = getPage();
    if (r) return r;
  }
  const r = resolveUrl(ctx, source, fromPath, target, options);
  if (r.kind !== 'missing') return r;
  if (!hook.getPageFirst) {
    const g = getPage();
    if (g) return g;
  }
  return hook.opaque ? { kind: 'unknown' } : r;
}

/** A path a redirect rule (netlify.toml, _redirects, a REDIRECTS template) sends somewhere. */
function redirectTarget(ctx: ResolveContext, path: string, source: PostEntry | undefined, options: ResolveOptions): LinkResolution | undefined {
  if (options.noRedirect) return undefined;
  const { pageRedirects } = lookups(ctx);
  // Asked for every path that names nothing: most sites have no rules, and need no list made.
  if (!ctx.site.redirects?.length && !pageRedirects.length) return undefined;
  const rules = [...(ctx.site.redirects ?? []), ...pageRedirects];
  const hit = matchRedirect(rules, path);
  if (!hit) return undefined;
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(hit.target)) return { kind: 'external', url: hit.target };
  // One hop: where the rule sends the link, when that is a page or file; else the redirect itself.
  const r = resolveRootPath(ctx, hit.target, source, { ...options, noRedirect: true });
  if (r.kind === 'post') return { ...r, via: 'redirect' };
  if (r.kind === 'file' || r.kind === 'list') return r;
  return { kind: 'list', what: 'redirect', urlPath: normalizeUrlPath(path) };
}

const POST_SECTION_NAMES = new Set(['post', 'posts', 'blog', 'blogs', 'news', 'articles', 'article', 'stories', 'journal', 'diary', 'notes', '_posts']);

/**
 * "post" for a path in the blog's post sections (Jekyll's posts, a section named like one, a section
 * with a dated permalink pattern), "page" elsewhere: a docs page is not a post.
 */
export function pageNoun(ctx: ResolveContext, path: string): 'post' | 'page' {
  if (ctx.site.generator === 'jekyll') return /(^|\/)_?posts?\b|\/\d{4}\//.test(path) || !path ? 'post' : 'page';
  const segs = path.replace(/^\/+/, '').toLowerCase().split('/');
  if (segs.length > 1 && ctx.site.languages.includes(segs[0])) segs.shift();
  const first = segs[0] ?? '';
  if (!first) return 'page';
  if (/^\d{4}$/.test(first)) return 'post';
  if (POST_SECTION_NAMES.has(first)) return 'post';
  const pattern = ctx.site.permalinks[first];
  return pattern && /:(year|month|day)/.test(pattern) ? 'post' : 'page';
}

/** The URLs of the list pages Hugo generates (sections, taxonomies and their terms), with the trailing slash. */
export function listPageUrls(ctx: ResolveContext): string[] {
  return [...lookups(ctx).listUrls.keys()].map((u) => (u === '/' ? u : u + '/'));
}
