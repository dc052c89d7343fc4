/**
 * The preview cannot be navigated or made to run a script by post content (issue 11).
 * 1. The extension validates every webview message (client/src/preview/messages.ts).
 * 2. In Chromium, the real preview page (shell, CSP, preview.js) receives a post full of injection
 *    vectors; none runs, navigates or fetches (every request to another origin is recorded).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isPathInside, safeExternalUrl, safeFragment, validateMessage } from '../../client/src/preview/messages';
import { buildPreviewHtml } from '../../client/src/preview/webviewHtml';

const ROOTS = ['/home/me/blog'];

describe('preview messages are validated on the extension side', () => {
  it('opens only normalised paths inside the workspace', () => {
    assert.deepEqual(validateMessage({ type: 'openPost', path: '/home/me/blog/content/a.md', fragment: 'intro' }, ROOTS), { type: 'openPost', path: '/home/me/blog/content/a.md', fragment: 'intro' });
    for (const path of ['/etc/passwd', '/home/me/blog/../../../etc/passwd', '/home/me/blogx/a.md', 'content/a.md', '/home/me/blog/a\0.md', 42, undefined]) {
      assert.equal(validateMessage({ type: 'openPost', path }, ROOTS), undefined, String(path));
    }
    assert.equal(isPathInside('/home/me/blog/./a.md', ROOTS), false);
  });

  it('a malformed fragment does not throw', () => {
    assert.equal(safeFragment('%E0%A4%A'), '%E0%A4%A');
    assert.equal(safeFragment('caf%C3%A9'), 'café');
    assert.deepEqual(validateMessage({ type: 'openPost', path: '/home/me/blog/a.md', fragment: '%E0%A4%A' }, ROOTS), { type: 'openPost', path: '/home/me/blog/a.md', fragment: '%E0%A4%A' });
  });

  it('opens external URLs only for http, https and mailto', () => {
    assert.equal(safeExternalUrl('https://example.org/a'), 'https://example.org/a');
    assert.equal(safeExternalUrl('mailto:me@example.org'), 'mailto:me@example.org');
    for (const href of ['javascript:alert(1)', 'file:///etc/passwd', 'vscode://x/y', 'command:workbench.action.terminal.new', ' javascript:x', 'data:text/html,x', 'not a url', 7]) {
      assert.equal(validateMessage({ type: 'openExternal', href }, ROOTS), undefined, String(href));
    }
  });

  it('drops unknown and malformed messages', () => {
    for (const m of [null, 'openPost', { type: 'runCommand', command: 'x' }, { type: 'revealLine', uri: 'file:///a', line: 'NaN' }, { type: 'revealLine', uri: 'file:///a', line: Infinity }]) assert.equal(validateMessage(m, ROOTS), undefined);
    assert.deepEqual(validateMessage({ type: 'revealLine', uri: 'file:///a', line: -3.5 }, ROOTS), { type: 'revealLine', uri: 'file:///a', line: 0, focus: false });
  });
});

const CHROMIUM = '/usr/bin/chromium';
let chromium: typeof import('playwright-core').chromium | undefined;
try {
  chromium = existsSync(CHROMIUM) ? require('playwright-core').chromium : undefined;
} catch {
  chromium = undefined;
}
if (!chromium) console.log('# preview injection test skipped: needs playwright-core and /usr/bin/chromium (test/e2e/setup.mjs installs it)');

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; origin: string }> {
  const server = createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('preview page in Chromium', { skip: !chromium && 'no chromium' }, () => {
  it('post content with injection vectors neither runs, navigates nor fetches', { timeout: 60_000 }, async () => {
    const hits: string[] = [];
    const attacker = await listen((req, res) => {
      hits.push(req.url ?? '');
      res.setHeader('content-type', req.url?.includes('css') ? 'text/css' : 'text/html');
      res.end(req.url?.includes('meta') ? '<script>document.title="navigated"</script>' : '');
    });
    const A = attacker.origin;
    const previewJs = readFileSync(join(__dirname, '../../client/src/preview/media/preview.js'), 'utf8');
    const page$ = await listen((req, res) => {
      if (req.url === '/preview.js') {
        res.setHeader('content-type', 'text/javascript');
        return res.end(previewJs);
      }
      if (req.url === '/') {
        res.setHeader('content-type', 'text/html');
        return res.end(buildPreviewHtml({ cspSource: page$.origin, nonce: 'n0nce', scriptUri: '/preview.js', styleUris: [], body: '', state: { uri: 'file:///blog/post.md', line: 0 } }));
      }
      hits.push('page-origin:' + req.url);
      res.end('');
    });
    const post = [
      '<p id="start">start</p>',
      '<script>window.__pwned = "script"</script>',
      '<img src="x.png" onerror="window.__pwned = \'onerror\'">',
      '<a id="js" href="javascript:window.__pwned=\'javascript-url\'">js</a>',
      `<svg><script>window.__pwned = "svg-script"</script><a id="svga" xlink:href="javascript:window.__pwned='svg-link'"><text y="20">t</text></a><animate attributeName="href" to="javascript:1"/><image href="${A}/svg-image"/></svg>`,
      `<iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>`,
      `<meta http-equiv="refresh" content="0;url=${A}/meta-refresh">`,
      `<base href="${A}/base/"><img src="relative.png">`,
      `<form action="${A}/form" method="get"><input name="q" value="1"><button id="submit">go</button></form>`,
      `<link rel="stylesheet" href="${A}/link.css"><link rel="prefetch" href="${A}/prefetch">`,
      `<style>@import url(${A}/import.css); @font-face { font-family: x; src: url(${A}/font.woff) } p { font-family: x }</style>`,
      `<img src="${A}/remote.png"><div style="background: url(${A}/bg.png)">bg</div><video poster="${A}/poster.png"></video>`,
      `<object data="${A}/object"></object><embed src="${A}/embed"><audio src="${A}/audio.mp3" autoplay></audio>`,
      `<a id="tgt" data-target="/etc/passwd" href="#%E0%A4%A">tgt</a>`,
      '<p id="end">end</p>',
    ].join('\n');
    const browser = await chromium!.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('dialog', (d) => {
        errors.push('dialog ' + d.message());
        void d.dismiss();
      });
      // Scripts as strings: functions compiled by tsx carry helpers the page does not have.
      await page.addInitScript({ content: 'window.__sent = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(m), setState: () => undefined, getState: () => undefined });' });
      await page.goto(page$.origin + '/');
      const url = page.url();
      await page.evaluate(`window.postMessage({ type: 'update', uri: 'file:///blog/post.md', html: ${JSON.stringify(post)}, title: 'T' }, '*')`);
      await page.waitForSelector('#end', { state: 'attached', timeout: 10_000 }).catch(async () => assert.fail(`not rendered: ${errors.join(' | ')} ${await page.evaluate("document.getElementById('ba-content').innerHTML.slice(0, 300)")}`));
      for (const id of ['#js', '#svga', '#submit', '#tgt']) await page.click(id, { force: true, timeout: 2000 }).catch(() => undefined);
      await page.waitForTimeout(1500);
      assert.equal(page.url(), url, 'not navigated');
      assert.equal(await page.evaluate('window.__pwned'), undefined, 'no script ran');
      assert.notEqual(await page.title(), 'navigated');
      const remote = hits.filter((h) => !h.startsWith('page-origin:'));
      assert.deepEqual(remote, [], 'nothing fetched from another origin or through a planted base');
      assert.ok(!hits.includes('page-origin:/base/relative.png'), 'a relative image resolves against the page, not a planted <base>');
      assert.deepEqual(errors, [], 'no page error (a malformed fragment does not throw)');
      const counts = await page.evaluate(`({
        meta: document.querySelectorAll('#ba-content meta, #ba-content base, #ba-content iframe, #ba-content form, #ba-content script').length,
        handlers: Array.from(document.querySelectorAll('#ba-content *')).filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith('on'))).length,
      })`);
      assert.deepEqual(counts, { meta: 0, handlers: 0 });
      // The data-target click reaches the extension as a message, which validates it (tests above).
      const sent = ((await page.evaluate('window.__sent')) as { type: string }[]).filter((m) => m.type !== 'revealLine');
      assert.ok(sent.every((m) => m.type === 'openPost' || m.type === 'ready'), JSON.stringify(sent));
    } finally {
      await browser.close();
      attacker.server.close();
      page$.server.close();
    }
  });
});
