/**
 * The blog service: the editor-independent core. It owns the site model, the index and the open
 * documents, and answers each language feature from them. The LSP adapter (server.ts), the CLI and
 * the tests all drive it the same way; it never touches the LSP connection.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache } from './document';
import { BlogIndex, type IndexProgress } from './index/blogIndex';
import { mergeSettings, type BlogSettings } from './settings';
import { isSiteConfigPath } from './site/siteFiles';
import { ShortcodeTemplates } from './site/shortcodeTemplates';
import { isJekyllSiteFilePath } from './site/jekyllSite';
import { findSiteRoot, loadSiteModel, buildSiteModel, refreshSiteFiles, type SiteModel } from './site/siteModel';
import { ClientUris } from './workspace/uri';
import { normalizePath, type Workspace } from './workspace/workspace';

export interface BlogServiceOptions {
  workspace: Workspace;
  /** The folder the editor opened; the site root is found at or below it. */
  folder: string;
  /** Other workspace folders (multi-root): the first that holds a site is used when `folder` holds none. */
  otherFolders?: string[];
  settings?: unknown;
  log?: (message: string) => void;
  /** The client's spelling of URIs (made by the LSP server from the URIs it was sent); default: VS Code's. */
  uris?: ClientUris;
}

/** What every feature gets: the site, the index, settings and the parse cache of open documents. */
export interface FeatureContext {
  readonly site: SiteModel;
  readonly index: BlogIndex;
  /** Hugo's built-in shortcodes and the site's and theme's templates. */
  readonly shortcodes: ShortcodeTemplates;
  readonly settings: BlogSettings;
  readonly cache: DocumentCache;
  readonly workspace: Workspace;
  /** URI ↔ path, as the client spells its URIs: every URI a feature takes or answers goes through it. */
  readonly uris: ClientUris;
  /** Open documents by path (their text is newer than the disk's). */
  readonly openDocuments: ReadonlyMap<string, TextDocument>;
  /** The text of a file: the open document's when it is open, else from disk. */
  readText(path: string): Promise<string | undefined>;
  log(message: string): void;
}

export class BlogService implements FeatureContext {
  readonly cache = new DocumentCache();
  private readonly open = new Map<string, TextDocument>();
  private indexed = false;

  private constructor(
    readonly workspace: Workspace,
    public site: SiteModel,
    public index: BlogIndex,
    public shortcodes: ShortcodeTemplates,
    public settings: BlogSettings,
    private readonly logger: (message: string) => void,
    readonly uris: ClientUris,
  ) {}

  static async create(options: BlogServiceOptions): Promise<BlogService> {
    const settings = mergeSettings(options.settings);
    const log = options.log ?? (() => undefined);
    let root: string | undefined;
    // Folders in the core's one form (`C:/blog/` is `c:/blog`).
    const folders = [options.folder, ...(options.otherFolders ?? [])].map(normalizePath);
    for (const folder of folders) if ((root = await findSiteRoot(options.workspace, folder))) break;
    const site = root ? await loadSiteModel(options.workspace, root) : buildSiteModel(folders[0], 'unknown', {});
    log(root ? `site: ${site.generator} at ${site.root}, content in ${site.contentDirs.join(', ')}` : `no Hugo or Jekyll config found under ${folders[0]}`);
    for (const p of site.problems) log(`config: ${p.file}: ${p.message}`);
    const shortcodes = await ShortcodeTemplates.load(options.workspace, site);
    return new BlogService(options.workspace, site, new BlogIndex(site, options.workspace, settings), shortcodes, settings, log, options.uris ?? new ClientUris());
  }

  get openDocuments(): ReadonlyMap<string, TextDocument> {
    return this.open;
  }

  get isIndexed(): boolean {
    return this.indexed;
  }

  log(message: string): void {
    this.logger(message);
  }

  /**
   * `answering`: build in two phases (BlogIndex.build) and call it once the front matter of every
   * post is in: from then on isIndexed, while isComplete waits for the links; the text index fills
   * after that (index.text.whenReady()).
   */
  async buildIndex(progress?: IndexProgress, isCancelled?: () => boolean, answering?: () => void): Promise<void> {
    const started = Date.now();
    const index = this.index;
    const indexed = () => {
      // Open documents may be ahead of the disk.
      for (const [path, doc] of this.open) index.update(path, doc.getText(), true);
      this.indexed = true;
    };
    await index.build(
      progress,
      isCancelled,
      answering &&
        (() => {
          indexed();
          this.log(`answering from ${index.postCount} posts' front matter after ${Date.now() - started} ms`);
          answering();
        }),
    );
    if (!this.indexed) indexed();
    this.log(`indexed ${index.postCount} posts in ${Date.now() - started} ms`);
  }

  /** The whole index is built: links and shortcodes too; the text index may still be filling (see buildIndex). */
  get isComplete(): boolean {
    return this.indexed && this.index.complete;
  }

  async readText(path: string): Promise<string | undefined> {
    const doc = this.open.get(path);
    return doc ? doc.getText() : this.workspace.readFile(path);
  }

  /** An editor opened or edited a document: the index follows its unsaved text. */
  documentChanged(doc: TextDocument): void {
    const path = this.uris.toPath(doc.uri);
    this.open.set(path, doc);
    // Jekyll: the Liquid scan the link parse needs is the one the Liquid features read (scanned once).
    if (this.indexed) this.index.update(path, doc.getText(), true, this.site.generator === 'jekyll' ? this.cache.liquidScan(doc) : undefined);
  }

  /** The editor closed a document: the disk's version counts again. */
  async documentClosed(uri: string): Promise<void> {
    const path = this.uris.toPath(uri);
    this.open.delete(path);
    this.cache.forget(uri);
    this.index.releaseText(path);
    await this.fileChangedOnDisk(path, 'changed');
  }

  /**
   * A file was created, changed or deleted on disk. Posts are re-read one at a time; a config file
   * change reloads the site model and rebuilds (the content roots or taxonomies may have moved).
   * Returns true when the whole site was reloaded.
   */
  async fileChangedOnDisk(path: string, kind: 'created' | 'changed' | 'deleted'): Promise<boolean> {
    if (this.site.configFiles.includes(path) || this.isConfigPath(path)) {
      await this.reloadSite();
      return true;
    }
    if (isJekyllSiteFilePath(this.site, path)) {
      // _includes, _data, _plugins, _layouts: what Liquid in posts refers to.
      await refreshSiteFiles(this.workspace, this.site);
      return false;
    }
    // A Hugo layout may say what `related:` entries name (site/relatedHint.ts).
    if (this.site.generator === 'hugo' && /\.html?$/i.test(path) && this.site.layoutDirs.some((d) => path.startsWith(d + '/'))) await refreshSiteFiles(this.workspace, this.site);
    if (this.shortcodes.isTemplatePath(path)) {
      await this.shortcodes.updateFile(path, kind === 'deleted' ? undefined : await this.workspace.readFile(path));
      return false;
    }
    if (this.open.has(path) && kind !== 'deleted') return false;
    if (kind === 'deleted') {
      if (this.index.get(path)) this.index.remove(path);
      else this.index.removeFolder(path);
      return false;
    }
    if (!this.index.isContentFile(path)) return false;
    const text = await this.workspace.readFile(path);
    if (text !== undefined) this.index.update(path, text);
    return false;
  }

  private isConfigPath(path: string): boolean {
    const rel = path.startsWith(this.site.root + '/') ? path.slice(this.site.root.length + 1) : '';
    return isSiteConfigPath(rel);
  }

  async reloadSite(progress?: IndexProgress): Promise<void> {
    this.site = await loadSiteModel(this.workspace, this.site.root);
    this.shortcodes = await ShortcodeTemplates.load(this.workspace, this.site);
    this.index.dispose();
    this.index = new BlogIndex(this.site, this.workspace, this.settings);
    this.indexed = false;
    await this.buildIndex(progress);
  }

  async updateSettings(settings: unknown, progress?: IndexProgress): Promise<void> {
    const next = mergeSettings(settings);
    const reindex =
      JSON.stringify(next.exclude) !== JSON.stringify(this.settings.exclude) ||
      JSON.stringify(next.extraExtensions) !== JSON.stringify(this.settings.extraExtensions) ||
      // Ranking by use only needs no text index; ranking by content again needs it built.
      next.suggestionsRankBy !== this.settings.suggestionsRankBy;
    this.settings = next;
    if (reindex && this.indexed) {
      this.index.dispose();
      this.index = new BlogIndex(this.site, this.workspace, this.settings);
      this.indexed = false;
      await this.buildIndex(progress);
    }
  }

  /** A TextDocument for any file: the open one, or one read from disk. */
  async document(path: string): Promise<TextDocument | undefined> {
    const open = this.open.get(path);
    if (open) return open;
    const text = await this.workspace.readFile(path);
    return text === undefined ? undefined : TextDocument.create(this.uris.toUri(path), 'markdown', 0, text);
  }
}
