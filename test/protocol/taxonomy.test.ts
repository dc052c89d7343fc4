/** The taxonomy explorer's requests, tag hygiene, merge and new post over LSP, as any editor would use them. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { startServer, type TestServer } from '../helpers/lspClient';

interface TermGroup {
  term: string;
  count: number;
  spellings: { term: string; count: number }[];
}

describe('taxonomy explorer over LSP: Hugo YAML fixture', () => {
  let server: TestServer;
  const applied: { label?: string; edit: WorkspaceEdit }[] = [];
  before(async () => {
    server = await startServer('hugo-yaml');
    // The client decides: this one records the edit and reports it applied without writing anything.
    server.connection.onRequest('workspace/applyEdit', (p: { label?: string; edit: WorkspaceEdit }) => {
      applied.push(p);
      return { applied: true };
    });
    server.connection.onRequest('window/showDocument', () => ({ success: true }));
  });
  after(() => server.stop());

  test('taxonomies, their terms with counts (variants grouped), sorted by count or name, and their posts', async () => {
    const taxonomies: { name: string; terms: number }[] = await server.connection.sendRequest('blogAuthor/taxonomies', {});
    assert.deepEqual(taxonomies.map((t) => [t.name, t.terms]), [['tags', 6], ['categories', 2]]);
    const terms: TermGroup[] = await server.connection.sendRequest('blogAuthor/taxonomyTerms', { taxonomy: 'tags', sort: 'count' });
    assert.deepEqual(terms[0], { term: 'R', count: 6, spellings: [{ term: 'R', count: 5 }, { term: 'r', count: 1 }] });
    const byName: TermGroup[] = await server.connection.sendRequest('blogAuthor/taxonomyTerms', { taxonomy: 'tags', sort: 'name' });
    assert.deepEqual(byName.map((t) => t.term), [...byName.map((t) => t.term)].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' })));
    const posts: { uri: string; title: string; date: string; spelling: string }[] = await server.connection.sendRequest('blogAuthor/termPosts', { taxonomy: 'tags', term: 'r' });
    assert.equal(posts.length, 6);
    assert.ok(posts.some((p) => p.uri === server.uri('content/post/2024-03-21-cortos.md') && p.spelling === 'r'));
    assert.deepEqual(posts.map((p) => p.date), [...posts.map((p) => p.date)].sort().reverse(), 'newest first');
  });

  test('tag hygiene report names the merges', async () => {
    const report: { taxonomy: string; variants: { merge: { from: string[]; to: string } }[]; usedOnce: string[] }[] = await server.connection.sendRequest('blogAuthor/taxonomyHygiene', {});
    const tags = report.find((t) => t.taxonomy === 'tags')!;
    assert.deepEqual(tags.variants.map((v) => v.merge), [{ taxonomy: 'tags', from: ['r'], to: 'R' }, { taxonomy: 'tags', from: ['márketing'], to: 'marketing' }]);
    assert.ok(tags.usedOnce.includes('bayes'));
  });

  test('workspace/executeCommand blog-author.mergeTerms sends the rename edit through workspace/applyEdit; the server writes nothing', async () => {
    const file = join(server.root, 'content/post/2024-03-21-cortos.md');
    const before = readFileSync(file, 'utf8');
    const preview: WorkspaceEdit = await server.connection.sendRequest('blogAuthor/mergeTermsEdit', { taxonomy: 'tags', from: ['r'], to: 'R' });
    const result: { applied: boolean; files: number } = await server.connection.sendRequest('workspace/executeCommand', { command: 'blog-author.mergeTerms', arguments: [{ taxonomy: 'tags', from: ['r'], to: 'R' }] });
    assert.deepEqual(result, { applied: true, files: 1 });
    const sent = applied.at(-1)!;
    assert.equal(sent.label, "Merge 'r' into 'R'");
    assert.deepEqual(sent.edit, preview, 'the edit applied is the one previewed');
    const edits = sent.edit.changes![server.uri('content/post/2024-03-21-cortos.md')];
    assert.equal(edits.length, 1);
    assert.equal(edits[0].newText, 'R');
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  test('workspace/executeCommand blog-author.newPost: plan, create through applyEdit, cursor in the first empty list', async () => {
    const options: { sections: { name: string }[] } = await server.connection.sendRequest('blogAuthor/newPostOptions', {});
    assert.equal(options.sections[0].name, 'post');
    const plan: { relPath: string; text: string; cursor: { line: number; character: number } } = await server.connection.sendRequest('blogAuthor/newPostPlan', { title: 'Un post nuevo', now: '2025-01-02T03:04:05Z' });
    assert.equal(plan.relPath, 'content/post/2025-01-02-un-post-nuevo.md');
    assert.match(plan.text, /^---\n(.*\n)*title: Un post nuevo\n(.*\n)*tags: \[\]\n(.*\n)*---\n/);
    const tagsLine = plan.text.split('\n').findIndex((l) => l.startsWith('tags: []'));
    const firstList = plan.text.split('\n').findIndex((l) => /: \[\]$/.test(l));
    assert.deepEqual(plan.cursor, { line: firstList, character: plan.text.split('\n')[firstList].indexOf('[') + 1 });
    assert.ok(tagsLine >= 0);
    const result: { applied: boolean; uri: string } = await server.connection.sendRequest('workspace/executeCommand', { command: 'blog-author.newPost', arguments: [{ title: 'Un post nuevo', now: '2025-01-02T03:04:05Z' }] });
    assert.equal(result.applied, true);
    assert.equal(result.uri, server.uri('content/post/2025-01-02-un-post-nuevo.md'));
    const sent = applied.at(-1)!.edit.documentChanges as unknown as [{ kind: string; uri: string }, { edits: { newText: string }[] }];
    assert.deepEqual([sent[0].kind, sent[0].uri], ['create', result.uri]);
    assert.equal(sent[1].edits[0].newText, plan.text);
    assert.ok(!existsSync(join(server.root, plan.relPath)), 'the client creates the file, not the server');
  });

  test('blogAuthor/taxonomiesChanged follows a change of terms', async () => {
    const count = () => server.notifications.filter((n) => n.method === 'blogAuthor/taxonomiesChanged').length;
    const deadline = Date.now() + 5000;
    while (count() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const before = count();
    await server.open('content/post/2025-05-05-nuevo.md', '---\ntitle: Nuevo\ntags:\n- brand-new-tag\n---\n');
    while (count() === before && Date.now() < deadline + 5000) await new Promise((r) => setTimeout(r, 100));
    assert.ok(count() > before, 'a notification after the edit');
    const terms: TermGroup[] = await server.connection.sendRequest('blogAuthor/taxonomyTerms', { taxonomy: 'tags' });
    assert.ok(terms.some((t) => t.term === 'brand-new-tag'));
  });
});
