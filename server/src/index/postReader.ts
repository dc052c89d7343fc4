/**
 * Turns one content file's text into the facts the index keeps about it. Pure: no file access.
 */
import { findFrontMatterBlock, keyLookup } from '../parse/frontMatter';
import { readFrontMatterData, type FrontMatterData } from '../parse/fastFrontMatter';
import { detach, DETACH_MIN } from '../parse/detach';
import { linksForGenerator, parseLinks, type LinkOccurrence } from '../parse/links';
import type { LiquidScan } from '../parse/liquid';
import type { Span } from '../parse/types';
import { jekyllDefaults, redirectFrom } from '../site/jekyll';
import { computePermalink, splitContentPath } from '../site/permalinks';
import type { SiteModel } from '../site/siteModel';
import { basename, relativePath } from '../workspace/workspace';

export interface PostEntry {
  path: string;
  /** Relative to the site root. */
  relPath: string;
  /** Relative to its content directory. */
  contentPath: string;
  fileName: string;
  section: string;
  /** index.md / _index.md of a page bundle (the folder is the page). */
  isBundle: boolean;
  /** _index.md: a section or list page, not a post. */
  isSection: boolean;
  lang: string | undefined;
  format: 'yaml' | 'toml' | 'json' | 'none';
  title: string;
  date: string | undefined;
  lastmod: string | undefined;
  draft: boolean;
  url: string | undefined;
  slug: string | undefined;
  aliases: string[];
  permalink: string;
  /** Taxonomy plural name (lower case) → terms as written. */
  terms: Map<string, string[]>;
  /** Taxonomy keys whose value was a single string instead of a list. */
  scalarTaxonomies: string[];
  related: string[];
  summary: string;
  /** The front matter; its keys as written (Object.keys). */
  data: Record<string, unknown>;
  /** Jekyll: values the site's `defaults` give this file (front matter wins over them). */
  defaults?: Record<string, unknown>;
  /**
   * The body's links as parse/links.ts finds them (kind, target, spans into the file's text; links in
   * code are not links), for this generator. The link graph, references and renames read these.
   */
  links: LinkOccurrence[];
  /** The shortcodes used (opening and self-closing tags, in order), as parse/shortcodes.ts lexes them. */
  shortcodes: ShortcodeUse[];
  error: string | undefined;
}

/** One use of a shortcode in a post. */
export interface ShortcodeUse {
  name: string;
  nameSpan: Span;
}

const LANG_SUFFIX = /\.([a-z]{2}(?:-[a-zA-Z]{2,4})?)\.[^.]+$/;

/** Whether a content file is a post: Markdown always; an HTML file (Jekyll `_posts/*.html`) only with front matter, as Jekyll reads it. */
export function isPostText(path: string, text: string): boolean {
  if (!/\.html?$/i.test(path)) return true;
  const block = findFrontMatterBlock(text);
  return !!block && block.format === 'yaml';
}

/** `fm`: the text's front matter when the caller has parsed it already (`check`'s exact-range parse); `liquid`: its Liquid scan, likewise. */
/**
 * `bodyLinks: false`: the entry without its links and shortcodes (empty), for the first pass of a
 * two-phase build (BlogIndex.build); postLinks(…, fm.bodyStart) gives them later.
 */
/** `withSummary`: false where no summary is shown (the CLI's commands): the first paragraph is not looked for. */
export function readPost(site: SiteModel, path: string, contentDir: string, text: string, fm: FrontMatterData = readFrontMatterData(text), bodyLinks = true, liquid?: LiquidScan, withSummary = true): PostEntry {
  const data = keepable(fm.data, !fm.detached);
  const getData = keyLookup(data);
  const contentPath = relativePath(contentDir, path);
  const fileName = basename(path);
  const parts = splitContentPath(contentPath);
  const langMatch = LANG_SUFFIX.exec(fileName);
  const lang = (langMatch && (site.languages.length === 0 || site.languages.includes(langMatch[1].toLowerCase())) ? langMatch[1].toLowerCase() : undefined) ?? site.contentDirLanguages?.[contentDir];

  const terms = new Map<string, string[]>();
  const scalarTaxonomies: string[] = [];
  for (let t = 0; t < site.taxonomies.length; t++) {
    const tax = site.taxonomies[t];
    const raw = getData(tax.plural);
    if (raw === undefined || raw === null) continue;
    if (Array.isArray(raw)) terms.set(tax.plural, scalarsAsText(raw));
    else if (typeof raw === 'string' || typeof raw === 'number') {
      terms.set(tax.plural, [String(raw)]);
      scalarTaxonomies.push(tax.plural);
    }
  }
  const title = str(getData('title')) ?? '';
  // Jekyll takes a post's date from its file name when the front matter has none.
  const date = dateString(getData('date')) ?? (site.generator === 'jekyll' ? /^(\d{4}-\d{2}-\d{2})-/.exec(fileName)?.[1] : undefined);
  const url = str(getData('url'));
  const slug = str(getData('slug'));
  const { links, shortcodes } = bodyLinks ? postLinks(site, text, fm.bodyStart, liquid) : { links: [], shortcodes: [] };
  const entry: PostEntry = {
    path,
    relPath: relativePath(site.root, path),
    contentPath,
    fileName,
    section: parts.dirs[0] ?? '',
    isBundle: parts.isBundle,
    isSection: parts.isSection,
    lang,
    format: fm.format,
    title,
    date,
    lastmod: dateString(getData('lastmod')),
    draft: getData('draft') === true || getData('published') === false,
    url,
    slug,
    aliases: strings(getData('aliases')),
    permalink: '',
    terms,
    scalarTaxonomies,
    related: strings(getData('related')),
    summary: str(getData('description')) ?? str(getData('summary')) ?? (withSummary ? detach(firstParagraph(text.slice(fm.bodyStart))) : ''),
    data,
    links,
    shortcodes,
    error: fm.error,
  };
  if (site.generator === 'jekyll') {
    // Jekyll: `defaults` under the front matter; `lang` as the site sets it; redirect_from as aliases.
    const defaults = jekyllDefaults(site, entry.relPath);
    const effective = Object.keys(defaults).length ? { ...defaults, ...data } : data;
    if (effective !== data) entry.defaults = defaults;
    const fmLang = str(effective['lang']);
    if (fmLang) entry.lang = fmLang.toLowerCase();
    if (/(^|\/)_drafts\//.test(entry.relPath)) entry.draft = true;
    const categories = [...(terms.get('categories') ?? []), ...strings(effective['category'])];
    entry.permalink = computePermalink(site, { contentPath, slug, title, date, lang, categories, data: effective });
    entry.aliases = [...entry.aliases, ...redirectFrom(data)];
    return entry;
  }
  entry.permalink = computePermalink(site, { contentPath, url, slug, title, date, lang, categories: terms.get('categories') });
  entry.aliases = entry.aliases.map((a) => resolveAlias(a, entry.permalink));
  return entry;
}

/** A post's links (for its generator) and shortcode uses, from its text and where its body starts (`liquid`: its Liquid scan, when made already). */
export function postLinks(site: SiteModel, text: string, bodyStart: number, liquid?: LiquidScan): { links: LinkOccurrence[]; shortcodes: ShortcodeUse[] } {
  const parsedLinks = parseLinks(text, bodyStart, liquid);
  const shortcodes: ShortcodeUse[] = [];
  const tags = parsedLinks.shortcodeTags;
  if (site.generator !== 'jekyll')
    for (let i = 0; i < tags.length; i++) if (tags[i].kind !== 'close' && tags[i].name) shortcodes.push({ name: detach(tags[i].name), nameSpan: tags[i].nameSpan });
  const links = linksForGenerator(parsedLinks.links, site.generator);
  // The entry outlives the text: what it keeps of the links must not hold the text (see parse/detach.ts).
  for (let i = 0; i < links.length; i++) {
    const l = links[i];
    l.target = detach(l.target);
    if (l.text !== undefined) l.text = detach(l.text);
    if (l.label !== undefined) l.label = detach(l.label);
  }
  // Kept for the entry's life: copies of their exact length (see keepable).
  return { links: links.slice(), shortcodes: shortcodes.slice() };
}

/**
 * `value` as the entry keeps it (objects changed in place: the parse is this entry's own). Arrays
 * come back as copies of their exact length: a list the parser grew item by item has room for 17,
 * and a blog's lists (tags, related, …) are most of what the index keeps of its front matter.
 * `strings`: also detach every string, for data whose strings may hold the text (not detached).
 */
function keepable<T>(value: T, strings: boolean): T {
  if (typeof value === 'string') return (strings ? detach(value) : value) as T;
  // Scalars in place, without a call each: front matter is nearly all of them.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') {
        if (strings && v.length >= DETACH_MIN) value[i] = detach(v);
      } else if (v !== null && typeof v === 'object') value[i] = keepable(v, strings);
    }
    return value.slice() as T;
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    for (const k in record) {
      const v = record[k];
      if (typeof v === 'string') {
        if (strings && v.length >= DETACH_MIN) record[k] = detach(v);
      } else if (v !== null && typeof v === 'object') record[k] = keepable(v, strings);
    }
  }
  return value;
}

/** Hugo reads an alias without a leading slash relative to the page's parent URL (`../rules` on /docs/a/rules/ → /docs/rules). */
export function resolveAlias(alias: string, permalink: string): string {
  if (alias.startsWith('/') || /^[a-z][a-z0-9+.-]*:/i.test(alias) || !permalink.startsWith('/')) return alias;
  const parent = permalink.replace(/\/+$/, '').replace(/\/[^/]*$/, '') + '/';
  try {
    return new URL(alias, 'https://site.invalid' + parent).pathname;
  } catch {
    return alias;
  }
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function dateString(v: unknown): string | undefined {
  if (v instanceof Date) return isNaN(v.getTime()) ? undefined : v.toISOString();
  return str(v);
}

/** A list's items that are not null or objects, as text (`filter(…).map(String)` in one pass); a list of strings is itself (front matter lists are the entry's own). */
function scalarsAsText(list: unknown[]): string[] {
  if (allStrings(list)) return list;
  const out: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const t = list[i];
    if (t !== null && typeof t !== 'object') out.push(typeof t === 'string' ? t : String(t));
  }
  return out;
}

function strings(v: unknown): string[] {
  if (Array.isArray(v)) {
    if (allStrings(v)) return v;
    const out: string[] = [];
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'string') out.push(x);
      else if (typeof x === 'number') out.push(String(x));
    }
    return out;
  }
  const s = str(v);
  return s ? [s] : [];
}

function allStrings(list: unknown[]): list is string[] {
  for (let i = 0; i < list.length; i++) if (typeof list[i] !== 'string') return false;
  return true;
}

/** The first paragraph of prose: not a heading, code, shortcode, HTML block, image-only line or list. */
export function firstParagraph(body: string, maxLength = 300): string {
  const para: string[] = [];
  let inFence = false;
  // Enough text for the summary after links and tags are taken out; the rest of a long paragraph is
  // never looked at (the clean-up below is then linear in this bound, not in the paragraph).
  const budget = maxLength * 8;
  let collected = 0;
  // Line by line without splitting the whole body: only the start of a post is read.
  for (let start = 0; start < body.length; ) {
    const nl = body.indexOf('\n', start);
    const end = nl < 0 ? body.length : nl;
    const t = body.slice(start, end).trim();
    start = end + 1;
    if (/^(```|~~~)/.test(t)) {
      inFence = !inFence;
      if (para.length) break;
      continue;
    }
    if (inFence) continue;
    if (t === '') {
      if (para.length) break;
      continue;
    }
    if (para.length === 0 && (/^(#|>|\||<|\{\{|!\[|[-*+] |\d+\. |<!--|\$\$|---|\*\*\*|\[\^)/.test(t) || /^\[[^\]]*\]:/.test(t))) continue;
    para.push(collected + t.length > budget ? t.slice(0, budget - collected) : t);
    collected += t.length + 1;
    if (collected >= budget) break;
  }
  let text = para.join(' ');
  // Each clean-up only where its opening character occurs (most first paragraphs are plain prose).
  if (text.includes('{{')) text = text.replace(/\{\{[<%].*?[%>]\}\}/g, '');
  if (text.includes('[')) {
    text = text
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1');
  }
  if (text.includes('<')) text = text.replace(/<[^>]+>/g, '');
  text = text.replace(/\s+/g, ' ').trim();
  if (text.length > maxLength) text = text.slice(0, maxLength).replace(/\s+\S*$/, '') + '…';
  return text;
}
