// The .vsix as the Marketplace and an installed VS Code show it: packaged the way `npm run package` does,
// then read back from the zip.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { REPO } from '../helpers/lspClient';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
/** The vsce arguments of `npm run package`, with the output sent to a temporary file. */
const packageArgs = (out: string) => {
  const command = pkg.scripts.package.split('&&').map((s) => s.trim()).find((s) => s.startsWith('vsce '))!;
  return command.split(/\s+/).slice(1).map((a, i, all) => (all[i - 1] === '--out' ? out : a));
};

let tmp: string;
let vsix: string;
let files: string[];
let vsceOutput: string;
const read = (name: string) => execFileSync('unzip', ['-p', vsix, name], { encoding: 'utf8', maxBuffer: 1 << 26 });

before(() => {
  assert.ok(existsSync(join(REPO, 'dist/server/cli.js')), 'npm run build first');
  tmp = mkdtempSync(join(tmpdir(), 'blog-author-vsix-'));
  vsix = join(tmp, 'blog-author.vsix');
  const result = spawnSync(join(REPO, 'node_modules/.bin/vsce'), packageArgs(vsix), { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  vsceOutput = result.stdout + result.stderr;
  assert.equal(result.status, 0, vsceOutput);
  files = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('the packaged extension', () => {
  test('vsce packages it without a warning (repository, license, icon…)', () => {
    assert.doesNotMatch(vsceOutput, /WARNING/i, vsceOutput);
  });

  test('holds the bundles, grammars, icon and screenshots, and no sources, tests or node_modules', () => {
    const allowed = [/^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/, /^extension\/dist\/(client|server|preview)\//, /^extension\/syntaxes\/[\w.-]+\.json$/, /^extension\/bin\/blog-author\.js$/, /^extension\/docs\/icon\.png$/, /^extension\/docs\/screenshots\/[\w-]+\.png$/, /^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/];
    const unexpected = files.filter((f) => !allowed.some((re) => re.test(f)));
    assert.deepEqual(unexpected, []);
    assert.ok(!files.some((f) => /\.ts$|node_modules|\/test\//.test(f)));
    for (const f of ['extension/dist/client/extension.js', 'extension/dist/server/server.js', 'extension/dist/server/cli.js', 'extension/dist/preview/katex/katex.min.css']) assert.ok(files.includes(f), f);
  });

  test('the packaged readme is the user-facing one, and every image it shows is in the package', () => {
    const readme = read('extension/readme.md');
    assert.equal(readme, readFileSync(join(REPO, 'README.vsix.md'), 'utf8'));
    assert.doesNotMatch(readme, /npm (start|test|run|install)|node_modules|\.vscode-test/, 'no developer instructions');
    for (const section of ['## Settings', '## Preview', 'Neovim', 'Privacy']) assert.ok(readme.includes(section), section);
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)[^)]*\)|<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    assert.ok(images.length >= 4, `screenshots in the readme: ${images.join(', ')}`);
    for (const src of images) {
      assert.doesNotMatch(src, /^[a-z]+:/i, `${src}: loads from the package, not the network`);
      assert.ok(files.includes(posix.join('extension', posix.normalize(src))), `${src} is in the .vsix`);
    }
    // Every screenshot shipped is shown (nothing packaged for nothing).
    for (const f of files.filter((x) => x.startsWith('extension/docs/screenshots/'))) assert.ok(images.includes(f.slice('extension/'.length)), `${f} is shown`);
  });

  test('the manifest has an icon in the package, repository, homepage, bugs and a gallery banner', () => {
    const manifest = JSON.parse(read('extension/package.json')) as { icon?: string; repository?: { url?: string }; homepage?: string; bugs?: { url?: string }; galleryBanner?: { color?: string; theme?: string } };
    assert.ok(manifest.icon && files.includes(`extension/${manifest.icon}`), `icon ${manifest.icon}`);
    const icon = execFileSync('unzip', ['-p', vsix, `extension/${manifest.icon}`]);
    assert.equal(icon.subarray(1, 4).toString(), 'PNG');
    assert.ok(icon.readUInt32BE(16) >= 128 && icon.readUInt32BE(20) >= 128, 'at least 128×128 px, as the Marketplace asks');
    assert.match(manifest.repository?.url ?? '', /^https:\/\//);
    assert.match(manifest.homepage ?? '', /^https:\/\//);
    assert.match(manifest.bugs?.url ?? '', /^https:\/\//);
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''));
    const xml = read('extension.vsixmanifest');
    assert.match(xml, /<Icon>extension\/docs\/icon\.png<\/Icon>/);
  });

  test('nothing the user sees depends on the repository URL (package.json names a placeholder until the project is published)', () => {
    const manifest = JSON.parse(read('extension/package.json')) as { repository: { url: string }; homepage: string; bugs: { url: string } };
    const bases = [manifest.repository.url.replace(/\.git$/, ''), manifest.homepage.replace(/#.*$/, ''), manifest.bugs.url.replace(/\/issues$/, '')];
    // Without --no-rewrite-relative-links vsce rewrites the readme's relative links to <repository>/raw/HEAD/…:
    // with a wrong URL every screenshot on the details page would break. They stay relative, in the package.
    assert.ok(packageArgs('x').includes('--no-rewrite-relative-links'), 'npm run package keeps relative links');
    const readme = read('extension/readme.md');
    const links = [...readme.matchAll(/\]\(([^)\s]+)[^)]*\)|\s(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    for (const link of links) {
      if (/^[a-z]+:/i.test(link)) assert.ok(!bases.some((b) => link.startsWith(b)), `${link} points into the repository`);
      else assert.ok(files.includes(posix.join('extension', posix.normalize(link.replace(/#.*$/, '')))), `${link} is in the .vsix`);
    }
    // Nor do the extension and the server (no "report an issue" link built from it).
    for (const f of files.filter((x) => /^extension\/(dist|bin)\/.*\.js$/.test(x))) {
      const text = read(f);
      for (const b of bases) assert.ok(!text.includes(b), `${f} mentions ${b}`);
    }
    for (const f of ['extension/readme.md', 'extension/changelog.md']) {
      if (!files.includes(f)) continue;
      const text = read(f);
      for (const b of bases) assert.ok(!text.includes(b), `${f} mentions ${b}`);
    }
  });
});
