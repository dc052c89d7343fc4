/**
 * `link-broken` precision on the real sites (issue 12): what each corpus's readers judged to be no
 * problem is not reported. Files (images, downloads) are left out: the copies are text-only. Skipped
 * (with a message) when the corpora folder is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck } from '../../server/src/cli/main';
import { corpusPath, skipMessage } from '../helpers/corpora';

interface Entry {
  path: string;
  rule: string;
  message: string;
  fixes?: string[];
}

async function brokenPages(folder: string): Promise<Entry[]> {
  let out = '';
  await runCheck([folder, '--format', 'json'], { out: (t) => (out += t), err: () => undefined });
  const all = JSON.parse(out) as Entry[];
  // Page links only: "Image not found…" and "No file /x.png in static/" name files a text-only copy lacks.
  const isFile = (d: Entry) => /\.[a-z][a-z0-9]{0,4}$/i.test(pathOf(d).replace(/[?#].*$/, '')) && !/\.(html?|md)$/i.test(pathOf(d));
  return all.filter((d) => d.rule === 'link-broken' && !/^Image not found|^No file \S+ in /.test(d.message) && !isFile(d));
}

const pathOf = (d: Entry) => /(?:published at|at) (\S+)/.exec(d.message)?.[1] ?? '';

const roweb3 = corpusPath('roweb3');
test('corpus roweb3: /technotes (another site on the domain) is not reported; /authors/ typos are, with their fix', { skip: roweb3 ? false : skipMessage('roweb3') }, async () => {
  const pages = await brokenPages(roweb3!);
  assert.deepEqual(pages.filter((d) => pathOf(d).startsWith('/technotes/')), []);
  const authors = pages.filter((d) => pathOf(d).startsWith('/authors/'));
  // A near name of the site's /author/ taxonomy: this site's link, reported; fixed where the author page exists.
  assert.ok(authors.length > 100, `${authors.length} /authors/ links`);
  assert.deepEqual(authors.filter((d) => d.fixes?.length && !d.fixes[0].startsWith('/author/')), []);
  assert.ok(authors.filter((d) => d.fixes?.length).length > 100);
});

const nullprogram = corpusPath('nullprogram');
test('corpus nullprogram: project sites under the same domain (/toys/, /video/…) are not reported; posts that do not exist are', { skip: nullprogram ? false : skipMessage('nullprogram') }, async () => {
  const pages = await brokenPages(nullprogram!);
  assert.deepEqual(pages.filter((d) => /^\/(toys|video|sphere-js|fun-liquid|disc-rl)\//.test(pathOf(d))), []);
  // Links inside <pre> in an .html post are no links.
  assert.deepEqual(pages.filter((d) => d.message.includes('2:3,2:3')), []);
  assert.ok(pages.some((d) => pathOf(d) === '/blog/2009/05/27'), 'the post of a day with no post is still found');
});

const otel = corpusPath('opentelemetry-io');
test('corpus opentelemetry-io: front matter redirects and includes: no page link reported', { skip: otel ? false : skipMessage('opentelemetry-io') }, async () => {
  assert.deepEqual((await brokenPages(otel!)).map((d) => `${d.path}: ${d.message}`), []);
});

const guide = corpusPath('opensource-guide');
test('corpus opensource-guide: ../x/ from a page at the top is read as a URL', { skip: guide ? false : skipMessage('opensource-guide') }, async () => {
  assert.deepEqual((await brokenPages(guide!)).map((d) => `${d.path}: ${d.message}`), []);
});
