/**
 * The language service is composed explicitly: it answers with exactly the providers it is given,
 * and the default list (what the LSP server and the CLI use) holds every feature. Nothing depends on
 * which modules happen to have been imported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck } from '../../server/src/cli/main';
import { linksFeature } from '../../server/src/features/links/feature';
import { shortcodesFeature } from '../../server/src/features/shortcodes/feature';
import { BLOG_FEATURES, createLanguageService } from '../../server/src/languageService';
import { HUGO_CONFIG, memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BODY = 'See [gone](/posts/no-such-page/).\n\n{{< nosuchshortcode >}}\n';
const POST = yamlPost({ title: 'P', tags: ['R', 'r'] }, BODY);

test('the default service lists the front matter, links, shortcode and Liquid features', () => {
  assert.deepEqual(BLOG_FEATURES.map((p) => p.name), ['front matter', 'links', 'shortcodes', 'liquid']);
  assert.deepEqual(createLanguageService().providers, BLOG_FEATURES);
});

test('a service answers from the providers it was given, and only those', async () => {
  const { service } = await memoryBlog({ '/blog/hugo.toml': HUGO_CONFIG, '/blog/content/posts/p.md': POST });
  const { doc } = openDoc(service, '/blog/content/posts/p.md', POST);
  const codes = (providers?: Parameters<typeof createLanguageService>[0]) => [...new Set(createLanguageService(providers).diagnostics(service, doc).map((d) => String(d.code)))].sort();
  const all = codes();
  assert.ok(all.includes('link-broken'), `link rule in ${all}`);
  assert.ok(all.some((c) => c.startsWith('shortcode-')), `shortcode rule in ${all}`);
  assert.ok(all.includes('taxonomy-duplicate') || all.includes('taxonomy-case'), `front matter rule in ${all}`);
  assert.deepEqual(codes([linksFeature]), ['link-broken']);
  assert.ok(codes([shortcodesFeature]).every((c) => c.startsWith('shortcode-')) && codes([shortcodesFeature]).length > 0);
  assert.deepEqual(codes([]), []);
});

test('blog-author check reports link and shortcode problems (composed, not imported by accident)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ba-check-'));
  try {
    mkdirSync(join(dir, 'content/posts'), { recursive: true });
    writeFileSync(join(dir, 'hugo.toml'), HUGO_CONFIG);
    writeFileSync(join(dir, 'content/posts/p.md'), POST);
    let out = '';
    const code = await runCheck([dir, '--format', 'json'], { out: (t) => (out += t), err: () => undefined });
    const rules = new Set((JSON.parse(out) as { rule: string }[]).map((d) => d.rule));
    assert.ok(rules.has('link-broken'), [...rules].join());
    assert.ok([...rules].some((r) => r.startsWith('shortcode-')), [...rules].join());
    assert.equal(code, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
