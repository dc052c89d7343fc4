/**
 * The site's own shortcode templates (layouts/shortcodes/NAME.html, the theme's after the site's),
 * run with the small Go template interpreter. Too-complex templates throw and become placeholder boxes.
 */
import type { SiteModel } from '../site/siteModel';
import { escapeHtml, unescapeHtml } from './html';
import { executeTemplate, parseTemplate, SafeHtml, TemplateFunction, truthy, UnsupportedTemplate } from './goTemplate';
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

/** cast.ToInt64E: a number (truncated) or a string of digits. */
function toInt(v: unknown): number {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
  throw new UnsupportedTemplate(`not an integer: ${str(v)}`);
}

const parsed = new Map<string, { source: string; nodes: ReturnType<typeof parseTemplate> | Error }>();

export class SiteTemplates {
  constructor(
    private readonly readTemplate: (path: string) => Promise<string | undefined>,
    private readonly site: SiteModel,
    private readonly templates: ShortcodeTemplates,
  ) {}

  /** Path of the template Hugo would use for `name`, if the site or a theme has one. */
  find(name: string): string | undefined {
    const t = this.templates.get(name);
    return t && t.origin !== 'builtin' ? t.path : undefined;
  }

  async run(node: ShortcodeNode, inner: string | undefined, ordinal: number, page: PageContext): Promise<string | undefined> {
    const file = this.find(node.name);
    if (!file) return undefined;
    const source = (await this.readTemplate(file)) ?? '';
    let entry = parsed.get(file);
    if (!entry || entry.source !== source) {
      let nodes: ReturnType<typeof parseTemplate> | Error;
      try {
        nodes = parseTemplate(source);
      } catch (e) {
        nodes = e as Error;
      }
      entry = { source, nodes };
      parsed.set(file, entry);
    }
    if (entry.nodes instanceof Error) throw entry.nodes;
    const context = shortcodeContext(node, inner, ordinal, page, this.site);
    return executeTemplate(entry.nodes, context, templateFunctions(page, this.site), escapeHtml);
  }
}

function siteObject(site: SiteModel): Record<string, unknown> {
  const siteParams = (site.config['params'] as Record<string, unknown>) ?? {};
  return { Params: siteParams, Title: site.title, BaseURL: site.baseURL, Language: { Lang: site.defaultContentLanguage } };
}

function shortcodeContext(node: ShortcodeNode, inner: string | undefined, ordinal: number, page: PageContext, site: SiteModel): Record<string, unknown> {
  const p = node.params;
  const params = p.isNamed ? { ...p.named } : [...p.positional];
  const siteObj = siteObject(site);
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
      File: { Path: page.path },
      Site: siteObj,
      Scratch: page.scratch ?? new Scratch(),
      RenderString: (...args: unknown[]) => new SafeHtml(page.markdownify(String(args[args.length - 1] ?? ''), false)),
    },
    Site: siteObj,
    Scratch: new Scratch(),
    Parent: undefined,
  };
}

const str = (v: unknown) => (v instanceof SafeHtml ? v.html : v === undefined || v === null ? '' : String(v));

function templateFunctions(page: PageContext, site: SiteModel): Record<string, TemplateFunction> {
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
    replaceRE: (re, to, s) => str(s).replace(new RegExp(str(re), 'g'), str(to).replace(/\$\{?(\d+)\}?/g, '$$$1')),
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
    site: () => siteObject(site),
    anchorize: (s) => sanitizeHeadingId(str(s), page.headingIdType ?? 'github'),
    eq,
    ne: (a, b) => !eq(a, b),
    lt: (a, b) => (a as number) < (b as number),
    le: (a, b) => (a as number) <= (b as number),
    gt: (a, b) => (a as number) > (b as number),
    ge: (a, b) => (a as number) >= (b as number),
    and: (...a) => a.find((x) => !truthy(x)) ?? a[a.length - 1],
    or: (...a) => a.find((x) => truthy(x)) ?? a[a.length - 1],
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
  };
  return new Proxy(fns, {
    get(target, key: string) {
      if (key in target) return target[key];
      return undefined;
    },
  }) as Record<string, TemplateFunction>;
}

export { UnsupportedTemplate };
