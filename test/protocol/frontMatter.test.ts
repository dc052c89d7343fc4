/** Front matter features over the real server, on the YAML, TOML and JSON fixture posts. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionList, Hover, Location, WorkspaceEdit } from 'vscode-languageserver-types';
import { positionOf, startServer, type TestServer } from '../helpers/lspClient';

describe('front matter over LSP: Hugo YAML fixture', () => {
  let server: TestServer;
  before(async () => (server = await startServer('hugo-yaml')));
  after(() => server.stop());

  test('tag completion is ranked by use, with counts', async () => {
    const text = '---\ntitle: New\ntags:\n- \n---\n';
    await server.open('content/post/new.md', text);
    const list: CompletionList = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: server.uri('content/post/new.md') }, position: { line: 3, character: 2 }, context: { triggerKind: 2, triggerCharacter: ' ' } });
    assert.equal(list.items[0].label, 'R');
    assert.match(list.items[0].labelDetails!.description!, /^\d+ posts$/);
    assert.ok(list.items.some((i) => i.label === 'márketing'));
  });

  test('go to definition on a related entry opens that post', async () => {
    const text = await server.open('content/post/2024-04-19-cortos.md');
    const locations: Location[] = await server.connection.sendRequest('textDocument/definition', { textDocument: { uri: server.uri('content/post/2024-04-19-cortos.md') }, position: positionOf(text, '2024-07-18-cortos-llms.md', 3) });
    assert.deepEqual(locations.map((l) => l.uri), [server.uri('content/post/2024-07-18-cortos-llms.md')]);
    const hover: Hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: server.uri('content/post/2024-04-19-cortos.md') }, position: positionOf(text, '2024-07-18-cortos-llms.md', 3) });
    assert.match((hover.contents as { value: string }).value, /Cortos sobre LLMs \(julio\)/);
  });

  test('a wrong-year related entry is reported with a quick fix', async () => {
    const diagnostics = await server.diagnostics('content/post/2024-04-19-cortos.md');
    const missing = diagnostics.find((d) => d.code === 'related-missing')!;
    assert.match(String(missing.message), /2033-12-14-bayes\.md.*Did you mean '2023-12-14-bayes\.md'/);
    const actions: { title: string }[] = await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: server.uri('content/post/2024-04-19-cortos.md') }, range: missing.range, context: { diagnostics: [missing] } });
    assert.equal(actions[0].title, "Change to '2023-12-14-bayes.md'");
    // Never a fix naming a post already in the list (2024-03-21-cortos.md) or the post itself.
    assert.ok(!actions.some((a) => /2024-03-21-cortos|2024-04-19-cortos/.test(a.title)), JSON.stringify(actions.map((a) => a.title)));
  });

  test('code actions "Suggest related posts" and "Suggest tags" from what the post says, as edits in its style', async () => {
    const text = '---\ntitle: Más sobre Bayes\ntags:\n- R\n---\nOtra entrada sobre Bayes.\n';
    await server.open('content/post/more-bayes.md', text);
    const actions: { title: string; kind: string; edit: WorkspaceEdit }[] = await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: server.uri('content/post/more-bayes.md') }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, context: { diagnostics: [] } });
    const tags = actions.find((a) => a.title.startsWith('Suggest tags'))!;
    assert.equal(tags.kind, 'refactor.rewrite.suggest');
    const edit = tags.edit.changes![server.uri('content/post/more-bayes.md')][0];
    assert.deepEqual(edit.range.start, { line: 3, character: 3 }, 'after the last item');
    assert.match(edit.newText, /^\n- \S+/, 'a block item like the others');
    assert.ok(!/\n- R$/m.test(edit.newText), 'not a term the post has');
    const related = actions.find((a) => a.title.startsWith('Suggest related posts'))!;
    assert.match(related.edit.changes![server.uri('content/post/more-bayes.md')][0].newText, /^related:\n- 2023-12-14-bayes\.md\n/);
  });

  test('misspelt keys, case variants and duplicate terms are reported', async () => {
    await server.open('content/post/2023-12-14-bayes.md');
    const bayes = await server.diagnostics('content/post/2023-12-14-bayes.md');
    assert.deepEqual(bayes.filter((d) => d.code === 'key-typo').map((d) => String(d.message)).sort(), ["Unknown key '-categories': did you mean 'categories'?", "Unknown key 'descritpion': did you mean 'description'?"]);
    await server.open('content/post/2024-01-10-marketing.md');
    const marketing = await server.diagnostics('content/post/2024-01-10-marketing.md');
    assert.ok(marketing.some((d) => d.code === 'taxonomy-duplicate'));
    await server.open('content/post/2024-03-21-cortos.md');
    const crlf = await server.diagnostics('content/post/2024-03-21-cortos.md');
    const variant = crlf.find((d) => d.code === 'taxonomy-case')!;
    assert.match(String(variant.message), /'r' differs only by case or accents from 'R'/);
    assert.equal(variant.range.start.line, 7, 'ranges are right in a CRLF file');
  });

  test('rename a tag across the blog; references and workspace symbols', async () => {
    const text = await server.open('content/post/2024-07-18-cortos-llms.md');
    const position = positionOf(text, '- R', 2);
    const edit: WorkspaceEdit = await server.connection.sendRequest('textDocument/rename', { textDocument: { uri: server.uri('content/post/2024-07-18-cortos-llms.md') }, position, newName: 'rstats' });
    assert.ok(Object.keys(edit.changes!).length >= 4);
    const refs: Location[] = await server.connection.sendRequest('textDocument/references', { textDocument: { uri: server.uri('content/post/2024-07-18-cortos-llms.md') }, position, context: { includeDeclaration: false } });
    assert.equal(refs.length, Object.values(edit.changes!).flat().length);
    const symbols: { name: string }[] = await server.connection.sendRequest('workspace/symbol', { query: 'marketing mix' });
    assert.equal(symbols[0].name, 'Marketing mix');
  });
});

describe('front matter over LSP: TOML and JSON', () => {
  let toml: TestServer;
  before(async () => (toml = await startServer('hugo-toml')));
  after(() => toml.stop());

  test('TOML tags complete inside the array, quoted', async () => {
    const text = '+++\ntitle = "x"\ntags = ["NATS", ]\n+++\n';
    await toml.open('content/blog/new.md', text);
    const list: CompletionList = await toml.connection.sendRequest('textDocument/completion', { textDocument: { uri: toml.uri('content/blog/new.md') }, position: positionOf(text, ']') });
    const release = list.items.find((i) => i.label === 'Release')!;
    assert.equal((release.textEdit as { newText: string }).newText, '"Release"');
    assert.ok(!list.items.some((i) => i.label === 'NATS'));
  });

  test('a custom taxonomy (series) completes too', async () => {
    const text = '+++\ntitle = "x"\nseries = ["r"]\n+++\n';
    await toml.open('content/blog/new2.md', text);
    const list: CompletionList = await toml.connection.sendRequest('textDocument/completion', { textDocument: { uri: toml.uri('content/blog/new2.md') }, position: positionOf(text, 'r"]', 1) });
    assert.deepEqual(list.items.map((i) => i.label), ['releases']);
  });
});

describe('front matter over LSP: JSON post', () => {
  let server: TestServer;
  before(async () => (server = await startServer('hugo-yaml')));
  after(() => server.stop());

  test('JSON tags complete and terms are hoverable', async () => {
    const text = '{\n  "title": "A JSON post",\n  "tags": ["json", ""]\n}\n\nBody.\n';
    await server.open('content/post/json-post.md', text);
    const list: CompletionList = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: server.uri('content/post/json-post.md') }, position: positionOf(text, '""]', 1) });
    assert.equal(list.items[0].label, 'llms');
    assert.equal((list.items[0].textEdit as { newText: string }).newText, 'llms', 'inside quotes: no new quotes');
    const hover: Hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: server.uri('content/post/json-post.md') }, position: positionOf(text, 'json"', 1) });
    assert.match((hover.contents as { value: string }).value, /`json` — tags: 1 post/);
  });
});
