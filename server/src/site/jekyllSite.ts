/**
 * The files of a Jekyll site that Liquid in posts refers to: `_includes/` (what `{% include %}` can
 * name), `_data/` (what `site.data.x.y` reads), and the tags `_plugins/*.rb` and known plugin gems add. Read when the site loads and
 * again when one of those folders changes (service.ts); features read them from `site.jekyll`.
 */
import { parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { joinPath, listFilesRecursive, relativePath, type Workspace } from '../workspace/workspace';

/** What is read here of the site model (site/siteModel.ts holds the result as `site.jekyll`). */
export interface JekyllSiteInput {
  root: string;
  generator: string;
  config: Record<string, unknown>;
}

export interface JekyllDataFile {
  path: string;
  /** `site.data` path segments (`_data/team/core.yml` → team, core). */
  keys: string[];
  value: unknown;
  /** `a.b.c` (inside this file) → offset of its key in the file's text. */
  offsets: Map<string, number>;
}

export interface JekyllSiteFiles {
  includesDir: string;
  /** Files under _includes, relative to it (`note.html`, `blog/card.html`). */
  includes: string[];
  dataDir: string;
  data: JekyllDataFile[];
  /** Tags added by `_plugins/*.rb` and by known plugin gems. */
  pluginTags: Set<string>;
  /** Gems listed in `plugins:`/`gems:` whose tags are not known here: unknown tags are then not reported. */
  unknownPlugins: string[];
  /** A theme gem (`theme:` or `remote_theme:`) may hold includes that are not on disk. */
  theme: string | undefined;
}

/** Tags of plugin gems as they register them (gems with no tags are listed with none). */
const PLUGIN_TAGS: Record<string, string[]> = {
  'jekyll-seo-tag': ['seo'],
  'jekyll-feed': ['feed_meta'],
  'jekyll-gist': ['gist'],
  'jekyll-avatar': ['avatar'],
  'jekyll-octicons': ['octicon'],
  'jekyll-include-cache': ['include_cached'],
  'jekyll-last-modified-at': ['last_modified_at'],
  'jekyll-twitter-plugin': ['twitter'],
  'jekyll-youtube': ['youtube'],
  'jekyll-sitemap': [],
  'jekyll-redirect-from': [],
  'jekyll-mentions': [],
  'jemoji': [],
  'jekyll-relative-links': [],
  'jekyll-github-metadata': [],
  'jekyll-paginate': [],
  'jekyll-paginate-v2': [],
  'jekyll-archives': [],
  'jekyll-remote-theme': [],
  'jekyll-optional-front-matter': [],
  'jekyll-readme-index': [],
  'jekyll-titles-from-headings': [],
  'jekyll-default-layout': [],
  'jekyll-coffeescript': [],
  'jekyll-commonmark-ghpages': [],
  'jekyll-commonmark': [],
  'jekyll-sass-converter': [],
  'jekyll-watch': [],
  'jekyll-toc': [],
  'jekyll-data': [],
  'jekyll-postcss': [],
  'jekyll-assets': ['asset', 'asset_path', 'img', 'css', 'js'],
  'jekyll-katex': ['katex', 'endkatex'],
  'jekyll-spaceship': [],
  'jekyll-target-blank': [],
  'jekyll-analytics': ['jekyll_analytics'],
  'jekyll-google-tag-manager': ['gtm'],
  'jekyll_picture_tag': ['picture'],
  'jekyll-responsive-image': ['responsive_image', 'responsive_image_block', 'endresponsive_image_block'],
  'jekyll-admin': [],
  'github-pages': [],
};

const DATA_EXT = /\.(ya?ml|json|csv|tsv)$/i;
/** Larger data files are listed but not read (a data dump is not what a post names). */
const MAX_DATA_BYTES = 512 * 1024;

function dirSetting(site: JekyllSiteInput, key: string, fallback: string): string {
  const v = site.config[key];
  return joinPath(site.root, typeof v === 'string' && v.trim() ? v.trim().replace(/^\/+|\/+$/g, '') : fallback);
}

function list(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

/** Reads the site's includes, data and plugin tags (for `site.jekyll`). */
export async function readJekyllSite(workspace: Workspace, site: JekyllSiteInput): Promise<JekyllSiteFiles> {
  const includesDir = dirSetting(site, 'includes_dir', '_includes');
  const dataDir = dirSetting(site, 'data_dir', '_data');
  const pluginsDir = dirSetting(site, 'plugins_dir', '_plugins');
  const all = () => true;
  const noSkip = (_: string, name: string) => name.startsWith('.') || name === 'node_modules';
  const includes = (await listFilesRecursive(workspace, includesDir, noSkip, all)).map((p) => relativePath(includesDir, p)).sort();
  const data: JekyllDataFile[] = [];
  for (const path of (await listFilesRecursive(workspace, dataDir, noSkip, (p) => DATA_EXT.test(p))).sort()) {
    const stat = await workspace.stat(path);
    if (stat && stat.size > MAX_DATA_BYTES) continue;
    const text = await workspace.readFile(path);
    if (text === undefined) continue;
    data.push(readDataFile(path, relativePath(dataDir, path), text));
  }
  const pluginTags = new Set<string>();
  const unknownPlugins: string[] = [];
  for (const gem of [...list(site.config['plugins']), ...list(site.config['gems'])]) {
    const tags = PLUGIN_TAGS[gem];
    if (tags) for (const t of tags) pluginTags.add(t);
    else unknownPlugins.push(gem);
  }
  for (const path of await listFilesRecursive(workspace, pluginsDir, noSkip, (p) => p.endsWith('.rb'))) {
    const text = (await workspace.readFile(path)) ?? '';
    for (const m of text.matchAll(/register_tag\s*\(?\s*["':]([\w-]+)["']?/g)) pluginTags.add(m[1]);
  }
  const theme = [site.config['theme'], site.config['remote_theme']].find((t): t is string => typeof t === 'string' && !!t.trim());
  return { includesDir, includes, dataDir, data, pluginTags, unknownPlugins, theme };
}

/** Whether a change to this path (relative to the root) changes what readJekyllSite read. */
export function isJekyllSiteFilePath(site: JekyllSiteInput, path: string): boolean {
  if (site.generator !== 'jekyll') return false;
  const dirs = [dirSetting(site, 'includes_dir', '_includes'), dirSetting(site, 'data_dir', '_data'), dirSetting(site, 'plugins_dir', '_plugins'), joinPath(site.root, '_layouts')];
  return dirs.some((d) => path === d || path.startsWith(d + '/'));
}

/** One data file: its value and where each key is written. */
export function readDataFile(path: string, rel: string, text: string): JekyllDataFile {
  const keys = rel.replace(DATA_EXT, '').split('/');
  const offsets = new Map<string, number>();
  let value: unknown;
  try {
    if (/\.(csv|tsv)$/i.test(rel)) value = readTable(text, rel.toLowerCase().endsWith('.tsv') ? '\t' : ',');
    else {
      const doc = parseDocument(text, { uniqueKeys: false });
      value = doc.toJS();
      walk(doc.contents as YamlNode | null, '', offsets, 0);
    }
  } catch {
    value = undefined;
  }
  return { path, keys, value, offsets };
}

function walk(node: YamlNode | null, prefix: string, offsets: Map<string, number>, depth: number): void {
  if (!node || depth > 8) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (k === undefined) continue;
      const path = prefix ? prefix + '.' + k : k;
      const at = (pair.key as YamlNode).range?.[0];
      if (at !== undefined && !offsets.has(path)) offsets.set(path, at);
      walk(pair.value as YamlNode | null, path, offsets, depth + 1);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const path = prefix ? `${prefix}.${i}` : String(i);
      const at = (item as YamlNode).range?.[0];
      if (at !== undefined && !offsets.has(path)) offsets.set(path, at);
      walk(item as YamlNode, path, offsets, depth + 1);
    });
  }
}

/** A CSV/TSV file as Jekyll reads it: a list of rows keyed by the header. */
function readTable(text: string, sep: string): Record<string, string>[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim());
  const header = (lines.shift() ?? '').split(sep).map((h) => h.trim().replace(/^"|"$/g, ''));
  return lines.map((l) => {
    const cells = l.split(sep).map((c) => c.trim().replace(/^"|"$/g, ''));
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

/** `site.data.a.b.c` → the data file it reads, the key path inside it and the value (undefined when absent). */
export function lookupSiteData(files: JekyllSiteFiles, segments: string[]): { file: JekyllDataFile; inner: string[]; value: unknown; found: boolean } | undefined {
  for (const file of files.data) {
    if (file.keys.length > segments.length || !file.keys.every((k, i) => k === segments[i])) continue;
    const inner = segments.slice(file.keys.length);
    let cur: unknown = file.value;
    let found = true;
    for (const seg of inner) {
      if (cur && typeof cur === 'object' && seg in (cur as Record<string, unknown>)) cur = (cur as Record<string, unknown>)[seg];
      else {
        found = false;
        cur = undefined;
        break;
      }
    }
    return { file, inner, value: cur, found };
  }
  return undefined;
}
