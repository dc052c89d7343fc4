/**
 * `blog-author` on the command line: the language server (`lsp --stdio`), and the core's answers
 * for a whole blog (`check`, `index --stats`, `render`). Same core as the editor.
 */
import { relative, resolve } from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../languageService';
import { BlogService } from '../service';
import { formatCount } from '../text';
import { NodeWorkspace } from '../workspace/nodeWorkspace';
import { pathToUri } from '../workspace/workspace';
import { runTaxonomyCommand } from '../features/taxonomy/cli';
import { runSuggestCommand } from './suggest';

// Each command loads only what it needs: the language server and the renderer are separate bundles
// (dist/server/server.js, dist/server/render.js; see scripts/build.mjs), required on first use.
const loadRenderer = (): typeof import('../render/entry') => require('../render/entry');
const startLanguageServer = (): unknown => require('../serverMain');

const USAGE = `Usage: blog-author <command> [options]

Commands:
  lsp --stdio                 run the language server (for Neovim, Helix, Emacs, …)
  check [DIR] [--format json] report every diagnostic of the blog at DIR (default: .);
                              exit code 1 when there are errors
  index [DIR] --stats         index the blog and print what it holds
  render PATH... [--out DIR] [--content-only]
                              render posts or folders as the blog would (HTML)
  taxonomy [DIR] [--json]     tag hygiene: terms used once, case/accent variants, near-duplicates
  suggest FILE [--json]       related posts and tags suggested for a post, with scores
`;

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

const consoleIO: CliIO = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function positional(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) {
      if (['--format', '--out'].includes(args[i])) i++;
    } else out.push(args[i]);
  }
  return out;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const inline = args.find((a) => a.startsWith(name + '='));
  return inline?.slice(name.length + 1);
}

async function openService(dir: string, io: CliIO): Promise<BlogService | undefined> {
  const folder = resolve(dir);
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder, log: () => undefined });
  if (service.site.generator === 'unknown') {
    io.err(`blog-author: no Hugo (hugo.toml, config.toml, config/_default/) or Jekyll (_config.yml) site found in ${folder}\n`);
    return undefined;
  }
  for (const p of service.site.problems) io.err(`${relative(process.cwd(), p.file)}: error: ${p.message} [config]\n`);
  return service;
}

const SEVERITY_NAMES: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

export async function runCheck(args: string[], io: CliIO = consoleIO): Promise<number> {
  const [dir = '.'] = positional(args);
  const format = option(args, '--format') ?? 'text';
  const service = await openService(dir, io);
  if (!service) return 2;
  // The index reads every file once; check keeps those texts rather than reading each file again.
  const texts = new Map<string, string>();
  const stop = service.index.onPostText((entry, text) => texts.set(entry.path, text));
  await service.buildIndex();
  stop();
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
    const text = texts.get(post.path) ?? (await service.readText(post.path));
    texts.delete(post.path);
    if (text === undefined) continue;
    const doc = TextDocument.create(pathToUri(post.path), 'markdown', 0, text);
    const diagnostics = features.diagnostics(service, doc);
    if (!diagnostics.length) continue;
    const fixes = new Map<Diagnostic, string[]>();
    if (format === 'json') {
      for (const d of diagnostics) {
        const edits = features.codeActions(service, doc, d.range, { diagnostics: [d] })
          .filter((a) => a.diagnostics?.includes(d))
          .map((a) => a.edit?.changes?.[doc.uri]?.[0]?.newText)
          .filter((t): t is string => t !== undefined);
        if (edits.length) fixes.set(d, edits);
      }
    }
    results.push({ path: post.path, diagnostics, fixes });
  }
  let errors = service.site.problems.length;
  let warnings = 0;
  for (const r of results) for (const d of r.diagnostics) d.severity === DiagnosticSeverity.Error ? errors++ : d.severity === DiagnosticSeverity.Warning && warnings++;
  if (format === 'json') {
    const json = results.flatMap((r) =>
      r.diagnostics.map((d) => ({
        path: relative(process.cwd(), r.path),
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
      const path = relative(process.cwd(), r.path);
      for (const d of r.diagnostics) {
        io.out(`${path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY_NAMES[d.severity ?? 1]}: ${d.message}${d.code ? ` [${d.code}]` : ''}\n`);
      }
    }
    io.err(`${formatCount(service.index.posts.size)} files checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
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
  const [dir = '.'] = positional(args);
  const service = await openService(dir, io);
  if (!service) return 2;
  const stats = await collectStats(service);
  if (option(args, '--format') === 'json') {
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

/** Commands that other modules add (render), so the CLI stays one entry point. */
export const extraCommands = new Map<string, (args: string[], io: CliIO) => Promise<number>>();
extraCommands.set('render', (args, io) => loadRenderer().runRenderCommand(args, io));
extraCommands.set('taxonomy', runTaxonomyCommand);
extraCommands.set('suggest', runSuggestCommand);

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  switch (command) {
    case 'lsp':
      startLanguageServer();
      return -1;
    case 'check':
      return runCheck(args);
    case 'index':
      return runIndex(args);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return command ? 0 : 2;
    default: {
      const extra = extraCommands.get(command);
      if (extra) return extra(args, consoleIO);
      process.stderr.write(`blog-author: unknown command '${command}'\n\n${USAGE}`);
      return 2;
    }
  }
}

if (require.main === module || /bin\/blog-author(\.js)?$/.test(require.main?.filename ?? '')) {
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
