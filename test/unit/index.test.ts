import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeUrlPath, normalizeUrlPathGenerally } from '../../server/src/index/blogIndex';
import { firstParagraph } from '../../server/src/index/postReader';
import { HUGO_CONFIG, memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const files = {
  '/blog/hugo.toml': HUGO_CONFIG,
  '/blog/content/post/a.md': yamlPost({ title: 'A', date: '2024-01-01', tags: ['R', 'llms'], related: ['b.md'], url: '/2024/01/01/a/' }, 'First paragraph of A.\n\nSecond.\n'),
  '/blog/content/post/b.md': yamlPost({ title: 'B', date: '2024-02-01', tags: ['R'], categories: ['stats'] }),
  '/blog/content/post/bundle/index.md': yamlPost({ title: 'Bundle', description: 'Described.', tags: ['r'] }),
  '/blog/content/_index.md': yamlPost({ title: 'Home' }),
  '/blog/public/x.md': yamlPost({ title: 'public' }),
  '/blog/content/node_modules/y.md': yamlPost({ title: 'nm' }),
};

test('indexes posts with their facts and counts terms', async () => {
  const { service } = await memoryBlog(files);
  const idx = service.index;
  assert.equal(idx.postCount, 3, 'section pages, public/ and node_modules/ are not posts');
  const a = idx.get('/blog/content/post/a.md')!;
  assert.equal(a.title, 'A');
  assert.equal(a.date, '2024-01-01');
  assert.deepEqual(a.terms.get('tags'), ['R', 'llms']);
  assert.deepEqual(a.related, ['b.md']);
  assert.equal(a.summary, 'First paragraph of A.');
  assert.equal(a.permalink, '/2024/01/01/a/');
  assert.equal(idx.get('/blog/content/post/b.md')!.permalink, '/post/b/');
  assert.equal(idx.get('/blog/content/post/bundle/index.md')!.summary, 'Described.');
  assert.deepEqual(idx.terms('tags'), [
    { term: 'R', count: 2 },
    { term: 'llms', count: 1 },
    { term: 'r', count: 1 },
  ]);
  assert.deepEqual(idx.termVariants('tags', 'R'), [{ term: 'r', count: 1 }]);
  assert.deepEqual(idx.byName('b.md').map((p) => p.title), ['B']);
  assert.deepEqual(idx.byName('bundle').map((p) => p.title), ['Bundle']);
  assert.deepEqual(idx.byUrl('/2024/1/1/a').map((p) => p.title), ['A']);
});

test('front matter keys are read in any case, as Hugo reads them', async () => {
  const { service } = await memoryBlog({
    '/blog/hugo.toml': HUGO_CONFIG,
    '/blog/content/post/upper.md': '---\nTitle: Upper\nTags:\n- R\nDraft: true\nSlug: up\ndate: 2024-01-01\n---\nBody.\n',
    '/blog/content/post/lower.md': '---\ntitle: Lower\ntags:\n- R\n---\nBody.\n',
  });
  const upper = service.index.get('/blog/content/post/upper.md')!;
  assert.equal(upper.title, 'Upper');
  assert.deepEqual(upper.terms.get('tags'), ['R']);
  assert.equal(upper.draft, true);
  assert.equal(upper.slug, 'up');
  const lower = service.index.get('/blog/content/post/lower.md')!;
  assert.equal(lower.title, 'Lower');
  assert.equal(lower.draft, false);
  assert.equal(lower.slug, undefined);
});

test('updates incrementally from open documents and disk changes', async () => {
  const { service, workspace } = await memoryBlog(files);
  const before = service.index.generation;
  openDoc(service, '/blog/content/post/b.md', yamlPost({ title: 'B2', tags: ['R', 'new-tag'] }));
  assert.equal(service.index.get('/blog/content/post/b.md')!.title, 'B2');
  assert.equal(service.index.termCount('tags', 'new-tag'), 1);
  assert.equal(service.index.termCount('tags', 'R'), 2);
  assert.ok(service.index.generation > before);

  workspace.write('/blog/content/post/c.md', yamlPost({ title: 'C', tags: ['llms'] }));
  await service.fileChangedOnDisk('/blog/content/post/c.md', 'created');
  assert.equal(service.index.termCount('tags', 'llms'), 2);

  workspace.delete('/blog/content/post/a.md');
  await service.fileChangedOnDisk('/blog/content/post/a.md', 'deleted');
  assert.equal(service.index.get('/blog/content/post/a.md'), undefined);
  assert.equal(service.index.termCount('tags', 'llms'), 1);
  assert.equal(service.index.termCount('tags', 'R'), 1);

  // An open document wins over the disk until it is closed.
  workspace.write('/blog/content/post/b.md', yamlPost({ title: 'B on disk' }));
  await service.fileChangedOnDisk('/blog/content/post/b.md', 'changed');
  assert.equal(service.index.get('/blog/content/post/b.md')!.title, 'B2');
  await service.documentClosed('file:///blog/content/post/b.md');
  assert.equal(service.index.get('/blog/content/post/b.md')!.title, 'B on disk');
});

test('a config change reloads the site model', async () => {
  const { service, workspace } = await memoryBlog(files);
  assert.deepEqual(service.site.taxonomies.map((t) => t.plural), ['tags', 'categories']);
  workspace.write('/blog/hugo.toml', HUGO_CONFIG + '[taxonomies]\n  series = "series"\n');
  assert.equal(await service.fileChangedOnDisk('/blog/hugo.toml', 'changed'), true);
  assert.deepEqual(service.site.taxonomies.map((t) => t.plural), ['series']);
});

test('excluded globs are not indexed', async () => {
  const { service } = await memoryBlog(files, { exclude: ['content/post/bundle/**'] });
  assert.equal(service.index.get('/blog/content/post/bundle/index.md'), undefined);
  assert.equal(service.index.postCount, 2);
});

test('URL paths normalise trailing slashes, index.html, leading zeros and encoding', () => {
  const same = ['/2024/04/09/cortos/', '/2024/4/9/cortos', '/2024/04/09/cortos/index.html', '/2024/04/09/cortos/#x', '/2024/04/09/cortos/?a=1'];
  for (const u of same) assert.equal(normalizeUrlPath(u), '/2024/4/9/cortos');
  assert.equal(normalizeUrlPath('/tags/m%C3%A1rketing/'), '/tags/márketing');
});

test('URL paths already lower case and unescaped (the quick form) normalise as the general form does', () => {
  // Numbers: only all-digit segments change, as parseInt reads them (also past 2^53).
  assert.equal(normalizeUrlPath('/2011/09/07/código-542/'), '/2011/9/7/código-542');
  assert.equal(normalizeUrlPath('/a/0/00/b'), '/a/0/0/b');
  assert.equal(normalizeUrlPath('/a/007x/0b/'), '/a/007x/0b');
  assert.equal(normalizeUrlPath('/n/12345678901234567890/'), '/n/' + String(parseInt('12345678901234567890', 10)));
  assert.equal(normalizeUrlPath('/n/123456789012345/'), '/n/123456789012345');
  assert.equal(normalizeUrlPath('/'), '/');
  assert.equal(normalizeUrlPath('//'), '/');
  // Capitals outside ASCII are folded like ASCII ones; the quick form must not keep them.
  assert.equal(normalizeUrlPath('/FUNCIÓN/Éxito/'), '/función/éxito');
  assert.equal(normalizeUrlPath('/función/éxito/'), '/función/éxito');
  // Paths with dots (images, files) take the quick form unless they end in .htm/.html; random ones agree.
  for (const u of ['/img/2008/figura_0.png', '/a/index.html', '/a.htm', '/a.html/', '/a.HTML', '/b/../c/', '/v1.2/docs/', '/x.html?y', '/.hidden/']) assert.equal(normalizeUrlPath(u), normalizeUrlPathGenerally(u), u);
  let seed = 3;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pieces = ['/', '/', 'a', 'B', '.', '.png', '.htm', '.html', 'index', '0', '07', '12', '123456789012345678', 'é', 'É', '%20', '#', '?', '-', '_'];
  for (let k = 0; k < 20000; k++) {
    let u = '/';
    for (let n = Math.floor(next() * 8); n > 0; n--) u += pieces[Math.floor(next() * pieces.length)];
    assert.equal(normalizeUrlPath(u), normalizeUrlPathGenerally(u), u);
  }
});

test('summary: the first paragraph of prose, shortened', () => {
  assert.equal(firstParagraph('### Title\n\n{{< figure src="x" >}}\n\nThe [real](/x/) **text**\ncontinues.\n\nNext.'), 'The real **text** continues.');
  assert.ok(firstParagraph('word '.repeat(200)).length <= 301);
  // Each clean-up: inline shortcodes, images, links, reference links, HTML tags, runs of spaces.
  assert.equal(firstParagraph('A {{< x >}}b ![i](/i.png) [c](/c) [d][e] <em>f</em>   g'), 'A b  c d f g'.replace(/\s+/g, ' '));
  assert.equal(firstParagraph('Plain   prose,\nno markup.'), 'Plain prose, no markup.');
});

test('a tag change updates the link graph for that post alone, and term pages follow the new tag', async () => {
  const { linkGraph, incomingCount } = await import('../../server/src/site/linkGraph');
  const { resolveUrl } = await import('../../server/src/site/resolver');
  const { service } = await memoryBlog(files);
  const graph = linkGraph(service);
  const b = '/blog/content/post/b.md';
  assert.equal(incomingCount(service, b), 0);
  assert.notEqual(resolveUrl(service, undefined, b, '/tags/brand-new/').kind, 'list');
  // Post a gains a tag and a link to b in one edit.
  openDoc(service, '/blog/content/post/a.md', yamlPost({ title: 'A', date: '2024-01-01', tags: ['R', 'brand new'], url: '/2024/01/01/a/' }, 'See [B](/post/b/).\n'));
  assert.equal(linkGraph(service), graph, 'the graph object is patched, not rebuilt');
  assert.equal(incomingCount(service, b), 1);
  assert.equal(resolveUrl(service, undefined, b, '/tags/brand-new/').kind, 'list');
  assert.notEqual(resolveUrl(service, undefined, b, '/tags/llms/').kind, 'list', 'a term no post uses has no page');
  // Only the tag changes: still the same graph, same counts.
  openDoc(service, '/blog/content/post/a.md', yamlPost({ title: 'A', date: '2024-01-01', tags: ['llms'], url: '/2024/01/01/a/' }, 'See [B](/post/b/).\n'));
  assert.equal(linkGraph(service), graph);
  assert.equal(incomingCount(service, b), 1);
  assert.equal(resolveUrl(service, undefined, b, '/tags/llms/').kind, 'list');
  assert.notEqual(resolveUrl(service, undefined, b, '/tags/brand-new/').kind, 'list');
});

test('onPostText hands each post text to listeners as the index reads it: once in the build, then per update', async () => {
  const { MemoryWorkspace } = await import('../../server/src/workspace/memoryWorkspace');
  const { BlogService } = await import('../../server/src/service');
  const workspace = new MemoryWorkspace(files);
  const service = await BlogService.create({ workspace, folder: '/blog' });
  const seen: { path: string; text: string; previous?: string }[] = [];
  service.index.onPostText((entry, text, previous) => seen.push({ path: entry.path, text, previous: previous?.title }));
  await service.buildIndex();
  assert.deepEqual(seen.map((s) => s.path).sort(), [...service.index.posts.keys()].sort());
  assert.equal(seen.find((s) => s.path === '/blog/content/post/b.md')!.text, files['/blog/content/post/b.md']);
  seen.length = 0;
  openDoc(service, '/blog/content/post/b.md', yamlPost({ title: 'B2' }));
  assert.deepEqual(seen.map((s) => [s.path, s.previous]), [['/blog/content/post/b.md', 'B']]);
});

test('key and value counts: counted on first use, then kept current through edits and removals', async () => {
  // Asked first after an edit (counted from the posts as they are), then kept current by later ones.
  const { service } = await memoryBlog(files);
  const idx = service.index;
  idx.update('/blog/content/post/b.md', yamlPost({ title: 'B', author: 'Ana', series: 'R tips' }));
  const count = (key: string) => idx.keys().find((k) => k.term === key)?.count;
  assert.equal(count('title'), 4, 'three posts and the section page');
  assert.equal(count('author'), 1);
  assert.equal(count('categories'), undefined, 'b.md no longer has categories');
  assert.deepEqual(idx.valuesOf('Author'), [{ term: 'Ana', count: 1 }]);
  idx.update('/blog/content/post/a.md', yamlPost({ title: 'A', author: 'Ana', date: '2024-01-01' }));
  assert.deepEqual(idx.valuesOf('author'), [{ term: 'Ana', count: 2 }]);
  assert.equal(count('author'), 2);
  assert.equal(count('tags'), 1, 'only the bundle still has tags');
  idx.remove('/blog/content/post/b.md');
  assert.deepEqual(idx.valuesOf('author'), [{ term: 'Ana', count: 1 }]);
  assert.equal(count('series'), undefined);
  assert.deepEqual(idx.valuesOf('series'), [], 'no post has the key any more');
});
