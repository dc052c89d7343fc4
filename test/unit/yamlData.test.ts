/**
 * YAML aliases are expanded within bounds (issue 11): the yaml package's own alias guard recounts,
 * at every alias, an anchor it counts as 0, so 4 KB of front matter (the fixture
 * test/fixtures/hostile/content/post/alias-recount.md) took 17–29 s in toJS(). The bound refuses
 * what Hugo refuses ("excessive aliasing") with a diagnostic, and reads what Hugo reads.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDocument } from 'yaml';
import { readFrontMatterData } from '../../server/src/parse/fastFrontMatter';
import { parseFrontMatter } from '../../server/src/parse/frontMatter';
import { aliasExpansion, MAX_ALIAS_VALUES, parseYamlData } from '../../server/src/parse/yamlData';

const RECOUNT = readFileSync(join(__dirname, '../fixtures/hostile/content/post/alias-recount.md'), 'utf8');
const list = (item: string, n: number) => `[${Array(n).fill(item).join(',')}]`;
// A hang guard only (the unbounded read took 17 s or more); speed is measured in bench/bounds.ts.
const HANG_GUARD_MS = 5_000;

test('the 4 KB alias-recount front matter is refused with a diagnostic, by both readers, without hanging', () => {
  assert.ok(RECOUNT.length < 4096, `${RECOUNT.length} bytes`);
  const started = performance.now();
  const fm = parseFrontMatter(RECOUNT);
  const fast = readFrontMatterData(RECOUNT);
  const ms = performance.now() - started;
  assert.ok(ms < HANG_GUARD_MS, `${ms.toFixed(0)} ms`);

  const problem = fm.problems.find((p) => p.code === 'frontmatter-syntax');
  assert.ok(problem, `a syntax problem: ${JSON.stringify(fm.problems)}`);
  assert.equal(problem.message, 'YAML: aliases expand to more than 100,000 values; not read');
  assert.equal(problem.severity, 'error');
  assert.deepEqual(fm.data, {}, 'nothing of the refused document is used');
  assert.ok(fm.entries.some((e) => e.key === 'title'), 'the entries (ranges) are still there for the editor');
  assert.equal(fast.error, 'aliases expand to more than 100,000 values; not read');
  assert.deepEqual(fast.data, {});
});

test('what Hugo reads is still read: ordinary anchors, aliases of a big map, merge keys', () => {
  assert.deepEqual(parseFrontMatter('---\ntags: &t [a, b]\nmore: *t\n---\n').data, { tags: ['a', 'b'], more: ['a', 'b'] });
  // 99 aliases of a 200-key map: Hugo 0.111 builds it, and so do we (about 40,000 values).
  const bigMap = `a: &a {${Array.from({ length: 200 }, (_, i) => `k${i}: ${i}`).join(', ')}}\nb: ${list('*a', 99)}\n`;
  const data = parseYamlData(bigMap, { uniqueKeys: false }) as { b: Record<string, number>[] };
  assert.equal(data.b.length, 99);
  assert.equal(data.b[98].k199, 199);
  // Merge keys (YAML 1.1), including a later key overriding nothing it merged.
  assert.deepEqual(parseYamlData('%YAML 1.1\n---\nb: &b {a: 1}\nx: {<<: *b, c: 2}\n', { uniqueKeys: false }), { b: { a: 1 }, x: { a: 1, c: 2 } });
  // Syntax errors still throw the yaml package's error, first line with the position.
  assert.throws(() => parseYamlData('a: [1\n', { uniqueKeys: false }), /line 1|Flow sequence/);
});

test('aliasExpansion counts the values each alias stands for, with later anchors replacing earlier ones', () => {
  const count = (src: string) => aliasExpansion(parseDocument(src));
  assert.equal(count('a: 1\nb: [1, 2]\n'), 0, 'no aliases, nothing added');
  assert.equal(count('a: &a [1, 2]\nb: *a\n'), 3, 'the list and its two items');
  assert.equal(count('a: &a [1, 2]\nb: &a 5\nc: *a\n'), 1, 'the alias names the latest anchor');
  assert.equal(count('a: &a [1]\nb: &b [*a, *a]\nc: *b\n'), 2 * 2 + 5, 'nested aliases are counted through');
  assert.equal(count('a: &a [*a]\n'), 1, 'an alias inside its own anchor does not loop');
});

test('alias bombs and merge chains are refused past the bound, in time', () => {
  let laughs = 'a: &a [x,x,x,x,x,x,x,x,x]\n';
  for (let i = 1; i < 9; i++) laughs += `a${i}: &a${i} ${list(i === 1 ? '*a' : `*a${i - 1}`, 9)}\n`;
  let merges = '%YAML 1.1\n---\na0: &a0 {x: 1}\n';
  for (let i = 1; i < 40; i++) merges += `a${i}: &a${i} {<<: [*a${i - 1}, *a${i - 1}], y${i}: 1}\n`;
  const emptyMaps = `e: &e {}\nb: &b ${list('*e', 600)}\nc: ${list('*b', 600)}\n`;
  for (const src of [laughs, merges, emptyMaps]) {
    const started = performance.now();
    assert.throws(() => parseYamlData(src, { uniqueKeys: false }), { message: `aliases expand to more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values; not read` });
    assert.ok(performance.now() - started < HANG_GUARD_MS);
  }
});
