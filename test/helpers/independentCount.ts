/**
 * The index checked against an independent count: every Markdown file under the content folder, its front
 * matter read by gray-matter (js-yaml, and smol-toml for TOML; JSON with JSON.parse) rather than by our own
 * parsers. Used on the fixture sites (test/unit/fixtureSites.test.ts) and on the real blogs (test/protocol/corpora.test.ts).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { parse as parseToml } from 'smol-toml';
import type { BlogService } from '../../server/src/service';
import { markdownFiles } from './corpora';

/** The terms of one taxonomy in a post, as an independent reader sees them; undefined when it cannot read the front matter. */
export function independentTerms(text: string, taxonomy: string): string[] | undefined {
  let data: Record<string, unknown>;
  try {
    // Hugo skips a BOM and blank lines before the front matter; gray-matter does not.
    text = text.replace(/^[\s\uFEFF]+/, '');
    if (text.startsWith('{')) {
      // JSON front matter: the object up to the first line that is only `}`.
      const end = text.search(/\n\}[ \t]*(\r?\n|$)/);
      data = JSON.parse(end < 0 ? text : text.slice(0, end + 2)) as Record<string, unknown>;
    } else {
      const toml = text.startsWith('+++');
      data = matter(text, { engines: { toml: (s: string) => parseToml(s) as object }, delimiters: toml ? '+++' : '---', language: toml ? 'toml' : 'yaml' }).data;
    }
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

/**
 * Asserts that the built index of the site at `dir` holds every content file and, for each taxonomy, the terms of
 * each post and the blog's counts an independent reader finds. Returns how many post×taxonomy pairs were compared.
 */
export function assertIndexMatchesIndependentCount(service: BlogService, dir: string, content: string, taxonomies: string[]): number {
  const isJekyll = service.site.generator === 'jekyll';
  let files = markdownFiles(join(dir, content));
  if (isJekyll) files = [...files, ...htmlPosts(dir)].sort();
  if (isJekyll) files = files.filter((f) => /\/_(posts|drafts)\//.test(f) || !/\/_[^/]+\//.test(f.slice(dir.length))).filter((f) => !/\/(README|LICENSE)\.\w+$/i.test(f));
  files = files.filter((f) => !service.site.ignoreFiles.some((re) => re.test(f)));
  assert.equal(service.index.posts.size, files.length, 'every Markdown file of the content folder is indexed');
  let compared = 0;
  for (const tax of taxonomies) {
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
  return compared;
}
