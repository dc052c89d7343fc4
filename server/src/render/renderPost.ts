/**
 * The renderer's one entry: a post's text → the HTML its blog would show, plus what the preview needs
 * (title, headings, source lines on blocks). Shared by the preview (through the server) and the CLI.
 */
import { readFrontMatterData } from '../parse/fastFrontMatter';
import { computePermalink } from '../site/permalinks';
import { isRecord, SiteModel } from '../site/siteModel';
import { basename, dirname, joinPath, normalizePath, relativePath, Workspace } from '../workspace/workspace';
import { HeadingIdFactory, headingIdType } from './headingIds';
import { escapeHtml } from './html';
import { renderBody } from './blocks';
import { createMarkdown, MarkdownItInstance, MarkdownOptions, RenderEnv } from './markdown';
import { DEFAULT_MATH_DELIMITERS, MathDelimiters } from './math';
import { renderPostHeader, PostHeader, readPostHeader } from './postHeader';
import { expandShortcodes, fillPlaceholders, ShortcodeUse } from './shortcodeExpansion';
import { SiteTemplates } from './siteTemplates';
import { ShortcodeTemplates } from '../site/shortcodeTemplates';

export interface RenderPostInput {
  text: string;
  /** Absolute path of the post. */
  path: string;
  site: SiteModel;
  workspace: Workspace;
  /** Turns a local file (image, static asset) into a URL the viewer can load, e.g. a webview URI. */
  resourceUrl?: (absolutePath: string) => string | undefined;
  /** Finds the post a site URL (e.g. `/blog/2024/x/`) belongs to, for clickable internal links. */
  postForUrl?: (url: string) => string | undefined;
  options?: RenderOptions;
  /** The site's shortcode templates (the server keeps one up to date); loaded when absent. */
  templates?: ShortcodeTemplates;
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
  const { text, site, workspace } = input;
  const options = input.options ?? {};
  const fm = readFrontMatterData(text);
  const bodyLine = countLines(text.slice(0, fm.bodyStart));
  // Hugo drops the summary divider from the content.
  const body = text.slice(fm.bodyStart).replace(/<!--more-->/gi, '');
  const usesMath = options.math ?? (site.math || fm.data['math'] === true || fm.data['katex'] === true || fm.data['mathjax'] === true);
  const md = markdownFor(markdownOptionsFor(site, usesMath));
  const registry = input.templates ?? (await ShortcodeTemplates.load(workspace, site));
  const templates = new SiteTemplates(workspace, site, registry);
  const headingIds = new HeadingIdFactory(markdownOptionsFor(site, false).headingIdType);
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
    resolveRef: (target, absolute) => resolveRef(input, target, absolute),
    registry,
    hasSiteTemplate: (name) => templates.find(name) !== undefined,
    runSiteTemplate: (node, inner, ordinal) => templates.run(node, inner, ordinal, { page: fm.data, markdownify, path: input.path }),
    pageParam: (name) => fm.data[name] ?? fm.data[name.toLowerCase()] ?? (site.config['params'] as Record<string, unknown> | undefined)?.[name.toLowerCase()],
    offline: options.offlineEmbeds ?? true,
  });

  const headings: RenderedPost['headings'] = [];
  const images = new Map<string, LocalImage | undefined>();
  const bodyHtml = fillPlaceholders(
    await renderBody(md, expanded.text, {
      headingIds,
      autoHeadingId: site.markup.autoHeadingID,
      headings,
      resolveUrl: (url, kind) => resolveUrl(input, url, kind, images),
      prepareImages: input.resourceUrl
        ? async (urls) => {
            for (const url of urls) images.set(url, await localFileFor(input, url));
          }
        : undefined,
      sourceLine: options.sourceLines === false ? undefined : (line) => bodyLine + expanded.lineOf(line),
      math: usesMath,
      whole: options.wholeDocument,
    }),
    expanded.placeholders,
  );
  const header = readPostHeader(fm.data, site);
  const html = options.header === false ? bodyHtml : renderPostHeader(header, bodyLine) + bodyHtml;
  return { html, body: bodyHtml, header, title: header.title, headings, shortcodes: expanded.uses, usesMath, bodyLine };
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** The content directory holding `path`, or the first one. */
function contentDirOf(site: SiteModel, path: string): string {
  const holding = site.contentDirs.filter((d) => path.startsWith(d + '/')).sort((a, b) => b.length - a.length);
  return holding[0] ?? site.contentDirs[0] ?? site.root;
}

/** Hugo's ref/relref lookup: relative to the page, then to the content root; `.md`, bundles and sections. */
export async function findContentFile(input: Pick<RenderPostInput, 'path' | 'site' | 'workspace'>, target: string): Promise<string | undefined> {
  const clean = target.replace(/[#?].*$/, '');
  if (!clean) return input.path;
  const contentDir = contentDirOf(input.site, input.path);
  const bases = clean.startsWith('/') ? [joinPath(contentDir, clean)] : [joinPath(dirname(input.path), clean), joinPath(contentDir, clean)];
  for (const base of bases) {
    for (const candidate of [base, `${base}.md`, joinPath(base, 'index.md'), joinPath(base, '_index.md')]) {
      const stat = await input.workspace.stat(candidate);
      if (stat && !stat.isDirectory) return candidate;
    }
  }
  return undefined;
}

export async function permalinkOf(site: SiteModel, workspace: Workspace, file: string): Promise<string> {
  const text = (await workspace.readFile(file)) ?? '';
  const data = readFrontMatterData(text).data;
  const contentDir = contentDirOf(site, file);
  const str = (v: unknown) => (typeof v === 'string' ? v : v instanceof Date ? v.toISOString() : undefined);
  const lang = /\.([a-z]{2}(?:-[a-zA-Z]{2,4})?)\.md$/.exec(basename(file))?.[1];
  return computePermalink(site, {
    contentPath: file.slice(contentDir.length + 1),
    url: str(data['url']),
    slug: str(data['slug']),
    title: str(data['title'] ?? data['Title']),
    date: str(data['date'] ?? data['Date']),
    lang,
  });
}

async function resolveRef(input: RenderPostInput, target: string, absolute: boolean): Promise<string | undefined> {
  const file = await findContentFile(input, target);
  if (!file) return undefined;
  const anchor = /#.*$/.exec(target)?.[0] ?? '';
  const permalink = await permalinkOf(input.site, input.workspace, file);
  if (!absolute) return permalink + anchor;
  const base = (input.site.baseURL ?? '').replace(/\/$/, '');
  return base + permalink + anchor;
}

/** Links to other posts get a data-target (the preview opens them); local images get a loadable URL. */
function resolveUrl(input: RenderPostInput, url: string, kind: 'link' | 'image', images: Map<string, LocalImage | undefined>): ReturnType<NonNullable<RenderEnv['resolveUrl']>> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('file:')) {
    const base = input.site.baseURL?.replace(/\/$/, '');
    if (kind === 'link' && base && url.startsWith(base + '/') && input.postForUrl) {
      const target = input.postForUrl(url.slice(base.length).replace(/#.*$/, ''));
      if (target) return { href: url, attrs: { 'data-target': target } };
    }
    return undefined;
  }
  if (url.startsWith('#')) return undefined;
  const pathPart = safeDecode(url.replace(/[#?].*$/, ''));
  if (kind === 'image') {
    const image = images.get(url);
    // A missing file keeps its URL and says which file it looked for: the preview shows a placeholder with it.
    if (image && !image.exists) return { href: url, attrs: { 'data-missing': relativePath(input.site.root, image.file) } };
    const loadable = image && input.resourceUrl?.(image.file);
    return loadable ? { href: loadable } : undefined;
  }
  if (/\.md$/i.test(pathPart)) {
    const target = normalizePath(joinPath(dirname(input.path), pathPart));
    return { href: url, attrs: { 'data-target': target } };
  }
  const post = pathPart.startsWith('/') ? input.postForUrl?.(pathPart) : undefined;
  return post ? { href: url, attrs: { 'data-target': post } } : undefined;
}

/**
 * The file an image URL shows: `/img/x.png` → the first static dir holding it, in Hugo's order (the
 * site's dirs, then each theme's static as fallbacks); `x.png` → the page bundle's resource, then the
 * static dirs. Without a file on disk, the first candidate, marked missing (the preview shows a placeholder with its path).
 */
interface LocalImage {
  file: string;
  exists: boolean;
}

async function localFileFor(input: RenderPostInput, url: string): Promise<LocalImage | undefined> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#') || url.startsWith('//')) return undefined;
  const pathPart = safeDecode(url.replace(/[#?].*$/, ''));
  const dirs = input.site.staticDirs;
  const candidates = pathPart.startsWith('/') ? dirs.map((d) => joinPath(d, pathPart)) : [joinPath(dirname(input.path), pathPart), ...dirs.map((d) => joinPath(d, pathPart))];
  for (const file of candidates) {
    const stat = await input.workspace.stat(file);
    if (stat && !stat.isDirectory) return { file, exists: true };
  }
  return candidates[0] === undefined ? undefined : { file: candidates[0], exists: false };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export { escapeHtml };
