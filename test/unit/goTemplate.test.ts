// The Go template language as Hugo runs a site's shortcodes (html/template). Every expected string is what
// Hugo 0.111.3 wrote for the same template and call, on a tiny site in a temp dir whose hugo.toml sets
// params.colors = { zed = "z", apple = "a", banana = "b" }; each call is a paragraph of its own.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { executePartial, parseTemplate, UnsupportedTemplate } from '../../server/src/render/goTemplate';
import { renderPost } from '../../server/src/render/renderPost';
import { indexedRenderHost } from '../../server/src/renderHost';
import { buildSiteModel } from '../../server/src/site/siteModel';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';

const ROOT = '/blog';
const POST = `${ROOT}/content/p.md`;
const TEMPLATES: Record<string, string> = {
  "trim": "<a>  {{- \"x\" -}}  </a>|{{- /* c */ -}}  |  {{/* plain */}}|{{ 1 }}{{- 2 }}|{{- /* a {{ b }} c */ -}} |{{/*\nmulti\n*/}}",
  "nums": "{{ 0x1F }} {{ 1.5 }} {{ 3.0 }} {{ 1e3 }} {{ 'a' }} {{ -7 }} {{ 0o17 }} {{ 017 }} {{ 1_000 }} {{ 0b101 }} {{ '\\n' }}",
  "strs": "{{ \"a\\tb\\x41\\u00e9\" }}|{{ `raw\\n` }}|{{ \"<b>&'\\\"+\" }}",
  "andor": "{{ and 1 0 2 }}|{{ or 0 \"\" \"x\" 3 }}|{{ and 1 2 }}|{{ or 0 \"\" }}|{{ $n := 0 }}{{ if and $n (index $n 0) }}no{{ else }}short{{ end }}|{{ \"p\" | and 1 }}",
  "scope": "{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}{{ range slice 1 2 }}{{ $x = . }}{{ end }}|{{ $x }}|{{ with $z := \"w\" }}{{ $z }}{{ . }}{{ end }}|{{ $a := 1 }}{{ range slice 2 }}{{ $a := . }}{{ $a }}{{ end }}{{ $a }}|{{ range slice 1 }}{{ $.Name }}{{ end }}",
  "ranges": "{{ range $k, $v := site.Params.colors }}{{ $k }}={{ $v }};{{ end }}|{{ range $i, $e := slice \"a\" \"b\" \"c\" }}{{ if eq $i 1 }}{{ continue }}{{ end }}{{ $i }}{{ $e }}{{ if eq $e \"c\" }}{{ break }}{{ end }}{{ end }}|{{ range slice }}x{{ else }}empty{{ end }}|{{ range $e := slice 5 6 }}{{ $e }}{{ . }}{{ end }}|{{ range dict \"b\" 2 \"a\" 1 }}{{ . }}{{ end }}",
  "elseif": "{{ $v := .Get 0 }}{{ if eq $v \"a\" }}A{{ else if eq $v \"b\" }}B{{ else if eq $v \"c\" }}C{{ else }}Z{{ end }}",
  "defines": "{{ define \"greet\" }}<b>hi {{ . }} {{ $ }}</b>{{ end }}{{ template \"greet\" \"you\" }}|{{ block \"blk\" \"dflt\" }}[{{ . }}]{{ end }}|{{ template \"greet\" }}|{{ define \"down\" }}{{ if gt . 0 }}{{ . }}{{ template \"down\" (sub . 1) }}{{ end }}{{ end }}{{ template \"down\" 3 }}",
  "chains": "{{ (index (slice (dict \"Name\" \"n1\") ) 0).Name }}|{{ $d := dict \"a\" (dict \"b\" \"deep\") }}{{ $d.a.b }}|{{ (dict \"k\" \"v\").k }}|{{ len (dict \"a\" 1 \"b\" 2) }}|{{ index (dict \"a\" \"A\") \"a\" }}|{{ index site.Params.colors \"zed\" }}|{{ printf \"%s\" (.Get 0 | upper) }}",
  "printing": "{{ slice 1 \"a\" 2 }}|{{ dict \"b\" 1 \"a\" (slice 2 3) }}|{{ true }}|{{ .Get \"missing\" }}|{{ index (dict) \"x\" }}|{{ 1.25 }}",
  "urls": "<a href=\"{{ .Get \"u\" }}\" title=\"{{ .Get \"t\" }}\" data-x={{ .Get \"t\" }}>{{ .Get \"t\" }}</a><a href=\"/q?x={{ .Get \"t\" }}&y=1\">q</a><a href=\"{{ \"javascript:alert(1)\" }}\">j</a><a href=\"{{ \"javascript:x\" | safeURL }}\">s</a><img src=\"/p/{{ \"a b/é\" }}\">",
  "scripts": "<script>var a = {{ .Get \"t\" }}; var b = \"{{ .Get \"t\" }}\"; var n = {{ 5 }}; var l = {{ slice \"x\" 1 }}; var m = {{ dict \"b\" 1 \"a\" \"<\" }};</script><style>p { color: {{ \"red\" }}; width: {{ \"1px;}\" }} }</style><p style=\"color: {{ \"blue\" }}\" onclick=\"f({{ \"q\" }})\">x</p>",
  "safe": "<p title=\"{{ \"<b>x</b> & y\" | safeHTML }}\">{{ \"<i>i</i>\" | safeHTML }}{{ \"<u>\" | safeURL }}</p><textarea>{{ \"<b>t</b>\" }}</textarea><script type=\"text/template\">{{ \"<x>\" }}</script>",
  "eqs": "{{ eq 1 2 1 }}|{{ eq \"a\" \"b\" \"c\" }}|{{ not 0 }}|{{ $m := dict \"x\" 1 }}{{ if $m.missing }}y{{ else }}n{{ end }}|{{ with .Get \"nope\" }}w{{ else }}e{{ end }}|{{ if $q := .Get 5 }}t{{ else }}[{{ $q }}]{{ end }}",
  "pipes": "{{ \"abc\" | upper | printf \"%s-%s\" \"p\" }}|{{ 3 | add 1 }}|{{ (slice \"z\" \"y\") | len }}|{{ .Get 0 | default \"d\" }}"
};
const CASES: { name: string; what: string; call: string; hugo: string }[] = [
  {
    "name": "trim",
    "what": "trim markers and comments (with and without trim markers)",
    "call": "trim:{{< trim >}}",
    "hugo": "<a>x</a>||  |12||"
  },
  {
    "name": "nums",
    "what": "number and character literals: hex, octal, binary, float, exponent, underscores, runes",
    "call": "nums:{{< nums >}}",
    "hugo": "31 1.5 3 1000 97 -7 15 15 1000 5 10"
  },
  {
    "name": "strs",
    "what": "string literals: Go escapes, raw strings; text-context escaping of <>&'\"+",
    "call": "strs:{{< strs >}}",
    "hugo": "a\tbAé|raw\\n|&lt;b&gt;&amp;&#39;&#34;&#43;"
  },
  {
    "name": "andor",
    "what": "and/or return the deciding operand and stop evaluating there",
    "call": "andor:{{< andor >}}",
    "hugo": "0|x|2||short|p"
  },
  {
    "name": "scope",
    "what": "variables: = assigns the outer variable, := in a block is local, with binds a variable",
    "call": "scope:{{< scope >}}",
    "hugo": "2|2|ww|21|scope"
  },
  {
    "name": "ranges",
    "what": "range: maps in key order, $i $e, break, continue, else, one variable",
    "call": "ranges:{{< ranges >}}",
    "hugo": "apple=a;banana=b;zed=z;|0a2c|empty|5566|12"
  },
  {
    "name": "elseif",
    "what": "else if chains",
    "call": "elseif:{{< elseif \"b\" >}} {{< elseif \"c\" >}} {{< elseif \"q\" >}}",
    "hugo": "B C Z"
  },
  {
    "name": "defines",
    "what": "define, template (dot and $ are the argument), block, recursion",
    "call": "defines:{{< defines >}}",
    "hugo": "<b>hi you you</b>|[dflt]|<b>hi  </b>|321"
  },
  {
    "name": "chains",
    "what": "fields on parenthesised results, variables and maps; len and index on maps",
    "call": "chains:{{< chains >}}",
    "hugo": "n1|deep|v|2|A|z|"
  },
  {
    "name": "printing",
    "what": "printing lists, maps (sorted keys), booleans and missing values",
    "call": "printing:{{< printing >}}",
    "hugo": "[1 a 2]|map[a:[2 3] b:1]|true|||1.25"
  },
  {
    "name": "urls",
    "what": "URL attributes: normalised at the start, escaped in the query, unsafe schemes filtered",
    "call": "urls:{{< urls u=\"https://x.org/a b?c=1&d=<2>\" t=\"a<b>&'\\\"+ c\" >}}",
    "hugo": "<a href=\"https://x.org/a%20b?c=1&amp;d=%3c2%3e\" title=\"a&lt;b&gt;&amp;&#39;&#34;&#43; c\" data-x=a&lt;b&gt;&amp;&#39;&#34;&#43;&#32;c>a&lt;b&gt;&amp;&#39;&#34;&#43; c</a><a href=\"/q?x=a%3cb%3e%26%27%22%2b%20c&y=1\">q</a><a href=\"#ZgotmplZ\">j</a><a href=\"javascript:x\">s</a><img src=\"/p/a%20b/%c3%a9\">"
  },
  {
    "name": "scripts",
    "what": "<script>: JS values and JS strings; <style> and style=: CSS filter; on*: JS in an attribute",
    "call": "scripts:{{< scripts t=\"he said \\\"hi\\\" </script> & 'x'\" >}}",
    "hugo": "<script>var a = \"he said \\\"hi\\\" \\u003c/script\\u003e \\u0026 'x'\"; var b = \"he said \\u0022hi\\u0022 \\u003c\\/script\\u003e \\u0026 \\u0027x\\u0027\"; var n =  5 ; var l = [\"x\",1]; var m = {\"a\":\"\\u003c\",\"b\":1};</script><style>p { color: red; width: ZgotmplZ }</style><p style=\"color: blue\" onclick=\"f(&#34;q&#34;)\">x</p>"
  },
  {
    "name": "safe",
    "what": "safeHTML in an attribute loses its tags; safeURL text is escaped in text; RCDATA; non-JS script",
    "call": "safe:{{< safe >}}",
    "hugo": "<p title=\"x & y\"><i>i</i>&lt;u&gt;</p><textarea>&lt;b&gt;t&lt;/b&gt;</textarea><script type=\"text/template\">&lt;x&gt;</script>"
  },
  {
    "name": "eqs",
    "what": "eq with several arguments, not, missing map keys, with … else",
    "call": "eqs:{{< eqs >}}",
    "hugo": "true|false|true|n|e|[]"
  },
  {
    "name": "pipes",
    "what": "pipelines: the piped value is the last argument",
    "call": "pipes:{{< pipes \"\" >}}",
    "hugo": "p-ABC|4|2|d"
  }
];

async function render(): Promise<string> {
  const text = `---\ntitle: P\n---\n${CASES.map((c) => c.call).join('\n\n')}\n`;
  const files: Record<string, string> = { [POST]: text, [`${ROOT}/hugo.toml`]: '' };
  for (const [name, source] of Object.entries(TEMPLATES)) files[`${ROOT}/layouts/shortcodes/${name}.html`] = source;
  const site = buildSiteModel(ROOT, 'hugo', { baseurl: 'https://example.org/', params: { colors: { zed: 'z', apple: 'a', banana: 'b' } } });
  const r = await renderPost({ text, path: POST, site, host: await indexedRenderHost(site, new MemoryWorkspace(files)), options: { header: false, sourceLines: false } });
  return r.body;
}

describe('Go template language, as Hugo runs it', () => {
  let body = '';
  before(async () => {
    body = await render();
  });
  for (const c of CASES) {
    it(c.what, () => {
      const line = new RegExp(`<p>${c.name}:([\\s\\S]*?)</p>\n`).exec(body);
      assert.ok(line, `no paragraph for ${c.name} in ${body}`);
      assert.equal(line[1], c.hugo);
    });
  }
});

describe('Go template language: what Go rejects, and what newer Hugo adds', () => {
  const run = (src: string, root: unknown = {}) => executePartial(parseTemplate(src), root, {});
  const rejects = (src: string, message: RegExp) => assert.throws(() => run(src), (e: unknown) => e instanceof UnsupportedTemplate && message.test((e as Error).message));

  it('rejects what Hugo 0.111 rejects: nil as a command, an unclosed block, a stray end, break outside range, an unclosed comment', () => {
    rejects('{{ nil }}', /nil is not a command/);
    rejects('{{ if 1 }}x', /unexpected EOF/);
    rejects('x{{ end }}', /unexpected \{\{end\}\}/);
    rejects('{{ break }}', /outside \{\{range\}\}/);
    rejects('{{/* x }}', /unclosed comment/);
    rejects('{{ 1 2 }}', /can't give argument to non-function/);
    rejects('{{ range "s" }}{{ end }}', /range can't iterate over s/);
  });

  it('comments and variables are checked as the Go parser checks them (Hugo 0.111 fails the template on each)', () => {
    const parseRejects = (src: string, message: RegExp) => assert.throws(() => parseTemplate(src), (e: unknown) => e instanceof UnsupportedTemplate && message.test((e as Error).message));
    parseRejects('{{ /* x */ }}', /unexpected "\/"/);
    parseRejects('{{-  /* x */ -}}', /unexpected "\/"/);
    parseRejects('{{/* x */ }}', /comment ends before closing delimiter/);
    parseRejects('{{/* x */-}}', /comment ends before closing delimiter/);
    parseRejects('{{ if 1 }}{{ $x := 5 }}{{ end }}{{ $x }}', /undefined variable "\$x"/);
    parseRejects('{{ $x := 1 }}{{ define "t" }}{{ $x }}{{ end }}', /undefined variable "\$x"/);
    parseRejects('{{ $y = 1 }}', /undefined variable "\$y"/);
    assert.equal(run('a {{- /* x */}} {{ $x := 1 }}{{ $x := 2 }}{{ $x }}').output, 'a 2');
  });

  it('a missing function is reported by name, so the caller can say which', () => {
    rejects('{{ partial "x" . }}', /^function partial$/);
  });

  it('return ends a partial and gives its value (Hugo partials)', () => {
    const r = run('a{{ if .x }}{{ return .x }}{{ end }}b', { x: 7 });
    assert.deepEqual(r, { output: 'a', returned: { value: 7 } });
    assert.deepEqual(run('a{{ if .x }}{{ return .x }}{{ end }}b', {}), { output: 'ab' });
  });

  it('else with and range over an integer: Go 1.22/1.23 syntax that newer Hugo accepts (0.111 rejects both)', () => {
    assert.equal(run('{{ with .a }}A{{ else with .b }}B{{ . }}{{ else }}C{{ end }}', { b: 2 }).output, 'B2');
    assert.equal(run('{{ range $i, $e := 3 }}{{ $i }}{{ $e }}{{ end }}').output, '001122');
    rejects('{{ range 1000000000 }}{{ end }}', /too long/);
  });

  it('fields are looked up case-insensitively on maps (Hugo params), and methods get the arguments', () => {
    const root = { Params: { myKey: 'v' }, Get: (k: unknown) => `got ${String(k)}` };
    assert.equal(run('{{ .Params.mykey }} {{ .Get "a" }} {{ $.Get 1 }}', root).output, 'v got a got 1');
  });
});

describe('Go template language: mangled templates', () => {
  it('parsing and running a mangled template ends, and fails only with UnsupportedTemplate', () => {
    let seed = 16;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['{{', '}}', '{{-', ' -}}', '/*', '*/', '"', "'", '`', '$', '.', '(', ')', '|', ':=', '=', ',', 'end', 'else', 'if', 'range', ' ', '\n', '0x', '-1', 'define "t"', 'template "t" .', 'break'];
    let mangled = 0;
    for (const source of Object.values(TEMPLATES)) {
      for (let k = 0; k < 150; k++) {
        let src = source;
        for (let edits = 1 + random(3); edits > 0; edits--) {
          const at = random(src.length + 1);
          src = random(2) ? src.slice(0, at) + pieces[random(pieces.length)] + src.slice(at) : src.slice(0, at) + src.slice(at + 1 + random(4));
        }
        try {
          const nodes = parseTemplate(src);
          executePartial(nodes, { Get: () => 'x', Name: 'n' }, {});
        } catch (e) {
          if (!(e instanceof UnsupportedTemplate)) assert.fail(`${String(e)} for ${JSON.stringify(src)}`);
          mangled++;
        }
      }
    }
    assert.ok(mangled > 100, `${mangled} mangled templates were rejected`);
  });
});
