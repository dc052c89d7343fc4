// Exact mode: file → URL mapping from `hugo list all` (pure), and the real `hugo server` end to end when hugo is installed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildExactModeHtml, HugoServer, localUrlFor, parseHugoList } from '../../client/src/preview/hugoServer';

const LIST = `path,slug,title,date,expiryDate,publishDate,draft,permalink
content/posts/a.md,,"A, with ""quotes""",0001-01-01T00:00:00Z,0001-01-01T00:00:00Z,0001-01-01T00:00:00Z,false,https://example.org/blog/custom/a/
content/posts/bundle/index.md,,B,0001-01-01T00:00:00Z,0001-01-01T00:00:00Z,0001-01-01T00:00:00Z,true,https://example.org/blog/posts/bundle/
`;

describe('exact mode mapping', () => {
  it('reads hugo list all and maps files to local URLs (url front matter, bundles, _index.md)', () => {
    const entries = parseHugoList(LIST);
    assert.equal(entries.length, 2);
    assert.deepEqual(entries[1], { path: 'content/posts/bundle/index.md', permalink: 'https://example.org/blog/posts/bundle/', draft: true });
    const origin = 'http://127.0.0.1:4321';
    assert.equal(localUrlFor(entries, '/site', '/site/content/posts/a.md', origin, '/blog/'), 'http://127.0.0.1:4321/blog/custom/a/');
    assert.equal(localUrlFor(entries, '/site', '/site/content/posts/bundle/index.md', origin, '/blog/'), 'http://127.0.0.1:4321/blog/posts/bundle/');
    assert.equal(localUrlFor(entries, '/site', '/site/content/Posts/_index.md', origin, '/blog/'), 'http://127.0.0.1:4321/blog/posts/');
    assert.equal(localUrlFor(entries, '/site', '/site/content/_index.md', origin, '/'), 'http://127.0.0.1:4321/');
    assert.equal(localUrlFor(entries, '/site', '/site/content/posts/missing.md', origin), undefined);
  });

  it('frames only the local origin', () => {
    // Attribute values are HTML-escaped (the browser reads &#39; as ').
    const html = buildExactModeHtml('http://127.0.0.1:4321', 'http://127.0.0.1:4321/blog/x/').replace(/&#39;/g, "'");
    assert.match(html, /content="default-src 'none'; frame-src http:\/\/127.0.0.1:4321; style-src 'unsafe-inline'"/);
    assert.match(html, /<iframe src="http:\/\/127.0.0.1:4321\/blog\/x\/"/);
    assert.match(html, /<iframe [^>]*sandbox="allow-scripts allow-same-origin allow-forms"/, 'sandboxed: no top navigation, no popups');
    assert.doesNotMatch(html, /<script/);
  });
});

let hugo = false;
try {
  execFileSync('hugo', ['version'], { stdio: 'ignore' });
  hugo = true;
} catch {
  console.log('# exact mode end to end skipped: hugo is not on PATH (apt-get install -y --no-install-recommends hugo)');
}

describe('exact mode with the real hugo', { skip: !hugo && 'hugo is not on PATH' }, () => {
  it('starts hugo server on 127.0.0.1, maps a draft bundle and a url page, serves them, and stops', { timeout: 60000 }, async () => {
    const root = mkdtempSync(join(tmpdir(), 'ba-exact-'));
    const server = new HugoServer(root);
    try {
      const file = (p: string, text: string) => {
        mkdirSync(join(root, p, '..'), { recursive: true });
        writeFileSync(join(root, p), text);
      };
      file('hugo.toml', 'baseURL = "https://example.org/blog/"\ntitle = "T"\n');
      file('layouts/_default/single.html', '<article>{{ .Title }}: {{ .Content }}</article>');
      file('layouts/_default/list.html', 'LIST {{ .Title }}');
      file('content/posts/a.md', '---\ntitle: A\nurl: /custom/a/\n---\nHello *a*\n');
      file('content/posts/bundle/index.md', '---\ntitle: B\ndraft: true\ndate: 2999-01-01\n---\nFuture draft\n');
      await server.start();
      assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      const a = await server.urlFor(join(root, 'content/posts/a.md'));
      const b = await server.urlFor(join(root, 'content/posts/bundle/index.md'));
      assert.equal(a, `${server.origin}/blog/custom/a/`);
      assert.equal(b, `${server.origin}/blog/posts/bundle/`);
      assert.match(await (await fetch(a!)).text(), /<article>A: <p>Hello <em>a<\/em><\/p>/);
      assert.match(await (await fetch(b!)).text(), /<article>B: <p>Future draft<\/p>/);
      // Nothing written into the blog: output, caches, resources and the build lock live in a temp folder.
      const written = readdirSync(root).sort();
      assert.deepEqual(written, ['content', 'hugo.toml', 'layouts'], `the site folder stays as it was: ${written}`);
    } finally {
      server.stop();
      await new Promise((r) => setTimeout(r, 200));
      rmSync(root, { recursive: true, force: true });
    }
    assert.equal(server.running, false);
  });
});
