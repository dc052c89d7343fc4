import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { findFrontMatterBlock, parseFrontMatter, parseFrontMatterByPackages } from '../../server/src/parse/frontMatter';
import { scanSimpleYamlRanged } from '../../server/src/parse/simpleYaml';
import { generateBlog } from '../../bench/generate';
import { corpusPath, markdownFiles, skipMessage } from '../helpers/corpora';

/** Dates compare by value (the two reads make distinct Date objects). */
const same = (a: unknown, b: unknown) => isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));

/** Every YAML file: the ranged scan (when it takes the file) and the yaml package give the same front matter, ranges included. */
function compare(texts: { name: string; text: string }[]): { quick: number; yaml: number } {
  let quick = 0;
  let yaml = 0;
  for (const { name, text } of texts) {
    for (const variant of [text, text.replace(/\r?\n/g, '\r\n')]) {
      const block = findFrontMatterBlock(variant);
      if (block?.format !== 'yaml') continue;
      yaml++;
      if (scanSimpleYamlRanged(variant, block.contentSpan.start, block.contentSpan.end)) quick++;
      const reference = parseFrontMatterByPackages(variant);
      const ours = parseFrontMatter(variant);
      assert.ok(same(ours.entries, reference.entries), `${name}: entries differ\n${JSON.stringify(ours.entries)}\n${JSON.stringify(reference.entries)}`);
      assert.ok(same(ours.data, reference.data), `${name}: data differs`);
      assert.ok(same(ours.problems, reference.problems), `${name}: problems differ`);
    }
  }
  return { quick, yaml };
}

test('the ranged scan gives each key, value and item the range the yaml package gives it', () => {
  const text = [
    '---',
    'title: "A: b"   # note',
    "q: 'it''s",
    "  long'",
    'plain: wrapped text',
    '  continues here',
    'empty:',
    'list:',
    '  - a',
    '  - "b"   ',
    "flow: [x, 'y']  ",
    'map:',
    '  k: v',
    '  k2:',
    '    - 1',
    'items:',
    '- name: n',
    '  v: 2',
    'blk: |',
    '  line',
    '---',
    'body',
  ].join('\n');
  const block = findFrontMatterBlock(text)!;
  const quick = scanSimpleYamlRanged(text, block.contentSpan.start, block.contentSpan.end);
  assert.ok(quick, 'the scanner reads this front matter');
  const at = (s: { start: number; end: number }) => text.slice(s.start, s.end);
  const byKey = new Map(quick.entries.map((e) => [e.key, e]));
  assert.equal(at(byKey.get('title')!.value!.span), '"A: b"');
  assert.equal(at(byKey.get('q')!.value!.span), "'it''s\n  long'");
  assert.equal(at(byKey.get('plain')!.value!.span), 'wrapped text\n  continues here');
  const list = byKey.get('list')!.value!;
  assert.equal(list.kind === 'list' && list.items.map((i) => at(i.span)).join('|'), 'a|"b"');
  const flow = byKey.get('flow')!.value!;
  assert.equal(flow.kind === 'list' && flow.flow && at(flow.span), "[x, 'y']");
  assert.equal(at(byKey.get('map')!.span), 'map:\n  k: v\n  k2:\n    - 1\n');
  assert.ok(same(parseFrontMatter(text), parseFrontMatterByPackages(text)));
  assert.deepEqual(compare([{ name: 'sample', text }]), { quick: 2, yaml: 2 });
});

test('one-line flow maps: each key and value with the yaml package\'s range', () => {
  const samples = [
    'build: { render: link }\n',
    "m: {a: 1, 'b c': \"d\", e: [x, 'y'], f: {g: h}}  \n",
    'redirects:\n  - { from: /docs/operator/*, to: \':splat\' }\n  - {from: /a, to: /b}\nafter: 1\n',
    'e: {}\nx: { a: 1 }\r\n',
    "redirects: [{ from: /docs/x/*, to: ':splat' }]\n",
    "r: [{a: 1}, b, 'c', {d: [e, f], g: {h: i}}]  \n",
    'l:\n  - [{ a: 1 }, {b: 2}]\n',
  ];
  for (const yaml of samples) {
    const text = `---\n${yaml}---\nbody\n`;
    const block = findFrontMatterBlock(text)!;
    assert.ok(scanSimpleYamlRanged(text, block.contentSpan.start, block.contentSpan.end), JSON.stringify(yaml));
    assert.ok(same(parseFrontMatter(text), parseFrontMatterByPackages(text)), JSON.stringify(yaml));
  }
  const text = '---\nbuild: { render: link }\n---\n';
  const entry = parseFrontMatter(text).entries[0];
  const map = entry.value!;
  assert.equal(map.kind === 'map' && text.slice(map.span.start, map.span.end), '{ render: link }');
  assert.equal(map.kind === 'map' && text.slice(map.entries[0].span.start, map.entries[0].span.end), 'render: link');
});

test('a nested mapping that ends with `key:`: the yaml package ends it (and what holds it) at that null', () => {
  const samples = [
    'm:\n  k:\n',
    'params:\n  doi: \nnext: 1\n',
    'params:\n  a: 1\n  doi:\n',
    'params:\n  a: 1\n  doi: # c\nx: 2\n',
    'r:\n  - url: u\n    details:\n  - url: v\n    details: \nx: 1\n',
    'r:\n- a:\n  b:\nc:\n  d:\n    e:\nf: 1\r\n',
  ];
  for (const yaml of samples) {
    const text = `---\n${yaml}---\nbody\n`;
    const block = findFrontMatterBlock(text)!;
    assert.ok(scanSimpleYamlRanged(text, block.contentSpan.start, block.contentSpan.end), JSON.stringify(yaml));
    assert.ok(same(parseFrontMatter(text), parseFrontMatterByPackages(text)), JSON.stringify(yaml));
  }
  const text = '---\nparams:\n  doi: \nnext: 1\n---\n';
  const params = parseFrontMatter(text).entries[0];
  assert.equal(text.slice(params.span.start, params.span.end), 'params:\n  doi: ');
});

test('what the ranged scan leaves alone goes to the yaml package: anchors, typed keys, errors, odd flow maps', () => {
  for (const yaml of ['a: &x 1\nb: *x\n', 'm: { true: 1 }\n', 'm: { a: 1, }\n', 'm: { a: b # c }\n', 'm: [{ a: 1 }] # c\n', 'm: [[1], {a: 2}]\n', '1: one\n', 'a: 1\na: 2\n', 'a: "open\n', 'm:\n  k:\n\nx: 1\n', 'm:\n  k:\n  # c\nx: 1\n', 'r:\n  - k:\n\n', 'a: \n- A: #\n\na0: 1\n', 'm:\n  k: # c\n\nx: 1\n']) {
    const text = `---\n${yaml}---\n`;
    const block = findFrontMatterBlock(text)!;
    assert.equal(scanSimpleYamlRanged(text, block.contentSpan.start, block.contentSpan.end), undefined, JSON.stringify(yaml));
    assert.ok(same(parseFrontMatter(text), parseFrontMatterByPackages(text)), JSON.stringify(yaml));
  }
});

test('the ranged scan agrees with the yaml package on the fixtures and the generated blog', () => {
  const fixtures = join(__dirname, '../fixtures');
  // The hostile fixture holds dangling links on purpose; the others are ordinary sites.
  const files = readdirSync(fixtures)
    .filter((d) => d !== 'hostile' && statSync(join(fixtures, d)).isDirectory())
    .flatMap((d) => markdownFiles(join(fixtures, d)))
    .map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
  const blog = generateBlog(join(tmpdir(), 'blog-author-ranged-yaml-300'), 300);
  const generated = [...markdownFiles(blog.root)].map((f) => ({ name: f, text: readFileSync(f, 'utf8') }));
  const r = compare([...files, ...generated]);
  assert.ok(r.quick >= 0.9 * r.yaml, `only ${r.quick} of ${r.yaml} took the ranged scan`);
});

for (const name of ['roweb3', 'falco-website', 'nullprogram', 'opensource-guide', 'opentelemetry-io']) {
  const dir = corpusPath(name);
  test(`the ranged scan agrees with the yaml package on every post of ${name}`, { skip: dir ? false : skipMessage(name) }, () => {
    const r = compare([...markdownFiles(dir!)].map((f) => ({ name: f, text: readFileSync(f, 'utf8') })));
    assert.ok(r.quick >= (name === 'opentelemetry-io' ? 0.85 : 0.97) * r.yaml, `only ${r.quick} of ${r.yaml} took the ranged scan`);
  });
}

test('property: whatever the ranged scan accepts, it reads and ranges as the yaml package does', async () => {
  const fc = (await import('fast-check')).default;
  const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 :#'"\\.,-]{0,30}$/);
  const key = fc.stringMatching(/^[a-z][a-zA-Z0-9_:.-]{0,8}$/);
  const value = fc.oneof(
    word,
    fc.constant(''),
    word.map((w) => `'${w.replace(/'/g, "''")}'`),
    word.map((w) => JSON.stringify(w)),
    fc.tuple(word, word).map(([a, b]) => `${a}\n  ${b}`),
    fc.tuple(word, word).map(([a, b]) => `"${a.replace(/["\\]/g, '')}\n  ${b.replace(/["\\]/g, '')}"`),
    fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => '\n' + ws.map((w) => `- ${w}`).join('\n')),
    fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => `[${ws.map((w) => JSON.stringify(w)).join(', ')}]`),
    fc.tuple(key, word).map(([k, w]) => `\n  ${k}: ${w}`),
    word.map((w) => `|\n  ${w}`),
    fc.integer().map(String),
    fc.tuple(key, key).map(([a, b]) => `\n  ${a}:\n  ${b}: `),
    fc.tuple(key, word).map(([k, w]) => `\n  - ${k}: ${w}\n    ${k}x:`),
    fc.tuple(key, word).map(([k, w]) => `{ ${k}: ${w}, ${k}x: [${w}] }`),
    fc.tuple(key, word).map(([k, w]) => `[{ ${k}: ${w} }, ${w}, {${k}: [${w}]}]`),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 5 }), fc.boolean(), fc.boolean(), (pairs, crlf, blankLines) => {
      let text = '---\n' + pairs.map(([k, v]) => `${k}: ${v}`).join(blankLines ? '\n\n' : '\n') + '\n---\nbody\n';
      if (crlf) text = text.replace(/\n/g, '\r\n');
      assert.ok(same(parseFrontMatter(text), parseFrontMatterByPackages(text)), JSON.stringify(text));
    }),
    { numRuns: 1500 },
  );
});

test('the offset scan stops at each line: trailing spaces, CR, comments and quotes next to line ends', () => {
  const samples = [
    'a:   \nb: x  \nc: "q"  \nd: \'s\'\r\ne:\r\n  - i  \r\n  - "j" \r\n',
    "k  : v\n'q k': 1\n\"d k\": 2\nl: 'it''s' # c\nm: \"a\" #c\n",
    'n: x #c\no: y\n  # not a comment: text\np: z\n',
    'list:\n- a: 1  \n  b: "2"\r\n- c:\n    - d\nafter: 1\n',
    'a: b\r\r\nc: d\n',
    "t: 'x\n  y' \nu: \"a\\\\\n  b\"\n",
    'e: x\n\n\n',
    'w: "a" b\n',
    "v: 'a''\n",
  ];
  for (const yaml of samples) {
    const text = `---\n${yaml}---\nbody\n`;
    assert.ok(same(parseFrontMatter(text), parseFrontMatterByPackages(text)), JSON.stringify(yaml));
  }
});
