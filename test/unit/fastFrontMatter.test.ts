import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { readFrontMatterData, scanSimpleYaml } from '../../server/src/parse/fastFrontMatter';
import { findFrontMatterBlock } from '../../server/src/parse/frontMatter';
import { scanFlatYaml, scanYamlLines } from '../../server/src/parse/simpleYaml';
import { corpusPath, markdownFiles, skipMessage } from '../helpers/corpora';

/** `read` accepts `source` and gives what the yaml package gives. */
function assertReadsAsYaml(read: (source: string) => unknown, source: string): void {
  const data = read(source);
  assert.notEqual(data, undefined, `rejected: ${JSON.stringify(source)}`);
  assert.deepEqual(data, parseYaml(source) ?? {}, JSON.stringify(source));
}

test('the line scanner reads the seed post shape', () => {
  const data = scanSimpleYaml(
    "author: Carlos J. Gil Bellosta\ncategories:\n- cortos\ndate: 2024-04-19\nlastmod: '2025-04-06T18:55:31.197456'\nrelated:\n- 2024-07-18-cortos-llms.md\n- 2024-03-21-cortos.md\ntags:\n- llms\ntitle: Más cortos sobre LLMs\nurl: /2024/04/19/cortos/\n",
  );
  assert.deepEqual(data, {
    author: 'Carlos J. Gil Bellosta',
    categories: ['cortos'],
    date: '2024-04-19',
    lastmod: '2025-04-06T18:55:31.197456',
    related: ['2024-07-18-cortos-llms.md', '2024-03-21-cortos.md'],
    tags: ['llms'],
    title: 'Más cortos sobre LLMs',
    url: '/2024/04/19/cortos/',
  });
});

test('the line scanner agrees with the yaml package on tricky scalars', () => {
  const samples = [
    'a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: "x # y" # comment\ng: \'it\'\'s\'\nh: 0x1F\ni: 2024-01-01T10:00:00Z',
    'tags: [r, "rOpenSci", \'a, b\']\nempty: []',
    'nested:\n  a: 1\n  b:\n    - x\n    - y\ntop: z',
    'desc: |\n  line one\n  line two\nnext: x',
    'desc: >-\n  folded\n  text\n\n  para\nnext: x',
    'tags:\n  - indented\n  - list\nafter: 1',
    'k:\n',
    // Values wrapped over several lines, as YAML writers (and Hugo's own tools) wrap long titles.
    'title: The challenge of combining 176 datasets to create the Biomass And Allometry\n  Database\ndate: 2015-06-03',
    "title: 'Highlights from Community Call v12: How do I create a code of\n  conduct for my event/lab/codebase?'\nslug: x",
    'title: "Magick 1.0: \\U0001F3A9 \\u2728 Advanced Graphics\n  in R "\ndate: x',
    'description:\n  Learn why and how to send signals first to a single OTLP endpoint and then to\n  backends\nweight: 2',
    'preface: one\n  two\n\n  three\nnext: 1',
    "quoted: 'a\n\n  b'\nnext: 1",
    'dq: "a \\"b\\"\\t\\x41\n  c"',
    'list:\n  - a wrapped\n    item\n  - "quoted\n    item"\n',
    "crossposts:\n- name: Dan's blog\n  url: https://example.org/a\n- name: other\n  url: https://example.org/b\nafter: 1",
    'cSpell:ignore: fosdem Kanzhelev\ntitle: x',
    'title: code `x` and\n  `y`.\n',
    'title: "CRLF"\r\ntags:\r\n- a\r\n- b\r\n',
    'n: 007\nf: -1.5e3\ns: 2024-01-01',
    'build: { render: link }',
    'menu: { main: { weight: 50 } }\ncascade: {}',
    "redirects:\n  - { from: /docs/*, to: ':splat' }\n  - { from: 'a,b', to: \"c}d\", n: [1, 2] }",
  ];
  for (const s of samples) assertReadsAsYaml(scanSimpleYaml, s);
});

test('falls back to the yaml package for what it does not read', () => {
  for (const s of [
    'a: &x 1\nb: *x',
    'title: a: b',
    'x: - y',
    'title: a\n  b: c',
    'a: { x: b"c,d" }',
    'a: { x: y, }',
    'a: { x:y }',
    'a: { x: y } # comment',
    'a: { x: y, x: z }',
    'a: "open\nb: 1',
    'a: x # comment\n  more',
    'a: "escaped \\\n  break"',
    'a: .inf',
  ]) {
    assert.equal(scanSimpleYaml(s), undefined, JSON.stringify(s));
  }
  assert.deepEqual(readFrontMatterData('---\na: &x 1\nb: *x\n---\n').data, { a: 1, b: 1 });
  // Hugo accepts a quoted value continued at the key's indentation; the lenient path reads it.
  assert.deepEqual(readFrontMatterData('---\ntitle: "a\nb"\n---\n').data, { title: 'a b' });
});

test('a `__proto__` key is a key of the data, not its prototype (the scanners leave it to the yaml package)', () => {
  for (const text of ['---\n__proto__:\n- a\ntitle: x\n---\n', '---\ntitle: x\n__proto__: [a]\n---\n', '---\nm: { __proto__: 1 }\n---\n', '---\nm:\n  __proto__: y\n---\n', '+++\n__proto__ = ["a"]\n+++\n']) {
    const data = readFrontMatterData(text).data;
    assert.equal(Object.getPrototypeOf(data), text.startsWith('+++') ? null : Object.prototype, text);
    const holder = (text.includes('m:') ? data.m : data) as Record<string, unknown>;
    assert.ok(Object.hasOwn(holder, '__proto__'), `${JSON.stringify(text)}: ${JSON.stringify(data)}`);
    assert.equal(Object.getPrototypeOf(holder) === Object.prototype || Object.getPrototypeOf(holder) === null, true, text);
  }
});

test('TOML dates keep the form the post wrote', () => {
  const r = readFrontMatterData('+++\ndate = 2024-04-19\nlast = 2024-04-19T10:00:00Z\ntags = ["NATS", "Release"]\n+++\nbody');
  assert.equal(r.format, 'toml');
  assert.equal(r.data.date, '2024-04-19');
  assert.deepEqual(r.data.tags, ['NATS', 'Release']);
  assert.equal(r.error, undefined);
});

test('a syntax error is reported, not thrown', () => {
  const r = readFrontMatterData('---\ntitle: "open\n---\n');
  assert.ok(r.error);
  assert.deepEqual(r.data, {});
});

for (const name of ['roweb3', 'falco-website', 'nullprogram', 'opensource-guide', 'opentelemetry-io']) {
  const dir = corpusPath(name);
  test(`the line scanner agrees with the yaml package on every post of ${name}`, { skip: dir ? false : skipMessage(name) }, () => {
    let scanned = 0;
    const rejected: string[] = [];
    for (const file of markdownFiles(dir!)) {
      const text = readFileSync(file, 'utf8');
      const block = findFrontMatterBlock(text);
      if (block?.format !== 'yaml') continue;
      const source = text.slice(block.contentSpan.start, block.contentSpan.end);
      const fast = scanSimpleYaml(source);
      if (!fast) {
        rejected.push(file);
        continue;
      }
      const flat = scanFlatYaml(source);
      if (flat) assert.ok(isDeepStrictEqual(flat, scanYamlLines(source)), `${file}: the flat lane read ${JSON.stringify(flat)}`);
      let reference: unknown;
      try {
        reference = parseYaml(source) ?? {};
      } catch {
        assert.fail(`${file}: the scanner accepted what YAML rejects`);
      }
      assert.ok(isDeepStrictEqual(fast, reference), `${file}: ${JSON.stringify(fast)} != ${JSON.stringify(reference)}`);
      scanned++;
    }
    // Anchors, multi-line flow maps and YAML errors go to the yaml package; one-line flow maps
    // (`build: { render: link }`: 40 of opentelemetry-io's 68 fallbacks before) must not, nor wrapped
    // titles and descriptions must not (they were 255 of 263 fallbacks before the scanner read them).
    const share = rejected.length / (scanned + rejected.length);
    assert.ok(share <= (name === 'opentelemetry-io' ? 0.05 : 0.02), `${rejected.length} of ${scanned + rejected.length} posts left the fast path, e.g. ${rejected.slice(0, 5).join(', ')}`);
    assert.ok(scanned > 3, `only ${scanned} posts took the fast path`);
  });
}

test('the flat lane reads the common shapes itself, and leaves the rest to the line scanner', () => {
  const seed =
    "author: Carlos J. Gil Bellosta\ncategories:\n- cortos\ndate: 2024-04-19\nlastmod: '2025-04-06T18:55:31.197456'\nrelated:\n- 2024-07-18-cortos-llms.md\n- 2024-03-21-cortos.md\ntags:\n- llms\ntitle: Más cortos sobre LLMs\nurl: /2024/04/19/cortos/\n";
  const read = [
    seed,
    seed.replace(/\n/g, '\r\n'),
    'title: "Post 17: datos \\u00e9 \\"citado\\""\ndraft: true\nweight: 12\nempty:\n# a comment\n\ntags:\n  - a\n\n  - b\n',
    'description: "Resumen del post 17: datos, a comparative study of open data and\n  the software that makes it reproducible."\ntitle: wrapped plain\n  text over lines\nq: \'it\'\'s\n  wrapped\'\n',
    'k  : v   \nlast: x',
    // Flow lists and maps on one line, a comment after a value (the line scanner's one-line readers).
    'tags: [a, "b c", \'d\']\nm: { a: 1 }\nitems:\n- [x, y]\ndate: 2020-01-01 # when\nq: "x" # c\n',
  ];
  for (const source of read) {
    assertReadsAsYaml(scanFlatYaml, source);
    assert.deepEqual(scanFlatYaml(source), scanYamlLines(source), JSON.stringify(source));
  }
  // Nested maps, block scalars, indented comments, lists of maps, wrapped list items, blank lines inside
  // wrapped values, escaped line breaks, flow lists over several lines: the line scanner's.
  for (const source of [
    'nested:\n  a: 1',
    'tags: [a,\n  b]',
    'desc: |\n  x',
    'a: x # c\n  more',
    'a: x\n  # c\n',
    'l:\n- a: 1',
    'l:\n- a\n  b',
    'a: x\n\n  y',
    'a: "x\\\n  y"',
    'a: 1\na: 2',
    'tags:\n- a\n  - b',
    'title: x\n- y',
    'a: - 1',
    '"quoted key": 1',
  ]) {
    assert.equal(scanFlatYaml(source), undefined, JSON.stringify(source));
  }
});

test('property: whatever the flat lane reads, the line scanner reads alike (and the yaml package too)', async () => {
  const fc = (await import('fast-check')).default;
  const bit = fc.constantFrom('a', 'Z', '0', '1.5', '_', '.', '-', ':', ' ', '  ', '#', ' #', ': ', "'", "''", '"', '\\', '\\"', '\\u00e9', '\\q', '[', ']', '{', '}', ', ', '{ k: v }', '[a, b]', ',', 'é', 'true', 'null', '~', '---', '\r');
  const text = fc.array(bit, { maxLength: 8 }).map((a) => a.join(''));
  const key = fc.oneof(fc.stringMatching(/^[a-z][a-zA-Z0-9_.-]{0,6}$/), fc.constantFrom('a', 'b', 'a:b', 'a.b'));
  const scalar = fc.oneof(text, text.map((t) => `'${t}'`), text.map((t) => `"${t}"`));
  const line = fc.oneof(
    fc.tuple(key, fc.constantFrom(':', ': ', ' : ', ':  '), fc.oneof(scalar, fc.constant(''))).map((p) => p.join('')),
    fc.tuple(fc.constantFrom('- ', '  - ', '-  '), scalar).map((p) => p.join('')),
    fc.tuple(fc.constantFrom('  ', '    ', ' '), text).map((p) => p.join('')),
    fc.constantFrom('', '  ', '# c', '  # c'),
  );
  let accepted = 0;
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), (lines, crlf, finalBreak) => {
      let source = lines.join('\n') + (finalBreak ? '\n' : '');
      if (crlf) source = source.replace(/\n/g, '\r\n');
      const flat = scanFlatYaml(source);
      if (flat === undefined) return;
      accepted++;
      assert.deepEqual(flat, scanYamlLines(source), JSON.stringify(source));
      if (/\r(?!\n)/.test(source)) return; // a lone CR: see the property below
      assert.deepEqual(flat, parseYaml(source) ?? {}, JSON.stringify(source));
    }),
    { numRuns: 20000 },
  );
  assert.ok(accepted > 1000, `only ${accepted} sources took the flat lane`);
});

test('property: whatever the scanner accepts, it reads as the yaml package does', async () => {
  const fc = (await import('fast-check')).default;
  const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 :#'"\\.,-]{0,30}$/);
  const key = fc.stringMatching(/^[a-z][a-zA-Z0-9_:.-]{0,8}$/);
  const value = fc.oneof(
    word,
    word.map((w) => `'${w.replace(/'/g, "''")}'`),
    word.map((w) => JSON.stringify(w)),
    fc.tuple(word, word).map(([a, b]) => `${a}\n  ${b}`),
    fc.tuple(word, word).map(([a, b]) => `"${a.replace(/["\\]/g, '')}\n  ${b.replace(/["\\]/g, '')}"`),
    fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => '\n' + ws.map((w) => `- ${w}`).join('\n')),
    fc.integer().map(String),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 5 }), fc.boolean(), (pairs, crlf) => {
      let source = pairs.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n';
      if (crlf) source = source.replace(/\n/g, '\r\n');
      const fast = scanSimpleYaml(source);
      if (fast === undefined) return;
      let reference: unknown;
      try {
        reference = parseYaml(source) ?? {};
      } catch {
        assert.fail(`the scanner accepted what YAML rejects: ${JSON.stringify(source)}`);
      }
      assert.deepEqual(fast, reference, JSON.stringify(source));
    }),
    { numRuns: 2000 },
  );
});

test('property: one-line flow maps the scanner accepts read as the yaml package reads them', async () => {
  const fc = (await import('fast-check')).default;
  const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9 :#'"\\.,-]{0,30}$/);
  const key = fc.stringMatching(/^[a-z][a-zA-Z0-9_:.-]{0,8}$/);
  // Values with commas, quotes, colons and brackets where they are text and where they are syntax.
  const value = fc.oneof(word, word.map((w) => `'${w.replace(/'/g, "''")}'`), word.map((w) => `{ k: ${w} }`), fc.stringMatching(/^[a-z{}\[\], "':]{0,12}$/));
  const map = fc.array(fc.tuple(key, value), { maxLength: 3 }).map((entries) => `{ ${entries.map(([k, v]) => `${k}: ${v}`).join(', ')} }`);
  let accepted = 0;
  fc.assert(
    fc.property(map, fc.boolean(), (flow, inList) => {
      const source = inList ? `a:\n  - ${flow}\n` : `a: ${flow}\n`;
      const fast = scanSimpleYaml(source);
      if (fast === undefined) return;
      accepted++;
      let reference: unknown;
      try {
        reference = parseYaml(source);
      } catch {
        assert.fail(`the scanner accepted what YAML rejects: ${JSON.stringify(source)}`);
      }
      assert.deepEqual(fast, reference, JSON.stringify(source));
    }),
    { numRuns: 5000 },
  );
  assert.ok(accepted > 500, `only ${accepted} flow maps took the fast path`);
});

test('property: a read between offsets of a larger text is the read of that text alone, and agrees with the yaml package', async () => {
  // The scanner finds keys, quotes, comments and line breaks with regexes and indexOf run on the whole
  // document from an offset: what comes after the front matter must never change the read.
  const fc = (await import('fast-check')).default;
  const bit = fc.constantFrom('a', 'Z', '0', '_', '.', '-', ':', ' ', '#', "'", "''", '"', '\\', '\\"', '[', ']', '{', '}', ',', '\r', '\u2028', 'é', '1e3', '\n', '\n  ', '\n- ', ': ', ' #');
  const text = fc.array(bit, { maxLength: 10 }).map((a) => a.join(''));
  const key = fc.oneof(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_:.-]{0,8}$/), text, fc.constantFrom('"k"', "'k'", 'a:b', 'a:'));
  const line = fc.tuple(fc.constantFrom('', '  ', '- ', '  - '), key, fc.constantFrom(':', ': ', ' : ', ''), text).map((parts) => parts.join(''));
  const after = fc.constantFrom('', 'x', ' b', '"', "'", ':', ' #', 'key: v', '\n---\nbody: a:b "c\' #d\n');
  fc.assert(
    fc.property(fc.array(line, { maxLength: 8 }), after, (lines, post) => {
      const source = lines.join('\n');
      const alone = scanSimpleYaml(source);
      const pre = 'x: 1\n';
      assert.deepEqual(scanSimpleYaml(pre + source + post, pre.length, pre.length + source.length), alone, JSON.stringify(source));
      // Known differences, left as they are: a lone CR (not before a line feed) is a line break to the
      // yaml package and text to the scanner, a U+2028 before a comment is trimmed as white space by the
      // scanner; and a typed key (`null:`, hence no `null` above) is text to the scanner's plain read.
      if (alone === undefined || /\r(?!\n)|\u2028/.test(source)) return;
      let reference: unknown;
      try {
        reference = parseYaml(source) ?? {};
      } catch {
        assert.fail(`the scanner accepted what YAML rejects: ${JSON.stringify(source)}`);
      }
      assert.deepEqual(alone, reference, JSON.stringify(source));
    }),
    { numRuns: 5000 },
  );
});

test('the scanner types numbers, dates and signs as YAML does, and leaves odd list lines to the yaml package', () => {
  // Signs only first or after an exponent's e make a number; dates and versions stay text.
  const samples = ['a: -12\nb: +1.5e-3\nc: 1E+2\nd: 2013-01-08\ne: 1-2\nf: -.5\ng: 0x1F\nh: .5e3\ni: 1.2.3\nk: 12e', 'v: +12\nw: 0o17\nx: e-1\ny: -x'];
  for (const source of samples) assert.deepEqual(scanSimpleYaml(source), parseYaml(source), source);
  // A line separator or a lone CR inside a list item: not the simple subset (as the former line regex said).
  assert.equal(scanSimpleYaml('tags:\n- a\u2028b\n'), undefined);
  assert.equal(scanSimpleYaml('tags:\n- a\rb\n'), undefined);
  assert.equal(scanSimpleYaml('tags:\n- a\r\r\n- b\n'), undefined);
  // One elsewhere in the front matter leaves the list items as they are; CRLF line ends are none.
  assert.deepEqual(scanSimpleYaml('title: a\u2028b\ntags:\n- x\n- y\n'), { title: 'a\u2028b', tags: ['x', 'y'] });
  assert.deepEqual(scanSimpleYaml('tags:\r\n- a\r\n- b\r\n'), { tags: ['a', 'b'] });
  assert.deepEqual(scanSimpleYaml('tags:\n-   spaced   \n-\n'), undefined);
  assert.deepEqual(scanSimpleYaml('tags:\n-   spaced   \n- b\n'), { tags: ['spaced', 'b'] });
});

test('the offset scan stops at each line: trailing spaces, CR, comments, quotes and a source without a final line break', () => {
  const samples = [
    'a: "q"  ',
    "a: 'it''s'\r\nb: x #c",
    'k  : v\nlist:\n- a: 1  \n  b: "2"\r\n- c:\n    - d\n',
    'a:\n  - x\n  - y',
    'n: x #c\no: y\n',
  ];
  for (const s of samples) {
    const fast = scanSimpleYaml(s);
    assert.notEqual(fast, undefined, `the scanner rejected: ${JSON.stringify(s)}`);
    assert.deepEqual(fast, parseYaml(s) ?? {}, s);
  }
  // Not simple: left to the yaml package.
  for (const s of ['w: "a" b', "v: 'a''", 'a: b: c', 'a: - b']) assert.equal(scanSimpleYaml(s), undefined, s);
});
