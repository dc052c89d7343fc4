/**
 * The server never crashes on a post: every feature at every position of mangled versions of real
 * fixture posts (truncated, CRLF, random edits) answers without throwing.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/languageService';
import { BlogService } from '../../server/src/service';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';
import { memoryBlog } from '../helpers/memoryBlog';

const features = createLanguageService();

const FIXTURE = join(__dirname, '../fixtures/hugo-yaml');

function fixtureFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(md|ya?ml|toml|html)$/.test(name)) out['/blog/' + relative(FIXTURE, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(FIXTURE);
  return out;
}

let version = 1;
let positions = 0;

/** Every feature at every `step`-th offset; collects thrown errors and errors the features logged. */
async function exercise(service: BlogService, text: string, step: number): Promise<void> {
  const doc = TextDocument.create('file:///blog/content/post/fuzz.md', 'markdown', version++, text);
  service.documentChanged(doc);
  features.diagnostics(service, doc);
  features.documentLinks(service, doc);
  features.documentSymbols(service, doc);
  features.foldingRanges(service, doc);
  for (let offset = 0; offset <= text.length; offset += step) {
    const position = doc.positionAt(offset);
    positions++;
    features.completion(service, doc, position);
    features.hover(service, doc, position);
    features.definition(service, doc, position);
    features.prepareRename(service, doc, position);
  }
}

test('every feature survives truncated and mangled posts', async () => {
  const files = fixtureFiles();
  const logged: string[] = [];
  // The service's own log sink (BlogServiceOptions.log), not a private field: a rename cannot make this vacuous.
  const service = await BlogService.create({ workspace: new MemoryWorkspace(files), folder: '/blog', log: (m) => logged.push(m) });
  await service.buildIndex();
  assert.ok(logged.some((m) => /^indexed \d+ posts/.test(m)), 'the log sink receives the service\'s messages');
  const posts = Object.entries(files).filter(([p]) => p.endsWith('.md'));
  for (const [, text] of posts) {
    for (let cut = 0; cut <= text.length; cut += Math.max(1, Math.floor(text.length / 25))) await exercise(service, text.slice(0, cut), 7);
    await exercise(service, text.replace(/\n/g, '\r\n'), 5);
  }
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...posts.map(([, t]) => t)), fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.constantFrom('', '"', "'", '[', ']', '- ', '{{<', '>}}', '{{< / ', '](', '\n', '---', '+++', ':', '#', 'é', '\t')), { maxLength: 6 }), async (text, edits) => {
      let t = text;
      for (const [at, del, ins] of edits) {
        const i = at % (t.length + 1);
        t = t.slice(0, i) + ins + t.slice(i + del);
      }
      await exercise(service, t, 11);
    }),
    { numRuns: 300 },
  );
  assert.deepEqual(logged.filter((m) => /failed/.test(m)), [], 'no feature logged a failure');
  assert.ok(positions > 5_000, `${positions} positions exercised`);
});
