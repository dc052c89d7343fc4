// `npm install` on the Node the README asks for must not warn EBADENGINE: every locked package accepts the
// lowest Node version package.json declares.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

// semver comes with npm's own tooling (vsce); it has no types here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
  coerce(version: string): { version: string } | null;
};

const REPO = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }> };

test('every package in the lock file runs on the lowest Node version the engines field allows', () => {
  const lowest = semver.minVersion(pkg.engines.node)!.version;
  const refusing = Object.entries(lock.packages)
    .filter(([name, p]) => name && p.engines && !Array.isArray(p.engines) && p.engines.node && !semver.satisfies(lowest, p.engines.node))
    .map(([name, p]) => `${name} wants node ${(p.engines as { node: string }).node}`);
  assert.deepEqual(refusing, [], `package.json declares node ${pkg.engines.node} (lowest ${lowest})`);
});

test('the README asks for a Node version the engines field allows', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const asked = /Node\.js (\d+(?:\.\d+)*)/.exec(readme)?.[1];
  assert.ok(asked, 'the README names a Node.js version');
  assert.ok(semver.satisfies(semver.coerce(asked)!.version, pkg.engines.node), `README's Node.js ${asked} within ${pkg.engines.node}`);
});
