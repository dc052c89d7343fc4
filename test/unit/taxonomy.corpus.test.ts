/** The explorer, hygiene and new post on real blogs (skipped when ../shared/corpora is absent). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { taxonomyTerms, termPosts } from '../../server/src/features/taxonomy/explorer';
import { taxonomyHygiene } from '../../server/src/features/taxonomy/hygiene';
import { planNewPost } from '../../server/src/features/taxonomy/newPost';
import { BlogService } from '../../server/src/service';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { corpusPath, skipMessage } from '../helpers/corpora';

async function open(name: string): Promise<BlogService> {
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: corpusPath(name)! });
  await service.buildIndex();
  return service;
}

test('roweb3: community/Community grouped; the typo comunity found as a near-duplicate with its merge', { skip: !corpusPath('roweb3') && skipMessage('roweb3') }, async () => {
  const service = await open('roweb3');
  const community = taxonomyTerms(service, 'tags').find((t) => t.term === 'community')!;
  assert.deepEqual(community.spellings.map((s) => s.term), ['community', 'Community']);
  assert.equal(termPosts(service, 'tags', 'Community').length, community.count);
  const h = taxonomyHygiene(service, 'tags');
  assert.ok(h.nearDuplicates.some((d) => d.b.term === 'comunity' && d.merge.to === 'community'));
  const plan = await planNewPost(service, { title: 'Hello', section: 'blog', now: '2025-01-02T03:04:05Z' });
  assert.ok(plan.path.startsWith(service.site.root + '/content/blog/'));
});

test('nullprogram (Jekyll): a new post in _posts/ with the date prefix and the blog\'s .markdown extension', { skip: !corpusPath('nullprogram') && skipMessage('nullprogram') }, async () => {
  const service = await open('nullprogram');
  const plan = await planNewPost(service, { title: 'Hello World', now: '2025-01-02T03:04:05Z' });
  assert.equal(plan.relPath, '_posts/2025-01-02-hello-world.markdown');
  assert.match(plan.text, /^---\n(.*\n)*title: Hello World\n(.*\n)*tags: \[\]\n/);
});

test('nats-site: the section archetype (TOML) is evaluated, nothing of the template left', { skip: !corpusPath('nats-site') && skipMessage('nats-site') }, async () => {
  const service = await open('nats-site');
  const plan = await planNewPost(service, { title: 'Hello World', section: 'blog', now: '2025-01-02T03:04:05Z' });
  assert.equal(plan.archetype, 'archetypes/blog.md');
  assert.match(plan.text, /^\+\+\+\n/);
  assert.doesNotMatch(plan.text, /\{\{/);
  assert.match(plan.text, /title = "Hello World"/);
});
