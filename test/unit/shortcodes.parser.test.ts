import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pairShortcodes, parseShortcodes, type ShortcodeTag } from '../../server/src/parse/shortcodes';

const brief = (t: ShortcodeTag) => ({ kind: t.kind, name: t.name, params: t.params.map((p) => (p.name ? `${p.name}=${p.value}` : p.value)) });
const messages = (text: string) => parseShortcodes(text).problems.map((p) => p.message);

test('closing tags with any inner spacing', () => {
  for (const close of ['{{< /highlight >}}', '{{< / highlight >}}', '{{</ highlight >}}', '{{< / highlight  >}}', '{{</highlight>}}']) {
    const text = `{{< highlight go >}}\nx := 1\n${close}`;
    const { tags, problems } = parseShortcodes(text);
    assert.deepEqual(problems, [], close);
    assert.deepEqual(tags.map(brief), [
      { kind: 'open', name: 'highlight', params: ['go'] },
      { kind: 'close', name: 'highlight', params: [] },
    ]);
    assert.equal(text.slice(tags[1].span.start, tags[1].span.end), close);
    assert.equal(text.slice(tags[1].nameSpan.start, tags[1].nameSpan.end), 'highlight');
  }
});

test('named parameters, with spaces around =, quotes, escapes and raw strings', () => {
  const text = '{{< figure src = "a.png" alt="say \\"hi\\"" caption=`two\nlines` width=300 >}}';
  const [tag] = parseShortcodes(text).tags;
  assert.deepEqual(brief(tag), { kind: 'open', name: 'figure', params: ['src=a.png', 'alt=say "hi"', 'caption=two\nlines', 'width=300'] });
  assert.equal(text.slice(tag.params[0].nameSpan!.start, tag.params[0].nameSpan!.end), 'src');
  assert.equal(text.slice(tag.params[0].valueSpan.start, tag.params[0].valueSpan.end), '"a.png"');
  assert.equal(tag.params[2].quote, '`');
  assert.equal(tag.terminated, true);
});

test('positional parameters, quoted and not, over several lines; self-closing; markdown delimiters', () => {
  const { tags, problems } = parseShortcodes('{{% notice\n  tip "Be careful" -ziL-Q_456 3.14 %}}{{< media/audio src="x.mp3" />}}');
  assert.deepEqual(problems, []);
  assert.deepEqual(tags.map(brief), [
    { kind: 'open', name: 'notice', params: ['tip', 'Be careful', '-ziL-Q_456', '3.14'] },
    { kind: 'selfClosing', name: 'media/audio', params: ['src=x.mp3'] },
  ]);
  assert.equal(tags[0].markdown, true);
});

test('Hugo escaped-quote forms', () => {
  assert.deepEqual(brief(parseShortcodes('{{< sc1 param1=\\"Hello World\\"  >}}').tags[0]).params, ['param1=Hello World']);
  assert.deepEqual(brief(parseShortcodes('{{< sc1 \\"param1\\"  >}}').tags[0]).params, ['param1']);
});

test('the escape form is literal text, not a shortcode', () => {
  const text = 'a {{</* figure src="**/*.pdf" */>}} b {{%/* x */%}}';
  const { tags, comments, problems } = parseShortcodes(text);
  assert.equal(tags.length, 0);
  assert.deepEqual(problems, []);
  assert.equal(text.slice(comments[0].innerSpan.start, comments[0].innerSpan.end), ' figure src="**/*.pdf" ');
  assert.equal(comments[1].markdown, true);
  assert.deepEqual(messages('{{</* sc1 >}}'), ['comment must be closed']);
});

test('inline shortcodes', () => {
  const { tags, problems } = parseShortcodes('{{< time.inline >}}{{ now }}{{< /time.inline >}} {{< time.inline />}}');
  assert.deepEqual(problems, []);
  assert.deepEqual(tags.map((t) => [t.kind, t.name, t.inline]), [
    ['open', 'time.inline', true],
    ['close', 'time.inline', true],
    ['selfClosing', 'time.inline', true],
  ]);
  assert.deepEqual(messages('{{< a.inline >}}x{{< b >}}{{< /a.inline >}}'), ['inline shortcodes do not support nesting']);
  assert.deepEqual(messages('{{< sc1.Inline >}}'), ['period in shortcode name only allowed for inline identifiers']);
});

test("lexer errors in Hugo's words", () => {
  assert.deepEqual(messages('{{< /sc1 >}}'), ['got closing shortcode, but none is open']);
  assert.deepEqual(messages('{{< sc1 >}}{{< /another >}}'), ["closing tag for shortcode 'another' does not match start tag"]);
  assert.deepEqual(messages('{{< sc1 >}}{{< /sc1 keyword>}}'), ['unclosed shortcode']);
  assert.deepEqual(messages('{{< sc1 param1="Hello World" p2 >}}'), ["got positional parameter 'p2'. Cannot mix named and positional parameters"]);
  assert.deepEqual(messages('{{< sc1 param1 param2="Hello World">}}'), ["got named parameter 'param2'. Cannot mix named and positional parameters"]);
  assert.deepEqual(messages('{{< sc1 param1="Hello World" "And Universe" >}}'), ['got quoted positional parameter. Cannot mix named and positional parameters']);
  assert.deepEqual(messages('{{< sc1 param2="Hello World>}}'), ["unterminated quoted string in shortcode parameter-argument: 'Hello World>}}'"]);
  assert.deepEqual(messages('{{< sc1 `Hello World >}}'), ["unterminated raw string in shortcode parameter-argument: 'Hello World >}}'"]);
  assert.deepEqual(messages('{{< sc1 %}}'), ["unrecognized character in shortcode action: U+0025 '%'. Note: Parameters with non-alphanumeric args must be quoted"]);
  assert.deepEqual(messages('{{< sc1 a="x\ny" >}}'), ["unterminated quoted string in shortcode parameter-argument: 'x'"]);
  assert.deepEqual(messages('{{< sc1 '), ['unclosed shortcode action']);
  assert.deepEqual(messages('{{< >}}'), ['shortcode has no name']);
});

test('after an error the lexer resumes at the next tag', () => {
  const { tags, problems } = parseShortcodes('{{< a b="x\n" >}} text {{< c >}}');
  assert.equal(problems.length, 1);
  assert.deepEqual(tags.map((t) => t.name), ['a', 'c']);
  assert.equal(tags[1].terminated, true);
});

test('exact UTF-16 offsets with astral characters, and the from/to window', () => {
  const text = '🎉 é {{< a t="🎉" >}}';
  const [tag] = parseShortcodes(text).tags;
  assert.equal(text.slice(tag.span.start, tag.span.end), '{{< a t="🎉" >}}');
  assert.equal(tag.params[0].value, '🎉');
  const windowed = parseShortcodes('{{< a >}} {{< b >}} {{< c >}}', 10, 20);
  assert.deepEqual(windowed.tags.map((t) => t.name), ['b']);
});

test('pairing follows the templates: .Inner decides whether a tag expects a close tag', () => {
  const text = '{{< details >}}a{{< figure src="x" >}}{{< highlight go >}}code{{< /highlight >}}{{< /details >}}{{< figure />}}{{< details >}}';
  const { tags } = parseShortcodes(text);
  const inner = new Set(['details', 'highlight']);
  const { roots, problems } = pairShortcodes(tags, (n) => inner.has(n));
  assert.deepEqual(roots.map((r) => [r.open.name, !!r.close, r.children.map((c) => c.open.name)]), [
    ['details', true, ['figure', 'highlight']],
    ['figure', false, []],
    ['details', false, []],
  ]);
  assert.equal(text.slice(roots[0].innerSpan!.start, roots[0].innerSpan!.end), 'a{{< figure src="x" >}}{{< highlight go >}}code{{< /highlight >}}');
  assert.deepEqual(problems.map((p) => p.message), [
    'shortcode "figure" does not evaluate .Inner or .InnerDeindent, yet a closing tag was provided',
    'shortcode "details" must be closed or self-closed',
  ]);
});

test('pairing: a close tag on a template without .Inner; unknown templates paired by their close tags', () => {
  const { tags } = parseShortcodes('{{< figure >}}{{< /figure >}}{{< mystery >}}x{{< /mystery >}}{{< other >}}');
  const { roots, problems } = pairShortcodes(tags, (n) => (n === 'figure' ? false : undefined));
  assert.deepEqual(problems.map((p) => p.code), ['shortcode-no-inner']);
  assert.deepEqual(roots.map((r) => [r.open.name, !!r.close]), [['figure', false], ['mystery', true], ['other', false]]);
});

test('property: the parser never throws and keeps its spans inside the text', () => {
  const alphabet = fc.constantFrom('{{<', '{{%', '>}}', '%}}', '/*', '*/', '/', ' ', '\n', '"', '\\', '`', '=', 'a', 'b-c', '.inline', 'x=1', '🎉', '{', '}', '<', '>', '%');
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 40 }), fc.nat(60), (parts, cut) => {
      const full = parts.join('');
      const text = full.slice(0, Math.min(cut, full.length));
      const result = parseShortcodes(text);
      const tree = pairShortcodes(result.tags, (n) => (n.length % 3 === 0 ? true : n.length % 3 === 1 ? false : undefined));
      for (const t of result.tags) {
        assert.ok(t.span.start >= 0 && t.span.start <= t.span.end && t.span.end <= text.length);
        assert.ok(t.nameSpan.start >= t.span.start && t.nameSpan.end <= t.span.end);
      }
      for (const p of [...result.problems, ...tree.problems]) assert.ok(p.span.start <= p.span.end && p.span.end <= text.length);
      for (let i = 1; i < result.tags.length; i++) assert.ok(result.tags[i].span.start >= result.tags[i - 1].span.end);
    }),
    { numRuns: 2000 },
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 200 }), (text) => {
      parseShortcodes(text);
    }),
    { numRuns: 1000 },
  );
});

test('the common tag forms (read by a fast path) and their near misses (read by the loop) lex alike', () => {
  const lexed = (text: string) => {
    const { tags, problems } = parseShortcodes(text);
    return [tags.map((t) => `${t.kind}:${t.name}(${t.params.map((p) => (p.name ? p.name + '=' : '') + p.value).join('|')})`).join(' '), problems.length];
  };
  const cases: [string, string, number][] = [
    ['{{< x a b.c "d e" >}}', 'open:x(a|b.c|d e)', 0],
    ['{{< x a="b c" d="e" >}}', 'open:x(a=b c|d=e)', 0],
    ['{{< x a="b" c >}}', 'open:x(a=b|c)', 1],
    ['{{< x a "b" c="d" >}}', 'open:x(a|b|c=d)', 1],
    ['{{< x a ="b" >}}', 'open:x(a=b)', 0],
    ['{{< x a= "b" >}}', 'open:x(a=b)', 0],
    ['{{< x a=b >}}', 'open:x(a=b)', 0],
    ['{{< xé >}}', 'open:xé()', 0],
    ['{{< x aé >}}', 'open:x(aé)', 0],
    ['{{< x.inline >}}{{< /x.inline >}}', 'open:x.inline() close:x.inline()', 0],
    ['{{< x-y/z_1 >}}', 'open:x-y/z_1()', 0],
    ['{{< /x >}}', 'close:x()', 1],
    ['{{< x >}}{{< / x >}}', 'open:x() close:x()', 0],
    ['{{< x >}}{{< / y >}}', 'open:x() close:y()', 1],
    ['{{< / >}}', 'close:()', 2],
    ['{{< x "a\\"b" >}}', 'open:x(a"b)', 0],
    ['{{< x "a\nb" >}}', 'open:x()', 1],
    ['{{<\tx\r\n a >}}', 'open:x(a)', 0],
    ['{{< x a>}}', 'open:x(a)', 0],
    ['{{< x a%}}', 'open:x(a)', 1],
    ['{{% x a %}}', 'open:x(a)', 0],
    ['{{< x />}}', 'selfClosing:x()', 0],
    ['{{<x>}}', 'open:x()', 0],
    ['{{< -x >}}', 'open:()', 1],
    ['{{< x -a .b >}}', 'open:x(-a)', 1],
    ['{{< x "a"b >}}', 'open:x(a|b)', 0],
  ];
  for (const [text, tags, problems] of cases) assert.deepEqual(lexed(text), [tags, problems], text);
  // Cut short by `to`, a tag is not terminated.
  const cut = parseShortcodes('{{< x a >}}', 0, 9).tags[0];
  assert.equal(cut.terminated, false);
});
