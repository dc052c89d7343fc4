/**
 * The renderer's one entry: a post's text → the HTML its blog would show, plus what the preview needs
 * (title, headings, source lines on blocks). Shared by the preview (through the server) and the CLI.
 */
import { readFrontMatterData } from '../parse/fastFrontMatter';
import { isRecord, SiteModel } from '../site/siteModel';
import { relativePath } from '../workspace/workspace';
import { HeadingIdFactory, headingIdType } from './headingIds';
import type { RenderHost } from './host';
import { emojify } from './emoji';
import { expandLiquidForPreview } from './liquid';
import { escapeHtml } from './html';
import { renderBody } from './blocks';
import { createMarkdown, MarkdownItInstance, MarkdownOptions, RenderEnv } from './markdown';
import { DEFAULT_MATH_DELIMITERS, MathDelimiters } from './math';
import { renderPostHeader, PostHeader, readPostHeader } from './postHeader';
import { expandShortcodes, fillPlaceholders, ShortcodeUse } from './shortcodeExpansion';
import { Scratch, SiteTemplates } from './siteTemplates';

export interface RenderPostInput {
  text: string;
  /** Absolute path of the post. */
  path: string;
  site: SiteModel;
  /** Answers for other pages, images and templates (from the index and the workspace). */
  host: RenderHost;
  /** Turns a local file (image, static asset) into a URL the viewer can load, e.g. a webview URI. */
  resourceUrl?: (absolutePath: string) => string | undefined;
  options?: RenderOptions;
}

export interface RenderOptions {
  /** Print the post header (title, date, terms). Default true. */
  header?: boolean;
  /** Add data-line attributes for scroll sync. Default true. */
  sourceLines?: boolean;
  /** Embeds as placeholders (the preview, no network). Default true. */
  offlineEmbeds?: boolean;
  /** Override math detection: true/false, or undefined to follow the site. */
  math?: boolean;
  /** Render the body as one block, without the block cache (to check the block cutting against). */
  wholeDocument?: boolean;
  /** Mark links to other posts with data-target (the preview opens them); false for HTML written out. */
  linkTargets?: boolean;
}

export interface RenderedPost {
  /** Header + body. */
  html: string;
  body: string;
  header: PostHeader;
  title?: string;
  headings: { level: number; text: string; id: string; line: number }[];
  shortcodes: ShortcodeUse[];
  usesMath: boolean;
  /** Lines taken by the front matter (the body starts on this 0-based line). */
  bodyLine: number;
}

const instances = new Map<string, MarkdownItInstance>();

function markdownFor(options: MarkdownOptions): MarkdownItInstance {
  const key = JSON.stringify(options);
  let md = instances.get(key);
  if (!md) {
    md = createMarkdown(options);
    instances.set(key, md);
  }
  return md;
}

export function markdownOptionsFor(site: SiteModel, math: boolean): MarkdownOptions {
  const parser = getPath(site.config, 'markup.goldmark.parser');
  const attribute = getPath(parser, 'attribute');
  const blockAttrs = isRecord(attribute) ? attribute['block'] === true : attribute === true;
  const titleAttrs = isRecord(attribute) ? attribute['title'] !== false : attribute !== false;
  return {
    markup: site.markup,
    headingIdType: headingIdType(getPath(parser, 'autoheadingidtype')),
    attributes: { title: titleAttrs, block: blockAttrs },
    math: math ? mathDelimitersFor(site) : undefined,
  };
}

function mathDelimitersFor(site: SiteModel): MathDelimiters {
  const d = site.markup.mathDelimiters;
  if (d && (d.inline.length || d.block.length)) return { inline: d.inline, block: d.block };
  return DEFAULT_MATH_DELIMITERS;
}

function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const seg of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[seg];
  }
  return cur;
}

export async function renderPost(input: RenderPostInput): Promise<RenderedPost> {
  const { text, site, host } = input;
  const options = input.options ?? {};
  const fm = readFrontMatterData(text);
  const bodyLine = countLines(text.slice(0, fm.bodyStart));
  // Hugo drops the summary divider (its first occurrence only: later ones, as in code about it, stay).
  const source = text.slice(fm.bodyStart).replace(/<!--more-->/i, '');
  // Jekyll runs Liquid before Markdown (unless the page turns it off).
  const body =
    site.generator === 'jekyll' && fm.data['render_with_liquid'] !== false
      ? expandLiquidForPreview(source, { config: site.config, page: fm.data, linkUrl: host.liquidLinkUrl ? (tag, target) => host.liquidLinkUrl!(input.path, tag, target) : undefined })
      : source;
  const usesMath = options.math ?? (site.math || fm.data['math'] === true || fm.data['katex'] === true || fm.data['mathjax'] === true);
  const md = markdownFor(markdownOptionsFor(site, usesMath));
  const registry = host.templates;
  const templates = new SiteTemplates(host, site, registry);
  const headingIdType = markdownOptionsFor(site, false).headingIdType;
  const headingIds = new HeadingIdFactory(headingIdType);
  const scratch = new Scratch();
  const markdownify = (src: string, block: boolean) => {
    const env: RenderEnv = { headingIds };
    if (block) return md.render(src, env);
    const html = md.render(src, env);
    // markdownify drops the wrapping <p> when the result is a single paragraph, as Hugo's does.
    const m = /^<p>([\s\S]*)<\/p>\n?$/.exec(html);
    return m && !m[1].includes('<p>') ? m[1] : html;
  };

  const expanded = await expandShortcodes(body, {
    markdownify,
    highlightSettings: site.markup.highlight ?? {},
    resolveRef: async (target, absolute) => resolveRef(input, target, absolute),
    registry,
    hasSiteTemplate: (name) => templates.find(name) !== undefined,
    runSiteTemplate: (node, inner, ordinal, parent) => templates.run(node, inner, ordinal, { page: fm.data, markdownify, path: input.path, scratch, headingIdType }, parent),
    // Hugo's .Param: the page's params, then the site's; a dotted name reads nested maps (`notes.docker-compose`).
    pageParam: (name) => nestedParam(fm.data, name) ?? nestedParam(site.config['params'], name.toLowerCase()),
    offline: options.offlineEmbeds ?? true,
  });

  const headings: RenderedPost['headings'] = [];
  let bodyHtml = fillPlaceholders(
    // Hugo emojifies the Markdown before Goldmark reads it: code too, and heading ids see the emoji.
    await renderBody(md, site.config['enableemoji'] === true ? emojify(expanded.text) : expanded.text, {
      headingIds,
      autoHeadingId: site.markup.autoHeadingID,
      headings,
      resolveUrl: (url, kind) => resolveUrl(input, url, kind),
      sourceLine: options.sourceLines === false ? undefined : (line) => bodyLine + expanded.lineOf(line),
      math: usesMath,
      whole: options.wholeDocument,
    }),
    expanded.placeholders,
  );
  if (site.config['canonifyurls'] === true && site.baseURL) bodyHtml = canonifyUrls(bodyHtml, site.baseURL);
  const header = readPostHeader(fm.data, site);
  const html = options.header === false ? bodyHtml : renderPostHeader(header, bodyLine) + bodyHtml;
  return { html, body: bodyHtml, header, title: header.title, headings, shortcodes: expanded.uses, usesMath, bodyLine };
}

/** Hugo's canonifyURLs: site-relative src and href (`/x`, not `//host`) become absolute under the baseURL. */
function canonifyUrls(html: string, baseURL: string): string {
  const base = baseURL.endsWith('/') ? baseURL : baseURL + '/';
  return html.replace(/(\s(?:src|href)=["'])\/(?!\/)/g, (_m, attr: string) => attr + base);
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Hugo's ref (absolute, with the baseURL) or relref (site-relative) for a target, as the host resolves it. */
function resolveRef(input: RenderPostInput, target: string, absolute: boolean): string | undefined {
  const permalink = input.host.refPermalink(input.path, target);
  if (permalink === undefined || !absolute) return permalink;
  return (input.site.baseURL ?? '').replace(/\/$/, '') + permalink;
}

/** Links to other posts get a data-target (the preview opens them); local images get a loadable URL. */
function resolveUrl(input: RenderPostInput, url: string, kind: 'link' | 'image'): ReturnType<NonNullable<RenderEnv['resolveUrl']>> {
  if (url.startsWith('#') || (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^https?:/i.test(url))) return undefined;
  if (kind === 'image') {
    if (!input.resourceUrl || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return undefined;
    // A missing file keeps its URL and says which file it looked for: the preview shows a placeholder with it.
    const missing = input.host.missingImage?.(input.path, url);
    if (missing) return { href: url, attrs: { 'data-missing': relativePath(input.site.root, missing) } };
    const file = input.host.imageFile(input.path, url);
    const loadable = file && input.resourceUrl(file);
    return loadable ? { href: loadable } : undefined;
  }
  if (input.options?.linkTargets === false) return undefined;
  const target = input.host.linkedPost(input.path, url);
  return target ? { href: url, attrs: { 'data-target': target } } : undefined;
}


export { escapeHtml };

/** `a.b.c` in nested maps, each key as written or lower-cased (Hugo lower-cases param keys). */
function nestedParam(root: unknown, name: string): unknown {
  let value: unknown = root;
  for (const key of name.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const map = value as Record<string, unknown>;
    value = map[key] ?? map[key.toLowerCase()];
  }
  return value;
}
