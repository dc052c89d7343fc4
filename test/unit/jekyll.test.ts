import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { createLanguageService } from '../../server/src/languageService';
import { buildSiteModel } from '../../server/src/site/siteModel';
import { jekyllDefaults, jekyllUrl } from '../../server/src/site/jekyll';
import { memoryBlog, openDoc } from '../helpers/memoryBlog';
import { fixtureFiles } from '../helpers/fixtureFiles';

const features = createLanguageService();

const fixture = fixtureFiles;

const site = (config: Record<string, unknown>) => buildSiteModel('/s', 'jekyll', config);

test('Jekyll URLs: built-in styles, collections, pages, placeholders', () => {
  const post = { relPath: '_posts/2024-03-05-Hello-World.md', data: {}, date: undefined, categories: [] as string[] };
  assert.equal(jekyllUrl(site({}), post), '/2024/03/05/Hello-World.html');
  assert.equal(jekyllUrl(site({ permalink: 'pretty' }), post), '/2024/03/05/Hello-World/');
  assert.equal(jekyllUrl(site({ permalink: 'none' }), { ...post, categories: ['Dev'] }), '/dev/Hello-World.html');
  assert.equal(jekyllUrl(site({ permalink: 'ordinal' }), post), '/2024/065/Hello-World.html');
  assert.equal(jekyllUrl(site({ permalink: '/blog/:year/:month/:day/' }), post), '/blog/2024/03/05/');
  assert.equal(jekyllUrl(site({ permalink: 'pretty' }), { ...post, relPath: 'news/_posts/2024-03-05-x.md' }), '/news/2024/03/05/x/');
  const docs = { collections: { docs: { output: true, permalink: '/:collection/:path/' }, hidden: { output: false } } };
  assert.equal(jekyllUrl(site(docs), { relPath: '_docs/setup/install.md', data: {}, date: undefined, categories: [] }), '/docs/setup/install/');
  assert.equal(jekyllUrl(site(docs), { relPath: '_hidden/x.md', data: {}, date: undefined, categories: [] }), '', 'output: false is not written');
  assert.equal(jekyllUrl(site({ collections: { docs: { output: true } } }), { relPath: '_docs/a.md', data: {}, date: undefined, categories: [] }), '/docs/a.html');
  assert.equal(jekyllUrl(site({ permalink: 'pretty', collections: { docs: { output: true } } }), { relPath: '_docs/a.md', data: {}, date: undefined, categories: [] }), '/docs/a/');
  assert.equal(jekyllUrl(site({ permalink: '/:path/' }), { relPath: 'notices.md', data: {}, date: undefined, categories: [] }), '/notices/');
  assert.equal(jekyllUrl(site({}), { relPath: 'about.md', data: {}, date: undefined, categories: [] }), '/about.html');
  assert.equal(jekyllUrl(site({}), { relPath: 'docs/index.md', data: {}, date: undefined, categories: [] }), '/docs/');
  assert.equal(jekyllUrl(site({}), { relPath: 'about.md', data: { permalink: '/who/' }, date: undefined, categories: [] }), '/who/');
});

test('Jekyll defaults: scoped by path and type, the more specific scope wins', () => {
  const s = site({
    collections: { guides: { output: true } },
    defaults: [
      { scope: { path: '', type: 'guides' }, values: { lang: 'en', layout: 'guide' } },
      { scope: { path: '_guides/es' }, values: { lang: 'es' } },
      { scope: { path: '', type: 'posts' }, values: { layout: 'post' } },
    ],
  });
  assert.deepEqual(jekyllDefaults(s, '_guides/a.md'), { lang: 'en', layout: 'guide' });
  assert.deepEqual(jekyllDefaults(s, '_guides/es/a.md'), { lang: 'es', layout: 'guide' });
  assert.deepEqual(jekyllDefaults(s, '_posts/2024-01-01-a.md'), { layout: 'post' });
});

test('Jekyll docs fixture: collection pages, relative links by URL, redirect_from, exclude', async () => {
  const { service } = await memoryBlog(fixture('jekyll-docs'));
  assert.equal(service.index.get('/blog/_guides/install.md')?.permalink, '/guides/install/');
  assert.equal(service.index.get('/blog/_guides/es/install.md')?.lang, 'es', 'lang from defaults by path');
  assert.equal(service.index.get('/blog/README.md'), undefined, 'excluded');
  for (const path of Object.keys(fixture('jekyll-docs')).filter((p) => p.endsWith('.md') && service.index.get(p))) {
    const { doc } = openDoc(service, path, fixture('jekyll-docs')[path]);
    const diags = features.diagnostics(service, doc).filter((d) => d.code === 'link-broken' || d.code === 'related-missing');
    assert.deepEqual(diags.map((d) => d.message), [], path);
  }
});

test('related entries naming a front matter field within the same lang: inferred, hovered, completed, F12', async () => {
  const { service } = await memoryBlog(fixture('jekyll-docs'));
  const text = '---\ntitle: Instalar\nkind: getting-started\nrelated:\n  - tuning\n---\nx\n';
  const { doc } = openDoc(service, '/blog/_guides/es/install.md', text);
  const at = doc.positionAt(text.indexOf('tuning'));
  const def = features.definition(service, doc, at) as { uri: string }[];
  assert.deepEqual(def.map((l) => l.uri), ['file:///blog/_guides/es/configure.md'], 'the same-language article');
  const hover = features.hover(service, doc, at)!;
  assert.match((hover.contents as { value: string }).value, /Configurar[\s\S]*the `kind` front matter field within the same `lang`/);
  const { doc: d2, offset } = openDoc(service, '/blog/_guides/es/install.md', '---\ntitle: Instalar\nkind: getting-started\nrelated:\n  - |\n---\nx\n');
  const items = features.completion(service, d2, d2.positionAt(offset)).items;
  assert.deepEqual(items.map((i) => [i.label, i.detail]), [['Configurar', 'tuning']], 'kind values of the same language, not itself');
  assert.match(String(items[0].label), /Configurar/, 'labelled with the title');
});

test('related: a setting forces an interpretation; entries resolving under none are reported', async () => {
  const files = fixture('jekyll-docs');
  files['/blog/_guides/install.md'] = files['/blog/_guides/install.md'].replace('  - tuning', '  - tuning\n  - nonsense');
  const { service } = await memoryBlog(files);
  const { doc } = openDoc(service, '/blog/_guides/install.md', files['/blog/_guides/install.md']);
  const missing = features.diagnostics(service, doc).filter((d) => d.code === 'related-missing');
  assert.deepEqual(missing.map((d) => d.message), ["No post named 'nonsense'."]);
  const forced = await memoryBlog(fixture('jekyll-docs'), { relatedInterpretation: 'file' });
  const { doc: d2 } = openDoc(forced.service, '/blog/_guides/install.md', files['/blog/_guides/install.md']);
  assert.ok(features.diagnostics(forced.service, d2).some((d) => d.code === 'related-missing' && /'tuning'/.test(String(d.message))), 'file names: tuning names no file');
});

test('package.json declares blogAuthor.relatedInterpretation as the server reads it', async () => {
  const { DEFAULT_SETTINGS } = await import('../../server/src/settings');
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  const conf = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  const decl = conf.map((c: { properties: Record<string, { default: unknown; pattern: string }> }) => c.properties['blogAuthor.relatedInterpretation']).find(Boolean);
  assert.ok(decl, 'declared');
  assert.equal(decl.default, DEFAULT_SETTINGS.relatedInterpretation);
  const re = new RegExp(decl.pattern);
  for (const ok of ['auto', 'file', 'stem', 'slug', 'url', 'field:class', 'field:class+lang', 'stem+lang']) assert.ok(re.test(ok), ok);
  for (const bad of ['class', 'field:', 'files']) assert.ok(!re.test(bad), bad);
});

test('files Jekyll generates (compiled Sass, jekyll-feed, jekyll-sitemap) are not broken links', async () => {
  const files = fixture('jekyll');
  files['/blog/_config.yml'] += 'plugins: [jekyll-feed, jekyll-sitemap]\n';
  files['/blog/assets/css/main.scss'] = '---\n---\nbody { color: red; }\n';
  const { service } = await memoryBlog(files);
  const text = '---\ntitle: T\n---\n[feed](/feed.xml) [map]({{ site.baseurl }}/sitemap.xml) [css](/assets/css/main.css) [gone](/assets/css/other.css)\n';
  const { doc } = openDoc(service, '/blog/about.md', text);
  const broken = features.diagnostics(service, doc).filter((d) => d.code === 'link-broken').map((d) => doc.getText(d.range));
  assert.deepEqual(broken, ['/assets/css/other.css']);
});
