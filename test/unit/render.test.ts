// The renderer behind the preview and `blog-author render`: Goldmark-compatible Markdown, shortcodes, math, links.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitizeHeadingId } from '../../server/src/render/headingIds';
import { renderPost } from '../../server/src/render/renderPost';
import { indexedRenderHost } from '../../server/src/renderHost';
import { buildSiteModel } from '../../server/src/site/siteModel';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';

const ROOT = '/blog';
const POST = `${ROOT}/content/posts/first.md`;

function site(config: Record<string, unknown> = {}) {
  return buildSiteModel(ROOT, 'hugo', { baseurl: 'https://example.org/', ...config });
}

async function render(body: string, opts: { config?: Record<string, unknown>; files?: Record<string, string>; frontMatter?: string; math?: boolean; offline?: boolean } = {}) {
  const text = `---\n${opts.frontMatter ?? 'title: First'}\n---\n${body}`;
  const workspace = new MemoryWorkspace({ [POST]: text, [`${ROOT}/hugo.toml`]: '', ...opts.files });
  const s = site(opts.config);
  const result = await renderPost({ text, path: POST, site: s, host: await indexedRenderHost(s, workspace), options: { math: opts.math, offlineEmbeds: opts.offline ?? true } });
  return result;
}

const body = async (md: string, opts: Parameters<typeof render>[1] = {}) => (await render(md, opts)).body;

describe('Markdown like Goldmark', () => {
  it('prints a header instead of the front matter', async () => {
    const r = await render('Hello', { frontMatter: 'title: "A title"\ndate: 2024-04-19\ntags: [go, hugo]\ncategories: Notes' });
    assert.match(r.html, /<h1 class="ba-post-title">A title<\/h1>/);
    assert.match(r.html, /<time datetime="2024-04-19/);
    assert.match(r.html, /<li class="ba-term">go<\/li><li class="ba-term">hugo<\/li>/);
    assert.match(r.html, /data-taxonomy="categories"/);
    assert.doesNotMatch(r.body, /title:/);
    assert.equal(r.title, 'A title');
  });

  it('makes heading ids as Hugo does', async () => {
    assert.equal(sanitizeHeadingId("Do you think these are great ideas, but it's hard…?"), 'do-you-think-these-are-great-ideas-but-its-hard');
    assert.equal(sanitizeHeadingId('Ideler ve İşletim'), 'ideler-ve-işletim');
    assert.equal(sanitizeHeadingId('Hello, World! 2', 'blackfriday'), 'hello-world-2');
    const html = await body('## Hello "world"\n\n## Hello "world"\n\n## The _native_ one\n\n## Custom {#mine .wide}');
    assert.match(html, /<h2 id="hello-world" data-line="\d+">Hello “world”<\/h2>/);
    assert.match(html, /<h2 id="hello-world-1"/);
    assert.match(html, /<h2 id="the-_native_-one"/); // Goldmark reads the raw line
    assert.match(html, /<h2 id="mine" class="wide"/);
  });

  it("closes a quote after a link as Goldmark does (the line runs on past the next link)", async () => {
    assert.match(await body("from [the Academy](https://x.org/)' [AntWeb](https://y.org/), a repository"), /<\/a>\u2019 <a href="https:\/\/y.org\/">AntWeb<\/a>/);
    assert.match(await body('"Tech, a room."\'\nI enjoyed it'), /room.\u201d'\nI enjoyed/); // the line ends at the break
  });

  it('applies the typographer the way Goldmark does', async () => {
    const html = await body(`"Quoted" -- it's... 'twas --- << ok >> and method='local'`);
    assert.match(html, /“Quoted” – it’s… ’twas — « ok » and method=‘local’/);
    const off = await body(`"Quoted" -- it's`, { config: { markup: { goldmark: { extensions: { typographer: false } } } } });
    assert.match(off, /&quot;Quoted&quot; -- it's/);
  });

  it('omits raw HTML unless markup.goldmark.renderer.unsafe', async () => {
    assert.match(await body('<div>raw</div>\n\nText <b>bold</b>'), /<!-- raw HTML omitted -->\n<p[^>]*>Text <!-- raw HTML omitted -->bold<!-- raw HTML omitted --><\/p>/);
    const unsafe = await body('<div>raw</div>', { config: { markup: { goldmark: { renderer: { unsafe: true } } } } });
    assert.match(unsafe, /<div>raw<\/div>/);
  });

  it('writes footnotes, task lists, strikethrough and tables as Goldmark', async () => {
    const html = await body('Text[^1] ~~gone~~\n\n- [x] done\n- [ ] todo\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n[^1]: The note.');
    assert.match(html, /<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1<\/a><\/sup>/);
    assert.match(html, /<div class="footnotes" role="doc-endnotes">\n<hr>\n<ol>\n<li id="fn:1">/);
    assert.match(html, /class="footnote-backref" role="doc-backlink">&#x21a9;&#xfe0e;<\/a>/);
    assert.match(html, /<del>gone<\/del>/);
    assert.match(html, /<input checked="" disabled="" type="checkbox"> done/);
    assert.match(html, /<input disabled="" type="checkbox"> todo/);
    assert.match(html, /<th style="text-align:center">b<\/th>/);
  });

  it('accepts a table whose delimiter row has more cells than its header, as Goldmark does (Hugo 0.111 output)', async () => {
    const html = await body('Before\n| a | b |\n|---|:-:|---|\n| 1 | 2 |\n| 3 | 4 | 5 | 6 |\n\n| a | b | c |\n|---|---|\n| 1 | 2 | 3 |');
    const cells = (tag: string) => [...html.matchAll(new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);
    assert.match(html, /<p[^>]*>Before<\/p>\n<table[^>]*>/, 'the table interrupts the paragraph');
    assert.deepEqual(cells('th'), ['a', 'b', '']);
    assert.match(html, /<th style="text-align:center">b<\/th>/);
    assert.deepEqual(cells('td'), ['1', '2', '', '3', '4', '5']);
    // Fewer delimiter cells than header cells: no table, as in Goldmark.
    assert.equal((html.match(/<table/g) ?? []).length, 1);
    assert.match(html, /<p[^>]*>\| a \| b \| c \|/);
  });

  it('keeps an inline tag whose > follows a line break as text, as Goldmark does (Hugo 0.111 output)', async () => {
    const html = await body('text <input\n type="x" /> end\n\n<input\ntype="y"\n/>\n\nq <i c="d" \n  /> r\n\nq <i\n  c="d"/> r', { config: { markup: { goldmark: { renderer: { unsafe: true } } } } });
    // Hugo 0.111: the tags closed on their own line stay text (typographer quotes); the others are raw HTML.
    assert.match(html, /text <input\n type="x" \/> end/);
    assert.match(html, /&lt;input\ntype=(&ldquo;|“)y(&rdquo;|”)\n\/&gt;/);
    assert.match(html, /q &lt;i c=(&ldquo;|“)d(&rdquo;|”)\n\/&gt; r/);
    assert.match(html, /q <i\n  c="d"\/> r/);
  });

  it('writes a stand-alone image without <p> when wrapStandAloneImageWithinParagraph is false (as Hugo 0.111)', async () => {
    const md = 'Text.\n\n![Can](can.jpeg)\n\nMore ![inline](x.png) text.';
    const wrapped = await body(md);
    assert.match(wrapped, /<p[^>]*><img src="can.jpeg" alt="Can"><\/p>/);
    const bare = await body(md, { config: { markup: { goldmark: { parser: { wrapstandaloneimagewithinparagraph: false } } } } });
    assert.match(bare, /<\/p>\n<img src="can.jpeg" alt="Can"><p[^>]*>More <img src="x.png" alt="inline"> text.<\/p>/);
  });

  it('param reads dotted names from the page, then the site, and {{% %}} output is Markdown, in a footnote too', async () => {
    const config = { params: { notes: { compose: '`docker-compose` is old, see\n[V2](https://d.example/).\n' }, who: 'site' } };
    const html = await body('{{< param who >}} {{< param nested.key >}}\n\nB[^1]\n\n[^1]: {{% param notes.compose %}}', { config, frontMatter: 'title: T\nwho: page\nnested:\n  key: deep' });
    assert.match(html, /<p[^>]*>page deep<\/p>/);
    assert.match(html, /<li id="fn:1">\n<p[^>]*><code>docker-compose<\/code> is old, see\n<a href="https:\/\/d.example\/">V2<\/a>.&#160;<a href="#fnref:1"/);
  });

  it('links URLs the way Goldmark linkify does', async () => {
    const html = await body('See www.example.com and (see: https://x.org/a). Not example.com or http://localhost:1313 or [https://y.org/b] here.');
    assert.match(html, /<a href="https:\/\/www.example.com">www.example.com<\/a>/);
    assert.match(html, /<a href="https:\/\/x.org\/a\)">https:\/\/x.org\/a\)<\/a>\./);
    assert.doesNotMatch(html, /href="http:\/\/example.com/);
    assert.doesNotMatch(html, /href="http:\/\/localhost/);
    assert.doesNotMatch(html, /href="https:\/\/y.org/);
  });

  it('highlights fenced code with Chroma markup, and leaves unknown languages plain', async () => {
    const html = await body('```go {hl_lines=[2]}\nfunc main() {\n  x := "$HOME"\n}\n```\n\n```nosuchlang\nplain\n```');
    assert.match(html, /<div class="highlight" data-line="\d+"><pre tabindex="0" class="chroma"><code class="language-go" data-lang="go"><span class="line"><span class="cl">/);
    assert.match(html, /<span class="line hl"><span class="cl">/);
    assert.match(html, /<pre tabindex="0"><code class="language-nosuchlang" data-lang="nosuchlang">plain\n<\/code><\/pre>/);
  });

  it('puts code-block attributes on the div.highlight as Hugo does, but not highlight options', async () => {
    const html = await body('```go {file="x.go" linenos=false .cls #myid}\nx := 1\n```\n\n```go {hl_lines=[1] title="T"}\ny\n```');
    assert.match(html, /<div class="highlight cls" file="x.go" id="myid" data-line="\d+"><pre tabindex="0" class="chroma">/);
    assert.match(html, /<div class="highlight" title="T" data-line="\d+"><pre/);
  });

  it('replaces emoji codes everywhere when the site sets enableEmoji, as Hugo does', async () => {
    const md = 'Hi :smile: and :+1: x:smile:y `:smile:` :nosuch:smile:';
    assert.equal(await body(md, { config: { enableemoji: true } }), '<p data-line="3">Hi 😄 and 👍 x😄y <code>😄</code> :nosuch😄</p>\n');
    assert.match(await body(md), /Hi :smile: and/);
    assert.match(await body('## Guide :wink:', { config: { enableemoji: true } }), /<h2 id="guide-"[^>]*>Guide 😉<\/h2>/);
  });

  it('takes the old pygmentsOptions as highlight settings (markup.highlight wins)', async () => {
    const html = await body('```go\nx\n```', { config: { pygmentsoptions: 'linenos=table' } });
    assert.match(html, /<div class="highlight"[^>]*><div class="chroma">\n<table class="lntable"><tr><td class="lntd">\n<pre tabindex="0" class="chroma"><code><span class="lnt">1\n/);
    assert.doesNotMatch(await body('```go\nx\n```', { config: { pygmentsoptions: 'linenos=table', markup: { highlight: { linenos: false } } } }), /lntable/);
  });

  it('makes site-relative URLs absolute under canonifyURLs', async () => {
    const md = '[a](/posts/b/) ![i](/img/x.png) [c](//cdn/x) [d](rel/) [e](#h)';
    const html = await body(md, { config: { canonifyurls: true, baseurl: 'http://x.org/sub/' } });
    assert.match(html, /<a href="http:\/\/x.org\/sub\/posts\/b\/"[^>]*>a<\/a> <img src="http:\/\/x.org\/sub\/img\/x.png" alt="i"> <a href="\/\/cdn\/x">c<\/a> <a href="rel\/">d<\/a> <a href="#h">e<\/a>/);
    assert.match(await body(md, { config: { baseurl: 'http://x.org/sub/' } }), /<a href="\/posts\/b\/"/);
  });

  it('drops only the first summary divider, as Hugo does', async () => {
    const html = await body('Intro\n\n<!--more-->\n\n```\n<!--more-->\n```\n\nA <!--more--> B', { config: { markup: { goldmark: { renderer: { unsafe: false } } } } });
    assert.match(html, /<code>&lt;!--more--&gt;\n<\/code>/);
    assert.match(html, /<p data-line="\d+">A <!-- raw HTML omitted --> B<\/p>/);
  });

  it('puts source lines on blocks for scroll sync, counting the front matter', async () => {
    const html = await body('# One\n\nPara\n\n- item');
    assert.match(html, /<h1 id="one" data-line="3">/);
    assert.match(html, /<p data-line="5">Para/);
    assert.match(html, /<ul data-line="7">/);
  });
});

describe('shortcodes', () => {
  it('highlight: Chroma markup with linenos and hl_lines', async () => {
    const html = await body('{{< highlight R "linenos=table,hl_lines=2" >}}\nx <- 1\ny <- 2\n{{< /highlight >}}');
    assert.match(html, /<div class="highlight"><div class="chroma">\n<table class="lntable">/);
    assert.match(html, /<code class="language-R" data-lang="R">/);
    assert.match(html, /<span class="lnt hl">2\n<\/span>/);
    assert.doesNotMatch(html, /<p>BLOGAUTHOR/);
  });

  it('figure writes Hugo’s markup, with the caption as alt text', async () => {
    const html = await body('{{< figure src="a.png" caption="A *cat*" link="/x/" >}}');
    assert.match(html, /<figure><a href="\/x\/"><img src="a.png" alt="A cat"\/><!-- Closing img tag --><\/a><figcaption>\n<p>A <em>cat<\/em><\/p>\n<\/figcaption>\n<\/figure>/);
  });

  it('details renders its Markdown inner content', async () => {
    const html = await body('{{< details summary="More" >}}\nSome **bold**\n{{< /details >}}');
    assert.match(html, /<details>\n  <summary>More<\/summary>\n  <p>Some <strong>bold<\/strong><\/p>/);
  });

  it('ref and relref become working links', async () => {
    const files = { [`${ROOT}/content/posts/second.md`]: '---\ntitle: Second\n---\nBody' };
    const html = await body('[rel]({{< relref "second.md" >}}) [abs]({{< ref "/posts/second#part" >}})', { files });
    assert.match(html, /<a href="\/posts\/second\/" data-target="\/blog\/content\/posts\/second.md">rel<\/a>/);
    assert.match(html, /<a href="https:\/\/example.org\/posts\/second\/#part" data-target="\/blog\/content\/posts\/second.md">abs<\/a>/);
  });

  it('embeds are offline placeholders in the preview, Hugo’s iframes otherwise', async () => {
    const offline = await body('{{< youtube dQw4w9WgXcQ >}}\n\n{{< vimeo 123 >}}\n\n{{< x user="hugo" id="1" >}}\n\n{{< instagram abc >}}\n\n{{< qr text="hi" />}}');
    for (const kind of ['youtube', 'vimeo', 'x', 'instagram', 'qr']) assert.match(offline, new RegExp(`class="ba-embed ba-embed-${kind}"`));
    assert.doesNotMatch(offline, /<iframe/);
    assert.match(offline, /https:\/\/www.youtube.com\/watch\?v=dQw4w9WgXcQ/);
    const online = await body('{{< youtube dQw4w9WgXcQ >}}', { offline: false });
    assert.match(online, /<iframe src="https:\/\/www.youtube.com\/embed\/dQw4w9WgXcQ"/);
  });

  it('runs the site’s simple templates, Markdown inside {{% %}} only', async () => {
    const files = {
      [`${ROOT}/layouts/shortcodes/note.html`]: '<aside class="note{{ with .Get "kind" }} {{ . }}{{ end }}">{{ .Inner | markdownify }}</aside>',
      [`${ROOT}/layouts/shortcodes/raw.html`]: '<div class="raw">\n\n{{ .Inner }}\n\n</div>',
      [`${ROOT}/layouts/shortcodes/plain.html`]: '<div class="plain">{{ .Inner }}</div>',
      [`${ROOT}/layouts/shortcodes/list.html`]: '<ul>{{ range $i, $x := split (.Get 0) "," }}<li>{{ $i }}={{ $x | upper }}</li>{{ end }}</ul>',
    };
    const unsafe = { markup: { goldmark: { renderer: { unsafe: true } } } };
    const html = await body('{{< note kind="warn" >}}Be *careful*{{< /note >}}\n\n{{% raw %}}\n**md**\n{{% /raw %}}\n\n{{< plain >}}**not md**{{< /plain >}}\n\n{{< list "a,b" >}}', { files, config: unsafe });
    assert.match(html, /<aside class="note warn">Be <em>careful<\/em><\/aside>/);
    assert.match(html, /<div class="raw">\n<p[^>]*><strong>md<\/strong><\/p>/); // the output is Markdown
    // With unsafe off, Hugo drops the HTML a {{% %}} template writes; so do we.
    assert.match(await body('{{% raw %}}x{{% /raw %}}', { files }), /raw HTML omitted/);
    assert.match(html, /<div class="plain">\*\*not md\*\*<\/div>/);
    assert.match(html, /<ul><li>0=A<\/li><li>1=B<\/li><\/ul>/);
  });

  it('shows a placeholder box for templates it cannot run, with the inner content rendered', async () => {
    const files = { [`${ROOT}/layouts/shortcodes/fancy.html`]: '{{ partial "fancy.html" . }}' };
    const r = await render('{{% fancy color="red" %}}\nInner *md*\n{{% /fancy %}}\n\n{{< unknown 1 >}}', { files });
    assert.match(r.body, /<div class="ba-shortcode" data-shortcode="fancy"><div class="ba-shortcode-head">\{\{% fancy color=&quot;red&quot; %\}\}<\/div><div class="ba-shortcode-inner"><p>Inner <em>md<\/em><\/p>/);
    assert.match(r.body, /data-shortcode="unknown"/);
    assert.deepEqual(r.shortcodes.map((s) => [s.name, s.how]), [['fancy', 'placeholder'], ['unknown', 'missing']]);
  });

  it('reads shortcodes with the shared parser: the site template wins over a built-in, escapes inside pairs stay literal', async () => {
    const files = { [`${ROOT}/layouts/shortcodes/figure.html`]: '<span class="own">{{ .Get "src" }}</span>' };
    const own = await render('{{< figure src="a.png" >}}', { files });
    assert.match(own.body, /<span class="own">a.png<\/span>/);
    assert.deepEqual(own.shortcodes.map((s) => [s.name, s.how]), [['figure', 'site']]);
    const nested = await body('{{< details summary="S" >}}\nUse `{{</* x */>}}` here\n{{< /details >}}');
    assert.match(nested, /<code>\{\{&lt; x &gt;\}\}<\/code>/);
    // A tag the lexer cannot finish stays text; the following shortcode still renders.
    const broken = await body('{{< figure src="a.png\n\n{{< param title >}}', { frontMatter: 'title: T' });
    assert.match(broken, /<p data-line="\d+">\{\{&lt; figure src=/);
    assert.match(broken, /\nT\n/);
  });

  it('prints escaped shortcodes literally', async () => {
    assert.match(await body('`{{</* figure src="x" */>}}`'), /<code>\{\{&lt; figure src=&quot;x&quot; &gt;\}\}<\/code>/);
  });
});

describe('images', () => {
  it('looks static files up in every static dir in Hugo order, and bundle resources beside the page', async () => {
    const text = '---\ntitle: B\n---\n![a](/a.png) ![b](/b.png) ![c](/c.png) ![d](d.png) ![none](/none.png)';
    const path = `${ROOT}/content/posts/bundle/index.md`;
    const workspace = new MemoryWorkspace({
      [path]: text,
      [`${ROOT}/static/a.png`]: 'x',
      [`${ROOT}/assets2/a.png`]: 'x',
      [`${ROOT}/assets2/b.png`]: 'x',
      [`${ROOT}/themes/t/static/c.png`]: 'x',
      [`${ROOT}/content/posts/bundle/d.png`]: 'x',
      [`${ROOT}/themes/t/theme.toml`]: '',
    });
    const s = site({ staticdir: ['static', 'assets2'], theme: 't' });
    const r = await renderPost({ text, path, site: s, host: await indexedRenderHost(s, workspace), resourceUrl: (f) => `res:${f}` });
    assert.match(r.body, /src="res:\/blog\/static\/a.png"/);
    assert.match(r.body, /src="res:\/blog\/assets2\/b.png"/);
    assert.match(r.body, /src="res:\/blog\/themes\/t\/static\/c.png"/);
    assert.match(r.body, /src="res:\/blog\/content\/posts\/bundle\/d.png"/);
    assert.match(r.body, /<img src="\/none.png" data-missing="static\/none.png" alt="none">/, 'a missing file is marked with the path looked for (the preview shows a placeholder)');
    assert.equal((r.body.match(/data-missing/g) ?? []).length, 1, 'only the missing one');
  });
});

describe('math', () => {
  it('renders $…$, $$…$$, \\(…\\) and \\[…\\] with KaTeX, never inside code', async () => {
    const html = await body('Inline $x^2$ and \\(y\\) but `$not$` and $5 or $10.\n\n$$\n\\int f\n$$\n\n\\[a+b\\]\n\n```sh\necho $HOME $PATH\n```', { math: true });
    assert.equal((html.match(/class="katex"/g) ?? []).length, 2 + 2);
    assert.match(html, /<code>\$not\$<\/code>/);
    assert.match(html, /\$5 or \$10/);
    assert.match(html, /echo \$HOME \$PATH|\$HOME/);
    assert.match(html, /<div class="math-display" data-line="\d+"><span class="katex-display">/);
  });

  it('is off unless the site or the post asks for it, and follows the site’s passthrough delimiters', async () => {
    assert.doesNotMatch(await body('$x$'), /katex/);
    assert.match(await body('$x$', { frontMatter: 'title: T\nmath: true' }), /katex/);
    const config = { params: { math: true }, markup: { goldmark: { extensions: { passthrough: { enable: true, delimiters: { inline: [['@@', '@@']], block: [] } } } } } };
    const html = await body('@@x@@ and $y$', { config });
    assert.equal((html.match(/class="katex"/g) ?? []).length, 1);
  });
});

describe('links and images', () => {
  it('marks links to other posts and resolves local images for the viewer', async () => {
    const text = '---\ntitle: T\n---\n[next](second.md#part) [site](/posts/second/) [abs](https://example.org/posts/second/) [none](third.md) ![img](pic.png) ![static](/img/a.png) [ext](https://x.org)';
    const workspace = new MemoryWorkspace({ [POST]: text, [`${ROOT}/content/posts/second.md`]: '---\ntitle: Second\n---\n', [`${ROOT}/content/posts/pic.png`]: 'x', [`${ROOT}/static/img/a.png`]: 'x' });
    const s = site();
    const r = await renderPost({ text, path: POST, site: s, host: await indexedRenderHost(s, workspace), resourceUrl: (p) => `vscode-resource:${p}` });
    assert.match(r.body, /<a href="second.md#part" data-target="\/blog\/content\/posts\/second.md">next<\/a>/);
    assert.match(r.body, /<a href="\/posts\/second\/" data-target="\/blog\/content\/posts\/second.md">site<\/a>/);
    assert.match(r.body, /<a href="https:\/\/example.org\/posts\/second\/" data-target="\/blog\/content\/posts\/second.md">abs<\/a>/);
    assert.match(r.body, /<a href="third.md">none<\/a>/, 'no post there: a plain link');
    assert.match(r.body, /src="vscode-resource:\/blog\/content\/posts\/pic.png"/);
    assert.match(r.body, /src="vscode-resource:\/blog\/static\/img\/a.png"/);
    assert.match(r.body, /<a href="https:\/\/x.org">ext<\/a>/);
  });
});
