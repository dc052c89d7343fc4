/**
 * Indexes the real blogs in ../shared/corpora and checks the index against an independent count:
 * every Markdown file under the content folder, its front matter read by gray-matter (js-yaml, and
 * smol-toml for TOML) rather than by our own parsers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BlogService } from '../../server/src/service';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { corpusPath, skipMessage } from '../helpers/corpora';
import { assertIndexMatchesIndependentCount } from '../helpers/independentCount';

const CASES = [
  { name: 'roweb3', content: 'content', taxonomies: ['tags', 'author'] },
  { name: 'nats-site', content: 'content', taxonomies: ['tags', 'categories'] },
  { name: 'falco-website', content: 'content', taxonomies: ['tags', 'categories'] },
  { name: 'nullprogram', content: '.', taxonomies: ['tags', 'categories'] },
];

for (const c of CASES) {
  const dir = corpusPath(c.name);
  test(`${c.name}: the index matches an independent count`, { skip: dir ? false : skipMessage(c.name) }, async () => {
    const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: dir! });
    await service.buildIndex();
    const compared = assertIndexMatchesIndependentCount(service, dir!, c.content, c.taxonomies);
    assert.ok(compared > 0);
  });
}

/** Front matter diagnostics on real blogs: real inconsistencies reported, no false alarms. */
async function ruleCounts(dir: string): Promise<Map<string, string[]>> {
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const { createLanguageService } = await import('../../server/src/languageService');
  const features = createLanguageService();
  const { pathToUri } = await import('../../server/src/workspace/uri');
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: dir, settings: { rules: { 'link-broken': 'off' } } });
  await service.buildIndex();
  const out = new Map<string, string[]>();
  for (const post of service.index.posts.values()) {
    const doc = TextDocument.create(pathToUri(post.path), 'markdown', 0, readFileSync(post.path, 'utf8'));
    for (const d of features.diagnostics(service, doc)) {
      const list = out.get(String(d.code)) ?? [];
      list.push(`${post.relPath}: ${d.message}`);
      out.set(String(d.code), list);
    }
  }
  return out;
}

const roweb3 = corpusPath('roweb3');
test('roweb3: case variants and real typos are reported, nothing else from the front matter', { skip: roweb3 ? false : skipMessage('roweb3') }, async () => {
  const rules = await ruleCounts(roweb3!);
  assert.ok((rules.get('taxonomy-case') ?? []).length > 10, 'tags that differ only by case');
  assert.ok((rules.get('key-typo') ?? []).some((m) => /'descritpion': did you mean 'description'/.test(m)));
  assert.ok((rules.get('key-typo') ?? []).some((m) => /'pacakge_version': did you mean 'package_version'/.test(m)));
  for (const rule of ['frontmatter-syntax', 'related-missing', 'date-invalid']) assert.deepEqual(rules.get(rule) ?? [], [], rule);
});

const nats = corpusPath('nats-site');
test('nats-site: no false duplicate, typo or syntax warnings in TOML front matter', { skip: nats ? false : skipMessage('nats-site') }, async () => {
  const rules = await ruleCounts(nats!);
  for (const rule of ['taxonomy-duplicate', 'key-typo', 'frontmatter-syntax', 'date-invalid', 'taxonomy-scalar']) assert.deepEqual(rules.get(rule) ?? [], [], rule);
  assert.ok((rules.get('taxonomy-case') ?? []).some((m) => /'NATS' differs only by case or accents from 'nats'/.test(m)));
});
