/**
 * The site model: which generator, where content, static files and shortcode templates live,
 * and the configuration settings the features need. Read from the site's own config files.
 */
import { parseDataText } from '../parse/dataFile';
import { resolveConfiguredPath } from '../workspace/uri';
import { basename, joinPath, Workspace } from '../workspace/workspace';
import { HUGO_CONFIG_NAMES, SITE_CONFIG_NAMES } from './siteFiles';
import { readJekyllSite, type JekyllSiteFiles } from './jekyllSite';
import { readRelatedHint, type RelatedHint } from './relatedHint';
import { findLinkHooks, loadRedirects, locateModules, type LinkHook, type RedirectRule, type SiteModule, type SiteNote } from './siteLinks';

export type { LinkHook, RedirectRule, SiteModule, SiteNote } from './siteLinks';

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
  /** markup.goldmark.parser.wrapStandAloneImageWithinParagraph (Hugo's default: true). */
  wrapStandAloneImage: boolean;
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
  /** Content directory → the language its pages are in (per-language content folders). */
  contentDirLanguages: Record<string, string>;
  /** Link and image render hooks, most specific scope first (Hugo only). */
  linkHooks: LinkHook[];
  /** Redirect rules: netlify.toml, static/_redirects, a REDIRECTS output template. */
  redirects: RedirectRule[];
  /** Themes and module imports, and where they are. */
  modules: SiteModule[];
  /** Information for the config or template files: absent modules, hooks whose links are not checked. */
  notes: SiteNote[];
  /** Site paths (`/docs/specs/otel`) whose content is mounted from a folder that is not on disk. */
  unmountedPaths: string[];
  /** Jekyll: includes, data files and plugin tags (site/jekyllSite.ts). */
  jekyll?: JekyllSiteFiles;
  /** What the templates say `related:` entries name (site/relatedHint.ts). */
  relatedHint?: RelatedHint;
}

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
    if (SITE_CONFIG_NAMES.some((n) => names.has(n))) return dir;
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
  const data = parseDataText(file, text);
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
  const site = buildSiteModel(root, generator, config, configFiles, problems);
  if (generator === 'hugo') await readSiteLinks(workspace, site);
  if (generator === 'jekyll') site.jekyll = await readJekyllSite(workspace, site);
  if (generator !== 'unknown') site.relatedHint = await readRelatedHint(workspace, site);
  return site;
}

/** Re-reads what site/jekyllSite.ts and site/relatedHint.ts found (one of their files changed). */
export async function refreshSiteFiles(workspace: Workspace, site: SiteModel): Promise<void> {
  if (site.generator === 'jekyll') site.jekyll = await readJekyllSite(workspace, site);
  if (site.generator !== 'unknown') site.relatedHint = await readRelatedHint(workspace, site);
}

/** Per-language content folders, render hooks, redirects and modules: what `check` needs to trust a docs site. */
async function readSiteLinks(workspace: Workspace, site: SiteModel): Promise<void> {
  const config = site.config;
  // content/en, content/es… with no contentDir per language and no mounts the config shows: a per-language
  // layout whose mounts live in a file Hugo does not read as-is (a template) or in a theme.
  // Only with that evidence: a module config file Hugo reads once generated (config/_default/module-*.yaml) with mounts.
  const unreadMounts = Object.entries(config).some(([k, v]) => /^module[-_.]/.test(k) && Array.isArray(get(v, 'mounts')));
  if (unreadMounts && site.languages.length > 1 && site.contentDirs.length === 1 && !mountSources(config).content.length) {
    const entries = (await workspace.readDirectory(site.contentDirs[0])).filter((e) => !e.name.startsWith('.'));
    const langs = new Set(site.languages.map((l) => l.toLowerCase()));
    if (entries.length && entries.every((e) => e.isDirectory && langs.has(e.name.toLowerCase()))) {
      const base = site.contentDirs[0];
      site.contentDirs = entries.map((e) => joinPath(base, e.name));
      for (const e of entries) site.contentDirLanguages[joinPath(base, e.name)] = e.name.toLowerCase();
    }
  }
  const importList = get(config, 'module.imports');
  const imports = (Array.isArray(importList) ? importList : []).map((i) => str(i) ?? str(get(i, 'path'))).filter((x): x is string => !!x);
  site.modules = await locateModules(workspace, site.root, site.themesDir, site.themes, imports);
  for (const m of site.modules) {
    if (m.state !== 'vendor' || !m.dir) continue;
    const layouts = joinPath(m.dir, 'layouts');
    site.layoutDirs.push(layouts);
    site.shortcodeDirs.push(joinPath(layouts, '_shortcodes'), joinPath(layouts, 'shortcodes'));
    site.staticDirs.push(joinPath(m.dir, 'static'));
  }
  const configFile = site.configFiles[0] ?? site.root;
  for (const m of site.modules) {
    const what = m.role === 'theme' ? 'theme' : 'module';
    if (m.state === 'absent') {
      site.notes.push({
        file: configFile,
        code: 'module-absent',
        message: `${what} ${m.path} is not available locally (not in ${basename(site.themesDir)}/, _vendor/ or Hugo's module cache), so its shortcodes and templates are not checked and links to static files it could provide are not reported missing; run \`hugo mod get\` (or \`hugo mod vendor\`)`,
      });
    } else if (m.state === 'cache') {
      site.notes.push({ file: configFile, code: 'module-absent', message: `${what} ${m.path} is in Hugo's module cache, outside the workspace, so its shortcodes and templates are not checked and links to static files it could provide are not reported missing; \`hugo mod vendor\` copies it into _vendor/` });
    }
  }
  const themeLayoutDirs = new Set(site.layoutDirs.slice(1));
  site.linkHooks = await findLinkHooks(workspace, { layoutDirs: site.layoutDirs, themeLayoutDirs, config, multilingual: site.languages.length > 1 });
  for (const h of site.linkHooks) {
    if (!h.file || (!h.opaque && !h.specialPrefixes.length)) continue;
    const what = h.kind === 'image' ? 'images' : 'links';
    const where = h.scope ? `on pages under /${h.scope}/` : 'on every page';
    const parts: string[] = [];
    if (h.specialPrefixes.length) parts.push(`destinations it special-cases (${h.specialPrefixes.map((p) => `"${p}"`).join(', ')}) are not checked`);
    if (h.opaque) parts.push(`${what} that name no page or file are not reported, because ${h.opaque}`);
    site.notes.push({ file: h.file, code: 'render-hook', message: `This render hook renders ${what} ${where}: ${parts.join('; ')}.` });
  }
  site.redirects = await loadRedirects(workspace, site.root, site.staticDirs, site.layoutDirs);
  // Content mounted from folders that are not on disk (git submodules not checked out, generated
  // folders): the pages there exist when the site builds, so links into them are not checked.
  // Mounts come from module.mounts, or from a module config file Hugo reads once generated (config/_default/module-*.yaml).
  const mountLists: unknown[] = [get(config, 'module.mounts')];
  for (const [key, value] of Object.entries(config)) if (/^module[-_.]/.test(key)) mountLists.push(get(value, 'mounts'));
  const unmounted: string[] = [];
  for (const list of mountLists) {
    if (!Array.isArray(list)) continue;
    for (const m of list) {
      const source = str(get(m, 'source'));
      const target = str(get(m, 'target'))?.replace(/^\/+|\/+$/g, '');
      if (!source || !target?.startsWith('content/')) continue;
      if (await workspace.stat(resolveConfiguredPath(site.root, source))) continue;
      const path = '/' + target.slice('content/'.length).replace(/(^|\/)_?index\.[a-z]+$/i, '').replace(/\.[a-z]+$/i, '');
      if (path !== '/' && !site.unmountedPaths.includes(path.toLowerCase())) {
        site.unmountedPaths.push(path.toLowerCase());
        unmounted.push(`${path} (from ${source})`);
      }
    }
  }
  if (unmounted.length) {
    site.notes.push({
      file: configFile,
      code: 'mount-absent',
      message: `Content is mounted from folders that are not on disk, so links into ${unmounted.length === 1 ? 'it' : 'them'} are not checked: ${unmounted.slice(0, 5).join(', ')}${unmounted.length > 5 ? ` and ${unmounted.length - 5} more` : ''}`,
    });
  }
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
    wrapStandAloneImage: bool(get(goldmark, 'parser.wrapstandaloneimagewithinparagraph'), true),
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
  const abs = (p: string) => resolveConfiguredPath(root, p);
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
    contentDirLanguages: {},
    linkHooks: [],
    redirects: [],
    modules: [],
    notes: [],
    unmountedPaths: [],
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
