import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { linkAt, parseLinks } from '../../server/src/parse/links';

const found = (text: string, from = 0) => parseLinks(text, from).links.map((l) => ({ kind: l.kind, image: l.image, target: l.target, at: text.slice(l.targetSpan.start, l.targetSpan.end) }));

test('inline links and images, with titles, angle brackets and balanced parentheses', () => {
  const text = 'A [post](/2024/03/21/cortos/ "Title") and ![alt](/img/x.png) and [w](<a b.md>) and [p](/wiki/F_(x))';
  assert.deepEqual(found(text), [
    { kind: 'inline', image: false, target: '/2024/03/21/cortos/', at: '/2024/03/21/cortos/' },
    { kind: 'inline', image: true, target: '/img/x.png', at: '/img/x.png' },
    { kind: 'inline', image: false, target: 'a b.md', at: 'a b.md' },
    { kind: 'inline', image: false, target: '/wiki/F_(x)', at: '/wiki/F_(x)' },
  ]);
});

test('reference links take their target from the definition; undefined shortcuts are just text', () => {
  const text = 'See [one][r1], [r2][] and [r2], not [plain] nor [^1].\n\n[r1]: /a/ "t"\n[R2]: <../b.md>\n';
  const links = found(text);
  assert.deepEqual(
    links.map((l) => [l.kind, l.target, l.at]),
    [
      ['reference', '/a/', 'r1'],
      ['reference', '../b.md', 'r2'],
      ['reference', '../b.md', 'r2'],
      ['definition', '/a/', '/a/'],
      ['definition', '../b.md', '../b.md'],
    ],
  );
});

test('nested image inside a link yields both', () => {
  assert.deepEqual(
    found('[![badge](b.svg)](https://ci.example.com)').map((l) => [l.kind, l.image, l.target]),
    [
      ['inline', false, 'https://ci.example.com'],
      ['inline', true, 'b.svg'],
    ],
  );
});

test('code spans, fences and comments hide Markdown links; shortcodes count even in code', () => {
  const text = '`[a](x)` and\n```\n[b](y)\n{{< ref "in-code" >}}\n```\n<!-- [c](z) -->\n~~~\n<a href="/no">\n~~~\n[d](ok)';
  assert.deepEqual(
    found(text).map((l) => [l.kind, l.target]),
    [
      ['ref', 'in-code'],
      ['inline', 'ok'],
    ],
  );
});

test('autolinks, bare URLs and raw HTML', () => {
  const text = 'Visit <https://a.org/x>, https://b.org/y. <a class="x" href=\'/post/z/\'>z</a> <img alt="" src="/img/p.png">';
  assert.deepEqual(found(text), [
    { kind: 'autolink', image: false, target: 'https://a.org/x', at: 'https://a.org/x' },
    { kind: 'bare-url', image: false, target: 'https://b.org/y', at: 'https://b.org/y' },
    { kind: 'html', image: false, target: '/post/z/', at: '/post/z/' },
    { kind: 'html', image: true, target: '/img/p.png', at: '/img/p.png' },
  ]);
});

test('ref/relref and figure parameters, ranged inside the quotes; a ref as a Markdown destination is the ref', () => {
  const text = '[x]({{< ref "blog/post.md#sec" >}}) {{% relref path="other" %}} {{< figure src="/img/f.png" link="/big/" caption="c" >}}';
  assert.deepEqual(found(text), [
    { kind: 'ref', image: false, target: 'blog/post.md#sec', at: 'blog/post.md#sec' },
    { kind: 'ref', image: false, target: 'other', at: 'other' },
    { kind: 'shortcode', image: true, target: '/img/f.png', at: '/img/f.png' },
    { kind: 'shortcode', image: false, target: '/big/', at: '/big/' },
  ]);
});

test('front matter is skipped with `from`; linkAt finds the target under the cursor', () => {
  const text = '---\nurl: [x](/no)\n---\n[y](/yes)';
  const from = text.indexOf('[y]');
  const { links } = parseLinks(text, from);
  assert.deepEqual(links.map((l) => l.target), ['/yes']);
  assert.equal(linkAt(links, text.indexOf('/yes') + 2)?.target, '/yes');
  assert.equal(linkAt(links, from + 1)?.target, '/yes', 'on the link text');
  assert.equal(linkAt(links, 2), undefined);
});

test('never throws, and spans stay inside the text', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('[', ']', '(', ')', '!', '<', '>', '`', '\n', ' ', 'a', '/', '"', '{{<', '>}}', 'ref', ':', 'https://x') }), (text) => {
      for (const l of parseLinks(text).links) {
        assert.ok(l.span.start >= 0 && l.span.end <= text.length && l.targetSpan.start >= 0 && l.targetSpan.end <= text.length);
      }
    }),
    { numRuns: 300 },
  );
});

test('CRLF files: indented code after a blank line is code, as in the same file with LF line ends', () => {
  const lf = 'Intro text.\n\n    [not](/a-link/) in indented code\n\nAfter [a](/real/).\n';
  const crlf = lf.replace(/\n/g, '\r\n');
  assert.deepEqual(found(lf).map((l) => l.target), ['/real/']);
  assert.deepEqual(found(crlf).map((l) => l.target), ['/real/']);
});

test('each highlight shortcode hides links up to its own closing tag (many blocks in one post)', () => {
  const block = (k: number) => `{{< highlight go >}}\n[in](/code-${k}/)\n{{< /highlight >}}\n[out](/text-${k}/)\n\n`;
  const text = Array.from({ length: 300 }, (_, k) => block(k)).join('') + '{{< highlight go >}}\n[unclosed](/x/)\n';
  const targets = found(text).map((l) => l.target);
  assert.equal(targets.length, 300);
  assert.deepEqual(targets.slice(0, 2), ['/text-0/', '/text-1/']);
  assert.ok(!targets.some((t) => t.startsWith('/code-') || t === '/x/'));
});

test('link destinations: balanced parentheses, a line break before the destination, and escapes', () => {
  const text = 'x([a](/p_(1)) and [b](\n/q)x) and [c](/r\\)s) and [d]( /s t)';
  assert.deepEqual(found(text).filter((l) => l.kind === 'inline').map((l) => l.target), ['/p_(1)', '/q', '/r\\)s']);
});

test('brackets: a backslash run escapes a `[` when odd, a blank line closes what is open (a backslash just before `from` still escapes)', () => {
  const targets = (text: string, from = 0) => parseLinks(text, from).links.map((l) => l.target);
  assert.deepEqual(targets('\\[a](/1) \\\\[b](/2) \\\\\\[c](/3)'), ['/2']);
  assert.deepEqual(targets('x\\\n[d](/4)'), ['/4']);
  assert.deepEqual(targets('[e] ] [f](/5)\n\n[g](/6)'), ['/5', '/6']);
  assert.deepEqual(targets('[h\n\n[i](/7)'), ['/7']);
  assert.deepEqual(targets('[[j](/8)]'), ['/8']);
  assert.deepEqual(targets('skip \\[k](/9) [l](/10)', 6), ['/10']);
});

test('plain destinations (read by a fast path) and their near misses (read by the general path)', () => {
  const dest = (text: string) => parseLinks(text).links.map((l) => `${l.kind}:${l.target}@${l.targetSpan.start}-${l.targetSpan.end}/${l.span.end}`).join(' ');
  const cases: [string, string][] = [
    ['[a](x)', 'inline:x@4-5/6'],
    ['[a](x)y)', 'inline:x@4-5/6'],
    ['[a]()', 'inline:@4-4/5'],
    ['[a](x y)', ''],
    ['[a](<x>)', 'inline:x@5-6/8'],
    ['[a]({x})', 'inline:{x}@4-7/8'],
    ['[a](x(y))', 'inline:x(y)@4-8/9'],
    ['[a](x\\)y)', 'inline:x\\)y@4-8/9'],
    ['[a]( x)', 'inline:x@5-6/7'],
    ['[a](x "t")', 'inline:x@4-5/10'],
    ['[a](\u00a0x)', ''],
    ['[a](x\u00a0)', ''],
    ['[a](' + 'x'.repeat(4096) + ')', 'inline:' + 'x'.repeat(4096) + '@4-4100/4101'],
    ['[a](' + 'x'.repeat(4097) + ')', ''],
  ];
  for (const [text, links] of cases) assert.equal(dest(text), links, text.slice(0, 20));
});
