import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FIXTURES, REPO } from '../helpers/lspClient';

/** Which bundle files a CLI command loads (from the built dist/). */
function loadedBundles(args: string[]): string[] {
  const probe = join(mkdtempSync(join(tmpdir(), 'blog-author-probe-')), 'probe.cjs');
  writeFileSync(probe, `process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('/dist/server/')).map((f) => f.replace(/.*\\/dist\\/server\\//, '')))));`);
  const r = spawnSync(process.execPath, ['-r', probe, join(REPO, 'bin/blog-author.js'), ...args], { encoding: 'utf8', cwd: REPO });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.ok(r.stdout.length > 0 || /files checked/.test(r.stderr), `the command printed nothing: ${r.stderr}`);
  const m = /LOADED (\[.*\])/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return JSON.parse(m[1]);
}

test('index and check load the CLI bundle alone: no renderer (highlight.js, KaTeX, markdown-it), no LSP', () => {
  const blog = join(FIXTURES, 'hugo-yaml');
  assert.deepEqual(loadedBundles(['index', blog, '--stats']), ['cli.js']);
  assert.deepEqual(loadedBundles(['check', blog]), ['cli.js']);
});

test('render loads the renderer bundle on demand', () => {
  const post = join(FIXTURES, 'hugo-yaml/content/post/2024-04-19-cortos.md');
  assert.deepEqual(loadedBundles(['render', post]).sort(), ['cli.js', 'render.js']);
});

test('the server answers the preview request from the lazily loaded renderer bundle', async () => {
  const { startServer } = await import('../helpers/lspClient');
  const server = await startServer('hugo-yaml');
  try {
    const rel = 'content/post/2024-04-19-cortos.md';
    const text = await server.open(rel);
    const result = (await server.connection.sendRequest('blogAuthor/render', { uri: server.uri(rel), text })) as { html: string; title?: string } | null;
    assert.ok(result, 'no answer');
    assert.equal(result.title, 'Más cortos sobre LLMs');
    assert.match(result.html, /<h\d|<p>/);
  } finally {
    await server.stop();
  }
});
