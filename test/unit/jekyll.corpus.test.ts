/**
 * The Jekyll sites of ../shared/corpora (skipped cleanly when absent): opensource-guide's `related:`
 * entries (another article's `class` within the same `lang`, as its layout says) all resolve, F12 and
 * completion follow them; its link warnings are only files absent from the text-only copy; Liquid in
 * nullprogram's and opensource-guide's posts (highlight, raw, include, baseurl) raises nothing Jekyll
 * would not. bench/jekyllDiff.ts compares the same sites with the real `jekyll build`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/languageService';
import { scanLiquid } from '../../server/src/parse/liquid';
import { BlogService } from '../../server/src/service';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { pathToUri } from '../../server/src/workspace/uri';
import { corpusPath, skipMessage } from '../helpers/corpora';

const features = createLanguageService();

async function load(dir: string): Promise<BlogService> {
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: dir });
  await service.buildIndex();
  return service;
}

/** Every diagnostic of every indexed file, by rule. */
function diagnosticsByRule(service: BlogService, each?: (text: string, doc: TextDocument, diagnostics: Diagnostic[], relPath: string) => void): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const post of service.index.posts.values()) {
    const text = readFileSync(post.path, 'utf8');
    const doc = TextDocument.create(pathToUri(post.path), 'markdown', 0, text);
    const diagnostics = features.diagnostics(service, doc);
    each?.(text, doc, diagnostics, post.relPath);
    for (const d of diagnostics) {
      const list = out.get(String(d.code)) ?? [];
      list.push(`${post.relPath}:${d.range.start.line + 1}: ${d.message}`);
      out.set(String(d.code), list);
    }
  }
  return out;
}

const guide = corpusPath('opensource-guide');
test('opensource-guide: related entries resolve as the layout looks them up; only absent files are link warnings', { skip: guide ? false : skipMessage('opensource-guide') }, async () => {
  const service = await load(guide!);
  assert.equal(service.site.relatedHint?.interpretation, 'field:class');
  assert.equal(service.site.relatedHint?.file, '_layouts/article.html');
  const rules = diagnosticsByRule(service);
  assert.deepEqual(rules.get('related-missing') ?? [], []);
  for (const rule of ['liquid-syntax', 'liquid-unknown-tag', 'include-missing']) assert.deepEqual(rules.get(rule) ?? [], [], rule);
  // The copy is text-only: images, stylesheets and downloads are absent. Every other link resolves.
  const pages = (rules.get('link-broken') ?? []).filter((m) => !/(Image not found|No file \/\S+\.(png|jpe?g|gif|svg|css|js|pdf|ico|webp)\b)/.test(m));
  assert.deepEqual(pages, []);

  const path = guide + '/_articles/es/how-to-contribute.md';
  const text = readFileSync(path, 'utf8');
  const doc = TextDocument.create(pathToUri(path), 'markdown', 1, text);
  service.documentChanged(doc);
  const entry = /related:\n\s+- ([\w-]+)/.exec(text)![1];
  const def = features.definition(service, doc, doc.positionAt(text.indexOf('- ' + entry) + 3)) as { uri: string }[];
  assert.equal(def.length, 1);
  assert.match(def[0].uri, /_articles\/es\//, 'the article in the same language');
  const target = readFileSync(new URL(def[0].uri).pathname, 'utf8');
  assert.match(target, new RegExp(`^class: ${entry}$`, 'm'));
  // Completion at a new entry offers the other Spanish articles' classes, labelled with their titles.
  const at = text.indexOf('- ' + entry);
  const edited = text.slice(0, at) + '- \n  ' + text.slice(at);
  const d2 = TextDocument.create(pathToUri(path), 'markdown', 2, edited);
  service.documentChanged(d2);
  const items = features.completion(service, d2, d2.positionAt(at + 2)).items;
  assert.ok(items.length > 3, `${items.length} items`);
  const spanish = [...service.index.posts.values()].filter((p) => p.lang === 'es' && typeof p.data['class'] === 'string');
  const classes = new Set(spanish.map((p) => p.data['class']));
  for (const i of items) assert.ok(classes.has(i.detail), `${i.label}: ${i.detail} is a Spanish article's class`);
  assert.ok(items.every((i) => i.detail !== entry), 'a listed entry is not offered again');
  assert.ok(items.some((i) => spanish.some((p) => p.title === i.label)), 'labelled with titles');
  // Typing narrows it (the filtered path).
  const typed = edited.slice(0, at + 2) + 'fi' + edited.slice(at + 2);
  const d3 = TextDocument.create(pathToUri(path), 'markdown', 3, typed);
  service.documentChanged(d3);
  const narrowed = features.completion(service, d3, d3.positionAt(at + 4)).items;
  assert.ok(narrowed.length >= 1 && narrowed.length < items.length + 1, `${narrowed.length} items for "fi"`);
  for (const i of narrowed) assert.ok(/fi/i.test(`${i.detail} ${i.label}`), String(i.label));
});

const nullprogram = corpusPath('nullprogram');
test('nullprogram: Liquid highlight blocks and .html posts raise no Liquid or link-tag errors (its remaining link warnings are pages Jekyll does not write either: bench/jekyllDiff.ts)', { skip: nullprogram ? false : skipMessage('nullprogram') }, async () => {
  const service = await load(nullprogram!);
  assert.ok([...service.index.posts.values()].some((p) => p.relPath === 'tags/c/index.html'), 'tag pages (.html with front matter) are pages');
  // `{% highlight %}` bodies hold no links: no link warning points inside one.
  let blocks = 0;
  const rules = diagnosticsByRule(service, (text, doc, diagnostics, relPath) => {
    const spans = scanLiquid(text).highlights.map((h) => h.inner);
    blocks += spans.length;
    for (const d of diagnostics) {
      const at = doc.offsetAt(d.range.start);
      assert.ok(!spans.some((s) => at >= s.start && at < s.end), `${relPath}:${d.range.start.line + 1}: ${d.message} inside a highlight block`);
    }
  });
  assert.ok(blocks > 50, `${blocks} highlight blocks seen`);
  for (const rule of ['liquid-syntax', 'liquid-unknown-tag', 'include-missing', 'ref-missing']) assert.deepEqual(rules.get(rule) ?? [], [], rule);
});
