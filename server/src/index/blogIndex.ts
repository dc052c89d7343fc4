/**
 * The one index every feature reads: every post's facts, and per taxonomy the terms with how many
 * posts use each. Built once, then kept current one file at a time (never a full re-index per change).
 */
import { foldTerm } from '../text';
import { excludeMatcher, type BlogSettings } from '../settings';
import { MARKDOWN_EXTENSIONS } from '../site/siteFiles';
import { urlize } from '../site/permalinks';
import { ALWAYS_SKIPPED_DIRS, ROOT_OUTPUT_DIRS, type SiteModel } from '../site/siteModel';
import { jekyllExcludes, jekyllNeedsFrontMatter } from '../site/jekyll';
import { findFrontMatterBlock } from '../parse/frontMatter';
import { readFrontMatterData, type FrontMatterData } from '../parse/fastFrontMatter';
import { basename, dirname, isBelow, listFilesRecursive, relativePath, type Workspace } from '../workspace/workspace';
import type { LinkOccurrence } from '../parse/links';
import type { LiquidScan } from '../parse/liquid';
import { isPostText, postLinks, readPost, type PostEntry } from './postReader';
import { TextIndex } from './textIndex';


/** Past this many distinct values a key is free text, not a small set worth offering. */
const MAX_TRACKED_VALUES = 40;

/** Characters of post text a two-phase build keeps from phase 1 for phases 2 and 3 (32 to 64 MB); past it they read the file again. */
const PHASE_TWO_TEXT_BUDGET = 32 * 1024 * 1024;


/** Phase 3 (the words) reads this many posts at a time and yields after about this long. */
const FILL_READ_BATCH = 16;
const FILL_SLICE_MS = 8;

/** Parses a post's front matter for the index in place of its own fast parse (see keepTexts). */
export type FrontMatterReader = (path: string, text: string) => FrontMatterData;
export interface TermStat {
  term: string;
  count: number;
}

/**
 * The related ranking's table (features/frontMatter/relatedPosts.ts): posts by ordinal and, per
 * folded taxonomy term (`tags:r`), the ordinals of the posts using it.
 */
export interface TermPostings {
  /** The terms generation it holds. */
  generation: number;
  paths: string[];
  dates: string[];
  ordinals: Map<string, number>;
  /** Per ordinal: the entry its terms were read from (to patch the table when one post's terms change). */
  entries: PostEntry[];
  byTerm: Map<string, number[]>;
}

/** The key of a taxonomy term in TermPostings: case and accents folded. */
export function termPostingKey(taxonomy: string, term: string): string {
  return `${taxonomy}:${foldTerm(term)}`;
}

/** Fills TermPostings one post at a time (during the first build, or all at once). */
export class TermPostingsBuilder {
  readonly postings: TermPostings = { generation: 0, paths: [], dates: [], ordinals: new Map(), entries: [], byTerm: new Map() };
  /** taxonomy → term as written → key: each spelling folded once, no string per post. */
  private readonly keyOf = new Map<string, Map<string, string>>();
  private readonly seen: string[] = [];

  /** False when the post is there already (the table would no longer follow the posts' order). */
  add(post: PostEntry): boolean {
    const { paths, dates, ordinals, entries, byTerm } = this.postings;
    if (ordinals.has(post.path)) return false;
    const ordinal = paths.length;
    paths.push(post.path);
    dates.push(post.date ?? '');
    ordinals.set(post.path, ordinal);
    entries.push(post);
    // As BlogIndex.add: no iterators on this once-per-post path.
    post.terms.forEach((terms, tax) => {
      let keys = this.keyOf.get(tax);
      if (!keys) this.keyOf.set(tax, (keys = new Map()));
      this.seen.length = 0;
      for (let i = 0; i < terms.length; i++) {
        const term = terms[i];
        let key = keys.get(term);
        if (key === undefined) keys.set(term, (key = termPostingKey(tax, term)));
        if (this.seen.includes(key)) continue;
        this.seen.push(key);
        const list = byTerm.get(key);
        if (list) list.push(ordinal);
        else byTerm.set(key, [ordinal]);
      }
    });
    return true;
  }
}

export type IndexProgress = (done: number, total: number) => void;

/** A post read from `text`; `previous` is its entry before an update. */
export type PostTextListener = (entry: PostEntry, text: string, previous?: PostEntry) => void;

export class BlogIndex {
  readonly posts = new Map<string, PostEntry>();
  /** File name → the path of the post (nearly always one: no Set made per post) or the paths of the posts with it, as added. */
  private readonly byFileName = new Map<string, PathsAt>();
  /** URL path (normalised) → the path or paths of the posts published there, likewise. */
  private readonly byPermalink = new Map<string, PathsAt>();
  /** taxonomy → term as written → count. */
  private readonly termCounts = new Map<string, Map<string, number>>();
  /** Front matter key as written → how many posts have it; counted on first use (keys()), then kept current. */
  private keyCounts: Map<string, number> | undefined;
  /** Each `related` entry as written → how many times posts list it (kept per post: the site's related scheme counts distinct entries, not 125,000 of them). */
  // Counted on first use, then kept current (the CLI's commands never ask; the server counts at the end of its build).
  private relatedCounts: Map<string, number> | undefined;
  private relatedTotal = 0;
  /** localeCompare's order (no locale, no options), without its per-call set-up; made on first use (ICU's set-up costs a few ms at start). */
  private collator: Intl.Collator | undefined;
  /**
   * key (lower case) → scalar value as text → count; undefined once a key has too many values.
   * Counted on first use (valuesOf: completion), then kept current: the CLI's commands never ask.
   */
  private valueCounts: Map<string, Map<string, number> | undefined> | undefined;
  private readonly excluded: (relPath: string) => boolean;
  /** What each post says, for suggestions (fed from here: read with the post, edits queued). */
  readonly text: TextIndex;
  private readonly listeners = new Set<() => void>();
  private readonly postReaders = new Set<PostTextListener>();
  private version = 0;
  /** Bumped when any post's taxonomy terms change. */
  private termsVersion = 0;
  /** Bumped when posts come or go or their dates change. */
  private membershipVersion = 0;
  /** Bumped when anything links depend on changes: posts, their URLs, aliases, links, terms, draft state. */
  private linksVersion = 0;
  private lastLinksOnlyChange: { generation: number; path: string } | undefined;
  private lastTermsChange: { generation: number; path: string } | undefined;
  /** Bumped when a post's permalink, aliases or draft state change. */
  private permalinkVersion = 0;
  private sortedTerms = new Map<string, { version: number; terms: TermStat[] }>();
  /**
   * The text a post's entry was read from, where someone holds that text anyway: an open document's
   * (update from the editor) or, for `check`, every file's (keepTexts). Lets features use the
   * entry's parse of that text (its links) instead of parsing it again.
   */
  private readonly readTexts = new Map<string, string>();
  private keepingTexts = false;
  private frontMatterReader: FrontMatterReader | undefined;
  private recency: { version: number; posts: PostEntry[] } | undefined;
  /** The ranking table filled as the first build adds posts (cheap then; a pass over every post on the first request otherwise). */
  private seeding: TermPostingsBuilder | undefined;
  private seeded: TermPostings | undefined;

  constructor(
    readonly site: SiteModel,
    private readonly workspace: Workspace,
    settings: Pick<BlogSettings, 'exclude' | 'extraExtensions'> & Partial<Pick<BlogSettings, 'suggestionsRankBy' | 'relatedInterpretation'>>,
  ) {
    this.excluded = excludeMatcher(settings.exclude);
    this.text = new TextIndex(settings.suggestionsRankBy !== 'use');
    this.relatedInterpretation = settings.relatedInterpretation ?? 'auto';
    this.extensions = [...MARKDOWN_EXTENSIONS, ...settings.extraExtensions.map((e) => (e.startsWith('.') ? e : '.' + e).toLowerCase())];
    this.longestExtension = Math.max(...this.extensions.map((e) => e.length));
  }

  private readonly extensions: string[];
  private readonly longestExtension: number;
  /** The `relatedInterpretation` setting (features/frontMatter/relatedScheme.ts). */
  readonly relatedInterpretation: string;

  /** Bumped on every change, so features can cache what they derive from the index. */
  get generation(): number {
    return this.version;
  }

  /**
   * Called with each post's text as the index reads it (the first build, then every update), so
   * what else is derived from post texts (a text index, `check`'s diagnostics) needs no second read
   * of the file. Listeners must be quick: they run inside indexing.
   */
  onPostText(listener: PostTextListener): () => void {
    this.postReaders.add(listener);
    return () => this.postReaders.delete(listener);
  }

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads every content file. Reports progress every few hundred files.
   * `answering`: build in two phases (the language server). Phase 1 reads every post's front matter
   * (terms, titles, URLs, names: what completion and hover use), then calls `answering`; phase 2
   * parses the links and shortcodes and feeds the post-text listeners, in slices that yield to the
   * event loop; until it ends `complete` is false and posts have no links. Then phase 3 (fillText,
   * not awaited) indexes the words. Without it (the CLI, keepTexts), one pass does all per slice.
   */
  async build(progress?: IndexProgress, isCancelled?: () => boolean, answering?: () => void): Promise<void> {
    const files = await this.listContentFiles();
    const total = files.length;
    progress?.(0, total);
    const twoPhase = !!answering && !this.keepingTexts;
    this.complete = !twoPhase;
    const batch = 256;
    /** Phase 1's posts for phase 2: the entry, where its body starts and (within the budget) its text. */
    const pending: { entry: PostEntry; bodyStart: number; text: string | undefined }[] = [];
    let keptChars = 0;
    // Only the language server's first build (two phases) fills it: the CLI's commands never rank related posts.
    this.seeding = twoPhase && this.posts.size === 0 ? new TermPostingsBuilder() : undefined;
    // One pass: the words go in with each slice, sealed at the end (TextIndex.endFill).
    if (!twoPhase) this.text.beginFill();
    try {
      for (let i = 0; i < files.length; i += batch) {
        if (isCancelled?.()) return;
        const slice = files.slice(i, i + batch);
        const paths = slice.map((f) => f.path);
        const texts = await this.readFiles(paths);
        const readPosts: PostEntry[] = [];
        const readTextsOf: string[] = [];
        slice.forEach((f, k) => {
          const text = texts[k];
          if (text === undefined || !this.isPostText(f.path, text)) return;
          if (twoPhase) {
            const fm = readFrontMatterData(text);
            const entry = readPost(this.site, f.path, f.contentDir, text, fm, false, undefined, this.summaries);
            this.add(entry);
            this.readTexts.delete(f.path);
            // Texts are kept for phase 2 up to a budget (peak memory on big blogs); past it, re-read.
            const keep = keptChars + text.length <= PHASE_TWO_TEXT_BUDGET;
            if (keep) keptChars += text.length;
            pending.push({ entry, bodyStart: fm.bodyStart, text: keep ? text : undefined });
            return;
          }
          const entry = readPost(this.site, f.path, f.contentDir, text, this.frontMatterReader?.(f.path, text), true, undefined, this.summaries);
          this.add(entry);
          readPosts.push(entry);
          readTextsOf.push(text);
          if (this.keepingTexts) this.readTexts.set(f.path, text);
          else this.readTexts.delete(f.path);
          if (this.postReaders.size) for (const l of this.postReaders) l(entry, text);
        });
        // The slice's words, from the texts already in hand (the text index is never a second read),
        // after its parsing: one kind of work at a time keeps each one's tables in the cache.
        readPosts.forEach((entry, k) => this.text.add(entry, readTextsOf[k]));
        progress?.(Math.min(total, i + batch), total);
        // Let the server answer messages between batches.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      if (!twoPhase) this.text.endFill();
    }
    progress?.(total, total);
    this.termsVersion++;
    if (this.seeding) this.seeded = { ...this.seeding.postings, generation: this.termsVersion };
    this.seeding = undefined;
    this.membershipVersion++;
    this.linksVersion++;
    this.lastLinksOnlyChange = undefined;
    this.changed();
    if (!twoPhase) {
      answering?.();
      return;
    }
    answering();
    for (let i = 0; i < pending.length; i += batch) {
      if (isCancelled?.()) return;
      const slice = pending.slice(i, i + batch);
      const missing = slice.filter((p) => p.text === undefined).map((p) => p.entry.path);
      const reread = missing.length ? await this.readFiles(missing) : [];
      let m = 0;
      for (const p of slice) {
        const text = p.text ?? reread[m++];
        // An edit or a change on disk since phase 1 has put a whole entry in its place.
        // The text is kept for phase 3's words (no second read), unless there are none to index.
        if (!this.text.enabled) p.text = undefined;
        if (text === undefined || this.posts.get(p.entry.path) !== p.entry) {
          p.text = undefined;
          continue;
        }
        const { links, shortcodes } = postLinks(this.site, text, p.bodyStart);
        p.entry.links = links;
        p.entry.shortcodes = shortcodes;
        for (const l of this.postReaders) l(p.entry, text);
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    // Counted here, off the request path: the first related completion reads it (relatedScheme).
    this.relatedEntries();
    this.complete = true;
    this.linksVersion++;
    this.lastLinksOnlyChange = undefined;
    this.changed();
    // Not awaited: the build is done, the words follow (text.whenReady() tells when they are in).
    if (this.text.enabled) void this.fillText(pending, isCancelled);
  }

  /** The texts of `paths` (undefined where unreadable): at once where the workspace can, else read in parallel. */
  private async readFiles(paths: string[]): Promise<(string | undefined)[]> {
    return this.workspace.readFilesNow ? this.workspace.readFilesNow(paths) : Promise.all(paths.map((p) => this.workspace.readFile(p)));
  }

  /** This index is replaced (a rebuild): work still running for it stops. */
  dispose(): void {
    this.disposed = true;
  }

  private disposed = false;

  /**
   * Phase 3 of a two-phase build: every post's words go into the text index, in slices that yield to
   * the event loop, once everything else is ready. Suggestions rank from what is in meanwhile (the
   * open post is always read from its own text), so nothing a writer waits for waits on the words.
   */
  private async fillText(pending: { entry: PostEntry; text: string | undefined }[], isCancelled?: () => boolean): Promise<void> {
    this.text.beginFill();
    try {
      // Whatever waited for the index to be ready goes first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      let sliceStart = performance.now();
      for (let i = 0; i < pending.length; i += FILL_READ_BATCH) {
        if (isCancelled?.() || this.disposed) return;
        // Only posts still as phase 1 read them: an edit or a change on disk has indexed its own text.
        const batch = pending.slice(i, i + FILL_READ_BATCH).filter((p) => this.posts.get(p.entry.path) === p.entry);
        const missing = batch.filter((p) => p.text === undefined).map((p) => p.entry.path);
        const reread = missing.length ? await this.readFiles(missing) : [];
        let m = 0;
        for (const p of batch) {
          const text = p.text ?? reread[m++];
          p.text = undefined;
          if (text !== undefined && this.posts.get(p.entry.path) === p.entry && !this.text.has(p.entry.path)) this.text.add(p.entry, text);
        }
        // A request that comes meanwhile waits at most about one slice.
        if (performance.now() - sliceStart >= FILL_SLICE_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
        }
      }
    } finally {
      this.text.endFill();
    }
  }

  /** False while a two-phase build's phase 2 runs: posts' links and shortcodes are not all in. */
  complete = true;

  async listContentFiles(): Promise<{ path: string; contentDir: string }[]> {
    const out: { path: string; contentDir: string }[] = [];
    const seen = new Set<string>();
    for (const dir of this.site.contentDirs) {
      const files = await listFilesRecursive(
        this.workspace,
        dir,
        (full, name) => this.skipsDirectory(full, name),
        (full) => this.isContentFile(full),
      );
      for (let i = 0; i < files.length; i++) {
        const path = files[i];
        if (seen.has(path)) continue;
        seen.add(path);
        out.push({ path, contentDir: dir });
      }
    }
    return out;
  }

  private skipsDirectory(full: string, name: string): boolean {
    if (ALWAYS_SKIPPED_DIRS.has(name) || name.startsWith('.')) return true;
    if (ROOT_OUTPUT_DIRS.has(name) && dirname(full) === this.site.root) return true;
    if (this.site.generator === 'jekyll' && dirname(full) === this.site.root) {
      if (name === 'vendor') return true;
      if (name.startsWith('_') && name !== '_posts' && name !== '_drafts' && !this.isJekyllCollection(name)) return true;
    }
    return this.isExcluded(full);
  }

  private jekyllExcluded: ((rel: string) => boolean) | undefined;

  private isJekyllCollection(dirName: string): boolean {
    const collections = this.site.config['collections'];
    return !!collections && typeof collections === 'object' && dirName.slice(1) in (collections as object);
  }

  private isExcluded(path: string): boolean {
    const rel = relativePath(this.site.root, path);
    return this.excluded(rel) || (this.site.generator === 'jekyll' && (this.jekyllExcluded ??= jekyllExcludes(this.site))(rel));
  }

  /** Whether a file belongs in the index: Markdown under a content directory, not excluded. */
  isContentFile(path: string): boolean {
    if (!this.hasContentExtension(path) && !this.isJekyllHtmlPost(path)) return false;
    const dir = this.contentDirOf(path);
    if (!dir) return false;
    // The folders between the content directory and the file (asked of every file a walk finds: no split).
    for (let start = dir.length + 1, slash = path.indexOf('/', start); slash >= 0; start = slash + 1, slash = path.indexOf('/', start)) {
      if (path.charCodeAt(start) === 46 || ALWAYS_SKIPPED_DIRS.has(path.slice(start, slash))) return false;
    }
    const rootRel = relativePath(this.site.root, path);
    const firstSlash = rootRel.indexOf('/');
    if (firstSlash > 0 && ROOT_OUTPUT_DIRS.has(rootRel.slice(0, firstSlash))) return false;
    if (this.site.generator === 'jekyll') {
      const segs = relativePath(dir, path).split('/');
      if (segs.length === 1 && /^(readme|license|changelog)\./i.test(segs[0])) return false;
      if (segs[0].startsWith('_') && segs[0] !== '_posts' && segs[0] !== '_drafts' && !this.isJekyllCollection(segs[0])) return false;
      if (segs[0] === 'vendor' || segs[0] === 'node_modules') return false;
    }
    for (let i = 0; i < this.site.ignoreFiles.length; i++) if (this.site.ignoreFiles[i].test(path)) return false;
    return !this.isExcluded(path);
  }

  /** The file name ends in a Markdown (or configured) extension, in any case: only its tail is lower-cased. */
  private hasContentExtension(path: string): boolean {
    const tail = path.slice(-this.longestExtension).toLowerCase();
    for (let i = 0; i < this.extensions.length; i++) if (tail.endsWith(this.extensions[i])) return true;
    return false;
  }

  /** Whether the generator renders this content file as a page (else it is a static file, or nothing). */
  private isPostText(path: string, text: string): boolean {
    if (!isPostText(path, text)) return false;
    if (this.site.generator !== 'jekyll' || findFrontMatterBlock(text)) return true;
    return !jekyllNeedsFrontMatter(this.site, relativePath(this.site.root, path));
  }

  /**
   * Jekyll publishes `.html` files that have front matter (isPostText) as posts (`_posts`, `_drafts`),
   * collection documents and pages (anywhere outside `_` folders): they are link targets too.
   */
  private isJekyllHtmlPost(path: string): boolean {
    if (this.site.generator !== 'jekyll' || !/\.html?$/i.test(path)) return false;
    const segs = relativePath(this.site.root, path).split('/');
    if (segs[0] === '_posts' || segs[0] === '_drafts') return segs.length > 1;
    return !segs.slice(0, -1).some((s) => s.startsWith('_')) || (segs.length > 1 && this.isJekyllCollection(segs[0]) && !segs.slice(1, -1).some((s) => s.startsWith('_')));
  }

  contentDirOf(path: string): string | undefined {
    let best: string | undefined;
    // Indexed: asked of every file a walk finds.
    const dirs = this.site.contentDirs;
    for (let i = 0; i < dirs.length; i++) if (isBelow(dirs[i], path) && (!best || dirs[i].length > best.length)) best = dirs[i];
    return best;
  }

  /**
   * Keeps the text of every post read from now on (`check`, which goes through every post next),
   * until releaseText: textRead gives it back and linksRead knows the entry's links are of it.
   * `readFrontMatter`: how to parse each post's front matter meanwhile, when the caller needs a
   * parse of its own of every post (check's exact-range one), so each is parsed once.
   */
  keepTexts(readFrontMatter?: FrontMatterReader): void {
    this.keepingTexts = true;
    this.frontMatterReader = readFrontMatter;
  }

  /** Posts read from now on get no summary from their first paragraph (the CLI's commands show none). */
  withoutSummaries(): void {
    this.summaries = false;
  }

  private summaries = true;

  /** The text a post was last read from, while kept. */
  textRead(path: string): string | undefined {
    return this.readTexts.get(path);
  }

  releaseText(path: string): void {
    this.readTexts.delete(path);
  }

  /**
   * The post's links as the index parsed them, when `text` is the very text they were read from
   * (the same string: a check, or an open document the index has followed); otherwise undefined,
   * and the caller parses `text` itself.
   */
  linksRead(path: string, text: string): LinkOccurrence[] | undefined {
    const read = this.readTexts.get(path);
    return read !== undefined && read === text ? this.posts.get(path)?.links : undefined;
  }

  /**
   * Re-reads one post from its text (an edit in an open document or a change on disk). `fromEditor`:
   * the text is an open document's, held by the editor anyway, so the index may keep it (linksRead).
   * `liquid`: the text's Liquid scan when the caller has made it (the open document's, document.ts).
   */
  update(path: string, text: string, fromEditor = false, liquid?: LiquidScan): PostEntry | undefined {
    const contentDir = this.contentDirOf(path);
    this.readTexts.delete(path);
    if (!contentDir || !this.isContentFile(path)) return undefined;
    if (!this.isPostText(path, text)) {
      if (this.posts.has(path)) this.remove(path);
      return undefined;
    }
    const previous = this.posts.get(path);
    this.removeEntry(path);
    const entry = readPost(this.site, path, contentDir, text, this.keepingTexts ? this.frontMatterReader?.(path, text) : undefined, true, liquid, this.summaries);
    for (const l of this.postReaders) l(entry, text, previous);
    this.add(entry);
    if (fromEditor || this.keepingTexts) this.readTexts.set(path, text);
    this.text.schedule(entry, text);
    // Most keystrokes leave terms and dates alone: the derived lists keyed on these stay valid.
    if (!previous || !sameTerms(previous.terms, entry.terms)) {
      this.termsVersion++;
      // One post's terms changed and nothing else about the set of posts: term tables can patch that post.
      this.lastTermsChange = previous && previous.isSection === entry.isSection ? { generation: this.termsVersion, path } : undefined;
    }
    if (!previous || previous.date !== entry.date || previous.isSection !== entry.isSection) this.membershipVersion++;
    if (!previous || previous.permalink !== entry.permalink || previous.draft !== entry.draft || !sameStrings(previous.aliases, entry.aliases)) this.permalinkVersion++;
    if (!previous || !sameLinkShape(previous, entry)) {
      this.linksVersion++;
      // Typing a link, or changing a tag or the title, changes nothing other posts' links resolve
      // against (a post's URL, aliases, draft state): link caches update this post alone.
      const linksOnly = !!previous && sameUrlShape(previous, entry);
      this.lastLinksOnlyChange = linksOnly ? { generation: this.linksVersion, path } : undefined;
    }
    this.changed();
    return entry;
  }

  remove(path: string): void {
    this.readTexts.delete(path);
    this.text.remove(path);
    if (this.removeEntry(path)) {
      this.termsVersion++;
      this.membershipVersion++;
      this.linksVersion++;
      this.changed();
    }
  }

  /** Removes every post under a folder (a deleted or renamed directory). */
  removeFolder(folder: string): void {
    let any = false;
    for (const path of [...this.posts.keys()]) if (path.startsWith(folder + '/')) {
      this.readTexts.delete(path);
      this.text.remove(path);
      any = this.removeEntry(path) || any;
    }
    if (any) {
      this.termsVersion++;
      this.membershipVersion++;
      this.linksVersion++;
      this.changed();
    }
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  private add(entry: PostEntry): void {
    this.posts.set(entry.path, entry);
    if (this.seeding && !entry.isSection && !this.seeding.add(entry)) this.seeding = undefined;
    addTo(this.byFileName, entry.fileName, entry.path);
    if (entry.isBundle) addTo(this.byFileName, basename(dirname(entry.path)), entry.path);
    // The permalink, then the aliases (no array made per post).
    if (entry.permalink) addTo(this.byPermalink, normalizeUrlPath(entry.permalink), entry.path);
    for (let i = 0; i < entry.aliases.length; i++) if (entry.aliases[i]) addTo(this.byPermalink, normalizeUrlPath(entry.aliases[i]), entry.path);
    // forEach and indexed loops: each post is added once, mostly by code not yet optimized, where a
    // for…of makes an iterator and a result (and a [key, value] pair) per step.
    entry.terms.forEach((terms, tax) => {
      let counts = this.termCounts.get(tax);
      if (!counts) this.termCounts.set(tax, (counts = new Map()));
      const once = distinctTerms(terms);
      for (let i = 0; i < once.length; i++) {
        const term = once[i];
        const n = counts.get(term) ?? 0;
        counts.set(term, n + 1);
        if (n === 0 && this.termUrlCounts) countIn(this.termUrlCounts, termUrl(tax, term), 1);
      }
    });
    if (this.relatedCounts) {
      for (const r of entry.related) countIn(this.relatedCounts, r, 1);
      this.relatedTotal += entry.related.length;
    }
    if (this.keyCounts || this.valueCounts) this.countKeys(entry, 1);
  }

  /** A post's keys and scalar values counted in (delta 1) or out (-1), in the tables made so far. */
  private countKeys(entry: PostEntry, delta: number): void {
    for (const key of Object.keys(entry.data)) {
      if (this.keyCounts) countIn(this.keyCounts, key, delta);
      if (this.valueCounts) this.countValue(this.valueCounts, key, entry.data[key], delta);
    }
  }

  private removeEntry(path: string): boolean {
    const entry = this.posts.get(path);
    if (!entry) return false;
    // A post gone or moved while the first build runs: the table's order is no longer the posts'.
    this.seeding = undefined;
    this.posts.delete(path);
    removeFrom(this.byFileName, entry.fileName, path);
    if (entry.isBundle) removeFrom(this.byFileName, basename(dirname(entry.path)), path);
    if (entry.permalink) removeFrom(this.byPermalink, normalizeUrlPath(entry.permalink), path);
    for (const url of entry.aliases) if (url) removeFrom(this.byPermalink, normalizeUrlPath(url), path);
    for (const [tax, terms] of entry.terms) {
      const counts = this.termCounts.get(tax);
      if (!counts) continue;
      for (const term of distinctTerms(terms)) {
        const n = (counts.get(term) ?? 0) - 1;
        if (n > 0) counts.set(term, n);
        else {
          counts.delete(term);
          if (this.termUrlCounts) countIn(this.termUrlCounts, termUrl(tax, term), -1);
        }
      }
    }
    if (this.relatedCounts) {
      for (const r of entry.related) countIn(this.relatedCounts, r, -1);
      this.relatedTotal -= entry.related.length;
    }
    if (this.keyCounts || this.valueCounts) this.countKeys(entry, -1);
    return true;
  }

  private countValue(valueCounts: Map<string, Map<string, number> | undefined>, key: string, value: unknown, delta: number): void {
    if (value === null || value === undefined || typeof value === 'object') return;
    const k = key.toLowerCase();
    // One lookup for a key already counted (has() only tells a key past MAX_TRACKED_VALUES from a new one).
    let counts = valueCounts.get(k);
    if (!counts) {
      if (valueCounts.has(k)) return;
      valueCounts.set(k, (counts = new Map()));
    }
    const text = String(value);
    const n = (counts.get(text) ?? 0) + delta;
    if (n > 0) counts.set(text, n);
    else counts.delete(text);
    if (counts.size > MAX_TRACKED_VALUES) valueCounts.set(k, undefined);
  }

  // ------------------------------------------------------------------ queries

  get postCount(): number {
    let n = 0;
    for (const p of this.posts.values()) if (!p.isSection) n++;
    return n;
  }

  get(path: string): PostEntry | undefined {
    return this.posts.get(path);
  }

  /** Posts whose file name (or bundle folder name) is `name`. */
  byName(name: string): PostEntry[] {
    return this.postsAt(this.byFileName.get(name));
  }

  /** Posts published at a URL path (permalink or alias), normalised: `/2024/04/19/cortos/`. */
  byUrl(urlPath: string): PostEntry[] {
    return this.postsAt(this.byPermalink.get(normalizeUrlPath(urlPath)));
  }

  /** The posts at these paths, in one list (asked once per related entry and per link resolved). */
  private postsAt(paths: PathsAt | undefined): PostEntry[] {
    const out: PostEntry[] = [];
    if (typeof paths === 'string') {
      const post = this.posts.get(paths);
      if (post) out.push(post);
    } else if (paths)
      for (const p of paths) {
        const post = this.posts.get(p);
        if (post) out.push(post);
      }
    return out;
  }

  /** Whether any post has this file name (or bundle folder name): `byName` without building the list. */
  hasName(name: string): boolean {
    return this.byFileName.has(name);
  }

  /** Posts a bare name names (a `related` entry without a path): the file or bundle name, else with `.md` added when it has no extension. */
  byBareName(name: string): PostEntry[] {
    const found = this.byName(name);
    return found.length || /\.\w+$/.test(name) ? found : this.byName(name + '.md');
  }

  /** Whether `byBareName` finds any post, without building the list. */
  hasBareName(name: string): boolean {
    return this.byFileName.has(name) || (!/\.\w+$/.test(name) && this.byFileName.has(name + '.md'));
  }

  /** Every `related` entry posts list (section pages too), as written, with how many times it is listed. */
  relatedEntries(): ReadonlyMap<string, number> {
    if (!this.relatedCounts) {
      this.relatedCounts = new Map();
      this.relatedTotal = 0;
      for (const entry of this.posts.values()) {
        for (const r of entry.related) countIn(this.relatedCounts, r, 1);
        this.relatedTotal += entry.related.length;
      }
    }
    return this.relatedCounts;
  }

  /** How many `related` entries all posts list together. */
  get relatedEntryTotal(): number {
    this.relatedEntries();
    return this.relatedTotal;
  }

  allFileNames(): string[] {
    return [...this.byFileName.keys()];
  }

  /** The terms of a taxonomy with their counts, most used first. */
  terms(taxonomy: string): TermStat[] {
    const tax = taxonomy.toLowerCase();
    const cached = this.sortedTerms.get(tax);
    if (cached && cached.version === this.termsVersion) return cached.terms;
    const counts = this.termCounts.get(tax);
    const terms = counts ? [...counts].map(([term, count]) => ({ term, count })).sort((a, b) => b.count - a.count || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0)) : [];
    this.sortedTerms.set(tax, { version: this.termsVersion, terms });
    return terms;
  }

  /** The ranking table the first build filled, once (the taker keeps it current from then on). */
  takeTermPostings(): TermPostings | undefined {
    const seeded = this.seeded;
    this.seeded = undefined;
    return seeded;
  }

  /** Posts (not section pages), newest first. */
  postsByRecency(): PostEntry[] {
    if (this.recency && this.recency.version === this.membershipVersion) return this.recency.posts;
    const posts = [...this.posts.values()].filter((p) => !p.isSection).sort((a, b) => (this.collator ??= new Intl.Collator()).compare(b.date ?? '', a.date ?? ''));
    this.recency = { version: this.membershipVersion, posts };
    return posts;
  }

  /** Changes when what links resolve against changes (not on every keystroke): for link caches. */
  get linkGeneration(): number {
    return this.linksVersion;
  }

  /** The post whose links alone made the last link generation, if that is what happened. */
  linksOnlyChangeAt(generation: number): string | undefined {
    return this.lastLinksOnlyChange?.generation === generation ? this.lastLinksOnlyChange.path : undefined;
  }

  /** Changes when posts come, go, move or change terms. */
  get structureGeneration(): string {
    return `${this.membershipVersion}.${this.termsVersion}.${this.permalinkVersion}`;
  }

  /** The post whose terms alone made this terms generation (from the one before), if that is what happened. */
  termsOnlyChangeAt(generation: number): string | undefined {
    return this.lastTermsChange?.generation === generation ? this.lastTermsChange.path : undefined;
  }

  /** Changes when posts come, go or move, not when their terms change: what URL lookups are built from. */
  get urlGeneration(): string {
    return `${this.membershipVersion}.${this.permalinkVersion}`;
  }

  /** Changes when terms change (not on every keystroke): for caches derived from the terms. */
  get termsGeneration(): number {
    return this.termsVersion;
  }

  termCount(taxonomy: string, term: string): number {
    return this.termCounts.get(taxonomy.toLowerCase())?.get(term) ?? 0;
  }

  /** Normalised URL of a term page (`/tags/r`) → how many distinct terms have it; built on first use, then kept per post. */
  private termUrlCounts: Map<string, number> | undefined;

  /** Whether a taxonomy term page is at this normalised URL path (`/tags/r`), as Hugo urlizes terms. */
  hasTermPage(normalizedUrl: string): boolean {
    if (!this.termUrlCounts) {
      this.termUrlCounts = new Map();
      for (const [tax, counts] of this.termCounts) for (const term of counts.keys()) countIn(this.termUrlCounts, termUrl(tax, term), 1);
    }
    return this.termUrlCounts.has(normalizedUrl);
  }

  private foldedCache = new Map<string, { generation: number; byFolded: Map<string, string[]> }>();

  /** Other spellings of a term that differ only by case or accents, with their counts. */
  termVariants(taxonomy: string, term: string): TermStat[] {
    const tax = taxonomy.toLowerCase();
    const counts = this.termCounts.get(tax);
    if (!counts) return [];
    let cached = this.foldedCache.get(tax);
    if (!cached || cached.generation !== this.termsVersion) {
      const byFolded = new Map<string, string[]>();
      for (const t of counts.keys()) {
        const f = foldTerm(t);
        const list = byFolded.get(f);
        if (list) list.push(t);
        else byFolded.set(f, [t]);
      }
      this.foldedCache.set(tax, (cached = { generation: this.termsVersion, byFolded }));
    }
    return (cached.byFolded.get(foldTerm(term)) ?? []).filter((t) => t !== term).map((t) => ({ term: t, count: counts.get(t) ?? 0 }));
  }

  keys(): TermStat[] {
    if (!this.keyCounts) {
      this.keyCounts = new Map();
      for (const entry of this.posts.values()) for (const key of Object.keys(entry.data)) countIn(this.keyCounts, key, 1);
    }
    return [...this.keyCounts].map(([term, count]) => ({ term, count })).sort((a, b) => b.count - a.count);
  }

  /** The values a key takes across the blog when they are few (author, draft, series…). */
  valuesOf(key: string): TermStat[] | undefined {
    if (!this.valueCounts) {
      const valueCounts = (this.valueCounts = new Map());
      for (const entry of this.posts.values()) for (const k of Object.keys(entry.data)) this.countValue(valueCounts, k, entry.data[k], 1);
    }
    const counts = this.valueCounts.get(key.toLowerCase());
    if (!counts) return undefined;
    return [...counts].map(([term, count]) => ({ term, count })).sort((a, b) => b.count - a.count);
  }
}

function sameTerms(a: Map<string, string[]>, b: Map<string, string[]>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.length !== v.length || v.some((x, i) => x !== w[i])) return false;
  }
  return true;
}

function sameStrings(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether two versions of a post look the same to link resolution. */
function sameLinkShape(a: PostEntry, b: PostEntry): boolean {
  return samePageShape(a, b) && a.links.length === b.links.length && a.links.every((l, i) => l.kind === b.links[i].kind && l.target === b.links[i].target && l.shortcode === b.links[i].shortcode);
}

/** The same page as far as links to it go: URL, aliases, title, terms, draft state. */
function samePageShape(a: PostEntry, b: PostEntry): boolean {
  return sameUrlShape(a, b) && a.title === b.title && sameTerms(a.terms, b.terms);
}

/** The same page as far as resolving a link to it goes: its URL, aliases, kind and draft state. */
function sameUrlShape(a: PostEntry, b: PostEntry): boolean {
  return a.permalink === b.permalink && a.draft === b.draft && a.isSection === b.isSection && sameStrings(a.aliases, b.aliases);
}

function termUrl(taxonomy: string, term: string): string {
  return normalizeUrlPath(`/${taxonomy}/${urlize(term)}/`);
}

function countIn(map: Map<string, number>, key: string, delta: number): void {
  const n = (map.get(key) ?? 0) + delta;
  if (n > 0) map.set(key, n);
  else map.delete(key);
}

/** `new Set(items)`'s items in its order, as a list; a short list without repeats (nearly every post's terms) as it is. */
function distinctTerms(items: string[]): string[] {
  if (items.length > 16) return [...new Set(items)];
  for (let i = 1; i < items.length; i++) if (items.lastIndexOf(items[i], i - 1) >= 0) return [...new Set(items)];
  return items;
}

/** One path, or a Set of them in the order they were added. */
type PathsAt = string | Set<string>;

function addTo(map: Map<string, PathsAt>, key: string, value: string): void {
  const at = map.get(key);
  if (at === undefined) map.set(key, value);
  else if (typeof at !== 'string') at.add(value);
  else if (at !== value) map.set(key, new Set([at, value]));
}

function removeFrom(map: Map<string, PathsAt>, key: string, value: string): void {
  const at = map.get(key);
  if (at === undefined) return;
  if (typeof at === 'string') {
    if (at === value) map.delete(key);
    return;
  }
  at.delete(value);
  if (!at.size) map.delete(key);
}

/** No escape, query, fragment, `.html` or ASCII capital: only numbers, case and trailing slashes can need work. */
const SIMPLE_URL_PATH = /^\/[^A-Z%?#]*$/;
/** The general form drops these (`/a/index.html`, `/a.htm`). */
const HTML_AT_END = /\.html?$/;
/** The three tests above at once for an ASCII path (nearly every permalink): one native search. */
const PLAIN_ASCII_URL_PATH = /^\/(?![\s\S]*\.html?$)[^A-Z%?#\x80-\uffff]*$/;
/** A segment unpadNumbers may change: zero-padded, or of more digits than parseInt gives back. */
const PADDED_NUMBER = /\/(?:0\d*|\d{17,})(?=\/|$)/;
/** The zeros before the last digit of a number segment (`/007/` → `/7/`, `/00/` → `/0/`). */
const LEADING_ZEROS = /\/0+(?=\d+(?:\/|$))/g;
/** A number segment of more digits than parseInt gives back. */
const LONG_NUMBER = /\/\d{17,}(?=\/|$)/;
const LONG_NUMBERS = /\/(\d{17,})(?=\/|$)/g;

/**
 * `path` (starting with `/`) with each all-digit segment as parseInt reads it (`/2024/04/` → `/2024/4/`),
 * as the general path of normalizeUrlPath gives it. Native replaces, not a loop over the characters
 * (while this code is cold, each read of one is a call): the zeros that lead a number segment go, and
 * a number too long to come back the same (a callback, nearly never) is read as parseInt reads it.
 */
function unpadNumbers(path: string): string {
  if (!PADDED_NUMBER.test(path)) return path;
  const unpadded = path.replace(LEADING_ZEROS, '/');
  return LONG_NUMBER.test(unpadded) ? unpadded.replace(LONG_NUMBERS, (_, digits: string) => '/' + String(parseInt(digits, 10))) : unpadded;
}

/**
 * One form for URL paths so that `/2024/04/19/cortos`, `/2024/04/19/cortos/index.html`,
 * `/2024/4/19/cortos/` and the percent-encoded form all meet.
 */
export function normalizeUrlPath(url: string): string {
  // Most permalinks and image paths are already lower case and unescaped (the general form would
  // only drop trailing slashes and zero padding): no split and join of every segment for them.
  if (PLAIN_ASCII_URL_PATH.test(url) || (SIMPLE_URL_PATH.test(url) && !HTML_AT_END.test(url) && url.toLowerCase() === url)) {
    let end = url.length;
    while (end > 1 && url.charCodeAt(end - 1) === 47) end--;
    const p = end === url.length ? url : url.slice(0, end);
    return unpadNumbers(p);
  }
  return normalizeUrlPathGenerally(url);
}

/** normalizeUrlPath's general form (exported for the test that holds the quick form to it). */
export function normalizeUrlPathGenerally(url: string): string {
  let p = url.replace(/[?#].*$/, '');
  try {
    p = decodeURI(p);
  } catch {
    /* keep as written */
  }
  p = p.replace(/\/index\.html?$/, '/').replace(/\.html?$/, '');
  p = p
    .split('/')
    .map((seg) => (/^\d+$/.test(seg) ? String(parseInt(seg, 10)) : seg.toLowerCase()))
    .join('/');
  if (!p.startsWith('/')) p = '/' + p;
  return p.replace(/\/+$/, '') || '/';
}
