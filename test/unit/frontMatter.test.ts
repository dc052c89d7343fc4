import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { excessiveNesting, findEntry, MAX_NESTING, parseFrontMatter, type FmList, type FmScalar } from '../../server/src/parse/frontMatter';
import { readFrontMatterData } from '../../server/src/parse/fastFrontMatter';

const SEED = `---
author: Carlos J. Gil Bellosta
categories:
- cortos
date: 2024-04-19
lastmod: '2025-04-06T18:55:31.197456'
related:
- 2024-07-18-cortos-llms.md
- 2025-03-25-cortos-llms.md
tags: [llms, "R"]
title: Más cortos sobre LLMs
url: /2024/04/19/cortos/
---

### I.
`;

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

test('YAML: every key, value and list item has its exact range', () => {
  const fm = parseFrontMatter(SEED);
  assert.equal(fm.format, 'yaml');
  assert.deepEqual(fm.problems, []);
  const related = findEntry(fm, 'related')!;
  assert.equal(slice(SEED, related.keySpan), 'related');
  const list = related.value as FmList;
  assert.equal(list.kind, 'list');
  assert.equal(list.flow, false);
  assert.deepEqual(list.items.map((i) => slice(SEED, i.span)), ['2024-07-18-cortos-llms.md', '2025-03-25-cortos-llms.md']);
  const tags = findEntry(fm, 'tags')!.value as FmList;
  assert.equal(tags.flow, true);
  assert.deepEqual(tags.items.map((i) => (i as FmScalar).text), ['llms', '"R"']);
  assert.deepEqual(tags.items.map((i) => (i as FmScalar).quote), ['', '"']);
  const lastmod = findEntry(fm, 'lastmod')!.value as FmScalar;
  assert.equal(lastmod.text, "'2025-04-06T18:55:31.197456'");
  assert.equal(fm.data.date, '2024-04-19', 'dates stay strings as written');
  assert.equal(SEED.slice(fm.bodyStart), '\n### I.\n');
});

test('TOML: ranges of keys, arrays and tables', () => {
  const text = '+++\ntitle = "NATS 2.10"\ntags = ["NATS", "Release"]\ndate = 2023-09-19T00:00:00Z\n[params]\n  author = "x"\n+++\nBody';
  const fm = parseFrontMatter(text);
  assert.equal(fm.format, 'toml');
  assert.deepEqual(fm.problems, []);
  const tags = findEntry(fm, 'tags')!.value as FmList;
  assert.deepEqual(tags.items.map((i) => slice(text, i.span)), ['"NATS"', '"Release"']);
  assert.equal((findEntry(fm, 'date')!.value as FmScalar).value, '2023-09-19T00:00:00Z');
  assert.equal(findEntry(fm, 'params')!.value!.kind, 'map');
  assert.equal(text.slice(fm.bodyStart), 'Body');
});

test('JSON: ranges of keys and arrays', () => {
  const text = '{\n  "title": "A JSON post",\n  "tags": ["json", "R"]\n}\n\nBody';
  const fm = parseFrontMatter(text);
  assert.equal(fm.format, 'json');
  assert.deepEqual(fm.problems, []);
  const tags = findEntry(fm, 'tags')!.value as FmList;
  assert.deepEqual(tags.items.map((i) => slice(text, i.span)), ['"json"', '"R"']);
  assert.equal(fm.data.title, 'A JSON post');
  assert.equal(text.slice(fm.bodyStart), '\nBody');
});

test('BOM, blank lines and CRLF before and in the front matter', () => {
  const text = '\uFEFF\r\n\r\n---\r\ntitle: CRLF post\r\ntags:\r\n- a\r\n- b\r\n---\r\nBody\r\n';
  const fm = parseFrontMatter(text);
  assert.equal(fm.format, 'yaml');
  assert.deepEqual(fm.problems, []);
  assert.equal(fm.data.title, 'CRLF post');
  const tags = findEntry(fm, 'tags')!.value as FmList;
  assert.deepEqual(tags.items.map((i) => slice(text, i.span)), ['a', 'b']);
  assert.equal(text.slice(fm.bodyStart), 'Body\r\n');
  assert.deepEqual(readFrontMatterData(text).data, { title: 'CRLF post', tags: ['a', 'b'] });
});

test('empty front matter, none, and text that only looks like it', () => {
  assert.equal(parseFrontMatter('---\n---\nBody').format, 'yaml');
  assert.deepEqual(parseFrontMatter('---\n---\nBody').data, {});
  assert.equal(parseFrontMatter('Just text\n---\nnot front matter\n---\n').format, 'none');
  assert.equal(parseFrontMatter('').format, 'none');
  assert.equal(parseFrontMatter('# Title\n').bodyStart, 0);
});

test('Hugo closes the block at a line starting with the fence, like `----------`', () => {
  const text = '---\ntitle: x\n----------\n\nBody';
  const fm = parseFrontMatter(text);
  assert.deepEqual(fm.problems, []);
  assert.equal(fm.data.title, 'x');
  assert.equal(text.slice(fm.bodyStart), '-------\n\nBody');
});

test('syntax errors become problems with ranges, never exceptions', () => {
  const text = '---\ntitle: ok\ntags: [a, b\nurl: /x/\n---\n';
  const fm = parseFrontMatter(text);
  assert.ok(fm.problems.length > 0);
  for (const p of fm.problems) {
    assert.equal(p.code, 'frontmatter-syntax');
    assert.ok(p.span.start >= 4 && p.span.end <= text.length, JSON.stringify(p));
  }
  const toml = parseFrontMatter('+++\ntitle = "x\ntags = [1]\n+++\n');
  assert.ok(toml.problems.length > 0);
  assert.match(toml.problems[0].message, /^TOML: /);
  const unclosed = parseFrontMatter('---\ntitle: x\nbody without end');
  assert.ok(unclosed.problems.some((p) => /not closed/.test(p.message)));
  const duplicate = parseFrontMatter('---\ntitle: a\ntitle: b\n---\n');
  assert.ok(duplicate.problems.length > 0, 'duplicate keys are reported');
});

test('quoted values continued at column 0, as Hugo accepts them, parse without errors', () => {
  const text = `---\ntitle: x\ndescription: "Updates in 'the book\nrOpenSci Packages'"\nspeakers:\n  - name: A\n    bio: "A long\n    bio"\ntags: [r]\n---\n`;
  const fm = parseFrontMatter(text);
  assert.deepEqual(fm.problems, []);
  assert.equal(fm.data.description, "Updates in 'the book rOpenSci Packages'");
  const tags = findEntry(fm, 'tags')!.value as FmList;
  assert.equal(slice(text, tags.items[0].span), 'r', 'ranges map back to the original text');
  assert.equal(readFrontMatterData(text).error, undefined);
});

test('property: random and truncated input never throws', () => {
  const fragments = fc.constantFrom('---', '+++', '{', '}', '\n', '\r\n', 'title: ', 'tags:', '- a', '[', ']', '"', "'", ' = ', ':', '\uFEFF', '#', '|', '>', '  ', '\t', '&a', '*a', '!!str', 'x');
  fc.assert(
    fc.property(fc.array(fc.oneof(fragments, fc.string()), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      parseFrontMatter(text);
      readFrontMatterData(text);
    }),
    { numRuns: 3000 },
  );
  for (let cut = 0; cut <= SEED.length; cut++) {
    const fm = parseFrontMatter(SEED.slice(0, cut));
    readFrontMatterData(SEED.slice(0, cut));
    for (const p of fm.problems) assert.ok(p.span.start <= p.span.end);
  }
});

test('nesting: many flat lists are not deep nesting; one list nested past the limit is, at its opening bracket', () => {
  const flat = Array.from({ length: MAX_NESTING * 2 }, (_, i) => `k${i}: [a, {b: c}]`).join('\n') + '\n';
  assert.equal(excessiveNesting(flat, 0, flat.length), undefined);
  const deep = 'k: ' + '['.repeat(MAX_NESTING + 1) + ']'.repeat(MAX_NESTING + 1) + '\n';
  assert.equal(excessiveNesting(deep, 0, deep.length), 3 + MAX_NESTING);
  // Brackets after the front matter's end do not count.
  const text = '---\nk: [a]\n---\n' + '['.repeat(MAX_NESTING * 2);
  assert.equal(excessiveNesting(text, 4, 11), undefined);
  assert.equal(readFrontMatterData('---\n' + deep + '---\n').error, `values nested deeper than ${MAX_NESTING} levels`);
});
