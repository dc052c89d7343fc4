/**
 * `$/cancelRequest` over the real server (issue 11), on a generated site where one term is used by
 * every post and every post links to one post: references, rename and willRenameFiles cancelled
 * right after they are sent answer with RequestCancelled (-32800), and the next request is answered;
 * a long request does not hold up a short one sent after it (the short answer arrives first).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { positionOf, startServer, type TestServer } from '../helpers/lspClient';

const POSTS = 1500;
const REQUEST_CANCELLED = -32800;
/** Generous: only a hang fails (no timing is asserted). */
const HANG_MS = 60_000;

function generateSite(): string {
  const root = mkdtempSync(join(tmpdir(), 'blog-author-cancel-src-'));
  mkdirSync(join(root, 'content/post'), { recursive: true });
  writeFileSync(join(root, 'hugo.toml'), 'baseURL = "https://example.org/"\ntitle = "t"\n');
  for (let i = 0; i < POSTS; i++) {
    writeFileSync(
      join(root, `content/post/p${i}.md`),
      `---\ntitle: Post number ${i}\ndate: 2024-01-01\ntags:\n  - common\n  - t${i % 30}\nrelated:\n  - ${i ? 'p0.md' : 'p1.md'}\n---\n\nPost ${i} links to [the first](/post/p0/) and [again](../p0.md).\n`,
    );
  }
  return root;
}

function withGuard<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${HANG_MS} ms`)), HANG_MS)))]).finally(() => clearTimeout(timer));
}

describe('cancellation over LSP', () => {
  let source: string;
  let server: TestServer;
  let text: string;
  const rel = 'content/post/p1.md';
  before(async () => {
    source = generateSite();
    server = await startServer(source);
    text = await server.open(rel);
  });
  after(async () => {
    await server.stop();
    rmSync(source, { recursive: true, force: true });
  });

  /** Sends a request and cancels it at once: the answer must be RequestCancelled; then a hover is answered. */
  async function sendAndCancel(method: string, params: unknown): Promise<void> {
    const cancel = new CancellationTokenSource();
    const answer = server.connection.sendRequest(method, params, cancel.token);
    cancel.cancel();
    await assert.rejects(withGuard(method, answer), (e: unknown) => e instanceof ResponseError && e.code === REQUEST_CANCELLED, `${method} answers RequestCancelled`);
    const hover = await withGuard('hover after cancel', server.connection.sendRequest('textDocument/hover', { textDocument: { uri: server.uri(rel) }, position: positionOf(text, 'common', 2) }));
    assert.match(JSON.stringify(hover), /common.*1,500 posts/, 'the next request is answered');
  }

  test('references on a term every post uses', async () => {
    await sendAndCancel('textDocument/references', { textDocument: { uri: server.uri(rel) }, position: positionOf(text, 'common', 2), context: { includeDeclaration: false } });
  });

  test('rename of that term', async () => {
    await sendAndCancel('textDocument/rename', { textDocument: { uri: server.uri(rel) }, position: positionOf(text, 'common', 2), newName: 'everyone' });
  });

  test('willRenameFiles of the post every post links to', async () => {
    await sendAndCancel('workspace/willRenameFiles', { files: [{ oldUri: server.uri('content/post/p0.md'), newUri: server.uri('content/post/zero.md') }] });
  });

  test('not cancelled, the same requests answer in full; a short request sent after a long one is answered first', async () => {
    const order: string[] = [];
    const refs = server.connection
      .sendRequest('textDocument/references', { textDocument: { uri: server.uri(rel) }, position: positionOf(text, 'common', 2), context: { includeDeclaration: false } })
      .then((r) => (order.push('references'), r as unknown[]));
    const symbols = server.connection.sendRequest('workspace/symbol', { query: 'number 7' }).then((r) => (order.push('symbols'), r as { name: string }[]));
    const [all, found] = await withGuard('references and symbols', Promise.all([refs, symbols]));
    assert.equal(all.length, POSTS);
    assert.equal(found[0].name, 'Post number 7');
    assert.deepEqual(order, ['symbols', 'references'], 'the long request yields to the short one');
    const edit = (await withGuard('rename', server.connection.sendRequest('textDocument/rename', { textDocument: { uri: server.uri(rel) }, position: positionOf(text, 'common', 2), newName: 'everyone' }))) as { changes: Record<string, unknown[]> };
    assert.equal(Object.keys(edit.changes).length, POSTS);
  });
});
