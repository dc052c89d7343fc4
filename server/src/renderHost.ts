/**
 * The renderer's host over the site model, the index and the workspace: refs, links and images are
 * resolved by the same resolver the editor features use (site/resolver.ts), so the preview's href is
 * the hover's target. Used by the preview request and the `render` CLI. It sits above both the
 * renderer and the site model, which know nothing of each other.
 */
import { BlogIndex } from './index/blogIndex';
import type { RenderHost } from './render/host';
import { mergeSettings } from './settings';
import { resolveLiquid, resolveRef, resolveUrl, splitTarget, type ResolveContext } from './site/resolver';
import { ShortcodeTemplates } from './site/shortcodeTemplates';
import type { SiteModel } from './site/siteModel';
import { isContained, joinPath, normalizePath, type Workspace } from './workspace/workspace';

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
