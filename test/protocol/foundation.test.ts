import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, REPO, startServer, type TestServer } from '../helpers/lspClient';

const CLI = join(REPO, 'bin/blog-author.js');

describe('the language server over stdio (Hugo YAML fixture)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('hugo-yaml');
  });
  after(() => server.stop());

  test('reports the index state with the post count', () => {
    const states = server.notifications.filter((n) => n.method === 'blogAuthor/indexState').map((n) => n.params as { state: string; posts: number });
    const ready = states.find((s) => s.state === 'ready')!;
    assert.ok(ready, JSON.stringify(states));
    assert.equal(ready.posts, 12);
  });

  test('publishes front matter syntax errors at their range', async () => {
    const text = await server.open('content/post/2023-11-02-broken.md');
    const diagnostics = await server.diagnostics('content/post/2023-11-02-broken.md');
    const syntax = diagnostics.filter((d) => d.code === 'frontmatter-syntax');
    assert.equal(syntax.length >= 1, true, JSON.stringify(diagnostics));
    const line = text.split('\n')[syntax[0].range.start.line];
    assert.match(line, /summary: "unclosed|---/);
  });

  test('a fixed document loses its diagnostics; a broken edit never crashes the server', async () => {
    const rel = 'content/post/2024-07-18-cortos-llms.md';
    await server.open(rel);
    await server.change(rel, '---\ntitle: [unclosed\n');
    const broken = await server.diagnostics(rel, (d) => d.length > 0);
    assert.ok(broken.some((d) => d.code === 'frontmatter-syntax'));
    await server.change(rel, '---\ntitle: fixed\n---\nBody\n');
    const fixed = await server.diagnostics(rel, (d) => !d.some((x) => x.code === 'frontmatter-syntax'));
    assert.deepEqual(fixed.filter((d) => d.code === 'frontmatter-syntax'), []);
  });
});

describe('site config problems', () => {
  test('a broken config file gets a diagnostic on itself, cleared when fixed', async () => {
    const server = await startServer('hugo-toml');
    try {
      const config = join(server.root, 'config.toml');
      const good = readFileSync(config, 'utf8');
      writeFileSync(config, good + '\n[params\n');
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri('config.toml'), type: 2 }] });
      const broken = await server.diagnostics('config.toml', (d) => d.length > 0);
      assert.match(String(broken[0].message), /cannot read config\.toml/);
      writeFileSync(config, good);
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri('config.toml'), type: 2 }] });
      await server.diagnostics('config.toml', (d) => d.length === 0);
    } finally {
      await server.stop();
    }
  });
});

describe('the CLI', () => {
  test('index --stats counts the fixture blogs', () => {
    const yaml = JSON.parse(execFileSync(process.execPath, [CLI, 'index', join(FIXTURES, 'hugo-yaml'), '--stats', '--format', 'json'], { encoding: 'utf8' }));
    assert.equal(yaml.generator, 'hugo');
    assert.equal(yaml.posts, 12);
    assert.deepEqual(yaml.formats, { yaml: 11, json: 1, none: 1 });
    const toml = JSON.parse(execFileSync(process.execPath, [CLI, 'index', join(FIXTURES, 'hugo-toml'), '--stats', '--format', 'json'], { encoding: 'utf8' }));
    assert.equal(toml.posts, 3);
    assert.deepEqual(toml.taxonomies, { tags: { terms: 4, uses: 7 }, categories: { terms: 2, uses: 3 }, series: { terms: 1, uses: 2 } });
    const jekyll = JSON.parse(execFileSync(process.execPath, [CLI, 'index', join(FIXTURES, 'jekyll'), '--stats', '--format', 'json'], { encoding: 'utf8' }));
    assert.equal(jekyll.generator, 'jekyll');
    assert.equal(jekyll.posts, 5, '_posts (2), _drafts (1), about.md and archive.html (front matter); not README.md or _layouts');
  });

  test('check prints path:line:col: severity: message [rule] and exits 1 on errors', () => {
    const result = spawnSync(process.execPath, [CLI, 'check', join(FIXTURES, 'hugo-yaml')], { encoding: 'utf8', cwd: FIXTURES });
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /^content\/post\/2023-11-02-broken\.md:\d+:\d+: error: .+ \[frontmatter-syntax\]$/m, 'paths relative to the site root');
    const json = spawnSync(process.execPath, [CLI, 'check', join(FIXTURES, 'hugo-yaml'), '--format', 'json'], { encoding: 'utf8', cwd: FIXTURES });
    const parsed = JSON.parse(json.stdout) as { path: string; line: number; severity: string; rule: string }[];
    assert.ok(parsed.some((d) => d.rule === 'frontmatter-syntax' && d.severity === 'error' && d.path.endsWith('2023-11-02-broken.md')));
  });

  test('check exits 0 on a clean blog and 2 when there is no blog', () => {
    const clean = spawnSync(process.execPath, [CLI, 'check', join(FIXTURES, 'jekyll')], { encoding: 'utf8' });
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    const none = spawnSync(process.execPath, [CLI, 'check', join(REPO, 'server')], { encoding: 'utf8' });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /is not inside a site: no Hugo .* or Jekyll .* config/);
  });
});
