// Block-by-block rendering with a cache (server/src/render/blocks.ts) must give the page rendered whole.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitBlocks } from '../../server/src/render/blocks';
import { renderPost } from '../../server/src/render/renderPost';
import { createRenderHost } from '../../server/src/renderHost';
import { BlogIndex } from '../../server/src/index/blogIndex';
import { mergeSettings } from '../../server/src/settings';
import { ShortcodeTemplates } from '../../server/src/site/shortcodeTemplates';
import { buildSiteModel } from '../../server/src/site/siteModel';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';

const ROOT = '/blog';
const POST = `${ROOT}/content/posts/p.md`;
const site = buildSiteModel(ROOT, 'hugo', { baseurl: 'https://example.org/' });
const workspace = new MemoryWorkspace({ [POST]: '' });
const templates = ShortcodeTemplates.builtinsOnly(workspace);
const host = createRenderHost({ site, index: new BlogIndex(site, workspace, mergeSettings(undefined)), workspace, shortcodes: templates });

async function both(body: string, math = false) {
  const text = `---\ntitle: T\n---\n${body}`;
  const blocks = await renderPost({ text, path: POST, site, host, options: { math } });
  const whole = await renderPost({ text, path: POST, site, host, options: { math, wholeDocument: true } });
  assert.equal(blocks.html, whole.html);
  assert.deepEqual(blocks.headings, whole.headings);
  return blocks;
}

describe('block rendering', () => {
  it('cuts only where nothing continues across the cut', () => {
    const cut = (t: string) => splitBlocks(t, true).map((b) => b.line);
    assert.deepEqual(cut('a\n\nb\n\nc'), [0, 2, 4]);
    assert.deepEqual(cut('- a\n\n- b\n\nc'), [0, 4]); // a loose list goes on
    assert.deepEqual(cut('```\nx\n\ny\n```\n\nz'), [0, 6]);
    assert.deepEqual(cut('<!--\n\nhidden\n\n-->\n\nz'), [0, 6]);
    assert.deepEqual(cut('$$\na\n\nb\n$$\n\nz'), [0, 6]);
    assert.deepEqual(cut('Term\n\n: def\n\n{.cls}\n\n    code\n\nz'), [0, 8]);
    assert.deepEqual(cut('T1\n: d1\n\nT2\n: d2\n\nz'), [0, 6]); // one definition list
  });

  it('keeps one definition list one <dl>, as Goldmark does', async () => {
    const r = await both('Term1\n: def1\n\nTerm2\n: def2\n\nPara\n');
    assert.equal((r.body.match(/<dl/g) ?? []).length, 1);
    assert.match(r.body, /<dd[^>]*>def1<\/dd>\n<dt[^>]*>Term2<\/dt>/);
  });

  it('matches whole-text rendering: references, footnotes, duplicate heading ids, lists, math', async () => {
    const r = await both(
      '## Same\n\nSee [x] and a note[^1] and [^2].\n\n- a\n\n- b\n\n## Same\n\nAgain[^1].\n\n```go\nfunc\n\nmain\n```\n\n' +
        '$$\na\n\nb\n$$\n\n[^2]: Second.\n\n[x]: https://example.org/x\n\n[^1]: First\n    continued.\n\n## Same {#same}\n',
      true,
    );
    assert.match(r.body, /<a href="https:\/\/example.org\/x">x<\/a>/);
    assert.match(r.body, /<h2 id="same-1"[^>]*>Same<\/h2>[\s\S]*<h2 id="same-2"[\s\S]*<h2 id="same"/);
    assert.match(r.body, /<li id="fn:1">\n<p data-line="\d+">First\ncontinued.&#160;<a href="#fnref:1"[^>]*>&#x21a9;&#xfe0e;<\/a>&#160;<a href="#fnref1:1"/);
    assert.deepEqual(r.headings.map((h) => [h.id, h.line]), [['same-1', 0], ['same-2', 8], ['same', 31]]);
  });

  it('reuses unchanged blocks after an edit and keeps source lines right', async () => {
    const body = Array.from({ length: 50 }, (_, i) => `## H${i}\n\nParagraph ${i} with [a link](/p${i}/).`).join('\n\n');
    await both(body);
    const edited = await both(body.replace('Paragraph 10 ', 'Paragraph ten\nand one more line\n'));
    assert.match(edited.body, /<h2 id="h11" data-line="49">H11<\/h2>\n<p data-line="51">Paragraph 11/);
  });
});
