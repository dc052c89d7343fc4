/**
 * Link resolution agrees with the real Hugo (bench/hugoDiff.ts) on the docs fixtures: Markdown links,
 * images through the site's image render hook, and raw HTML `<a href>`/`<img src>`. Skipped (with a
 * message) when Debian's hugo is not installed (test/e2e/setup.mjs installs it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { diffSite } from '../../bench/hugoDiff';

const HUGO = '/usr/bin/hugo';
const skip = existsSync(HUGO) ? false : `${HUGO} is not installed (node test/e2e/setup.mjs installs it)`;
const FIXTURES = resolve(__dirname, '../fixtures');

test('docs fixtures: every internal link, image and raw HTML link resolves where Hugo 0.111 sends it', { skip }, async () => {
  const site = await diffSite(`${FIXTURES}/docs-elsewhere`, HUGO);
  assert.equal(site.built, true, site.error);
  assert.deepEqual(site.trimmed, []);
  assert.deepEqual([...site.links.samples, ...site.images.samples, ...site.html.samples, ...site.permalinks.samples], []);
  // Resolved targets, not only agreements that both find nothing.
  assert.ok(site.links.compared >= 5 && site.links.agree === site.links.compared);
  assert.equal(site.images.compared - site.images.missing, 2, 'the bundle image (through the hook) and the static one');
  assert.equal(site.html.compared - site.html.missing, 3, '<a href="/docs/guide/">, <img src="diagram.svg">, <a href="../post/">');
  assert.equal(site.permalinks.agree, site.permalinks.compared);
  const docs = await diffSite(`${FIXTURES}/docs-site`, HUGO);
  assert.equal(docs.built, true, docs.error);
  assert.ok(docs.links.compared >= 8 && docs.links.agree === docs.links.compared, docs.links.samples.join('\n'));
});

test('a site Hugo 0.111 cannot build as it is (absent theme module) is trimmed until it builds, and the trims are listed', { skip }, async () => {
  const site = await diffSite(`${FIXTURES}/docs-absent-module`, HUGO);
  assert.equal(site.built, true, site.error);
  assert.deepEqual(site.trimmed, [
    'absent module github.com/example/hugo-theme-docs: empty stand-in',
    'absent module github.com/example/hugo-shortcodes: empty stand-in',
    'shortcode alert: stand-in',
  ]);
  assert.equal(site.permalinks.agree, site.permalinks.compared);
});
