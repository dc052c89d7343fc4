import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/languageService';
import { appendToList } from '../../server/src/features/frontMatter/suggestActions';
import { countWords, forEachWord, proseOf } from '../../server/src/index/textIndex';
import { parseFrontMatter } from '../../server/src/parse/frontMatter';
import type { BlogService } from '../../server/src/service';
import { HUGO_CONFIG, memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const features = createLanguageService();

const CATS = 'Cats purr when content. Whiskers help cats sense the room; a kitten learns purring early. Feline grooming and whiskers.\n';
const SQL = 'Database indexes speed queries. Postgres plans each query; a btree index helps joins. Vacuum keeps the database healthy.\n';
const COOKING = 'Bread needs flour, water, salt and yeast. Knead the dough, let it rise, bake the loaf until golden.\n';

/** Ten posts: cats, databases, and the most used tag on posts about bread. */
const blog: Record<string, string> = {
  '/blog/hugo.toml': HUGO_CONFIG,
  '/blog/content/post/cats-1.md': yamlPost({ title: 'Why cats purr', date: '2024-01-01', tags: ['cats', 'pets'] }, CATS),
  '/blog/content/post/cats-2.md': yamlPost({ title: 'Whiskers', date: '2024-01-02', tags: ['cats'] }, CATS),
  '/blog/content/post/sql-1.md': yamlPost({ title: 'Postgres indexes', date: '2024-02-01', tags: ['databases', 'sql'] }, SQL),
  '/blog/content/post/sql-2.md': yamlPost({ title: 'Query plans', date: '2024-02-02', tags: ['databases'] }, SQL),
  '/blog/content/post/sql-3.md': yamlPost({ title: 'Vacuum', date: '2024-02-03', tags: ['sql', 'databases'] }, SQL),
};
for (let i = 1; i <= 5; i++) blog[`/blog/content/post/bread-${i}.md`] = yamlPost({ title: `Bread ${i}`, date: `2024-03-0${i}`, tags: ['news'], related: ['bread-1.md', 'bread-2.md'] }, COOKING);

const NEW_SQL = `---\ntitle: Btree index queries\ntags:\n- |\n---\nHow postgres uses a btree index for queries and joins on a database.\n`;

test('words: code, shortcodes, Liquid, URLs, HTML and numbers are left out; accents and case folded', () => {
  const prose = proseOf('Intro `inline code` text.\n```js\nconst hidden = 1;\n```\n{{< highlight r >}}\nsecret <- 2\n{{< / highlight >}}\n{{< figure src="x.png" >}} see https://example.org/path and [the link](/posts/other/) <span class="x">kept</span> {% raw %}liquid{% endraw %}\n');
  const words: string[] = [];
  forEachWord(prose, (w) => words.push(w));
  assert.deepEqual(words, ['intro', 'text', 'see', 'and', 'the', 'link', 'kept']);
  const folded: string[] = [];
  forEachWord('Estadística ÉLAN año 2024 h264 x', (w) => folded.push(w));
  assert.deepEqual(folded, ['estadistica', 'elan', 'ano'], 'numbers, words with digits and one-letter words dropped');
  const counts = countWords('Gatos', 'gatos y perros', 'gatos');
  assert.equal(counts.get('gatos'), 3 + 2 + 1, 'title counts 3×, description 2×, body once');
});

test('words most posts use are dropped by document frequency (no stop-word list)', async () => {
  const { service } = await memoryBlog({ ...blog, '/blog/content/post/extra.md': yamlPost({ title: 'x' }, 'the the the\n') });
  const text = service.index.text;
  text.flush();
  const vector = text.vectorOf({ title: '', data: {} }, '---\n---\nthe database\n');
  const words = [...vector.ids].map((id) => text.word(id));
  assert.deepEqual(words.sort(), ['database', 'the']);
  const query = text.query(vector, undefined);
  assert.deepEqual(query.ids.map((id) => text.word(id)), ['database'], '"the" is in most posts: not a query word');
});

function complete(service: BlogService, path: string, textWithCursor: string) {
  const { doc, offset } = openDoc(service, path, textWithCursor);
  return { doc, items: features.completion(service, doc, doc.positionAt(offset)).items };
}

test('tag completion: terms of the most similar posts first, with where they come from', async () => {
  const { service } = await memoryBlog(blog);
  const { items } = complete(service, '/blog/content/post/new.md', NEW_SQL);
  assert.deepEqual(items.slice(0, 2).map((i) => i.label), ['databases', 'sql']);
  assert.match(items[0].detail!, /^databases · in 3 of \d+ similar posts · 3 posts$/);
  assert.equal(items[items.length - 1].detail?.includes('similar'), false, 'terms no similar post uses come after, by use');
  // Typing still filters, accent- and case-insensitively.
  const typed = complete(service, '/blog/content/post/new.md', NEW_SQL.replace('- |', '- SQ|'));
  assert.deepEqual(typed.items.map((i) => i.label), ['sql']);
});

test('setting suggestions.rankBy "use": today\'s ranking (most used first), no text index', async () => {
  const { service } = await memoryBlog(blog, { suggestions: { rankBy: 'use' } });
  assert.equal(service.index.text.size, 0);
  const { items } = complete(service, '/blog/content/post/new.md', NEW_SQL);
  assert.equal(items[0].label, 'news');
  assert.equal(items[0].detail, 'news · 5 posts');
});

test('related completion: the posts that say the most alike first, with why; listed entries and the post itself left out', async () => {
  const { service } = await memoryBlog(blog);
  const text = '---\ntitle: Kitten whiskers\ntags: [pets]\nrelated:\n- cats-2.md\n- |\n---\nMy kitten has long whiskers and purrs.\n';
  const { items } = complete(service, '/blog/content/post/cats-3.md', text);
  // The label is the post's title; the file name (what is inserted) is the detail.
  assert.equal(items[0].detail, 'cats-1.md');
  assert.ok(!items.some((i) => i.detail === 'cats-2.md' || i.detail === 'cats-3.md'));
  const docs = (items[0].documentation as { value: string }).value;
  assert.match(docs, /Why: Shares words: [a-z, ]*whiskers/);
  assert.match(docs, /tags: `pets`/);
});

test('right after an edit, suggestions follow the new text before it is indexed; the index catches up', async () => {
  const { service } = await memoryBlog(blog);
  const path = '/blog/content/post/sql-1.md';
  const edited = `---\ntitle: Now about cats\ntags:\n- |\n---\n${CATS}`;
  const { items } = complete(service, path, edited);
  assert.equal(service.index.text.pendingCount, 1, 'the edit waits to be indexed (off the request path)');
  assert.equal(items[0].label, 'cats', 'answered from the queued text');
  service.index.text.flush();
  assert.equal(service.index.text.pendingCount, 0);
  const again = complete(service, '/blog/content/post/cats-2.md', `---\ntitle: Whiskers\ntags:\n- cats\n- |\n---\n${CATS}`);
  service.index.text.flush();
  assert.ok(again.items.findIndex((i) => i.label === 'databases') > again.items.findIndex((i) => i.label === 'pets'));
});

test('a deleted post leaves the text index', async () => {
  const { service } = await memoryBlog(blog);
  assert.ok(service.index.text.has('/blog/content/post/cats-1.md'));
  await service.fileChangedOnDisk('/blog/content/post/cats-1.md', 'deleted');
  assert.ok(!service.index.text.has('/blog/content/post/cats-1.md'));
});

function applyAction(doc: TextDocument, action: CodeAction): string {
  return TextDocument.applyEdits(doc, action.edit!.changes![doc.uri] as TextEdit[]);
}

function actions(service: BlogService, path: string, text: string): { doc: TextDocument; actions: CodeAction[] } {
  const { doc } = openDoc(service, path, text);
  service.index.text.flush();
  return { doc, actions: features.codeActions(service, doc, { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, { diagnostics: [] }) };
}

test('code actions: "Suggest related posts" fills the list to the blog\'s median length; "Suggest tags" adds the top terms, in the post\'s style', async () => {
  const { service } = await memoryBlog(blog);
  // YAML block lists: items as the post writes them.
  const yaml = '---\ntitle: Btree index queries\ntags:\n  - postgres\nrelated:\n  - cats-1.md\n---\nHow postgres uses a btree index for queries and joins on a database.\n';
  const a = actions(service, '/blog/content/post/new.md', yaml);
  const related = a.actions.find((x) => x.title.startsWith('Suggest related posts'))!;
  assert.equal(related.kind, 'refactor.rewrite.suggest');
  // The blog's posts list 2 related entries: one more is added.
  assert.match(applyAction(a.doc, related), /related:\n {2}- cats-1\.md\n {2}- sql-\d\.md\n---/);
  const tags = a.actions.find((x) => x.title.startsWith('Suggest tags'))!;
  assert.equal(applyAction(a.doc, tags), yaml.replace('  - postgres\n', '  - postgres\n  - databases\n'));

  // YAML flow list, quoted items: quoted alike.
  const flow = actions(service, '/blog/content/post/new.md', "---\ntitle: Btree index queries\ntags: ['x', 'y']\n---\nHow postgres uses a btree index for queries and joins on a database.\n");
  const flowTags = flow.actions.find((x) => x.title.startsWith('Suggest tags'))!;
  assert.match(applyAction(flow.doc, flowTags), /^---\ntitle: Btree index queries\ntags: \['x', 'y', 'databases'\]\nrelated:\n- sql-\d\.md\n- sql-\d\.md\n---|tags: \['x', 'y', 'databases'\]\n---/);

  // TOML: the new key goes before a [table].
  const toml = actions(service, '/blog/content/post/new.md', '+++\ntitle = "Btree index queries"\n[params]\n  x = 1\n+++\nHow postgres uses a btree index for queries and joins on a database.\n');
  const tomlTags = toml.actions.find((x) => x.title.startsWith('Suggest tags'))!;
  assert.match(applyAction(toml.doc, tomlTags), /^\+\+\+\ntitle = "Btree index queries"\ntags = \["databases"\]\n\[params\]/);

  // JSON: a new key after the last one.
  const json = actions(service, '/blog/content/post/new.md', '{\n  "title": "Btree index queries"\n}\nHow postgres uses a btree index for queries and joins on a database.\n');
  const jsonTags = json.actions.find((x) => x.title.startsWith('Suggest tags'))!;
  assert.match(applyAction(json.doc, jsonTags), /^\{\n {2}"title": "Btree index queries",\n {2}"tags": \["databases"\]\n\}/);

  // Outside the front matter: not offered.
  const { doc } = openDoc(service, '/blog/content/post/new.md', yaml);
  assert.equal(features.codeActions(service, doc, { start: { line: 8, character: 0 }, end: { line: 8, character: 0 } }, { diagnostics: [] }).filter((x) => x.title.startsWith('Suggest')).length, 0);
});

test('appendToList: flow lists over several lines, empty lists, bare keys, scalars left alone', () => {
  const edit = (text: string, key: string, values: string[]) => {
    const doc = TextDocument.create('file:///x.md', 'markdown', 1, text);
    const edits = appendToList(text, parseFrontMatter(text), key, values, doc);
    return edits && TextDocument.applyEdits(doc, edits);
  };
  assert.equal(edit('+++\ntags = [\n  "a",\n  "b"\n]\n+++\n', 'tags', ['c']), '+++\ntags = [\n  "a",\n  "b",\n  "c"\n]\n+++\n');
  assert.equal(edit('+++\ntags = [\n  "a",\n]\n+++\n', 'tags', ['c']), '+++\ntags = [\n  "a",\n  "c",\n]\n+++\n');
  assert.equal(edit('---\ntags: []\n---\n', 'tags', ['a b', 'yes']), '---\ntags: [a b, "yes"]\n---\n');
  assert.equal(edit('---\nrelated:\ntitle: t\n---\n', 'related', ['x.md']), '---\nrelated:\n- x.md\ntitle: t\n---\n');
  assert.equal(edit('---\ntags: solo\n---\n', 'tags', ['x']), undefined, 'a scalar is not rewritten');
  assert.equal(edit('---\r\ntags:\r\n- a\r\n---\r\n', 'tags', ['b']), '---\r\ntags:\r\n- a\r\n- b\r\n---\r\n', 'CRLF kept');
  assert.equal(edit('---\ncategories: [x]\ntitle: t\n---\n', 'tags', ['a']), '---\ncategories: [x]\ntitle: t\ntags: [a]\n---\n', 'a new list in the post\'s flow style');
});

test('CLI: blog-author suggest FILE [--json] prints related entries and terms with scores', async () => {
  const { runSuggestCommand } = await import('../../server/src/cli/suggest');
  const { resolve } = await import('node:path');
  const file = resolve(__dirname, '../fixtures/hugo-yaml/content/post/2024-04-19-cortos.md');
  let out = '';
  const io = { out: (t: string) => void (out += t), err: (t: string) => assert.fail(t) };
  assert.equal(await runSuggestCommand([file, '--json'], io), 0);
  const json = JSON.parse(out) as { related: { entry: string; score: number }[]; taxonomies: Record<string, { term: string; why: string }[]> };
  assert.ok(json.related.length > 0);
  assert.ok(!json.related.some((r) => r.entry === '2024-04-19-cortos.md'), 'not the post itself');
  assert.equal(new Set(json.related.map((r) => r.entry)).size, json.related.length, 'the two translations of a bundle are one entry');
  assert.ok(json.related.every((r, i) => i === 0 || r.score <= json.related[i - 1].score), 'best first');
  assert.ok(json.taxonomies.tags.every((t) => typeof t.why === 'string' && /posts?$/.test(t.why)));
  out = '';
  assert.equal(await runSuggestCommand([file], io), 0);
  assert.match(out, /^related \(already listed: \d+\):$/m);
  assert.match(out, /^tags \(already: /m);
  let err = '';
  assert.equal(await runSuggestCommand([resolve(__dirname, 'nothing-here.md')], { out: () => undefined, err: (t) => void (err += t) }), 2);
  assert.match(err, /cannot read .*nothing-here\.md: no such file/);
});

test('an edit that changes one post\'s tags patches the shared-terms table: same ranking as a fresh build', async () => {
  const { rankRelatedCandidates } = await import('../../server/src/features/frontMatter/relatedPosts');
  const { service } = await memoryBlog(blog);
  const path = '/blog/content/post/bread-3.md';
  rankRelatedCandidates(service.index, service.index.get(path), new Set(), 5);
  const edited = yamlPost({ title: 'Bread 3', date: '2024-03-03', tags: ['databases', 'cats'] }, COOKING);
  openDoc(service, path, edited);
  const patched = rankRelatedCandidates(service.index, service.index.get(path), new Set(), 9).map((p) => p.path);
  const fresh = await memoryBlog({ ...blog, [path]: edited });
  const rebuilt = rankRelatedCandidates(fresh.service.index, fresh.service.index.get(path), new Set(), 9).map((p) => p.path);
  assert.deepEqual(patched, rebuilt);
  assert.ok(patched.indexOf('/blog/content/post/sql-2.md') < patched.indexOf('/blog/content/post/bread-1.md'), 'the new tag counts');
});

test('a word in most posts keeps no postings; when posts go and it turns telling again, they come back', async () => {
  const { TextIndex } = await import('../../server/src/index/textIndex');
  const index = new TextIndex();
  const post = (i: number) => ({ path: `/p${i}.md`, title: '', data: {}, isSection: false }) as unknown as import('../../server/src/index/postReader').PostEntry;
  for (let i = 0; i < 600; i++) index.add(post(i), `---\n---\nalpha ${i < 3 ? 'omega' : 'beta'} word${String.fromCharCode(97 + (i % 26))}\n`);
  const alpha = (path: string) => index.query(index.vectorFor(path)!, path).ids.map((id) => index.word(id));
  assert.ok(!alpha('/p0.md').includes('alpha'), 'in every post: not searched by');
  assert.ok(index.approximateBytes < 600 * 3 * 16 + 600 * 3 * 8 + 10_000, 'no postings for the common words');
  for (let i = 3; i < 600; i++) if (i % 10 !== 0) index.remove(`/p${i}.md`);
  index.add(post(0), '---\n---\nalpha omega\n');
  for (let i = 1; i < 40; i++) index.add(post(1000 + i), `---\n---\ngamma${String.fromCharCode(97 + (i % 26))} delta\n`);
  // alpha is now in 63 of 102 posts... still common; remove more so it is telling.
  for (let i = 10; i < 600; i += 10) index.remove(`/p${i}.md`);
  assert.ok(alpha('/p0.md').includes('alpha'));
  const similar = index.similar(index.query(index.vectorFor('/p0.md')!, '/p0.md'), 5).map((s) => s.path);
  assert.deepEqual(similar.slice(0, 2).sort(), ['/p1.md', '/p2.md'], 'found through the restored postings and omega');
});

test('the text index is built in the build\'s own slices from the text it reads: no file read twice, completion answers while it builds', async () => {
  const { BlogService } = await import('../../server/src/service');
  const { MemoryWorkspace } = await import('../../server/src/workspace/memoryWorkspace');
  // More posts than one slice of the build, so a request can come between slices.
  const big: Record<string, string> = { ...blog };
  for (let i = 0; i < 600; i++) big[`/blog/content/post/more-${i}.md`] = yamlPost({ title: `More ${i}`, date: '2024-04-01', tags: ['more'] }, i % 2 ? CATS : COOKING);
  const reads = new Map<string, number>();
  class CountingWorkspace extends MemoryWorkspace {
    override async readFile(path: string): Promise<string | undefined> {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return super.readFile(path);
    }
  }
  const service = await BlogService.create({ workspace: new CountingWorkspace(big), folder: '/blog' });
  let during: number | undefined;
  let answeredDuring = false;
  let built = false;
  const building = service.buildIndex().then(() => (built = true));
  while (!built && service.index.text.size === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  if (!built) {
    during = service.index.text.size;
    answeredDuring = complete(service, '/blog/content/post/new.md', NEW_SQL).items.length > 0;
  }
  await building;
  assert.ok(during !== undefined && during > 0 && during < 610, `part of the posts in while the build goes on (${during})`);
  assert.ok(answeredDuring, 'completion answered from what is in');
  assert.equal(service.index.text.isReady, true);
  assert.equal(service.index.text.size, 610, 'every post on disk');
  const readTwice = [...reads].filter(([path, n]) => path.endsWith('.md') && n > 1).map(([path]) => path);
  assert.deepEqual(readTwice, [], 'the text index reads no file again');
  assert.equal(service.index.text.pendingCount, 1, 'the open document waits for its pause');
  service.index.text.flush();
  assert.equal(complete(service, '/blog/content/post/new.md', NEW_SQL).items[0].label, 'databases');
});

test('the language server\'s build: ready with the links, then the words fill in slices; completion answers meanwhile; a replaced index stops filling', async () => {
  const { BlogService } = await import('../../server/src/service');
  const { MemoryWorkspace } = await import('../../server/src/workspace/memoryWorkspace');
  const big: Record<string, string> = { ...blog };
  for (let i = 0; i < 600; i++) big[`/blog/content/post/more-${i}.md`] = yamlPost({ title: `More ${i}`, date: '2024-04-01', tags: ['more'] }, i % 2 ? CATS : COOKING);
  const service = await BlogService.create({ workspace: new MemoryWorkspace(big), folder: '/blog' });
  let answered = false;
  await service.buildIndex(undefined, undefined, () => (answered = true));
  assert.ok(answered && service.isComplete, 'the index is ready');
  assert.equal(service.index.text.isReady, false, 'the words are still going in');
  assert.equal(service.index.text.size, 0, 'the words start once whatever waited for the index has gone');
  assert.ok(complete(service, '/blog/content/post/new.md', NEW_SQL).items.length > 0, 'completion answers meanwhile');
  await service.index.text.whenReady();
  assert.equal(service.index.text.size, 610, 'every post on disk');
  service.index.text.flush();
  assert.equal(complete(service, '/blog/content/post/new.md', NEW_SQL).items[0].label, 'databases');
  // A rebuild while the words go in: the replaced index stops filling.
  const again = await BlogService.create({ workspace: new MemoryWorkspace(big), folder: '/blog' });
  await again.buildIndex(undefined, undefined, () => undefined);
  const old = again.index;
  old.dispose();
  const before = old.text.size;
  assert.equal(before, 0, 'the old index had not started on the words');
  await new Promise<void>((resolve) => setTimeout(resolve, 20));
  assert.equal(old.text.size, before, 'no more words for the replaced index');
  assert.equal(old.text.isReady, true, 'its fill has ended');
  await again.reloadSite();
  await again.index.text.whenReady();
  assert.equal(again.index.text.size, 610);
});
