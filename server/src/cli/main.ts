/**
 * `blog-author` on the command line: the language server (`lsp --stdio`), and the core's answers
 * for a whole blog (`check`, `index --stats`, `render`). Same core as the editor.
 */
import { lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'fs';
import { join, relative, resolve } from 'path';
import { parseArgs, type ParseArgsConfig } from 'util';
import { growYoungGenerationEarly, tuneCompilerForOneShot } from '../v8Tuning';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../languageService';
import { BlogService } from '../service';
import { formatCount } from '../text';
import { NodeWorkspace } from '../workspace/nodeWorkspace';
import { findSiteRoot } from '../site/siteModel';
import type { CliIO } from './io';
import { runTaxonomyCommand } from '../features/taxonomy/cli';
import { NO_SITE_CONFIG, siteRootAbove } from './siteRoot';
import { runSuggestCommand } from './suggest';
import { ClientUris, fromNativePath } from '../workspace/uri';
import { parseFrontMatter, type FrontMatter } from '../parse/frontMatter';
import { reuseFrontMatter } from '../features/frontMatter/access';
import { readFrontMatterData } from '../parse/fastFrontMatter';
import type { FrontMatterReader } from '../index/blogIndex';

// Each command loads only what it needs: the language server and the renderer are separate bundles
// (dist/server/server.js, dist/server/render.js; see scripts/build.mjs), required on first use.
const loadRenderer = (): typeof import('../renderMain') => require('../renderMain');
const startLanguageServer = (): unknown => require('../serverMain');

/** Reads stdout/stderr; `out` stops quietly once the reader has gone (`| head`: EPIPE is not an error). */
export type { CliIO } from './io';

let stdoutClosed = false;
const consoleIO: CliIO = {
  out: (t) => {
    if (!stdoutClosed) process.stdout.write(t);
  },
  err: (t) => process.stderr.write(t),
};

/** `| head` closes the pipe early: stop writing, keep the exit code, print no stack trace. */
export function ignoreClosedStdout(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') stdoutClosed = true;
    else throw e;
  });
}

/** A command of the table below: its options (for `util.parseArgs`, strict), its help, and what it does. */
export interface CliCommand {
  name: string;
  /** One line in the command list of `blog-author --help`. */
  summary: string;
  /** `blog-author NAME …` line(s). */
  usage: string;
  /** Explained options and anything else `blog-author NAME --help` says. */
  details: string;
  options: Record<string, { type: 'string' | 'boolean'; short?: string; choices?: string[] }>;
  /** How many positional arguments the command takes. */
  positionals: { min: number; max: number; name: string };
  run: (values: Record<string, string | boolean | undefined>, positionals: string[], io: CliIO) => Promise<number>;
  /** Runs until the editor ends it (`lsp`): V8 tiers its code up as for any long-running process (and the server sets its own V8 flags). */
  longRunning?: true;
}

export class UsageError extends Error {}

/** Strict parsing: unknown options, missing or bad values and extra arguments are usage errors (exit 2). */
export function parseCommandArgs(command: CliCommand, args: string[]): { values: Record<string, string | boolean | undefined>; positionals: string[]; help: boolean } {
  const options: ParseArgsConfig['options'] = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(command.options)) options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
  let parsed;
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (e) {
    // Node's messages are long and mention `--` tricks; keep the first sentence.
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '');
    const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
    throw new UsageError(missing ? `option '${missing[1]}' needs a value` : message.replace(/^Unknown option/, 'unknown option').replace(/^Option/, 'option'));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { values, positionals: parsed.positionals, help: true };
  for (const [name, o] of Object.entries(command.options)) {
    const v = values[name];
    if (o.type === 'string' && typeof v === 'string') {
      if (v === '' || (v.startsWith('-') && !o.choices)) throw new UsageError(`option '--${name}' needs a value`);
      if (o.choices && !o.choices.includes(v)) throw new UsageError(`option '--${name}' must be ${o.choices.map((c) => `'${c}'`).join(' or ')}, not '${v}'`);
    }
  }
  const { min, max, name } = command.positionals;
  if (parsed.positionals.length > max) {
    const extra = parsed.positionals.slice(max).map((p) => `'${p}'`).join(' ');
    throw new UsageError(max === 0 ? `takes no arguments (got ${extra})` : `takes at most ${max} ${name} (unexpected ${extra})`);
  }
  if (parsed.positionals.length < min) throw new UsageError(`missing ${name}`);
  return { values, positionals: parsed.positionals, help: false };
}

export function commandHelp(command: CliCommand): string {
  return `Usage: ${command.usage}\n\n${command.summary}\n\n${command.details}`.replace(/\n*$/, '\n');
}

/** The folder to open for DIR: DIR itself or a folder below it (as the editor does), else the nearest folder above (as git does). */
async function locateSite(dir: string, io: CliIO): Promise<string | undefined> {
  const folder = fromNativePath(resolve(dir));
  let isDir: boolean;
  try {
    isDir = statSync(folder).isDirectory();
  } catch {
    io.err(`blog-author: ${dir}: no such folder\n`);
    return undefined;
  }
  if (!isDir) {
    io.err(`blog-author: ${dir}: not a folder (give the site's folder, or any folder inside it)\n`);
    return undefined;
  }
  const ws = new NodeWorkspace();
  const root = (await findSiteRoot(ws, folder)) ?? (await siteRootAbove(ws, folder));
  if (!root) {
    io.err(`blog-author: ${dir} is not inside a site: ${NO_SITE_CONFIG} in ${folder}, in the folders above it or two folders below\n`);
    return undefined;
  }
  return root;
}

/** `p` relative to the current folder, or absolute when that is shorter. */
function shortPath(p: string): string {
  const rel = relative(process.cwd(), p).replace(/\\/g, '/') || '.';
  return rel.length <= p.length ? rel : p;
}

/**
 * `check` and `index` answer no suggestion: they run without the text index, so the process exits
 * once the posts are read instead of reading every file a second time for their words.
 */
const WITHOUT_TEXT_INDEX = { suggestions: { rankBy: 'use' } };

/**
 * A file name a folder listing answers for on every file system: ASCII, compared without case; no
 * `~` (Windows short names), no trailing dot, not `.` or `..`. Other names are asked of the disk.
 */
const PLAIN_NAME = /^(?!\.\.?$)[A-Za-z0-9_.+-]*[A-Za-z0-9_+-]$/;

/** Whether `path` (its last `/` at `slash`) sits in a folder that is no root (`/`, `c:/`, `//server/share`). */
const hasFolder = (path: string, slash: number): boolean => !path.startsWith('//') && slash > 0 && path.lastIndexOf('/', slash - 1) >= 0;

/**
 * The file system as one command run sees it: the site does not change while `check` runs, so where
 * a path really leads and whether it is a file are asked of the disk once per path (links to the
 * same static file, and the site root on every containment check, would stat again each time).
 * One `lstat` per path answers both when the path is no symbolic link: a missing path leads nowhere,
 * and a plain file or folder is where its folder really is (realpath of the folder, once per folder),
 * instead of `realpath` walking every component of every linked file, most of them missing.
 */
export function snapshotWorkspace(): NodeWorkspace {
  const ws = new NodeWorkspace();
  const real = new Map<string, string | undefined>();
  const stats = new Map<string, ReturnType<NodeWorkspace['statNow']>>();
  const realPathNow = ws.realPathNow.bind(ws);
  const statNow = ws.statNow.bind(ws);
  /**
   * Lower-cased names in a folder, read once: almost every path `check` asks about is missing (links to
   * static files tried under each static folder), and a few folders hold them all. null: no such folder.
   */
  const listings = new Map<string, Set<string> | null | undefined>();
  const listing = (folder: string): Set<string> | null | undefined => {
    if (listings.has(folder)) return listings.get(folder);
    let names: Set<string> | null | undefined;
    const slash = folder.lastIndexOf('/');
    const name = folder.slice(slash + 1);
    // A folder its parent does not list does not exist: its files are missing without a call each.
    const parent = hasFolder(folder, slash) && PLAIN_NAME.test(name) ? listing(folder.slice(0, slash)) : undefined;
    if (parent === null || (parent && !parent.has(name.toLowerCase()))) names = null;
    else {
      try {
        names = new Set(readdirSync(ws.nativePath(folder)).map((n) => n.toLowerCase()));
      } catch (e) {
        names = (e as NodeJS.ErrnoException).code === 'ENOENT' ? null : undefined;
      }
    }
    listings.set(folder, names);
    return names;
  };
  /** Whether the folder listing alone says `path` is missing (no name that any file system could match). */
  const listedMissing = (path: string): boolean => {
    const slash = path.lastIndexOf('/');
    const name = path.slice(slash + 1);
    if (!hasFolder(path, slash) || !PLAIN_NAME.test(name)) return false;
    const names = listing(path.slice(0, slash));
    return names === null || (names !== undefined && !names.has(name.toLowerCase()));
  };
  /** Records what one lstat tells; false when the path is a link (or lstat failed oddly), to be asked in full. */
  const look = (path: string): boolean => {
    if (listedMissing(path)) {
      real.set(path, undefined);
      stats.set(path, undefined);
      return true;
    }
    let s: Stats | undefined;
    try {
      s = lstatSync(ws.nativePath(path), { throwIfNoEntry: false });
    } catch {
      return false;
    }
    if (!s) {
      real.set(path, undefined);
      stats.set(path, undefined);
      return true;
    }
    if (s.isSymbolicLink()) return false;
    stats.set(path, { mtimeMs: s.mtimeMs, size: s.size, isDirectory: s.isDirectory() });
    const slash = path.lastIndexOf('/');
    // `/x` and `c:/x` are asked in full: their folder is a root.
    const folder = slash > 0 && path.lastIndexOf('/', slash - 1) >= 0 ? path.slice(0, slash) : undefined;
    const realFolder = folder === undefined ? undefined : ws.realPathNow(folder);
    real.set(path, realFolder === undefined ? realPathNow(path) : realFolder.endsWith('/') ? realFolder + path.slice(slash + 1) : `${realFolder}/${path.slice(slash + 1)}`);
    return true;
  };
  ws.realPathNow = (path) => {
    if (!real.has(path) && !look(path)) real.set(path, realPathNow(path));
    return real.get(path);
  };
  ws.statNow = (path) => {
    if (!stats.has(path) && !look(path)) stats.set(path, statNow(path));
    return stats.get(path);
  };
  return ws;
}

/**
 * URIs as one command run makes them: `check` names each post's document by a URI made from its
 * path, and every feature asks that URI's path back (a URI parse per post and feature, else): the
 * path it was made from is the answer. Other URIs are read as usual.
 */
export class CommandUris extends ClientUris {
  private readonly made = new Map<string, string>();

  override toUri(path: string): string {
    const uri = super.toUri(path);
    this.made.set(uri, path);
    return uri;
  }

  override toPath(uri: string): string {
    return this.made.get(uri) ?? super.toPath(uri);
  }
}

async function openService(dir: string, io: CliIO, shownPath: (p: string) => string = (p) => p): Promise<BlogService | undefined> {
  const root = await locateSite(dir, io);
  if (!root) return undefined;
  const service = await BlogService.create({ workspace: snapshotWorkspace(), folder: root, log: () => undefined, settings: WITHOUT_TEXT_INDEX, uris: new CommandUris() });
  // Summaries (a post's first paragraph) are for hover cards and completion details: no command prints one.
  service.index.withoutSummaries();
  for (const p of service.site.problems) io.err(`${shownPath(p.file)}: error: ${p.message} [config]\n`);
  return service;
}

const QUICK_FIXES = [CodeActionKind.QuickFix];

const SEVERITY_NAMES: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

/**
 * What the index reads each post's front matter with during `check`: the exact-range parse the
 * diagnostics need anyway (kept in `parsed` for them), so each post is parsed once. Its data is the
 * index's own where the two parsers agree, YAML without problems (tested on fixtures and corpora);
 * TOML (dates as objects) and broken front matter (partial data, where the index keeps none) are
 * read by the index's own parse, as in the editor.
 */
export function frontMatterReaderFor(parsed: Map<string, FrontMatter>): FrontMatterReader {
  return (path, text) => {
    const fm = parseFrontMatter(text);
    parsed.set(path, fm);
    return fm.format === 'yaml' && !fm.problems.length ? fm : readFrontMatterData(text);
  };
}

/** `check`: every diagnostic of the site. Paths are relative to the site root, or to `--relative-to DIR`. */
export async function runCheck(args: string[], io: CliIO = consoleIO): Promise<number> {
  return runCommand(CHECK, args, io);
}

async function check(values: Record<string, string | boolean | undefined>, positionals: string[], io: CliIO): Promise<number> {
  const [dir = '.'] = positionals;
  const format = (values.format as string | undefined) ?? 'text';
  const root = await locateSite(dir, io);
  if (!root) return 2;
  const relativeTo = typeof values['relative-to'] === 'string' ? values['relative-to'] : undefined;
  const base = relativeTo !== undefined ? fromNativePath(resolve(relativeTo)) : root;
  if (relativeTo !== undefined && !statSync(base, { throwIfNoEntry: false })?.isDirectory()) {
    // a typo here would print every path wrong without a word
    io.err(`blog-author check: option '--relative-to' names no folder: ${relativeTo} (see 'blog-author check --help')\n`);
    return 2;
  }
  const shown = (p: string) => relative(base, p).replace(/\\/g, '/') || '.';
  const service = await openService(root, io, shown);
  if (!service) return 2;
  // The index reads every file once and keeps those texts for check, rather than each file being
  // read again; the links the index parsed of them are used as they are (features/links), and the
  // front matter is parsed once, with ranges, for both the index and the diagnostics.
  const frontMatters = new Map<string, FrontMatter>();
  service.index.keepTexts(frontMatterReaderFor(frontMatters));
  await service.buildIndex();
  const results: { path: string; diagnostics: Diagnostic[]; fixes?: Map<Diagnostic, string[]> }[] = [];
  const features = createLanguageService();
  // Site-level information (absent theme modules, render hooks whose links are not checked): once, on its file.
  const notes = new Map<string, Diagnostic[]>();
  for (const n of service.site.notes) {
    const d: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: DiagnosticSeverity.Information, code: n.code, message: n.message };
    notes.set(n.file, [...(notes.get(n.file) ?? []), d]);
  }
  for (const [path, diagnostics] of notes) results.push({ path, diagnostics });
  for (const post of [...service.index.posts.values()].sort((a, b) => a.path.localeCompare(b.path))) {
    const kept = service.index.textRead(post.path);
    const text = kept ?? (await service.readText(post.path));
    const fm = frontMatters.get(post.path);
    frontMatters.delete(post.path);
    if (text === undefined) continue;
    const doc = TextDocument.create(service.uris.toUri(post.path), 'markdown', 0, text);
    if (fm && kept !== undefined) reuseFrontMatter(service, doc, fm);
    const diagnostics = features.diagnostics(service, doc);
    const done = () => {
      // Each text and its parses are needed once: let them go.
      service.index.releaseText(post.path);
      service.cache.forget(doc.uri);
    };
    if (!diagnostics.length) {
      done();
      continue;
    }
    const fixes = new Map<Diagnostic, string[]>();
    if (format === 'json') {
      for (const d of diagnostics) {
        // Quick fixes only: the suggestion actions (related posts, terms) attach to no diagnostic, so check never prints them.
        const edits = features.codeActions(service, doc, d.range, { diagnostics: [d], only: QUICK_FIXES })
          .filter((a) => a.diagnostics?.includes(d))
          .map((a) => a.edit?.changes?.[doc.uri]?.[0]?.newText)
          .filter((t): t is string => t !== undefined);
        if (edits.length) fixes.set(d, edits);
      }
    }
    done();
    results.push({ path: post.path, diagnostics, fixes });
  }
  let errors = service.site.problems.length;
  let warnings = 0;
  for (const r of results) for (const d of r.diagnostics) d.severity === DiagnosticSeverity.Error ? errors++ : d.severity === DiagnosticSeverity.Warning && warnings++;
  if (format === 'json') {
    const json = results.flatMap((r) =>
      r.diagnostics.map((d) => ({
        path: shown(r.path),
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: SEVERITY_NAMES[d.severity ?? DiagnosticSeverity.Error],
        message: d.message,
        rule: d.code ?? null,
        ...(r.fixes?.get(d) ? { fixes: r.fixes.get(d) } : {}),
      })),
    );
    io.out(JSON.stringify(json, null, 2) + '\n');
  } else {
    for (const r of results) {
      const path = shown(r.path);
      for (const d of r.diagnostics) {
        io.out(`${path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY_NAMES[d.severity ?? 1]}: ${d.message}${d.code ? ` [${d.code}]` : ''}\n`);
      }
    }
    io.err(`${formatCount(service.index.posts.size)} files checked (site: ${shortPath(root)}): ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  }
  return errors > 0 ? 1 : 0;
}

export interface IndexStats {
  generator: string;
  root: string;
  files: number;
  posts: number;
  sections: number;
  drafts: number;
  formats: Record<string, number>;
  taxonomies: Record<string, { terms: number; uses: number }>;
  relatedEntries: number;
  relatedResolved: number;
  links: number;
  shortcodeUses: number;
  frontMatterErrors: number;
  milliseconds: number;
}

export async function collectStats(service: BlogService): Promise<IndexStats> {
  const started = performance.now();
  await service.buildIndex();
  const milliseconds = Math.round(performance.now() - started);
  const stats: IndexStats = {
    generator: service.site.generator,
    root: service.site.root,
    files: service.index.posts.size,
    posts: service.index.postCount,
    sections: 0,
    drafts: 0,
    formats: {},
    taxonomies: {},
    relatedEntries: 0,
    relatedResolved: 0,
    links: 0,
    shortcodeUses: 0,
    frontMatterErrors: 0,
    milliseconds,
  };
  for (const tax of service.site.taxonomies) {
    const terms = service.index.terms(tax.plural);
    stats.taxonomies[tax.plural] = { terms: terms.length, uses: terms.reduce((n, t) => n + t.count, 0) };
  }
  for (const post of service.index.posts.values()) {
    if (post.isSection) stats.sections++;
    if (post.draft) stats.drafts++;
    stats.formats[post.format] = (stats.formats[post.format] ?? 0) + 1;
    stats.relatedEntries += post.related.length;
    for (const r of post.related) if (service.index.hasName(r)) stats.relatedResolved++;
    stats.links += post.links.length;
    stats.shortcodeUses += post.shortcodes.length;
    if (post.error) stats.frontMatterErrors++;
  }
  return stats;
}

export async function runIndex(args: string[], io: CliIO = consoleIO): Promise<number> {
  return runCommand(INDEX, args, io);
}

async function index(values: Record<string, string | boolean | undefined>, positionals: string[], io: CliIO): Promise<number> {
  const [dir = '.'] = positionals;
  const service = await openService(dir, io, shortPath);
  if (!service) return 2;
  const stats = await collectStats(service);
  if (values.format === 'json') {
    io.out(JSON.stringify(stats, null, 2) + '\n');
    return 0;
  }
  const lines = [
    `site:              ${stats.generator} at ${stats.root}`,
    `content files:     ${formatCount(stats.files)} (${Object.entries(stats.formats).map(([f, n]) => `${f} ${formatCount(n)}`).join(', ')})`,
    `posts:             ${formatCount(stats.posts)} (plus ${formatCount(stats.sections)} section pages; ${formatCount(stats.drafts)} drafts)`,
    ...Object.entries(stats.taxonomies).map(([tax, t]) => `${(tax + ':').padEnd(18)} ${formatCount(t.terms)} terms, used ${formatCount(t.uses)} times`),
    `related entries:   ${formatCount(stats.relatedEntries)} (${formatCount(stats.relatedResolved)} resolve to a post)`,
    `links in bodies:   ${formatCount(stats.links)}`,
    `shortcode uses:    ${formatCount(stats.shortcodeUses)}`,
    `front matter errors: ${formatCount(stats.frontMatterErrors)}`,
    `time:              ${stats.milliseconds} ms`,
  ];
  io.out(lines.join('\n') + '\n');
  return 0;
}

const CHECK: CliCommand = {
  name: 'check',
  summary: 'Report every diagnostic of the blog; exit 1 when there are errors.',
  usage: 'blog-author check [DIR] [--format text|json] [--relative-to DIR]',
  details: `DIR is the site's folder or any folder inside it (default: .): the site is found there, up to two
folders below, or in the folders above (as git finds its repository). The whole site is checked.

Options:
  --format text|json    text (default): one line per problem, path:line:column: severity: message [rule],
                        and a summary on stderr; json: an array of {path, line, column, endLine, endColumn,
                        severity, message, rule}
  --relative-to DIR     print paths relative to DIR (e.g. --relative-to . for the current folder, or the
                        repository root when the site sits in a subfolder); default: the site root
  -h, --help            this help

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or no site.`,
  options: { format: { type: 'string', choices: ['text', 'json'] }, 'relative-to': { type: 'string' } },
  positionals: { min: 0, max: 1, name: 'folder' },
  run: check,
};

const INDEX: CliCommand = {
  name: 'index',
  summary: 'Index the blog and print what it holds: posts, terms per taxonomy, related entries, links, shortcodes, time.',
  usage: 'blog-author index [DIR] [--stats] [--format text|json]',
  details: `DIR is found as for check (default: .).

Options:
  --stats               print the statistics (the default, accepted for compatibility)
  --format text|json    text (default) or the same figures as JSON
  -h, --help            this help`,
  options: { stats: { type: 'boolean' }, format: { type: 'string', choices: ['text', 'json'] } },
  positionals: { min: 0, max: 1, name: 'folder' },
  run: index,
};

const LSP: CliCommand = {
  name: 'lsp',
  longRunning: true,
  summary: 'Run the language server over stdin/stdout (for Neovim, Helix, Emacs, …).',
  usage: 'blog-author lsp --stdio',
  details: `Options:
  --stdio               talk LSP over stdin/stdout (required: the only transport offered)
  --clientProcessId N   exit when the editor's process N ends (editors add it themselves)
  -h, --help            this help

Editor configurations: docs/editors/ in the repository, or the README.`,
  options: { stdio: { type: 'boolean' }, clientProcessId: { type: 'string' } },
  positionals: { min: 0, max: 0, name: 'arguments' },
  run: async (values, _positionals, io) => {
    if (!values.stdio) {
      io.err(`blog-author lsp: the language server talks over stdin/stdout only: run 'blog-author lsp --stdio' (from your editor's LSP configuration; see 'blog-author lsp --help')\n`);
      return 2;
    }
    startLanguageServer();
    return -1;
  },
};

const RENDER_COMMAND: CliCommand = {
  name: 'render',
  summary: 'Render posts or folders as the blog would, as the preview does (HTML).',
  usage: 'blog-author render PATH... [--out DIR|F.html] [--body-only | --content-only] [--offline]',
  details: `PATH is a post or a folder (every Markdown page under it). The site is the nearest folder above
each PATH with a Hugo or Jekyll config (its Goldmark settings, shortcode templates and permalinks are used).

Options:
  --out DIR         write one file per page at DIR/<path relative to the content folder>.html
                    (one post and --out F.html: that file); without --out, stdout
  --body-only       only what goes in <body>: the post header (title, date, terms) and the content
  --content-only    only the post's content, exactly what Hugo's .Content holds (no header, no page)
  --offline         no network even in embeds: YouTube, Vimeo, X and Gist shortcodes become links
  -h, --help        this help

Without --body-only or --content-only the output is a standalone page with the preview's stylesheet and,
when the post has math, KaTeX's stylesheet and fonts inlined: it needs no network.
Shortcodes that could not be run are reported on stderr.`,
  options: { out: { type: 'string', short: 'o' }, 'body-only': { type: 'boolean' }, 'content-only': { type: 'boolean' }, offline: { type: 'boolean' } },
  positionals: { min: 1, max: Infinity, name: 'path' },
  run: (values, positionals, io) => loadRenderer().runRender(values, positionals, io),
};

const TAXONOMY: CliCommand = {
  name: 'taxonomy',
  summary: 'Tag hygiene: terms used once, case/accent variants, near-duplicates, with the merges that tidy them.',
  usage: 'blog-author taxonomy [DIR] [--json | --format text|json]',
  details: `DIR is found as for check (default: .). Reads only.

Options:
  --json                the report as JSON (same as --format json)
  --format text|json    text (default) or JSON
  -h, --help            this help`,
  options: { json: { type: 'boolean' }, format: { type: 'string', choices: ['text', 'json'] } },
  positionals: { min: 0, max: 1, name: 'folder' },
  run: async (values, positionals, io) => {
    const root = await locateSite(positionals[0] ?? '.', io);
    if (!root) return 2;
    return runTaxonomyCommand([root, ...(values.json || values.format === 'json' ? ['--json'] : [])], io);
  },
};

const SUGGEST: CliCommand = {
  name: 'suggest',
  summary: 'Related posts and tags suggested for a post, with scores.',
  usage: 'blog-author suggest FILE [--json]',
  details: `Options:
  --json                the suggestions as JSON
  -h, --help            this help`,
  options: { json: { type: 'boolean' } },
  positionals: { min: 1, max: 1, name: 'file' },
  run: (values, positionals, io) => runSuggestCommand([positionals[0], ...(values.json ? ['--json'] : [])], io),
};

/** The commands, in the order `--help` lists them. Add a command here (name, help, options, run). */
export const COMMANDS: CliCommand[] = [CHECK, INDEX, RENDER_COMMAND, TAXONOMY, SUGGEST, LSP];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return `Usage: blog-author <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}

Options:
  -h, --help     this help; 'blog-author <command> --help' for a command's options
  -v, --version  the version

Run 'blog-author <command> --help' for a command's options.
`;
}

export function version(): string {
  // The bundle sits in dist/server/, the source in server/src/: package.json is two folders up either way.
  for (const candidate of [join(__dirname, '../../package.json'), join(__dirname, '../../../package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'blog-author' && pkg.version) return pkg.version;
    } catch {
      /* try the next place */
    }
  }
  return 'unknown';
}

async function runCommand(command: CliCommand, args: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseCommandArgs(command, args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`blog-author ${command.name}: ${e.message} (see 'blog-author ${command.name} --help')\n`);
    return 2;
  }
  if (parsed.help) {
    io.out(commandHelp(command));
    return 0;
  }
  // `lsp` sets its own once the server's bundle is loaded: flags set before it would make V8 reject its code cache.
  if (!command.longRunning) {
    growYoungGenerationEarly();
    tuneCompilerForOneShot();
  }
  return command.run(parsed.values, parsed.positionals, io);
}

export async function main(argv: string[], io: CliIO = consoleIO): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.err(usage());
    return 2;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    const about = name === 'help' && args[0] ? COMMANDS.find((c) => c.name === args[0]) : undefined;
    io.out(about ? commandHelp(about) : usage());
    return 0;
  }
  if (name === '-v' || name === '--version' || name === 'version') {
    io.out(`blog-author ${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`blog-author: ${name.startsWith('-') ? `unknown option '${name}'` : `unknown command '${name}'`} (commands: ${COMMANDS.map((c) => c.name).join(', ')}; see 'blog-author --help')\n`);
    return 2;
  }
  return runCommand(command, args, io);
}

if (require.main === module || /bin\/blog-author(\.js)?$/.test(require.main?.filename ?? '')) {
  ignoreClosedStdout();
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`blog-author: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 2;
    },
  );
}
