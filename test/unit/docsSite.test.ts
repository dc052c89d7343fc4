/**
 * Diagnostics a docs site can trust (issue 12), on the fixture sites test/fixtures/docs-site (render
 * hooks, redirects, static pages, code) and test/fixtures/docs-absent-module (a theme module not on disk).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve as resolvePath } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/languageService';
import { runCheck } from '../../server/src/cli/main';
import { BlogService } from '../../server/src/service';
import { readHookTemplate, matchRedirect, parseRedirectLines } from '../../server/src/site/siteLinks';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { pathToUri } from '../../server/src/workspace/uri';
import { memoryBlog, openDoc, yamlPost, HUGO_CONFIG } from '../helpers/memoryBlog';

const features = createLanguageService();
const FIXTURES = resolvePath(__dirname, '../fixtures');

async function fixture(name: string) {
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: `${FIXTURES}/${name}`, log: () => undefined });
  await service.buildIndex();
  return service;
}

async function diagnosticsOf(service: BlogService, rel: string) {
  const path = `${service.site.root}/${rel}`;
  const text = (await service.readText(path))!;
  const doc = TextDocument.create(pathToUri(path), 'markdown', 1, text);
  return { doc, diagnostics: features.diagnostics(service, doc) };
}

test('docs site: hooks with GetPage, redirects, static pages and code: only the real problems are reported', async () => {
  const service = await fixture('docs-site');
  assert.equal(service.site.linkHooks.length, 2);
  const { doc, diagnostics } = await diagnosticsOf(service, 'content/docs/guide/setup.md');
  const broken = diagnostics.filter((d) => d.code === 'link-broken').map((d) => doc.getText(d.range));
  // ../concepts/authentication (GetPage), /x.md#tokens, /old/* (netlify.toml), /scalers (static/_redirects),
  // /docs/latest/* (index.redirects), /talks/x and /talks/x/ (static/talks/x/index.html), links in code: all fine.
  assert.deepEqual(broken, ['/docs/concepts/authentcation/', '/img/missing-chart.png']);
  const typo = diagnostics.find((d) => doc.getText(d.range) === '/docs/concepts/authentcation/')!;
  assert.match(String(typo.message), /^No page is published/);
  const fixes = features.codeActions(service, doc, typo.range, { diagnostics: [typo] });
  assert.deepEqual(fixes.map((f) => f.title), ['Change to /docs/concepts/authentication/']);
  // A missing image gets no page (nor any unrelated file) as a fix.
  const image = diagnostics.find((d) => doc.getText(d.range) === '/img/missing-chart.png')!;
  assert.deepEqual(features.codeActions(service, doc, image.range, { diagnostics: [image] }), []);
});

test('docs site: a hook that special-cases destinations or reads site data: those links are not checked, one note on the hook', async () => {
  const service = await fixture('docs-site');
  const { diagnostics } = await diagnosticsOf(service, 'content/glossary/_index.md');
  assert.deepEqual(diagnostics.map((d) => d.message), []);
  const notes = service.site.notes.filter((n) => n.code === 'render-hook');
  assert.equal(notes.length, 1);
  assert.ok(notes[0].file.endsWith('layouts/glossary/_markup/render-link.html'));
  assert.match(notes[0].message, /"g:"/);
  // A blog post is still a post, and its broken link still found.
  const blog = await diagnosticsOf(service, 'content/blog/first-post.md');
  assert.deepEqual(blog.diagnostics.map((d) => d.message), ['No post is published at /blog/no-such-post/ (checked url, aliases, permalinks and static files)']);
});

test('check --format json: site notes once, fixes included', async () => {
  let out = '';
  await runCheck([`${FIXTURES}/docs-site`, '--format', 'json'], { out: (t) => (out += t), err: () => undefined });
  const json = JSON.parse(out) as { rule: string; fixes?: string[]; message: string }[];
  assert.equal(json.filter((d) => d.rule === 'render-hook').length, 1);
  assert.deepEqual(json.find((d) => d.message.includes('authentcation'))?.fixes, ['/docs/concepts/authentication/']);
});

test('absent theme module: one note on the config, no shortcode diagnostics it could explain', async () => {
  const service = await fixture('docs-absent-module');
  assert.deepEqual(service.site.modules.map((m) => `${m.role} ${m.state}`), ['theme absent', 'import absent']);
  assert.equal(service.site.notes.filter((n) => n.code === 'module-absent').length, 2);
  assert.ok(service.site.notes.every((n) => n.file.endsWith('hugo.toml')));
  const { diagnostics } = await diagnosticsOf(service, 'content/posts/a.md');
  assert.deepEqual(diagnostics.filter((d) => String(d.code).startsWith('shortcode')), []);
});

test('render hook reading: GetPage, README as _index, special prefixes, opaque data lookups, comments ignored', () => {
  const r = readHookTemplate('{{/* hasPrefix .Destination "x:" */}}{{ with .PageInner.GetPage (replace $u.Path "README.md" "_index.md") }}{{ end }}{{ if hasPrefix .Destination "/" }}{{ end }}');
  assert.deepEqual(r, { getPage: true, getPageFirst: false, readmeAsIndex: true, specialPrefixes: [], opaque: undefined });
  const g = readHookTemplate('{{ if hasPrefix .Destination "g:" }}{{ index site.Data.terms .Destination }}{{ end }}');
  assert.deepEqual(g.specialPrefixes, ['g:']);
  assert.ok(g.opaque);
});

test('redirect rules: splats, placeholders, template lines skipped', () => {
  const rules = parseRedirectLines('/a/*  /b/:splat\n/u/:id/x /v/:id\n{{ range .Pages }}{{ .RelPermalink }} /x{{ end }}\n# comment\n', '_redirects');
  assert.equal(rules.length, 2);
  assert.equal(matchRedirect(rules, '/a/c/d/')?.target, '/b/c/d');
  assert.equal(matchRedirect(rules, '/a')?.target, '/b/');
  assert.equal(matchRedirect(rules, '/u/7/x')?.target, '/v/7');
  assert.equal(matchRedirect(rules, '/z'), undefined);
});

test('front matter: -categories reported however many posts use it; menu accepted; key completion merges casings', async () => {
  const files: Record<string, string> = { '/blog/hugo.toml': HUGO_CONFIG };
  for (let i = 0; i < 5; i++) files[`/blog/content/posts/p${i}.md`] = `---\ntitle: P${i}\n-categories:\n- r\nseries: s\nmenu: main\n---\nBody\n`;
  files['/blog/content/posts/q.md'] = '---\ntitle: Q\nSeries: s\n---\nBody\n';
  const { service } = await memoryBlog(files);
  const { doc } = openDoc(service, '/blog/content/posts/p0.md', files['/blog/content/posts/p0.md']);
  const typos = features.diagnostics(service, doc).filter((d) => d.code === 'key-typo');
  assert.deepEqual(typos.map((d) => d.message), ["Unknown key '-categories': did you mean 'categories'?"]);
  const { doc: d2, offset } = openDoc(service, '/blog/content/posts/new.md', '---\ntitle: N\nser|\n---\n');
  const items = await features.completion(service, d2, d2.positionAt(offset));
  const series = (Array.isArray(items) ? items : items?.items ?? []).filter((i) => i.label.toLowerCase() === 'series');
  assert.deepEqual(series.map((i) => `${i.label} · ${i.labelDetails?.description}`), ['series · 6 posts']);
  void yamlPost;
});

test('fixes: never another version, never a page for an image, a one-off day, the one post of that day', async () => {
  const { service } = await memoryBlog({
    '/blog/hugo.toml': HUGO_CONFIG,
    '/blog/content/docs/1.4/install.md': yamlPost({ title: 'Install 1.4' }),
    '/blog/content/docs/2.15/setup.md': yamlPost({ title: 'Setup 2.15' }),
    '/blog/content/bio.md': yamlPost({ title: 'Bio' }),
    '/blog/content/posts/day.md': yamlPost({ title: 'Day', url: '/2011/01/05/the-day/' }),
    '/blog/content/posts/other.md': yamlPost({ title: 'Other', url: '/2024/03/21/cortos/' }),
  });
  const body = '[a](/docs/2.15/install/) ![b](/bios.png) [c](/2011/01/05/1139/) [d](/2024/03/22/cortos/) [e](/tag/x/)\n';
  const { doc } = openDoc(service, '/blog/content/posts/src.md', yamlPost({ title: 'Src' }, body));
  const fixesOf = (target: string) => {
    const d = features.diagnostics(service, doc).find((x) => doc.getText(x.range) === target);
    assert.ok(d, target);
    return features.codeActions(service, doc, d.range, { diagnostics: [d] }).map((a) => a.title);
  };
  assert.deepEqual(fixesOf('/docs/2.15/install/'), []);
  assert.deepEqual(fixesOf('/bios.png'), []);
  assert.deepEqual(fixesOf('/2011/01/05/1139/'), ['Change to /2011/01/05/the-day/']);
  assert.deepEqual(fixesOf('/2024/03/22/cortos/'), ['Change to /2024/03/21/cortos/']);
  assert.deepEqual(fixesOf('/tag/x/'), []);
});
