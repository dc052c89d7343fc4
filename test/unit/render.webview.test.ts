// The preview page shell: strict CSP (nonce script only, no network), post scripts never run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPreviewHtml, contentSecurityPolicy, makeNonce, rewriteLocalUris } from '../../client/src/preview/webviewHtml';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

function shell(body: string, nonce = 'abc123') {
  return buildPreviewHtml({ cspSource: CSP_SOURCE, nonce, scriptUri: `${CSP_SOURCE}/ext/dist/preview/preview.js`, styleUris: [`${CSP_SOURCE}/ext/dist/preview/preview.css`], body, state: { uri: 'file:///blog/post.md', line: 3 } });
}

function policyOf(html: string): Map<string, string[]> {
  const content = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1].replace(/&#39;|&apos;/g, "'");
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe('preview webview shell', () => {
  it('allows only the nonce script and no network sources', () => {
    const policy = policyOf(shell(''));
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.deepEqual(policy.get('script-src'), ["'nonce-abc123'"]);
    for (const [name, values] of policy) {
      assert.ok(!values.includes("'unsafe-eval'"), name);
      assert.ok(!values.some((v) => v === 'https:' || v === 'http:' || v === '*' || /^https?:\/\/(?!file\+)/.test(v)), `${name} must not reach the network: ${values.join(' ')}`);
    }
    for (const locked of ['frame-src', 'connect-src', 'form-action', 'base-uri', 'object-src']) assert.deepEqual(policy.get(locked), ["'none'"], locked);
    assert.ok(!policy.get('script-src')!.includes("'unsafe-inline'"));
  });

  it('gives the nonce to its own script only; scripts in a post get none', () => {
    const html = shell('<script>alert(1)</script><img src=x onerror="alert(2)"><iframe src="https://evil.example"></iframe>');
    const scripts = html.match(/<script[^>]*>/g)!;
    assert.equal(scripts.length, 2);
    assert.equal(scripts.filter((s) => s.includes('nonce="abc123"')).length, 1);
    assert.match(scripts[0], /^<script>$/); // the post's: no nonce, so the CSP blocks it
    // inline handlers are blocked too: script-src has no 'unsafe-inline' / 'unsafe-hashes'
    assert.ok(!contentSecurityPolicy(CSP_SOURCE, 'n').includes('unsafe-hashes'));
  });

  it('escapes the state it hands to the script', () => {
    const html = buildPreviewHtml({ cspSource: CSP_SOURCE, nonce: 'n', scriptUri: 's', styleUris: [], body: '', state: { uri: 'file:///a"><script>x</script>.md' } });
    assert.doesNotMatch(html, /"><script>x/);
  });

  it('makes fresh, long nonces', () => {
    const a = makeNonce();
    assert.match(a, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(a, makeNonce());
  });

  it('turns file:// image sources into webview URIs, leaving other links alone', () => {
    const out = rewriteLocalUris('<img src="file:///blog/static/a%20b.png" alt="x"><a href="file:///x">x</a>', (u) => `${CSP_SOURCE}${u.slice('file://'.length)}`);
    assert.match(out, /<img src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/blog\/static\/a%20b\.png"/);
    assert.match(out, /<a href="file:\/\/\/x">/);
  });
});
