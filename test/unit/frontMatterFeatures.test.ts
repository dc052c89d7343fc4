import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/languageService';
import type { BlogService } from '../../server/src/service';
import { HUGO_CONFIG, memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';
import { isHugoDate } from '../../server/src/features/frontMatter/diagnostics';

const features = createLanguageService();

const blog = {
  '/blog/hugo.toml': HUGO_CONFIG,
  '/blog/content/post/2024-04-19-cortos.md': yamlPost({ title: 'Más cortos sobre LLMs', date: '2024-04-19', tags: ['llms'], categories: ['cortos'], related: ['2024-07-18-cortos-llms.md'], url: '/2024/04/19/cortos/' }),
  '/blog/content/post/2024-07-18-cortos-llms.md': yamlPost({ title: 'Cortos julio', date: '2024-07-18', tags: ['llms', 'R'], categories: ['cortos'], related: ['2024-04-19-cortos.md'] }),
  '/blog/content/post/2024-03-21-cortos.md': yamlPost({ title: 'Cortos marzo', date: '2024-03-21', tags: ['llms', 'R', 'márketing'], categories: ['cortos'] }),
  '/blog/content/post/2023-01-01-r.md': yamlPost({ title: 'Sobre R', date: '2023-01-01', tags: ['R', 'estadística'], categories: ['estadística'] }),
  '/blog/content/post/2023-02-01-r.md': yamlPost({ title: 'Más R', date: '2023-02-01', tags: ['R', 'r'], categories: ['estadística'] }, 'See [cortos](/2024/04/19/cortos/).\n'),
  '/blog/content/post/toml.md': '+++\ntitle = "TOML post"\ndate = 2024-01-01\ntags = ["R", "llms"]\n+++\nBody\n',
  '/blog/content/post/json.md': '{\n  "title": "JSON post",\n  "tags": ["R"]\n}\nBody\n',
};

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

function complete(service: BlogService, path: string, text: string) {
  const { doc, offset } = openDoc(service, path, text);
  return { doc, items: features.completion(service, doc, doc.positionAt(offset)).items };
}

function apply(doc: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(doc, edits);
}

test('YAML block list: terms ranked by use, with counts, not those already listed', async () => {
  const { service } = await memoryBlog(blog);
  const { doc, items } = complete(service, '/blog/content/post/new.md', '---\ntitle: New\ntags:\n- llms\n- |\n---\n');
  assert.equal(items[0].label, 'R');
  assert.equal(items[0].labelDetails?.description, '6 posts');
  assert.equal(items[0].detail, 'R · 6 posts');
  assert.ok(!labels(items).includes('llms'), 'already in the list');
  assert.equal(apply(doc, [items[0].textEdit as TextEdit]), '---\ntitle: New\ntags:\n- llms\n- R\n---\n');
});

test('matching ignores case and accents; inserts the blog spelling', async () => {
  const { service } = await memoryBlog(blog);
  const { doc, items } = complete(service, '/blog/content/post/new.md', '---\ntags:\n- marke|\n---\n');
  assert.deepEqual(labels(items), ['márketing']);
  assert.equal(items[0].filterText, 'marketing', 'the editor accepts what was typed');
  assert.equal(apply(doc, [items[0].textEdit as TextEdit]), '---\ntags:\n- márketing\n---\n');
});

test('YAML flow list and quoting: a term that YAML would misread is quoted', async () => {
  const { service } = await memoryBlog({ ...blog, '/blog/content/post/num.md': yamlPost({ title: 'n', tags: ['"2024"', '"a: b"'] }) });
  const { doc, items } = complete(service, '/blog/content/post/new.md', '---\ntags: [llms, |]\n---\n');
  const year = items.find((i) => i.label === '2024')!;
  assert.equal(apply(doc, [year.textEdit as TextEdit]), '---\ntags: [llms, "2024"]\n---\n');
  const colon = items.find((i) => i.label === 'a: b')!;
  assert.equal((colon.textEdit as TextEdit).newText, '"a: b"');
});

test('TOML and JSON lists complete inside and outside quotes', async () => {
  const { service } = await memoryBlog(blog);
  let r = complete(service, '/blog/content/post/toml.md', '+++\ntitle = "x"\ntags = ["R", "|"]\n+++\n');
  assert.equal(r.items[0].label, 'llms');
  assert.equal(apply(r.doc, [r.items[0].textEdit as TextEdit]), '+++\ntitle = "x"\ntags = ["R", "llms"]\n+++\n');
  r = complete(service, '/blog/content/post/toml.md', '+++\ntags = ["R", |]\n+++\n');
  assert.equal(apply(r.doc, [r.items[0].textEdit as TextEdit]), '+++\ntags = ["R", "llms"]\n+++\n');
  r = complete(service, '/blog/content/post/toml.md', '+++\ntags = [\n  "R",\n  "ll|\n]\n+++\n');
  assert.deepEqual(labels(r.items), ['llms']);
  r = complete(service, '/blog/content/post/json.md', '{\n  "title": "x",\n  "tags": ["|"]\n}\n');
  assert.equal(apply(r.doc, [r.items[0].textEdit as TextEdit]), '{\n  "title": "x",\n  "tags": ["R"]\n}\n');
});

test('related: other posts by file name, ranked by shared terms then recency, labelled with title and date', async () => {
  const { service } = await memoryBlog(blog);
  const text = '---\ntitle: Nuevo\ndate: 2024-08-01\ntags: [llms]\ncategories: [cortos]\nrelated:\n- 2024-04-19-cortos.md\n- |\n---\n';
  const { doc, items } = complete(service, '/blog/content/post/2024-08-01-nuevo.md', text);
  const entries = items.map((i) => (i.textEdit as TextEdit).newText);
  assert.ok(!entries.includes('2024-04-19-cortos.md'), 'already listed');
  assert.ok(!entries.includes('2024-08-01-nuevo.md'), 'not the post itself');
  assert.deepEqual(entries.slice(0, 2), ['2024-07-18-cortos-llms.md', '2024-03-21-cortos.md']);
  // The title first (the narrow list keeps the label), the date beside it, the file name in the detail.
  assert.match(String(items[0].label), /^Cortos julio/);
  assert.equal(items[0].labelDetails!.description, '2024-07-18');
  assert.equal(items[0].detail, '2024-07-18-cortos-llms.md');
  assert.match(items[0].filterText!, /^2024-07-18-cortos-llms\.md /, 'typing the file name still narrows the list');
  assert.equal(apply(doc, [items[0].textEdit as TextEdit]), text.replace('|', '2024-07-18-cortos-llms.md'));
});

test('keys: the blog keys with counts and Hugo keys with docs, not those present; values from small sets and dates', async () => {
  const { service } = await memoryBlog(blog);
  let r = complete(service, '/blog/content/post/new.md', '---\ntitle: x\n|\n---\n');
  assert.ok(labels(r.items).includes('tags'));
  assert.ok(labels(r.items).includes('lastmod'));
  assert.ok(!labels(r.items).includes('title'));
  assert.equal(r.items.find((i) => i.label === 'date')!.labelDetails!.description, '6 posts');
  r = complete(service, '/blog/content/post/new.md', '---\ndraft: |\n---\n');
  assert.deepEqual(labels(r.items).sort(), ['false', 'true']);
  r = complete(service, '/blog/content/post/new.md', '---\ndate: |\n---\n');
  assert.match(String(r.items[0].label), /^\d{4}-\d{2}-\d{2}$/, 'the blog writes plain dates');
});

test('definition, document links and hover on related entries; ambiguous names give every candidate', async () => {
  const { service } = await memoryBlog({ ...blog, '/blog/content/other/2024-03-21-cortos.md': yamlPost({ title: 'Homonym' }) });
  const { doc, offset } = openDoc(service, '/blog/content/post/x.md', '---\nrelated:\n- 2024-07-18-cortos-l|lms.md\n- 2024-03-21-cortos.md\n---\n');
  const def = features.definition(service, doc, doc.positionAt(offset)) as { uri: string }[];
  assert.deepEqual(def.map((l) => l.uri), ['file:///blog/content/post/2024-07-18-cortos-llms.md']);
  const amb = features.definition(service, doc, doc.positionAt(doc.getText().indexOf('2024-03-21'))) as { uri: string }[];
  assert.deepEqual(amb.map((l) => l.uri), ['file:///blog/content/post/2024-03-21-cortos.md', 'file:///blog/content/other/2024-03-21-cortos.md'], 'the sibling first');
  const links = features.documentLinks(service, doc);
  assert.equal(links.length, 2);
  const hover = features.hover(service, doc, doc.positionAt(offset))!;
  assert.match((hover.contents as { value: string }).value, /\*\*Cortos julio\*\*[\s\S]*2024-07-18[\s\S]*tags: `llms`, `R`/);
});

test('references: to a term, and to a post from related entries and links', async () => {
  const { service } = await memoryBlog(blog);
  const { doc, offset } = openDoc(service, '/blog/content/post/2024-03-21-cortos.md', '---\ntitle: Cortos marzo\ntags:\n- llms\n- |R\n---\n');
  const refs = await features.references(service, doc, doc.positionAt(offset), false);
  assert.equal(refs.length, 6, JSON.stringify(refs.map((r) => r.uri)));
  const cortos = openDoc(service, '/blog/content/post/2024-04-19-cortos.md', yamlPost({ ti: '|x', title: 'Más cortos sobre LLMs', url: '/2024/04/19/cortos/' }));
  const postRefs = await features.references(service, cortos.doc, cortos.doc.positionAt(cortos.offset), false);
  assert.deepEqual(postRefs.map((r) => r.uri.split('/').pop()).sort(), ['2023-02-01-r.md', '2024-07-18-cortos-llms.md']);
});

test('workspace symbols find posts by fuzzy title', async () => {
  const { service } = await memoryBlog(blog);
  const symbols = await features.workspaceSymbols(service, 'crt jul');
  assert.equal(symbols[0].name, 'Cortos julio');
});

test('rename a term across posts keeps format and quoting; merging leaves no duplicates', async () => {
  const { service } = await memoryBlog(blog);
  const { doc, offset } = openDoc(service, '/blog/content/post/2023-02-01-r.md', yamlPost({ title: 'Más R', tags: ['R', '|r'] }));
  assert.deepEqual(features.prepareRename(service, doc, doc.positionAt(offset))!.placeholder, 'r');
  const edit = (await features.rename(service, doc, doc.positionAt(offset), 'R'))!;
  const text = TextDocument.applyEdits(doc, edit.changes![doc.uri]);
  assert.match(text, /tags:\n- R\n---/, 'the r item is removed, not duplicated');
  const r2 = openDoc(service, '/blog/content/post/2023-01-01-r.md', yamlPost({ title: 'Sobre R', tags: ['|R', 'estadística'] }));
  const big = (await features.rename(service, r2.doc, r2.doc.positionAt(r2.offset), 'rstats'))!;
  const toml = big.changes!['file:///blog/content/post/toml.md'];
  assert.equal(toml.length, 1);
  const tomlDoc = TextDocument.create('file:///blog/content/post/toml.md', 'markdown', 0, blog['/blog/content/post/toml.md']);
  assert.equal(TextDocument.applyEdits(tomlDoc, toml), blog['/blog/content/post/toml.md'].replace('"R"', '"rstats"'));
  assert.equal(Object.keys(big.changes!).length, 6);
});

test('renaming a post file updates related entries that name it', async () => {
  const { service } = await memoryBlog(blog);
  const edit = (await features.willRenameFiles(service, [{ oldPath: '/blog/content/post/2024-07-18-cortos-llms.md', newPath: '/blog/content/post/2024-07-18-llms.md' }]))!;
  const uri = 'file:///blog/content/post/2024-04-19-cortos.md';
  const doc = TextDocument.create(uri, 'markdown', 0, blog['/blog/content/post/2024-04-19-cortos.md']);
  assert.match(TextDocument.applyEdits(doc, edit.changes![uri]), /related:\n- 2024-07-18-llms\.md\n/);
});

function diagnosticsOf(service: BlogService, path: string, text: string): Diagnostic[] {
  const { doc } = openDoc(service, path, text);
  return features.diagnostics(service, doc);
}

test('diagnostics: missing related entry with nearest-name fixes (wrong year), duplicate, self', async () => {
  const { service } = await memoryBlog(blog);
  const path = '/blog/content/post/2024-07-18-cortos-llms.md';
  const text = yamlPost({ title: 'x', related: ['2034-04-19-cortos.md', '2024-03-21-cortos.md', '2024-03-21-cortos.md', '2024-07-18-cortos-llms.md'] });
  const ds = diagnosticsOf(service, path, text);
  const missing = ds.find((d) => d.code === 'related-missing')!;
  assert.match(String(missing.message), /No post named '2034-04-19-cortos.md'. Did you mean '2024-04-19-cortos.md'/);
  assert.ok(ds.some((d) => d.code === 'related-duplicate'));
  assert.ok(ds.some((d) => d.code === 'related-self'));
  const { doc } = openDoc(service, path, text);
  const actions = features.codeActions(service, doc, missing.range, { diagnostics: [missing] });
  assert.equal(actions[0].title, "Change to '2024-04-19-cortos.md'");
  assert.match(TextDocument.applyEdits(doc, actions[0].edit!.changes![doc.uri]), /- 2024-04-19-cortos\.md\n- 2024-03-21/);
});

test('diagnostics: case/accent variants of a term, duplicates in a list, misspelt keys, bad dates, scalar taxonomy', async () => {
  const { service } = await memoryBlog(blog);
  const ds = diagnosticsOf(service, '/blog/content/post/new.md', yamlPost({ title: 'x', date: '2024-13-45', tags: ['r', 'llms', 'LLMs'], descritpion: 'd', '-categories': ['cortos'] }));
  const variant = ds.find((d) => d.code === 'taxonomy-case')!;
  assert.match(String(variant.message), /'r' differs only by case or accents from 'R', which 6 posts use/);
  assert.ok(ds.some((d) => d.code === 'taxonomy-duplicate' && /'LLMs' is already in tags/.test(String(d.message))), JSON.stringify(ds));
  assert.deepEqual(ds.filter((d) => d.code === 'key-typo').map((d) => String(d.message)).sort(), ["Unknown key '-categories': did you mean 'categories'?", "Unknown key 'descritpion': did you mean 'description'?"]);
  assert.ok(ds.some((d) => d.code === 'date-invalid'));
  const scalar = diagnosticsOf(service, '/blog/content/post/new.md', yamlPost({ title: 'x', tags: 'llms' }));
  assert.ok(scalar.some((d) => d.code === 'taxonomy-scalar'), JSON.stringify(scalar));
  const clean = diagnosticsOf(service, '/blog/content/post/2024-03-21-cortos.md', blog['/blog/content/post/2024-03-21-cortos.md']);
  assert.deepEqual(clean, [], 'a clean post has no diagnostics');
});

test('isHugoDate: year, month and day read from the date shape itself (one digit, a time after a space or T)', () => {
  for (const ok of ['2024-04-19', '2024-4-9', ' 2024-04-19 ', '2024-1-1 10:00', '2024-1-1T1:00', '2024-01-01T10:00:00+02:00', '2024-12-31T23:59:59.123Z', '2024-1-10 09:00 CET', 'April 19, 2024'])
    assert.equal(isHugoDate(ok), true, ok);
  for (const bad of ['2024-13-01', '2024-00-10', '2024-01-32', '0000-01-01', 'not a date', '2024-1-1T'])
    assert.equal(isHugoDate(bad), false, bad);
});

test('rule severities come from settings; off removes a rule', async () => {
  const { service } = await memoryBlog(blog, { rules: { 'taxonomy-case': 'off', 'related-missing': 'error' } });
  const ds = diagnosticsOf(service, '/blog/content/post/new.md', yamlPost({ title: 'x', tags: ['r'], related: ['nope.md'] }));
  assert.ok(!ds.some((d) => d.code === 'taxonomy-case'));
  assert.equal(ds.find((d) => d.code === 'related-missing')!.severity, 1);
});

test('renaming a post file updates links to it: ref paths, relative paths and file-name permalinks', async () => {
  const { service } = await memoryBlog({
    '/blog/hugo.toml': HUGO_CONFIG,
    '/blog/content/post/old-name.md': yamlPost({ title: 'Old' }),
    '/blog/content/post/with-url.md': yamlPost({ title: 'Fixed URL', url: '/fixed/' }),
    '/blog/content/post/source.md': yamlPost({ title: 'Source' }, 'See [a]({{< ref "old-name.md" >}}), [b](old-name.md#x), [c](/post/old-name/), [d](https://example.org/post/old-name/) and [e](/fixed/).\n'),
  });
  const edit = (await features.willRenameFiles(service, [
    { oldPath: '/blog/content/post/old-name.md', newPath: '/blog/content/post/new-name.md' },
    { oldPath: '/blog/content/post/with-url.md', newPath: '/blog/content/post/renamed-url.md' },
  ]))!;
  const uri = 'file:///blog/content/post/source.md';
  const doc = TextDocument.create(uri, 'markdown', 0, (await service.readText('/blog/content/post/source.md'))!);
  assert.match(
    TextDocument.applyEdits(doc, edit.changes![uri]),
    /See \[a\]\(\{\{< ref "new-name\.md" >\}\}\), \[b\]\(new-name\.md#x\), \[c\]\(\/post\/new-name\/\), \[d\]\(https:\/\/example\.org\/post\/new-name\/\) and \[e\]\(\/fixed\/\)\./,
  );
});
