import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TermPostingsBuilder } from '../../server/src/index/blogIndex';
import { detach, detachedSlice } from '../../server/src/parse/detach';
import { sharedTermCandidates } from '../../server/src/features/frontMatter/relatedPosts';
import { HUGO_CONFIG, memoryBlog, yamlPost } from '../helpers/memoryBlog';
import { BlogService } from '../../server/src/service';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';

const files = {
  '/blog/hugo.toml': HUGO_CONFIG,
  '/blog/content/post/a.md': yamlPost({ title: 'A', date: '2024-01-01', tags: ['R', 'r', 'llms'], related: ['b', 'b.md', ' c.md ', 'sub/d.md', 'none.md'] }),
  '/blog/content/post/b.md': yamlPost({ title: 'B', date: '2024-02-01', tags: ['R'], related: ['b.md'] }),
  '/blog/content/post/c.md': yamlPost({ title: 'C', date: '2024-03-01', tags: ['Llms'] }),
  '/blog/content/post/sub/d.md': yamlPost({ title: 'D', date: '2024-04-01', tags: ['r'] }),
};

test('detach: the same string, equal and usable, short or long', () => {
  const text = 'x'.repeat(1000) + 'a long front matter value' + 'y'.repeat(1000);
  const cut = text.slice(1000, 1025);
  assert.equal(detach(cut), 'a long front matter value');
  assert.equal(detach('short'), 'short');
  assert.equal(detach(''), '');
  assert.equal(detachedSlice(text, 1000, 1025), 'a long front matter value');
  assert.equal(detachedSlice(text, 1000, 1005), 'a lon');
  assert.equal(detachedSlice(text, 7, 7), '');
});

test('related entries are counted per post as posts come, change and go', async () => {
  const { service } = await memoryBlog(files);
  const idx = service.index;
  assert.equal(idx.relatedEntryTotal, 6);
  assert.equal(idx.relatedEntries().get('b.md'), 2);
  assert.ok(idx.hasBareName('b') && idx.hasBareName('b.md') && !idx.hasBareName('none.md') && !idx.hasBareName('b.txt'));
  assert.deepEqual(idx.byBareName('b').map((p) => p.title), ['B']);
  idx.update('/blog/content/post/b.md', yamlPost({ title: 'B', tags: ['R'] }));
  assert.equal(idx.relatedEntries().get('b.md'), 1);
  assert.equal(idx.relatedEntryTotal, 5);
  idx.remove('/blog/content/post/a.md');
  assert.equal(idx.relatedEntryTotal, 0);
  assert.equal(idx.relatedEntries().size, 0);
  // Keys come from the front matter itself (no copy kept on the entry).
  assert.deepEqual(Object.keys(idx.get('/blog/content/post/b.md')!.data), ['title', 'tags']);
});

test('the ranking table the first build fills is the one built on the first request', async () => {
  // Built as the language server builds (two phases): the CLI's one-pass build fills none.
  const service = await BlogService.create({ workspace: new MemoryWorkspace(files), folder: '/blog' });
  await service.buildIndex(undefined, undefined, () => {});
  const idx = service.index;
  const fresh = new TermPostingsBuilder();
  for (const p of idx.posts.values()) if (!p.isSection) fresh.add(p);
  const seeded = idx.takeTermPostings()!;
  assert.ok(seeded, 'the build filled it');
  assert.deepEqual(seeded.byTerm, fresh.postings.byTerm);
  assert.deepEqual(seeded.paths, fresh.postings.paths);
  assert.deepEqual([...seeded.byTerm.keys()].sort(), ['tags:llms', 'tags:r']);
  assert.deepEqual(seeded.byTerm.get('tags:r'), [0, 1, 3], 'R and r in one post count once');
  assert.equal(idx.takeTermPostings(), undefined, 'taken once');
  const { service: cli } = await memoryBlog(files);
  assert.equal(cli.index.takeTermPostings(), undefined, 'a one-pass build fills none');
  // Taken already: the ranking builds its own and answers the same.
  const a = idx.get('/blog/content/post/a.md')!;
  assert.deepEqual(sharedTermCandidates(idx, a, 10).map((c) => c.post.title), ['C', 'D', 'B'], 'the rarer term first, then the newer post');
});

test('a post added twice while building drops the filled table (the ranking builds its own)', () => {
  const b = new TermPostingsBuilder();
  const post = { path: '/p.md', date: undefined, terms: new Map([['tags', ['x']]]) } as never;
  assert.equal(b.add(post), true);
  assert.equal(b.add(post), false);
});

test('the index holds no post text: 120 posts of 60 KB add a small part of their size to the heap, in one pass and in two', async () => {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // Each read makes the text anew (nothing else holds it): what stays after the build is what the index keeps.
  class FreshTexts extends MemoryWorkspace {
    override async readFile(path: string): Promise<string | undefined> {
      const stub = await super.readFile(path);
      if (stub === undefined || !path.endsWith('.md')) return stub;
      const n = Number(/(\d+)\.md$/.exec(path)![1]);
      return stub + `Post ${n} links [the next one](/posts/post-${n + 1}/).\n\n` + `Plain words of post ${n}, line after line.\n`.repeat(1500);
    }
  }
  const posts = 120;
  const files: Record<string, string> = { '/blog/hugo.toml': HUGO_CONFIG };
  for (let i = 0; i < posts; i++) {
    files[`/blog/content/posts/post-${i}.md`] = yamlPost({
      title: `"A title long enough to be a view into the text ${i}"`,
      description: `a description of post ${i} that is longer than thirteen characters`,
      url: `/posts/post-${i}/`,
      tags: [`a-long-tag-name-${i % 7}`, 'r'],
      related: [`post-${(i + 1) % posts}.md`, `post-${(i + 2) % posts}.md`],
    });
  }
  const textChars = (await new FreshTexts(files).readFile('/blog/content/posts/post-1.md'))!.length * posts;
  for (const twoPhase of [false, true]) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const service = await BlogService.create({ workspace: new FreshTexts(files), folder: '/blog' });
    await service.buildIndex(undefined, undefined, twoPhase ? () => undefined : undefined);
    await service.index.text.whenReady();
    assert.equal(service.index.postCount, posts);
    assert.equal(service.index.get('/blog/content/posts/post-3.md')!.title, 'A title long enough to be a view into the text 3');
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    // The texts are ~7 MB (one byte a character); an index that held them would keep at least that.
    assert.ok(kept < textChars / 4, `${twoPhase ? 'two passes' : 'one pass'}: the index keeps ${(kept / 1e6).toFixed(1)} MB for ${(textChars / 1e6).toFixed(1)} MB of text`);
    assert.ok(service.index.get('/blog/content/posts/post-0.md')!.links.length >= 1);
  }
});
