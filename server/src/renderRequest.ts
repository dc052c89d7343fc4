/**
 * The `blogAuthor/render` request (shared/protocol.ts): the preview asks for a post's HTML, with the
 * editor's unsaved text. The renderer gets a host over the index and the workspace; local images come
 * back as file:// URIs, which the client turns into webview URIs.
 */
import type { RenderParams, RenderResult } from '../../shared/protocol';
import { renderPost } from './render/renderPost';
import type { FeatureContext } from './service';
import { createRenderHost } from './renderHost';

export async function handleRenderRequest(ctx: Pick<FeatureContext, 'site' | 'index' | 'workspace' | 'shortcodes' | 'readText' | 'uris'>, params: RenderParams): Promise<RenderResult> {
  const started = performance.now();
  const path = ctx.uris.toPath(params.uri);
  const text = params.text ?? (await ctx.readText(path)) ?? '';
  const rendered = await renderPost({
    text,
    path,
    site: ctx.site,
    host: createRenderHost(ctx),
    resourceUrl: (file) => ctx.uris.toUri(file),
    options: { offlineEmbeds: params.offlineEmbeds ?? true },
  });
  return {
    html: rendered.html,
    title: rendered.title,
    headings: rendered.headings,
    usesMath: rendered.usesMath,
    bodyLine: rendered.bodyLine,
    unrendered: rendered.shortcodes.filter((s) => s.how === 'placeholder' || s.how === 'missing'),
    milliseconds: Math.round(performance.now() - started),
  };
}
