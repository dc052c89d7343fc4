/**
 * The `blogAuthor/render` request (shared/protocol.ts): the preview asks for a post's HTML, with the
 * editor's unsaved text. The renderer gets a host over the index and the workspace; local images come
 * back as file:// URIs, which the client turns into webview URIs.
 */
import type { RenderParams, RenderResult } from '../../shared/protocol';
import { throwIfCancelled, type CancelToken } from './cancellation';
import { renderPost } from './render/renderPost';
import { formatCount } from './text';
import type { FeatureContext } from './service';
import { createRenderHost } from './renderHost';

/**
 * The most characters of a post the preview renders (issue 11: a 20 MB post took 198 s and 2.5 GB):
 * 2^20, the "1 MB post" whose render bench/render.ts holds to ≤ 300 ms. Longer posts are shown up
 * to a paragraph break before this, with a note saying so.
 */
export const MAX_RENDER_CHARS = 2 ** 20;

/** The text up to a paragraph (else line) break at or before `max` characters; never splits a surrogate pair. */
export function renderablePrefix(text: string, max = MAX_RENDER_CHARS): string {
  if (text.length <= max) return text;
  const paragraph = text.lastIndexOf('\n\n', max - 2);
  if (paragraph > max / 2) return text.slice(0, paragraph + 1);
  const line = text.lastIndexOf('\n', max - 1);
  if (line > max / 2) return text.slice(0, line + 1);
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

export async function handleRenderRequest(ctx: Pick<FeatureContext, 'site' | 'index' | 'workspace' | 'shortcodes' | 'readText' | 'uris'>, params: RenderParams, token?: CancelToken): Promise<RenderResult> {
  const started = performance.now();
  const path = ctx.uris.toPath(params.uri);
  const whole = params.text ?? (await ctx.readText(path)) ?? '';
  const text = renderablePrefix(whole);
  // The renderer runs in one piece: one turn of the event loop first, so that a cancellation sent
  // right after the request (the editor typed on) is seen and the post is not rendered at all.
  if (token) await new Promise<void>((resolve) => setImmediate(resolve));
  throwIfCancelled(token);
  const rendered = await renderPost({
    text,
    path,
    site: ctx.site,
    host: createRenderHost(ctx),
    resourceUrl: (file) => ctx.uris.toUri(file),
    options: { offlineEmbeds: params.offlineEmbeds ?? true },
  });
  const truncated = text.length < whole.length ? { shown: text.length, total: whole.length } : undefined;
  const note = truncated
    ? `\n<p class="blog-author-truncated"><em>The preview shows the first ${formatCount(truncated.shown)} of ${formatCount(truncated.total)} characters of this post.</em></p>\n`
    : '';
  return {
    truncated,
    html: rendered.html + note,
    title: rendered.title,
    headings: rendered.headings,
    usesMath: rendered.usesMath,
    bodyLine: rendered.bodyLine,
    unrendered: rendered.shortcodes.filter((s) => s.how === 'placeholder' || s.how === 'missing'),
    milliseconds: Math.round(performance.now() - started),
  };
}
