/**
 * Completion latency inside the server on the 20,000-post synthetic blog: p50/p95 per request for
 * tags, related entries and keys, against a naive baseline measured in the same run (count every
 * post's tags on each request, as an index-less implementation would).
 */
import { join, resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../server/src/languageService';
import { BlogService } from '../server/src/service';
import { NodeWorkspace } from '../server/src/workspace/nodeWorkspace';
import { pathToUri } from '../server/src/workspace/workspace';
import { generateBlog } from './generate';

const features = createLanguageService();

const REQUESTS = 300;

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function main(): Promise<void> {
  const blog = generateBlog(join(resolve(__dirname, '..'), 'bench/.generated/blog-20000'), 20000);
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: blog.root });
  await service.buildIndex();
  const path = join(blog.root, 'content/post', blog.fileNames[100]);
  const base = '---\ntitle: Nuevo\ndate: 2024-01-01\ntags:\n- llms\n- R\n- ';
  const cases: { name: string; text: string }[] = [
    { name: 'tags (empty prefix)', text: `${base}|\nrelated:\n- x.md\n---\n` },
    { name: 'tags (prefix "da")', text: `${base}da|\nrelated:\n- x.md\n---\n` },
    { name: 'related', text: `${base}datos-5\nrelated:\n- ${blog.fileNames[3]}\n- |\n---\n` },
    { name: 'keys', text: `${base}datos-5\n|\n---\n` },
  ];
  let failed = false;
  const results: { name: string; p50: number; p95: number }[] = [];
  let version = 1;
  for (const c of cases) {
    const offset = c.text.indexOf('|');
    const text = c.text.replace('|', '');
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      // A new version each time, as after a keystroke: nothing cached from the previous request.
      const doc = TextDocument.create(pathToUri(path), 'markdown', version++, text + ' '.repeat(i % 2));
      service.documentChanged(doc);
      const started = performance.now();
      const list = features.completion(service, doc, doc.positionAt(offset));
      times.push(performance.now() - started);
      if (!list.items.length) throw new Error(`${c.name}: no items`);
    }
    const p95 = percentile(times, 95);
    results.push({ name: c.name, p50: percentile(times, 50), p95 });
    if (p95 > 5) failed = true;
  }
  // Baseline: count tags across all posts on each request.
  const naive: number[] = [];
  for (let i = 0; i < 30; i++) {
    const started = performance.now();
    const counts = new Map<string, number>();
    for (const post of service.index.posts.values()) for (const t of post.terms.get('tags') ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
    [...counts].sort((a, b) => b[1] - a[1]).slice(0, 200);
    naive.push(performance.now() - started);
  }
  const naiveP95 = percentile(naive, 95);
  console.log(`completion on 20,000 posts, ${REQUESTS} requests each (baseline: counting every post's tags per request, p95 ${naiveP95.toFixed(2)} ms):`);
  for (const r of results) console.log(`  ${r.name.padEnd(22)} p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (${(r.p95 / naiveP95).toFixed(3)}× the baseline)`);

  if (failed) console.log('  ✗ target: p95 ≤ 5 ms per request');
  process.exitCode = failed ? 1 : 0;
}

void main();
