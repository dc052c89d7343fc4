/**
 * Jekyll's site model as Jekyll builds it: collections (`output`, `permalink`), the global
 * `permalink` (a pattern or a built-in style: date, pretty, ordinal, weekdate, none), `defaults`
 * scoped by `path` and `type`, pages with their own `permalink:`, `exclude`/`include`, drafts and
 * jekyll-redirect-from's `redirect_from`. Pure: reads only the config and a document's front matter.
 *
 * Follows jekyll/lib/jekyll/{collection,document,page,url,utils}.rb and drops/url_drop.rb.
 */
import { isRecord, type SiteModel } from './siteModel';

export interface JekyllCollection {
  label: string;
  output: boolean;
  permalink: string | undefined;
}

export type JekyllType = 'posts' | 'drafts' | 'pages' | string;

/** Where a file sits in a Jekyll site: its type (posts, drafts, pages or a collection label). */
export interface JekyllPlace {
  type: JekyllType;
  collection: JekyllCollection | undefined;
  /** Path inside the collection folder (`ar/best-practices.md`), or the page's path from the root. */
  inner: string;
}

const STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

/** The global permalink setting (default `date`) as a pattern. */
export function permalinkStyle(site: SiteModel): string {
  const p = typeof site.config['permalink'] === 'string' ? (site.config['permalink'] as string) : 'date';
  return STYLES[p] ?? p;
}

/** Jekyll's Utils.add_permalink_suffix: what the global style adds to a template. */
function addPermalinkSuffix(template: string, site: SiteModel): string {
  const raw = typeof site.config['permalink'] === 'string' ? (site.config['permalink'] as string) : 'date';
  if (raw === 'pretty') return template + '/';
  if (STYLES[raw]) return template + ':output_ext';
  if (raw.endsWith('/')) return template + '/';
  if (raw.endsWith(':output_ext')) return template + ':output_ext';
  return template;
}

export function jekyllCollections(site: SiteModel): Map<string, JekyllCollection> {
  const out = new Map<string, JekyllCollection>();
  const raw = site.config['collections'];
  if (Array.isArray(raw)) {
    for (const label of raw) if (typeof label === 'string') out.set(label, { label, output: false, permalink: undefined });
  } else if (isRecord(raw)) {
    for (const [label, meta] of Object.entries(raw)) {
      const m = isRecord(meta) ? meta : {};
      out.set(label, { label, output: m['output'] === true, permalink: typeof m['permalink'] === 'string' ? m['permalink'] : undefined });
    }
  }
  return out;
}

/** The type of a file from its path relative to the site root. */
export function jekyllPlace(site: SiteModel, relPath: string): JekyllPlace {
  const segs = relPath.split('/');
  const postsAt = segs.indexOf('_posts');
  if (postsAt >= 0) return { type: 'posts', collection: undefined, inner: segs.slice(postsAt + 1).join('/') };
  const draftsAt = segs.indexOf('_drafts');
  if (draftsAt >= 0) return { type: 'drafts', collection: undefined, inner: segs.slice(draftsAt + 1).join('/') };
  const collectionsDir = typeof site.config['collections_dir'] === 'string' ? (site.config['collections_dir'] as string).replace(/^\/+|\/+$/g, '') : '';
  const rest = collectionsDir && relPath.startsWith(collectionsDir + '/') ? relPath.slice(collectionsDir.length + 1).split('/') : segs;
  if (rest.length > 1 && rest[0].startsWith('_')) {
    const collection = jekyllCollections(site).get(rest[0].slice(1));
    if (collection) return { type: collection.label, collection, inner: rest.slice(1).join('/') };
  }
  return { type: 'pages', collection: undefined, inner: relPath };
}

/** The categories of a post from the folders above `_posts` (`blog/_posts/x.md` → blog). */
function folderCategories(relPath: string): string[] {
  const segs = relPath.split('/');
  const at = segs.indexOf('_posts');
  return at > 0 ? segs.slice(0, at).filter((s) => s && !s.startsWith('_')) : [];
}

function globMatch(pattern: string, path: string): boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^$()|[\]\\{}]/g, '\\$&').replace(/\*/g, '[^/]*') + '$');
  return re.test(path);
}

/** Values `defaults` gives a file (later, more specific scopes win), before its own front matter. */
export function jekyllDefaults(site: SiteModel, relPath: string, type: JekyllType = jekyllPlace(site, relPath).type): Record<string, unknown> {
  const list = site.config['defaults'];
  if (!Array.isArray(list)) return {};
  const matches: { rank: number; order: number; values: Record<string, unknown> }[] = [];
  list.forEach((d, order) => {
    if (!isRecord(d) || !isRecord(d['values'])) return;
    const scope = isRecord(d['scope']) ? d['scope'] : {};
    const scopePath = typeof scope['path'] === 'string' ? (scope['path'] as string).replace(/^\/+|\/+$/g, '') : '';
    const scopeType = typeof scope['type'] === 'string' ? (scope['type'] as string) : undefined;
    if (scopeType && scopeType !== type && !(scopeType === 'posts' && type === 'drafts')) return;
    if (scopePath) {
      const ok = scopePath.includes('*') ? globMatch(scopePath, relPath) || globMatch(scopePath + '/*', relPath.replace(/\/[^/]*$/, '/x')) : relPath === scopePath || relPath.startsWith(scopePath + '/');
      if (!ok) return;
    }
    // Jekyll's FrontmatterDefaults: a longer path, then a type, makes a scope more specific.
    matches.push({ rank: scopePath.split('/').filter(Boolean).length * 2 + (scopeType ? 1 : 0), order, values: d['values'] as Record<string, unknown> });
  });
  matches.sort((a, b) => a.rank - b.rank || a.order - b.order);
  const out: Record<string, unknown> = {};
  for (const m of matches) Object.assign(out, m.values);
  return out;
}

/** Jekyll's Utils.slugify in the default mode (`pretty` keeps more characters; `cased` keeps case). */
export function jekyllSlugify(text: string, mode: 'default' | 'pretty' = 'default', cased = false): string {
  const re = mode === 'pretty' ? /[^\p{L}\p{N}._~!$&'()+,;=@]+/gu : /[^\p{L}\p{N}]+/gu;
  const s = text.replace(re, '-').replace(/^-+|-+$/g, '');
  return cased ? s : s.toLowerCase();
}

export interface JekyllUrlInput {
  relPath: string;
  /** Front matter merged over defaults. */
  data: Record<string, unknown>;
  date: string | undefined;
  categories: string[];
}

const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The URL Jekyll gives a file, '' when it is not written out (a collection without `output`, a
 * file in no collection whose folder starts with `_`).
 */
export function jekyllUrl(site: SiteModel, input: JekyllUrlInput): string {
  const place = jekyllPlace(site, input.relPath);
  if (place.collection && !place.collection.output) return '';
  const file = input.relPath.split('/').pop() ?? '';
  const ext = /\.[^.]+$/.exec(file)?.[0] ?? '';
  const stem = file.slice(0, file.length - ext.length);
  const isMarkup = /^\.(md|markdown|mdown|mkd|mkdn|html?|textile)$/i.test(ext);
  const outputExt = isMarkup ? '.html' : ext;
  const fmPermalink = typeof input.data['permalink'] === 'string' ? (input.data['permalink'] as string) : undefined;

  let template: string;
  const placeholders: Record<string, string> = { output_ext: outputExt };
  if (place.type === 'pages') {
    const dir = input.relPath.includes('/') ? input.relPath.replace(/\/[^/]*$/, '') : '';
    placeholders['path'] = dir;
    placeholders['basename'] = stem;
    placeholders['name'] = stem;
    const isIndex = stem === 'index';
    const isHtml = isMarkup;
    template = fmPermalink ?? (!isHtml ? '/:path/:basename:output_ext' : isIndex ? '/:path/' : addPermalinkSuffix('/:path/:basename', site));
  } else {
    const isPost = place.type === 'posts' || place.type === 'drafts';
    const m = isPost ? /^(\d{4})-(\d{1,2})-(\d{1,2})-(.*)$/.exec(stem) : null;
    const titleStem = m ? m[4] : stem;
    const slugData = typeof input.data['slug'] === 'string' ? (input.data['slug'] as string) : undefined;
    const innerNoExt = place.inner.replace(/\.[^./]+$/, '');
    const date = parseDate(input.date) ?? (m ? { y: +m[1], mo: +m[2], d: +m[3], h: 0, mi: 0, s: 0 } : undefined);
    Object.assign(placeholders, {
      collection: place.collection?.label ?? 'posts',
      path: isPost ? (input.relPath.replace(/\.[^./]+$/, '')) : innerNoExt,
      name: jekyllSlugify(stem),
      title: jekyllSlugify(slugData ?? titleStem, 'pretty', true),
      slug: jekyllSlugify(slugData ?? titleStem),
      categories: [...new Set([...folderCategories(input.relPath), ...input.categories].map((c) => jekyllSlugify(String(c))))].join('/'),
    });
    if (date) {
      const js = new Date(Date.UTC(date.y, date.mo - 1, date.d));
      const start = Date.UTC(date.y, 0, 1);
      const yday = Math.floor((js.getTime() - start) / 86400000) + 1;
      Object.assign(placeholders, {
        year: String(date.y),
        short_year: String(date.y).slice(-2),
        month: String(date.mo).padStart(2, '0'),
        i_month: String(date.mo),
        short_month: SHORT_MONTHS[date.mo - 1],
        long_month: LONG_MONTHS[date.mo - 1],
        day: String(date.d).padStart(2, '0'),
        i_day: String(date.d),
        y_day: String(yday).padStart(3, '0'),
        short_day: SHORT_DAYS[js.getUTCDay()],
        long_day: LONG_DAYS[js.getUTCDay()],
        hour: String(date.h).padStart(2, '0'),
        minute: String(date.mi).padStart(2, '0'),
        second: String(date.s).padStart(2, '0'),
        week: String(isoWeek(js)).padStart(2, '0'),
      });
    }
    template = fmPermalink ?? (isPost ? permalinkStyle(site) : (place.collection?.permalink ? STYLES[place.collection.permalink] ?? place.collection.permalink : addPermalinkSuffix('/:collection/:path', site)));
  }
  return expandJekyllTemplate(template, placeholders);
}

/** Fills `:name` placeholders (longest name first) and sanitises as Jekyll's URL class does. */
export function expandJekyllTemplate(template: string, placeholders: Record<string, string>): string {
  const names = Object.keys(placeholders).sort((a, b) => b.length - a.length);
  const re = new RegExp(':(' + names.map((n) => n.replace(/[^a-z_]/gi, '')).join('|') + ')', 'g');
  let url = template.replace(re, (_, n: string) => placeholders[n] ?? '');
  // Jekyll::URL#sanitize_url: no empty segments, a leading slash; …/index.html is the folder.
  url = ('/' + url).replace(/\/{2,}/g, '/');
  url = url.replace(/\/index\.html$/, '/');
  return url;
}

function parseDate(date: string | undefined): { y: number; mo: number; d: number; h: number; mi: number; s: number } | undefined {
  const m = date ? /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(date) : null;
  if (!m) return undefined;
  return { y: +m[1], mo: +m[2], d: +m[3], h: m[4] ? +m[4] : 0, mi: m[5] ? +m[5] : 0, s: m[6] ? +m[6] : 0 };
}

function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / 86400000 + 1) / 7);
}

/** jekyll-redirect-from: `redirect_from` (a string or a list) are the page's old URLs. */
export function redirectFrom(data: Record<string, unknown>): string[] {
  const v = data['redirect_from'];
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.filter((x) => typeof x === 'string' && x.trim()).map((x) => {
    const s = (x as string).trim();
    return s.startsWith('/') || /^[a-z]+:/i.test(s) ? s : '/' + s;
  });
}

/** `exclude` of _config.yml as tests over root-relative paths (`include` wins over it). */
export function jekyllExcludes(site: SiteModel): (relPath: string) => boolean {
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const excl = list(site.config['exclude']).map((p) => p.replace(/^\/+|\/+$/g, ''));
  const incl = new Set(list(site.config['include']).map((p) => p.replace(/^\/+|\/+$/g, '')));
  const matchers = excl.map((p) => (p.includes('*') ? (rel: string) => globMatch(p, rel) || globMatch(p, rel.split('/')[0]) : (rel: string) => rel === p || rel.startsWith(p + '/')));
  return (rel) => !incl.has(rel.split('/')[0]) && matchers.some((m) => m(rel));
}

/**
 * Jekyll renders a page or a collection document only when it has front matter (without, it is
 * copied as a static file); posts are read either way. jekyll-optional-front-matter (on by default on
 * GitHub Pages, but only when listed for `jekyll build`) renders Markdown pages without it.
 */
export function jekyllNeedsFrontMatter(site: SiteModel, relPath: string): boolean {
  const type = jekyllPlace(site, relPath).type;
  if (type === 'posts' || type === 'drafts') return false;
  const plugins = [site.config['plugins'], site.config['gems']].flatMap((v) => (Array.isArray(v) ? v : []));
  return !(type === 'pages' && plugins.includes('jekyll-optional-front-matter'));
}

/**
 * Files Jekyll writes that are not on disk under their own name: a stylesheet compiled from
 * `.scss`/`.sass`, jekyll-feed's feed, jekyll-sitemap's sitemap and robots.txt. `exists` tests a
 * root-relative path.
 */
export function jekyllGeneratedFile(site: SiteModel, urlPath: string, exists: (rel: string) => boolean): boolean {
  const rel = urlPath.replace(/^\/+/, '');
  const plugins = [site.config['plugins'], site.config['gems']].flatMap((v) => (Array.isArray(v) ? v : []));
  if (/\.css$/i.test(rel) && (exists(rel.replace(/\.css$/i, '.scss')) || exists(rel.replace(/\.css$/i, '.sass')))) return true;
  if (plugins.includes('jekyll-feed')) {
    const feed = isRecord(site.config['feed']) && typeof site.config['feed']['path'] === 'string' ? (site.config['feed']['path'] as string).replace(/^\/+/, '') : 'feed.xml';
    if (rel === feed) return true;
  }
  if (plugins.includes('jekyll-sitemap') && (rel === 'sitemap.xml' || rel === 'robots.txt')) return true;
  return false;
}
