/**
 * Issue 19, property: accepting the top completion at any point of typing a list item — every prefix
 * of it, with and without quotes, closed or not, in YAML block and flow lists, TOML inline and
 * multi-line arrays and JSON — leaves front matter that still parses (same keys, same number of items)
 * and a body that is byte-identical. Runs on the fixture sites exhaustively, on generated posts with
 * fast-check, and on a sample of the shared corpora when present; each part is bounded in time.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { yamlNeedsQuotes } from '../../server/src/features/frontMatter/edits';
import { relatedItems, termItems, type ValueItem } from '../../server/src/features/frontMatter/items';
import { createLanguageService } from '../../server/src/languageService';
import { parseFrontMatter, type FrontMatterFormat } from '../../server/src/parse/frontMatter';
import { BlogService } from '../../server/src/service';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { pathToUri } from '../../server/src/workspace/uri';
import { corpusPath, skipMessage } from '../helpers/corpora';
import { HUGO_CONFIG, memoryBlog } from '../helpers/memoryBlog';

const features = createLanguageService();

interface Tally {
  cases: number;
  accepted: number;
  failures: string[];
}

const newTally = (): Tally => ({ cases: 0, accepted: 0, failures: [] });

/** The data of the front matter without one key, comparable as text. */
function dataWithout(data: Record<string, unknown>, key: string): string {
  const copy = { ...data };
  delete copy[key];
  return JSON.stringify(copy);
}

/** The texts a writer has on the way to an item: [text with the item replaced, cursor offset][]. */
function typingStates(text: string, item: ValueItem, format: FrontMatterFormat, everyPrefix: boolean): { label: string; text: string; cursor: number }[] {
  const out: { label: string; text: string; cursor: number }[] = [];
  const { span } = item.scalar;
  const value = item.value;
  const lengths = everyPrefix ? [...Array(value.length + 1).keys()] : [...new Set([0, 1, 2, Math.floor(value.length / 2), value.length])].filter((n) => n <= value.length);
  for (const n of lengths) {
    const prefix = value.slice(0, n);
    if (/[\r\n\\]/.test(prefix)) continue;
    const put = (label: string, insert: string, cursorInInsert: number) => out.push({ label: `${label} ${JSON.stringify(prefix)}`, text: text.slice(0, span.start) + insert + text.slice(span.end), cursor: span.start + cursorInInsert });
    const quotes = format === 'json' ? ['"'] : ['"', "'"];
    for (const q of quotes) {
      if (prefix.includes(q)) continue;
      put(`unclosed ${q}`, q + prefix, 1 + prefix.length);
      put(`closed ${q}`, q + prefix + q, 1 + prefix.length);
    }
    // Plain: what YAML reads as a plain scalar, or a bare word in TOML/JSON (the completion quotes it).
    const plainOk = prefix === '' || (format === 'yaml' ? !yamlNeedsQuotes(prefix, true) && !/^-/.test(prefix) : /^[\w\u00c0-\u024f-]+$/.test(prefix));
    if (plainOk) put('plain', prefix, prefix.length);
  }
  return out;
}

/** Accepts the top completion in every typing state of every list item of `text`, checking the result. */
function checkPost(service: BlogService, path: string, text: string, tally: Tally, everyPrefix: boolean, deadline: number): void {
  const fm = parseFrontMatter(text);
  if (fm.format === 'none' || fm.problems.length || !fm.block) return;
  const body = text.slice(fm.bodyStart);
  const items = [...termItems(fm, service.site), ...relatedItems(fm)].filter((i) => i.inList);
  for (const item of items) {
    const original = fm.data[item.entry.key];
    if (!Array.isArray(original)) continue;
    for (const state of typingStates(text, item, fm.format as FrontMatterFormat, everyPrefix)) {
      if (Date.now() > deadline) return;
      tally.cases++;
      const doc = TextDocument.create(pathToUri(path), 'markdown', 1, state.text);
      service.documentChanged(doc);
      const position = doc.positionAt(state.cursor);
      const list = features.completion(service, doc, position);
      const top = list.items[0];
      if (!top?.textEdit) continue;
      tally.accepted++;
      const edit = top.textEdit as TextEdit;
      const where = `${path} ${item.entry.key}[${item.index}] ${state.label} → ${JSON.stringify(edit.newText)}`;
      if (edit.range.start.line !== position.line || edit.range.end.line !== position.line) {
        tally.failures.push(`${where}: range leaves the cursor's line`);
        continue;
      }
      const after = TextDocument.applyEdits(doc, [edit]);
      const parsed = parseFrontMatter(after);
      const value = parsed.data[item.entry.key];
      if (parsed.problems.length) tally.failures.push(`${where}: front matter no longer parses: ${parsed.problems[0].message}`);
      else if (after.slice(parsed.bodyStart) !== body) tally.failures.push(`${where}: the body changed`);
      else if (!Array.isArray(value) || value.length !== original.length) tally.failures.push(`${where}: the list has ${Array.isArray(value) ? value.length : 'no'} items instead of ${original.length}`);
      else if (dataWithout(parsed.data, item.entry.key) !== dataWithout(fm.data, item.entry.key)) tally.failures.push(`${where}: other keys changed`);
    }
  }
  // Put the post back as it was.
  service.documentChanged(TextDocument.create(pathToUri(path), 'markdown', 2, text));
}

function report(tally: Tally, what: string): void {
  assert.deepEqual(tally.failures.slice(0, 10), [], `${tally.failures.length} of ${tally.accepted} accepted completions damaged ${what}`);
}

const FIXTURES = resolve(__dirname, '../fixtures');

test('property: fixture sites, every list item and every prefix of it', async () => {
  const deadline = Date.now() + 20_000;
  const tally = newTally();
  for (const site of readdirSync(FIXTURES)) {
    const root = join(FIXTURES, site);
    const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: root });
    await service.buildIndex();
    for (const path of [...service.index.posts.keys()]) checkPost(service, path, readFileSync(path, 'utf8'), tally, true, deadline);
  }
  assert.ok(tally.accepted >= 200, `only ${tally.accepted} completions were checked`);
  report(tally, 'a fixture post');
});

// ------------------------------------------------------------------ generated posts

type Style = 'yaml-block' | 'yaml-flow' | 'toml-inline' | 'toml-multiline' | 'json';

function yamlScalar(v: string, flow: boolean): string {
  return yamlNeedsQuotes(v, flow) || /[\\"']/.test(v) ? JSON.stringify(v) : v;
}

function writePost(style: Style, tags: string[], body: string): string {
  switch (style) {
    case 'yaml-block':
      return `---\ntitle: "Generated"\ntags:\n${tags.map((t) => `- ${yamlScalar(t, false)}\n`).join('')}draft: false\n---\n${body}`;
    case 'yaml-flow':
      return `---\ntitle: "Generated"\ntags: [${tags.map((t) => yamlScalar(t, true)).join(', ')}]\ndraft: false\n---\n${body}`;
    case 'toml-inline':
      return `+++\ntitle = "Generated"\ntags = [${tags.map((t) => JSON.stringify(t)).join(', ')}]\ndraft = false\n+++\n${body}`;
    case 'toml-multiline':
      return `+++\ntitle = "Generated"\ntags = [\n${tags.map((t) => `  ${JSON.stringify(t)},\n`).join('')}]\ndraft = false\n+++\n${body}`;
    case 'json':
      return `{\n  "title": "Generated",\n  "tags": [${tags.map((t) => JSON.stringify(t)).join(', ')}],\n  "draft": false\n}\n${body}`;
  }
}

const termChar = fc.constantFrom(...'abcxyzRGo19 áñü-_.:#,\'"[]'.split(''));
const term = fc.array(termChar, { minLength: 1, maxLength: 10 }).map((cs) => cs.join('').trim()).filter((t) => t.length > 0);
const bodyText = fc.array(fc.constantFrom('Body ', '"', "'", ']', '[', ',', '---', '+++', '}', '\n', 'tags: [x]\n', '\r\n', 'é'), { maxLength: 20 }).map((p) => p.join(''));

test('property: generated posts in every list style, with quotes, commas and brackets in terms and body', async () => {
  const { service } = await memoryBlog({ '/blog/hugo.toml': HUGO_CONFIG, '/blog/content/post/a.md': '---\ntitle: a\n---\n' });
  const tally = newTally();
  const deadline = Date.now() + 10_000;
  fc.assert(
    fc.property(fc.constantFrom<Style>('yaml-block', 'yaml-flow', 'toml-inline', 'toml-multiline', 'json'), fc.uniqueArray(term, { minLength: 1, maxLength: 4 }), fc.array(term, { maxLength: 4 }), bodyText, (style, tags, others, body) => {
      if (Date.now() > deadline) return;
      // Terms the rest of the blog uses, so that completion has something to offer.
      const pool = `---\ntitle: pool\ntags:\n${[...tags, ...others].map((t) => `- ${JSON.stringify(t)}\n`).join('')}---\n`;
      service.documentChanged(TextDocument.create(pathToUri('/blog/content/post/pool.md'), 'markdown', 1, pool));
      const text = writePost(style, tags, body);
      const before = tally.failures.length;
      checkPost(service, '/blog/content/post/new.md', text, tally, true, deadline);
      if (tally.failures.length !== before) throw new Error(`${style}: ${tally.failures[before]}`);
    }),
    { numRuns: 200, seed: 19, includeErrorInReport: true },
  );
  assert.ok(tally.accepted >= 100, `only ${tally.accepted} completions were checked`);
  report(tally, 'a generated post');
});

// ------------------------------------------------------------------ corpora

for (const name of ['roweb3', 'nats-site', 'nullprogram', 'falco-website']) {
  const dir = corpusPath(name);
  test(`property: a sample of ${name} posts`, { skip: dir ? false : `${skipMessage(name)}: the corpus sample did not run` }, async () => {
    const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: dir! });
    await service.buildIndex();
    const posts = [...service.index.posts.keys()].sort();
    // A fixed sample: every n-th post, about 40 of them.
    const step = Math.max(1, Math.floor(posts.length / 40));
    const sample = posts.filter((_, i) => i % step === 0);
    const tally = newTally();
    const deadline = Date.now() + 6_000;
    for (const path of sample) checkPost(service, path, readFileSync(path, 'utf8'), tally, false, deadline);
    assert.ok(tally.accepted > 0, 'some completions were checked');
    report(tally, `a ${name} post`);
  });
}
