/** Front matter keys the generators themselves understand, with one line of documentation each. */
import type { Generator } from './siteModel';

export interface KnownKey {
  key: string;
  doc: string;
  kind: 'string' | 'date' | 'bool' | 'number' | 'list' | 'map';
}

const HUGO_KEYS: KnownKey[] = [
  { key: 'title', doc: 'The page title.', kind: 'string' },
  { key: 'date', doc: 'The date of the page, used for ordering and in permalinks (:year/:month/:day).', kind: 'date' },
  { key: 'lastmod', doc: 'The date the page was last modified.', kind: 'date' },
  { key: 'publishDate', doc: 'Hugo will not publish the page before this date (unless --buildFuture).', kind: 'date' },
  { key: 'expiryDate', doc: 'Hugo will not publish the page after this date (unless --buildExpired).', kind: 'date' },
  { key: 'draft', doc: 'If true, the page is not published (unless --buildDrafts).', kind: 'bool' },
  { key: 'slug', doc: 'Overrides the last segment of the URL path.', kind: 'string' },
  { key: 'url', doc: 'The whole URL path of the page, relative to the site root, e.g. /2024/04/19/cortos/.', kind: 'string' },
  { key: 'aliases', doc: 'Other URL paths that redirect to this page.', kind: 'list' },
  { key: 'description', doc: 'The page description, used in meta tags and as the summary by many themes.', kind: 'string' },
  { key: 'summary', doc: 'The page summary, used instead of the automatic one.', kind: 'string' },
  { key: 'weight', doc: 'Orders pages in lists: lower weights first.', kind: 'number' },
  { key: 'params', doc: 'Custom parameters, available to templates as .Params.', kind: 'map' },
  { key: 'linkTitle', doc: 'A shorter title for menus and links.', kind: 'string' },
  { key: 'keywords', doc: 'Meta keywords of the page.', kind: 'list' },
  { key: 'layout', doc: 'The layout (template) to render the page with.', kind: 'string' },
  { key: 'type', doc: 'The content type, which chooses the templates; defaults to the section.', kind: 'string' },
  { key: 'isCJKLanguage', doc: 'Counts words for CJK languages correctly.', kind: 'bool' },
  { key: 'markup', doc: 'The markup of the content (markdown, html, …).', kind: 'string' },
  { key: 'outputs', doc: 'The output formats of the page (HTML, RSS, JSON, …).', kind: 'list' },
  { key: 'headless', doc: 'For a leaf bundle: publish its resources but not the page itself.', kind: 'bool' },
  { key: 'build', doc: 'Build options: render, list, publishResources.', kind: 'map' },
  { key: 'cascade', doc: 'Front matter values that descendants inherit.', kind: 'map' },
  { key: 'menus', doc: 'The menus the page is added to.', kind: 'list' },
  { key: 'menu', doc: 'The menus the page is added to (Hugo reads `menu` and `menus` alike).', kind: 'map' },
  { key: 'resources', doc: 'Metadata for the resources of a page bundle.', kind: 'list' },
  { key: 'sitemap', doc: 'Sitemap settings for the page (changefreq, priority, disable).', kind: 'map' },
  { key: 'translationKey', doc: 'Links translations of the same page.', kind: 'string' },
  { key: 'images', doc: 'Images for social cards (Open Graph, Twitter).', kind: 'list' },
  { key: 'author', doc: 'The author (a common theme parameter).', kind: 'string' },
  { key: 'related', doc: 'Related posts, as the file names of other posts (a blog convention).', kind: 'list' },
];

const JEKYLL_KEYS: KnownKey[] = [
  { key: 'title', doc: 'The page title.', kind: 'string' },
  { key: 'layout', doc: 'The layout (in _layouts/) to render the page with.', kind: 'string' },
  { key: 'date', doc: 'Overrides the date in the file name of a post.', kind: 'date' },
  { key: 'permalink', doc: 'The URL of the page, overriding the site permalink style.', kind: 'string' },
  { key: 'published', doc: 'If false, the post is not published.', kind: 'bool' },
  { key: 'categories', doc: 'Categories of the post (a list, or space-separated).', kind: 'list' },
  { key: 'category', doc: 'One category of the post.', kind: 'string' },
  { key: 'tags', doc: 'Tags of the post (a list, or space-separated).', kind: 'list' },
  { key: 'excerpt', doc: 'The excerpt, used instead of the first paragraph.', kind: 'string' },
  { key: 'description', doc: 'The page description.', kind: 'string' },
  { key: 'author', doc: 'The author (a common theme variable).', kind: 'string' },
  { key: 'related', doc: 'Related posts, as the file names of other posts (a blog convention).', kind: 'list' },
];

export function knownKeys(generator: Generator): KnownKey[] {
  return generator === 'jekyll' ? JEKYLL_KEYS : HUGO_KEYS;
}

export const DATE_KEYS = new Set(['date', 'lastmod', 'publishdate', 'expirydate', 'pubdate', 'published', 'modified']);
