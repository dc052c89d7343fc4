/**
 * What a Hugo site does to links beyond its config: link and image render hooks (the site's, a
 * theme's, a section's, Hugo's embedded ones), redirect rules (netlify.toml, static/_redirects,
 * a REDIRECTS output template) and theme modules that are not on disk.
 *
 * Read once with the site model; pure readers of template text, never throw. The module cache is
 * only stat-ed (it is outside the workspace): a module found there is known to exist, its templates
 * are not read.
 */
import { parse as parseToml } from 'smol-toml';
import { basename, joinPath, type Workspace } from '../workspace/workspace';

export interface LinkHook {
  /** The template file; undefined for Hugo's embedded hook. */
  file: string | undefined;
  kind: 'link' | 'image';
  /** Content path the hook applies to, lower case without slashes ('' = every page). */
  scope: string;
  origin: 'site' | 'theme' | 'embedded';
  /** The hook looks the destination up as a page (`.GetPage`) or a resource: Hugo's own lookup. */
  getPage: boolean;
  /** GetPage is tried before the destination as written (else only when the destination names nothing). */
  getPageFirst: boolean;
  /** `README.md` is read as `_index.md` (repository-style paths). */
  readmeAsIndex: boolean;
  /** Destinations the template special-cases (a prefix, or an exact value): never checked. */
  specialPrefixes: string[];
  /** Why destinations the site's pages and files do not explain cannot be checked, if the template maps them in a way not followed here. */
  opaque?: string;
}

export interface RedirectRule {
  /** A site path; may end in `*` (a splat) and hold `:placeholders`. */
  from: string;
  to: string;
  file: string;
  /**
   * Not a rule but a source of rules: every page's front matter `param` (`redirects: [{from, to}]`,
   * paths relative to the page), which the redirect template (`file`) turns into rules.
   */
  param?: string;
}

export type ModuleState = 'themes' | 'vendor' | 'cache' | 'absent';

export interface SiteModule {
  /** As the config names it: a theme name or a module path. */
  path: string;
  role: 'theme' | 'import';
  state: ModuleState;
  /** Its root on disk inside the workspace (themes/ or _vendor/), when there is one. */
  dir?: string;
}

/** Information about the site for its config or template files (shown once, not per post). */
export interface SiteNote {
  file: string;
  message: string;
  code: string;
}

// ------------------------------------------------------------------ render hooks

const INCLUDE_RE = /\bpartial(?:Cached)?\s+"([^"]+)"/g;

/** Reads a hook template and the partials it calls (two levels), as one text. */
async function hookText(workspace: Workspace, file: string, layoutDirs: string[]): Promise<string> {
  let text = (await workspace.readFile(file)) ?? '';
  const seen = new Set<string>();
  for (let depth = 0; depth < 2; depth++) {
    const names = [...text.matchAll(INCLUDE_RE)].map((m) => m[1]).filter((n) => !seen.has(n));
    for (const name of names) {
      seen.add(name);
      const file = name.endsWith('.html') ? name : name + '.html';
      for (const dir of layoutDirs) {
        const included = (await workspace.readFile(joinPath(dir, '_partials', file))) ?? (await workspace.readFile(joinPath(dir, 'partials', file)));
        if (included !== undefined) {
          text += '\n' + included;
          break;
        }
      }
    }
  }
  return text;
}

/** What a render-link / render-image template does with `.Destination`. Exported for tests. */
export function readHookTemplate(text: string): Pick<LinkHook, 'getPage' | 'getPageFirst' | 'readmeAsIndex' | 'specialPrefixes' | 'opaque'> {
  // Comments say what a template does; they do not do it.
  const code = text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '');
  const getPage = /\.GetPage\b|\bsite\.GetPage\b|\.Resources\.(Get|GetMatch)\b|\bresources\.Get\b|\bref\s+\.Page\b|\brelref\b/.test(code);
  const readmeAsIndex = /"README\.md"\s+"_index\.md"/.test(code);
  const specialPrefixes = new Set<string>();
  // `hasPrefix .Destination "g:"`, `eq $u.Path "g"`, `strings.HasPrefix $dest "glossary/"`.
  const cmp = /\b(?:strings\.HasPrefix|hasPrefix|eq)\s+(?:\(?[.$][\w.]*\)?)\s+"([^"]*)"/g;
  for (const m of code.matchAll(cmp)) {
    const lit = m[1];
    if (!lit || /^(\/|#|\.\.?\/?|https?:?\/?\/?|mailto:?|tel:?|\/\/|README\.md|_index\.md|index\.md)$/i.test(lit)) continue;
    if (/^(http|https|mailto|tel|ftp|file)$/i.test(lit)) continue;
    specialPrefixes.add(lit);
  }
  let opaque: string | undefined;
  if (/\b(site|\.Site|\$\.Site)\.Data\b|\bindex\s+(site|\.Site|\$\.Site)\.Data\b|\bgetJSON\b|\btransform\.Unmarshal\b/.test(code)) opaque = 'it looks destinations up in site data';
  else if (/\b(replaceRE|strings\.ReplaceRE|findRE|strings\.FindRE)\b[^}]*(\.Destination|\$u\b|\$dest|\$url|\$href)/.test(code)) opaque = 'it rewrites destinations with regular expressions';
  // A template that treats `/…` destinations apart (looks only those up) leaves the others as written.
  const getPageFirst = getPage && !/hasPrefix\s+\.Destination\s+"\/"/.test(code);
  return { getPage, getPageFirst, readmeAsIndex, specialPrefixes: [...specialPrefixes].sort(), opaque };
}

interface HookConfig {
  layoutDirs: string[];
  themeLayoutDirs: Set<string>;
  config: Record<string, unknown>;
  multilingual: boolean;
}

/** Every link and image render hook of the site, most specific scope first. */
export async function findLinkHooks(workspace: Workspace, site: HookConfig): Promise<LinkHook[]> {
  const hooks: LinkHook[] = [];
  const have = new Set<string>();
  for (const dir of site.layoutDirs) {
    const origin = site.themeLayoutDirs.has(dir) ? 'theme' : 'site';
    for (const file of await markupFiles(workspace, dir)) {
      const m = /^(.*?)\/?_markup\/render-(link|image)(?:\.[a-z]+)*\.html$/.exec(file.slice(dir.length + 1));
      if (!m) continue;
      // layouts/_default/_markup and layouts/_markup apply everywhere; layouts/docs/specs/_markup under docs/specs.
      const scope = m[1] === '_default' ? '' : m[1].toLowerCase();
      const kind = m[2] as 'link' | 'image';
      const key = `${kind}@${scope}`;
      if (have.has(key)) continue; // the site's own wins over a theme's
      have.add(key);
      const reading = readHookTemplate(await hookText(workspace, file, site.layoutDirs));
      hooks.push({ file, kind, scope, origin, ...reading });
    }
  }
  // Hugo's embedded hooks (0.123+): useEmbedded "always", or "auto" on a multilingual site, when the site has none.
  for (const kind of ['link', 'image'] as const) {
    if (have.has(`${kind}@`)) continue;
    const use = String(get(site.config, `markup.goldmark.renderhooks.${kind}.useembedded`) ?? get(site.config, `markup.goldmark.renderhooks.${kind}.enabledefault`) ?? '').toLowerCase();
    if (use === 'always' || use === 'true' || (use === 'auto' && site.multilingual)) {
      hooks.push({ file: undefined, kind, scope: '', origin: 'embedded', getPage: true, getPageFirst: true, readmeAsIndex: false, specialPrefixes: [] });
    }
  }
  return hooks.sort((a, b) => b.scope.length - a.scope.length);
}

async function markupFiles(workspace: Workspace, layoutDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number) => {
    for (const e of await workspace.readDirectory(dir)) {
      if (!e.isDirectory) continue;
      const full = joinPath(dir, e.name);
      if (e.name === '_markup') {
        for (const f of await workspace.readDirectory(full)) if (!f.isDirectory && /^render-(link|image)\b.*\.html$/.test(f.name)) out.push(joinPath(full, f.name));
      } else if (depth < 4 && !['_partials', 'partials', '_shortcodes', 'shortcodes'].includes(e.name)) await walk(full, depth + 1);
    }
  };
  await walk(layoutDir, 0);
  return out.sort();
}

/** The hook that renders a link on a page at `contentKey` (`/docs/specs/otel/x`), if any. */
export function hookFor(hooks: LinkHook[], kind: 'link' | 'image', contentKey: string, type: string | undefined): LinkHook | undefined {
  const key = contentKey.replace(/^\/+/, '').toLowerCase();
  return hooks.find((h) => h.kind === kind && (h.scope === '' || key === h.scope || key.startsWith(h.scope + '/') || (!!type && h.scope === type.toLowerCase())));
}

// ------------------------------------------------------------------ redirects

/** `from to [status]` lines of a `_redirects` file (or the literal lines of a redirects template). */
export function parseRedirectLines(text: string, file: string): RedirectRule[] {
  const out: RedirectRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '').trim();
    if (!line || line.startsWith('#') || line.includes('{{') || line.includes('}}')) continue;
    const [from, to] = line.split(/\s+/);
    if (!from || !to || !from.startsWith('/')) continue;
    out.push({ from, to, file });
  }
  return out;
}

export function parseNetlifyToml(text: string, file: string): RedirectRule[] {
  try {
    const data = parseToml(text) as { redirects?: { from?: unknown; to?: unknown }[] };
    return (Array.isArray(data.redirects) ? data.redirects : [])
      .filter((r) => typeof r.from === 'string' && typeof r.to === 'string' && (r.from as string).startsWith('/'))
      .map((r) => ({ from: r.from as string, to: r.to as string, file }));
  } catch {
    return [];
  }
}

export async function loadRedirects(workspace: Workspace, root: string, staticDirs: string[], layoutDirs: string[]): Promise<RedirectRule[]> {
  const rules: RedirectRule[] = [];
  const netlify = joinPath(root, 'netlify.toml');
  const nt = await workspace.readFile(netlify);
  if (nt !== undefined) rules.push(...parseNetlifyToml(nt, netlify));
  for (const dir of staticDirs) {
    const f = joinPath(dir, '_redirects');
    const t = await workspace.readFile(f);
    if (t !== undefined) rules.push(...parseRedirectLines(t, f));
  }
  const params = new Map<string, string>();
  for (const dir of layoutDirs) {
    for (const name of ['index.redirects', '_default/index.redirects', 'home.redirects']) {
      const f = joinPath(dir, name);
      if ((await workspace.stat(f))?.isDirectory !== false) continue;
      const text = await hookText(workspace, f, layoutDirs);
      rules.push(...parseRedirectLines(text, f));
      for (const p of redirectParams(text)) if (!params.has(p)) params.set(p, f);
    }
    // The partials a redirects output is made of (`_partials/redirects/pages.txt`), even when the home template calling them is elsewhere (a theme module).
    for (const sub of ['_partials/redirects', 'partials/redirects']) {
      for (const e of await workspace.readDirectory(joinPath(dir, sub))) {
        if (e.isDirectory) continue;
        const f = joinPath(dir, sub, e.name);
        for (const p of redirectParams((await workspace.readFile(f)) ?? '')) if (!params.has(p)) params.set(p, f);
      }
    }
  }
  for (const [param, file] of params) rules.push({ from: '', to: '', file, param });
  return rules;
}

/** Front matter params a redirect template ranges over as `{from, to}` lists (`range $p.Params.redirects`). Exported for tests. */
export function redirectParams(text: string): string[] {
  const code = text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '');
  if (!/\.from\b/.test(code) || !/\.to\b/.test(code)) return [];
  return [...new Set([...code.matchAll(/\brange\s+(?:\$\w+\s*:?=\s*)?\$?\w*\.Params\.(\w+)/g)].map((m) => m[1].toLowerCase()))];
}

/** The target of the first rule matching `path` (splats and placeholders filled in), else undefined. */
export function matchRedirect(rules: RedirectRule[], path: string): RedirectRule & { target: string } | undefined {
  const norm = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  const want = norm(path);
  for (const rule of rules) {
    if (rule.param) continue;
    const from = norm(rule.from);
    const names: string[] = [];
    const pattern = from
      .split('/')
      .map((seg) => {
        if (seg === '*') return names.push('splat') && '(.*)';
        if (seg.startsWith(':')) return names.push(seg.slice(1)) && '([^/]+)';
        return seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      })
      .join('/');
    const re = new RegExp('^' + (from.endsWith('/*') ? pattern.replace(/\/\(\.\*\)$/, '(?:/(.*))?') : pattern) + '$', 'i');
    const m = re.exec(want);
    if (!m) continue;
    let target = rule.to;
    names.forEach((n, i) => (target = target.replace(':' + n, m[i + 1] ?? '')));
    return { ...rule, target };
  }
  return undefined;
}

// ------------------------------------------------------------------ modules

/** Hugo's module cache folders: HUGO_CACHEDIR, then its defaults. */
function moduleCacheDirs(env: Record<string, string | undefined>): string[] {
  const dirs: string[] = [];
  if (env['HUGO_CACHEDIR']) dirs.push(env['HUGO_CACHEDIR']);
  if (env['XDG_CACHE_HOME']) dirs.push(joinPath(env['XDG_CACHE_HOME'], 'hugo_cache'));
  if (env['HOME']) dirs.push(joinPath(env['HOME'], '.cache', 'hugo_cache'), joinPath(env['HOME'], 'Library', 'Caches', 'hugo_cache'));
  dirs.push(joinPath(env['TMPDIR'] || '/tmp', 'hugo_cache'));
  return [...new Set(dirs.map((d) => d.replace(/\\/g, '/')))];
}

/** Whether a module path is in a module cache (`…/modules/filecache/modules/pkg/mod/<path>@<version>`). */
async function inModuleCache(workspace: Workspace, path: string, env: Record<string, string | undefined>): Promise<boolean> {
  const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const last = basename(path).toLowerCase();
  for (const cache of moduleCacheDirs(env)) {
    const dir = joinPath(cache, 'modules/filecache/modules/pkg/mod', parent.toLowerCase());
    const entries = await workspace.readDirectory(dir);
    if (entries.some((e) => e.isDirectory && e.name.toLowerCase().startsWith(last + '@'))) return true;
  }
  return false;
}

/** Where each theme and module import of the config is. */
export async function locateModules(
  workspace: Workspace,
  root: string,
  themesDir: string,
  themes: string[],
  imports: string[],
  env: Record<string, string | undefined> = typeof process !== 'undefined' ? process.env : {},
): Promise<SiteModule[]> {
  const out: SiteModule[] = [];
  const isDir = async (p: string) => !!(await workspace.stat(p))?.isDirectory;
  const seen = new Set<string>();
  for (const [path, role] of [...themes.map((t) => [t, 'theme'] as const), ...imports.map((i) => [i, 'import'] as const)]) {
    if (seen.has(path)) continue;
    seen.add(path);
    if (await isDir(joinPath(themesDir, path))) out.push({ path, role, state: 'themes', dir: joinPath(themesDir, path) });
    else if (await isDir(joinPath(root, '_vendor', path))) out.push({ path, role, state: 'vendor', dir: joinPath(root, '_vendor', path) });
    else if (await inModuleCache(workspace, path, env)) out.push({ path, role, state: 'cache' });
    else out.push({ path, role, state: 'absent' });
  }
  return out;
}

function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
