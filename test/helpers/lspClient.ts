/**
 * Starts the real language server (bin/blog-author.js lsp --stdio, from the built dist/) and
 * speaks LSP to it, as an editor would. Used by the protocol tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver-types';

interface PublishDiagnosticsParams {
  uri: string;
  diagnostics: Diagnostic[];
}
import { pathToUri } from '../../server/src/workspace/uri';

export const REPO = resolve(__dirname, '../..');
export const FIXTURES = join(REPO, 'test/fixtures');

export interface TestServer {
  connection: MessageConnection;
  root: string;
  uri(rel: string): string;
  open(rel: string, text?: string): Promise<string>;
  change(rel: string, text: string): Promise<void>;
  diagnostics(rel: string, predicate?: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  notifications: { method: string; params: unknown }[];
  /** The server process (to check that it is still running). */
  child: ChildProcess;
  /** What the server wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Copies a fixture blog to a temporary folder (tests may edit it) and starts a server on it.
 * `fixture` names a folder of test/fixtures, or is an absolute path (a site a test generated).
 */
export async function startServer(fixture: string, options: { settings?: unknown; copy?: boolean; /** A busy editor: the progress bar's creation is never answered. */ progressUnanswered?: boolean; /** Nor is the file watchers' registration. */ registrationUnanswered?: boolean; /** Return at once after `initialized`, not when the index is ready. */ noWait?: boolean } = {}): Promise<TestServer> {
  const source = isAbsolute(fixture) ? fixture : join(FIXTURES, fixture);
  const root = options.copy === false ? source : mkdtempSync(join(tmpdir(), `blog-author-${basename(fixture)}-`));
  // Symbolic links are copied as written (a relative link stays relative to the copy).
  if (options.copy !== false) cpSync(source, root, { recursive: true, verbatimSymlinks: true });
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'bin/blog-author.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const notifications: { method: string; params: unknown }[] = [];
  const diagnostics = new Map<string, Diagnostic[]>();
  const waiters: (() => void)[] = [];
  connection.onNotification((method, params) => {
    notifications.push({ method, params });
    if (method === 'textDocument/publishDiagnostics') {
      const p = params as PublishDiagnosticsParams;
      diagnostics.set(p.uri, p.diagnostics);
    }
    waiters.splice(0).forEach((w) => w());
  });
  connection.onRequest('window/workDoneProgress/create', () => (options.progressUnanswered ? new Promise<null>(() => undefined) : null));
  connection.onRequest('client/registerCapability', () => (options.registrationUnanswered ? new Promise<null>(() => undefined) : null));
  connection.onRequest('workspace/configuration', () => [options.settings ?? {}]);
  connection.listen();
  const rootUri = pathToUri(root);
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: fixture }],
    capabilities: {
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true } },
      textDocument: { completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } }, hover: { contentFormat: ['markdown', 'plaintext'] } },
      window: { workDoneProgress: true },
    },
    initializationOptions: options.settings ? { settings: options.settings } : undefined,
  });
  connection.sendNotification('initialized', {});
  const versions = new Map<string, number>();
  const waitFor = async (check: () => boolean, what: string, ms = 10000) => {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; server stderr:\n${stderr}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  // Ready when the index reports 'ready' (or that there is no site).
  if (!options.noWait)
    await waitFor(() => notifications.some((n) => n.method === 'blogAuthor/indexState' && (n.params as { state: string }).state !== 'indexing'), 'the index');
  const server: TestServer = {
    connection,
    root,
    notifications,
    child,
    stderr: () => stderr,
    uri: (rel) => pathToUri(join(root, rel)),
    async open(rel, text) {
      const uri = server.uri(rel);
      const content = text ?? readFileSync(join(root, rel), 'utf8');
      versions.set(uri, 1);
      diagnostics.delete(uri);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: content } });
      return content;
    },
    async change(rel, text) {
      const uri = server.uri(rel);
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      diagnostics.delete(uri);
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    async diagnostics(rel, predicate = () => true) {
      const uri = server.uri(rel);
      await waitFor(() => diagnostics.has(uri) && predicate(diagnostics.get(uri)!), `diagnostics of ${rel}`);
      return diagnostics.get(uri)!;
    },
    async stop() {
      const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit').catch(() => undefined);
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      child.kill();
      connection.dispose();
      if (options.copy !== false) rmSync(root, { recursive: true, force: true });
    },
  };
  return server;
}

/** Position of the first occurrence of `needle` (plus `delta` characters) in `text`. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
