/**
 * What the renderer asks of its surroundings. `render/` does no I/O: the facts about other pages and
 * files come from a host, which the server and the `render` CLI build over the index and the
 * workspace (renderHost.ts), and tests over an in-memory blog.
 */
import type { ShortcodeTemplates } from '../site/shortcodeTemplates';

export interface RenderHost {
  /** Hugo's built-in shortcodes and the site's and theme's templates. */
  readonly templates: ShortcodeTemplates;
  /** The source of a site or theme shortcode template (`layouts/shortcodes/NAME.html`). */
  readTemplate(path: string): Promise<string | undefined>;
  /** The site-relative permalink (fragment kept) of the page a ref/relref target names from the post at `fromPath`; undefined when there is none. */
  refPermalink(fromPath: string, target: string): string | undefined;
  /** The post file a link in the post at `fromPath` goes to (a site URL, a relative `.md` path, …), for the preview to open. */
  linkedPost(fromPath: string, url: string): string | undefined;
  /** The local file an image URL in the post at `fromPath` shows; the expected place when no file is there (the page shows it broken, as the site would). */
  imageFile(fromPath: string, url: string): string | undefined;
  /** Jekyll: the site-relative URL of the page a `{% post_url %}` / `{% link %}` target names; undefined when none. */
  liquidLinkUrl?(fromPath: string, tag: 'post_url' | 'link', target: string): string | undefined;
  /** The file an image URL should show when no file is there (for a placeholder naming it); undefined when it exists or is not local. */
  missingImage?(fromPath: string, url: string): string | undefined;
}
