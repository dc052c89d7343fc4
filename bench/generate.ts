/**
 * Deterministic synthetic Hugo blogs shaped like the seed post and like the real blogs in
 * ../shared/corpora: YAML front matter with categories, Zipf-distributed tags, related sibling file
 * names (5, some posts 30), url and lastmod; and what real posts also have — titles and descriptions
 * wrapped over several lines (plain, single- and double-quoted, as YAML writers wrap them at 80
 * columns), quoted values with colons, authors as lists, CRLF files, TOML front matter and page
 * bundles (`slug/index.md`). Bodies hold highlight shortcodes, math and internal links.
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
  /** The name a `related` entry gives each post: its file name, or its folder's for a page bundle. */
  fileNames: string[];
  /** Each post's path relative to the root. */
  paths: string[];
}

/** Wraps `text` after `key: ` as a YAML writer does at 80 columns: continuation lines indented by 2. */
export function wrapYaml(prefix: string, text: string, width = 80): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = prefix;
  for (const w of words) {
    if (line.length + 1 + w.length > width && line.trim() !== '' && line !== prefix) {
      lines.push(line);
      line = '  ' + w;
    } else line = line === prefix ? prefix + w : line + ' ' + w;
  }
  lines.push(line);
  return lines.join('\n');
}

const LONG = 'a comparative study of open data and the software that makes it reproducible in practice, with notes on what went wrong';

export function generateBlog(root: string, posts: number, seed = 42): GeneratedBlog {
  const marker = join(root, `.generated-v2-${posts}-${seed}`);
  const rand = prng(seed);
  const tagOf = zipfSampler(Math.max(50, Math.round(posts / 4)), 1.1, rand);
  const tags = Array.from({ length: Math.max(50, Math.round(posts / 4)) }, (_, i) => (i === 0 ? 'llms' : i === 1 ? 'R' : `${WORDS[i % WORDS.length]}-${i}`));
  const categories = ['cortos', 'estadística', 'ciencia de datos', 'programación', 'visualización', 'mercados'];
  const start = Date.UTC(2008, 0, 1);
  const fileNames: string[] = [];
  const paths: string[] = [];
  const dates: string[] = [];
  for (let i = 0; i < posts; i++) {
    const d = new Date(start + Math.floor((i / posts) * 17 * 365 * 86400000));
    const date = d.toISOString().slice(0, 10);
    dates.push(date);
    const name = `${date}-${WORDS[i % WORDS.length]}-${i}`;
    // One post in nine is a page bundle: the folder is the page, related entries name the folder.
    const bundle = i % 9 === 4;
    fileNames.push(bundle ? name : `${name}.md`);
    paths.push(bundle ? `content/post/${name}/index.md` : `content/post/${name}.md`);
  }
  if (existsSync(marker)) return { root, posts, fileNames, paths };
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'content/post'), { recursive: true });
  writeFileSync(join(root, 'hugo.toml'), 'baseURL = "https://bench.example.org/"\ntitle = "Bench"\n[params]\n  math = true\n');
  for (let i = 0; i < posts; i++) {
    const postTags = new Set<string>();
    const nTags = 1 + Math.floor(rand() * 4);
    while (postTags.size < nTags) postTags.add(tags[tagOf()]);
    const related = new Set<string>();
    while (related.size < (i % 20 === 1 ? 30 : 5)) {
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
    const word = WORDS[i % WORDS.length];
    // Titles as real posts write them: mostly short, some long and wrapped (plain or quoted), some quoted for a colon.
    const title =
      i % 10 === 3
        ? wrapYaml('title: ', `Post número ${i} sobre ${word}: ${LONG}`.replace(': ', ' — '))
        : i % 10 === 5
          ? wrapYaml('title: ', `'Post número ${i}: ${word} y ${LONG}'`)
          : i % 10 === 7
            ? `title: "Post ${i}: ${word} \\u00e9 \\"citado\\""`
            : `title: Post número ${i} sobre ${word}`;
    const description =
      i % 4 === 0
        ? [wrapYaml('description: ', `En este post ${i} hablo de ${word} y de ${LONG}; y de más cosas que no caben en una línea.`)]
        : i % 4 === 1
          ? [wrapYaml('description: ', `"Resumen del post ${i}: ${word}, ${LONG}."`)]
          : [];
    const author = i % 6 === 0 ? ['author:', '  - Carlos J. Gil Bellosta', '  - Otra Persona'] : ['author: Carlos J. Gil Bellosta'];
    const toml = i % 30 === 7;
    const fm = toml
      ? [
          '+++',
          `author = "Carlos J. Gil Bellosta"`,
          `categories = ["${categories[i % categories.length]}"]`,
          `date = ${dates[i]}`,
          `lastmod = "${dates[i]}T18:55:31.197456"`,
          `related = [${[...related].map((r) => `"${r}"`).join(', ')}]`,
          `tags = [${[...postTags].map((t) => `"${t}"`).join(', ')}]`,
          `title = "Post número ${i} sobre ${word}"`,
          `url = "/${y}/${m}/${dd}/${slug}/"`,
          '+++',
          '',
        ]
      : [
          '---',
          ...author,
          'categories:',
          `- ${categories[i % categories.length]}`,
          `date: ${dates[i]}`,
          ...description,
          `lastmod: '${dates[i]}T18:55:31.197456'`,
          'related:',
          ...[...related].map((r) => `- ${r}`),
          'tags:',
          ...[...postTags].map((t) => `- ${t}`),
          title,
          `url: /${y}/${m}/${dd}/${slug}/`,
          '---',
          '',
        ];
    let text = fm.join('\n') + body + '\n';
    // A few files saved on Windows.
    if (i % 25 === 11) text = text.replace(/\n/g, '\r\n');
    const file = join(root, paths[i]);
    if (i % 9 === 4) mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
  writeFileSync(marker, '');
  return { root, posts, fileNames, paths };
}
