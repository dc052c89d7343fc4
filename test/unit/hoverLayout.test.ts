// What a hover reads like: a missing image is explained once (the diagnostic, or the hover when its rule is off),
// and the post card's facts each say what they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/languageService';
import { memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const features = createLanguageService();
const SOURCE = '/blog/content/posts/source.md';
const FILES: Record<string, string> = {
  '/blog/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "t"\n',
  '/blog/content/posts/2024-03-11-cortos.md': yamlPost({ title: 'Cortos de marzo', date: '2024-03-11', url: '/2024/11/04/cortos/', tags: ['llms'] }, 'Primer párrafo.\n'),
};

async function at(body: string, needle: string, settings?: unknown) {
  const { service } = await memoryBlog({ ...FILES, [SOURCE]: yamlPost({ title: 'Source' }, body) }, settings);
  const { doc } = openDoc(service, SOURCE, yamlPost({ title: 'Source' }, body), 2);
  const offset = doc.getText().indexOf(needle) + 1;
  const position = doc.positionAt(offset);
  const hover = (features.hover(service, doc, position)?.contents as MarkupContent | undefined)?.value ?? '';
  const diagnostics = features.diagnostics(service, doc).filter((d) => doc.offsetAt(d.range.start) <= offset && offset <= doc.offsetAt(d.range.end));
  return { hover, diagnostics };
}

const count = (text: string, what: string) => text.split(what).length - 1;

test('a missing image: the explanation shows once under the cursor', async () => {
  const { hover, diagnostics } = await at('![gone](/gone.png)\n', '/gone.png');
  const shown = [hover, ...diagnostics.map((d) => d.message)].join('\n');
  assert.equal(diagnostics.length, 1, 'the link-broken warning is there');
  assert.equal(count(shown, 'gone.png in'), 1, `hover + diagnostic: ${shown}`);
  // With the rule off, the hover is the only place that says it, once.
  const off = await at('![gone](/gone.png)\n', '/gone.png', { rules: { 'link-broken': 'off' } });
  const offShown = [off.hover, ...off.diagnostics.map((d) => d.message)].join('\n');
  assert.equal(count(offShown, 'gone.png in'), 1, offShown);
  assert.match(off.hover, /Image not found/);
});

test("the post card's last part: each fact labelled, on its own line", async () => {
  const { hover } = await at('Read [this](/2024/11/04/cortos/).\n', '/2024/11/04');
  const tail = hover.split('\n\n').pop()!;
  const lines = tail.split('  \n');
  assert.deepEqual(
    lines.map((l) => l.replace(/:.*$| .*$/, '')),
    ['File', 'URL', 'Resolved', 'Linked'],
    tail,
  );
  assert.equal(lines[0], 'File: `content/posts/2024-03-11-cortos.md`');
  assert.match(lines[1], /^URL: \/2024\/11\/04\/cortos\/$/);
  assert.equal(lines[2], 'Resolved via its `url` front matter');
  assert.equal(lines[3], 'Linked from 1 post');
});
