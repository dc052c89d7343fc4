/**
 * Every shortcode and partial template of the real blogs parses (the Go template language is complete enough
 * for them). Skipped (with a message) when the corpora folder is absent. bench/templateLanguage.ts also runs them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { parseTemplate } from '../../server/src/render/goTemplate';
import { corpusPath, skipMessage } from '../helpers/corpora';

function templateFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) templateFiles(p, out);
    else if (/\/layouts\/_?(?:shortcodes|partials)\//.test(p)) out.push(p);
  }
  return out;
}

for (const name of ['falco-website', 'nats-site', 'roweb3', 'opentelemetry-io']) {
  const folder = corpusPath(name);
  test(`corpus ${name}: every shortcode and partial template parses`, { skip: folder ? false : skipMessage(name) }, () => {
    const files = templateFiles(folder!);
    assert.ok(files.length > 10, `${name} has templates`);
    const failures = files.flatMap((file) => {
      try {
        parseTemplate(readFileSync(file, 'utf8'));
        return [];
      } catch (e) {
        return [`${file}: ${(e as Error).message}`];
      }
    });
    assert.deepEqual(failures, []);
  });
}
