/**
 * `link-broken` precision (issue 12): a path this site cannot hold (a prefix none of its content,
 * static folders, pages, taxonomies or redirects has; a section whose pages are not in content/) is
 * not a confident "broken" unless a clearly-right fix says what was meant. Fixture:
 * test/fixtures/docs-elsewhere (page redirects from front matter, an include never rendered alone,
 * `../` from a page at the top of content/, raw `<pre>` blocks).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve as resolvePath } from 'node:path';
import type { MarkupContent } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/languageService';
import { parseLinks } from '../../server/src/parse/links';
import { BlogService } from '../../server/src/service';
import { resolveLink } from '../../server/src/site/resolver';
import { redirectParams } from '../../server/src/site/siteLinks';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { pathToUri } from '../../server/src/workspace/uri';
import { memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const features = createLanguageService();
const SITE = resolvePath(__dirname, '../fixtures/docs-elsewhere');

async function site() {
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: SITE, log: () => undefined });
  await service.buildIndex();
  return service;
}

async function open(service: BlogService, rel: string) {
  const path = `${service.site.root}/${rel}`;
  const doc = TextDocument.create(pathToUri(path), 'markdown', 1, (await service.readText(path))!);
  return { doc, diagnostics: features.diagnostics(service, doc).filter((d) => d.code === 'link-broken') };
}

test('paths served elsewhere are not reported; typos with a clear fix and real misses are', async () => {
  const service = await site();
  const { doc, diagnostics } = await open(service, 'content/blog/post.md');
  // /toys/sphere-js/ (no such top folder), /technotes/… (a section with a list page only), https://example.org/other-app/… : not reported.
  // /docs/guide/old-channel/ and /legacy/setup: redirects from the guide's front matter. `[magic(4)](2:3,2:3)` is inside <pre>.
  assert.deepEqual(
    diagnostics.map((d) => doc.getText(d.range)),
    ['/authors/ann/', '/blog/no-such-post/', '/img/missing.png', '/missing.pdf'],
  );
  const typo = diagnostics[0];
  assert.deepEqual(
    features.codeActions(service, doc, typo.range, { diagnostics: [typo] }).map((a) => a.title),
    ['Change to /author/ann/'],
  );
  // The hover of a link not reported says why it is not checked.
  const text = doc.getText();
  const hoverAt = (target: string) => (features.hover(service, doc, doc.positionAt(text.indexOf(target) + 2))?.contents as MarkupContent | undefined)?.value ?? '';
  assert.match(hoverAt('/toys/'), /^Not checked: No page is published at \/toys\/sphere-js\/.*nothing of this site is published under \/toys\//);
  assert.match(hoverAt('/technotes/2020'), /the section \/technotes\/ has no pages in this site's content/);
});

test('front matter redirects, includes and ../ from the top of content/ resolve', async () => {
  const service = await site();
  assert.deepEqual(
    service.site.redirects.filter((r) => r.param).map((r) => [r.param, r.file.slice(SITE.length + 1)]),
    [['redirects', 'layouts/_partials/redirects/pages.txt']],
  );
  const post = `${SITE}/content/blog/post.md`;
  const channel = resolveLink(service, post, { kind: 'inline', target: '/docs/guide/old-channel/' });
  assert.equal(channel.kind === 'post' && channel.via, 'redirect');
  assert.equal(channel.kind === 'post' && channel.post.title, 'Guide');
  const legacy = resolveLink(service, post, { kind: 'inline', target: '/legacy/setup' });
  assert.equal(legacy.kind === 'post' && legacy.post.title, 'Guide');
  // An include (cascade build.render never) is read from the including page: its relative links are not checked.
  assert.deepEqual((await open(service, 'content/docs/_includes/intro.md')).diagnostics, []);
  assert.equal(resolveLink(service, `${SITE}/content/docs/_includes/intro.md`, { kind: 'inline', target: '../libraries/' }).kind, 'unknown');
  // ../docs/guide/ leaves content/ as a file path but not as a URL (/about/ → /docs/guide/).
  const up = resolveLink(service, `${SITE}/content/about.md`, { kind: 'inline', target: '../docs/guide/' });
  assert.equal(up.kind === 'post' && up.post.title, 'Guide');
});

test('a top-level /name/ is the site\'s own only when it publishes pages there (else a GitHub Pages project site, say)', async () => {
  const files = {
    '/blog/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "t"\n',
    '/blog/content/posts/a.md': yamlPost({ title: 'A' }),
  };
  const broken = async (extra: Record<string, string>) => {
    const { service } = await memoryBlog({ ...files, ...extra });
    const { doc } = openDoc(service, '/blog/content/posts/b.md', yamlPost({ title: 'B' }, '[toys](/toys/) [feed](/feed.xml) [post](/posts/gone/) [tag](/tag/x/)\n'));
    return features.diagnostics(service, doc).filter((d) => d.code === 'link-broken').map((d) => doc.getText(d.range));
  };
  // /tag/ is a near name of the site's /tags/: a typo, reported; a file at the top is the site root's.
  assert.deepEqual(await broken({}), ['/feed.xml', '/posts/gone/', '/tag/x/']);
  assert.deepEqual(await broken({ '/blog/content/about.md': yamlPost({ title: 'About' }) }), ['/toys/', '/feed.xml', '/posts/gone/', '/tag/x/']);
  // A one-segment page with pages below its URL lists them (a Jekyll `tags/index.html` above `/tags/x/`): not a root page.
  const listing = { '/blog/content/list.md': yamlPost({ title: 'List', url: '/list/' }), '/blog/content/posts/c.md': yamlPost({ title: 'C', url: '/list/c/' }) };
  assert.deepEqual(await broken(listing), ['/feed.xml', '/posts/gone/', '/tag/x/']);
});

test('a site published under a path owns only that path of its host', async () => {
  const { service } = await memoryBlog({
    '/blog/hugo.toml': 'baseURL = "https://example.org/blog/"\ntitle = "t"\n',
    '/blog/content/posts/a.md': yamlPost({ title: 'A' }),
  });
  const from = '/blog/content/posts/b.md';
  const own = resolveLink(service, from, { kind: 'inline', target: 'https://example.org/blog/posts/a/' });
  assert.equal(own.kind === 'post' && own.post.title, 'A');
  assert.deepEqual(resolveLink(service, from, { kind: 'inline', target: 'https://example.org/shop/item/' }), { kind: 'external', url: 'https://example.org/shop/item/' });
  const { doc } = openDoc(service, from, yamlPost({ title: 'B' }, '[shop](https://example.org/shop/item/) [gone](https://example.org/blog/posts/gone/)\n'));
  assert.deepEqual(features.diagnostics(service, doc).filter((d) => d.code === 'link-broken').map((d) => doc.getText(d.range)), ['https://example.org/blog/posts/gone/']);
});

test('redirect templates: the front matter lists they range over', () => {
  assert.deepEqual(redirectParams('{{ range $p.Params.redirects }}{{ .from }} {{ .to }}{{ end }}'), ['redirects']);
  assert.deepEqual(redirectParams('{{ range .Params.Moved }}{{ .from }} -> {{ .to }}{{ end }}'), ['moved']);
  // A template that lists no {from, to} pairs is no source of rules.
  assert.deepEqual(redirectParams('{{ range .Params.tags }}{{ . }}{{ end }}'), []);
});

test('no Markdown links inside a <pre> block; its <a href> still counts', () => {
  const text = 'Before [a](/a/).\n\n<pre>\noctave> [magic(4)](2:3,2:3)\n<a href="/b/">b</a>\n</pre>\n\nAfter [c](/c/).\n';
  assert.deepEqual(parseLinks(text, 0).links.map((l) => `${l.kind} ${l.target}`), ['inline /a/', 'html /b/', 'inline /c/']);
});
