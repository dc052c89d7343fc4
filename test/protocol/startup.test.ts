import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionList } from 'vscode-languageserver-types';
import { startServer, type TestServer } from '../helpers/lspClient';

describe('start-up with an editor that never answers the progress bar request', () => {
  let server: TestServer;
  // startServer waits for the index's 'ready' state: it comes though the progress bar never does.
  before(async () => (server = await startServer('hugo-yaml', { progressUnanswered: true })));
  after(() => server.stop());

  test('the index is built and reported ready, with every post', () => {
    const ready = server.notifications.map((n) => n.params as { state?: string; posts?: number }).find((p) => p?.state === 'ready');
    assert.equal(ready?.posts, 12);
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
