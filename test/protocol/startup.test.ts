import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionList } from 'vscode-languageserver-types';
import { positionOf, startServer, type TestServer } from '../helpers/lspClient';

describe('start-up with an editor that never answers the progress bar request', () => {
  let server: TestServer;
  // startServer waits for the index's 'ready' state: it comes though the progress bar never does.
  before(async () => (server = await startServer('hugo-yaml', { progressUnanswered: true })));
  after(() => server.stop());

  test('the index is built and reported ready, with every post', () => {
    const ready = server.notifications.map((n) => n.params as { state?: string; posts?: number }).find((p) => p?.state === 'ready');
    assert.equal(ready?.posts, 12);
  });

  test('the words for suggestions are reported in once they are (they fill after the ready index)', async () => {
    const states = () => server.notifications.filter((n) => n.method === 'blogAuthor/indexState').map((n) => n.params as { state?: string; words?: string });
    for (let waited = 0; !states().some((p) => p.state === 'ready' && p.words === 'ready') && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const ready = states().filter((p) => p.state === 'ready');
    assert.equal(ready.at(-1)?.words, 'ready', JSON.stringify(ready));
    assert.ok(ready.every((p) => p.words === 'filling' || p.words === 'ready'), JSON.stringify(ready));
  });

  test('requests are answered from the whole index', async () => {
    await server.open('content/post/new.md', '---\ntitle: New\ntags:\n- \n---\n');
    const list: CompletionList = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: server.uri('content/post/new.md') }, position: { line: 3, character: 2 }, context: { triggerKind: 2, triggerCharacter: ' ' } });
    assert.equal(list.items[0].label, 'R');
    assert.match(list.items[0].labelDetails!.description!, /^\d+ posts$/);
  });
});

describe('start-up with an editor that never answers the file watchers registration', () => {
  let server: TestServer;
  before(async () => (server = await startServer('hugo-yaml', { registrationUnanswered: true })));
  after(() => server.stop());

  // Requests used to wait for the registration's answer after the index was built.
  test('requests are answered once the index is built', async () => {
    await server.open('content/post/new.md', '---\ntitle: New\ntags:\n- \n---\n');
    const list: CompletionList = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: server.uri('content/post/new.md') }, position: { line: 3, character: 2 }, context: { triggerKind: 2, triggerCharacter: ' ' } });
    assert.equal(list.items[0].label, 'R');
  });
});

describe('start-up: requests sent right after initialized', () => {
  let server: TestServer;
  before(async () => (server = await startServer('hugo-yaml', { noWait: true })));
  after(() => server.stop());
  const rel = 'content/post/new.md';
  const text = '---\ntitle: New\ntags:\n- \n---\n\nSee [the March one](/2024/03/21/cortos/).\n';
  const hover = async () => JSON.stringify(((await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: server.uri(rel) }, position: positionOf(text, '/2024/03', 3) })) as { contents: unknown } | null)?.contents);
  const isReady = () => server.notifications.some((n) => n.method === 'blogAuthor/indexState' && (n.params as { state?: string }).state === 'ready');

  // The index answers once every post's front matter is in (phase 1), before its links are (phase 2).
  test('a completion and a hover are answered from the front matter of every post', async () => {
    await server.open(rel, text);
    const [list, card] = await Promise.all([
      server.connection.sendRequest('textDocument/completion', { textDocument: { uri: server.uri(rel) }, position: { line: 3, character: 2 }, context: { triggerKind: 2, triggerCharacter: ' ' } }) as Promise<CompletionList>,
      hover(),
    ]);
    // The most used tag first (its detail may speak of the text index, which fills meanwhile).
    assert.equal(list.items[0].label, 'R');
    assert.match(list.items[0].labelDetails!.description!, /\b5 posts$/);
    assert.match(card, /Cortos \(marzo\)/);
  });

  test('what needs every post\'s links is right once the index is ready', async () => {
    const refs = (await server.connection.sendRequest('textDocument/references', { textDocument: { uri: server.uri(rel) }, position: positionOf(text, '/2024/03', 3), context: { includeDeclaration: false } })) as { uri: string }[];
    // References wait for the whole index: by then it has said so.
    assert.ok(isReady());
    assert.ok(refs.some((r) => r.uri === server.uri('content/post/2024-04-19-cortos.md')), JSON.stringify(refs));
    assert.match(await hover(), /Linked from 2 posts/);
  });
});
