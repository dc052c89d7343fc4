// Site shortcode templates run by the template runner; every expected string is what Hugo 0.111.3 wrote for
// the same template and call (a tiny site in a temp dir: hugo.toml with params.version = "v0.36.2").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderPost } from '../../server/src/render/renderPost';
import { indexedRenderHost } from '../../server/src/renderHost';
import { buildSiteModel } from '../../server/src/site/siteModel';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';

const ROOT = '/blog';
const POST = `${ROOT}/content/posts/p.md`;
const TEMPLATES: Record<string, string> = {
  "scratchy": "{{- $s := newScratch -}}{{ $s.Set \"h\" \"250px\" }}{{ with .Get \"h\" }}{{ $s.Set \"h\" . }}{{ end }}{{ $s.Add \"n\" 2 }}{{ $s.Add \"n\" 3 }}{{ $s.Add \"l\" (slice \"a\") }}{{ $s.Add \"l\" \"b\" }}<p data-h=\"{{ $s.Get \"h\" }}\">{{ $s.Get \"n\" }} {{ delimit ($s.Get \"l\") \",\" }}</p>\n",
  "counter": "{{- .Page.Scratch.Add \"count\" 1 -}}<span>{{ .Page.Scratch.Get \"count\" }}</span>\n",
  "ver": "{{- site.Params.version | replaceRE \"v\" \"\" -}}\n",
  "math": "{{- $c := .Get \"col\" | default 5 -}}<i>{{ sub 12 $c }} {{ add 2 3 }} {{ mul 4 3 }} {{ div 7 2 }} {{ mod 7 3 }} {{ add \"a\" \"b\" }}</i>\n",
  "anchor": "<a id=\"{{ .Get 0 | anchorize }}\"></a>\n",
  "comments": "<!-- a comment with {{ .Get 0 }} inside -->\n<b>kept</b><!-- second -->\n",
  "attrname": "<img src=\"{{ .Get \"src\" }}\"\n     {{ .Get \"missing\" }}\n     {{ \"Data\" }}\n     {{ \"data-x\" }}\n     alt=\"x\">\n"
};

async function body(md: string): Promise<string> {
  const text = `---\ntitle: P\n---\n${md}`;
  const files: Record<string, string> = { [POST]: text, [`${ROOT}/hugo.toml`]: '' };
  for (const [name, source] of Object.entries(TEMPLATES)) files[`${ROOT}/layouts/shortcodes/${name}.html`] = source;
  const site = buildSiteModel(ROOT, 'hugo', { baseurl: 'https://example.org/', params: { version: 'v0.36.2' } });
  const r = await renderPost({ text, path: POST, site, host: await indexedRenderHost(site, new MemoryWorkspace(files)), options: { header: false, sourceLines: false } });
  return r.body;
}

describe('site shortcode templates as Hugo runs them', () => {
  it('newScratch: Set, Get, Add on numbers and lists', async () => {
    assert.match(await body('{{< scratchy h="100px" >}}'), /<p data-h="100px">5 a,b<\/p>/);
    assert.match(await body('{{< scratchy >}}'), /<p data-h="250px">5 a,b<\/p>/);
  });

  it('.Page.Scratch is shared by every shortcode of the page', async () => {
    assert.match(await body('{{< counter >}}{{< counter >}}'), /<p><span>1<\/span>\n<span>2<\/span>\n<\/p>/);
  });

  it('site is a function whose fields chain: site.Params.version', async () => {
    assert.match(await body('{{< ver >}}'), /^0\.36\.2\n$/, "Hugo writes the bare text: a shortcode alone on its line is not wrapped in <p>");
  });

  it('add, sub, mul, div (integer division), mod; add joins strings', async () => {
    assert.match(await body('{{< math >}}'), /<i>7 5 12 3 1 ab<\/i>/);
  });

  it('anchorize follows the heading id rules', async () => {
    assert.match(await body('{{< anchor "Hello World: Ünïcode & more!" >}}'), /<a id="hello-world-ünïcode--more"><\/a>/);
  });

  it('html/template drops HTML comments from the template, actions inside them too', async () => {
    const html = await body('{{< comments "x" >}}');
    assert.match(html, /<b>kept<\/b>/);
    assert.doesNotMatch(html, /<!--|comment with/);
  });

  it('an action in attribute-name position goes through htmlNameFilter (empty, URL-like or non-alphanumeric: ZgotmplZ)', async () => {
    assert.match(await body('{{< attrname src="a.png" >}}'), /<img src="a.png"\n {5}ZgotmplZ\n {5}ZgotmplZ\n {5}ZgotmplZ\n {5}alt="x">/);
  });
});
