/**
 * `npm run bench`: cold index time and peak memory of the real CLI on synthetic blogs of 2,500 and
 * 20,000 posts, against a naive baseline (read every file, parse with `yaml`) measured in the same
 * run. Figures are medians of several runs; ratios are what to compare across machines.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { generateBlog } from './generate';

const REPO = resolve(__dirname, '..');
const CLI = join(REPO, 'bin/blog-author.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Sample {
  ms: number;
  wallMs: number;
  rssMb: number;
}

/** Runs a command under /usr/bin/time-like accounting: wall time and peak RSS from the child. */
function measure(args: string[], parse: (stdout: string) => number): Sample {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--expose-gc', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const rss = /peakRssKb=(\d+)/.exec(r.stderr);
  return { ms: parse(r.stdout), wallMs, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function summarize(samples: Sample[]): Sample {
  return { ms: median(samples.map((s) => s.ms)), wallMs: median(samples.map((s) => s.wallMs)), rssMb: Math.max(...samples.map((s) => s.rssMb)) };
}

const PEAK_RSS = join(__dirname, 'peakRss.cjs');

function main(): void {
  const rows: string[] = [];
  let failed = false;
  for (const posts of [2500, 20000]) {
    const blog = generateBlog(join(REPO, 'bench/.generated', `blog-${posts}`), posts);
    const ours: Sample[] = [];
    const naive: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate the two so machine noise hits both alike.
      ours.push(measure(['-r', PEAK_RSS, CLI, 'index', blog.root, '--stats', '--format', 'json'], (out) => JSON.parse(out).milliseconds));
      naive.push(measure(['-r', PEAK_RSS, '--import', 'tsx', join(__dirname, 'naiveIndex.ts'), blog.root], (out) => JSON.parse(out).ms));
    }
    const o = summarize(ours);
    const n = summarize(naive);
    const ratio = o.ms / n.ms;
    rows.push(
      `${posts.toLocaleString('en-US')} posts: index ${o.ms.toFixed(0)} ms (wall ${o.wallMs.toFixed(0)} ms, peak RSS ${o.rssMb.toFixed(0)} MB); ` +
        `naive baseline ${n.ms.toFixed(0)} ms (wall ${n.wallMs.toFixed(0)} ms, ${n.rssMb.toFixed(0)} MB); ratio ${ratio.toFixed(2)}×`,
    );
    if (posts === 2500 && ratio > 0.5) {
      rows.push(`  ✗ target: 2,500 posts in ≤ 0.5× the baseline's time`);
      failed = true;
    }
    if (posts === 20000 && (o.ms > 1500 || o.rssMb > 300)) {
      rows.push(`  ✗ target: 20,000 posts in ≤ 1.5 s and ≤ 300 MB`);
      failed = true;
    }
  }
  console.log(rows.join('\n'));
  for (const extra of process.env.BENCH_SKIP_EXTRA ? [] : ['completion.ts', 'render.ts', 'taxonomy.ts']) {
    const path = join(__dirname, extra);
    if (!require('node:fs').existsSync(path)) continue;
    const r = spawnSync(process.execPath, ['--import', 'tsx', path], { stdio: 'inherit' });
    if (r.status !== 0) failed = true;
  }
  process.exitCode = failed ? 1 : 0;
}

main();
