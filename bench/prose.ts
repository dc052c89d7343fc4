/**
 * Deterministic synthetic Hugo blogs whose posts read like real ones, for the suggestion benches
 * (bench/suggest.ts): the text index's cost and the completion latency depend on how much a post
 * says and how many words a blog uses, which bench/generate.ts's posts (a 61-word vocabulary, a
 * dozen lines each) do not show.
 *
 * - a vocabulary of 40,000 made-up words (some accented), used with a Zipf distribution, so that a
 *   few words are in every post and most in a handful, as in any language;
 * - 120 topics, each with 200 words of its own and 6 tags: a post is about one or two topics, and
 *   its tags are mostly its topics' (plus some of the blog's most used);
 * - bodies of 150 to 2,500 words (median about 600) in paragraphs, with headings, fenced code,
 *   inline code, highlight shortcodes, links to other posts, URLs and numbers;
 * - YAML front matter with a title from the topic's words, a description on some, categories, tags
 *   and related entries (posts on the same topic).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prng } from './generate';

export interface ProseBlog {
  root: string;
  posts: number;
  /** Each post's path relative to the root. */
  paths: string[];
  /** Each post's file name (what a `related` entry names). */
  fileNames: string[];
}

const SYLLABLES = 'ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo tra tre pla ple cri cro ström ña ño ré dá gü'.split(' ');

function cumulativeZipf(n: number, s: number): Float64Array {
  const c = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) c[i] = acc += 1 / Math.pow(i + 1, s);
  for (let i = 0; i < n; i++) c[i] /= acc;
  return c;
}

function draw(cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function generateProseBlog(root: string, posts: number, seed = 7): ProseBlog {
  const marker = join(root, `.generated-prose-v1-${posts}-${seed}`);
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

  const vocabulary: string[] = [];
  const seen = new Set<string>();
  while (vocabulary.length < 40_000) {
    const n = 1 + Math.floor(rand() * 3.2);
    let w = '';
    for (let k = 0; k < n; k++) w += pick(SYLLABLES);
    if (w.length >= 3 && !seen.has(w)) {
      seen.add(w);
      vocabulary.push(w);
    }
  }
  const general = cumulativeZipf(vocabulary.length, 1.05);
  const TOPICS = 120;
  const topicWords = Array.from({ length: TOPICS }, () => Array.from({ length: 200 }, () => vocabulary[2000 + Math.floor(rand() * 38_000)]));
  const topicZipf = cumulativeZipf(200, 0.9);
  const topicTags = Array.from({ length: TOPICS }, (_, t) => Array.from({ length: 6 }, (_, k) => `${topicWords[t][k]}${k === 0 ? '' : `-${topicWords[t][k + 6]}`}`));
  const popularTags = ['R', 'python', 'estadística', 'datos', 'llms', 'opinión'];
  const categories = ['cortos', 'estadística', 'ciencia de datos', 'programación', 'visualización'];

  const start = Date.UTC(2006, 0, 1);
  const paths: string[] = [];
  const fileNames: string[] = [];
  const dates: string[] = [];
  const topicsOf: number[][] = [];
  const byTopic: number[][] = Array.from({ length: TOPICS }, () => []);
  for (let i = 0; i < posts; i++) {
    const date = new Date(start + Math.floor((i / posts) * 19 * 365 * 86400000)).toISOString().slice(0, 10);
    dates.push(date);
    const main = Math.floor(rand() * TOPICS);
    const topics = rand() < 0.4 ? [main, Math.floor(rand() * TOPICS)] : [main];
    topicsOf.push(topics);
    byTopic[main].push(i);
    const name = `${date}-${topicWords[main][Math.floor(rand() * 20)]}-${i}.md`;
    fileNames.push(name);
    paths.push(`content/post/${name}`);
  }
  const result = { root, posts, paths, fileNames };
  if (existsSync(marker)) return result;
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'content/post'), { recursive: true });
  writeFileSync(join(root, 'hugo.toml'), 'baseURL = "https://prose.example.org/"\ntitle = "Prose"\n[permalinks]\n  post = "/:year/:month/:day/:slug/"\n');

  const word = (topics: number[]) => (rand() < 0.25 ? topicWords[pick(topics)][draw(topicZipf, rand())] : vocabulary[draw(general, rand())]);
  const sentence = (topics: number[]) => {
    const n = 6 + Math.floor(rand() * 18);
    const ws: string[] = [];
    for (let k = 0; k < n; k++) ws.push(word(topics));
    if (rand() < 0.15) ws.splice(Math.floor(rand() * ws.length), 0, String(Math.floor(rand() * 2024)));
    if (rand() < 0.1) ws.splice(Math.floor(rand() * ws.length), 0, `\`${word(topics)}()\``);
    const s = ws.join(' ');
    return s[0].toUpperCase() + s.slice(1) + '.';
  };
  for (let i = 0; i < posts; i++) {
    const topics = topicsOf[i];
    // Log-normal length: median ~600 words, from 150 to 2,500.
    const gauss = Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand());
    const target = Math.max(150, Math.min(2500, Math.round(600 * Math.exp(0.6 * gauss))));
    const body: string[] = [];
    let words = 0;
    while (words < target) {
      const r = rand();
      if (r < 0.06) body.push(`## ${sentence(topics).slice(0, -1)}`, '');
      else if (r < 0.1) {
        body.push('```r', ...Array.from({ length: 2 + Math.floor(rand() * 8) }, () => `${word(topics)} <- ${word(topics)}(x = ${Math.floor(rand() * 100)})`), '```', '');
      } else if (r < 0.12) body.push('{{< highlight python >}}', `def ${word(topics)}(x):`, `    return ${word(topics)}(x)`, '{{< / highlight >}}', '');
      else {
        const n = 2 + Math.floor(rand() * 5);
        const parts: string[] = [];
        for (let k = 0; k < n; k++) parts.push(sentence(topics));
        if (rand() < 0.3) {
          const j = byTopic[topics[0]][Math.floor(rand() * byTopic[topics[0]].length)] ?? 0;
          const [y, m, d] = dates[j].split('-');
          parts.push(`Véase [${word(topics)} ${word(topics)}](/${y}/${m}/${d}/${fileNames[j].slice(11, -3)}/).`);
        }
        if (rand() < 0.1) parts.push(`Más en https://example.org/${word(topics)}/${Math.floor(rand() * 1000)}.`);
        const paragraph = parts.join(' ');
        words += paragraph.split(' ').length;
        body.push(paragraph, '');
      }
    }
    const tags = new Set<string>();
    const nTags = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < 30 && tags.size < nTags; k++) tags.add(rand() < 0.8 ? topicTags[pick(topics)][draw(topicZipf.subarray(0, 6), rand() * topicZipf[5])] : pick(popularTags));
    const related = new Set<string>();
    const peers = byTopic[topics[0]];
    for (let k = 0; k < 20 && related.size < (i % 3 === 0 ? 5 : 3); k++) {
      const j = peers[Math.floor(rand() * peers.length)];
      if (j !== i) related.add(fileNames[j]);
    }
    const title = Array.from({ length: 3 + Math.floor(rand() * 5) }, () => (rand() < 0.6 ? topicWords[topics[0]][draw(topicZipf, rand())] : vocabulary[draw(general, rand())])).join(' ');
    const fm = [
      '---',
      `title: "${title[0].toUpperCase()}${title.slice(1)}"`,
      `date: ${dates[i]}`,
      ...(i % 3 === 0 ? [`description: "${sentence(topics).replace(/[`"]/g, '')}"`] : []),
      'categories:',
      `- ${categories[i % categories.length]}`,
      'tags:',
      ...[...tags].map((t) => `- ${t}`),
      ...(related.size ? ['related:', ...[...related].map((r) => `- ${r}`)] : []),
      '---',
      '',
    ];
    writeFileSync(join(root, paths[i]), fm.join('\n') + body.join('\n'));
  }
  writeFileSync(marker, '');
  return result;
}

if (require.main === module) {
  const posts = Number(process.argv[2] ?? 2500);
  const blog = generateProseBlog(join(__dirname, '.generated', `prose-${posts}`), posts);
  console.log(blog.root);
}
