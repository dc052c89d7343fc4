/**
 * Every feature reads the same facts: the links the index keeps are the ones the features parse,
 * so the hover's "Linked from N posts" and Find References agree (links in code are not links), and
 * the hover and the preview resolve a ref the same way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/languageService';
import { handleRenderRequest } from '../../server/src/renderRequest';
import { HUGO_CONFIG, memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const features = createLanguageService();

const TARGET = '/blog/content/posts/target.md';
const FILES: Record<string, string> = {
  '/blog/hugo.toml': HUGO_CONFIG,
  [TARGET]: yamlPost({ title: 'Target' }),
  '/blog/content/posts/real.md': yamlPost({ title: 'Real' }, 'A real link: [t](/posts/target/).\n'),
  '/blog/content/posts/in-code.md': yamlPost(
    { title: 'In code' },
    'Inline `[t](/posts/target/)` code.\n\n```md\n[t](/posts/target/)\n<a href="/posts/target/">x</a>\n```\n\n<!-- [t](/posts/target/) -->\n',
  ),
  '/blog/content/posts/ref.md': yamlPost({ title: 'Ref' }, 'By ref: {{< ref "target" >}}.\n'),
};

function count(hover: string): number {
  const m = /Linked from (\d+) posts?/.exec(hover);
  assert.ok(m, `no count in: ${hover}`);
  return Number(m[1]);
}

test('a link in code counts neither in the hover card nor in Find References, and the two agree', async () => {
  const { service } = await memoryBlog(FILES);
  const text = yamlPost({ title: 'Source' }, 'See [target](/posts/target/).\n');
  const { doc } = openDoc(service, '/blog/content/posts/source.md', text);
  const at = doc.positionAt(text.indexOf('/posts/target/') + 2);
  const hover = features.hover(service, doc, at);
  assert.ok(hover, 'a hover on the link');
  const refs = await features.references(service, doc, at, false);
  const sources = [...new Set(refs.map((r) => r.uri.replace(/^.*\//, '')))].sort();
  // The source itself, the real link and the ref; never the post whose links are all in code.
  assert.deepEqual(sources, ['real.md', 'ref.md', 'source.md']);
  assert.equal(count((hover.contents as MarkupContent).value), sources.length);
});

test('the index keeps the parsed links (kind, target, span) and no link from code', async () => {
  const { service } = await memoryBlog(FILES);
  assert.deepEqual(service.index.get('/blog/content/posts/in-code.md')!.links, []);
  const real = service.index.get('/blog/content/posts/real.md')!;
  assert.deepEqual(real.links.map((l) => [l.kind, l.target]), [['inline', '/posts/target/']]);
  const text = FILES['/blog/content/posts/real.md'];
  assert.equal(text.slice(real.links[0].targetSpan.start, real.links[0].targetSpan.end), '/posts/target/');
  assert.deepEqual(service.index.get('/blog/content/posts/ref.md')!.shortcodes.map((s) => s.name), ['ref']);
});

test('a bare ref: the hover target is the preview href (one resolver, Hugo’s bare-name rule)', async () => {
  const { service } = await memoryBlog({ ...FILES, '/blog/content/notes/deep/note.md': yamlPost({ title: 'Note', slug: 'the-note' }) });
  const text = yamlPost({ title: 'Source' }, 'By name: [n]({{< relref "note" >}}).\n');
  const { doc } = openDoc(service, '/blog/content/posts/source.md', text);
  const hover = features.hover(service, doc, doc.positionAt(text.indexOf('"note"') + 2));
  assert.ok(hover, 'a hover on the ref');
  const value = (hover.contents as MarkupContent).value;
  assert.match(value, /\/notes\/deep\/the-note\//);
  const rendered = await handleRenderRequest(service, { uri: doc.uri, text });
  assert.match(rendered.html, /<a href="\/notes\/deep\/the-note\/" data-target="\/blog\/content\/notes\/deep\/note.md">n<\/a>/);
});

test('one HTML escaper: all five characters, and its inverse', async () => {
  const { escapeHtml, unescapeHtml } = await import('../../shared/html');
  const raw = `<a href="x" title='y'>&</a>`;
  assert.equal(escapeHtml(raw), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(unescapeHtml(escapeHtml(raw)), raw);
});
