/**
 * Request latency inside the server core on a synthetic blog (bench/generate.ts), per request after
 * an edit: completion of tags, related entries and keys, and hover on a link after an edit that
 * changes a tag. Against a naive baseline measured in the same run (count every post's tags on each
 * request, as an index-less implementation would).
 *
 *   node --import tsx bench/completion.ts [POSTS=20000] [--json]
 *
 * Targets (checked by bench/run.ts, and here without --json): p95 ≤ 5 ms at 2,500 posts, ≤ 10 ms at
 * 20,000; the first related request after the index is built ≤ 10× that; hover ≤ 20 ms, ≤ 300 MB.
 */
import { join, resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../server/src/languageService';
import { BlogService } from '../server/src/service';
import { NodeWorkspace } from '../server/src/workspace/nodeWorkspace';
import { pathToUri } from '../server/src/workspace/uri';
import { generateBlog } from './generate';

const features = createLanguageService();

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);

/** Times one request: wall milliseconds and CPU milliseconds. */
function timed<T>(fn: () => T): { value: T; cpu: number; wall: number } {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const value = fn();
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  return { value, cpu: (cpu.user + cpu.system) / 1000, wall };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

interface Case {
  name: string;
  /** Wall-clock time of the request, as the editor waits for it. */
  p50: number;
  p95: number;
  /** CPU time of the request (process.cpuUsage: this process, all its threads, concurrent GC included). */
  cpuP95: number;
  first?: number;
  rssMb?: number;
}

async function main(): Promise<void> {
  const posts = Number(process.argv[2] ?? 20000);
  const json = process.argv.includes('--json');
  const blog = generateBlog(join(resolve(__dirname, '..'), `bench/.generated/blog-${posts}`), posts);
  const service = await BlogService.create({ workspace: new NodeWorkspace(), folder: blog.root });
  // Built as the language server builds (two phases: answering after the front matter, the rest in slices).
  await service.buildIndex(undefined, undefined, () => {});
  await service.index.text.whenReady();
  const path = join(blog.root, blog.paths[100]);
  let version = 1;
  const edit = (text: string) => {
    // A new version each time, as after a keystroke: nothing cached from the previous request.
    const doc = TextDocument.create(pathToUri(path), 'markdown', version++, text);
    service.documentChanged(doc);
    return doc;
  };
  const base = '---\ntitle: Nuevo\ndate: 2024-01-01\ntags:\n- llms\n- R\n- ';
  const relatedText = `${base}datos-5\nrelated:\n- ${blog.fileNames[3]}\n- |\n---\n`;
  const results: Case[] = [];

  // The first related request right after indexing (nothing warmed up), as when a user opens a post.
  let first: number;
  {
    const offset = relatedText.indexOf('|');
    const doc = edit(relatedText.replace('|', ''));
    const t = timed(() => features.completion(service, doc, doc.positionAt(offset)));
    first = t.wall;
    if (!t.value.items.length) throw new Error('related: no items');
  }

  const cases: { name: string; text: string }[] = [
    { name: 'tag completion (empty prefix)', text: `${base}|\nrelated:\n- x.md\n---\n` },
    { name: 'tag completion (prefix "da")', text: `${base}da|\nrelated:\n- x.md\n---\n` },
    { name: 'related completion', text: relatedText },
    { name: 'key completion', text: `${base}datos-5\n|\n---\n` },
  ];
  for (const c of cases) {
    const offset = c.text.indexOf('|');
    const text = c.text.replace('|', '');
    const times: number[] = [];
    const walls: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const doc = edit(text + ' '.repeat(i % 2));
      const t = timed(() => features.completion(service, doc, doc.positionAt(offset)));
      times.push(t.cpu);
      walls.push(t.wall);
      if (!t.value.items.length) throw new Error(`${c.name}: no items`);
    }
    results.push({ name: c.name, p50: percentile(walls, 50), p95: percentile(walls, 95), cpuP95: percentile(times, 95), ...(c.name === 'related completion' ? { first } : {}) });
  }

  // Hover on a link after each edit that changes one of the post's tags (alternating between two).
  {
    const target = join(blog.root, blog.paths[7]);
    const targetPost = service.index.get(target)!;
    const linkLine = `Un enlace a [otro post](${targetPost.permalink}).`;
    const times: number[] = [];
    const walls: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const text = `---\ntitle: Nuevo\ndate: 2024-01-01\ntags:\n- llms\n- ${i % 2 ? 'datos-5' : 'modelo-6'}\n---\n\n${linkLine}\n`;
      const doc = edit(text);
      const t = timed(() => features.hover(service, doc, doc.positionAt(text.indexOf('](') + 3)));
      times.push(t.cpu);
      walls.push(t.wall);
      if (!t.value) throw new Error('hover: nothing on the link');
    }
    results.push({ name: 'hover on a link after a tag-changing edit', p50: percentile(walls, 50), p95: percentile(walls, 95), cpuP95: percentile(times, 95), rssMb: process.resourceUsage().maxRSS / 1024 });
  }

  // Baseline: count tags across all posts on each request.
  const naive: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = timed(() => {
      const counts = new Map<string, number>();
      for (const post of service.index.posts.values()) for (const t of post.terms.get('tags') ?? []) counts.set(t, (counts.get(t) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1]).slice(0, 200);
    });
    naive.push(t.wall);
  }
  const baselineP95 = percentile(naive, 95);
  if (json) {
    process.stdout.write(JSON.stringify({ posts, baselineP95, cases: results }) + '\n');
    return;
  }
  const limit = posts <= 2500 ? 5 : 10;
  let failed = false;
  console.log(`${posts.toLocaleString('en-US')} posts, ${REQUESTS} requests each (baseline: counting every post's tags per request, p95 ${baselineP95.toFixed(2)} ms):`);
  for (const r of results) {
    const l = r.name.startsWith('hover') ? 20 : limit;
    const ok = r.p95 <= l && (r.first === undefined || r.first <= 10 * l) && (r.rssMb === undefined || r.rssMb <= 300);
    if (!ok) failed = true;
    console.log(
      `  ${ok ? '✓' : '✗'} ${r.name.padEnd(42)} p50 ${r.p50.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms (${(r.p95 / baselineP95).toFixed(3)}× the baseline); CPU p95 ${r.cpuP95.toFixed(2)} ms` +
        (r.first !== undefined ? `, first ${r.first.toFixed(1)} ms` : '') +
        (r.rssMb !== undefined ? `, peak RSS ${r.rssMb.toFixed(0)} MB` : ''),
    );
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
