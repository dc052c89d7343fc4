// API-level checks that run inside VS Code's real extension host (code-server), the way @vscode/test-electron
// runs extension tests: the workbench is opened with `extensionTestsPath` pointing here, VS Code calls run(),
// and its outcome comes back to Playwright through codeAutomationExit. Plain CommonJS, no test framework.
// The plan (positions and expected answers in the fixture copy) is the JSON file named by
// $BLOG_AUTHOR_E2E_PLAN; one line per check goes to plan.result_file: "ok name: …" / "FAIL name: …".
const fs = require('fs');
const vscode = require('vscode');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, fn, timeout = 15000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const pos = (p) => new vscode.Position(p.line - 1, p.column - 1);
const hoverText = (hovers) =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value ?? ''))).join('\n');

async function revert(doc) {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

exports.run = async function run() {
  const plan = JSON.parse(fs.readFileSync(process.env.BLOG_AUTHOR_E2E_PLAN, 'utf8'));
  const lines = [];
  const check = async (name, fn) => {
    if (!plan.enabled.includes(name)) return lines.push(`skip ${name}: gated`);
    try {
      lines.push(`ok ${name}: ${await fn()}`);
    } catch (e) {
      lines.push(`FAIL ${name}: ${String(e && e.message ? e.message : e).replace(/\s+/g, ' ')}`);
    }
  };
  const uri = vscode.Uri.file(plan.post);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);

  await check('api-activation', async () => {
    const ext = vscode.extensions.getExtension(plan.extensionId);
    if (!ext) throw new Error(`no extension ${plan.extensionId}`);
    await until('the extension to be active', () => ext.isActive, 30000);
    return `${ext.id} ${ext.packageJSON.version} active`;
  });

  await check('api-completion', async () => {
    if (!plan.tags) throw new Error('fixture post has no YAML tags: list');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(plan.tags.lastItemLine, 0), `${plan.tags.indent}- \n`);
    await vscode.workspace.applyEdit(edit);
    try {
      const at = new vscode.Position(plan.tags.lastItemLine, plan.tags.indent.length + 2);
      const list = await until('tag completions', async () => {
        const l = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, at);
        return l.items.some((i) => plan.tagCounts[typeof i.label === 'string' ? i.label : i.label.label] != null) && l;
      });
      const tags = list.items
        .map((i) => ({ item: i, label: typeof i.label === 'string' ? i.label : i.label.label }))
        .filter((x) => plan.tagCounts[x.label] != null)
        .sort((a, b) => (a.item.sortText ?? a.label).localeCompare(b.item.sortText ?? b.label));
      let prev = Infinity;
      let prevSimilar = true;
      for (const { item, label } of tags) {
        const count = plan.tagCounts[label];
        const shown = `${typeof item.label === 'string' ? '' : `${item.label.detail ?? ''} ${item.label.description ?? ''}`} ${item.detail ?? ''}`;
        if (!new RegExp(`\\b${count}\\b`).test(shown)) throw new Error(`"${label}" does not show its count ${count}: ${shown}`);
        // Tags of the most similar posts come first (marked "similar"); the rest are ranked by count.
        const fromSimilar = /similar/.test(shown);
        if (fromSimilar && prev !== Infinity && !prevSimilar) throw new Error(`"${label}" from similar posts after tags ranked by use`);
        if (!fromSimilar && !prevSimilar && count > prev) throw new Error(`not ranked by count: "${label}" (${count}) after ${prev}`);
        prevSimilar = fromSimilar;
        prev = count;
      }
      return `${tags.length} tags, first ${tags.slice(0, 3).map((t) => `${t.label} (${plan.tagCounts[t.label]})`).join(', ')}`;
    } finally {
      await revert(doc);
    }
  });

  await check('api-definition', async () => {
    if (!plan.related) throw new Error('fixture post has no related: entry');
    const locs = await until('a definition', async () => {
      const l = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', uri, pos(plan.related));
      return l && l.length && l;
    });
    const target = (locs[0].targetUri ?? locs[0].uri).fsPath;
    if (!target.endsWith(plan.related.target)) throw new Error(`definition of ${plan.related.entry} is ${target}`);
    return `${plan.related.entry} → ${plan.related.target}`;
  });

  await check('api-hover', async () => {
    if (!plan.link) throw new Error('fixture post has no internal link');
    const text = await until(`a hover with "${plan.link.title}"`, async () => {
      const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, pos(plan.link));
      const t = hoverText(h ?? []);
      return t.includes(plan.link.title) && t;
    });
    return `${plan.link.dest} → "${plan.link.title}" (${text.length} chars)`;
  });

  await check('api-diagnostics', async () => {
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => /shortcode|highlight/i.test(d.message));
    await sleep(500);
    if (ours().length) throw new Error(`the unchanged post already has: ${ours()[0].message}`);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(doc.lineCount, 0), '\n{{< highlight go >}}\nfmt.Println("never closed")\n');
    await vscode.workspace.applyEdit(edit);
    try {
      const d = await until('a shortcode diagnostic', () => ours().length && ours());
      return `${d[0].source ?? ''} line ${d[0].range.start.line + 1}: ${d[0].message}`;
    } finally {
      await revert(doc);
    }
  });

  fs.writeFileSync(plan.result_file, lines.join('\n') + '\n');
  const failed = lines.filter((l) => l.startsWith('FAIL'));
  if (failed.length) throw new Error(failed.join('\n'));
};
