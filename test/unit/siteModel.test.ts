import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findSiteRoot, loadSiteModel } from '../../server/src/site/siteModel';
import { computePermalink } from '../../server/src/site/permalinks';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';

test('reads hugo.toml: baseURL, taxonomies, permalinks, markup, math, theme', async () => {
  const ws = new MemoryWorkspace({
    '/s/hugo.toml': `baseURL = "https://example.org/"\ntheme = "ananke"\ncontentDir = "posts"\n[taxonomies]\n  tag = "tags"\n  serie = "series"\n[permalinks]\n  post = "/:year/:month/:day/:slug/"\n[markup.goldmark.renderer]\n  unsafe = true\n[markup.goldmark.extensions]\n  typographer = false\n[params]\n  math = true\n`,
  });
  const site = await loadSiteModel(ws, '/s');
  assert.equal(site.generator, 'hugo');
  assert.equal(site.baseURL, 'https://example.org/');
  assert.deepEqual(site.contentDirs, ['/s/posts']);
  assert.deepEqual(site.taxonomies.map((t) => t.plural), ['tags', 'series']);
  assert.equal(site.permalinks.post, '/:year/:month/:day/:slug/');
  assert.equal(site.markup.unsafe, true);
  assert.equal(site.markup.typographer, false);
  assert.equal(site.math, true);
  assert.deepEqual(site.shortcodeDirs, ['/s/layouts/_shortcodes', '/s/layouts/shortcodes', '/s/themes/ananke/layouts/_shortcodes', '/s/themes/ananke/layouts/shortcodes']);
});

test('reads config/_default/ with one file per section, YAML and JSON', async () => {
  const ws = new MemoryWorkspace({
    '/s/config/_default/hugo.yaml': 'baseURL: https://falco.example/\nTitle: Falco\n',
    '/s/config/_default/markup.json': '{"goldmark": {"renderer": {"unsafe": true}}}',
    '/s/config/_default/params.toml': 'math = false\n',
    '/s/config/_default/taxonomies.yaml': 'tag: tags\n',
  });
  assert.equal(await findSiteRoot(ws, '/s'), '/s');
  const site = await loadSiteModel(ws, '/s');
  assert.equal(site.generator, 'hugo');
  assert.equal(site.title, 'Falco', 'keys are case-insensitive');
  assert.equal(site.markup.unsafe, true);
  assert.deepEqual(site.taxonomies.map((t) => t.plural), ['tags']);
});

test('defaults when nothing is declared; Jekyll; a broken config is a problem, not a crash', async () => {
  const hugo = await loadSiteModel(new MemoryWorkspace({ '/s/config.yaml': 'title: x\n' }), '/s');
  assert.deepEqual(hugo.taxonomies.map((t) => t.plural), ['tags', 'categories']);
  assert.deepEqual(hugo.staticDirs, ['/s/static']);
  const jekyll = await loadSiteModel(new MemoryWorkspace({ '/j/_config.yml': 'url: https://j.example\nbaseurl: /blog\npermalink: pretty\n' }), '/j');
  assert.equal(jekyll.generator, 'jekyll');
  assert.equal(jekyll.baseURL, 'https://j.example/blog');
  const broken = await loadSiteModel(new MemoryWorkspace({ '/b/hugo.toml': 'title = "unclosed\n' }), '/b');
  assert.equal(broken.generator, 'hugo');
  assert.equal(broken.problems.length, 1);
});

test('finds a site kept in a subfolder of the workspace', async () => {
  const ws = new MemoryWorkspace({ '/repo/README.md': '#', '/repo/site/hugo.toml': 'title = "x"\n', '/repo/node_modules/x/hugo.toml': '' });
  assert.equal(await findSiteRoot(ws, '/repo'), '/repo/site');
});

test('permalinks: url front matter, section patterns, default rules, bundles, languages', async () => {
  const site = await loadSiteModel(
    new MemoryWorkspace({ '/s/hugo.toml': '[permalinks]\n  blog = "/blog/:year/:month/:day/:slug/"\n[languages.en]\n  weight = 1\n[languages.es]\n  weight = 2\n' }),
    '/s',
  );
  assert.equal(computePermalink(site, { contentPath: 'post/x.md', url: '/2024/04/19/cortos/' }), '/2024/04/19/cortos/');
  assert.equal(computePermalink(site, { contentPath: 'blog/2024-01-05-hello/index.md', date: '2024-01-05', title: 'Hello World' }), '/blog/2024/01/05/hello-world/');
  assert.equal(computePermalink(site, { contentPath: 'blog/x.md', slug: 'my-slug', date: '2024-1-5' }), '/blog/2024/01/05/my-slug/');
  assert.equal(computePermalink(site, { contentPath: 'post/My Post.md' }), '/post/my-post/');
  assert.equal(computePermalink(site, { contentPath: 'post/bundle/index.es.md', lang: 'es' }), '/es/post/bundle/');
  assert.equal(computePermalink(site, { contentPath: 'post/_index.md' }), '/post/');
});

test('multi-root: the first workspace folder that holds a site is used', async () => {
  const { BlogService } = await import('../../server/src/service');
  const ws = new MemoryWorkspace({ '/notes/a.md': '# notes', '/blog/hugo.toml': 'title = "b"\n', '/blog/content/post/x.md': '---\ntitle: X\n---\n' });
  const service = await BlogService.create({ workspace: ws, folder: '/notes', otherFolders: ['/blog'] });
  assert.equal(service.site.root, '/blog');
  assert.equal(service.site.generator, 'hugo');
});
