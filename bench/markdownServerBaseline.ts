/**
 * The baseline `check` is compared with: vscode-markdown-languageserver's whole-workspace link
 * validation, driven the way VS Code's markdown-language-features extension drives it. The server
 * does no I/O of its own: it asks its client to read, stat and list files (`markdown/fs/*`,
 * `markdown/findMarkdownFilesInWorkspace`) and to tokenize Markdown with markdown-it
 * (`markdown/parse`); this client answers those from the disk. Every Markdown file of the workspace
 * is opened and its diagnostics pulled (`textDocument/diagnostic`), with every validation on.
 *
 *   node --import tsx bench/markdownServerBaseline.ts DIR [--json]
 *
 * Reports wall time (first request → last answer, and spawn → exit), the server process's own CPU
 * (bench/peakRss.cjs) and the CPU this client spent tokenizing for it (VS Code's extension host does
 * that work; a fair baseline counts it).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import MarkdownIt from 'markdown-it';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { pathToUri, uriToPath } from '../server/src/workspace/uri';

/** The server's Node entry: `out/node/main.js` up to 0.3 (what is installed), `dist/node/workerMain.js` from 0.4. */
const SERVER = (() => {
  for (const entry of ['out/node/main.js', 'dist/node/workerMain.js']) {
    try {
      return require.resolve(`vscode-markdown-languageserver/${entry}`);
    } catch {
      /* the other layout */
    }
  }
  throw new Error('vscode-markdown-languageserver is not installed (the check baseline needs it)');
})();
const PEAK_RSS = join(__dirname, 'peakRss.cjs');

export interface BaselineResult {
  files: number;
  diagnostics: number;
  /** Spawn → every file's diagnostics answered. */
  wallMs: number;
  serverCpuMs: number;
  serverRssMb: number;
  /** This client's CPU spent in markdown-it for the server. */
  tokenizeCpuMs: number;
}

/** Every `.md` file below `root`, leaving out what the server's default `excludePaths` leaves out (`**\/.*`, node_modules). */
function markdownFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.md')) out.push(full);
    }
  };
  walk(root);
  return out;
}

/** VS Code's engine: markdown-it with HTML on, front matter left out of the Markdown (its front-matter plugin), lines kept. */
function tokenizer(): (text: string) => unknown {
  const md = new MarkdownIt({ html: true });
  return (text) => {
    const fm = /^(---|\+\+\+)\r?\n[\s\S]*?\r?\n\1[ \t]*(\r?\n|$)/.exec(text);
    const body = fm ? fm[0].replace(/[^\n]/g, '') + text.slice(fm[0].length) : text;
    return md.parse(body, {});
  };
}

const SETTINGS = {
  markdown: {
    server: { log: 'off' },
    preferredMdPathExtensionStyle: 'auto',
    suggest: { paths: { enabled: true, includeWorkspaceHeaderCompletions: 'never' } },
    occurrencesHighlight: { enabled: false },
    validate: {
      enabled: true,
      referenceLinks: { enabled: 'warning' },
      fragmentLinks: { enabled: 'warning' },
      fileLinks: { enabled: 'warning', markdownFragmentLinks: 'inherit' },
      ignoredLinks: [],
      unusedLinkDefinitions: { enabled: 'hint' },
      duplicateLinkDefinitions: { enabled: 'warning' },
    },
  },
};

export async function markdownServerPass(dir: string): Promise<BaselineResult> {
  const root = resolve(dir);
  const files = markdownFiles(root);
  const started = performance.now();
  const child = spawn(process.execPath, ['-r', PEAK_RSS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolveExit) => child.on('exit', () => resolveExit()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const tokenize = tokenizer();
  const texts = new Map<string, string>();
  let tokenizeCpu = 0;
  const read = (uri: string) => {
    const path = uriToPath(uri);
    let text = texts.get(path);
    if (text === undefined) texts.set(path, (text = readFileSync(path, 'utf8')));
    return text;
  };
  connection.onRequest('markdown/parse', (p: { uri: string; text?: string }) => {
    const cpu = process.cpuUsage();
    const tokens = tokenize(p.text ?? read(p.uri));
    const used = process.cpuUsage(cpu);
    tokenizeCpu += (used.user + used.system) / 1000;
    return tokens;
  });
  connection.onRequest('markdown/fs/readFile', (p: { uri: string }) => Array.from(readFileSync(uriToPath(p.uri))));
  connection.onRequest('markdown/fs/stat', (p: { uri: string }) => {
    const s = statSync(uriToPath(p.uri), { throwIfNoEntry: false });
    return s ? { isDirectory: s.isDirectory() } : null;
  });
  connection.onRequest('markdown/fs/readDirectory', (p: { uri: string }) =>
    readdirSync(uriToPath(p.uri), { withFileTypes: true }).map((e) => [e.name, { isDirectory: e.isDirectory() }]),
  );
  connection.onRequest('markdown/findMarkdownFilesInWorkspace', () => files.map((f) => pathToUri(f)));
  connection.onRequest('markdown/fs/watcher/create', () => null);
  connection.onRequest('markdown/fs/watcher/delete', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => SETTINGS));
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.listen();
  const uri = pathToUri(root);
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{ uri, name: 'bench' }],
    capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { configuration: true } },
  });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('workspace/didChangeConfiguration', { settings: SETTINGS });
  for (const f of files) await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToUri(f), languageId: 'markdown', version: 1, text: read(pathToUri(f)) } });
  const reports = await Promise.all(files.map((f) => connection.sendRequest<{ items?: unknown[] }>('textDocument/diagnostic', { textDocument: { uri: pathToUri(f) } })));
  const wallMs = performance.now() - started;
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await exited;
  connection.dispose();
  const usage = /peakRssKb=(\d+) cpuMs=(\d+)/.exec(stderr);
  return {
    files: files.length,
    diagnostics: reports.reduce((n, r) => n + (r?.items?.length ?? 0), 0),
    wallMs,
    serverCpuMs: usage ? Number(usage[2]) : NaN,
    serverRssMb: usage ? Number(usage[1]) / 1024 : NaN,
    tokenizeCpuMs: tokenizeCpu,
  };
}

if (require.main === module) {
  const [dir] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!dir) {
    console.error('usage: node --import tsx bench/markdownServerBaseline.ts DIR [--json]');
    process.exit(2);
  }
  void markdownServerPass(dir).then((r) => console.log(process.argv.includes('--json') ? JSON.stringify(r) : r));
}
