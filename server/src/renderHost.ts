/**
 * The renderer's host over the site model, the index and the workspace: refs, links and images are
 * resolved by the same resolver the editor features use (site/resolver.ts), so the preview's href is
 * the hover's target. Used by the preview request and the `render` CLI. It sits above both the
 * renderer and the site model, which know nothing of each other.
 */
import { BlogIndex } from './index/blogIndex';
import type { BundleFile, RenderHost, TemplatePage } from './render/host';
import type { PostEntry } from './index/postReader';
import { parseDataText } from './parse/dataFile';
import { mergeSettings } from './settings';
import { resolveLiquid, resolveRef, resolveUrl, splitTarget, type ResolveContext } from './site/resolver';
import { ShortcodeTemplates } from './site/shortcodeTemplates';
import type { SiteModel } from './site/siteModel';
import { dirname, isContained, joinPath, listFilesRecursive, normalizePath, type Workspace } from './workspace/workspace';

const DATA_FILE = /\.(toml|ya?ml|json)$/i;

function templatePage(post: PostEntry): TemplatePage {
  return { path: post.path, title: post.title, section: post.section, date: post.date, permalink: post.permalink, params: post.data, kind: post.isSection ? 'section' : 'page', lang: post.lang };
}

/** The folders of the site and its themes, most specific last (so that the site's files win when merged). */
function componentRoots(ctx: ResolveContext): string[] {
  return [...ctx.site.layoutDirs].reverse().map((layouts, i, all) => (i === all.length - 1 ? ctx.site.root : dirname(layouts)));
}

/** A data or i18n file's value; undefined when it is absent or does not parse (Hugo stops on it; the preview shows the page without it). */
async function readDataFile(ctx: ResolveContext, file: string): Promise<unknown> {
  const text = await ctx.workspace.readFile(file);
  if (text === undefined) return undefined;
  try {
    return parseDataText(file, text);
  } catch {
    return undefined;
  }
}

/** Hugo's site.Data: data/a/b.yaml is Data.a.b; a theme's files first, the site's merged over them. */
async function readSiteData(ctx: ResolveContext): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  for (const root of componentRoots(ctx)) {
    const dir = joinPath(root, 'data');
    const files = await listFilesRecursive(ctx.workspace, dir, (_p, name) => name.startsWith('.'), (p) => DATA_FILE.test(p));
    for (const file of files.sort()) {
      const value = await readDataFile(ctx, file);
      if (value === undefined) continue;
      const keys = file.slice(dir.length + 1).replace(DATA_FILE, '').split('/');
      let at = data;
      for (const k of keys.slice(0, -1)) at = (at[k] && typeof at[k] === 'object' ? at[k] : (at[k] = {})) as Record<string, unknown>;
      const last = keys[keys.length - 1];
      const existing = at[last];
      at[last] = existing && typeof existing === 'object' && value && typeof value === 'object' && !Array.isArray(value) ? { ...existing, ...(value as object) } : value;
    }
  }
  return data;
}

/** i18n/LANG.(toml|yaml|json): `id = "text"`, `[id] other = "text"`, or a list of `{id, translation}`. */
async function readTranslations(ctx: ResolveContext, lang: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const root of componentRoots(ctx)) {
    for (const ext of ['toml', 'yaml', 'yml', 'json']) {
      const file = joinPath(root, 'i18n', `${lang}.${ext}`);
      const value = await readDataFile(ctx, file);
      if (value === undefined) continue;
      const text_ = (v: unknown) => (v && typeof v === 'object' ? (v as Record<string, unknown>)['other'] ?? (v as Record<string, unknown>)['one'] : v);
      if (Array.isArray(value)) {
        for (const e of value) if (e && typeof e === 'object' && 'id' in e) out[String((e as Record<string, unknown>)['id'])] = String(text_((e as Record<string, unknown>)['translation']) ?? '');
      } else if (value && typeof value === 'object') {
        for (const [id, v] of Object.entries(value)) if (text_(v) !== undefined) out[id] = String(text_(v));
      }
    }
  }
  return out;
}

export function createRenderHost(ctx: ResolveContext & { readonly shortcodes: ShortcodeTemplates }): RenderHost {
  return {
    templates: ctx.shortcodes,
    readTemplate: (path) => ctx.workspace.readFile(path),
    refPermalink(fromPath, target) {
      const r = resolveRef(ctx, ctx.index.get(fromPath), target);
      if (r.kind !== 'post') return undefined;
      return r.post.permalink + (r.fragment !== undefined ? '#' + r.fragment : '');
    },
    liquidLinkUrl(_fromPath, tag, target) {
      const r = resolveLiquid(ctx, tag, target);
      return r.kind === 'post' ? r.post.permalink : r.kind === 'file' ? '/' + r.path.slice(ctx.site.root.length + 1) : undefined;
    },
    linkedPost(fromPath, url) {
      const r = resolveUrl(ctx, ctx.index.get(fromPath), fromPath, url, { postsOnly: true });
      return r.kind === 'post' ? r.post.path : undefined;
    },
    missingImage(fromPath, url) {
      const r = resolveUrl(ctx, ctx.index.get(fromPath), fromPath, url);
      if (r.kind !== 'missing') return undefined;
      return this.imageFile(fromPath, url);
    },
    sitePage(path) {
      const post = ctx.index.get(path);
      return post ? templatePage(post) : undefined;
    },
    sitePages: () => ctx.index.postsByRecency().filter((p) => !p.draft).map(templatePage),
    getPage(fromPath, ref) {
      const r = resolveRef(ctx, ctx.index.get(fromPath), ref);
      return r.kind === 'post' ? templatePage(r.post) : undefined;
    },
    async bundleFiles(pagePath) {
      if (!/^_?index\.[^/]+$/.test(pagePath.split('/').pop() ?? '')) return [];
      const dir = dirname(pagePath);
      const files = await listFilesRecursive(ctx.workspace, dir, (_p, name) => name.startsWith('.'), (p) => p !== pagePath);
      // A leaf bundle's resources are its files; another index file below starts a bundle of its own.
      const nested = files.filter((p) => /\/_?index\.[^/]+$/.test(p)).map((p) => dirname(p) + '/');
      return files
        .filter((p) => !nested.some((n) => p.startsWith(n)))
        .sort()
        .map((path): BundleFile => {
          const post = ctx.index.get(path);
          return { name: path.slice(dir.length + 1), path, page: post ? templatePage(post) : undefined };
        });
    },
    async readSiteFile(relativePath) {
      // As Hugo's os.ReadFile: the site's folder first, then the content folders under it.
      const rel = relativePath.replace(/^\/+/, '');
      for (const base of [ctx.site.root, ...ctx.site.contentDirs]) {
        const path = normalizePath(joinPath(base, rel));
        if (!isContained(ctx.workspace, ctx.site.root, path)) continue;
        const text = await ctx.workspace.readFile(path);
        if (text !== undefined) return text;
      }
      return undefined;
    },
    siteData: () => readSiteData(ctx),
    translations: (lang) => readTranslations(ctx, lang),
    imageFile(fromPath, url) {
      const r = resolveUrl(ctx, ctx.index.get(fromPath), fromPath, url);
      if (r.kind === 'file') return r.path;
      // Nothing there: where the site would look first, so the page shows a broken image as the site would.
      const { path } = splitTarget(url);
      if (!path) return undefined;
      const guess = path.startsWith('/') ? (ctx.site.staticDirs[0] ? joinPath(ctx.site.staticDirs[0], path) : undefined) : normalizePath(joinPath(fromPath.replace(/\/[^/]*$/, ''), path));
      // Never a file outside the site (`../../outside.png`): the preview shows nothing for it.
      return guess && isContained(ctx.workspace, ctx.site.root, guess) ? guess : undefined;
    },
  };
}

/** A host over a fresh index of the site (for a renderer without a running service: benches, tests). */
export async function indexedRenderHost(site: SiteModel, workspace: Workspace, shortcodes?: ShortcodeTemplates): Promise<RenderHost> {
  const index = new BlogIndex(site, workspace, mergeSettings(undefined));
  await index.build();
  return createRenderHost({ site, index, workspace, shortcodes: shortcodes ?? (await ShortcodeTemplates.load(workspace, site)) });
}
