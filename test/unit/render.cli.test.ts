// `blog-author render PATH... --out DIR --content-only` (server/src/cli/render.ts): folders, one file per page.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runRender } from '../../server/src/cli/render';

const root = mkdtempSync(join(tmpdir(), 'ba-render-'));
after(() => rmSync(root, { recursive: true, force: true }));
writeFileSync(join(root, 'hugo.toml'), 'baseURL = "https://example.org/"\n');
mkdirSync(join(root, 'content/posts/deep'), { recursive: true });
writeFileSync(join(root, 'content/posts/a.md'), '---\ntitle: A\n---\nSee [b](/posts/deep/b/).\n');
writeFileSync(join(root, 'content/posts/deep/b.md'), '---\ntitle: B\n---\nTerm\n: def\n');

describe('render CLI', () => {
  it('renders a folder to DIR/<path relative to content>.html, content only, without data-target', async () => {
    const out = join(root, 'out');
    const errors: string[] = [];
    const code = await runRender({ out, 'content-only': true }, [join(root, 'content')], { out: () => {}, err: (t: string) => errors.push(t) });
    assert.equal(code, 0, errors.join(''));
    const a = readFileSync(join(out, 'posts/a.md.html'), 'utf8');
    assert.equal(a, '<p>See <a href="/posts/deep/b/">b</a>.</p>\n');
    assert.equal(readFileSync(join(out, 'posts/deep/b.md.html'), 'utf8'), '<dl>\n<dt>Term</dt>\n<dd>def</dd>\n</dl>\n');
  });
});
