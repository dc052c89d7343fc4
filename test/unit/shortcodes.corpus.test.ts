/**
 * Real blogs that build with Hugo must get no shortcode errors. Skipped (with a message) when the
 * corpora folder is absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { listFilesRecursive } from '../../server/src/workspace/workspace';
import { ALWAYS_SKIPPED_DIRS, findSiteRoot, loadSiteModel } from '../../server/src/site/siteModel';
import { ShortcodeTemplates } from '../../server/src/site/shortcodeTemplates';
import { corpusPath, skipMessage } from '../helpers/corpora';
import { analyzeShortcodes } from '../../server/src/features/shortcodes/analysis';
import { shortcodeDiagnostics } from '../../server/src/features/shortcodes/diagnostics';


for (const name of ['roweb3', 'nats-site', 'falco-website']) {
  const folder = corpusPath(name);
  test(`corpus ${name}: no shortcode errors`, { skip: folder ? false : skipMessage(name) }, async () => {
    const ws = new NodeWorkspace();
    const root = await findSiteRoot(ws, folder!);
    assert.ok(root, 'site root');
    const site = await loadSiteModel(ws, root);
    const templates = await ShortcodeTemplates.load(ws, site);
    let files = 0;
    let uses = 0;
    const errors: string[] = [];
    const warnings = new Map<string, number>();
    for (const dir of site.contentDirs) {
      const paths = await listFilesRecursive(ws, dir, (_p, n) => ALWAYS_SKIPPED_DIRS.has(n), (p) => /\.(md|markdown)$/i.test(p));
      for (const path of paths) {
        const text = (await ws.readFile(path)) ?? '';
        const doc = TextDocument.create('file://' + path, 'markdown', 1, text);
        const analysis = analyzeShortcodes(doc, templates);
        files++;
        uses += analysis.tags.filter((t) => t.kind !== 'close').length;
        for (const d of shortcodeDiagnostics(doc, templates, analysis)) {
          if (d.severity === DiagnosticSeverity.Error) errors.push(`${path}:${d.range.start.line + 1}: ${d.message}`);
          else if (d.severity === DiagnosticSeverity.Warning) warnings.set(String(d.code), (warnings.get(String(d.code)) ?? 0) + 1);
        }
      }
    }
    const warningCount = [...warnings.values()].reduce((a, b) => a + b, 0);
    console.log(`${name}: ${files} files, ${uses} shortcode uses, ${errors.length} errors, ${warningCount} warnings ${JSON.stringify(Object.fromEntries(warnings))}`);
    assert.deepEqual(errors.slice(0, 20), []);
  });
}
