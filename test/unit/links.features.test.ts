import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type CompletionItem, type MarkupContent, type TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/languageService';
import { nearestTargets, postsLinkingTo } from '../../server/src/features/links/feature';
import { resolveLink, splitTarget, type LinkResolution } from '../../server/src/site/resolver';
import type { LinkOccurrence } from '../../server/src/parse/links';
import { pathToUri } from '../../server/src/workspace/uri';
import { memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const features = createLanguageService();

/** A PNG header of 120 × 64, as a latin1 string (the memory workspace stores text). */
const PNG = Buffer.from('89504e470d0a1a0a0000000d494844520000007800000040', 'hex').toString('latin1');

const FILES: Record<string, string> = {
  '/blog/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "t"\n[permalinks]\n  posts = "/:year/:month/:slug/"\n',
  '/blog/content/posts/2024-03-11-cortos.md': yamlPost({ title: 'Cortos de marzo', date: '2024-03-11', url: '/2024/3/11/cortos/', tags: ['llms', 'R'] }, 'Primer párrafo de cortos.\n'),
  '/blog/content/posts/old.md': yamlPost({ title: 'Old post', aliases: ['/old-path/', 'renamed'] }),
  '/blog/content/posts/pattern.md': yamlPost({ title: 'Patterned', date: '2024-05-06', slug: 'my-slug' }),
  '/blog/content/posts/bundle/index.md': yamlPost({ title: 'A bundle', date: '2024-02-02' }, '![d](diagram.png)\n'),
  '/blog/content/posts/bundle/diagram.png': PNG,
  '/blog/content/posts/draft.md': yamlPost({ title: 'Not yet', draft: 'true' }),
  '/blog/content/about.md': yamlPost({ title: 'About' }),
  '/blog/content/docs/_index.md': yamlPost({ title: 'Docs' }),
  '/blog/content/docs/guide.md': yamlPost({ title: 'Guide' }),
  '/blog/content/docs/more/guide.md': yamlPost({ title: 'Another guide' }),
  '/blog/content/posts/cites.md': yamlPost({ title: 'Cites' }, 'See [cortos](/2024/03/11/cortos/) and https://external.example.com/page.\n'),
  '/blog/static/img/x.png': PNG,
  '/blog/static/files/report 2024.pdf': 'pdf',
};

const SOURCE = '/blog/content/posts/source.md';

async function setup(body = 'Body.\n') {
  const { service } = await memoryBlog({ ...FILES, [SOURCE]: yamlPost({ title: 'Source', date: '2024-06-01' }, body) });
  return service;
}

function resolve(service: Awaited<ReturnType<typeof setup>>, target: string, kind: LinkOccurrence['kind'] = 'inline', from = SOURCE): LinkResolution {
  return resolveLink(service, from, { kind, target });
}

const where = (r: LinkResolution) =>
  r.kind === 'post' ? `post ${r.post.relPath} via ${r.via}` : r.kind === 'file' ? `file ${r.path.replace('/blog/', '')} via ${r.via}` : r.kind === 'missing' ? `missing ${r.reason}` : r.kind;

test('root-relative URLs through url front matter, aliases, permalink patterns and default rules', async () => {
  const s = await setup();
  assert.equal(where(resolve(s, '/2024/3/11/cortos/')), 'post content/posts/2024-03-11-cortos.md via url');
  assert.equal(where(resolve(s, '/old-path/')), 'post content/posts/old.md via alias');
  assert.equal(where(resolve(s, '/renamed/')), 'post content/posts/old.md via alias', 'a relative alias, against the page parent URL');
  assert.equal(where(resolve(s, '/2024/05/my-slug/')), 'post content/posts/pattern.md via permalink');
  assert.equal(where(resolve(s, '/about/')), 'post content/about.md via permalink');
  assert.equal(where(resolve(s, '/docs/guide/')), 'post content/docs/guide.md via permalink');
  assert.equal(where(resolve(s, '/docs/')), 'post content/docs/_index.md via permalink');
  assert.equal(resolve(s, '/posts/').kind, 'list', 'a section without _index.md is still a page');
  assert.equal(resolve(s, '/').kind, 'list');
});

test('tolerates leading zeros, missing trailing slash, index.html, fragments, queries and percent-encoding', async () => {
  const s = await setup();
  for (const t of ['/2024/03/11/cortos', '/2024/03/11/cortos/index.html', '/2024/3/11/cortos/#intro', '/2024/3/11/cortos/?utm=x', '/2024/3/11/%63ortos/']) {
    assert.equal(where(resolve(s, t)), 'post content/posts/2024-03-11-cortos.md via url', t);
  }
  const r = resolve(s, '/2024/3/11/cortos/#intro');
  assert.equal(r.kind === 'post' && r.fragment, 'intro');
});

test('absolute links to the own baseURL resolve; other hosts are external', async () => {
  const s = await setup();
  const r = resolve(s, 'https://example.org/2024/05/my-slug/');
  assert.equal(where(r), 'post content/posts/pattern.md via permalink');
  assert.equal(r.kind === 'post' && r.absolute, true);
  assert.equal(where(resolve(s, 'https://www.example.org/img/x.png')), 'file static/img/x.png via static');
  assert.equal(resolve(s, 'https://elsewhere.org/2024/05/my-slug/').kind, 'external');
  assert.equal(resolve(s, 'mailto:me@example.org').kind, 'skip');
  assert.equal(resolve(s, '#section').kind, 'skip');
});

test('absolute links to the own host however spelt: case, port, user, escapes in the host; its name elsewhere in a URL is no match', async () => {
  const s = await setup();
  for (const t of ['HTTPS://WWW.Example.ORG/2024/05/my-slug/', '//example.org/2024/05/my-slug/', 'https://me@example.org:443/2024/05/my-slug/', 'https://exam%70le.org/2024/05/my-slug/', 'https://example.org\\2024/05/my-slug/'])
    assert.equal(where(resolve(s, t)), 'post content/posts/pattern.md via permalink', t);
  for (const t of ['https://elsewhere.org/example.org/2024/05/my-slug/', 'https://example.org.elsewhere.net/2024/05/my-slug/', 'https://ex%61mple.com/2024/05/my-slug/', 'https://exämple.org/2024/05/my-slug/'])
    assert.equal(resolve(s, t).kind, 'external', t);
});

test('relative paths to other posts and resources', async () => {
  const s = await setup();
  assert.equal(where(resolve(s, '../about.md')), 'post content/about.md via relative');
  assert.equal(where(resolve(s, 'pattern.md')), 'post content/posts/pattern.md via relative');
  assert.equal(where(resolve(s, '../docs/')), 'post content/docs/_index.md via relative');
  assert.equal(where(resolve(s, 'diagram.png', 'inline', '/blog/content/posts/bundle/index.md')), 'file content/posts/bundle/diagram.png via bundle');
  assert.equal(where(resolve(s, 'nothing.md')), 'missing relative-missing');
});

test('static files in the static dirs and bundle resources by URL', async () => {
  const s = await setup();
  assert.equal(where(resolve(s, '/img/x.png')), 'file static/img/x.png via static');
  assert.equal(where(resolve(s, '/files/report%202024.pdf')), 'file static/files/report 2024.pdf via static');
  assert.equal(where(resolve(s, '/2024/02/a-bundle/diagram.png')), 'file content/posts/bundle/diagram.png via bundle');
  assert.equal(where(resolve(s, '/img/y.png')), 'missing static-missing');
  assert.equal(where(resolve(s, '/no/such/page/')), 'missing no-page-or-file');
});

test('a bundle resource by URL on a site that had no bundle until one was added', async () => {
  const files = Object.fromEntries(Object.entries(FILES).filter(([p]) => !p.includes('/bundle/')));
  const { service: s } = await memoryBlog({ ...files, '/blog/content/posts/later/diagram.png': PNG, [SOURCE]: yamlPost({ title: 'Source', date: '2024-06-01' }) });
  assert.equal(where(resolve(s, '/2024/02/later/diagram.png')), 'missing static-missing');
  openDoc(s, '/blog/content/posts/later/index.md', yamlPost({ title: 'Later', date: '2024-02-02' }));
  assert.equal(where(resolve(s, '/2024/02/later/diagram.png')), 'file content/posts/later/diagram.png via bundle');
});

test('ref/relref paths as Hugo resolves them', async () => {
  const s = await setup();
  assert.equal(where(resolve(s, 'pattern', 'ref')), 'post content/posts/pattern.md via ref', 'bare name');
  assert.equal(where(resolve(s, 'pattern.md', 'ref')), 'post content/posts/pattern.md via ref', 'name with extension');
  assert.equal(where(resolve(s, '/posts/pattern', 'ref')), 'post content/posts/pattern.md via ref', 'path from the content root');
  assert.equal(where(resolve(s, 'posts/pattern.md#x', 'ref')), 'post content/posts/pattern.md via ref');
  assert.equal(where(resolve(s, '/about', 'ref')), 'post content/about.md via ref', 'one leading slash: also a name lookup');
  assert.equal(where(resolve(s, 'bundle', 'ref')), 'post content/posts/bundle/index.md via ref', 'a bundle by its folder');
  assert.equal(where(resolve(s, '/docs', 'ref')), 'post content/docs/_index.md via ref');
  assert.equal(where(resolve(s, 'more/guide', 'ref', '/blog/content/docs/guide.md')), 'post content/docs/more/guide.md via ref', 'relative to the page first');
  assert.equal(where(resolve(s, 'guide', 'ref')), 'missing ref-ambiguous');
  assert.equal(where(resolve(s, 'docs/nothing', 'ref')), 'missing ref-missing');
  assert.equal(where(resolve(s, '#top', 'ref')), 'post content/posts/source.md via ref', 'a bare fragment is this page');
});

function hoverAt(service: Awaited<ReturnType<typeof setup>>, text: string, needle: string): string | undefined {
  const { doc } = openDoc(service, SOURCE, text, 2);
  const h = features.hover(service, doc, doc.positionAt(text.indexOf(needle) + 1));
  return (h?.contents as MarkupContent | undefined)?.value;
}

test('hover: a post card with title, date, terms, summary and incoming links', async () => {
  const s = await setup();
  const text = yamlPost({ title: 'Source' }, 'Read [this](/2024/03/11/cortos/).\n');
  const value = hoverAt(s, text, '/2024/03/11')!;
  assert.match(value, /\*\*\[Cortos de marzo\]\(file:\/\/\/blog\/content\/posts\/2024-03-11-cortos\.md\)\*\*/);
  assert.match(value, /2024-03-11 · tags: llms, R/);
  assert.match(value, /Primer párrafo de cortos\./);
  assert.match(value, /Linked from 2 posts/, 'cites.md and this one');
  assert.match(value, /via its `url` front matter/);
});

test('hover: an image shows itself, sized, with its path and dimensions; external links count citations', async () => {
  const s = await setup();
  const text = yamlPost({ title: 'Source' }, '![pic](/img/x.png) and <https://external.example.com/page/>\n');
  const image = hoverAt(s, text, '/img/x.png')!;
  assert.match(image, /!\[pic\]\(file:\/\/\/blog\/static\/img\/x\.png\|width=120\)/);
  assert.match(image, /`static\/img\/x\.png` · 120 × 64 px/);
  const external = hoverAt(s, text, 'https://external')!;
  assert.match(external, /cited by 2 posts/, 'trailing slash and fragment ignored');
});

test('hover: a ref shortcode is a post card; nothing outside links', async () => {
  const s = await setup();
  const text = yamlPost({ title: 'Source' }, 'See {{< ref "pattern" >}} here.\n');
  assert.match(hoverAt(s, text, '"pattern"')!, /Patterned/);
  assert.equal(hoverAt(s, text, 'here'), undefined);
});

test('diagnostics: broken link warning, ref error, draft information; external never checked', async () => {
  const s = await setup();
  const text = yamlPost({ title: 'Source' }, '[a](/2024/05/my-slu/) ![b](/img/z.png) {{< ref "nope" >}} [c](/not-yet/) [d](https://nowhere.invalid/x) [e](/about/)\n');
  const { doc } = openDoc(s, SOURCE, text, 3);
  const diags = features.diagnostics(s, doc).filter((d) => String(d.code).startsWith('link') || String(d.code).startsWith('ref'));
  const summary = diags.map((d) => [d.code, d.severity, doc.getText(d.range)]);
  assert.deepEqual(summary, [
    ['link-broken', DiagnosticSeverity.Warning, '/2024/05/my-slu/'],
    ['link-broken', DiagnosticSeverity.Warning, '/img/z.png'],
    ['ref-missing', DiagnosticSeverity.Error, 'nope'],
    ['link-draft', DiagnosticSeverity.Information, '/not-yet/'],
  ]);
  assert.match(String(diags[1].message), /^Image not found/);
  const fixes = features.codeActions(s, doc, diags[0].range, { diagnostics: [diags[0]] });
  assert.equal(fixes[0]?.title, 'Change to /2024/05/my-slug/');
  assert.deepEqual((fixes[0].edit!.changes![doc.uri] as TextEdit[])[0].newText, '/2024/05/my-slug/');
  const imageFix = features.codeActions(s, doc, diags[1].range, { diagnostics: [diags[1]] });
  assert.equal(imageFix[0]?.title, 'Change to /img/x.png');
});

test('rule severities follow the user settings', async () => {
  const { service } = await memoryBlog({ ...FILES, [SOURCE]: 'x' }, { rules: { 'link-broken': 'off', 'link-draft': 'hint' } });
  const { doc } = openDoc(service, SOURCE, '[a](/nothing/) [c](/not-yet/)\n', 2);
  assert.deepEqual(
    features.diagnostics(service, doc).map((d) => [d.code, d.severity]),
    [['link-draft', DiagnosticSeverity.Hint]],
  );
});

test('definition and document links open the post or file', async () => {
  const s = await setup();
  const text = yamlPost({ title: 'Source' }, '[a](../about.md) ![b](/img/x.png) {{< relref "/docs" >}} [ext](https://x.org)\n');
  const { doc } = openDoc(s, SOURCE, text, 2);
  const def = features.definition(s, doc, doc.positionAt(text.indexOf('about.md')));
  assert.deepEqual(def, [{ uri: pathToUri('/blog/content/about.md'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
  const links = features.documentLinks(s, doc).map((l) => [doc.getText(l.range), l.target]);
  assert.deepEqual(links, [
    ['../about.md', pathToUri('/blog/content/about.md')],
    ['/img/x.png', pathToUri('/blog/static/img/x.png')],
    ['/docs', pathToUri('/blog/content/docs/_index.md')],
  ]);
});

function complete(service: Awaited<ReturnType<typeof setup>>, textWithCursor: string): CompletionItem[] {
  const { doc, offset } = openDoc(service, SOURCE, textWithCursor, 5);
  return features.completion(service, doc, doc.positionAt(offset)).items;
}

test('completion: posts by title inside ](, ref paths inside ref ", images inside src="', async () => {
  const s = await setup();
  const fm = yamlPost({ title: 'Source' }, '');
  const md = complete(s, fm + 'See [x](|');
  const cortos = md.find((i) => i.label === 'Cortos de marzo')!;
  assert.equal((cortos.textEdit as TextEdit).newText, '/2024/3/11/cortos/', 'the url as the blog wrote it');
  assert.ok(md.some((i) => (i.textEdit as TextEdit).newText === '/img/x.png'), 'static files too');
  assert.ok(!md.some((i) => i.label === 'Source'), 'not the post itself');
  const narrowed = complete(s, fm + 'See [x](/2024/05|');
  assert.deepEqual(narrowed.map((i) => (i.textEdit as TextEdit).newText), ['/2024/05/my-slug/']);
  const ref = complete(s, fm + '{{< ref "|');
  assert.equal((ref.find((i) => i.label === 'Patterned')!.textEdit as TextEdit).newText, '/posts/pattern');
  assert.equal((ref.find((i) => i.label === 'A bundle')!.textEdit as TextEdit).newText, '/posts/bundle');
  const src = complete(s, fm + '<img src="|');
  assert.deepEqual(src.map((i) => (i.textEdit as TextEdit).newText), ['/img/x.png']);
});

test('postsLinkingTo: exact locations of the links to a post, across the blog', async () => {
  const s = await setup('Again [c](https://example.org/2024/3/11/cortos/) and {{< ref "2024-03-11-cortos" >}}.\n');
  const locations = await postsLinkingTo(s, '/blog/content/posts/2024-03-11-cortos.md');
  assert.deepEqual(
    locations.map((l) => [l.uri.replace('file:///blog/content/posts/', ''), l.range.start.line]),
    [
      ['cites.md', 3],
      ['source.md', 4],
      ['source.md', 4],
    ],
  );
});

test("the link graph follows typing: one post's links are replaced alone, other changes rebuild it", async () => {
  const { incomingCount } = await import('../../server/src/site/linkGraph');
  const { service } = await memoryBlog({
    '/blog/hugo.toml': 'baseURL = "https://example.org/"\n',
    '/blog/content/post/a.md': yamlPost({ title: 'A' }, 'To [b](/post/b/).\n'),
    '/blog/content/post/b.md': yamlPost({ title: 'B' }),
    '/blog/content/post/c.md': yamlPost({ title: 'C' }),
  });
  assert.equal(incomingCount(service, '/blog/content/post/b.md'), 1);
  openDoc(service, '/blog/content/post/c.md', yamlPost({ title: 'C' }, 'Also [b](/post/b/).\n'));
  assert.equal(incomingCount(service, '/blog/content/post/b.md'), 2, 'a link typed in C counts');
  openDoc(service, '/blog/content/post/c.md', yamlPost({ title: 'C' }, 'No link now.\n'));
  assert.equal(incomingCount(service, '/blog/content/post/b.md'), 1, 'and stops counting when removed');
  openDoc(service, '/blog/content/post/c.md', yamlPost({ title: 'C', aliases: ['/old-b/'] }, 'Text.\n'));
  openDoc(service, '/blog/content/post/a.md', yamlPost({ title: 'A' }, 'To [b](/post/b/) and [c](/old-b/).\n'));
  assert.equal(incomingCount(service, '/blog/content/post/c.md'), 1, 'an alias made by an edit of C is seen (a rebuild)');
  service.index.remove('/blog/content/post/b.md');
  assert.equal(incomingCount(service, '/blog/content/post/b.md'), 0, 'a removed post has no incoming links');
});

test('Jekyll: {% post_url %} and {% link %} resolve to posts; a missing one is an error; Hugo ignores them', async () => {
  const { incomingCount } = await import('../../server/src/site/linkGraph');
  const jekyll = await memoryBlog({
    '/blog/_config.yml': 'url: https://example.net\n',
    '/blog/_posts/2020-01-15-first-post.md': yamlPost({ title: 'First' }),
    '/blog/_posts/2020-02-01-second-post.md': yamlPost({ title: 'Second' }, 'See [one]({% post_url 2020-01-15-first-post %}), [again]({% link _posts/2020-01-15-first-post.md %}) and [gone]({% post_url 2019-01-01-nope %}).\n'),
  });
  const { doc } = openDoc(jekyll.service, '/blog/_posts/2020-02-01-second-post.md', (await jekyll.service.readText('/blog/_posts/2020-02-01-second-post.md'))!);
  const text = doc.getText();
  const def = features.definition(jekyll.service, doc, doc.positionAt(text.indexOf('2020-01-15-first-post %')));
  assert.deepEqual((def as { uri: string }[]).map((l) => l.uri), ['file:///blog/_posts/2020-01-15-first-post.md']);
  const hover = features.hover(jekyll.service, doc, doc.positionAt(text.indexOf('_posts/2020-01-15') + 3))!;
  assert.match((hover.contents as MarkupContent).value, /First/);
  const missing = features.diagnostics(jekyll.service, doc).filter((d) => d.code === 'ref-missing');
  assert.equal(missing.length, 1);
  assert.equal(missing[0].severity, DiagnosticSeverity.Error);
  assert.match(String(missing[0].message), /post_url "2019-01-01-nope"/);
  assert.equal(incomingCount(jekyll.service, '/blog/_posts/2020-01-15-first-post.md'), 1);

  const hugo = await memoryBlog({ '/blog/hugo.toml': 'title = "h"\n', '/blog/content/post/a.md': yamlPost({ title: 'A' }, 'Liquid {% post_url x %} is text here.\n') });
  const h = openDoc(hugo.service, '/blog/content/post/a.md', (await hugo.service.readText('/blog/content/post/a.md'))!);
  assert.deepEqual(features.diagnostics(hugo.service, h.doc).filter((d) => String(d.code).startsWith('ref') || String(d.code).startsWith('link')), []);
});

test('Jekyll: completion inside {% post_url %} offers posts by file name; dates come from file names', async () => {
  const { service } = await memoryBlog({
    '/blog/_config.yml': 'url: https://example.net\n',
    '/blog/_posts/2020-01-15-first-post.md': yamlPost({ title: 'First' }),
    '/blog/_posts/2020-02-01-second-post.md': yamlPost({ title: 'Second' }),
    '/blog/about.md': yamlPost({ title: 'About' }),
  });
  assert.equal(service.index.get('/blog/_posts/2020-01-15-first-post.md')!.date, '2020-01-15');
  const { doc, offset } = openDoc(service, '/blog/_posts/2020-03-01-new.md', yamlPost({ title: 'New' }, 'See [x]({% post_url 2020-0| %}).\n'));
  const items = features.completion(service, doc, doc.positionAt(offset)).items;
  assert.deepEqual(items.map((i) => (i.textEdit as TextEdit).newText), ['2020-02-01-second-post', '2020-01-15-first-post']);
  const link = openDoc(service, '/blog/_posts/2020-03-01-new.md', yamlPost({ title: 'New' }, 'See [x]({% link | %}).\n'));
  const linkItems = features.completion(service, link.doc, link.doc.positionAt(link.offset)).items;
  assert.ok(linkItems.some((i) => (i.textEdit as TextEdit).newText === 'about.md'));
});

test('a target written several times is reported at each place it is written, draft notes too', async () => {
  const body = 'A [gone](/no-such-page/) and [again](/no-such-page/), then ![img](/img/missing.png) and [gone](/no-such-page/).\nAlso [d](/posts/draft/) and [d2](/posts/draft/).\n';
  const s = await setup(body);
  const { doc } = openDoc(s, SOURCE, yamlPost({ title: 'Source', date: '2024-06-01' }, body));
  const diags = features.diagnostics(s, doc).filter((d) => d.source === 'blog-author' && typeof d.code === 'string' && d.code.startsWith('link'));
  const at = (d: { range: { start: { character: number } } }) => d.range.start.character;
  const broken = diags.filter((d) => String(d.message).includes('/no-such-page/'));
  assert.equal(broken.length, 3, JSON.stringify(diags));
  assert.equal(new Set(broken.map(at)).size, 3, 'three distinct ranges');
  assert.equal(diags.filter((d) => String(d.message).startsWith('Image not found')).length, 1);
  assert.equal(diags.filter((d) => d.severity === DiagnosticSeverity.Information).length, 2);
});

test('fixes offered for a broken link follow the index: a page added later is offered', async () => {
  const s = await setup();
  assert.deepEqual(nearestTargets(s, '/docs/guidez/', false), ['/docs/guide/']);
  assert.deepEqual(nearestTargets(s, '/docs/installs/', false), [], 'nothing near yet');
  openDoc(s, '/blog/content/docs/install.md', yamlPost({ title: 'Install' }));
  assert.deepEqual(nearestTargets(s, '/docs/installs/', false), ['/docs/install/']);
  assert.deepEqual(nearestTargets(s, 'instal', true), ['install'], 'a ref by bare name');
  assert.deepEqual(nearestTargets(s, '/img/y.png', false, true), ['/img/x.png'], 'an image gets an image');
});

test('fixes asked again (by the quick fixes, by another post) are the same: per target, image and ref flags', async () => {
  const s = await setup();
  const first = nearestTargets(s, '/docs/guidez/', false);
  first.push('/changed/');
  assert.deepEqual(nearestTargets(s, '/docs/guidez/', false), ['/docs/guide/'], 'an answer handed out is a copy');
  assert.deepEqual(nearestTargets(s, '/docs/guidez/', false, true), [], 'the same target as an image: images only');
  assert.deepEqual(nearestTargets(s, '/docs/guidez/', false), ['/docs/guide/']);
  assert.deepEqual(nearestTargets(s, '/img/y.png', false, true), ['/img/x.png']);
  assert.deepEqual(nearestTargets(s, '/img/y.png', false, true), ['/img/x.png']);
});

test('splitTarget: escapes and percent-decoding only where written; a bad escape is kept as written', () => {
  assert.deepEqual(splitTarget('/post/\\#title'), { path: '/post/', fragment: 'title' });
  assert.deepEqual(splitTarget('/a\\_b/'), { path: '/a_b/', fragment: undefined });
  assert.deepEqual(splitTarget('/a/b?x=1#frag'), { path: '/a/b', fragment: 'frag' });
  assert.deepEqual(splitTarget('/p%C3%A1gina/#x'), { path: '/página/', fragment: 'x' });
  assert.deepEqual(splitTarget('/100%/'), { path: '/100%/', fragment: undefined });
  assert.deepEqual(splitTarget('C:\\path\\x'), { path: 'C:\\path\\x', fragment: undefined });
  assert.deepEqual(splitTarget('/plain/path.png'), { path: '/plain/path.png', fragment: undefined });
});
