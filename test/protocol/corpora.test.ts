/**
 * Indexes the real blogs in ../shared/corpora and checks the index against an independent count:
 * every Markdown file under the content folder, its front matter read by gray-matter (js-yaml, and
 * smol-toml for TOML) rather than by our own parsers.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import matter from 'gray-matter';
import { parse as parseToml } from 'smol-toml';
import { BlogService } from '../../server/src/service';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { corpusPath, markdownFiles, skipMessage } from '../helpers/corpora';

const CASES = [
  { name: 'roweb3', content: 'content', taxonomies: ['tags', 'author'] },
  { name: 'nats-site', content: 'content', taxonomies: ['tags', 'categories'] },
  { name: 'falco-website', content: 'content', taxonomies: ['tags', 'categories'] },
  { name: 'nullprogram', content: '.', taxonomies: ['tags', 'categories'] },
];

function independentTerms(text: string, taxonomy: string): string[] | undefined {
  let data: Record<string, unknown>;
  try {
    // Hugo skips a BOM and blank lines before the front matter; gray-matter does not.
    text = text.replace(/^[\s\uFEFF]+/, '');
    data = matter(text, { engines: { toml: (s: string) => parseToml(s) as object }, delimiters: text.trimStart().startsWith('+++') ? '+++' : '---', language: text.trimStart().startsWith('+++') ? 'toml' : 'yaml' }).data;
  } catch {
    return undefined; // js-yaml is stricter than Hugo here; such files are left out of the comparison
  }
  const key = Object.keys(data).find((k) => k.toLowerCase() === taxonomy);
  const v = key ? data[key] : undefined;
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x) => x !== null && typeof x !== 'object').map(String);
}

for (const c of CASES) {
  const dir = corpusPath(c.name);
  test(`${c.name}: the index matches an independent count`, { skip: dir ? false : skipMessage(c.name) }, async () => {
    const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: dir! });
    await service.buildIndex();
    const isJekyll = service.site.generator === 'jekyll';
    let files = markdownFiles(join(dir!, c.content));
    if (isJekyll) files = files.filter((f) => /\/_(posts|drafts)\//.test(f) || !/\/_[^/]+\//.test(f.slice(dir!.length))).filter((f) => !/\/(README|LICENSE)\.\w+$/i.test(f));
    files = files.filter((f) => !service.site.ignoreFiles.some((re) => re.test(f)));
    assert.equal(service.index.posts.size, files.length, 'every Markdown file of the content folder is indexed');
    let compared = 0;
    for (const tax of c.taxonomies) {
      const expected = new Map<string, number>();
      let unread = 0;
      for (const file of files) {
        const terms = independentTerms(readFileSync(file, 'utf8'), tax);
        if (!terms) {
          unread++;
          continue;
        }
        compared++;
        const post = service.index.get(file);
        assert.ok(post, `${file} indexed`);
        assert.deepEqual(post.terms.get(tax) ?? [], terms, `${file}: ${tax}`);
        for (const t of new Set(terms)) expected.set(t, (expected.get(t) ?? 0) + 1);
      }
      const counted = service.index.terms(tax);
      // Whole-blog counts are comparable only when gray-matter could read every file.
      if (unread === 0) assert.deepEqual(new Map(counted.map((t) => [t.term, t.count])), expected, `${tax} counts`);
    }
    assert.ok(compared > 0);
  });
}
