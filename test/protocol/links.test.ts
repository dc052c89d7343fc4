import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, DocumentLink, Hover, Location, MarkupContent } from 'vscode-languageserver-types';
import { positionOf, startServer, type TestServer } from '../helpers/lspClient';

/** A PNG header of 120 × 64. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d494844520000007800000040', 'hex');

const ALIAS_POST = `---
title: Renamed post
date: 2024-08-08
aliases:
- /old/alias/
---
Moved here.
`;

const LINKS_POST = `---
title: Links everywhere
date: 2024-09-09
---
[url](/2024/3/21/cortos) [alias](/old/alias/index.html) [permalink](/post/2023-12-14-bayes/#intro)
[base](https://blog.example.com/2024/07/18/cortos-llms/) [relative](2024-01-10-marketing.md)
{{< ref "2024-07-18-cortos-llms" >}} {{< relref "post/bundle-post" >}}
![static](/img/chart.png) ![bundle](/post/bundle-post/diagram.png)
[broken](/2024/03/22/cortos/) {{< ref "no-such-post" >}} [external](https://example.net/x)
`;

describe('links over LSP (Hugo YAML fixture)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('hugo-yaml');
    writeFileSync(join(server.root, 'static/img/chart.png'), PNG);
    await server.open('content/post/renamed.md', ALIAS_POST);
    await server.open('content/post/links.md', LINKS_POST);
  });
  after(() => server.stop());

  const hover = async (rel: string, text: string, needle: string) => {
    const h = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: server.uri(rel) }, position: positionOf(text, needle, 1) })) as Hover | null;
    return (h?.contents as MarkupContent | undefined)?.value ?? '';
  };

  test('every resolution kind becomes a document link to the right file', async () => {
    const links = (await server.connection.sendRequest('textDocument/documentLink', { textDocument: { uri: server.uri('content/post/links.md') } })) as DocumentLink[];
    const lines = LINKS_POST.split('\n');
    const byText = new Map(links.map((l) => [lines[l.range.start.line].slice(l.range.start.character, l.range.end.character), l.target!.slice(server.uri('').length).replace(/^\//, '')]));
    assert.equal(byText.get('/2024/3/21/cortos'), 'content/post/2024-03-21-cortos.md', 'url front matter');
    assert.equal(byText.get('/old/alias/index.html'), 'content/post/renamed.md', 'alias');
    assert.equal(byText.get('/post/2023-12-14-bayes/#intro'), 'content/post/2023-12-14-bayes.md', 'default permalink');
    assert.equal(byText.get('https://blog.example.com/2024/07/18/cortos-llms/'), 'content/post/2024-07-18-cortos-llms.md', 'baseURL');
    assert.equal(byText.get('2024-01-10-marketing.md'), 'content/post/2024-01-10-marketing.md', 'relative');
    assert.equal(byText.get('2024-07-18-cortos-llms'), 'content/post/2024-07-18-cortos-llms.md', 'ref');
    assert.equal(byText.get('post/bundle-post'), 'content/post/bundle-post/index.md', 'relref');
    assert.equal(byText.get('/img/chart.png'), 'static/img/chart.png', 'static');
    assert.equal(byText.get('/post/bundle-post/diagram.png'), 'content/post/bundle-post/diagram.png', 'bundle resource');
    assert.equal(byText.has('/2024/03/22/cortos/'), false);
  });

  test('go to definition opens the linked post', async () => {
    const defs = (await server.connection.sendRequest('textDocument/definition', { textDocument: { uri: server.uri('content/post/links.md') }, position: positionOf(LINKS_POST, '/old/alias', 2) })) as Location[];
    assert.equal(defs[0].uri, server.uri('content/post/renamed.md'));
  });

  test('hover cards: post, image, external', async () => {
    const text = await server.open('content/post/2024-04-19-cortos.md');
    const card = await hover('content/post/2024-04-19-cortos.md', text, '/2024/03/21/cortos/');
    assert.match(card, /\*\*\[Cortos \(marzo\)\]/);
    assert.match(card, /2024-03-21 · tags: llms, r, márketing · categories: cortos/);
    assert.match(card, /Texto de marzo/);
    assert.match(card, /Linked from \d+ posts?/);
    const image = await hover('content/post/links.md', LINKS_POST, '/img/chart.png');
    assert.match(image, /!\[static\]\(file:\/\/.*\/static\/img\/chart\.png\|width=120\)/);
    assert.match(image, /120 × 64 px/);
    const external = await hover('content/post/links.md', LINKS_POST, 'https://example.net');
    assert.match(external, /cited by 1 post of this blog/);
  });

  test('diagnostics: broken link warning with a quick fix, missing ref error', async () => {
    const diags = await server.diagnostics('content/post/links.md', (d) => d.some((x) => x.code === 'ref-missing'));
    const mine = diags.filter((d) => ['link-broken', 'ref-missing', 'link-draft'].includes(String(d.code)));
    assert.deepEqual(
      mine.map((d) => [d.code, d.severity, d.range.start.line]),
      [
        ['link-broken', 2, 8],
        ['ref-missing', 1, 8],
      ],
    );
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: server.uri('content/post/links.md') },
      range: mine[0].range,
      context: { diagnostics: [mine[0]] },
    })) as CodeAction[];
    assert.ok(actions.some((a) => a.title === 'Change to /2024/03/21/cortos/'), JSON.stringify(actions.map((a) => a.title)));
  });

  test('completion inside ]( offers posts by title with their url', async () => {
    const text = '---\ntitle: New\n---\nSee [x](';
    await server.open('content/post/new.md', text);
    const list = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri: server.uri('content/post/new.md') }, position: positionOf(text, '](', 2) })) as {
      items: { label: string; textEdit?: { newText: string } }[];
    };
    const item = list.items.find((i) => i.label === 'Cortos (marzo)');
    assert.equal(item?.textEdit?.newText, '/2024/03/21/cortos/');
  });
});
