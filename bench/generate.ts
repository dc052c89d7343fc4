/**
 * Deterministic synthetic Hugo blogs shaped like the seed post: YAML front matter with categories,
 * Zipf-distributed tags, 5 related sibling file names, url and lastmod; highlight shortcodes, math
 * and internal links in the body.
 */
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** A small seeded PRNG (mulberry32), so every run writes the same blog. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function zipfSampler(n: number, s: number, rand: () => number): () => number {
  const weights = Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w / total));
  return () => {
    const r = rand();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const WORDS = 'datos modelo regresión bayes llms python estadística gráfico muestra error varianza media cortos mercado encuesta código función'.split(' ');

export interface GeneratedBlog {
  root: string;
  posts: number;
  fileNames: string[];
}

export function generateBlog(root: string, posts: number, seed = 42): GeneratedBlog {
  const marker = join(root, `.generated-${posts}-${seed}`);
  const rand = prng(seed);
  const tagOf = zipfSampler(Math.max(50, Math.round(posts / 4)), 1.1, rand);
  const tags = Array.from({ length: Math.max(50, Math.round(posts / 4)) }, (_, i) => (i === 0 ? 'llms' : i === 1 ? 'R' : `${WORDS[i % WORDS.length]}-${i}`));
  const categories = ['cortos', 'estadística', 'ciencia de datos', 'programación', 'visualización', 'mercados'];
  const start = Date.UTC(2008, 0, 1);
  const fileNames: string[] = [];
  const dates: string[] = [];
  for (let i = 0; i < posts; i++) {
    const d = new Date(start + Math.floor((i / posts) * 17 * 365 * 86400000));
    const date = d.toISOString().slice(0, 10);
    dates.push(date);
    fileNames.push(`${date}-${WORDS[i % WORDS.length]}-${i}.md`);
  }
  if (existsSync(marker)) return { root, posts, fileNames };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'content/post'), { recursive: true });
  writeFileSync(join(root, 'hugo.toml'), 'baseURL = "https://bench.example.org/"\ntitle = "Bench"\n[params]\n  math = true\n');
  for (let i = 0; i < posts; i++) {
    const postTags = new Set<string>();
    const nTags = 1 + Math.floor(rand() * 4);
    while (postTags.size < nTags) postTags.add(tags[tagOf()]);
    const related = new Set<string>();
    while (related.size < 5) {
      const j = Math.floor(rand() * posts);
      if (j !== i) related.add(fileNames[j]);
    }
    const [y, m, dd] = dates[i].split('-');
    const slug = `${WORDS[i % WORDS.length]}-${i}`;
    const link = Math.floor(rand() * posts);
    const [ly, lm, ld] = dates[link].split('-');
    const body = [
      `### I.`,
      ``,
      `Un párrafo sobre ${WORDS[i % WORDS.length]} y [otro post](/${ly}/${lm}/${ld}/${WORDS[link % WORDS.length]}-${link}/), con algo de matemáticas: $x^2 + ${i}$.`,
      ``,
      ...(i % 3 === 0 ? ['{{< highlight R >}}', `x <- rnorm(${i})`, 'summary(x)', '{{< / highlight >}}', ''] : []),
      `![](/img/${y}/figura_${i}.png#center)`,
      ``,
      ...Array.from({ length: 3 + (i % 5) }, (_, k) => `Texto ${k} del post ${i}: ${WORDS.slice(0, 8 + (k % 8)).join(' ')}.`),
    ].join('\n');
    const fm = [
      '---',
      'author: Carlos J. Gil Bellosta',
      'categories:',
      `- ${categories[i % categories.length]}`,
      `date: ${dates[i]}`,
      `lastmod: '${dates[i]}T18:55:31.197456'`,
      'related:',
      ...[...related].map((r) => `- ${r}`),
      'tags:',
      ...[...postTags].map((t) => `- ${t}`),
      `title: Post número ${i} sobre ${WORDS[i % WORDS.length]}`,
      `url: /${y}/${m}/${dd}/${slug}/`,
      '---',
      '',
    ].join('\n');
    writeFileSync(join(root, 'content/post', fileNames[i]), fm + body + '\n');
  }
  writeFileSync(marker, '');
  return { root, posts, fileNames };
}
