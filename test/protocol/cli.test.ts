// The `blog-author` command as a user and a CI job meet it: the built bin/blog-author.js, run in a real
// process, piped into `head`, given wrong arguments, run from inside content/.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIXTURES, REPO } from '../helpers/lspClient';

const CLI = join(REPO, 'bin/blog-author.js');
const run = (args: string[], cwd = REPO) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

let tmp: string;
/** A site whose check prints far more than a pipe holds (each post names a related post that does not exist). */
let bigSite: string;
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'blog-author-cli-'));
  bigSite = join(tmp, 'big');
  mkdirSync(join(bigSite, 'content/post'), { recursive: true });
  writeFileSync(join(bigSite, 'hugo.toml'), 'title = "Big"\n');
  for (let i = 0; i < 1500; i++) {
    writeFileSync(join(bigSite, `content/post/post-${i}.md`), `---\ntitle: Post ${i}\nrelated:\n  - no-such-post-${i}.md\n---\nBody ${i}\n`);
  }
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('blog-author in a pipe', () => {
  test('check | head ends quietly: no EPIPE stack trace, the exit status of check', () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" check "${bigSite}" | head -n 2`], { encoding: 'utf8' });
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, 2, result.stdout);
    assert.match(lines[0], /^content\/post\/post-\d+\.md:4:5: warning: No post named/);
    assert.doesNotMatch(result.stderr, /EPIPE|Error:|at /, result.stderr);
    const alone = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" check "${bigSite}" --format json | head -c 100 >/dev/null; exit 0`], { encoding: 'utf8' });
    assert.doesNotMatch(alone.stderr, /EPIPE|Error:/, alone.stderr);
    const status = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" check "${bigSite}" | head -n 1 >/dev/null`], { encoding: 'utf8' });
    assert.equal(status.status, 0, 'a warnings-only site exits 0 even when the reader stops early: ' + status.stderr);
  });
});

describe('strict arguments (exit 2, one line on stderr)', () => {
  const cases: [string[], RegExp][] = [
    [['check', '--bogus'], /^blog-author check: unknown option '--bogus' \(see 'blog-author check --help'\)$/],
    [['check', '--format', 'xml'], /^blog-author check: option '--format' must be 'text' or 'json', not 'xml'/],
    [['check', '--format'], /^blog-author check: option '--format' needs a value/],
    [['check', '--format='], /^blog-author check: option '--format' needs a value/],
    [['check', 'a', 'b'], /^blog-author check: takes at most 1 folder \(unexpected 'b'\)/],
    [['check', 'hugo-yaml', '--relative-to', 'no-such-folder'], /^blog-author check: option '--relative-to' names no folder: no-such-folder \(see 'blog-author check --help'\)$/],
    [['index', '--stat'], /^blog-author index: unknown option '--stat'/],
    [['render'], /^blog-author render: missing path/],
    [['render', 'no-such-a.md', 'b.md'], /^blog-author: cannot read no-such-a.md: no such file/],
    [['render', 'x.md', '--out'], /^blog-author render: option '--out' needs a value/],
    [['lsp', '--sdtio'], /^blog-author lsp: unknown option '--sdtio'/],
    [['frobnicate'], /^blog-author: unknown command 'frobnicate' \(commands: check, index, render, taxonomy, suggest, lsp/],
    [['--bogus'], /^blog-author: unknown option '--bogus'/],
  ];
  for (const [args, message] of cases) {
    test(args.join(' '), () => {
      const result = run(args, FIXTURES);
      assert.equal(result.status, 2, result.stdout + result.stderr);
      assert.equal(result.stdout, '');
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr.trim(), message);
    });
  }
});

describe('help and version', () => {
  test('every command has --help (and -h), on stdout, exit 0, listing its options', () => {
    const expected: Record<string, string[]> = {
      check: ['--format text|json', '--relative-to DIR', 'Exit status'],
      index: ['--stats', '--format'],
      render: ['--out', '--body-only', '--content-only', '--offline'],
      taxonomy: ['--json', '--format'],
      lsp: ['--stdio'],
    };
    for (const [command, options] of Object.entries(expected)) {
      for (const flag of ['--help', '-h']) {
        const result = run([command, flag]);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, new RegExp(`^Usage: blog-author ${command}`));
        for (const o of options) assert.ok(result.stdout.includes(o), `${command} ${flag} mentions ${o}:\n${result.stdout}`);
      }
    }
    const top = run(['--help']);
    assert.equal(top.status, 0);
    for (const command of Object.keys(expected)) assert.match(top.stdout, new RegExp(`^  ${command} `, 'm'));
    assert.match(run(['help', 'check']).stdout, /^Usage: blog-author check/);
  });

  test('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const result = run([flag]);
      assert.equal(result.status, 0);
      assert.equal(result.stdout, `blog-author ${version}\n`);
    }
  });

  test('the README documents every option of every command', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    for (const option of ['--format', '--relative-to', '--body-only', '--content-only', '--offline', '--out', '--stdio', '--version', '--help']) {
      assert.ok(readme.includes(option), `README mentions ${option}`);
    }
  });
});

describe('finding the site', () => {
  test('a folder that does not exist and a folder that is not a site get different messages', () => {
    const missing = run(['check', join(tmp, 'no-such-folder')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /no-such-folder: no such folder$/m);
    mkdirSync(join(tmp, 'plain'), { recursive: true });
    const plain = run(['check', join(tmp, 'plain')]);
    assert.equal(plain.status, 2);
    assert.match(plain.stderr, /plain is not inside a site: no Hugo .* or Jekyll .* config in .*, in the folders above it or two folders below/);
    const file = run(['check', join(FIXTURES, 'hugo-yaml/hugo.yaml')]);
    assert.equal(file.status, 2);
    assert.match(file.stderr, /not a folder/);
  });

  test('run from inside content/, check finds the site above and checks all of it', () => {
    const fromRoot = run(['check'], join(FIXTURES, 'hugo-yaml'));
    const fromContent = run(['check'], join(FIXTURES, 'hugo-yaml/content/post'));
    assert.equal(fromContent.status, 1, fromContent.stderr);
    assert.equal(fromContent.stdout, fromRoot.stdout, 'same report, same paths (relative to the site root)');
    assert.match(fromContent.stdout, /^content\/post\/2023-11-02-broken\.md:/m);
    assert.match(fromContent.stderr, /files checked \(site: \.\.\/\.\.\)/);
  });

  test('--relative-to prints paths relative to another folder (a repository whose site is in a subfolder)', () => {
    const result = run(['check', 'hugo-yaml', '--relative-to', '.'], FIXTURES);
    assert.match(result.stdout, /^hugo-yaml\/content\/post\/2023-11-02-broken\.md:\d+:\d+: error:/m);
    const json = JSON.parse(run(['check', join(FIXTURES, 'hugo-yaml'), '--format', 'json', '--relative-to', REPO], join(FIXTURES, 'jekyll')).stdout) as { path: string }[];
    assert.ok(json.every((d) => d.path.startsWith('test/fixtures/hugo-yaml/content/')), JSON.stringify(json[0]));
  });
});

describe('lsp and render', () => {
  test('lsp without --stdio says how to run it, without a stack trace', () => {
    const result = run(['lsp']);
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /run 'blog-author lsp --stdio'/);
    assert.doesNotMatch(result.stderr, /at |Error/);
  });

  test('render: standalone page with KaTeX inlined (no CDN), --body-only with the header, --content-only without', () => {
    const post = join(REPO, 'examples/blog/content/post/2023-11-02-regresion-logistica.md');
    const page = run(['render', post]);
    assert.equal(page.status, 0, page.stderr);
    assert.match(page.stdout, /^<!DOCTYPE html>/);
    assert.match(page.stdout, /class="katex"/, 'the post has math');
    assert.doesNotMatch(page.stdout, /https?:\/\/[^"')\s]*katex|cdn\./i, 'no stylesheet from the network');
    assert.match(page.stdout, /\.katex-mathml\{[^}]*clip/, "KaTeX's stylesheet is in the page: the MathML copy stays hidden offline");
    assert.match(page.stdout, /@font-face\{[^}]*KaTeX_Main[^}]*src:url\(data:font\/woff2;base64,/, 'the fonts are inlined');
    assert.doesNotMatch(page.stdout, /url\(fonts\//, 'no relative font URL that would not resolve next to the written page');
    const body = run(['render', post, '--body-only']);
    assert.doesNotMatch(body.stdout, /<!DOCTYPE|<html/);
    assert.match(body.stdout, /class="ba-post-header/);
    const content = run(['render', post, '--content-only']);
    assert.equal(content.status, 0, content.stderr);
    assert.doesNotMatch(content.stdout, /<!DOCTYPE|ba-post-header|<h1/);
    assert.doesNotMatch(content.stdout, /class="katex"/, "Hugo's .Content holds the math as the author wrote it; the site's scripts typeset it");
    assert.match(content.stdout, /\\\(|\$\$/, 'the math delimiters are kept as text');
    assert.match(body.stdout, /class="katex"/, 'the preview (--body-only) typesets the math');
    const both = run(['render', post, '--body-only', '--content-only']);
    assert.equal(both.status, 2);
    const missing = run(['render', join(tmp, 'nope.md')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*nope\.md: no such file/);
  });
});

describe('first contact: the wrong folder, the wrong file, a pipe, an unbuilt checkout', () => {
  test('every command run outside a site says so in one line with the configs it looked for, exit 2', () => {
    const plain = join(tmp, 'not-a-site');
    mkdirSync(plain, { recursive: true });
    writeFileSync(join(plain, 'notes.md'), '# Notes\n');
    for (const args of [['check'], ['check', '--format', 'json'], ['index'], ['index', '--stats'], ['taxonomy'], ['taxonomy', '--json']]) {
      const result = run(args, plain);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.equal(result.stdout, '', args.join(' '));
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
      assert.match(result.stderr, /^blog-author: \. is not inside a site: no Hugo \(hugo\.toml, config\.toml, config\/_default\/\) or Jekyll \(_config\.yml\) config in /, args.join(' '));
    }
    const suggest = run(['suggest', 'notes.md'], plain);
    assert.equal(suggest.status, 2);
    assert.match(suggest.stderr, /^blog-author: notes\.md is not inside a site: no Hugo \(hugo\.toml.* config in the folders above it\n$/);
  });

  test('suggest: a file that does not exist, a folder, and a file of the site that is not a post get different messages', () => {
    const missing = run(['suggest', 'content/post/nope.md'], join(FIXTURES, 'hugo-yaml'));
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'blog-author: cannot read content/post/nope.md: no such file\n');
    const folder = run(['suggest', 'content/post'], join(FIXTURES, 'hugo-yaml'));
    assert.equal(folder.status, 2);
    assert.match(folder.stderr, /^blog-author suggest: content\/post is a folder: name one post/);
    const config = run(['suggest', 'hugo.yaml'], join(FIXTURES, 'hugo-yaml'));
    assert.equal(config.status, 2);
    assert.match(config.stderr, /^blog-author: hugo\.yaml is not a post of the site at /);
    const post = run(['suggest', 'content/post/2024-03-21-cortos.md', '--json'], join(FIXTURES, 'hugo-yaml'));
    assert.equal(post.status, 0, post.stderr);
    assert.ok(Array.isArray((JSON.parse(post.stdout) as { related: unknown[] }).related));
  });

  test('render: a folder without Markdown pages is an error, not an empty success', () => {
    const empty = join(tmp, 'empty-folder');
    mkdirSync(empty, { recursive: true });
    const result = run(['render', empty]);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^blog-author render: no Markdown pages under .*empty-folder\n$/);
  });

  test('from a subfolder that is not content/ (static/), check --format json | head is the start of the same report, quietly', () => {
    const site = join(FIXTURES, 'hugo-yaml');
    const whole = run(['check', '--format', 'json'], site);
    const piped = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" check --format json | head -c 40`], { encoding: 'utf8', cwd: join(site, 'static/img') });
    assert.equal(piped.stdout, whole.stdout.slice(0, 40));
    assert.doesNotMatch(piped.stderr, /EPIPE|Error:|at /, piped.stderr);
    for (const args of [['taxonomy'], ['index', '--stats'], ['suggest', join(site, 'content/post/2024-03-21-cortos.md')]]) {
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" ${args.map((a) => `"${a}"`).join(' ')} | head -n 1`], { encoding: 'utf8', cwd: join(site, 'static') });
      assert.equal(r.stdout.split('\n').filter(Boolean).length, 1, `${args.join(' ')} | head -n 1: ${r.stdout}`);
      assert.doesNotMatch(r.stderr, /EPIPE|Error:|at /, `${args.join(' ')}: ${r.stderr}`);
    }
  });

  test("the CLI bundle's code cache: written for this very bundle, used when it fits, ignored when it does not", () => {
    const checkout = join(tmp, 'cached');
    mkdirSync(join(checkout, 'bin'), { recursive: true });
    mkdirSync(join(checkout, 'dist/server'), { recursive: true });
    writeFileSync(join(checkout, 'bin/blog-author.js'), readFileSync(CLI, 'utf8'));
    const bundle = readFileSync(join(REPO, 'dist/server/cli.js'), 'utf8');
    writeFileSync(join(checkout, 'dist/server/cli.js'), bundle);
    const cacheFile = join(checkout, 'dist/server/cli.js.cache');
    const blog = join(FIXTURES, 'hugo-yaml');
    const index = (env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [join(checkout, 'bin/blog-author.js'), 'index', blog, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, ...env } });
    const expected = JSON.parse(run(['index', blog, '--format', 'json']).stdout);
    const same = (r: ReturnType<typeof index>) => {
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual({ ...JSON.parse(r.stdout), milliseconds: 0 }, { ...expected, milliseconds: 0 });
    };
    // No cache: compiled as usual; asked to, the run writes one that names the bundle by its SHA-1.
    same(index({ BLOG_AUTHOR_WRITE_CODE_CACHE: '1' }));
    const cache = readFileSync(cacheFile);
    assert.equal(cache.toString('latin1', 0, 40), createHash('sha1').update(bundle).digest('hex'));
    assert.ok(cache.length > 1000);
    same(index());
    // A cache of another bundle (V8 alone would take one of the same length), or a damaged one: ignored.
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(createHash('sha1').update(bundle + ' ').digest('hex'), 'latin1'), cache.subarray(40)]));
    same(index());
    writeFileSync(cacheFile, Buffer.concat([cache.subarray(0, 40), Buffer.alloc(5000, 7)]));
    same(index());
  });

  test("the server bundle's code cache: `lsp --stdio` writes and uses it, and answers the same without or with a damaged one", async () => {
    const checkout = join(tmp, 'cached-server');
    mkdirSync(join(checkout, 'bin'), { recursive: true });
    mkdirSync(join(checkout, 'dist/server'), { recursive: true });
    writeFileSync(join(checkout, 'bin/blog-author.js'), readFileSync(CLI, 'utf8'));
    for (const f of ['cli.js', 'server.js']) writeFileSync(join(checkout, 'dist/server', f), readFileSync(join(REPO, 'dist/server', f)));
    const bundle = readFileSync(join(REPO, 'dist/server/server.js'), 'utf8');
    const cacheFile = join(checkout, 'dist/server/server.js.cache');
    const root = pathToFileURL(join(FIXTURES, 'hugo-yaml')).href;
    const frame = (m: object) => `Content-Length: ${Buffer.byteLength(JSON.stringify(m))}\r\n\r\n${JSON.stringify(m)}`;
    const opening = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: root, workspaceFolders: [{ uri: root, name: 'blog' }], capabilities: {} } },
      { jsonrpc: '2.0', method: 'initialized', params: {} },
      { jsonrpc: '2.0', id: 2, method: 'shutdown' },
    ];
    // The server quits at the end of its input: stdin stays open until shutdown is answered.
    const lsp = (env: Record<string, string> = {}) =>
      new Promise<void>((done, fail) => {
        const child = spawn(process.execPath, [join(checkout, 'bin/blog-author.js'), 'lsp', '--stdio'], { env: { ...process.env, ...env } });
        const timer = setTimeout(() => child.kill(), 30_000);
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('"id":2,')) child.stdin.end(frame({ jsonrpc: '2.0', method: 'exit' }));
        });
        child.on('close', (status) => {
          clearTimeout(timer);
          try {
            assert.equal(status, 0, out);
            assert.match(out, /"id":1,"result":\{"capabilities":\{/);
            assert.match(out, /"id":2,"result":null/);
            done();
          } catch (e) {
            fail(e);
          }
        });
        child.stdin.write(opening.map(frame).join(''));
      });
    await lsp({ BLOG_AUTHOR_WRITE_CODE_CACHE: '1' });
    const cache = readFileSync(cacheFile);
    assert.equal(cache.toString('latin1', 0, 40), createHash('sha1').update(bundle).digest('hex'));
    assert.ok(cache.length > 1000);
    await lsp();
    writeFileSync(cacheFile, Buffer.concat([cache.subarray(0, 40), Buffer.alloc(5000, 7)]));
    await lsp();
    // Without --stdio the CLI refuses before the server bundle is loaded.
    const refused = spawnSync(process.execPath, [join(checkout, 'bin/blog-author.js'), 'lsp'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /lsp --stdio/);
  });

  test('an unbuilt checkout (npm install -g . right after cloning): one line saying to build, no module stack trace', () => {
    const checkout = join(tmp, 'unbuilt');
    mkdirSync(join(checkout, 'bin'), { recursive: true });
    writeFileSync(join(checkout, 'bin/blog-author.js'), readFileSync(CLI, 'utf8'));
    const result = spawnSync(process.execPath, [join(checkout, 'bin/blog-author.js'), 'check'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /dist\/server\/cli\.js is missing: run 'npm run build' in .*unbuilt first/);
    assert.doesNotMatch(result.stderr, /MODULE_NOT_FOUND|at /);
  });
});
