// docs/testing.md maps each feature to its tests: every test it names must exist (a unit or protocol test file,
// or a real-editor check listed in test/e2e/checks/enabled.mjs), so the table cannot drift from the suites.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

const REPO = join(__dirname, '../..');

test('every test docs/testing.md names exists', async () => {
  const files = (suite: string) => readdirSync(join(REPO, 'test', suite)).filter((f) => f.endsWith('.test.ts')).map((f) => f.replace(/\.test\.ts$/, ''));
  const enabledModule = pathToFileURL(join(REPO, 'test/e2e/checks/enabled.mjs')).href;
  const { enabled } = (await import(enabledModule)) as { enabled: Record<string, string[]> };
  const known = new Set([...files('unit'), ...files('protocol'), ...Object.values(enabled).flat(), ...Object.keys(enabled), 'emacs']);
  const doc = readFileSync(join(REPO, 'docs/testing.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Feature → test → site'), doc.indexOf('## The corpus tests'));
  const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| ---') && !l.startsWith('| feature'));
  assert.ok(rows.length >= 20, `${rows.length} feature rows`);
  const named: string[] = [];
  for (const row of rows) {
    const testsColumn = row.split(' | ')[1];
    for (const m of testsColumn.matchAll(/`([\w.-]+)`/g)) named.push(m[1]);
  }
  const unknown = named.filter((n) => !known.has(n));
  assert.deepEqual(unknown, [], 'names in docs/testing.md that are no test file or check');
  assert.ok(named.length >= 60, `${named.length} tests named`);
});
