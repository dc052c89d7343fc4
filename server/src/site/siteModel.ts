/**
 * The site model: which generator, where content, static files and shortcode templates live,
 * and the configuration settings the features need. Read from the site's own config files.
 */
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { basename, joinPath, Workspace } from '../workspace/workspace';

export type Generator = 'hugo' | 'jekyll' | 'unknown';

export interface Taxonomy {
  /** Singular name, as in `[taxonomies] tag = "tags"`. */
  singular: string;
  /** The front matter key and URL segment. */
  plural: string;
}

export interface MarkupSettings {
  unsafe: boolean;
  typographer: boolean;
  linkify: boolean;
  table: boolean;
  strikethrough: boolean;
  taskList: boolean;
  footnote: boolean;
  definitionList: boolean;
  autoHeadingID: boolean;
  /** markup.highlight settings: style, lineNos, noClasses, codeFences… (keys lower-cased). */
  highlight: Record<string, unknown>;
  /** markup.goldmark.extensions.passthrough delimiters, when math passthrough is configured. */
  mathDelimiters: { inline: [string, string][]; block: [string, string][] } | undefined;
}

export interface ConfigProblem {
  file: string;
  message: string;
}

export interface SiteModel {
  root: string;
  generator: Generator;
  configFiles: string[];
  title: string | undefined;
  baseURL: string | undefined;
  /** Absolute content directories; several when languages have their own contentDir. */
  contentDirs: string[];
  /** Absolute static directories, in Hugo's order. */
  staticDirs: string[];
  taxonomies: Taxonomy[];
  /** Section (or page kind) → permalink pattern. */
  permalinks: Record<string, string>;
  uglyURLs: boolean;
  markup: MarkupSettings;
  /** params.math (or params.katex / params.mathjax) is set. */
  math: boolean;
  themes: string[];
  themesDir: string;
  /** Absolute layout roots: the site's layouts/ first, then each theme's. */
  layoutDirs: string[];
  /** Absolute shortcode template directories, most specific first. */
  shortcodeDirs: string[];
  languages: string[];
  defaultContentLanguage: string;
  /** Hugo's `ignoreFiles` regexps. */
  ignoreFiles: RegExp[];
  /** The merged configuration, keys lower-cased (Hugo's keys are case-insensitive). */
  config: Record<string, unknown>;
  problems: ConfigProblem[];
}

const HUGO_CONFIG_NAMES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];
const CONFIG_DIR_ROOT_NAMES = new Set(['hugo', 'config']);

/** Folders no blog keeps posts in; never scanned, wherever they are. */
export const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', '.jekyll-cache', '.sass-cache', '.vscode-test']);
/** The generators' output and cache folders: skipped at the site root (content/resources/ is content). */
export const ROOT_OUTPUT_DIRS = new Set(['public', 'resources', '_site']);

/** Finds the site root at `folder` or up to two levels below it (a blog kept in a subfolder of a repository). */
export async function findSiteRoot(workspace: Workspace, folder: string): Promise<string | undefined> {
  const queue: { dir: string; depth: number }[] = [{ dir: folder, depth: 0 }];
  while (queue.length) {
    const { dir, depth } = queue.shift()!;
    const entries = await workspace.readDirectory(dir);
    const names = new Set(entries.map((e) => e.name));
    if (HUGO_CONFIG_NAMES.some((n) => names.has(n)) || names.has('_config.yml') || names.has('_config.yaml')) return dir;
    if (names.has('config') && (await workspace.stat(joinPath(dir, 'config/_default')))?.isDirectory) return dir;
    if (depth < 2) {
      for (const e of entries) {
        if (e.isDirectory && !e.name.startsWith('.') && !ALWAYS_SKIPPED_DIRS.has(e.name) && !ROOT_OUTPUT_DIRS.has(e.name) && !['content', 'layouts', 'static', 'themes', 'assets', 'data'].includes(e.name)) {
          queue.push({ dir: joinPath(dir, e.name), depth: depth + 1 });
        }
      }
    }
  }
  return undefined;
}

/** Hugo's old highlight settings (`pygmentsOptions = "linenos=table,hl_lines=2"`), under markup.highlight. */
function pygmentsOptions(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const opts = config['pygmentsoptions'];
  if (typeof opts === 'string') {
    for (const part of opts.split(',')) {
      const [k, ...v] = part.split('=');
      if (k.trim()) out[k.trim().toLowerCase()] = v.join('=').trim() || true;
    }
  }
  if (typeof config['pygmentscodefences'] === 'boolean') out['codefences'] = config['pygmentscodefences'];
  if (typeof config['pygmentscodefencesguesssyntax'] === 'boolean') out['guesssyntax'] = config['pygmentscodefencesguesssyntax'];
  return out;
}

function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k.toLowerCase()] = lowerKeys(v);
    return out;
  }
  return value;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(source)) {
    const existing = target[k];
    if (isRecord(existing) && isRecord(v)) deepMerge(existing, v);
    else target[k] = v;
  }
  return target;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function parseConfigText(file: string, text: string): Record<string, unknown> {
  const name = file.toLowerCase();
  let data: unknown;
  if (name.endsWith('.toml')) data = parseToml(text);
  else if (name.endsWith('.json')) data = JSON.parse(text);
  else data = parseYaml(text, { uniqueKeys: false });
  return isRecord(data) ? data : {};
}

/** Reads the generator's configuration. Config errors are reported, never thrown. */
export async function loadSiteModel(workspace: Workspace, root: string): Promise<SiteModel> {
  const problems: ConfigProblem[] = [];
  const configFiles: string[] = [];
  let config: Record<string, unknown> = {};
  let generator: Generator = 'unknown';

  const read = async (file: string): Promise<Record<string, unknown> | undefined> => {
    const text = await workspace.readFile(file);
    if (text === undefined) return undefined;
    configFiles.push(file);
    try {
      return lowerKeys(parseConfigText(file, text)) as Record<string, unknown>;
    } catch (e) {
      problems.push({ file, message: `cannot read ${basename(file)}: ${(e as Error).message.split('\n')[0]}` });
      return {};
    }
  };

  const rootNames = new Set((await workspace.readDirectory(root)).map((e) => e.name));
  // Hugo reads the first of hugo.* / config.* it finds at the root, then merges config/_default/.
  const rootConfig = HUGO_CONFIG_NAMES.find((n) => rootNames.has(n));
  if (rootConfig) {
    generator = 'hugo';
    config = (await read(joinPath(root, rootConfig))) ?? {};
  }
  const defaultDir = joinPath(root, 'config/_default');
  const defaultEntries = await workspace.readDirectory(defaultDir);
  if (defaultEntries.length) {
    generator = 'hugo';
    for (const e of defaultEntries.filter((x) => !x.isDirectory && /\.(toml|ya?ml|json)$/i.test(x.name)).sort((a, b) => a.name.localeCompare(b.name))) {
      const data = await read(joinPath(defaultDir, e.name));
      if (!data) continue;
      const stem = e.name.replace(/\.[^.]+$/, '').toLowerCase();
      if (CONFIG_DIR_ROOT_NAMES.has(stem)) deepMerge(config, data);
      else if (stem.startsWith('menus.') || stem.startsWith('params.') || stem.startsWith('languages.')) {
        /* language-specific files: the default language's settings are enough here */
      } else deepMerge(config, { [stem]: data });
    }
    // A folder is a key too: config/_default/module/module.yaml is `module`, languages/en.yaml is `languages.en`.
    for (const dir of defaultEntries.filter((x) => x.isDirectory)) {
      const key = dir.name.toLowerCase();
      const files = (await workspace.readDirectory(joinPath(defaultDir, dir.name))).filter((x) => !x.isDirectory && /\.(toml|ya?ml|json)$/i.test(x.name));
      for (const e of files.sort((a, b) => a.name.localeCompare(b.name))) {
        const data = await read(joinPath(defaultDir, dir.name, e.name));
        if (!data) continue;
        const stem = e.name.replace(/\.[^.]+$/, '').toLowerCase();
        deepMerge(config, { [key]: stem === key ? data : { [stem]: data } });
      }
    }
  }
  if (generator === 'unknown' && (rootNames.has('_config.yml') || rootNames.has('_config.yaml'))) {
    generator = 'jekyll';
    config = (await read(joinPath(root, rootNames.has('_config.yml') ? '_config.yml' : '_config.yaml'))) ?? {};
  }
  return buildSiteModel(root, generator, config, configFiles, problems);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

/** Hugo's default taxonomies, used when the config declares none. */
export const DEFAULT_TAXONOMIES: Taxonomy[] = [
  { singular: 'tag', plural: 'tags' },
  { singular: 'category', plural: 'categories' },
];

function readTaxonomies(config: Record<string, unknown>): Taxonomy[] {
  const declared = config['taxonomies'];
  if (!isRecord(declared)) return DEFAULT_TAXONOMIES;
  return Object.entries(declared)
    .map(([singular, plural]) => ({ singular, plural: (str(plural) ?? singular).toLowerCase() }))
    .filter((t) => t.plural !== '');
}

function readMarkup(config: Record<string, unknown>): MarkupSettings {
  const goldmark = get(config, 'markup.goldmark');
  const ext = get(goldmark, 'extensions');
  const typographer = get(ext, 'typographer');
  const extOn = (name: string) => bool(get(ext, name), true);
  const passthrough = get(ext, 'passthrough');
  let mathDelimiters: MarkupSettings['mathDelimiters'];
  if (isRecord(passthrough) && bool(passthrough['enable'], false)) {
    const pairs = (v: unknown): [string, string][] =>
      Array.isArray(v) ? v.filter((p) => Array.isArray(p) && p.length === 2).map((p) => [String(p[0]), String(p[1])]) : [];
    mathDelimiters = { inline: pairs(get(passthrough, 'delimiters.inline')), block: pairs(get(passthrough, 'delimiters.block')) };
  }
  return {
    unsafe: bool(get(goldmark, 'renderer.unsafe'), false),
    typographer: isRecord(typographer) ? !bool(typographer['disable'], false) : bool(typographer, true),
    linkify: extOn('linkify'),
    table: extOn('table'),
    strikethrough: extOn('strikethrough'),
    taskList: extOn('tasklist'),
    footnote: extOn('footnote'),
    definitionList: extOn('definitionlist'),
    autoHeadingID: bool(get(goldmark, 'parser.autoheadingid'), true),
    highlight: { ...pygmentsOptions(config), ...((get(config, 'markup.highlight') as Record<string, unknown>) ?? {}) },
    mathDelimiters,
  };
}

function asList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(str).filter((x): x is string => !!x);
  const s = str(v);
  return s ? [s] : [];
}

export function buildSiteModel(
  root: string,
  generator: Generator,
  config: Record<string, unknown>,
  configFiles: string[] = [],
  problems: ConfigProblem[] = [],
): SiteModel {
  const abs = (p: string) => (p.startsWith('/') ? p : joinPath(root, p));
  const languagesCfg = isRecord(config['languages']) ? (config['languages'] as Record<string, unknown>) : {};
  const languages = Object.keys(languagesCfg);
  const defaultContentLanguage = (str(config['defaultcontentlanguage']) ?? 'en').toLowerCase();
  const themesDir = abs(str(config['themesdir']) ?? 'themes');
  const themes = asList(config['theme']);

  let contentDirs: string[];
  let taxonomies = DEFAULT_TAXONOMIES;
  let permalinks: Record<string, string> = {};
  if (generator === 'jekyll') {
    contentDirs = [root];
    const p = str(config['permalink']);
    if (p) permalinks = { posts: p };
  } else {
    // Module mounts replace the default content and static folders (falco.org mounts content/en).
    const mounts = mountSources(config);
    contentDirs = mounts.content.length ? mounts.content.map(abs) : [abs(str(config['contentdir']) ?? 'content')];
    for (const lang of Object.values(languagesCfg)) {
      const dir = str(get(lang, 'contentdir'));
      if (dir && !contentDirs.includes(abs(dir))) contentDirs.push(abs(dir));
    }
    taxonomies = readTaxonomies(config);
    if (isRecord(config['permalinks'])) {
      for (const [k, v] of Object.entries(config['permalinks'] as Record<string, unknown>)) {
        if (typeof v === 'string') permalinks[k] = v;
        else if (isRecord(v) && k === 'page') for (const [sk, sv] of Object.entries(v)) if (typeof sv === 'string') permalinks[sk] = sv;
      }
    }
  }

  const layoutDirs = [abs(str(config['layoutdir']) ?? 'layouts'), ...themes.map((t) => joinPath(themesDir, t, 'layouts'))];
  const shortcodeDirs = layoutDirs.flatMap((d) => [joinPath(d, '_shortcodes'), joinPath(d, 'shortcodes')]);
  const staticMounts = generator === 'jekyll' ? [] : mountSources(config).static;
  const staticDirs =
    generator === 'jekyll'
      ? [root]
      : [...(staticMounts.length ? staticMounts : asList(config['staticdir'] ?? 'static')).map(abs), ...themes.map((t) => joinPath(themesDir, t, 'static'))];
  const params = isRecord(config['params']) ? (config['params'] as Record<string, unknown>) : {};
  const ignoreFiles: RegExp[] = [];
  for (const pattern of asList(config['ignorefiles'])) {
    try {
      ignoreFiles.push(new RegExp(pattern));
    } catch {
      problems.push({ file: configFiles[0] ?? root, message: `ignoreFiles: invalid regular expression ${pattern}` });
    }
  }
  return {
    root,
    generator,
    configFiles,
    title: str(config['title']),
    baseURL: generator === 'jekyll' ? joinUrl(str(config['url']), str(config['baseurl'])) : str(config['baseurl']),
    contentDirs,
    staticDirs,
    taxonomies,
    permalinks,
    uglyURLs: bool(config['uglyurls'], false),
    markup: readMarkup(config),
    math: !!(params['math'] || params['katex'] || params['mathjax']),
    themes,
    themesDir,
    layoutDirs,
    shortcodeDirs,
    languages,
    defaultContentLanguage,
    ignoreFiles,
    config,
    problems,
  };
}

/** Sources of `module.mounts` whose target is the content or static folder. */
function mountSources(config: Record<string, unknown>): { content: string[]; static: string[] } {
  const out = { content: [] as string[], static: [] as string[] };
  const mounts = get(config, 'module.mounts');
  if (!Array.isArray(mounts)) return out;
  for (const m of mounts) {
    const source = str(get(m, 'source'));
    const target = str(get(m, 'target'))?.replace(/^\/+|\/+$/g, '');
    if (!source) continue;
    if (target === 'content') out.content.push(source);
    else if (target === 'static') out.static.push(source);
  }
  return out;
}

function joinUrl(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return undefined;
  return a.replace(/\/$/, '') + (b ?? '');
}
