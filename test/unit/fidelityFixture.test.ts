// The preview's renderer against the real Hugo on sites shipped in the repository (what `npm run fidelity` measures
// on the real blogs of ../shared/corpora, whose absence must not leave the preview unchecked): every post of
// test/fixtures/preview (Goldmark's extensions, typographer, emoji, heading ids, footnotes, definition lists, raw
// HTML, images, the highlight/figure/ref shortcodes) and test/fixtures/hugo-toml renders to the same HTML tree.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const REPO = join(__dirname, '../..');
const hugo = spawnSync('hugo', ['version']).status === 0;

test(
  'npm run fidelity on the fixture sites: every post renders as the real Hugo renders it',
  { skip: hugo ? false : 'DID NOTHING: hugo is not installed (apt-get install hugo, or run the e2e setup), so the preview was not compared with it' },
  () => {
    const sites = ['test/fixtures/preview', 'test/fixtures/hugo-toml'];
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/fidelity.ts', ...sites, '--show', '5'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.doesNotMatch(r.stdout, /hugo failed/, r.stdout);
    assert.match(r.stdout, /^preview: 2 files, 2 rendered by Hugo$/m, r.stdout);
    assert.match(r.stdout, /^hugo-toml: 3 files, 3 rendered by Hugo$/m, r.stdout);
    assert.match(r.stdout, /^ALL: no site-specific template 5\/5 \(100\.0%\); every post 5\/5 \(100\.0%\)$/m, r.stdout);
  },
);
