/** Issue 19: the edits the server proposes never damage text (completion ranges, merges, removals, fixes). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/languageService';
import type { BlogService } from '../../server/src/service';
import { HUGO_CONFIG, memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const features = createLanguageService();

const hugoBlog = {
  '/blog/hugo.toml': HUGO_CONFIG,
  '/blog/content/post/a.md': yamlPost({ title: 'A', tags: ['community', 'go', 'llms', 'márketing', 'optimización'] }),
  '/blog/content/post/b.md': yamlPost({ title: 'B', tags: ['community', 'llms', 'márketing'] }),
  '/blog/content/post/2013-12-01-advent.md': yamlPost({ title: 'Advent', tags: ['go'] }),
  '/blog/content/post/c.md': yamlPost({ title: 'C', tags: ['go'] }),
};

function accept(service: BlogService, path: string, textWithCursor: string, pick?: string): { text: string; item: CompletionItem; items: CompletionItem[] } {
  const { doc, offset } = openDoc(service, path, textWithCursor);
  const position = doc.positionAt(offset);
  const items = features.completion(service, doc, position).items;
  assert.ok(items.length, `no completion for ${JSON.stringify(textWithCursor)}`);
  const item = pick ? items.find((i) => i.label === pick)! : items[0];
  assert.ok(item, `no item ${pick}`);
  const edit = item.textEdit as TextEdit;
  for (const i of items) {
    const r = (i.textEdit as TextEdit).range;
    assert.equal(r.start.line, position.line, 'the range starts on the cursor line');
    assert.equal(r.end.line, position.line, 'the range ends on the cursor line');
  }
  return { text: TextDocument.applyEdits(doc, [edit]), item, items };
}

test('A: TOML inline list after an unclosed quote: the next line is kept, the quote closed', async () => {
  const { service } = await memoryBlog(hugoBlog);
  const r = accept(service, '/blog/content/post/new.md', '+++\ntags = ["go","llms", "comm|\ntitle = "Advent 2013"\n+++\nBody "quoted".\n');
  assert.equal(r.text, '+++\ntags = ["go","llms", "community"\ntitle = "Advent 2013"\n+++\nBody "quoted".\n');
});

test('A: YAML block item with an unclosed double quote keeps the next line', async () => {
  const { service } = await memoryBlog(hugoBlog);
  const r = accept(service, '/blog/content/post/new.md', '---\ntags:\n- "ll|\ntitle: "Find all files older than 45 days"\n---\nBody\n');
  assert.equal(r.text, '---\ntags:\n- "llms"\ntitle: "Find all files older than 45 days"\n---\nBody\n');
});

test("A: YAML block item with an unclosed single quote keeps the closing fence and the body", async () => {
  const { service } = await memoryBlog(hugoBlog);
  const body = "It's the body, don't 'touch' it.\n".repeat(17);
  const r = accept(service, '/blog/content/post/new.md', `---\ntitle: x\ntags:\n- 'ma|\n---\n${body}`);
  assert.equal(r.text, `---\ntitle: x\ntags:\n- 'márketing'\n---\n${body}`);
});

test('A: Jekyll flow list with an unclosed quote does not run to the end of the file', async () => {
  const { service } = await memoryBlog({
    '/blog/_config.yml': 'title: t\n',
    '/blog/_posts/2020-01-01-a.md': '---\ntitle: a\ntags: [meta, optimization]\n---\nx\n',
    '/blog/_posts/2020-01-02-b.md': '---\ntitle: b\ntags: [meta, optimization]\n---\nx\n',
  });
  const r = accept(service, '/blog/_posts/2020-02-02-new.md', '---\ntitle: new\ntags: [meta, "opt|\n---\nThe rest of the post.\n');
  assert.equal(r.text, '---\ntitle: new\ntags: [meta, "optimization"\n---\nThe rest of the post.\n');
});

test('A: TOML multi-line array: only the item typed is replaced, `]`, `+++` and the body stay', async () => {
  const { service } = await memoryBlog(hugoBlog);
  const before = '+++\ntitle = "x"\ntags = [\n  "go",\n  "ll|\n  "community",\n]\nrelated = [\n  "a.md",\n]\n+++\nBody "with quotes".\n';
  const r = accept(service, '/blog/content/post/new.md', before);
  assert.equal(r.text, before.replace('"ll|', '"llms"'));
  const rel = accept(service, '/blog/content/post/new.md', '+++\ntitle = "x"\nrelated = [\n  "a.md",\n  "b|\n]\n+++\nBody "with quotes".\n');
  assert.equal(rel.text, '+++\ntitle = "x"\nrelated = [\n  "a.md",\n  "b.md"\n]\n+++\nBody "with quotes".\n');
});

test('A: the part of the word after the cursor is replaced, a closing quote on the line is reused', async () => {
  const { service } = await memoryBlog(hugoBlog);
  assert.equal(accept(service, '/blog/content/post/new.md', '---\ntags: ["ll|ms", "go"]\n---\n').text, '---\ntags: ["llms", "go"]\n---\n');
  assert.equal(accept(service, '/blog/content/post/new.md', '---\ntags: ["ll|, "go"]\n---\n').text, '---\ntags: ["llms", "go"]\n---\n');
  assert.equal(accept(service, '/blog/content/post/new.md', '---\ntags:\n- ll|ms\n- go\n---\n').text, '---\ntags:\n- llms\n- go\n---\n');
});

test('issue 15: after `,"` with no closing quote, TOML, YAML flow and JSON lists offer the terms and close the quote', async () => {
  const { service } = await memoryBlog(hugoBlog);
  let r = accept(service, '/blog/content/post/new.md', '+++\ntags = ["go", "llms", "|\n+++\nBody\n');
  assert.ok(!r.items.some((i) => i.label === 'go' || i.label === 'llms'), 'listed terms are left out');
  assert.equal(r.text, `+++\ntags = ["go", "llms", "${r.item.label}"\n+++\nBody\n`);
  r = accept(service, '/blog/content/post/new.md', '---\ntags: [go, llms, "|\n---\nBody\n');
  assert.equal(r.text, `---\ntags: [go, llms, "${r.item.label}"\n---\nBody\n`);
  r = accept(service, '/blog/content/post/new.md', '{\n  "tags": ["go", "llms", "|\n}\nBody\n');
  assert.equal(r.text, `{\n  "tags": ["go", "llms", "${r.item.label}"\n}\nBody\n`);
});

test('`tags = ` + completion inserts a list where the site uses lists', async () => {
  const { service } = await memoryBlog(hugoBlog);
  assert.equal(accept(service, '/blog/content/post/new.md', '+++\ntags = |\n+++\n', 'llms').text, '+++\ntags = ["llms"]\n+++\n');
  assert.equal(accept(service, '/blog/content/post/new.md', '+++\ntags = "ll|\n+++\n').text, '+++\ntags = ["llms"]\n+++\n');
  assert.equal(accept(service, '/blog/content/post/new.md', '+++\ntags = "ll|"\n+++\n').text, '+++\ntags = ["llms"]\n+++\n');
  assert.equal(accept(service, '/blog/content/post/new.md', '---\ntags: ll|\n---\n').text, '---\ntags: [llms]\n---\n');
  assert.equal(accept(service, '/blog/content/post/new.md', '{\n  "tags": "ll|\n}\n').text, '{\n  "tags": ["llms"]\n}\n');
});

async function renameIn(files: Record<string, string>, path: string, textWithCursor: string, newName: string): Promise<Record<string, string>> {
  const { service } = await memoryBlog(files);
  const { doc, offset } = openDoc(service, path, textWithCursor);
  const edit = (await features.rename(service, doc, doc.positionAt(offset), newName))!;
  const out: Record<string, string> = {};
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const p = uri.replace('file://', '');
    const original = p === path ? doc.getText() : files[p];
    out[p] = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 0, original), edits);
  }
  return out;
}

test('B: a merge into a case variant of a term already listed leaves one entry (Hugo files them as one term)', async () => {
  const post = '---\ntitle: Fusión\ntags: [Fusión Nuclear, "ingeniería", fusion-nuclear]\n---\nBody\n';
  const files = { '/blog/hugo.toml': HUGO_CONFIG, '/blog/content/post/f.md': post, '/blog/content/post/g.md': yamlPost({ title: 'g', tags: ['fusion-nuclear'] }) };
  const out = await renameIn(files, '/blog/content/post/g.md', yamlPost({ title: 'g', tags: ['fusion-|nuclear'] }), 'fusión nuclear');
  assert.equal(out['/blog/content/post/f.md'], '---\ntitle: Fusión\ntags: [Fusión Nuclear, "ingeniería"]\n---\nBody\n');
  assert.equal(out['/blog/content/post/g.md'], yamlPost({ title: 'g', tags: ['fusión nuclear'] }));
  // Jekyll keys tags by the exact string: there a case variant is another tag, and is kept.
  const jekyll = { '/blog/_config.yml': 'title: t\n', '/blog/_posts/2020-01-01-f.md': '---\ntitle: f\ntags: [Go, golang]\n---\nx\n' };
  const j = await renameIn(jekyll, '/blog/_posts/2020-01-01-f.md', '---\ntitle: f\ntags: [Go, go|lang]\n---\nx\n', 'go');
  assert.equal(j['/blog/_posts/2020-01-01-f.md'], '---\ntitle: f\ntags: [Go, go]\n---\nx\n');
});

test('G: removing a duplicate from a TOML multi-line array leaves no whitespace-only line', async () => {
  const toml = '+++\ntitle = "t"\ntags = [\n  "go",\n  "releases",\n  "go",\n  "community"\n]\n+++\nBody\n';
  const files = { '/blog/hugo.toml': HUGO_CONFIG, '/blog/content/post/t.md': toml };
  const { service } = await memoryBlog(files);
  for (const [dup, expected] of [
    [5, '+++\ntitle = "t"\ntags = [\n  "go",\n  "releases",\n  "community"\n]\n+++\nBody\n'],
    [6, '+++\ntitle = "t"\ntags = [\n  "go",\n  "releases",\n  "go"\n]\n+++\nBody\n'],
  ] as const) {
    const text = dup === 5 ? toml : toml.replace('"community"', '"releases"');
    const { doc } = openDoc(service, '/blog/content/post/t.md', text);
    const diag = features.diagnostics(service, doc).find((x) => x.code === 'taxonomy-duplicate' && x.range.start.line === dup);
    assert.ok(diag, `a duplicate on line ${dup}`);
    const fix = features.codeActions(service, doc, diag.range, { diagnostics: [diag] })[0];
    const after = TextDocument.applyEdits(doc, fix.edit!.changes![doc.uri]);
    assert.equal(after, expected);
    assert.ok(!/^[ \t]+$/m.test(after), 'no whitespace-only line');
  }
  // A CRLF file and a YAML flow list over lines too.
  const crlf = '---\r\ntitle: t\r\ntags: [\r\n  go,\r\n  go,\r\n  web\r\n]\r\n---\r\nBody\r\n';
  const { doc } = openDoc(service, '/blog/content/post/t.md', crlf);
  const diag = features.diagnostics(service, doc).find((x) => x.code === 'taxonomy-duplicate')!;
  const fix = features.codeActions(service, doc, diag.range, { diagnostics: [diag] })[0];
  assert.equal(TextDocument.applyEdits(doc, fix.edit!.changes![doc.uri]), '---\r\ntitle: t\r\ntags: [\r\n  go,\r\n  web\r\n]\r\n---\r\nBody\r\n');
});

test('C: Jekyll _posts/*.html and .markdown posts with front matter are indexed by default, and a tag rename reaches them', async () => {
  const files = {
    '/blog/_config.yml': 'title: t\n',
    '/blog/_posts/2012-03-01-html-post.html': '---\ntitle: An HTML post\ntags: [go, meta]\n---\n<p>Hello <a href="/about/">about</a></p>\n',
    '/blog/_posts/2012-03-02-md-post.markdown': '---\ntitle: A markdown post\ntags: [go]\n---\nHello\n',
    '/blog/_posts/2012-03-03-no-front-matter.html': '<p>A fragment, not a post</p>\n',
    '/blog/_includes/head.html': '---\ntitle: not a post\n---\n',
    '/blog/about.html': '<p>About</p>\n',
  };
  const { service } = await memoryBlog(files);
  assert.deepEqual([...service.index.posts.keys()].sort(), ['/blog/_posts/2012-03-01-html-post.html', '/blog/_posts/2012-03-02-md-post.markdown']);
  assert.equal(service.index.get('/blog/_posts/2012-03-01-html-post.html')!.title, 'An HTML post');
  const out = await renameIn(files, '/blog/_posts/2012-03-02-md-post.markdown', '---\ntitle: A markdown post\ntags: [g|o]\n---\nHello\n', 'golang');
  assert.equal(out['/blog/_posts/2012-03-01-html-post.html'], '---\ntitle: An HTML post\ntags: [golang, meta]\n---\n<p>Hello <a href="/about/">about</a></p>\n');
});

async function renameFiles(files: Record<string, string>, renames: { oldPath: string; newPath: string }[]): Promise<Record<string, string>> {
  const { service } = await memoryBlog(files);
  const edit = await features.willRenameFiles(service, renames);
  const out: Record<string, string> = { ...files };
  for (const [uri, edits] of Object.entries(edit?.changes ?? {})) {
    const p = uri.replace('file://', '');
    out[p] = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 0, files[p]), edits);
  }
  return out;
}

test('D: a file rename changes only the URL segment naming the post: scheme, host, slashes, escapes, fragments stay', async () => {
  const files = {
    '/blog/hugo.toml': 'baseURL = "https://example.org/"\ntitle = "t"\n[permalinks]\npost = "/:filename/"\n',
    '/blog/content/post/introducing-cobra.md': yamlPost({ title: 'Cobra' }),
    '/blog/content/post/make.md': yamlPost({ title: 'Make' }),
    '/blog/content/post/source.md': yamlPost({ title: 'Source' }, 'See [a](http://example.org/introducing-cobra/), [b](/make), [c](/introducing-cobra/\\#title), [d](https://example.org/introducing-cobra/?x=1#y).\n'),
  };
  const out = await renameFiles(files, [
    { oldPath: '/blog/content/post/introducing-cobra.md', newPath: '/blog/content/post/cobra.md' },
    { oldPath: '/blog/content/post/make.md', newPath: '/blog/content/post/make-tool.md' },
  ]);
  assert.match(out['/blog/content/post/source.md'], /See \[a\]\(http:\/\/example\.org\/cobra\/\), \[b\]\(\/make-tool\), \[c\]\(\/cobra\/\\#title\), \[d\]\(https:\/\/example\.org\/cobra\/\?x=1#y\)\./);
});

test('E: changing the date in a Jekyll post file name updates links to the date URL', async () => {
  const files = {
    '/blog/_config.yml': 'title: t\npermalink: /:year/:month/:day/:title/\n',
    '/blog/_posts/2017-12-01-advent.md': '---\ntitle: Advent\n---\nx\n',
    '/blog/_posts/2018-01-01-source.md': '---\ntitle: Source\n---\nSee [a](/2017/12/01/advent/) and [b](/2017/12/01/advent/#day-2).\n',
  };
  const out = await renameFiles(files, [{ oldPath: '/blog/_posts/2017-12-01-advent.md', newPath: '/blog/_posts/2017-12-24-advent.md' }]);
  assert.equal(out['/blog/_posts/2018-01-01-source.md'], '---\ntitle: Source\n---\nSee [a](/2017/12/24/advent/) and [b](/2017/12/24/advent/#day-2).\n');
});

test('F: moving a post into a subfolder updates relative links to it', async () => {
  const files = {
    '/blog/hugo.toml': HUGO_CONFIG,
    '/blog/content/post/moved.md': yamlPost({ title: 'Moved', url: '/moved/' }),
    '/blog/content/post/source.md': yamlPost({ title: 'Source' }, 'See [a](moved.md), [b](./moved.md#part) and [c]({{< ref "moved.md" >}}).\n'),
  };
  const out = await renameFiles(files, [{ oldPath: '/blog/content/post/moved.md', newPath: '/blog/content/post/2024/moved.md' }]);
  assert.equal(out['/blog/content/post/source.md'], yamlPost({ title: 'Source' }, 'See [a](2024/moved.md), [b](2024/moved.md#part) and [c]({{< ref "moved.md" >}}).\n'));
});

test('F2: moving a post into a subfolder updates ref/relref paths that spell its folders; a bare ref name stays', async () => {
  const files = {
    '/blog/hugo.toml': HUGO_CONFIG,
    '/blog/content/post/moved.md': yamlPost({ title: 'Moved' }),
    '/blog/content/post/source.md': yamlPost({ title: 'Source' }, 'See [a]({{< relref "/post/moved" >}}), [b]({{< ref "post/moved.md#part" >}}) and [c]({{< ref "moved.md" >}}).\n'),
  };
  const out = await renameFiles(files, [{ oldPath: '/blog/content/post/moved.md', newPath: '/blog/content/post/2024/moved.md' }]);
  assert.equal(out['/blog/content/post/source.md'], yamlPost({ title: 'Source' }, 'See [a]({{< relref "/post/2024/moved" >}}), [b]({{< ref "post/2024/moved.md#part" >}}) and [c]({{< ref "moved.md" >}}).\n'));
});

test('H: a missing image gets only image fixes, a page only pages; a related fix never lists a post twice', async () => {
  const files = {
    '/blog/hugo.toml': HUGO_CONFIG,
    '/blog/static/img/center.png': 'png',
    '/blog/static/UNLICENSE': 'public domain',
    '/blog/content/biography.md': yamlPost({ title: 'Biography' }),
    '/blog/content/post/2024-04-19-cortos.md': yamlPost({ title: 'Cortos' }),
    '/blog/content/post/2023-04-19-cortos.md': yamlPost({ title: 'Cortos 2023' }),
  };
  const { service } = await memoryBlog(files);
  const { doc } = openDoc(service, '/blog/content/post/x.md', yamlPost({ title: 'x' }, '![a](/img/centre.png#center) and [b](/biografy/#center) and ![c](/img/bio.png#center).\n'));
  const ds = features.diagnostics(service, doc).filter((d) => d.code === 'link-broken' || /not found/i.test(String(d.message)));
  const fixesFor = (text: string) => {
    const d = ds.find((x) => doc.getText(x.range).includes(text));
    assert.ok(d, `a diagnostic on ${text}: ${JSON.stringify(ds.map((x) => x.message))}`);
    return features.codeActions(service, doc, d.range, { diagnostics: [d] }).map((a) => (a.edit!.changes![doc.uri][0] as TextEdit).newText);
  };
  assert.deepEqual(fixesFor('centre.png'), ['/img/center.png#center']);
  assert.ok(fixesFor('/img/bio.png').every((f) => /\.png#center$/.test(f)), 'never a page for an image');
  const page = fixesFor('/biografy/');
  assert.equal(page[0], '/biography/#center');
  assert.ok(!page.some((f) => /UNLICENSE|\.png/.test(f)), 'never a file for a page');
  // related: the wrong-year entry whose nearest name is already listed is not offered it.
  const rel = openDoc(service, '/blog/content/post/y.md', yamlPost({ title: 'y', related: ['2024-04-19-cortos.md', '2034-04-19-cortos.md'] }));
  const missing = features.diagnostics(service, rel.doc).find((d) => d.code === 'related-missing')!;
  const titles = features.codeActions(service, rel.doc, missing.range, { diagnostics: [missing] }).map((a) => a.title);
  assert.ok(!titles.includes("Change to '2024-04-19-cortos.md'"), JSON.stringify(titles));
  assert.ok(titles.includes("Change to '2023-04-19-cortos.md'"), JSON.stringify(titles));
});
