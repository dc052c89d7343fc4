/**
 * Contained and bounded (issue 11), on a fixture site of hostile files (test/fixtures/hostile):
 * symbolic links in a loop, out of the site and to nowhere, `../` links to files outside, binary,
 * bad UTF-8 and NUL, an alias bomb, 10,000-deep front matter. Index, check and the language
 * features handle it within bounds and never touch a path outside the site (every file-system call
 * of the real NodeWorkspace is recorded and checked, lexically and with links followed).
 */
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/languageService';
import { BlogService } from '../../server/src/service';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { pathToUri } from '../../server/src/workspace/uri';
import { isInside } from '../../server/src/workspace/workspace';

const ROOT = join(__dirname, '../fixtures/hostile');
const REAL_ROOT = realpathSync(ROOT);

/** A NodeWorkspace that records every path it is asked about. */
function recordingWorkspace(log: (m: string) => void): { ws: NodeWorkspace; touched: string[] } {
  const ws = new NodeWorkspace(log);
  const touched: string[] = [];
  // realPathNow is the containment check itself (where does this link lead?), so it is not recorded.
  for (const method of ['readFile', 'readFilesNow', 'stat', 'statNow', 'readDirectory', 'readDirectoryNow', 'readBytesNow'] as const) {
    const original = (ws as unknown as Record<string, (...a: unknown[]) => unknown>)[method].bind(ws);
    (ws as unknown as Record<string, unknown>)[method] = (arg: unknown, ...rest: unknown[]) => {
      for (const p of Array.isArray(arg) ? arg : [arg]) touched.push(String(p));
      return original(arg, ...rest);
    };
  }
  return { ws, touched };
}

function outside(touched: string[]): string[] {
  return touched.filter((p) => {
    if (!isInside(ROOT, p)) return true;
    try {
      return !isInside(REAL_ROOT, realpathSync(p));
    } catch {
      return false; // does not exist: nothing was read
    }
  });
}

test('hostile site: index, diagnostics and every feature stay inside the site and within bounds', async () => {
  const logged: string[] = [];
  const { ws, touched } = recordingWorkspace((m) => logged.push(m));
  const started = performance.now();
  const service = await BlogService.create({ workspace: ws, folder: ROOT, log: (m) => logged.push(m) });
  await service.buildIndex();
  const indexMs = performance.now() - started;

  const paths = service.index.postsByRecency().map((p) => p.relPath).sort();
  assert.ok(!paths.some((p) => p.includes('passwd')), `a link to /etc/passwd is not indexed: ${paths}`);
  assert.ok(!paths.some((p) => p.startsWith('content/loop/')), 'the loop is not followed');
  assert.ok(!paths.some((p) => p.startsWith('content/up/')), 'a link out of the site is not followed');
  assert.ok(paths.includes('content/post/ok.md') && paths.includes('content/post/binary.md') && paths.includes('content/post/alias-recount.md'));
  assert.ok(logged.some((m) => /symbolic links that lead out of the site/.test(m)), 'the skipped links are reported');
  assert.equal(logged.filter((m) => /not following/.test(m)).length, 1, 'once');
  assert.ok(indexMs < 10_000, `index took ${indexMs.toFixed(0)} ms`);

  const ls = createLanguageService();
  for (const post of service.index.postsByRecency()) {
    const text = (await service.readText(post.path)) ?? '';
    const doc = TextDocument.create(pathToUri(post.path), 'markdown', 1, text);
    service.documentChanged(doc);
    const t = performance.now();
    const diags = ls.diagnostics(service, doc);
    ls.documentLinks(service, doc);
    ls.documentSymbols(service, doc);
    ls.foldingRanges(service, doc);
    for (let o = 0; o < Math.min(text.length, 3000); o += 7) {
      const pos = doc.positionAt(o);
      const hover = ls.hover(service, doc, pos);
      const shown = JSON.stringify(hover ?? '');
      assert.ok(!/root:x:0:0|\/etc\/(passwd|hostname)\b.*bytes/.test(shown), `hover reveals nothing outside: ${shown}`);
      const def = JSON.stringify(ls.definition(service, doc, pos) ?? '');
      assert.ok(!/file:\/\/\/etc\//.test(def), `definition stays inside: ${def}`);
      ls.completion(service, doc, pos);
    }
    const ms = performance.now() - t;
    assert.ok(ms < 10_000, `${post.relPath}: ${ms.toFixed(0)} ms`);
    if (post.relPath === 'content/post/alias-recount.md') {
      // The 4 KB front matter that took 17 s and more in the yaml package's toJS().
      const refused = diags.filter((d) => d.message === 'YAML: aliases expand to more than 100,000 values; not read');
      assert.equal(refused.length, 1, `one clear diagnostic: ${diags.map((d) => d.message).join(' | ')}`);
    }
    if (post.relPath === 'content/post/escapes.md') {
      const out = diags.filter((d) => /leaves the site folder/.test(String(d.message)));
      assert.equal(out.length, 4, `every link out is reported as leaving the site: ${diags.map((d) => d.message).join(' | ')}`);
      const links = ls.documentLinks(service, doc).map((l) => l.target ?? '');
      assert.ok(!links.some((t) => t.startsWith('file:///etc') || t.includes('/outside/')), `document links stay inside: ${links}`);
    }
  }
  assert.deepEqual(outside(touched), [], 'no file-system call outside the site');
  assert.deepEqual(logged.filter((m) => /failed|RangeError/.test(m)), []);
});
