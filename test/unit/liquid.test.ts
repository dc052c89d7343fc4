/**
 * Liquid in Jekyll posts: the parser (tags, outputs, raw and comment, include, the structure Jekyll
 * checks), link targets written through Liquid, the features (Jekyll's errors, include go-to and
 * completion, site.data), the preview pass, the related hint of templates and .html pages.
 * The messages are Jekyll 4.3's own, as `jekyll build` prints them (see bench/jekyll-differential.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLanguageService } from '../../server/src/languageService';
import { liquidProblems, parseInclude, scanLiquid } from '../../server/src/parse/liquid';
import { linksForGenerator, parseLinks } from '../../server/src/parse/links';
import { expandLiquidForPreview } from '../../server/src/render/liquid';
import { hintOfTemplate } from '../../server/src/site/relatedHint';
import { renderPost } from '../../server/src/render/renderPost';
import { createRenderHost } from '../../server/src/renderHost';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { BlogService } from '../../server/src/service';
import { pathToUri } from '../../server/src/workspace/uri';
import { memoryBlog, openDoc } from '../helpers/memoryBlog';
import { fixtureFiles } from '../helpers/fixtureFiles';

const features = createLanguageService();

/** Opens a document with its text as is (openDoc reads `|` as the cursor; Liquid filters use it). */
function openExact(service: BlogService, path: string, text: string): { doc: TextDocument } {
  const doc = TextDocument.create(pathToUri(path), 'markdown', 1, text);
  service.documentChanged(doc);
  return { doc };
}

const fixture = fixtureFiles;

const problems = (body: string, isTag: (n: string) => boolean = () => false) => liquidProblems(scanLiquid(body), isTag).map((p) => p.message);

test('Liquid syntax errors in Jekyll 4.3 words, with body line numbers', () => {
  assert.deepEqual(problems('line1\n\n{% foo bar %}\n'), ["Liquid syntax error (line 3): Unknown tag 'foo'"]);
  assert.deepEqual(problems('{% if x %}\n{% endfor %}\n'), ["Liquid syntax error (line 2): 'endfor' is not a valid delimiter for if tags. use endif"]);
  assert.deepEqual(problems('{% if x %}\nhi\n'), ["Liquid syntax error (line 3): 'if' tag was never closed"]);
  assert.deepEqual(problems('hi\n{% endif %}\n'), ["Liquid syntax error (line 2): Unknown tag 'endif'"]);
  assert.deepEqual(problems('```\n{% foo %}\n```\n'), ["Liquid syntax error (line 2): Unknown tag 'foo'"], 'Liquid runs before Markdown: code fences do not hide tags');
  assert.deepEqual(problems('{% comment %}{% foo %}{% endcomment %}{% raw %}{% bar %}{{ x {% endraw %}'), [], 'nothing inside comment or raw is Liquid');
  assert.deepEqual(problems('{% for p in site.posts %}{% if p.x %}{% else %}{% endif %}{% break %}{% endfor %}{% highlight c %}x{% endhighlight %}{% assign a = 1 %}{% post_url x %}{% include_relative y.md %}'), []);
  assert.deepEqual(problems('{% seo %}', (n) => n === 'seo'), [], 'a plugin tag');
});

test('include: file, parameters, computed names', () => {
  const scan = scanLiquid('{% include note.html text="Needs Ruby" level=page.level %} {% include {{ page.inc }} %} {%- include_relative ../x.md -%}');
  const incs = scan.tags.map(parseInclude).filter((x) => x !== undefined);
  assert.deepEqual(incs.map((i) => [i!.tag, i!.file, i!.params.map((p) => `${p.name}=${p.value}`)]), [
    ['include', 'note.html', ['text=Needs Ruby', 'level=page.level']],
    ['include', '', []],
    ['include_relative', '../x.md', []],
  ]);
});

test('link targets through Liquid: site.baseurl prefixes and relative_url resolve to the site path; raw hides link tags', () => {
  const text = '[a]({{ site.baseurl }}/x/) <a href="{{ \'/y/\' | relative_url }}">y</a> [b]({{ site.url }}{{ site.baseurl }}/z/) [c]({{ page.u }}/w/)\n[d]: {{ "p/q.png" | absolute_url }}\n{% raw %}{% post_url nope %}{% endraw %} {% post_url yes %}';
  const links = parseLinks(text).links;
  const got = links.map((l) => [l.kind, l.target, text.slice(l.targetSpan.start, l.targetSpan.end)]);
  assert.deepEqual(got, [
    ['inline', '/x/', '/x/'],
    ['html', '/y/', '/y/'],
    ['inline', '/z/', '/z/'],
    ['definition', '/p/q.png', 'p/q.png'],
    ['liquid', 'yes', 'yes'],
  ]);
  assert.equal(linksForGenerator(links, 'hugo').filter((l) => l.liquidUrl).length, 0, 'in a Hugo post `{{ site.baseurl }}` is text');
});

test('scan: whitespace-control dashes, JavaScript whitespace, long names, as the regexes read them', () => {
  const outs = scanLiquid('{{-}} {{--}} {{ - }} {{- x -}} {{\u00a0y\u2028}} {{\t-z-\t}}').outputs.map((o) => o.expr);
  assert.deepEqual(outs, ['', '', '-', 'x', 'y', '-z-'], 'one dash each side, then trimmed');
  const tags = scanLiquid('{%%} {%-%} {% -%} {%\u00a0if\u2028x\u3000%}{%endif%} {%#note%} {%9x%} {% a-b_c d %}').tags;
  assert.deepEqual(tags.map((t) => [t.name, t.markup]), [['', ''], ['', ''], ['', ''], ['if', 'x'], ['endif', ''], ['#', 'note'], ['', '9x'], ['a-b_c', 'd']]);
  const long = 'n'.repeat(150);
  const t = scanLiquid(`{% ${long} %}`).tags[0];
  assert.deepEqual([t.name.length, t.markup.length, t.nameSpan, t.markupSpan], [100, 50, { start: 3, end: 103 }, { start: 103, end: 153 }], 'a name is read from its first 100 characters');
  assert.equal(scanLiquid('x {% raw %}{% if %}{%- endraw -%} {% raw %}y', 2).from, 2);
});

test('parseLinks with the Liquid scan handed in (the open document\'s): the same links; a scan of another start is not used', () => {
  const text = '---\nt: 1\n---\n[a]({{ site.baseurl }}/x/) {% raw %}{% post_url no %}{% endraw %} {% post_url yes %} [b](/plain/)\n';
  const body = text.indexOf('[a]');
  const plain = parseLinks(text, body);
  assert.deepEqual(parseLinks(text, body, scanLiquid(text, body)), plain);
  assert.deepEqual(parseLinks(text, body, scanLiquid(text, 0)), plain, 'scanned from elsewhere: scanned again');
  const noLiquid = 'Just [a](/a/) and {{< ref "b" >}}\n';
  assert.deepEqual(parseLinks(noLiquid, 0, scanLiquid(noLiquid, 0)), parseLinks(noLiquid, 0), 'a scan where none was needed changes nothing');
});

test('Liquid link targets: references follow their definition, duplicate labels, dropped and unreadable targets', () => {
  const text = '[r1] [r2][] [r3][d3] [x]({{ page.u }}/w/) [y]({{ site.baseurl }})\n\n[r1]: {{ site.baseurl }}/one/\n[r2]: /plain/\n[r2]: {{ site.baseurl }}/two/\n[d3]: {{ page.x }}/three/\n[d3]: {{ site.baseurl }}/three/\n[i]({{ "four" | relative_url }}) [j]({{ "/five" | relative_url }}x)\n';
  const r = parseLinks(text);
  assert.deepEqual(r.links.map((l) => [l.kind, l.target, text.slice(l.targetSpan.start, l.targetSpan.end), !!l.liquidUrl]), [
    ['reference', '/one/', 'r1', true],
    ['reference', '/two/', 'r2', true],
    ['reference', '/three/', 'd3', true],
    ['definition', '/one/', '/one/', true],
    ['definition', '/plain/', '/plain/', false],
    ['definition', '/two/', '/two/', true],
    ['definition', '{{', '{{', false],
    ['definition', '/three/', '/three/', true],
    ['inline', '/four', 'four', true],
  ]);
  assert.deepEqual([...r.definitions].map(([k, d]) => [k, d.target]), [['r1', '/one/'], ['r2', '/plain/'], ['d3', '{{']], 'the first definition of a label wins');
});

test('keystroke in a Jekyll post: the index and the Liquid diagnostics read one scan, with the same answers', async () => {
  const files = fixture('jekyll-docs');
  const { service } = await memoryBlog(files);
  const path = '/blog/_posts/2021-01-01-k.md';
  const text = '---\ntitle: K\n---\n[a]({{ site.baseurl }}/about/) {% frob %}\n{% raw %}{% post_url x %}{% endraw %}\n';
  const { doc } = openExact(service, path, text);
  const scan = service.cache.liquidScan(doc);
  assert.equal(scan.from, text.indexOf('[a]'));
  assert.deepEqual(service.index.get(path)?.links.map((l) => [l.kind, l.target]), [['inline', '/about/']]);
  assert.deepEqual(features.diagnostics(service, doc).map((d) => d.code), ['liquid-unknown-tag']);
  assert.equal(service.cache.liquidScan(doc), scan, 'the diagnostics read the scan the index update made');
});

test('Jekyll fixtures: no false link or Liquid warnings; Liquid links resolve', async () => {
  for (const name of ['jekyll', 'jekyll-docs']) {
    const files = fixture(name);
    const { service } = await memoryBlog(files);
    for (const path of Object.keys(files).filter((p) => service.index.get(p))) {
      const { doc } = openExact(service, path, files[path]);
      assert.deepEqual(features.diagnostics(service, doc).map((d) => `${d.code}: ${d.message}`), [], path);
    }
  }
  const files = fixture('jekyll');
  const { service } = await memoryBlog(files);
  const path = '/blog/_posts/2020-02-01-second-post.md';
  const { doc } = openExact(service, path, files[path]);
  const text = doc.getText();
  const def = (needle: string) => (features.definition(service, doc, doc.positionAt(text.indexOf(needle) + 1)) as { uri: string }[] | undefined)?.map((l) => l.uri);
  assert.deepEqual(def('/archive/'), ['file:///blog/archive.html'], 'an .html page with front matter is a page');
  assert.deepEqual(def('/about/'), ['file:///blog/about.md']);
  assert.deepEqual(def('2020-01-15-first-post'), ['file:///blog/_posts/2020-01-15-first-post.md']);
  assert.equal(service.index.get('/blog/_layouts/default.html'), undefined, 'layouts are not pages');
  assert.equal(service.index.get('/blog/archive.html')?.permalink, '/archive/');
});

test('unknown tags, missing includes (in Jekyll words), plugin tags, theme includes', async () => {
  const files = fixture('jekyll-docs');
  const body = '---\ntitle: T\n---\n{% include nope.html %}\n{% frob %}\n{% seo %}\n';
  const { service } = await memoryBlog(files);
  const { doc } = openDoc(service, '/blog/about.md', body);
  assert.deepEqual(features.diagnostics(service, doc).map((d) => [d.code, d.message, doc.getText(d.range)]), [
    ['liquid-unknown-tag', "Liquid syntax error (line 2): Unknown tag 'frob'", 'frob'],
    ['liquid-unknown-tag', "Liquid syntax error (line 3): Unknown tag 'seo'", 'seo'],
    ['include-missing', `Could not locate the included file 'nope.html' in any of ["/blog/_includes"]. Ensure it exists in one of those directories and, if it is a symlink, does not point outside your site source.`, 'nope.html'],
  ]);
  // jekyll-seo-tag adds `seo`; a gem not known here may add any tag; a theme may hold the include.
  const withPlugins = await memoryBlog({ ...files, '/blog/_config.yml': files['/blog/_config.yml'] + 'plugins: [jekyll-seo-tag]\n', '/blog/_plugins/frob.rb': "Liquid::Template.register_tag('frob', Frob)\n" });
  const { doc: d2 } = openDoc(withPlugins.service, '/blog/about.md', body);
  assert.deepEqual(features.diagnostics(withPlugins.service, d2).map((d) => d.code), ['include-missing']);
  const themed = await memoryBlog({ ...files, '/blog/_config.yml': files['/blog/_config.yml'] + 'theme: minima\nplugins: [jekyll-unknown-gem]\n' });
  const { doc: d3 } = openDoc(themed.service, '/blog/about.md', body);
  assert.deepEqual(features.diagnostics(themed.service, d3).map((d) => d.code), []);
  const { doc: d4 } = openDoc(service, '/blog/about.md', '---\ntitle: T\nrender_with_liquid: false\n---\n{% frob %}\n');
  assert.deepEqual(features.diagnostics(service, d4), [], 'render_with_liquid: false');
  // A new include file is seen once the watcher reports it.
  const live = await memoryBlog(files);
  live.workspace.write('/blog/_includes/nope.html', 'x');
  await live.service.fileChangedOnDisk('/blog/_includes/nope.html', 'created');
  const { doc: d5 } = openDoc(live.service, '/blog/about.md', body);
  assert.ok(!features.diagnostics(live.service, d5).some((d) => d.code === 'include-missing'));
});

test('include: go to the file, hover its parameters, complete names', async () => {
  const files = fixture('jekyll-docs');
  const { service } = await memoryBlog(files);
  const { doc } = openDoc(service, '/blog/_guides/install.md', files['/blog/_guides/install.md']);
  const at = doc.positionAt(doc.getText().indexOf('note.html') + 2);
  assert.deepEqual((features.definition(service, doc, at) as { uri: string }[]).map((l) => l.uri), ['file:///blog/_includes/note.html']);
  assert.match((features.hover(service, doc, at)!.contents as { value: string }).value, /Includes `_includes\/note\.html`[\s\S]*`text`/);
  const { doc: d2, offset } = openDoc(service, '/blog/about.md', '---\ntitle: T\n---\n{% include no| %}\n');
  const items = features.completion(service, d2, d2.positionAt(offset)).items;
  assert.deepEqual(items.map((i) => i.label), ['note.html']);
  assert.equal((items[0].textEdit as { newText: string }).newText, 'note.html');
});

test('site.data: hover shows the value, F12 goes to the key, completion offers files and keys', async () => {
  const files = fixture('jekyll-docs');
  const { service } = await memoryBlog(files);
  const path = '/blog/_guides/configure.md';
  const { doc } = openExact(service, path, files[path]);
  const at = doc.positionAt(doc.getText().indexOf('footer.text') + 8);
  assert.match((features.hover(service, doc, at)!.contents as { value: string }).value, /site\.data\.nav\.footer\.text` from `_data\/nav\.yml` → `footer\.text`[\s\S]*Guides, CC-BY/);
  const loc = (features.definition(service, doc, at) as { uri: string; range: { start: { line: number } } }[])[0];
  assert.equal(loc.uri, 'file:///blog/_data/nav.yml');
  assert.equal(loc.range.start.line, 6, 'the line of `text:`');
  const complete = async (text: string) => {
    const { doc: d, offset } = openDoc(service, '/blog/about.md', `---\ntitle: T\n---\n${text}\n`);
    return features.completion(service, d, d.positionAt(offset)).items.map((i) => i.label);
  };
  assert.deepEqual(await complete('{{ site.data.| }}'), ['nav', 'team']);
  assert.deepEqual(await complete('{{ site.data.nav.| }}'), ['main', 'footer']);
  assert.deepEqual(await complete('{% for m in site.data.team.core.| %}'), ['lead']);
  const { doc: d3 } = openDoc(service, '/blog/about.md', '---\ntitle: T\n---\n{{ site.data.nav.nothing }}\n');
  assert.match((features.hover(service, d3, d3.positionAt(d3.getText().indexOf('nothing')))!.contents as { value: string }).value, /no such key/);
});

test('preview: highlight is a code block, raw stays as written, baseurl and post_url become URLs', async () => {
  const files = fixture('jekyll');
  const { service } = await memoryBlog({ ...files, '/blog/_config.yml': files['/blog/_config.yml'] + 'baseurl: /b\n' });
  const path = '/blog/_posts/2020-02-01-second-post.md';
  const out = await renderPost({ text: files[path], path, site: service.site, host: createRenderHost(service) });
  assert.match(out.body, /href="\/b\/archive\/"/);
  assert.match(out.body, /href="\/b\/about\/"/);
  assert.match(out.body, /href="\/blog\/2020\/01\/15\/first-post\/"/);
  assert.match(out.body, /\{\{ page\.title \}\} and \{% post_url no-such-post %\}/, 'raw: shown as written');
  const first = '/blog/_posts/2020-01-15-first-post.md';
  const html = (await renderPost({ text: files[first], path: first, site: service.site, host: createRenderHost(service) })).body;
  assert.match(html, /<pre[^>]*><code class="language-c"[\s\S]*main/, 'highlight: a code block');
  assert.doesNotMatch(html, /\{% *(end)?highlight/);
  assert.equal(expandLiquidForPreview('a\n{% highlight c %}\nx\n{% endhighlight %}\nb', { config: {}, page: {} }).split('\n').length, 5, 'line count kept (scroll sync)');
});

test('related hint: the layout says what entries name, even before any entry exists', async () => {
  assert.deepEqual(hintOfTemplate("{% for related in page.related %}{% assign a = site.articles | where: 'lang', page.lang | where: 'class', related | first %}{% endfor %}"), { interpretation: 'field:class', scopeByLang: true, builtinRelatedPosts: false });
  assert.deepEqual(hintOfTemplate('{{ range .Params.related }}{{ with index (where site.RegularPages "Params.class" .) 0 }}{{ .Title }}{{ end }}{{ end }}'), { interpretation: 'field:class', scopeByLang: false, builtinRelatedPosts: false });
  assert.deepEqual(hintOfTemplate('{% for p in site.related_posts %}{% endfor %}'), { interpretation: undefined, scopeByLang: false, builtinRelatedPosts: true });
  const files = fixture('jekyll-docs');
  for (const p of Object.keys(files)) files[p] = files[p].replace(/related:\n {2}- [\w-]+\n/, '');
  const { service } = await memoryBlog(files);
  const { doc, offset } = openDoc(service, '/blog/_guides/install.md', '---\ntitle: Installing\nkind: getting-started\nrelated:\n  - |\n---\nx\n');
  const items = features.completion(service, doc, doc.positionAt(offset)).items;
  assert.deepEqual(items.map((i) => [i.label, i.detail]), [['Configuring', 'tuning']], 'kind values of the same lang, from the template');
  const { doc: d2 } = openDoc(service, '/blog/_guides/install.md', '---\ntitle: Installing\nkind: getting-started\nrelated:\n  - tuning\n---\nx\n');
  const hover = features.hover(service, d2, d2.positionAt(d2.getText().indexOf('tuning')))!;
  assert.match((hover.contents as { value: string }).value, /the `kind` front matter field within the same `lang` \(as `_layouts\/guide\.html` looks them up/);
});

test("related hint: a layout showing site.related_posts is said in the hover (Jekyll's list ignores related:)", async () => {
  const files = fixture('jekyll');
  files['/blog/_layouts/post.html'] = '{{ content }}\n{% for p in site.related_posts limit:3 %}<a href="{{ p.url }}">{{ p.title }}</a>{% endfor %}\n';
  const { service } = await memoryBlog(files);
  assert.equal(service.site.relatedHint?.builtinRelatedPosts, true);
  const text = '---\ntitle: Second post\nrelated:\n  - 2020-01-15-first-post.md\n---\nx\n';
  const { doc } = openExact(service, '/blog/_posts/2020-02-01-second-post.md', text);
  const hover = features.hover(service, doc, doc.positionAt(text.indexOf('first-post')))!;
  assert.match((hover.contents as { value: string }).value, /`_layouts\/post\.html` shows Jekyll's `site\.related_posts`, which does not read `related:`/);
});

test('related hint: a Hugo layout that looks entries up by a field, read again when the layout changes', async () => {
  const { service, workspace } = await memoryBlog({
    '/blog/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "t"\n',
    '/blog/content/posts/a.md': '---\ntitle: A\nclass: alpha\n---\nA.\n',
    '/blog/content/posts/b.md': '---\ntitle: B\nclass: beta\n---\nB.\n',
  });
  const hint = () => service.site.relatedHint;
  assert.equal(hint(), undefined);
  workspace.write('/blog/layouts/_default/single.html', '{{ range .Params.related }}{{ with index (where site.RegularPages "Params.class" .) 0 }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}');
  await service.fileChangedOnDisk('/blog/layouts/_default/single.html', 'created');
  assert.equal(hint()?.interpretation, 'field:class');
  const { doc, offset } = openDoc(service, '/blog/content/posts/a.md', '---\ntitle: A\nclass: alpha\nrelated:\n  - |\n---\nA.\n');
  assert.deepEqual(features.completion(service, doc, doc.positionAt(offset)).items.map((i) => [i.label, i.detail]), [['B', 'beta']], 'class values, before any entry exists');
});

test('post_url names .html posts too (as Jekyll reads _posts)', async () => {
  const files = fixture('jekyll');
  files['/blog/_posts/2019-05-05-old.html'] = '---\ntitle: Old\n---\n<p>Old.</p>\n';
  const { service } = await memoryBlog(files);
  const text = '---\ntitle: T\n---\n[old]({% post_url 2019-05-05-old %}) [gone]({% post_url 2019-05-05-gone %})\n';
  const { doc } = openExact(service, '/blog/about.md', text);
  assert.deepEqual((features.definition(service, doc, doc.positionAt(text.indexOf('2019-05-05-old') + 1)) as { uri: string }[]).map((l) => l.uri), ['file:///blog/_posts/2019-05-05-old.html']);
  assert.deepEqual(features.diagnostics(service, doc).map((d) => doc.getText(d.range)), ['2019-05-05-gone']);
});
