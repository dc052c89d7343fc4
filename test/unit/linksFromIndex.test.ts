/**
 * The links of a document the index has read (check's files, an open document the index follows) are
 * the index's parse of that text, not a second one; any other text is parsed for itself.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { linkDiagnostics, resolvedLinks } from '../../server/src/features/links/feature';
import { BlogIndex } from '../../server/src/index/blogIndex';
import { mergeSettings } from '../../server/src/settings';
import { loadSiteModel } from '../../server/src/site/siteModel';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';
import { pathToUri } from '../../server/src/workspace/uri';
import { HUGO_CONFIG, memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const SOURCE = '/blog/content/posts/source.md';
const FILES: Record<string, string> = {
  '/blog/hugo.toml': HUGO_CONFIG,
  '/blog/content/posts/old.md': yamlPost({ title: 'Old post', aliases: ['/old-path/'] }),
  [SOURCE]: yamlPost({ title: 'Source' }, 'See [old](/old-path/) and [gone](/old-pat/).\n'),
};


test('an open document the index has followed: its links are the entry’s, and diagnostics are the same', async () => {
  const { service } = await memoryBlog(FILES);
  const text = yamlPost({ title: 'Source' }, 'See [old](/old-path/), [gone](/old-pat/) and [new](/old-pah/).\n');
  const { doc } = openDoc(service, SOURCE, text);
  const entry = service.index.get(SOURCE)!;
  assert.equal(entry.links.length, 3);
  const links = resolvedLinks(service, doc).map((r) => r.link);
  assert.equal(links.length, 3);
  links.forEach((l, i) => assert.equal(l, entry.links[i], `link ${i} is the index's object, not a second parse`));
  const diags = linkDiagnostics(service, doc);
  assert.deepEqual(diags.map((d) => doc.getText(d.range)).sort(), ['/old-pah/', '/old-pat/']);

  // A version the index has not read (an edit not passed on yet): parsed from the document's own text.
  const edited = TextDocument.create(doc.uri, 'markdown', doc.version + 1, text.replace('/old-pah/', '/old-path/#top'));
  const editedLinks = resolvedLinks(service, edited).map((r) => r.link);
  assert.equal(editedLinks.length, 3);
  assert.notEqual(editedLinks[0], entry.links[0]);
  assert.deepEqual(linkDiagnostics(service, edited).map((d) => edited.getText(d.range)), ['/old-pat/']);
  assert.deepEqual(editedLinks.map((l) => l.targetSpan), entry.links.map((l, i) => (i < 2 ? l.targetSpan : editedLinks[2].targetSpan)));

  // Closed: the disk's text counts again, and the editor's text is no longer the index's.
  await service.documentClosed(doc.uri);
  assert.equal(service.index.linksRead(SOURCE, text), undefined);
  assert.equal(service.index.get(SOURCE)!.links.length, 2);
});

test('a document read from disk by the index, not kept: parsed for itself, with the same result', async () => {
  const { service } = await memoryBlog(FILES);
  const doc = TextDocument.create(pathToUri(SOURCE), 'markdown', 0, FILES[SOURCE]);
  assert.equal(service.index.textRead(SOURCE), undefined, 'the editor index keeps no disk texts');
  const links = resolvedLinks(service, doc).map((r) => r.link);
  assert.notEqual(links[0], service.index.get(SOURCE)!.links[0]);
  assert.deepEqual(links, service.index.get(SOURCE)!.links);
  assert.deepEqual(linkDiagnostics(service, doc).map((d) => doc.getText(d.range)), ['/old-pat/']);
});

test('keepTexts: every text the build reads is kept until released, and linksRead holds only for that text', async () => {
  const workspace = new MemoryWorkspace(FILES);
  const site = await loadSiteModel(workspace, '/blog');
  const index = new BlogIndex(site, workspace, mergeSettings({}));
  index.keepTexts();
  await index.build();
  assert.equal(index.textRead(SOURCE), FILES[SOURCE]);
  assert.equal(index.textRead('/blog/content/posts/old.md'), FILES['/blog/content/posts/old.md']);
  assert.equal(index.linksRead(SOURCE, FILES[SOURCE]), index.get(SOURCE)!.links);
  assert.equal(index.linksRead(SOURCE, FILES[SOURCE] + ' '), undefined, 'another text is not the one read');
  assert.equal(index.linksRead('/blog/content/posts/old.md', FILES[SOURCE]), undefined, 'nor another file’s text');
  index.releaseText(SOURCE);
  assert.equal(index.textRead(SOURCE), undefined);
  assert.equal(index.linksRead(SOURCE, FILES[SOURCE]), undefined);
  // An update keeps its text too while texts are kept; a removal forgets it.
  const next = yamlPost({ title: 'Source' }, '[x](/old-path/)\n');
  index.update(SOURCE, next);
  assert.equal(index.linksRead(SOURCE, next)?.[0].target, '/old-path/');
  index.remove(SOURCE);
  assert.equal(index.textRead(SOURCE), undefined);
  assert.equal(index.linksRead(SOURCE, next), undefined);
});
