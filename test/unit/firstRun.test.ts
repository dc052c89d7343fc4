// The first things a new user runs: `npm run fidelity` without the shared blogs, `npm start`'s editor settings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const REPO = join(__dirname, '../..');

test('npm run fidelity with no blog to compare says so and exits non-zero (not "0/0 (n/a)", exit 0)', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/fidelity.ts', join(REPO, 'test/fixtures/no-such-blog')], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  assert.notEqual(r.status, 0, r.stdout + r.stderr);
  const hugo = spawnSync('hugo', ['version']).status === 0;
  if (hugo) {
    assert.match(r.stderr, /NOTHING COMPARED/);
    assert.doesNotMatch(r.stdout, /0\/0 \(n\/a\)/);
  }
});

test("npm start's settings turn off the parent-folder git prompt for the example copy inside the checkout", () => {
  const start = readFileSync(join(REPO, 'scripts/start.mjs'), 'utf8');
  assert.match(start, /'git\.openRepositoryInParentFolders': 'never'/);
});
