/**
 * The site's own shortcode templates (layouts/shortcodes/NAME.html, the theme's after the site's),
 * run with the small Go template interpreter. Too-complex templates throw and become placeholder boxes.
 *
 * Template execution is synchronous; what a template reads from the site (partials, data/, i18n/,
 * files) comes from the host asynchronously. The partials a template names literally are loaded
 * before it runs; anything else it reaches for (a computed partial name, `site.Data`, `os.ReadFile`)
 * stops the run with a NeedResource, which is loaded, and the template runs again from the start
 * (with the page's Scratch as it was), until it has all it needs.
 */
import type { SiteModel } from '../site/siteModel';
import type { BundleFile, RenderHost, TemplatePage } from './host';
import { parseDataText } from '../parse/dataFile';
import { highlightOptionsFrom, parseHighlightOptions, renderHighlightedBlock } from './highlight';
import { escapeHtml, unescapeHtml } from './html';
import { executePartial, executeTemplate, parseTemplate, SafeHtml, TemplateFunction, truthy, UnsupportedTemplate } from './goTemplate';
import type { ShortcodeNode } from './shortcodeExpansion';
import type { ShortcodeTemplates } from '../site/shortcodeTemplates';
import { HeadingIdType, sanitizeHeadingId } from './headingIds';

export interface PageContext {
  page: Record<string, unknown>;
  markdownify: (text: string, block: boolean) => string;
  path: string;
  /** The page's .Scratch, shared by every shortcode on the page. */
  scratch?: Scratch;
  /** Goldmark's autoHeadingIDType, which anchorize follows. */
  headingIdType?: HeadingIdType;
}

/**
 * Hugo's Scratch (`.Page.Scratch`, `.Scratch`, `newScratch`): a map with Set/Get/Add/SetInMap/Delete.
 * Setters return "" so that `{{ $s.Set "k" 1 }}` prints nothing, as in Hugo.
 */
export class Scratch {
  private readonly values = new Map<string, unknown>();
  Set(key: unknown, value: unknown): string {
    this.values.set(str(key), value);
    return '';
  }
  Get(key: unknown): unknown {
    return this.values.get(str(key));
  }
  /** Numbers add, strings concatenate, a list gets the value appended (a list's items when both are lists). */
  Add(key: unknown, value: unknown): string {
    const k = str(key);
    const existing = this.values.get(k);
    if (existing === undefined) this.values.set(k, value);
    else if (Array.isArray(existing)) this.values.set(k, Array.isArray(value) ? [...existing, ...value] : [...existing, value]);
    else this.values.set(k, arithmetic('+', existing, value));
    return '';
  }
  SetInMap(key: unknown, mapKey: unknown, value: unknown): string {
    const k = str(key);
    const existing = this.values.get(k);
    const map = existing && typeof existing === 'object' && !Array.isArray(existing) ? (existing as Record<string, unknown>) : {};
    map[str(mapKey)] = value;
    this.values.set(k, map);
    return '';
  }
  Delete(key: unknown): string {
    this.values.delete(str(key));
    return '';
  }
  Values(): Record<string, unknown> {
    return Object.fromEntries(this.values);
  }
  /** For a template run again from the start: its writes of the first run are undone. */
  snapshot(): () => void {
    const saved = new Map(this.values);
    return () => {
      this.values.clear();
      for (const [k, v] of saved) this.values.set(k, v);
    };
  }
}

/**
 * A run stopped for something the host must load first; the template runs again once it is there.
 * Not an Error: thrown on a normal path, it must not pay for a stack trace.
 */
class NeedResource {
  constructor(readonly load: () => Promise<void>) {}
}

type ParsedTemplate = ReturnType<typeof parseTemplate>;

/** What one render's templates have loaded from the host: partials (null: none of that name), data, translations, files. */
class TemplateResources {
  readonly partials = new Map<string, ParsedTemplate | Error | null>();
  data: Record<string, unknown> | undefined;
  readonly translations = new Map<string, Record<string, string>>();
  readonly files = new Map<string, string | null>();

  constructor(
    private readonly host: RenderHost,
    private readonly site: SiteModel,
  ) {}

  /** Candidate files of a partial, most specific first: the site's layouts, then each theme's. */
  private partialPaths(name: string): string[] {
    const names = /\.[a-z]+$/i.test(name) ? [name] : [name + '.html', name];
    return this.site.layoutDirs.flatMap((d) => ['_partials', 'partials'].flatMap((sub) => names.map((n) => `${d}/${sub}/${n}`)));
  }

  async loadPartial(name: string): Promise<void> {
    if (this.partials.has(name)) return;
    for (const path of this.partialPaths(name)) {
      const source = await this.host.readTemplate(path);
      if (source === undefined) continue;
      // Hugo's `return` takes the whole pipeline after it (`return mul . 2`): one argument, as Hugo reads it.
      const parsed = parseCached(path, source.replace(/(\{\{-?\s*)return\s+([^}]*?)(\s*-?\}\})/g, '$1return ($2)$3'));
      this.partials.set(name, parsed);
      if (!(parsed instanceof Error)) await this.preload(source);
      return;
    }
    this.partials.set(name, null);
  }

  /** Loads what a template's text names literally, so that most templates run once. */
  async preload(source: string): Promise<void> {
    for (const m of source.matchAll(/\bpartial(?:Cached)?\s+(?:"([^"]+)"|`([^`]+)`)/g)) await this.loadPartial(m[1] ?? m[2]);
    if (/\bData\b/.test(source)) await this.loadData();
  }

  async loadData(): Promise<void> {
    this.data ??= (await this.host.siteData?.()) ?? {};
  }

  partial(name: string): ParsedTemplate {
    const p = this.partials.get(name);
    if (p === undefined) throw new NeedResource(() => this.loadPartial(name));
    if (p === null) throw new UnsupportedTemplate(`partial "${name}" not found`);
    if (p instanceof Error) throw p;
    return p;
  }

  siteData(): Record<string, unknown> {
    if (!this.data) throw new NeedResource(() => this.loadData());
    return this.data;
  }

  translation(lang: string, id: string): string | undefined {
    const t = this.translations.get(lang);
    if (!t) throw new NeedResource(async () => void this.translations.set(lang, (await this.host.translations?.(lang)) ?? {}));
    return t[id];
  }

  readonly bundles = new Map<string, BundleFile[]>();
  /** `.Resources` of a page, built once per render. */
  readonly resourceLists = new Map<string, unknown[]>();

  /** The files of the bundle whose index file is `pagePath`. */
  bundle(pagePath: string): BundleFile[] {
    // Only a bundle (index.md, _index.md) has resources.
    if (!/(^|\/)_?index\.[^/]+$/.test(pagePath)) return [];
    const b = this.bundles.get(pagePath);
    if (!b) throw new NeedResource(async () => void this.bundles.set(pagePath, (await this.host.bundleFiles?.(pagePath)) ?? []));
    return b;
  }

  /** A file by its path relative to the site's folder; undefined when there is none. */
  file(relativePath: string): string | undefined {
    const key = relativePath.replace(/^\.?\//, '');
    const f = this.files.get(key);
    if (f === undefined) throw new NeedResource(async () => void this.files.set(key, (await this.host.readSiteFile?.(key)) ?? null));
    return f ?? undefined;
  }
}

/**
 * Hugo's math.DoArithmetic (add, sub, mul, div): two numbers (integer division when both are integers),
 * or two strings for `+`. Anything else is an error in Hugo, so the template cannot be run here either.
 */
function arithmetic(op: '+' | '-' | '*' | '/', a: unknown, b: unknown): number | string {
  if (typeof a === 'string' && typeof b === 'string' && op === '+') return a + b;
  if (typeof a !== 'number' || typeof b !== 'number') throw new UnsupportedTemplate(`can't apply the operator to the values`);
  const ints = Number.isInteger(a) && Number.isInteger(b);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new UnsupportedTemplate('division by zero');
      return ints ? Math.trunc(a / b) : a / b;
  }
}

/**
 * A Go (RE2) regular expression as a JavaScript one: leading `(?flags)`, `(?P<name>`, `\A`, `\z`. Go's
 * `(?s)` is JavaScript's `s` flag; `(?U)` (ungreedy) has no equivalent and is refused.
 */
export function goRegExp(pattern: string, global = true): RegExp {
  // Compiled once per pattern: templates run on every keystroke. (Callers use replace/matchAll/test, which do not depend on lastIndex left by another call.)
  const key = (global ? 'g' : '-') + pattern;
  let re = compiledRegExps.get(key);
  if (!re) {
    re = compileGoRegExp(pattern, global);
    if (compiledRegExps.size > 500) compiledRegExps.clear();
    compiledRegExps.set(key, re);
  }
  return re;
}

const compiledRegExps = new Map<string, RegExp>();

function compileGoRegExp(pattern: string, global: boolean): RegExp {
  let source = pattern;
  let flags = global ? 'g' : '';
  const lead = /^\(\?([imsU]+)\)/.exec(source);
  if (lead) {
    if (lead[1].includes('U')) throw new UnsupportedTemplate('ungreedy regular expression');
    flags += lead[1];
    source = source.slice(lead[0].length);
  }
  source = source.replace(/\(\?P</g, '(?<').replace(/\\A/g, '^').replace(/\\z/g, '$(?![\\s\\S])');
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new UnsupportedTemplate(`regular expression: ${(e as Error).message}`);
  }
}

/** cast.ToInt64E: a number (truncated) or a string of digits. */
function toInt(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
  throw new UnsupportedTemplate(`not an integer: ${str(v)}`);
}

const parsed = new Map<string, { source: string; nodes: ParsedTemplate | Error }>();

/** The parsed template of a file, parsed again only when its text changed (an error is kept, to throw). */
function parseCached(file: string, source: string): ParsedTemplate | Error {
  let entry = parsed.get(file);
  if (!entry || entry.source !== source) {
    let nodes: ParsedTemplate | Error;
    try {
      nodes = parseTemplate(source);
    } catch (e) {
      nodes = e as Error;
    }
    entry = { source, nodes };
    parsed.set(file, entry);
  }
  return entry.nodes;
}

/** Loads and runs again at most this many times (a template reading files in a loop). */
const MAX_LOADS = 50;

export class SiteTemplates {
  private readonly resources: TemplateResources;
  private env: TemplateEnv | undefined;

  constructor(
    private readonly host: RenderHost,
    private readonly site: SiteModel,
    private readonly templates: ShortcodeTemplates,
  ) {
    this.resources = new TemplateResources(host, site);
  }

  /** Path of the template Hugo would use for `name`, if the site or a theme has one. */
  find(name: string): string | undefined {
    const t = this.templates.get(name);
    return t && t.origin !== 'builtin' ? t.path : undefined;
  }

  /** Each shortcode's own `.Scratch`: a nested shortcode writes its parent's (`.Parent.Scratch`) before the parent runs. */
  private readonly scratches = new Map<ShortcodeNode, Scratch>();

  private scratchOf(node: ShortcodeNode): Scratch {
    let s = this.scratches.get(node);
    if (!s) this.scratches.set(node, (s = new Scratch()));
    return s;
  }

  async run(node: ShortcodeNode, inner: string | undefined, ordinal: number, page: PageContext, parent?: ShortcodeNode): Promise<string | undefined> {
    const file = this.find(node.name);
    if (!file) return undefined;
    const source = (await this.host.readTemplate(file)) ?? '';
    const nodes = parseCached(file, source);
    if (nodes instanceof Error) throw nodes;
    await this.resources.preload(source);
    const scratch = page.scratch ?? new Scratch();
    const own = this.scratchOf(node);
    const parentScratch = parent ? this.scratchOf(parent) : undefined;
    const restores = [scratch.snapshot(), own.snapshot(), ...(parentScratch ? [parentScratch.snapshot()] : [])];
    const parentContext = parent ? { node: parent, scratch: parentScratch! } : undefined;
    // One page per render: its shortcodes share the environment and its function table.
    if (!this.env || this.env.page.path !== page.path || this.env.page.scratch !== scratch) this.env = { page: { ...page, scratch }, site: this.site, host: this.host, resources: this.resources, depth: 0 };
    const env = this.env;
    for (let loads = 0; ; loads++) {
      try {
        // A NAME.md template is a text/template to Hugo: nothing it prints is escaped.
        return executeTemplate(nodes, shortcodeContext(node, inner, ordinal, env, own, parentContext), templateFunctions(env), { text: !/\.html?$/i.test(file) });
      } catch (e) {
        if (!(e instanceof NeedResource) || loads >= MAX_LOADS) throw e;
        restores.forEach((restore) => restore());
        await e.load();
      }
    }
  }
}

/** What the template functions of one run read: the page, the site, the host's answers loaded so far. */
interface TemplateEnv {
  page: PageContext;
  site: SiteModel;
  host: RenderHost;
  resources: TemplateResources;
  /** Partials inside partials: a limit, for one that includes itself. */
  depth: number;
  /** The function table of this run, built once (partials share it). */
  functions?: Record<string, TemplateFunction>;
}

function siteObject(env: TemplateEnv): Record<string, unknown> {
  const { site, host, resources, page } = env;
  const siteParams = (site.config['params'] as Record<string, unknown>) ?? {};
  return {
    Params: siteParams,
    Title: site.title,
    BaseURL: site.baseURL,
    Language: { Lang: site.defaultContentLanguage },
    LanguageCode: site.config['languagecode'],
    get Data() {
      return resources.siteData();
    },
    Param: (key: unknown) => nestedValue(siteParams, str(key)),
    // `site.GetPage "page" "docs/x"`: the old form names the kind first.
    GetPage: (...refs: unknown[]) => pageObject(host.getPage?.(page.path, str(refs[refs.length - 1])), env),
    get RegularPages() {
      return (host.sitePages?.() ?? []).map((p) => pageObject(p, env));
    },
    get Pages() {
      return (host.sitePages?.() ?? []).map((p) => pageObject(p, env));
    },
    Config: { Services: site.config['services'] ?? {} },
  };
}

/** A dotted key in nested maps, keys compared as Hugo does (case-insensitively). */
function nestedValue(data: unknown, dotted: string): unknown {
  let at = data;
  for (const k of dotted.split('.').filter(Boolean)) {
    if (!at || typeof at !== 'object') return undefined;
    const obj = at as Record<string, unknown>;
    const found = k in obj ? k : Object.keys(obj).find((x) => x.toLowerCase() === k.toLowerCase());
    at = found === undefined ? undefined : obj[found];
  }
  return at;
}

/** .File of a page: Hugo's names for the parts of its path relative to the content folder. */
function fileObject(path: string, contentDirs: string[]): Record<string, unknown> {
  const dir = contentDirs.find((d) => path.startsWith(d + '/'));
  const rel = dir ? path.slice(dir.length + 1) : path;
  const slash = rel.lastIndexOf('/');
  const name = rel.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name;
  const folder = slash >= 0 ? rel.slice(0, slash + 1) : '';
  return {
    Path: rel,
    Filename: path,
    Dir: folder,
    LogicalName: name,
    BaseFileName: base,
    Ext: dot > 0 ? name.slice(dot + 1) : '',
    ContentBaseName: /^_?index$/.test(base) && folder ? folder.replace(/\/$/, '').split('/').pop() : base,
  };
}

/** A page of the site as a template sees it (undefined stays nil, for `with`). */
function pageObject(p: TemplatePage | undefined, env: TemplateEnv): Record<string, unknown> | undefined {
  if (!p) return undefined;
  return {
    Title: p.title,
    Params: p.params,
    Date: p.date,
    RelPermalink: p.permalink,
    Permalink: absoluteUrl(env.site, p.permalink),
    Section: p.section,
    Kind: p.kind,
    IsPage: p.kind === 'page',
    IsSection: p.kind === 'section',
    Lang: p.lang ?? env.site.defaultContentLanguage,
    File: fileObject(p.path, env.site.contentDirs),
    Param: (key: unknown) => nestedValue(p.params, str(key)) ?? nestedValue(env.site.config['params'], str(key)),
    get Resources() {
      return resourcesOf(p.path, env);
    },
    Translations: [],
  };
}

const IMAGE_FILE = /\.(png|jpe?g|gif|webp|svg|bmp|tiff?|avif)$/i;

/** Hugo's resource types: content files are pages; others by media type. */
function resourceType(name: string): string {
  if (/\.(md|markdown|html?|org|adoc|rst|pandoc)$/i.test(name)) return 'page';
  if (IMAGE_FILE.test(name)) return 'image';
  if (/\.(mp4|webm|ogv|mov)$/i.test(name)) return 'video';
  if (/\.(mp3|ogg|wav|m4a)$/i.test(name)) return 'audio';
  return /\.(json|ya?ml|toml|xml|csv)$/i.test(name) ? 'application' : 'text';
}

/** Hugo's resource glob: `*` within a folder, `**` across, case-insensitive. */
function globMatcher(pattern: string): RegExp {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*');
  return new RegExp(`^${re}$`, 'i');
}

/** A page's `.Resources`: a list that also answers ByType, Match, GetMatch, Get (as Hugo's Resources do). */
function resourcesOf(pagePath: string, env: TemplateEnv): unknown[] {
  let list = env.resources.resourceLists.get(pagePath);
  if (!list) env.resources.resourceLists.set(pagePath, (list = resourceList(env.resources.bundle(pagePath).map((f) => resourceObject(f, env)))));
  return list;
}

function resourceList(list: Array<Record<string, unknown>>): unknown[] {
  return Object.assign([...list], {
    ByType: (type: unknown) => resourceList(list.filter((r) => r['ResourceType'] === str(type))),
    Match: (pattern: unknown) => resourceList(list.filter((r) => globMatcher(str(pattern)).test(str(r['Name'])))),
    GetMatch: (pattern: unknown) => list.find((r) => globMatcher(str(pattern)).test(str(r['Name']))),
    Get: (name: unknown) => list.find((r) => str(r['Name']).toLowerCase() === str(name).toLowerCase()),
  });
}

function resourceObject(file: BundleFile, env: TemplateEnv): Record<string, unknown> {
  const page = file.page ? pageObject(file.page, env) : undefined;
  // Over the page's fields (its own .Resources is read only when asked for).
  return Object.assign(Object.create(page ?? null) as Record<string, unknown>, {
    Name: file.name,
    Title: file.page?.title ?? file.name,
    Params: file.page?.params ?? {},
    ResourceType: resourceType(file.name),
  });
}

function absoluteUrl(site: SiteModel, relative: string): string {
  if (/^[a-z]+:/i.test(relative)) return relative;
  return (site.baseURL ?? '/').replace(/\/?$/, '/') + relative.replace(/^\//, '');
}

function shortcodeContext(
  node: ShortcodeNode,
  inner: string | undefined,
  ordinal: number,
  env: TemplateEnv,
  scratch = new Scratch(),
  parent?: { node: ShortcodeNode; scratch: Scratch },
): Record<string, unknown> {
  const { page, site, host } = env;
  const p = node.params;
  const params = p.isNamed ? { ...p.named } : [...p.positional];
  const siteObj = siteObject(env);
  const self = host.sitePage?.(page.path);
  const pageLang = (page.page['lang'] as string | undefined) ?? self?.lang ?? site.defaultContentLanguage;
  return {
    Name: node.name,
    Ordinal: ordinal,
    IsNamedParams: p.isNamed,
    Params: params,
    Inner: new SafeHtml(inner ?? ''),
    InnerDeindent: new SafeHtml(inner ?? ''),
    Get: (key: unknown) => (typeof key === 'number' ? (p.isNamed ? undefined : p.positional[key]) : p.named[String(key)]),
    Page: {
      Params: page.page,
      Title: page.page['title'] ?? page.page['Title'],
      Date: page.page['date'],
      File: fileObject(page.path, site.contentDirs),
      RelPermalink: self?.permalink,
      Permalink: self ? absoluteUrl(site, self.permalink) : undefined,
      Section: self?.section,
      Kind: self?.kind ?? 'page',
      Lang: pageLang,
      Language: { Lang: pageLang },
      Path: self ? '/' + (fileObject(page.path, site.contentDirs)['Path'] as string).replace(/\.[^./]+$/, '').replace(/\/(_?index)$/, '') : undefined,
      IsPage: (self?.kind ?? 'page') === 'page',
      Site: siteObj,
      Scratch: page.scratch ?? new Scratch(),
      Param: (key: unknown) => nestedValue(page.page, str(key)) ?? nestedValue(site.config['params'], str(key)),
      GetPage: (...refs: unknown[]) => pageObject(host.getPage?.(page.path, str(refs[refs.length - 1])), env),
      get Resources() {
        return resourcesOf(page.path, env);
      },
      Translations: [],
      RenderString: (...args: unknown[]) => new SafeHtml(page.markdownify(String(args[args.length - 1] ?? ''), false)),
    },
    Site: siteObj,
    Scratch: scratch,
    // What the parent's template sees of itself, less its inner content (rendered after this one).
    Parent: parent ? { ...shortcodeContext(parent.node, undefined, 0, env, parent.scratch), Inner: undefined, Parent: undefined } : undefined,
  };
}

const str = (v: unknown) => (v instanceof SafeHtml ? v.html : v === undefined || v === null ? '' : String(v));

function templateFunctions(env: TemplateEnv): Record<string, TemplateFunction> {
  if (env.functions) return env.functions;
  const { page, site } = env;
  const base = (site.baseURL ?? '/').replace(/\/?$/, '/');
  const eq = (a: unknown, ...bs: unknown[]) => bs.some((b) => str(a) === str(b) && typeof a === typeof b) || bs.some((b) => a === b);
  const fns: Record<string, TemplateFunction> = {
    markdownify: (s) => new SafeHtml(page.markdownify(str(s), false)),
    safeHTML: (s) => new SafeHtml(str(s)),
    safeHTMLAttr: (s) => new SafeHtml(str(s), 'attr'),
    safeURL: (s) => new SafeHtml(str(s), 'url'),
    safeCSS: (s) => new SafeHtml(str(s), 'css'),
    safeJS: (s) => new SafeHtml(str(s), 'js'),
    htmlEscape: (s) => escapeHtml(str(s)),
    htmlUnescape: (s) => new SafeHtml(unescapeHtml(str(s))),
    plainify: (s) => str(s).replace(/<[^>]*>/g, ''),
    default: (fallback, value) => (truthy(value) ? value : fallback),
    print: (...a) => a.map(str).join(''),
    println: (...a) => a.map(str).join(' ') + '\n',
    printf: (format, ...a) => {
      let i = 0;
      return str(format).replace(/%[-+# 0]*\d*(?:\.\d+)?([svdqfT%])/g, (_m, verb: string) => (verb === '%' ? '%' : verb === 'q' ? JSON.stringify(str(a[i++])) : str(a[i++])));
    },
    lower: (s) => str(s).toLowerCase(),
    upper: (s) => str(s).toUpperCase(),
    title: (s) => str(s).replace(/\b\w/g, (c) => c.toUpperCase()),
    trim: (s, cut) => {
      const chars = str(cut).replace(/[\]\\^-]/g, '\\$&');
      return chars ? str(s).replace(new RegExp(`^[${chars}]+|[${chars}]+$`, 'g'), '') : str(s);
    },
    chomp: (s) => str(s).replace(/\r?\n$/, ''),
    replace: (s, from, to) => str(s).split(str(from)).join(str(to)),
    replaceRE: (re, to, s, limit) => {
      let left = limit === undefined ? -1 : toInt(limit);
      const replacement = str(to).replace(/\$\{?(\d+)\}?/g, '$$$1');
      if (left < 0) return str(s).replace(goRegExp(str(re)), replacement);
      return str(s).replace(goRegExp(str(re)), (...m) => (left-- <= 0 ? m[0] : m[0].replace(goRegExp(str(re), false), replacement)));
    },
    split: (s, sep) => str(s).split(str(sep)),
    delimit: (list, sep) => (Array.isArray(list) ? list.map(str).join(str(sep)) : ''),
    len: (v) => (Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : str(v).length),
    index: (v, ...keys) => keys.reduce((acc: unknown, k) => (Array.isArray(acc) ? acc[Number(k)] : acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[str(k)] : undefined), v),
    first: (n, list) => (Array.isArray(list) ? list.slice(0, Number(n)) : list),
    last: (n, list) => (Array.isArray(list) ? list.slice(-Number(n)) : list),
    after: (n, list) => (Array.isArray(list) ? list.slice(Number(n)) : list),
    slice: (...a) => a,
    dict: (...a) => {
      const out: Record<string, unknown> = {};
      for (let i = 0; i + 1 < a.length; i += 2) out[str(a[i])] = a[i + 1];
      return out;
    },
    add: (a, b) => arithmetic('+', a, b),
    sub: (a, b) => arithmetic('-', a, b),
    mul: (a, b) => arithmetic('*', a, b),
    div: (a, b) => arithmetic('/', a, b),
    mod: (a, b) => {
      const d = toInt(b);
      if (d === 0) throw new UnsupportedTemplate('division by zero');
      return toInt(a) % d;
    },
    modBool: (a, b) => fns.mod(a, b) === 0,
    'math.Add': (a, b) => arithmetic('+', a, b),
    'math.Sub': (a, b) => arithmetic('-', a, b),
    'math.Mul': (a, b) => arithmetic('*', a, b),
    'math.Div': (a, b) => arithmetic('/', a, b),
    'math.Mod': (a, b) => fns.mod(a, b),
    newScratch: () => new Scratch(),
    site: () => siteObject(env),
    anchorize: (s) => sanitizeHeadingId(str(s), page.headingIdType ?? 'github'),
    eq,
    ne: (a, b) => !eq(a, b),
    lt: (a, b) => (a as number) < (b as number),
    le: (a, b) => (a as number) <= (b as number),
    gt: (a, b) => (a as number) > (b as number),
    ge: (a, b) => (a as number) >= (b as number),
    // and/or are the interpreter's own: they stop at the operand that decides.
    not: (a) => !truthy(a),
    cond: (c, a, b) => (truthy(c) ? a : b),
    isset: (v, k) => (Array.isArray(v) ? Number(k) < v.length : !!v && typeof v === 'object' && str(k) in (v as object)),
    in: (list, v) => (Array.isArray(list) ? list.some((x) => str(x) === str(v)) : str(list).includes(str(v))),
    hasPrefix: (s, p) => str(s).startsWith(str(p)),
    hasSuffix: (s, p) => str(s).endsWith(str(p)),
    int: (v) => parseInt(str(v), 10) || 0,
    string: (v) => str(v),
    urlize: (s) => str(s).trim().toLowerCase().replace(/\s+/g, '-'),
    relURL: (s) => (/^[a-z]+:|^\//i.test(str(s)) ? str(s) : '/' + str(s)),
    absURL: (s) => (/^[a-z]+:/i.test(str(s)) ? str(s) : base + str(s).replace(/^\//, '')),
    emojify: (s) => str(s),
    humanize: (s) => str(s).replace(/[-_]/g, ' ').replace(/^\w/, (c) => c.toUpperCase()),
    jsonify: (v) => JSON.stringify(v),
    'strings.HasPrefix': (s, p) => str(s).startsWith(str(p)),
    'strings.HasSuffix': (s, p) => str(s).endsWith(str(p)),
    'strings.Contains': (s, p) => str(s).includes(str(p)),
    'strings.TrimSpace': (s) => str(s).trim(),
    'strings.ToLower': (s) => str(s).toLowerCase(),
    'strings.ToUpper': (s) => str(s).toUpperCase(),
    'strings.Replace': (s, from, to) => str(s).split(str(from)).join(str(to)),
    'strings.Split': (s, sep) => str(s).split(str(sep)),
    'strings.Trim': (s, cut) => fns.trim(s, cut),
    'strings.TrimPrefix': (p, s) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
    'strings.TrimSuffix': (p, s) => (str(s).endsWith(str(p)) ? str(s).slice(0, -str(p).length) : str(s)),
    'strings.Title': (s) => fns.title(s),
    'strings.TrimLeft': (cut, s) => str(s).replace(new RegExp(`^[${str(cut).replace(/[\]\\^-]/g, '\\$&')}]+`), ''),
    'strings.TrimRight': (cut, s) => str(s).replace(new RegExp(`[${str(cut).replace(/[\]\\^-]/g, '\\$&')}]+$`), ''),
    'strings.Repeat': (n, s) => str(s).repeat(toInt(n)),
    'strings.Count': (sub, s) => (str(sub) ? str(s).split(str(sub)).length - 1 : [...str(s)].length + 1),
    'strings.ContainsAny': (s, chars) => [...str(chars)].some((c) => str(s).includes(c)),
    'strings.FirstUpper': (s) => str(s).replace(/^./u, (c) => c.toUpperCase()),
    'strings.RuneCount': (s) => [...str(s)].length,
    // The site's own templates, partials and the site's files, through the host.
    partial: (name, context) => runPartial(env, str(name), context),
    partialCached: (name, context) => runPartial(env, str(name), context),
    // Hugo logs these and goes on (errorf fails the build at its end); the page shows what it rendered.
    errorf: () => '',
    warnf: () => '',
    erroridf: () => '',
    warnidf: () => '',
    T: (id, _context) => env.resources.translation(pageLanguage(env), str(id)) ?? '',
    'os.ReadFile': (path) => {
      const text = env.resources.file(str(path));
      if (text === undefined) throw new UnsupportedTemplate(`file not found: ${str(path)}`);
      return text;
    },
    'os.FileExists': (path) => env.resources.file(str(path)) !== undefined,
    'os.Getenv': () => '',
    'hugo.IsProduction': () => true,
    'hugo.Environment': () => 'production',
    'hugo.Data': () => env.resources.siteData(),
    // Assets are processed by Hugo Pipes, which the preview does not run; a missing one is nil in Hugo too.
    'resources.Get': (path) => {
      if (env.resources.file('assets/' + str(path).replace(/^\//, '')) !== undefined) throw new UnsupportedTemplate('resources.Get of an existing asset');
      return undefined;
    },
    sort: (list, key, order) => sortList(list, key === undefined ? undefined : str(key), str(order ?? 'asc')),
    append: (...a) => {
      const list = a[a.length - 1];
      const items = a.slice(0, -1);
      const base = Array.isArray(list) ? list : list === undefined || list === null ? [] : [list];
      // `append $list2 $list1`: one list appended to another adds its items.
      return items.length === 1 && Array.isArray(items[0]) && (base.length === 0 || Array.isArray(items[0])) ? [...base, ...(items[0] as unknown[])] : [...base, ...items];
    },
    where: (list, key, opOrValue, value) => whereList(list, str(key), value === undefined ? '=' : str(opOrValue), value === undefined ? opOrValue : value),
    merge: (...maps) => maps.reduce((acc: unknown, m) => deepMerge(acc, m), {}),
    uniq: (list) => (Array.isArray(list) ? list.filter((x, i) => list.findIndex((y) => str(y) === str(x) && typeof y === typeof x) === i) : list),
    reverse: (list) => (Array.isArray(list) ? [...list].reverse() : list),
    seq: (...a) => {
      const [from, to] = a.length === 1 ? [1, toInt(a[0])] : [toInt(a[0]), toInt(a[a.length - 1])];
      const step = a.length === 3 ? toInt(a[1]) : from <= to ? 1 : -1;
      const out: number[] = [];
      for (let i = from; step > 0 ? i <= to : i >= to; i += step) if (out.push(i) > 10000) break;
      return out;
    },
    findRE: (re, s, limit) => {
      const all = [...str(s).matchAll(goRegExp(str(re)))].map((m) => m[0]);
      return limit === undefined || toInt(limit) < 0 ? all : all.slice(0, toInt(limit));
    },
    findRESubmatch: (re, s, limit) => {
      const all = [...str(s).matchAll(goRegExp(str(re)))].map((m) => [...m].map((x) => x ?? ''));
      return limit === undefined || toInt(limit) < 0 ? all : all.slice(0, toInt(limit));
    },
    dateFormat: (layout, date) => formatGoDate(str(layout), date),
    // transform.Highlight: the same highlighter as the highlight shortcode, with the site's settings under the options.
    highlight: (code, lang, options) => {
      const overrides = options && typeof options === 'object' ? Object.fromEntries(Object.entries(options).map(([k, v]) => [k.toLowerCase(), str(v)])) : parseHighlightOptions(str(options));
      return new SafeHtml(renderHighlightedBlock(str(code), str(lang), highlightOptionsFrom(site.markup.highlight ?? {}, overrides)));
    },
    'path.Base': (p) => str(p).replace(/\/+$/, '').split('/').pop() || (str(p).startsWith('/') ? '/' : '.'),
    'path.Dir': (p) => {
      const s = str(p);
      const i = s.lastIndexOf('/');
      return i < 0 ? '.' : i === 0 ? '/' : s.slice(0, i);
    },
    'path.Ext': (p) => /(\.[^./]*)$/.exec(str(p))?.[1] ?? '',
    'path.Join': (...parts) => parts.flat().map(str).filter(Boolean).join('/').replace(/\/+/g, '/').replace(/(.)\/$/, '$1'),
    'urls.Parse': (u) => {
      const s = str(u);
      const m = /^(?:([a-z][\w+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/i.exec(s)!;
      return { Scheme: m[1] ?? '', Host: m[2] ?? '', Path: m[3] ?? '', RawQuery: m[4] ?? '', Fragment: m[5] ?? '', String: () => s };
    },
    'transform.Unmarshal': (...a) => {
      const text = str(a[a.length - 1]);
      const t = text.trimStart();
      try {
        return parseDataText(t.startsWith('{') || t.startsWith('[') ? 'x.json' : /^\s*(\[[\w."-]+\]|[\w"-]+\s*=)/m.test(t) && !/^\s*[\w"-]+\s*:/m.test(t) ? 'x.toml' : 'x.yaml', text);
      } catch (e) {
        throw new UnsupportedTemplate(`unmarshal: ${(e as Error).message}`);
      }
    },
  };
  // Hugo's namespaced names of the same functions.
  const aliases: Record<string, string> = {
    'collections.Where': 'where', 'collections.Sort': 'sort', 'collections.Append': 'append', 'collections.Merge': 'merge', 'collections.Uniq': 'uniq',
    'collections.Reverse': 'reverse', 'collections.Seq': 'seq', 'collections.Index': 'index', 'collections.First': 'first', 'collections.Last': 'last',
    'collections.After': 'after', 'collections.Dictionary': 'dict', 'collections.Slice': 'slice', 'collections.Delimit': 'delimit', 'collections.In': 'in',
    'collections.IsSet': 'isset', 'strings.FindRE': 'findRE', 'strings.FindRESubmatch': 'findRESubmatch', 'strings.ReplaceRE': 'replaceRE',
    'strings.Chomp': 'chomp', 'strings.Truncate': 'truncate', 'i18n': 'T', 'lang.Translate': 'T', 'readFile': 'os.ReadFile', 'fileExists': 'os.FileExists',
    'getenv': 'os.Getenv', relLangURL: 'relURL', absLangURL: 'absURL', 'urls.RelLangURL': 'relURL', 'urls.AbsLangURL': 'absURL', 'time.Format': 'dateFormat', 'urls.RelURL': 'relURL', 'urls.AbsURL': 'absURL', 'urls.Anchorize': 'anchorize', 'urls.URLize': 'urlize',
    'transform.Markdownify': 'markdownify', 'transform.Plainify': 'plainify', 'transform.HTMLEscape': 'htmlEscape', 'transform.HTMLUnescape': 'htmlUnescape',
    'transform.Emojify': 'emojify', 'safe.HTML': 'safeHTML', 'safe.HTMLAttr': 'safeHTMLAttr', 'safe.URL': 'safeURL', 'safe.CSS': 'safeCSS', 'safe.JS': 'safeJS',
    'fmt.Printf': 'printf', 'fmt.Print': 'print', 'fmt.Println': 'println', 'fmt.Errorf': 'errorf', 'fmt.Warnf': 'warnf', 'cast.ToString': 'string', 'cast.ToInt': 'int',
    'strings.Humanize': 'humanize', 'inflect.Humanize': 'humanize', 'math.ModBool': 'modBool', 'compare.Default': 'default', 'compare.Conditional': 'cond',
    'encoding.Jsonify': 'jsonify', 'transform.Highlight': 'highlight', 'unmarshal': 'transform.Unmarshal', 'os.Stat': 'os.FileExists',
  };
  for (const [alias, name] of Object.entries(aliases)) if (fns[name] && !fns[alias]) fns[alias] = fns[name];
  env.functions = fns;
  return env.functions;
}

/** The names of the template functions the runner has (for the fidelity report's count of what templates use). */
export function templateFunctionNames(site: SiteModel): string[] {
  const env = { page: { page: {}, markdownify: (s: string) => s, path: '' }, site, host: {} as RenderHost, resources: {} as TemplateResources, depth: 0 };
  return Object.keys(templateFunctions(env));
}

/** The site and page fields templates can read (`site.Data`, `.Page.RelPermalink`), for the same report. */
export function templateFieldNames(site: SiteModel): string[] {
  const env = { page: { page: {}, markdownify: (s: string) => s, path: '' }, site, host: {} as RenderHost, resources: {} as TemplateResources, depth: 0 };
  const siteFields = Object.getOwnPropertyNames(siteObject(env));
  const node = { name: '', params: { positional: [], named: {}, isNamed: false }, markdown: false, start: 0, end: 0, children: [] } as ShortcodeNode;
  const pageFields = Object.keys(shortcodeContext(node, undefined, 0, env)['Page'] as object);
  return [...siteFields.flatMap((f) => [`site.${f}`, `.Site.${f}`]), ...pageFields.map((f) => `.Page.${f}`)];
}

/** Runs a partial of the site or a theme with `context` as its dot; a partial's `return` gives its value. */
function runPartial(env: TemplateEnv, name: string, context: unknown): unknown {
  const nodes = env.resources.partial(name);
  if (env.depth > 40) throw new UnsupportedTemplate('partials nested too deep');
  env.depth++;
  try {
    const run = executePartial(nodes, context, templateFunctions(env));
    return run.returned ? run.returned.value : new SafeHtml(run.output);
  } finally {
    env.depth--;
  }
}

function pageLanguage(env: TemplateEnv): string {
  return (env.page.page['lang'] as string | undefined) ?? env.host.sitePage?.(env.page.path)?.lang ?? env.site.defaultContentLanguage ?? 'en';
}

/** A value's field by a dotted key (`Params.weight`, `.Title`), as `where` and `sort` read it. */
function fieldOf(v: unknown, key: string): unknown {
  let at = v;
  for (const k of key.replace(/^\./, '').split('.').filter(Boolean)) {
    if (!at || typeof at !== 'object') return undefined;
    const obj = at as Record<string, unknown>;
    const found = k in obj ? k : Object.keys(obj).find((x) => x.toLowerCase() === k.toLowerCase());
    at = found === undefined ? undefined : obj[found];
    if (typeof at === 'function') at = (at as TemplateFunction)();
  }
  return at;
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  return str(a) < str(b) ? -1 : str(a) > str(b) ? 1 : 0;
}

/** collections.Sort: a list (a map's values, by key) by value or by a field, "asc" or "desc"; stable. */
function sortList(list: unknown, key: string | undefined, order: string): unknown[] {
  const items = Array.isArray(list)
    ? [...list]
    : list && typeof list === 'object'
      ? Object.entries(list as Record<string, unknown>)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([, v]) => v)
      : [];
  const by = key && key !== 'value' ? (v: unknown) => fieldOf(v, key) : (v: unknown) => v;
  const sign = order.toLowerCase() === 'desc' ? -1 : 1;
  return items.map((v, i) => ({ v, i })).sort((x, y) => sign * compareValues(by(x.v), by(y.v)) || x.i - y.i).map((x) => x.v);
}

/** collections.Where: the items whose field compares to the value with the operator. */
function whereList(list: unknown, key: string, op: string, value: unknown): unknown[] {
  const items = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.values(list as Record<string, unknown>) : [];
  const same = (a: unknown, b: unknown) => a === b || (a !== undefined && a !== null && b !== undefined && b !== null && typeof a !== 'object' && str(a) === str(b));
  const test = (field: unknown): boolean => {
    switch (op.toLowerCase()) {
      case '=':
      case '==':
      case 'eq':
        return same(field, value);
      case '!=':
      case '<>':
      case 'ne':
        return !same(field, value);
      case '>':
      case 'gt':
        return field !== undefined && compareValues(field, value) > 0;
      case '>=':
      case 'ge':
        return field !== undefined && compareValues(field, value) >= 0;
      case '<':
      case 'lt':
        return field !== undefined && compareValues(field, value) < 0;
      case '<=':
      case 'le':
        return field !== undefined && compareValues(field, value) <= 0;
      case 'in':
        return Array.isArray(value) ? value.some((v) => same(field, v)) : str(value).includes(str(field));
      case 'not in':
        return !(Array.isArray(value) ? value.some((v) => same(field, v)) : str(value).includes(str(field)));
      case 'intersect':
        return Array.isArray(field) && Array.isArray(value) && field.some((f) => value.some((v) => same(f, v)));
      case 'like':
        return goRegExp(str(value), false).test(str(field));
      default:
        throw new UnsupportedTemplate(`where: unknown operator ${op}`);
    }
  };
  return items.filter((item) => test(fieldOf(item, key)));
}

/** collections.Merge: maps merged left to right, the later winning, nested maps merged too. */
function deepMerge(into: unknown, from: unknown): unknown {
  if (!from || typeof from !== 'object' || Array.isArray(from)) throw new UnsupportedTemplate('merge of a value that is not a map');
  const out: Record<string, unknown> = { ...(into as Record<string, unknown>) };
  for (const [k, v] of Object.entries(from as Record<string, unknown>)) {
    const existingKey = Object.keys(out).find((x) => x.toLowerCase() === k.toLowerCase()) ?? k;
    const existing = out[existingKey];
    if (existingKey !== k) delete out[existingKey];
    out[k] = existing && typeof existing === 'object' && !Array.isArray(existing) && v && typeof v === 'object' && !Array.isArray(v) ? deepMerge(existing, v) : v;
  }
  return out;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Go's time.Format with its reference layout (Mon Jan 2 15:04:05 MST 2006), over a date in UTC or as written. */
function formatGoDate(layout: string, date: unknown): string {
  const text = date instanceof Date ? date.toISOString() : str(date);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (!m) throw new UnsupportedTemplate(`not a date: ${text}`);
  const [y, mo, d, h = '00', mi = '00', se = '00'] = m.slice(1);
  const month = Number(mo);
  const day = Number(d);
  const weekday = new Date(Date.UTC(Number(y), month - 1, day)).getUTCDay();
  const hour = Number(h);
  const parts: Record<string, string> = {
    January: MONTHS[month - 1], Jan: MONTHS[month - 1].slice(0, 3), Monday: DAYS[weekday], Mon: DAYS[weekday].slice(0, 3),
    '2006': y, '06': y.slice(2), '01': mo, '02': d, '_2': String(day).padStart(2, ' '), '15': h, '03': String(hour % 12 || 12).padStart(2, '0'),
    '04': mi, '05': se, PM: hour < 12 ? 'AM' : 'PM', pm: hour < 12 ? 'am' : 'pm', '1': String(month), '2': String(day), '3': String(hour % 12 || 12),
  };
  return layout.replace(/January|Jan|Monday|Mon|2006|06|01|02|_2|15|03|04|05|PM|pm|1|2|3/g, (t) => parts[t]);
}

export { UnsupportedTemplate };
