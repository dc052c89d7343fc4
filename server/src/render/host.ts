/**
 * What the renderer asks of its surroundings. `render/` does no I/O: the facts about other pages and
 * files come from a host, which the server and the `render` CLI build over the index and the
 * workspace (renderHost.ts), and tests over an in-memory blog.
 */
import type { ShortcodeTemplates } from '../site/shortcodeTemplates';

/** A file of a page bundle: its name relative to the bundle, and the page it is when it is content (Markdown). */
export interface BundleFile {
  name: string;
  path: string;
  page?: TemplatePage;
}

/** A page as site templates see it (`site.RegularPages`, `site.GetPage`, `.Page.RelPermalink`). */
export interface TemplatePage {
  path: string;
  title: string;
  /** The first folder under the content folder ("" at its top). */
  section: string;
  date: string | undefined;
  /** Site-relative. */
  permalink: string;
  params: Record<string, unknown>;
  kind: 'page' | 'section';
  lang: string | undefined;
}

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
  /** The page at `path` (a content file), for `.Page` fields templates read. */
  sitePage?(path: string): TemplatePage | undefined;
  /** The regular pages of the site (not sections), for `site.RegularPages`. */
  sitePages?(): TemplatePage[];
  /** The page a `site.GetPage`/`.GetPage` path names, seen from the post at `fromPath`. */
  getPage?(fromPath: string, ref: string): TemplatePage | undefined;
  /** The files of the page bundle whose index file is `pagePath` (none for a page that is not a bundle): `.Resources`. */
  bundleFiles?(pagePath: string): Promise<BundleFile[]>;
  /** A file as Hugo's `os.ReadFile` finds it: relative to the site's folder, else to a content folder; never one outside the site. */
  readSiteFile?(relativePath: string): Promise<string | undefined>;
  /** The site's data/ folder (and its themes'), one key per file and folder: `site.Data`. */
  siteData?(): Promise<Record<string, unknown>>;
  /** The translations of i18n/LANG.* (the site's over its themes'): id → the `other` text. */
  translations?(lang: string): Promise<Record<string, string>>;
}
