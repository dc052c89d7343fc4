// `blogAuthor.exclude`: picomatch globs over paths relative to the site root (server/src/settings.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { excludeMatcher, mergeSettings } from '../../server/src/settings';
import { HUGO_CONFIG, memoryBlog, yamlPost } from '../helpers/memoryBlog';

const excluded = (globs: string[], paths: string[]) => {
  const m = excludeMatcher(mergeSettings({ exclude: globs }).exclude);
  return paths.filter(m);
};

test('stars, globstars, ? and a folder on its own', () => {
  const paths = ['content/a/x.md', 'content/a/deep/y.md', 'content/b.md', 'content/archive/2019/z.md', 'content/archives.md'];
  assert.deepEqual(excluded(['content/a/*.md'], paths), ['content/a/x.md']);
  assert.deepEqual(excluded(['content/a/**'], paths), ['content/a/x.md', 'content/a/deep/y.md']);
  assert.deepEqual(excluded(['**/y.md'], paths), ['content/a/deep/y.md']);
  assert.deepEqual(excluded(['content/?.md'], paths), ['content/b.md']);
  // A folder (with or without a trailing slash) leaves out everything under it, not its look-alikes.
  assert.deepEqual(excluded(['content/archive'], paths), ['content/archive/2019/z.md']);
  assert.deepEqual(excluded(['content/archive/'], paths), ['content/archive/2019/z.md']);
  assert.deepEqual(excluded([], paths), []);
});

test('character classes, braces and extglobs', () => {
  const paths = ['content/a/x.md', 'content/b/x.md', 'content/c/x.md', 'content/drafts/d.md', 'content/posts/p.md'];
  assert.deepEqual(excluded(['content/[ab]/*.md'], paths), ['content/a/x.md', 'content/b/x.md']);
  assert.deepEqual(excluded(['content/[!a]/*.md'], paths), ['content/b/x.md', 'content/c/x.md']);
  assert.deepEqual(excluded(['content/{a,c}/**'], paths), ['content/a/x.md', 'content/c/x.md']);
  // Everything but the drafts folder.
  assert.deepEqual(excluded(['content/!(drafts)/**'], paths), ['content/a/x.md', 'content/b/x.md', 'content/c/x.md', 'content/posts/p.md']);
  assert.deepEqual(excluded(['content/@(a|posts)/*'], paths), ['content/a/x.md', 'content/posts/p.md']);
  assert.deepEqual(excluded(['content/*/+(d|p).md'], paths), ['content/drafts/d.md', 'content/posts/p.md']);
});

test('Windows backslashes in the setting are folder separators', () => {
  const paths = ['content/drafts/wip.md', 'content/drafts/old/x.md', 'content/posts/p.md'];
  assert.deepEqual(excluded(['content\\drafts\\**'], paths), ['content/drafts/wip.md', 'content/drafts/old/x.md']);
  assert.deepEqual(excluded(['content\\drafts'], paths), ['content/drafts/wip.md', 'content/drafts/old/x.md']);
  assert.deepEqual(excluded(['content\\*\\p.md'], paths), ['content/posts/p.md']);
});

test('dotfiles and dot folders match like any other name', () => {
  const paths = ['content/.notes/a.md', 'content/posts/.wip.md', 'content/posts/p.md'];
  assert.deepEqual(excluded(['content/**'], paths), paths);
  assert.deepEqual(excluded(['content/posts/*'], paths), ['content/posts/.wip.md', 'content/posts/p.md']);
  assert.deepEqual(excluded(['**/.*'], paths), ['content/.notes/a.md', 'content/posts/.wip.md']);
});

test('a malformed glob excludes nothing and does not throw', () => {
  assert.deepEqual(excluded(['content/[a'], ['content/a/x.md', 'content/[a']), ['content/[a'], 'an unclosed [ is a literal');
  assert.doesNotThrow(() => excluded(['content/!(', '***', '{{{'], ['content/a.md']));
});

test('the index leaves excluded files out, when built and when one is created later', async () => {
  const files = {
    '/blog/hugo.toml': HUGO_CONFIG,
    '/blog/content/a/x.md': yamlPost({ title: 'A' }),
    '/blog/content/b/x.md': yamlPost({ title: 'B' }),
    '/blog/content/c/x.md': yamlPost({ title: 'C' }),
    '/blog/content/drafts/d.md': yamlPost({ title: 'D' }),
  };
  const { service, workspace } = await memoryBlog(files, { exclude: ['content/[ab]/*.md', 'content/drafts'] });
  assert.deepEqual(service.index.postsByRecency().map((p) => p.path).sort(), ['/blog/content/c/x.md']);
  workspace.write('/blog/content/a/new.md', yamlPost({ title: 'New' }));
  await service.fileChangedOnDisk('/blog/content/a/new.md', 'created');
  workspace.write('/blog/content/c/new.md', yamlPost({ title: 'New C' }));
  await service.fileChangedOnDisk('/blog/content/c/new.md', 'created');
  assert.equal(service.index.get('/blog/content/a/new.md'), undefined);
  assert.ok(service.index.get('/blog/content/c/new.md'));
});
