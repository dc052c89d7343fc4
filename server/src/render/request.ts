/**
 * The `blogAuthor/render` request: the preview asks for a post's HTML (with the editor's unsaved text).
 * Local images come back as file:// URIs; the client turns them into webview URIs.
 */
import type { ShortcodeTemplates } from '../site/shortcodeTemplates';
import type { SiteModel } from '../site/siteModel';
import { pathToUri, uriToPath, type Workspace } from '../workspace/workspace';
import { renderPost, type RenderedPost } from './renderPost';

export const RENDER_REQUEST = 'blogAuthor/render';

export interface RenderParams {
  uri: string;
  /** The editor's current text; read from disk when absent. */
  text?: string;
  /** Embeds as placeholders (default true: the preview makes no network requests). */
  offlineEmbeds?: boolean;
}

export interface RenderResult {
  html: string;
  title?: string;
  headings: RenderedPost['headings'];
  usesMath: boolean;
  /** 0-based line where the Markdown body starts (after front matter). */
  bodyLine: number;
  /** Shortcodes shown as placeholders or without a template, for a hint in the preview. */
  unrendered: { name: string; line: number; how: string }[];
  milliseconds: number;
}

export interface RenderHost {
  site: SiteModel;
  workspace: Workspace;
  /** Post file for a site URL path, from the index. */
  postForUrl?: (urlPath: string) => string | undefined;
  /** The site's shortcode templates, kept up to date by the server. */
  templates?: ShortcodeTemplates;
}

export async function handleRenderRequest(host: RenderHost, params: RenderParams): Promise<RenderResult> {
  const started = performance.now();
  const path = uriToPath(params.uri);
  const text = params.text ?? (await host.workspace.readFile(path)) ?? '';
  const rendered = await renderPost({
    text,
    path,
    site: host.site,
    workspace: host.workspace,
    resourceUrl: (file) => pathToUri(file),
    postForUrl: host.postForUrl,
    templates: host.templates,
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
