/**
 * Shortcode expansion, done as Hugo does it: before Markdown. `{{% %}}` output is put into the
 * Markdown text; `{{< >}}` output is kept aside behind a placeholder and put into the HTML afterwards
 * (a placeholder alone in a paragraph replaces the whole `<p>`, as Hugo does). Shortcodes are expanded
 * inside code blocks too, as Hugo does; an escaped tag (comment markers inside the braces) is printed as written.
 */
import { escapeHtml } from './html';
import { renderEmbed } from './embeds';
import { highlightOptionsFrom, parseHighlightOptions, renderHighlightedBlock } from './highlight';
import type { ShortcodeParams } from './shortcodeParams';
import { pairShortcodes, parseShortcodes, type ShortcodeComment, type ShortcodeNode as ParsedNode, type ShortcodeParam } from '../parse/shortcodes';

export type { ShortcodeParams } from './shortcodeParams';

/** A shortcode call as the renderer runs it: read by the shared parser (parse/shortcodes.ts), paired as Hugo pairs it. */
export interface ShortcodeNode {
  name: string;
  params: ShortcodeParams;
  /** `{{% %}}`: the output (and the inner content) is Markdown. */
  markdown: boolean;
  /** Offsets of the whole construct, opening tag to closing tag, in the scanned text. */
  start: number;
  end: number;
  /** Inner text span (only for paired tags). */
  inner?: { start: number; end: number };
  children: ShortcodeNode[];
  /** The escape form (comment markers inside the braces) is printed as written without the markers: `{{< x >}}`. */
  escapedText?: string;
}

/** What the renderer needs to know of the site's templates: whether a name takes inner content. */
export interface ShortcodeRegistry {
  needsInner(name: string): boolean | undefined;
}

export function toParams(params: ShortcodeParam[]): ShortcodeParams {
  const out: ShortcodeParams = { positional: [], named: {}, isNamed: params.length > 0 && params[0].name !== undefined };
  for (const p of params) {
    if (p.name !== undefined) out.named[p.name] = p.value;
    else out.positional.push(p.value);
  }
  return out;
}

/**
 * The shortcodes of `text` as a tree, with the shared parser and Hugo's pairing (which asks each
 * template whether it reads `.Inner`). Where Hugo would stop with an error, the preview is forgiving:
 * a template seen not to read `.Inner` (it may in a partial) still pairs when a close tag follows; tags
 * the lexer could not finish are left as text; an open tag never closed stands alone (what it swallowed
 * goes back to its parent's level).
 */
export function shortcodeTree(text: string, registry: ShortcodeRegistry): ShortcodeNode[] {
  if (text.indexOf('{{') < 0) return [];
  const parsed = parseShortcodes(text);
  const tree = pairShortcodes(
    parsed.tags.filter((t) => t.terminated),
    (name) => registry.needsInner(name) || undefined,
  );
  const convert = (n: ParsedNode): ShortcodeNode[] => {
    const children = n.children.flatMap(convert);
    const node: ShortcodeNode = {
      name: n.open.name,
      params: toParams(n.open.params),
      markdown: n.open.markdown,
      start: n.open.span.start,
      end: n.close ? n.close.span.end : n.open.span.end,
      inner: n.close && n.innerSpan ? { ...n.innerSpan } : undefined,
      children: n.close ? children : [],
    };
    return n.close ? [node] : [node, ...children];
  };
  const roots = tree.roots.flatMap(convert);
  for (const c of parsed.comments) insertComment(roots, c, text);
  return roots;
}

function insertComment(nodes: ShortcodeNode[], c: ShortcodeComment, text: string): void {
  const d = c.markdown ? '%' : '<';
  const escaped: ShortcodeNode = {
    name: '',
    params: { positional: [], named: {}, isNamed: false },
    markdown: c.markdown,
    start: c.span.start,
    end: c.span.end,
    children: [],
    escapedText: `{{${d}${text.slice(c.innerSpan.start, c.innerSpan.end)}${d === '<' ? '>' : '%'}}}`,
  };
  let list = nodes;
  for (;;) {
    const parent = list.find((n) => n.inner && n.inner.start <= c.span.start && c.span.end <= n.inner.end);
    if (!parent) break;
    list = parent.children;
  }
  let at = list.length;
  while (at > 0 && list[at - 1].start > c.span.start) at--;
  list.splice(at, 0, escaped);
}

export interface ShortcodeHost {
  /** Markdown → HTML for markdownify and `{{% %}}` inner content of placeholder boxes. */
  markdownify(text: string, block: boolean): string;
  highlightSettings: Record<string, unknown>;
  /** Hugo's ref (absolute) / relref (site-relative) for a content path; undefined when not found. */
  resolveRef(target: string, absolute: boolean): Promise<string | undefined>;
  /** Which names take inner content (Hugo pairs tags by it). */
  registry: ShortcodeRegistry;
  /** True when the site or a theme has its own template for `name`. */
  hasSiteTemplate(name: string): boolean;
  /** The site's own template for a shortcode, run; undefined when there is none; throws when it is too complex. */
  /** `parent`: the shortcode whose inner content holds this one (Hugo's `.Parent`). */
  runSiteTemplate(node: ShortcodeNode, inner: string | undefined, ordinal: number, parent?: ShortcodeNode): Promise<string | undefined>;
  pageParam(name: string): unknown;
  offline: boolean;
}

export interface ShortcodeUse {
  name: string;
  /** builtin, site (its own template was run), placeholder (shown as a box) or missing (no template). */
  how: 'builtin' | 'site' | 'placeholder' | 'missing';
  line: number;
}

export interface ExpandedText {
  text: string;
  /** Placeholder → HTML, put in after Markdown rendering. */
  placeholders: Map<string, string>;
  /** Line in `text` → line in the original text. */
  lineOf: (line: number) => number;
  uses: ShortcodeUse[];
}

const PLACEHOLDER_PREFIX = 'BLOGAUTHORSC';
const BUILTIN = new Set(['highlight', 'figure', 'details', 'ref', 'relref', 'param', 'youtube', 'vimeo', 'x', 'tweet', 'twitter', 'instagram', 'gist', 'qr']);

class LineMap {
  private readonly starts: { out: number; src: number; literal: boolean }[] = [{ out: 0, src: 0, literal: true }];
  add(outLine: number, srcLine: number, literal: boolean): void {
    this.starts.push({ out: outLine, src: srcLine, literal });
  }
  lookup = (line: number): number => {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid].out <= line) lo = mid;
      else hi = mid - 1;
    }
    const s = this.starts[lo];
    return s.literal ? s.src + (line - s.out) : s.src;
  };
}

/** Built-ins whose output depends only on their own text and the highlight settings (no page, no other files). */
const CACHEABLE = new Set(['highlight', 'figure', 'youtube', 'vimeo', 'x', 'tweet', 'twitter', 'instagram', 'gist', 'qr']);
const nodeCache = new Map<string, string>();

/** A 53-bit string hash (cyrb53), base 36. */
export function hashString(str: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

const countLines = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

export async function expandShortcodes(body: string, host: ShortcodeHost): Promise<ExpandedText> {
  const placeholders = new Map<string, string>();
  const uses: ShortcodeUse[] = [];
  const ordinals = new Map<string, number>();
  const map = new LineMap();
  const lineStarts = [0];
  for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const nodes = shortcodeTree(body, host.registry);
  // Placeholder boxes are the preview's own markup: never Markdown, never dropped as raw HTML.
  const boxes = new Set<ShortcodeNode>();
  let out = '';
  let cursor = 0;
  let outLines = 0;

  const settingsKey = `${host.offline}\0${JSON.stringify(host.highlightSettings)}\0`;
  const cacheable = (n: ShortcodeNode): boolean => n.escapedText !== undefined || (CACHEABLE.has(n.name) && !host.hasSiteTemplate(n.name) && n.children.every(cacheable));
  const replayUses = (n: ShortcodeNode) => {
    if (n.escapedText !== undefined) return;
    ordinals.set(n.name, (ordinals.get(n.name) ?? 0) + 1);
    n.children.forEach(replayUses);
    uses.push({ name: n.name, how: 'builtin', line: lineAt(n.start) });
  };
  const parents = new Map<ShortcodeNode, ShortcodeNode>();
  const renderNode = async (node: ShortcodeNode, source: string): Promise<string> => {
    if (node.escapedText !== undefined) return node.escapedText;
    if (!cacheable(node)) return renderNodeUncached(node, source);
    const key = settingsKey + source.slice(node.start, node.end);
    const cached = nodeCache.get(key);
    if (cached !== undefined) {
      replayUses(node);
      return cached;
    }
    const html = await renderNodeUncached(node, source);
    // Output holding headings took ids from the page's id factory: not reusable.
    if (!/<h[1-6][\s>]/.test(html)) {
      if (nodeCache.size > 5000) nodeCache.clear();
      nodeCache.set(key, html);
    }
    return html;
  };
  const renderNodeUncached = async (node: ShortcodeNode, source: string): Promise<string> => {
    const innerRaw = node.inner ? await expandInner(node, source) : undefined;
    const ordinal = ordinals.get(node.name) ?? 0;
    ordinals.set(node.name, ordinal + 1);
    const line = lineAt(node.start);
    // The site's own template wins over a built-in of the same name, as in Hugo; when it is too
    // complex to run, the built-in is the better guess.
    const own = host.hasSiteTemplate(node.name);
    let tooComplex = false;
    if (own) {
      try {
        const html = await host.runSiteTemplate(node, innerRaw, ordinal, parents.get(node));
        if (html !== undefined) {
          uses.push({ name: node.name, how: 'site', line });
          return html;
        }
      } catch {
        tooComplex = true;
      }
    }
    const builtin = BUILTIN.has(node.name) ? await renderBuiltin(node, innerRaw, host) : undefined;
    if (builtin !== undefined) {
      uses.push({ name: node.name, how: 'builtin', line });
      return builtin;
    }
    uses.push({ name: node.name, how: tooComplex ? 'placeholder' : 'missing', line });
    boxes.add(node);
    return placeholderBox(node, innerRaw, host);
  };

  /** Inner text with nested shortcodes already expanded (Hugo renders them first). */
  const expandInner = async (node: ShortcodeNode, source: string): Promise<string> => {
    const { start, end } = node.inner!;
    let text = '';
    let at = start;
    for (const child of node.children) {
      parents.set(child, node);
      text += source.slice(at, child.start) + (await renderNode(child, source));
      at = child.end;
    }
    return text + source.slice(at, end);
  };

  for (const node of nodes) {
    const literal = body.slice(cursor, node.start);
    out += literal;
    outLines += countLines(literal);
    const html = await renderNode(node, body);
    let insert: string;
    if ((node.markdown && !boxes.has(node)) || node.escapedText !== undefined || node.name === 'ref' || node.name === 'relref') {
      insert = html; // Markdown output (and URLs, so that links built from them resolve) go into the text
    } else {
      // Keyed by content, so that adding a shortcode leaves the text of the blocks after it unchanged (block cache).
      let key = `${PLACEHOLDER_PREFIX}${hashString(html)}X`;
      for (let n = 1; placeholders.has(key) && placeholders.get(key) !== html; n++) key = `${PLACEHOLDER_PREFIX}${hashString(html)}z${n}X`;
      placeholders.set(key, html);
      insert = key;
    }
    map.add(outLines, lineAt(node.start), false);
    out += insert;
    outLines += countLines(insert);
    cursor = node.end;
    map.add(outLines, lineAt(cursor), true);
  }
  out += body.slice(cursor);
  return { text: out, placeholders, lineOf: map.lookup, uses };
}

/** Puts `{{< >}}` output into the rendered HTML. */
export function fillPlaceholders(html: string, placeholders: Map<string, string>): string {
  if (!placeholders.size) return html;
  return html.replace(new RegExp(`(<p(?: [^>]*)?>)?(${PLACEHOLDER_PREFIX}[0-9a-z]+X)(</p>)?`, 'g'), (whole, pOpen: string | undefined, key: string, pClose: string | undefined) => {
    const value = placeholders.get(key);
    if (value === undefined) return whole;
    // Nested placeholders (a shortcode inside another's output) are filled by the recursion.
    const filled = fillPlaceholders(value, placeholders);
    if (pOpen && pClose) return filled;
    return (pOpen ?? '') + filled + (pClose ?? '');
  });
}

function placeholderBox(node: ShortcodeNode, inner: string | undefined, host: ShortcodeHost): string {
  const params = [...node.params.positional.map((v) => JSON.stringify(v)), ...Object.entries(node.params.named).map(([k, v]) => `${k}=${JSON.stringify(v)}`)].join(' ');
  const d = node.markdown ? '%' : '<';
  const head = `{{${d} ${node.name}${params ? ' ' + params : ''} ${d === '<' ? '>' : '%'}}}`;
  let body = '';
  if (inner !== undefined && inner.trim() !== '') {
    body = `<div class="ba-shortcode-inner">${node.markdown ? host.markdownify(inner, true) : inner}</div>`;
  }
  return `<div class="ba-shortcode" data-shortcode="${escapeHtml(node.name)}"><div class="ba-shortcode-head">${escapeHtml(head)}</div>${body}</div>`;
}

const get = (p: ShortcodeParams, name: string, index?: number): string | undefined => p.named[name] ?? (index !== undefined && !p.isNamed ? p.positional[index] : undefined);

async function renderBuiltin(node: ShortcodeNode, inner: string | undefined, host: ShortcodeHost): Promise<string | undefined> {
  const p = node.params;
  switch (node.name) {
    case 'highlight': {
      const code = (inner ?? '').replace(/^[\r\n]+|[\r\n]+$/g, '');
      const lang = p.positional[0] ?? '';
      const opts = highlightOptionsFrom(host.highlightSettings, parseHighlightOptions(p.positional[1] ?? ''));
      return renderHighlightedBlock(code, lang, opts);
    }
    case 'figure':
      return renderFigure(p, host);
    case 'details': {
      const summary = get(p, 'summary', 0) ?? 'Details';
      const open = ['true', 'open'].includes(String(get(p, 'open', 1) ?? '').toLowerCase());
      const cls = p.named['class'];
      const content = host.markdownify((inner ?? '').trim(), true);
      return `<details${cls ? ` class="${escapeHtml(cls)}"` : ''}${open ? ' open' : ''}>\n  <summary>${host.markdownify(summary, false)}</summary>\n  ${content}\n</details>`;
    }
    case 'ref':
    case 'relref': {
      const target = get(p, 'path', 0) ?? '';
      const url = await host.resolveRef(target, node.name === 'ref');
      return url ?? ''; // Hugo writes an empty link (and reports REF_NOT_FOUND)
    }
    case 'param': {
      const value = host.pageParam(get(p, 'name', 0) ?? '');
      return value === undefined || value === null ? '' : escapeHtml(String(value));
    }
    default:
      return renderEmbed(node.name, p, host.offline);
  }
}

function renderFigure(p: ShortcodeParams, host: ShortcodeHost): string {
  const attr = (name: string) => p.named[name];
  const esc = escapeHtml;
  const caption = attr('caption');
  const alt = attr('alt') || (caption ? plainify(host.markdownify(caption, false)) : undefined);
  let img = `<img src="${esc(attr('src') ?? '')}"`;
  if (attr('alt') || caption) img += ` alt="${esc(alt ?? '')}"`;
  if (attr('width')) img += ` width="${esc(attr('width')!)}"`;
  if (attr('height')) img += ` height="${esc(attr('height')!)}"`;
  if (attr('loading')) img += ` loading="${esc(attr('loading')!)}"`;
  img += '/><!-- Closing img tag -->';
  const link = attr('link');
  if (link) {
    const target = attr('target') ? ` target="${esc(attr('target')!)}"` : '';
    const rel = attr('rel') ? ` rel="${esc(attr('rel')!)}"` : '';
    img = `<a href="${esc(link)}"${target}${rel}>${img}</a>`;
  }
  let figcaption = '';
  const title = attr('title');
  const credit = attr('attr');
  if (title || caption || credit) {
    let inner = title ? `<h4>${esc(title)}</h4>` : '';
    if (caption || credit) {
      const attrlink = attr('attrlink');
      const creditHtml = credit ? host.markdownify(credit, false) : '';
      inner += `<p>${caption ? host.markdownify(caption, false) : ''}${attrlink ? `\n<a href="${esc(attrlink)}">${creditHtml}</a>` : creditHtml}</p>`;
    }
    figcaption = `<figcaption>\n${inner}\n</figcaption>`;
  }
  const cls = attr('class') ? ` class="${esc(attr('class')!)}"` : '';
  return `<figure${cls}>${img}${figcaption}\n</figure>`;
}

function plainify(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}
