/** The taxonomy explorer's data, tag hygiene, merges and new posts, on in-memory blogs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { evaluateArchetype, formatDate } from '../../server/src/features/taxonomy/archetype';
import { taxonomySummaries, taxonomyTerms, termPosts } from '../../server/src/features/taxonomy/explorer';
import { formatHygiene, hygieneReport, taxonomyHygiene } from '../../server/src/features/taxonomy/hygiene';
import { cursorIn, newPostOptions, planNewPost, slugify } from '../../server/src/features/taxonomy/newPost';
import { mergeTermsEdit } from '../../server/src/features/taxonomy/requests';
import type { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';
import { pathToUri, uriToPath } from '../../server/src/workspace/uri';
import { HUGO_CONFIG, memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const blog = {
  '/blog/hugo.toml': HUGO_CONFIG + '[taxonomies]\n  tag = "tags"\n  category = "categories"\n  serie = "series"\n',
  '/blog/content/post/2024-04-19-cortos.md': yamlPost({ title: 'Más cortos', date: '2024-04-19', tags: ['llms', 'R'], categories: ['cortos'], series: ['llms'] }),
  '/blog/content/post/2024-07-18-cortos-llms.md': yamlPost({ title: 'Cortos julio', date: '2024-07-18', tags: ['llms', 'r'], categories: ['cortos'] }),
  '/blog/content/post/2024-03-21-cortos.md': yamlPost({ title: 'Cortos marzo', date: '2024-03-21', tags: ['R', 'márketing', 'modelo'], categories: ['cortos'] }),
  '/blog/content/post/2023-01-01-r.md': yamlPost({ title: 'Sobre R', date: '2023-01-01', tags: ['R', 'marketing', 'modelos'], categories: ['estadística'] }),
  '/blog/content/post/2023-02-01-r.md': yamlPost({ title: 'Más R', date: '2023-02-01', tags: ['R', 'r', 'estadistica', 'python2'] }),
  '/blog/content/post/toml.md': '+++\ntitle = "TOML post"\ndate = 2022-01-01\ntags = ["R", "estadística", "python3"]\n+++\nBody\n',
  '/blog/content/post/_index.md': yamlPost({ title: 'Posts' }),
};

function applyAll(edit: WorkspaceEdit, workspace: MemoryWorkspace): Promise<Record<string, string>> {
  return Promise.all(
    Object.entries(edit.changes ?? {}).map(async ([uri, edits]) => {
      const path = uriToPath(uri);
      const doc = TextDocument.create(uri, 'markdown', 0, (await workspace.readFile(path))!);
      return [path, TextDocument.applyEdits(doc, edits as TextEdit[])] as const;
    }),
  ).then((pairs) => Object.fromEntries(pairs));
}

test('explorer: every configured taxonomy with term and use counts', async () => {
  const { service } = await memoryBlog(blog);
  assert.deepEqual(taxonomySummaries(service), [
    { name: 'tags', singular: 'tag', terms: 8, uses: 17 },
    { name: 'categories', singular: 'category', terms: 2, uses: 4 },
    { name: 'series', singular: 'serie', terms: 1, uses: 1 },
  ]);
});

test('explorer: terms by count with case/accent variants grouped under the majority spelling; by name', async () => {
  const { service } = await memoryBlog(blog);
  const terms = taxonomyTerms(service, 'tags', 'count');
  assert.deepEqual(terms[0], { term: 'R', count: 6, spellings: [{ term: 'R', count: 5 }, { term: 'r', count: 2 }] }, 'a post with both R and r counts once');
  // A tie between spellings goes to the first in code-point order, so the answer does not depend on file order.
  assert.deepEqual(terms.find((t) => t.term === 'estadistica')?.spellings, [{ term: 'estadistica', count: 1 }, { term: 'estadística', count: 1 }]);
  assert.deepEqual(terms.map((t) => `${t.term} ${t.count}`), ['R 6', 'estadistica 2', 'llms 2', 'marketing 2', 'modelo 1', 'modelos 1', 'python2 1', 'python3 1']);
  const byName = taxonomyTerms(service, 'tags', 'name').map((t) => t.term);
  assert.deepEqual(byName, ['estadistica', 'llms', 'marketing', 'modelo', 'modelos', 'python2', 'python3', 'R']);
  assert.equal(byName.length, terms.length);
});

test('explorer: the posts of a term, newest first, with the spelling each uses; section pages left out', async () => {
  const { service } = await memoryBlog(blog);
  const posts = termPosts(service, 'tags', 'R');
  assert.deepEqual(posts.map((p) => [p.title, p.date, p.spelling]), [
    ['Cortos julio', '2024-07-18', 'r'],
    ['Más cortos', '2024-04-19', 'R'],
    ['Cortos marzo', '2024-03-21', 'R'],
    ['Más R', '2023-02-01', 'R'],
    ['Sobre R', '2023-01-01', 'R'],
    ['TOML post', '2022-01-01', 'R'],
  ]);
  assert.equal(posts[0].uri, pathToUri('/blog/content/post/2024-07-18-cortos-llms.md'));
  assert.equal(posts[0].path, 'content/post/2024-07-18-cortos-llms.md');
});

test('explorer: follows edits live (a new term appears, a removed one goes)', async () => {
  const { service } = await memoryBlog(blog);
  assert.ok(!taxonomyTerms(service, 'tags').some((t) => t.term === 'nuevo'));
  openDoc(service, '/blog/content/post/2022-05-05-new.md', yamlPost({ title: 'New', date: '2022-05-05', tags: ['nuevo'] }));
  assert.deepEqual(taxonomyTerms(service, 'tags').find((t) => t.term === 'nuevo'), { term: 'nuevo', count: 1, spellings: [{ term: 'nuevo', count: 1 }] });
  assert.equal(termPosts(service, 'tags', 'nuevo')[0].title, 'New');
  openDoc(service, '/blog/content/post/2022-05-05-new.md', yamlPost({ title: 'New', date: '2022-05-05', tags: ['llms'] }));
  assert.ok(!taxonomyTerms(service, 'tags').some((t) => t.term === 'nuevo'));
  assert.equal(taxonomyTerms(service, 'tags').find((t) => t.term === 'llms')?.count, 3);
});

test('explorer: Jekyll tags and categories', async () => {
  const { service } = await memoryBlog({
    '/blog/_config.yml': 'title: J\n',
    '/blog/_posts/2024-01-02-hola.md': '---\ntitle: Hola\ntags: [ruby, jekyll]\ncategories: notes\n---\nx\n',
    '/blog/_posts/2024-02-03-adios.md': '---\ntitle: Adiós\ntags: [Ruby]\n---\nx\n',
  });
  assert.deepEqual(taxonomySummaries(service).map((t) => [t.name, t.terms]), [['tags', 2], ['categories', 1]]);
  assert.deepEqual(taxonomyTerms(service, 'tags')[0], { term: 'Ruby', count: 2, spellings: [{ term: 'Ruby', count: 1 }, { term: 'ruby', count: 1 }] });
  assert.deepEqual(termPosts(service, 'tags', 'ruby').map((p) => [p.title, p.date]), [['Adiós', '2024-02-03'], ['Hola', '2024-01-02']]);
});

test('hygiene: used once, variants, near-duplicates (plural, typo) but not versions or short terms', async () => {
  const { service } = await memoryBlog({ ...blog, '/blog/content/post/x.md': yamlPost({ title: 'X', tags: ['llm', 'go', 'js', 'markting'] }) });
  const h = taxonomyHygiene(service, 'tags');
  assert.deepEqual(h.variants.map((v) => v.merge), [
    { taxonomy: 'tags', from: ['r'], to: 'R' },
    { taxonomy: 'tags', from: ['estadística'], to: 'estadistica' },
    { taxonomy: 'tags', from: ['márketing'], to: 'marketing' },
  ]);
  const near = h.nearDuplicates.map((d) => `${d.b.term}→${d.a.term}:${d.why}`).sort();
  assert.deepEqual(near, ['llm→llms:plural', 'markting→marketing:typo', 'modelos→modelo:plural'].sort());
  assert.ok(!near.some((n) => n.includes('python')), 'python2/python3 are versions, not typos');
  assert.ok(h.usedOnce.includes('go') && h.usedOnce.includes('python2') && !h.usedOnce.includes('R'));
  assert.match(formatHygiene(hygieneReport(service)), /'markting' \(1\) ~ 'marketing' \(2\) \[typo\] → merge into 'marketing'/);
});

test('merge: the rename edit of every spelling; duplicates in a post collapse; TOML and quoting kept', async () => {
  const { service, workspace } = await memoryBlog(blog);
  const edit = await mergeTermsEdit(service, { taxonomy: 'tags', from: ['r'], to: 'R' });
  const after = await applyAll(edit, workspace);
  assert.deepEqual(Object.keys(after).sort(), ['/blog/content/post/2023-02-01-r.md', '/blog/content/post/2024-07-18-cortos-llms.md']);
  assert.match(after['/blog/content/post/2024-07-18-cortos-llms.md'], /tags:\n- llms\n- R\n/);
  assert.match(after['/blog/content/post/2023-02-01-r.md'], /tags:\n- R\n- estadistica\n/, 'the second R goes');
  const into = await mergeTermsEdit(service, { taxonomy: 'tags', from: ['estadistica'], to: 'statistics', withVariants: true });
  const after2 = await applyAll(into, workspace);
  assert.match(after2['/blog/content/post/toml.md'], /tags = \["R", "statistics", "python3"\]/);
  assert.match(after2['/blog/content/post/2023-02-01-r.md'], /- statistics\n/, 'the variant spelling too');
  assert.deepEqual(await mergeTermsEdit(service, { taxonomy: 'tags', from: ['R'], to: 'R' }), { changes: {} });
});

test('archetype: .Date, title from the file name gets the typed title, .Site values, pipes, unknown actions vanish', () => {
  const date = new Date(2024, 3, 19, 18, 55, 31);
  const ctx = { title: 'Regresión "logística"', name: 'regresion-logistica', section: 'post', date, site: { title: 'Datanalytics', baseURL: 'https://x.org/', params: { author: 'Carlos' }, language: 'es' } };
  const out = evaluateArchetype(
    [
      '---',
      'title: "{{ replace .File.ContentBaseName "-" " " | title }}"',
      'date: {{ .Date }}',
      'slugTitle: {{ replace .Name "-" " " | title }}',
      "site: '{{ .Site.Title }}'",
      'author: {{ .Site.Params.author }}',
      'day: {{ now.Format "2006-01-02" }}',
      'month: {{ dateFormat "Jan 2006" .Date }}',
      'weird: {{ partial "x" . }}',
      '{{- if .Site.Params.math }}',
      'math: true',
      '{{- end }}',
      'tags: []',
      '---',
    ].join('\n'),
    ctx,
  );
  const off = formatDate(date, '-07:00');
  assert.equal(
    out,
    ['---', 'title: "Regresión \\"logística\\""', `date: 2024-04-19T18:55:31${off}`, 'slugTitle: Regresion Logistica', "site: 'Datanalytics'", 'author: Carlos', 'day: 2024-04-19', 'month: Apr 2024', 'weird: ', 'math: true', 'tags: []', '---'].join('\n'),
  );
});

test('new post: archetype of the section, name learnt from the posts (date prefix, accents stripped), cursor in the first empty list', async () => {
  const { service } = await memoryBlog({
    ...blog,
    '/blog/archetypes/post.md': '---\ntitle: "{{ replace .File.ContentBaseName "-" " " | title }}"\ndate: {{ .Date }}\ndraft: true\ntags: []\ncategories: []\n---\n',
    '/blog/archetypes/default.md': "+++\ntitle = '{{ .Name }}'\n+++\n",
  });
  const plan = await planNewPost(service, { title: 'Regresión logística: II', now: '2025-06-07T10:11:12Z' });
  assert.equal(plan.relPath, 'content/post/2025-06-07-regresion-logistica-ii.md');
  assert.equal(plan.archetype, 'archetypes/post.md');
  assert.match(plan.text, /^---\ntitle: "Regresión logística: II"\ndate: 2025-06-07T\d\d:11:12[+-]\d\d:\d\d\ndraft: true\ntags: \[\]\ncategories: \[\]\n---\n$/);
  assert.deepEqual(plan.cursor, { line: 4, character: 7 });
  // Another section falls back on default.md (TOML as written)
  const other = await planNewPost(service, { title: 'Sobre mí', section: 'about', now: '2025-06-07T10:11:12Z' });
  assert.equal(other.relPath, 'content/about/sobre-mi.md');
  assert.equal(other.text, "+++\ntitle = 'Sobre mí'\n+++\n");
  // A path out of the content folder is not a section
  const sneaky = await planNewPost(service, { title: 'x', section: '../../etc', now: '2025-06-07T10:11:12Z' });
  assert.ok(sneaky.path.startsWith('/blog/content/post/'));
});

test('new post: no archetype → the typical keys of the section, in its format; bundles and name clashes', async () => {
  const { service } = await memoryBlog({
    '/blog/hugo.toml': HUGO_CONFIG,
    '/blog/content/blog/first_post/index.md': '+++\ntitle = "First"\ndate = 2024-01-01\nauthor = "Ana"\ntags = ["a"]\ndescription = "d1"\nweight = 3\n+++\n',
    '/blog/content/blog/second_post/index.md': '+++\ntitle = "Second"\ndate = 2024-02-01\nauthor = "Ana"\ntags = ["b"]\ndescription = "d2"\n+++\n',
    '/blog/content/blog/new_title/index.md': '+++\ntitle = "Taken"\ndate = 2024-03-01\nauthor = "Ana"\ntags = ["b"]\n+++\n',
    '/blog/content/notes/n.md': '---\ntitle: N\n---\n',
  });
  assert.deepEqual(newPostOptions(service).sections.map((s) => s.name), ['blog', 'notes']);
  const plan = await planNewPost(service, { title: 'New Title', section: 'blog', now: '2025-06-07T10:11:12Z' });
  assert.equal(plan.relPath, 'content/blog/new_title_2/index.md', 'bundle, underscores, no date prefix; the taken name gets a number');
  assert.equal(plan.archetype, undefined);
  assert.equal(plan.text, '+++\ntitle = "New Title"\ndate = 2025-06-07\nauthor = "Ana"\ntags = []\ndescription = ""\n+++\n\n');
  assert.deepEqual(plan.cursor, { line: 4, character: 8 });
});

test('new post: Jekyll _posts naming and date format', async () => {
  const { service } = await memoryBlog({
    '/blog/_config.yml': 'title: J\n',
    '/blog/_posts/2024-01-02-hola.md': '---\nlayout: post\ntitle: Hola\ntags: [ruby]\n---\nx\n',
    '/blog/_posts/2024-02-03-adios.md': '---\nlayout: post\ntitle: Adiós\ntags: [jekyll]\n---\nx\n',
  });
  const plan = await planNewPost(service, { title: 'Qué tal', now: '2025-06-07T10:11:12Z' });
  assert.equal(plan.relPath, '_posts/2025-06-07-que-tal.md');
  assert.equal(plan.text, '---\nlayout: post\ntitle: Qué tal\ntags: []\n---\n\n', 'the date is in the file name, as in the posts');
  const dated = await memoryBlog({
    '/blog/_config.yml': 'title: J\n',
    '/blog/_posts/2024-01-02-hola.md': '---\ntitle: Hola\ndate: 2024-01-02 10:00:00 +0100\ntags: [ruby]\n---\nx\n',
  });
  assert.match((await planNewPost(dated.service, { title: 'Qué tal', now: '2025-06-07T10:11:12Z' })).text, /^---\ntitle: Qué tal\ndate: 2025-06-07 \d\d:11:12 [+-]\d{4}\ntags: \[\]\n---\n\n$/);
});

test('slugs and cursor placement', () => {
  assert.equal(slugify('  ¿Qué es R? ', { separator: '-', keepAccents: false }), 'que-es-r');
  assert.equal(slugify('Qué es R', { separator: '_', keepAccents: true }), 'qué_es_r');
  assert.deepEqual(cursorIn('---\ntitle: x\n---\n\nBody'), { line: 4, character: 0 });
  assert.deepEqual(cursorIn('+++\ntitle = "x"\ntags = [ ]\n+++\n'), { line: 2, character: 8 });
});

test('new post: a language folder is not the section; year folders are learnt; the archetype is the section type', async () => {
  const { service } = await memoryBlog({
    '/blog/hugo.toml': HUGO_CONFIG + '[languages.en]\nweight = 1\n[languages.es]\nweight = 2\n',
    '/blog/archetypes/blog.md': '---\ntitle: "{{ .Name }}"\ntype: {{ .Type }}\ntags: []\n---\n',
    '/blog/content/en/blog/2023/a.md': yamlPost({ title: 'A', date: '2023-01-01' }),
    '/blog/content/en/blog/2024/b.md': yamlPost({ title: 'B', date: '2024-01-01' }),
    '/blog/content/en/blog/2024/c.md': yamlPost({ title: 'C', date: '2024-02-01' }),
    '/blog/content/en/docs/d.md': yamlPost({ title: 'D' }),
  });
  assert.deepEqual(newPostOptions(service).sections.map((s) => s.name), ['en/blog', 'en/docs']);
  const plan = await planNewPost(service, { title: 'New one', section: 'en/blog', now: '2025-06-07T10:11:12Z' });
  assert.equal(plan.relPath, 'content/en/blog/2025/new-one.md');
  assert.equal(plan.archetype, 'archetypes/blog.md');
  assert.equal(plan.text, '---\ntitle: "New one"\ntype: blog\ntags: []\n---\n');
});

test('archetype evaluation and cursor placement never throw on any text', async () => {
  const fc = await import('fast-check');
  const ctx = { title: 't', name: 'n', section: 's', date: new Date(0), site: { params: {}, language: 'en' } };
  const piece = fc.constantFrom('{{', '}}', '{{-', '-}}', '"', '`', '|', '(', ')', '.Date', '.Site.Params.x', 'replace', 'title', 'now.Format', ' ', '\n', '---', '+++', 'tags: []', 'x');
  fc.assert(
    fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 30 }), (parts) => {
      const text = parts.join('');
      assert.equal(typeof evaluateArchetype(text, ctx), 'string');
      const c = cursorIn(text);
      assert.ok(c.line >= 0 && c.character >= 0);
    }),
    { numRuns: 500 },
  );
});
