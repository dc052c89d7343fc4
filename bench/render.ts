/**
 * Re-render time of the preview's renderer (what happens after each keystroke), for a typical post and
 * for a 1 MB post, against plain markdown-it on the same text measured in the same run.
 *   node --import tsx bench/render.ts
 * Targets: ≤ 30 ms (typical), ≤ 300 ms (1 MB); exits 1 when one is missed. Re-renders reuse the HTML of
 * unchanged blocks (server/src/render/blocks.ts); the first render of a text is printed for reference.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import MarkdownIt = require('markdown-it');
import { renderPost } from '../server/src/render/renderPost';
import { ShortcodeTemplates } from '../server/src/site/shortcodeTemplates';
import { indexedRenderHost } from '../server/src/renderHost';
import { buildSiteModel } from '../server/src/site/siteModel';
import { MemoryWorkspace } from '../server/src/workspace/memoryWorkspace';

const ROOT = '/blog';
const POST = `${ROOT}/content/posts/bench.md`;

const SECTION = `
## Section {n}: "quotes", dashes -- and more...

Some text with **bold**, _emphasis_, \`code\`, a [link](https://example.org/{n}) and www.example.com/{n}.
It's a paragraph with a footnote[^n{n}] and an image ![alt](img{n}.png).

- [x] a task
- a list item with \`inline code\`
  - nested item

{{< highlight go "hl_lines=2" >}}
func handler{n}(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "hello %s", r.URL.Path)
}
{{< /highlight >}}

\`\`\`python
def f{n}(x):
    return x * 2  # comment
\`\`\`

| a | b |
|---|---|
| {n} | two |

{{< figure src="/img/{n}.png" caption="Figure {n}" >}}

> A quote -- with "marks".

[^n{n}]: Footnote {n}.
`;

function typicalPost(): string {
  const seed = join(__dirname, '../../shared/seed-post.md');
  if (existsSync(seed)) return readFileSync(seed, 'utf8');
  return `---\ntitle: Typical\ntags: [a, b]\n---\n` + Array.from({ length: 6 }, (_, i) => SECTION.replace(/\{n\}/g, String(i))).join('');
}

function bigPost(bytes: number): string {
  let text = '---\ntitle: Big\ntags: [a, b]\n---\n';
  for (let i = 0; text.length < bytes; i++) text += SECTION.replace(/\{n\}/g, String(i));
  return text;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(fn: () => unknown | Promise<unknown>, runs: number): Promise<number> {
  for (let i = 0; i < Math.min(3, runs); i++) await fn(); // warm up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

(async () => {
  const site = buildSiteModel(ROOT, 'hugo', { baseurl: 'https://example.org/', params: { math: false } });
  const plain = new MarkdownIt();
  const rows: string[] = [];
  let missed = false;
  const results: Record<string, { ours: number; baseline: number; ratio: number; target: number }> = {};
  for (const [name, text, runs, target] of [
    ['typical post', typicalPost(), 30, 30],
    ['1 MB post', bigPost(1024 * 1024), 7, 300],
  ] as const) {
    const workspace = new MemoryWorkspace({ [POST]: text });
    const templates = ShortcodeTemplates.builtinsOnly(workspace);
    const host = await indexedRenderHost(site, workspace, templates);
    // A keystroke in the middle of the post: each run renders a slightly different text, as typing does.
    const middle = text.indexOf('\n\n', text.length >> 1) + 1;
    let edit = 0;
    const typed = () => text.slice(0, middle) + `typed ${edit++} ` + text.slice(middle);
    const cold = performance.now();
    await renderPost({ text, path: POST, site, host });
    const first = performance.now() - cold;
    const ours = await measure(() => renderPost({ text: typed(), path: POST, site, host }), runs);
    const baseline = await measure(() => plain.render(typed()), runs);
    const ratio = ours / baseline;
    results[name] = { ours, baseline, ratio, target };
    const ok = ours <= target;
    if (!ok) missed = true;
    rows.push(
      `${name.padEnd(13)} ${(text.length / 1024).toFixed(0).padStart(5)} KB  re-render ${ours.toFixed(1).padStart(7)} ms (target ≤ ${target} ms: ${ok ? 'ok' : 'MISSED'})  ` +
        `plain markdown-it ${baseline.toFixed(1).padStart(6)} ms  ratio ${ratio.toFixed(2)}×  (first render ${first.toFixed(0)} ms)`,
    );
  }
  console.log(rows.join('\n'));
  if (process.argv.includes('--json')) console.log(JSON.stringify(results));
  process.exitCode = missed ? 1 : 0;
})();
