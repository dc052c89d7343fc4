// Site templates reading the site through the render host (partials, data/, i18n/, files, other pages) and the
// collection/string/path functions docs shortcodes use most. Every expected string is what Hugo 0.111.3 wrote
// for the same files (a tiny site in a temp dir: these templates, data/team.yaml, data/nested/deep.toml,
// i18n/en.toml, snippets/a.txt, two posts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPost } from '../../server/src/render/renderPost';
import { indexedRenderHost } from '../../server/src/renderHost';
import { buildSiteModel } from '../../server/src/site/siteModel';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';

const ROOT = '/blog';
const POST = `${ROOT}/content/posts/p.md`;
const SHORTCODES: Record<string, string> = {
  "part": "{{ partial \"greet\" (dict \"name\" (.Get 0)) }}|{{ partialCached \"greet.html\" (dict \"name\" \"cached\") }}",
  "ret": "{{ $x := partial \"double.html\" 21 }}<i>{{ $x }}</i>",
  "data": "<ul>{{ range site.Data.team.members }}<li>{{ .name }}</li>{{ end }}</ul>{{ index .Site.Data.nested.deep \"k\" }}",
  "tr": "<p>{{ T \"hello\" }}|{{ i18n \"missing\" }}|{{ T \"bye\" }}</p>",
  "rf": "<pre>{{ readFile \"snippets/a.txt\" }}</pre>{{ os.ReadFile \"posts/other.md\" | len }}|{{ fileExists \"snippets/none.txt\" }}",
  "coll": "{{ delimit (sort (slice 3 1 2)) \",\" }}|{{ range sort (slice (dict \"w\" 2 \"n\" \"b\") (dict \"w\" 1 \"n\" \"a\")) \"w\" \"desc\" }}{{ .n }}{{ end }}|{{ delimit (append 4 (slice 1 2)) \",\" }}|{{ len (where (slice (dict \"a\" 1) (dict \"a\" 2) (dict \"a\" 3)) \"a\" \">=\" 2) }}|{{ $m := merge (dict \"a\" 1 \"b\" (dict \"x\" 1)) (dict \"b\" (dict \"y\" 2) \"c\" 3) }}{{ $m.a }}{{ $m.b.x }}{{ $m.b.y }}{{ $m.c }}|{{ delimit (findRE \"[0-9]+\" \"a1b22c333\" 2) \",\" }}|{{ delimit (uniq (slice 1 2 1 3)) \",\" }}",
  "dates": "{{ dateFormat \"January 2, 2006 Mon 15:04\" \"2021-03-04T05:06:07Z\" }}|{{ dateFormat \"02/01/06 3:04PM\" \"2021-11-24T17:30:00Z\" }}",
  "paths": "{{ path.Base \"a/b/c.md\" }} {{ path.Dir \"a/b/c.md\" }} {{ path.Ext \"a/b/c.md\" }} {{ path.Join \"a\" \"b/\" \"c\" }}",
  "pages": "{{ with site.GetPage \"/posts/other\" }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}|{{ range where site.RegularPages \"Section\" \"posts\" }}{{ .Title }};{{ end }}|{{ .Page.RelPermalink }} {{ .Page.File.Dir }} {{ .Page.File.BaseFileName }} {{ .Page.Section }}",
  "unm": "{{ $d := \"a: 1\\nb: [x, z]\" | transform.Unmarshal }}{{ $d.a }}{{ index $d.b 1 }}|{{ with urls.Parse \"https://ex.org/p/q?x=1#f\" }}{{ .Host }} {{ .Path }} {{ .RawQuery }} {{ .Fragment }}{{ end }}",
  "errs": "{{ warnf \"careful %s\" \"x\" }}<b>after</b>"
};
// A NAME.md shortcode template is a text/template to Hugo: nothing is escaped.
SHORTCODES['mdsc.md'] = '**bold {{ .Get 0 }}** <b>&</b>';
// .Parent: a nested shortcode writes its parent's Scratch before the parent runs (the tabs pattern).
SHORTCODES['ptab'] = '{{ if not (.Parent.Scratch.Get "tabs") }}{{ .Parent.Scratch.Set "tabs" slice }}{{ end }}{{ .Parent.Scratch.Add "tabs" (dict "name" (.Get "name") "parent" (.Parent.Get "id")) }}';
SHORTCODES['ptabs'] = '{{ $_ := .Inner }}<ul id="{{ .Get "id" }}">{{ range .Scratch.Get "tabs" }}<li>{{ .name }}/{{ .parent }}</li>{{ end }}</ul>{{ with .Parent }}nested{{ else }}top{{ end }}';
// transform.Highlight (Hugo's site here: markup.highlight.noClasses = false).
SHORTCODES['hl'] = '{{ highlight "x := 1" "go" "" }}';
const PARTIALS: Record<string, string> = {
  "greet.html": "<b>Hi {{ .name }}</b>",
  "double.html": "{{ return mul . 2 }}"
};
const FILES: Record<string, string> = {
  [`${ROOT}/hugo.toml`]: '',
  [`${ROOT}/data/team.yaml`]: 'members:\n  - name: Ann\n  - name: Bob\n',
  [`${ROOT}/data/nested/deep.toml`]: 'k = "deep value"\n',
  [`${ROOT}/i18n/en.toml`]: '[hello]\nother = "Hello there"\nbye = "Bye now"\n',
  [`${ROOT}/snippets/a.txt`]: 'line <one> & two\n',
  [`${ROOT}/content/posts/other.md`]: '---\ntitle: Other\ndate: 2022-01-01\n---\nother text\n',
};

/** The HTML of `{{< NAME "World" >}}` alone in the post p.md. */
async function shortcode(name: string, arg = 'World', call = `{{< ${name} "${arg}" >}}`): Promise<string> {
  const text = `---\ntitle: P\ndate: 2021-01-01\n---\n${call}\n`;
  const files: Record<string, string> = { ...FILES, [POST]: text };
  for (const [n, source] of Object.entries(SHORTCODES)) files[`${ROOT}/layouts/shortcodes/${n}${n.includes('.') ? '' : '.html'}`] = source;
  for (const [n, source] of Object.entries(PARTIALS)) files[`${ROOT}/layouts/partials/${n}`] = source;
  const site = buildSiteModel(ROOT, 'hugo', { baseurl: 'https://example.org/' });
  const r = await renderPost({ text, path: POST, site, host: await indexedRenderHost(site, new MemoryWorkspace(files)), options: { header: false, sourceLines: false } });
  return r.body.trim();
}

describe('site templates reading the site through the host, as Hugo runs them', () => {
  it("partial and partialCached run layouts/partials/NAME(.html) with the given context", async () => {
    assert.equal(await shortcode("part"), "<b>Hi World</b>|<b>Hi cached</b>");
  });

  it("a partial's return gives its value", async () => {
    assert.equal(await shortcode("ret"), "<i>42</i>");
  });

  it("site.Data and .Site.Data: data/ files by name, folders nested", async () => {
    assert.equal(await shortcode("data"), "<ul><li>Ann</li><li>Bob</li></ul>deep value");
  });

  it("T and i18n: i18n/LANG.toml, \"\" for a missing id", async () => {
    assert.equal(await shortcode("tr"), "<p>Hello there||</p>");
  });

  it("readFile/os.ReadFile: the site's folder, then the content folder; fileExists", async () => {
    assert.equal(await shortcode("rf"), "<pre>line &lt;one&gt; &amp; two\n</pre>49|false");
  });

  it("sort (by value, by key desc), append, where with an operator, merge (deep), findRE with a limit, uniq", async () => {
    assert.equal(await shortcode("coll"), "1,2,3|ba|1,2,4|2|1123|1,22|1,2,3");
  });

  it("dateFormat with Go's reference layout", async () => {
    assert.equal(await shortcode("dates"), "March 4, 2021 Thu 05:06|24/11/21 5:30PM");
  });

  it("path.Base, path.Dir, path.Ext, path.Join", async () => {
    assert.equal(await shortcode("paths"), "c.md a/b .md a/b/c");
  });

  it("site.GetPage, site.RegularPages with where, .Page.RelPermalink/.File/.Section", async () => {
    assert.equal(await shortcode("pages"), "<a href=\"/posts/other/\">Other</a>|Other;P;|/posts/p/ posts/ p posts");
  });

  it("transform.Unmarshal (YAML) and urls.Parse", async () => {
    assert.equal(await shortcode("unm"), "1z|ex.org /p/q x=1 f");
  });

  it("warnf writes nothing and the template goes on", async () => {
    assert.equal(await shortcode("errs"), "<b>after</b>");
  });
  it('a NAME.md template prints unescaped (text/template)', async () => {
    assert.equal(await shortcode('mdsc', 'x<y'), '**bold x<y** <b>&</b>');
  });
  it('.Parent of a nested shortcode: its Scratch and parameters; nil at the top', async () => {
    const call = '{{< ptabs id="t1" >}}\n{{< ptab name="a" >}}\n{{< ptab name="b" >}}\n{{< /ptabs >}}';
    assert.equal(await shortcode('ptabs', '', call), '<ul id="t1"><li>a/t1</li><li>b/t1</li></ul>top');
  });
  it('highlight: the highlight shortcode\'s Chroma markup (less the final newline Hugo adds only in the shortcode)', async () => {
    assert.equal(
      (await shortcode('hl')).replace('\n</span></span></code>', '</span></span></code>'),
      '<div class="highlight"><pre tabindex="0" class="chroma"><code class="language-go" data-lang="go"><span class="line"><span class="cl"><span class="nx">x</span> <span class="o">:=</span> <span class="mi">1</span></span></span></code></pre></div>',
    );
  });
});
