/**
 * Indexes the real blogs in ../shared/corpora and checks the index against an independent count:
 * every Markdown file under the content folder, its front matter read by gray-matter (js-yaml, and
 * smol-toml for TOML) rather than by our own parsers.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
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

/** Jekyll's `.html` files with front matter: posts in _posts/_drafts, and pages outside `_` folders. */
function htmlPosts(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, underscore: boolean) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name.startsWith('.') || name === 'node_modules' || name === 'vendor' || (dir === root && name === '_site')) continue;
        walk(full, underscore || (name.startsWith('_') && !(dir === root && (name === '_posts' || name === '_drafts'))));
      } else if (!underscore && /\.html?$/.test(name) && readFileSync(full, 'utf8').startsWith('---')) out.push(full);
    }
  };
  walk(root, false);
  return out;
}

for (const c of CASES) {
  const dir = corpusPath(c.name);
  test(`${c.name}: the index matches an independent count`, { skip: dir ? false : skipMessage(c.name) }, async () => {
    const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: dir! });
    await service.buildIndex();
    const isJekyll = service.site.generator === 'jekyll';
    let files = markdownFiles(join(dir!, c.content));
    // Jekyll publishes `_posts/*.html` with front matter as posts too.
    if (isJekyll) files = [...files, ...htmlPosts(dir!)].sort();
    if (isJekyll) files = files.filter((f) => /\/_(posts|drafts)\//.test(f) || !/\/_[^/]+\//.test(f.slice(dir!.length))).filter((f) => !/\/(README|LICENSE)\.\w+$/i.test(f));
    files = files.filter((f) => !service.site.ignoreFiles.some((re) => re.test(f)));
    assert.equal(service.index.posts.size, files.length, 'every Markdown file of the content folder is indexed');
    let compared = 0;
    for (const tax of c.taxonomies) {
      const expected = new Map<string, number>();
      const unread: string[] = [];
      for (const file of files) {
        const terms = independentTerms(readFileSync(file, 'utf8'), tax);
        if (!terms) {
          unread.push(file);
          continue;
        }
        compared++;
        const post = service.index.get(file);
        assert.ok(post, `${file} indexed`);
        assert.deepEqual(post.terms.get(tax) ?? [], terms, `${file}: ${tax}`);
        for (const t of new Set(terms)) expected.set(t, (expected.get(t) ?? 0) + 1);
      }
      // gray-matter (js-yaml) is stricter than Hugo on a few files: few enough that the comparison means something.
      assert.ok(unread.length <= Math.max(3, files.length * 0.02), `${unread.length} of ${files.length} files unreadable to gray-matter`);
      // The index's whole-blog counts, less what it read from those few files, are the independent counts.
      const counted = new Map(service.index.terms(tax).map((t) => [t.term, t.count]));
      for (const file of unread) {
        for (const t of new Set(service.index.get(file)?.terms.get(tax) ?? [])) {
          const n = (counted.get(t) ?? 0) - 1;
          if (n > 0) counted.set(t, n);
          else counted.delete(t);
        }
      }
      assert.deepEqual(counted, expected, `${tax} counts`);
    }
    assert.ok(compared > 0);
  });
}

/** Front matter diagnostics on real blogs: real inconsistencies reported, no false alarms. */
async function ruleCounts(dir: string): Promise<Map<string, string[]>> {
  const { TextDocument } = await import('vscode-languageserver-textdocument');
  const { createLanguageService } = await import('../../server/src/languageService');
  const features = createLanguageService();
  const { pathToUri } = await import('../../server/src/workspace/workspace');
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
