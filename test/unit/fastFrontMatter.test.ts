import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { readFrontMatterData, scanSimpleYaml } from '../../server/src/parse/fastFrontMatter';
import { findFrontMatterBlock } from '../../server/src/parse/frontMatter';
import { corpusPath, markdownFiles, skipMessage } from '../helpers/corpora';

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
  ];
  // Every one of these must take the fast path (a scanner that rejects all would otherwise pass) and agree.
  for (const s of samples) {
    const fast = scanSimpleYaml(s);
    assert.notEqual(fast, undefined, `the scanner should read: ${s}`);
    assert.deepEqual(fast, parseYaml(s) ?? {}, s);
  }
  // Forms it cannot read exactly are left to the yaml package.
  for (const s of ['title: a: b', 'x: - y']) assert.equal(scanSimpleYaml(s), undefined, s);
});

test('falls back to the yaml package for anchors and multi-line values', () => {
  assert.equal(scanSimpleYaml('a: &x 1\nb: *x'), undefined);
  assert.equal(scanSimpleYaml('title: a\n  continued'), undefined);
  assert.deepEqual(readFrontMatterData('---\na: &x 1\nb: *x\n---\n').data, { a: 1, b: 1 });
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

for (const name of ['roweb3', 'falco-website', 'nullprogram']) {
  const dir = corpusPath(name);
  test(`the line scanner agrees with the yaml package on every post of ${name}`, { skip: dir ? false : skipMessage(name) }, () => {
    let scanned = 0;
    for (const file of markdownFiles(dir!)) {
      const text = readFileSync(file, 'utf8');
      const block = findFrontMatterBlock(text);
      if (block?.format !== 'yaml') continue;
      const source = text.slice(block.contentSpan.start, block.contentSpan.end);
      const fast = scanSimpleYaml(source);
      if (!fast) continue;
      let reference: unknown;
      try {
        reference = parseYaml(source) ?? {};
      } catch {
        assert.fail(`${file}: the scanner accepted what YAML rejects`);
      }
      assert.ok(isDeepStrictEqual(fast, reference), `${file}: ${JSON.stringify(fast)} != ${JSON.stringify(reference)}`);
      scanned++;
    }
    assert.ok(scanned > 100, `only ${scanned} posts took the fast path`);
  });
}
