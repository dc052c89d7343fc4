/**
 * Baselines, run as plain `node` (no TypeScript loader), each printing {"ms": …} for its own work:
 *   node bench/naive.cjs yaml DIR   what a straightforward indexer does: read every Markdown file under
 *                                   DIR/content (or DIR), parse its front matter with `yaml` (`smol-toml` for +++)
 *   node bench/naive.cjs raw DIR    only read every such file (the floor any indexer stands on)
 */
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

function walk(dir, out) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'public') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(md|markdown)$/i.test(e.name)) out.push(p);
  }
  return out;
}

const [mode, root] = process.argv.slice(2);
const started = performance.now();
const dir = existsSync(join(root, 'content')) ? join(root, 'content') : root;
const files = walk(dir, []);
let keys = 0;
let bytes = 0;
if (mode === 'raw') {
  for (const f of files) bytes += readFileSync(f, 'utf8').length;
} else {
  const yaml = require('yaml');
  const toml = require('smol-toml');
  for (const f of files) {
    const text = readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
    bytes += text.length;
    const fence = text.startsWith('+++') ? '+++' : text.startsWith('---') ? '---' : undefined;
    if (!fence) continue;
    const end = text.indexOf('\n' + fence, 3);
    if (end < 0) continue;
    try {
      const data = fence === '+++' ? toml.parse(text.slice(3, end)) : yaml.parse(text.slice(3, end));
      keys += data ? Object.keys(data).length : 0;
    } catch {
      /* a broken post counts as read */
    }
  }
}
process.stdout.write(JSON.stringify({ ms: performance.now() - started, files: files.length, keys, bytes }) + '\n');
