/**
 * Site notes over LSP (issue 12): an absent theme module is reported once, as information on the site
 * config, saying what is not checked; static files it could provide are not reported missing, while
 * page links are still checked. Fixture: test/fixtures/docs-absent-module.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { positionOf, startServer, type TestServer } from '../helpers/lspClient';

describe('site notes over LSP (absent theme module)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('docs-absent-module');
  });
  after(() => server.stop());

  test('one information note per absent module, on the config file, naming what is not checked', async () => {
    const notes = await server.diagnostics('hugo.toml', (d) => d.length >= 2);
    assert.deepEqual(notes.map((d) => [d.code, d.severity]), [['module-absent', 3], ['module-absent', 3]]);
    assert.match(String(notes[0].message), /^theme github\.com\/example\/hugo-theme-docs is not available locally .*shortcodes and templates are not checked and links to static files it could provide are not reported missing; run `hugo mod get`/);
    assert.match(String(notes[1].message), /^module github\.com\/example\/hugo-shortcodes is not available locally/);
  });

  test('a static file the module could provide is not reported; a missing page still is', async () => {
    const rel = 'content/posts/b.md';
    const text = readFileSync(join(server.root, rel), 'utf8');
    await server.open(rel, text);
    const diagnostics = await server.diagnostics(rel);
    const lines = text.split('\n');
    assert.deepEqual(
      diagnostics.map((d) => `${d.code} ${lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)}`),
      ['link-broken /posts/gone/'],
    );
    const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: server.uri(rel) }, position: positionOf(text, '/img/theme-logo.png', 2) })) as Hover | null;
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /^Not checked: .*theme github\.com\/example\/hugo-theme-docs is not available locally and may provide it/);
  });
});
