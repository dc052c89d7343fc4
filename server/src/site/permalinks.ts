/**
 * Where Hugo (or Jekyll) publishes a page: front matter `url` first, then the site's permalink
 * pattern for the section, then the generator's default (section path + slug or file name).
 */
import { jekyllUrl } from './jekyll';
import type { SiteModel } from './siteModel';

export interface PermalinkInput {
  /** Path relative to the content directory, e.g. `blog/2024-04-19-cortos/index.md`. */
  contentPath: string;
  url?: string;
  slug?: string;
  title?: string;
  date?: string;
  lang?: string;
  /** Jekyll categories, for its `:categories` token. */
  categories?: string[];
  /** Jekyll: the front matter over `defaults` (its `permalink`, `slug`). */
  data?: Record<string, unknown>;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Hugo's urlize: lower-case, spaces to dashes, drop characters URLs do not keep. */
export function urlize(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{M}\p{N}\-_./~]/gu, '')
    .replace(/-{2,}/g, '-');
}

interface PathParts {
  dirs: string[];
  /** The file name without extension and language, or the bundle's folder name. */
  baseName: string;
  isBundle: boolean;
  isSection: boolean;
}

export function splitContentPath(contentPath: string): PathParts {
  const segs = contentPath.split('/');
  const file = segs.pop() ?? '';
  const stem = file.replace(/\.[^.]+$/, '').replace(/\.[a-z]{2}(-[a-zA-Z]{2,4})?$/, '');
  if (stem === 'index' || stem === '_index') {
    const baseName = segs.length ? segs[segs.length - 1] : '';
    return { dirs: stem === 'index' ? segs.slice(0, -1) : segs, baseName, isBundle: true, isSection: stem === '_index' };
  }
  return { dirs: segs, baseName: stem, isBundle: false, isSection: false };
}

export function computePermalink(site: SiteModel, input: PermalinkInput): string {
  const langPrefix = input.lang && input.lang !== site.defaultContentLanguage && site.languages.length > 1 ? `/${input.lang}` : '';
  if (input.url && site.generator !== 'jekyll') {
    const u = input.url.startsWith('/') || /^[a-z]+:/i.test(input.url) ? input.url : '/' + input.url;
    return u;
  }
  const parts = splitContentPath(input.contentPath);
  if (site.generator === 'jekyll') return jekyllPermalink(site, input, parts);
  if (parts.isSection) return langPrefix + '/' + parts.dirs.map(urlize).join('/') + (parts.dirs.length ? '/' : '');
  const section = parts.dirs[0] ?? '';
  const pattern = site.permalinks[section] ?? (parts.dirs.length === 0 ? site.permalinks['page'] : undefined);
  const slugOrName = input.slug ? urlize(input.slug) : urlize(parts.baseName);
  if (pattern) return langPrefix + expandPattern(pattern, input, parts, section, slugOrName);
  const path = [...parts.dirs.map(urlize), slugOrName].filter(Boolean).join('/');
  return langPrefix + '/' + path + (site.uglyURLs ? '.html' : '/');
}

function dateParts(date: string | undefined): { year: string; month: string; day: string } | undefined {
  const m = date ? /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(date) : null;
  if (!m) return undefined;
  return { year: m[1], month: m[2].padStart(2, '0'), day: m[3].padStart(2, '0') };
}

function expandPattern(pattern: string, input: PermalinkInput, parts: PathParts, section: string, slugOrName: string): string {
  const d = dateParts(input.date);
  const title = urlize(input.title ?? parts.baseName);
  const out = pattern.replace(/:(year|month|monthname|day|weekday|weekdayname|yearday|section|sections|title|slugorfilename|slugorcontentbasename|slug|filename|contentbasename)/g, (_, token: string) => {
    switch (token) {
      case 'year':
        return d?.year ?? '';
      case 'month':
        return d?.month ?? '';
      case 'monthname':
        return d ? MONTHS[parseInt(d.month, 10) - 1] ?? '' : '';
      case 'day':
        return d?.day ?? '';
      case 'section':
        return urlize(section);
      case 'sections':
        return parts.dirs.map(urlize).join('/');
      case 'title':
        return title;
      case 'slug':
        return input.slug ? urlize(input.slug) : title;
      case 'slugorfilename':
      case 'slugorcontentbasename':
        return slugOrName;
      case 'filename':
      case 'contentbasename':
        return urlize(parts.baseName);
      default:
        return '';
    }
  });
  return out.replace(/\/{2,}/g, '/');
}

function jekyllPermalink(site: SiteModel, input: PermalinkInput, _parts: PathParts): string {
  return jekyllUrl(site, { relPath: input.contentPath, data: input.data ?? {}, date: input.date, categories: input.categories ?? [] });
}
