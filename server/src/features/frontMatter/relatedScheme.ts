/**
 * What a site's `related:` entries name, inferred from the site's own data: a file name (the
 * default, as the blog this project started from writes them), a file name without extension or
 * date, a slug, a URL, or the value of a front matter field (`class`, `title`…), optionally within
 * the same `lang`. The interpretation under which most entries resolve wins; a setting can force one.
 */
import type { BlogIndex } from '../../index/blogIndex';
import type { PostEntry } from '../../index/postReader';
import { normalizeUrlPath } from '../../index/blogIndex';

export interface RelatedScheme {
  /** `file`, `stem`, `slug`, `url` or `field:NAME`. */
  interpretation: string;
  scopeByLang: boolean;
  /** Entries that resolve under it, of all entries in the site. */
  resolved: number;
  total: number;
  forced: boolean;
  /** The template that shows how entries are looked up, when it decided (site/relatedHint.ts). */
  template?: string;
  /** A template shows Jekyll's `site.related_posts` (which ignores `related:`) and none looks entries up. */
  builtinRelatedPosts?: string;
}

type FileResolver = (index: BlogIndex, fromPath: string, entry: string) => PostEntry[];

/** interpretation → value (lower case) → posts. */
type Tables = Map<string, Map<string, PostEntry[]>>;

interface Cached {
  /** The index generation it was last found valid at: nothing changed since, nothing to compare. */
  generation: number;
  /** What the scheme was computed for: it is recomputed when one of these changes. */
  urlGeneration: string;
  size: number;
  interpretation: string;
  hintInterpretation: string | undefined;
  hintScope: boolean | undefined;
  scheme: RelatedScheme;
  /** Built on first use: a site whose entries all resolve as file names never needs them (a pass over every post's data on the first request). */
  tables: () => Tables;
}

const cache = new WeakMap<BlogIndex, Cached>();
/** Front matter keys that are never names of a post. */
const NOT_NAMES = new Set(['date', 'lastmod', 'draft', 'layout', 'lang', 'tags', 'categories', 'related', 'description', 'summary', 'image', 'order', 'weight', 'published', 'permalink', 'redirect_from', 'aliases']);

function add(map: Map<string, PostEntry[]>, key: string, post: PostEntry): void {
  const k = key.trim().toLowerCase();
  if (!k) return;
  const list = map.get(k);
  if (list) list.push(post);
  else map.set(k, [post]);
}

function stemOf(post: PostEntry): string {
  const name = post.isBundle ? post.path.split('/').slice(-2, -1)[0] ?? '' : post.fileName.replace(/\.[^.]+$/, '');
  return name.replace(/^\d{4}-\d{2}-\d{2}-/, '');
}

function buildTables(index: BlogIndex): Tables {
  const tables = new Map<string, Map<string, PostEntry[]>>();
  const table = (name: string) => {
    let t = tables.get(name);
    if (!t) tables.set(name, (t = new Map()));
    return t;
  };
  for (const post of index.posts.values()) {
    if (post.isSection) continue;
    add(table('stem'), stemOf(post), post);
    add(table('slug'), post.slug ?? stemOf(post), post);
    if (post.permalink) add(table('url'), normalizeUrlPath(post.permalink), post);
    for (const [key, value] of Object.entries(post.data)) {
      if (NOT_NAMES.has(key.toLowerCase()) || typeof value !== 'string' || value.length > 200) continue;
      add(table('field:' + key), value, post);
    }
  }
  return tables;
}

function lookup(tables: () => Tables, interpretation: string, entry: string): PostEntry[] {
  const t = tables().get(interpretation);
  if (!t) return [];
  const key = interpretation === 'url' ? normalizeUrlPath(entry.startsWith('/') ? entry : '/' + entry) : entry.trim().toLowerCase();
  return t.get(key) ?? [];
}

function inLang(posts: PostEntry[], lang: string | undefined): PostEntry[] {
  return posts.filter((p) => p.lang === lang);
}

function parseForced(setting: string): { interpretation: string; scopeByLang: boolean } | undefined {
  const s = setting.trim();
  if (!s || s === 'auto') return undefined;
  const scopeByLang = s.endsWith('+lang');
  return { interpretation: s.replace(/\+lang$/, ''), scopeByLang };
}

/**
 * The site's interpretation of `related` entries, recomputed when posts come, go or change URL (not
 * when a post's tags change: rebuilding on every such keystroke cost a full pass over every entry of
 * the blog per completion).
 */
export function relatedScheme(index: BlogIndex, byFile: FileResolver): { scheme: RelatedScheme; tables: () => Tables } {
  const hint = index.site.relatedHint?.interpretation ? index.site.relatedHint : undefined;
  const cached = cache.get(index);
  // Asked once per entry resolved (every entry of the blog in `check`): an unchanged index answers at once.
  if (cached && cached.generation === index.generation && cached.interpretation === index.relatedInterpretation && cached.hintInterpretation === hint?.interpretation && cached.hintScope === hint?.scopeByLang) return cached;
  if (
    cached &&
    cached.urlGeneration === index.urlGeneration &&
    cached.size === index.posts.size &&
    cached.interpretation === index.relatedInterpretation &&
    cached.hintInterpretation === hint?.interpretation &&
    cached.hintScope === hint?.scopeByLang
  ) {
    cached.generation = index.generation;
    return cached;
  }
  let builtTables: Tables | undefined;
  const tables = () => (builtTables ??= buildTables(index));
  let listed: { from: PostEntry; entry: string }[] | undefined;
  const entries = () => {
    if (!listed) {
      listed = [];
      for (const post of index.posts.values()) for (const entry of post.related) listed.push({ from: post, entry });
    }
    return listed;
  };
  const total = index.relatedEntryTotal;
  const forced = parseForced(index.relatedInterpretation);
  let scheme: RelatedScheme;
  const count = (interpretation: string, scopeByLang: boolean) => {
    if (interpretation === 'file' && !scopeByLang) return countFileEntries(index, byFile);
    let n = 0;
    for (const { from, entry } of entries()) {
      const found = interpretation === 'file' ? byFile(index, from.path, entry) : lookup(tables, interpretation, entry);
      if ((scopeByLang ? inLang(found, from.lang) : found).length) n++;
    }
    return n;
  };
  if (forced) scheme = { ...forced, resolved: count(forced.interpretation, forced.scopeByLang), total, forced: true };
  else {
    // File names first: on a tie the simplest reading (and this project's original one) wins.
    let best = { interpretation: 'file', scopeByLang: false, resolved: total ? count('file', false) : 0 };
    if (total && best.resolved < total) {
      for (const c of ['stem', 'slug', 'url', ...fieldInterpretations(tables())]) {
        const n = count(c, false);
        if (n > best.resolved) best = { interpretation: c, scopeByLang: false, resolved: n };
      }
      // Within the same language, when that loses no entry (a translated site names its own articles).
      if (best.interpretation !== 'file' && new Set([...index.posts.values()].map((p) => p.lang)).size > 1) {
        const scoped = count(best.interpretation, true);
        if (scoped === best.resolved) best = { ...best, scopeByLang: true };
      }
    }
    // The templates say how entries are looked up: that reading wins unless another resolves more entries.
    const hinted = hint?.interpretation;
    if (hint && hinted) {
      const n = total ? count(hinted, hint.scopeByLang) : 0;
      if (n >= best.resolved) best = { interpretation: hinted, scopeByLang: hint.scopeByLang, resolved: n };
    }
    const fromTemplate = !!hint && best.interpretation === hint.interpretation && best.scopeByLang === hint.scopeByLang;
    const builtin = index.site.relatedHint?.builtinRelatedPosts ? index.site.relatedHint.file : undefined;
    scheme = { ...best, total, forced: false, ...(fromTemplate ? { template: hint!.file } : {}), ...(builtin ? { builtinRelatedPosts: builtin } : {}) };
  }
  const built = { generation: index.generation, urlGeneration: index.urlGeneration, size: index.posts.size, interpretation: index.relatedInterpretation, hintInterpretation: hint?.interpretation, hintScope: hint?.scopeByLang, scheme, tables };
  cache.set(index, built);
  return built;
}

/**
 * How many entries resolve as file names. An entry without a `/` is a bare name, the same posts from
 * every post (index.byBareName, as byFile resolves it): each distinct entry is looked up once and
 * counts as often as posts list it; entries with a path are resolved from each post that lists them.
 */
function countFileEntries(index: BlogIndex, byFile: FileResolver): number {
  let n = 0;
  let withPath = false;
  for (const [entry, times] of index.relatedEntries()) {
    if (entry.includes('/')) withPath = true;
    else if (entry.trim() && index.hasBareName(entry.trim())) n += times;
  }
  if (withPath) for (const post of index.posts.values()) for (const entry of post.related) if (entry.includes('/') && byFile(index, post.path, entry).length) n++;
  return n;
}

/** The `field:NAME` interpretations the site's front matter offers, in order. */
function fieldInterpretations(tables: Tables): string[] {
  return [...tables.keys()].filter((k) => k.startsWith('field:')).sort();
}

/** Posts an entry names: under the site's interpretation first, then under any other. */
export function resolveUnderScheme(index: BlogIndex, fromPath: string, entry: string, byFile: FileResolver): PostEntry[] {
  if (!entry.trim()) return [];
  const { scheme, tables } = relatedScheme(index, byFile);
  const first = resolveUnder(index, tables, fromPath, entry, byFile, scheme.interpretation, scheme.scopeByLang);
  if (first.length || scheme.forced) return first;
  for (const i of ['file', 'stem', 'slug', 'url', ...fieldInterpretations(tables())]) {
    if (i === scheme.interpretation) continue;
    const found = resolveUnder(index, tables, fromPath, entry, byFile, i, false);
    if (found.length) return found;
  }
  return [];
}

/** The posts `entry` names under one interpretation (a function, not a closure per call: this runs once per entry). */
function resolveUnder(index: BlogIndex, tables: () => Tables, fromPath: string, entry: string, byFile: FileResolver, interpretation: string, scope: boolean): PostEntry[] {
  const found = interpretation === 'file' ? byFile(index, fromPath, entry) : lookup(tables, interpretation, entry);
  return scope ? inLang(found, index.get(fromPath)?.lang) : found;
}

/** How a post is written as an entry under the site's interpretation (undefined: by file name). */
export function entryUnderScheme(index: BlogIndex, post: PostEntry, byFile: FileResolver): string | undefined {
  const { scheme } = relatedScheme(index, byFile);
  const i = scheme.interpretation;
  if (i === 'file') return undefined;
  if (i === 'stem') return stemOf(post);
  if (i === 'slug') return post.slug ?? stemOf(post);
  if (i === 'url') return post.permalink || undefined;
  const value = post.data[i.slice('field:'.length)];
  return typeof value === 'string' ? value : undefined;
}

/** One line for a hover: which interpretation is used and how many entries it resolves. */
export function describeScheme(scheme: RelatedScheme): string {
  const what =
    scheme.interpretation === 'file'
      ? 'file names'
      : scheme.interpretation === 'stem'
        ? 'file names without extension or date'
        : scheme.interpretation === 'slug'
          ? 'slugs'
          : scheme.interpretation === 'url'
            ? 'URLs'
            : `the \`${scheme.interpretation.slice(6)}\` front matter field`;
  const why = scheme.forced
    ? 'set by blogAuthor.relatedInterpretation'
    : scheme.template
      ? `as \`${scheme.template}\` looks them up: ${scheme.resolved} of ${scheme.total} entries resolve`
      : `inferred: ${scheme.resolved} of ${scheme.total} entries resolve`;
  const builtin = scheme.builtinRelatedPosts ? ` \`${scheme.builtinRelatedPosts}\` shows Jekyll's \`site.related_posts\`, which does not read \`related:\`.` : '';
  return `\`related\` entries name ${what}${scheme.scopeByLang ? ' within the same `lang`' : ''} (${why}).${builtin}`;
}
