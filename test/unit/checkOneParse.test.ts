import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { CommandUris, frontMatterReaderFor } from '../../server/src/cli/main';
import type { FrontMatter } from '../../server/src/parse/frontMatter';
import { BlogService } from '../../server/src/service';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { ClientUris, fromNativePath } from '../../server/src/workspace/uri';
import { corpusPath } from '../helpers/corpora';

const CORPORA = ['roweb3', 'nullprogram', 'nats-site', 'falco-website', 'opentelemetry-io', 'opensource-guide'];

const FIXTURES = resolve(__dirname, '../fixtures');
const sites = [
  ...readdirSync(FIXTURES).filter((name) => name !== 'hostile').map((name) => ({ name: `the ${name} fixture`, dir: join(FIXTURES, name) })),
  ...CORPORA.flatMap((name) => (corpusPath(name) ? [{ name: `corpus ${name}`, dir: corpusPath(name)! }] : [])),
];

// `check` has the index read each post's front matter with the exact-range parse its diagnostics
// use (one parse per post): the index must come out the same as with its own fast parse.
for (const site of sites) {
  test(`${site.name}: an index read with the exact-range front matter parse equals the fast one`, async () => {
    const folder = fromNativePath(site.dir);
    const fast = await BlogService.create({ workspace: new NodeWorkspace(), folder, settings: { suggestions: { rankBy: 'use' } } });
    await fast.buildIndex();
    const ranged = await BlogService.create({ workspace: new NodeWorkspace(), folder, settings: { suggestions: { rankBy: 'use' } } });
    const parsed = new Map<string, FrontMatter>();
    ranged.index.keepTexts(frontMatterReaderFor(parsed));
    await ranged.buildIndex();
    const parses = parsed.size;
    assert.equal(ranged.index.posts.size, fast.index.posts.size);
    if (fast.index.posts.size) assert.ok(parses >= fast.index.posts.size, 'every post went through the given parse');
    for (const [path, post] of fast.index.posts) {
      const other = ranged.index.posts.get(path);
      assert.ok(other, path);
      const { error: _a, ...a } = post;
      const { error: _b, ...b } = other;
      assert.deepEqual(b, a, path);
    }
  });
}

test('CommandUris: a URI it made answers the path it was made from; others are read as any client\'s', () => {
  const uris = new CommandUris();
  const plain = new ClientUris();
  for (const path of ['/blog/content/post/2011-09-07-código-542.md', '/blog/content/a b/#1 100%.md', 'c:/Users/x/blog/content/post.md']) {
    const uri = uris.toUri(path);
    assert.equal(uri, plain.toUri(path));
    assert.equal(uris.toPath(uri), path);
  }
  assert.equal(uris.toPath('file:///other/p%C3%A1gina.md'), plain.toPath('file:///other/p%C3%A1gina.md'));
  assert.equal(uris.toPath('file:///C%3A/Blog/x.md'), 'c:/Blog/x.md');
});
