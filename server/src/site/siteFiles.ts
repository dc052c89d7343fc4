/** The names a site's files go by, in one place: config files and Markdown extensions. */

/** Hugo's config files at the site root (hugo.* first, as Hugo prefers them). */
export const HUGO_CONFIG_NAMES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];
/** Jekyll's config files. */
export const JEKYLL_CONFIG_NAMES = ['_config.yml', '_config.yaml'];
/** Every root config file name of either generator. */
export const SITE_CONFIG_NAMES = [...HUGO_CONFIG_NAMES, ...JEKYLL_CONFIG_NAMES];
/** Hugo's config directory (`config/_default/*.toml` …), relative to the site root. */
export const HUGO_CONFIG_DIR = 'config/_default';

/** Whether a path relative to the site root is a config file (a change reloads the site model). */
export function isSiteConfigPath(rel: string): boolean {
  return SITE_CONFIG_NAMES.includes(rel) || new RegExp(`^${HUGO_CONFIG_DIR}/[^/]+\\.(toml|ya?ml|json)$`).test(rel);
}

/** The extensions Hugo reads as Markdown (lower case, with the dot). */
export const MARKDOWN_EXTENSIONS = ['.md', '.markdown', '.mdown', '.mkd', '.mkdn'];
/** The same as a glob, for file watchers and file-operation filters. */
export const MARKDOWN_GLOB = `**/*.{${MARKDOWN_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;
/** Jekyll `.html` posts and pages (those with front matter are indexed: index/blogIndex.ts). */
export const JEKYLL_HTML_POSTS_GLOB = '**/*.{html,htm}';
/** What Liquid in a Jekyll post refers to (site/jekyllSite.ts), and the layouts that hint at `related`. */
export const JEKYLL_SITE_FILES_GLOB = '**/{_includes,_data,_plugins,_layouts}/**/*';

export function isMarkdownFile(name: string): boolean {
  const lower = name.toLowerCase();
  return MARKDOWN_EXTENSIONS.some((e) => lower.endsWith(e));
}
