import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PostEntry } from '../../server/src/index/postReader';
import { countWords, forEachWord, proseOf, TextIndex } from '../../server/src/index/textIndex';
import { relatedScheme } from '../../server/src/features/frontMatter/relatedScheme';
import { resolveRelated, resolveRelatedByFile } from '../../server/src/features/frontMatter/relatedPosts';
import { HUGO_CONFIG, memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const post = (path: string, title = '', data: Record<string, unknown> = {}) => ({ path, title, data, isSection: false }) as unknown as PostEntry;
const wordsOf = (index: TextIndex, path: string) => [...index.vectorFor(path)!.ids].map((id) => index.word(id)).sort();

test('the index finds words in place as forEachWord reads them: case, accents, combining marks, Σ, non-Latin', () => {
  const index = new TextIndex();
  // Precomposed, decomposed (e + U+0301) and upper case spellings are one word; Greek with a final sigma; Cyrillic.
  const body = 'Café cafe\u0301 CAFÉ naïve NAIVE ΟΔΟΣ οδος Привет привет x 2024 h264 straße';
  index.add(post('/a.md', 'Über Uber'), `---\n---\n${body}\n`);
  const expected = [...countWords('Über Uber', '', body).keys()].sort();
  assert.deepEqual(wordsOf(index, '/a.md'), expected);
  assert.ok(expected.includes('cafe') && expected.includes('uber') && expected.includes('naive') && expected.includes('привет'));
  const v = index.vectorFor('/a.md')!;
  const tf = (w: string) => v.tf[[...v.ids].findIndex((id) => index.word(id) === w)];
  assert.equal(tf('cafe'), 3, 'three spellings, one term');
  assert.equal(tf('uber'), 6, 'title words count 3× each');
  assert.equal(tf('naive'), 2);
  // A query from unsaved text finds the same ids and adds no word to the vocabulary.
  const again = index.vectorOf(post('/b.md'), `---\n---\nCAFE\u0301 Привет unknownword\n`);
  assert.deepEqual([...again.ids].map((id) => index.word(id)).sort(), ['cafe', 'привет']);
  assert.equal(again.length, 3, 'unknown words still count for the length');
});

test('many words: the word table grows and every word keeps its own id', () => {
  const index = new TextIndex();
  const words = Array.from({ length: 5000 }, (_, i) => `w${'abcdefghij'[i % 10]}${i.toString(36).replace(/\d/g, (d) => 'klmnopqrst'[Number(d)])}`);
  index.add(post('/big.md'), `---\n---\n${words.join(' ')}\n`);
  const got = wordsOf(index, '/big.md');
  const want = [...new Set(words.map((w) => w.toLowerCase()))].sort();
  assert.equal(got.length, Math.min(want.length, 250), 'at most 250 terms kept per post');
  for (const w of got) assert.ok(want.includes(w));
  const again = index.vectorOf(post('/q.md'), `---\n---\n${got.slice(0, 50).map((w) => w.toUpperCase()).join(' ')}\n`);
  assert.deepEqual([...again.ids].map((id) => index.word(id)).sort(), got.slice(0, 50));
});

test('prose: a template brace inside fenced code does not swallow the prose after the fence', () => {
  const words: string[] = [];
  forEachWord(proseOf('Intro here.\n```go\n{{ .Title\n```\nvisible words }} after\n'), (w) => words.push(w));
  assert.deepEqual(words, ['intro', 'here', 'visible', 'words', 'after']);
  const w2: string[] = [];
  forEachWord(proseOf('Before {{< highlight go >}}\ncode inside\n{{< / highlight >}} between `inline` and <b>bold</b> &amp; https://x.org/y end'), (w) => w2.push(w));
  assert.deepEqual(w2, ['before', 'between', 'and', 'bold', 'end']);
});

test('a word said hundreds of times is capped, not lost: the post still ranks first for it', () => {
  const index = new TextIndex();
  index.add(post('/many.md'), `---\n---\n${'zebra '.repeat(700)} tail\n`);
  index.add(post('/one.md'), '---\n---\nzebra tail other\n');
  for (let i = 0; i < 10; i++) index.add(post(`/x${i}.md`), `---\n---\nfiller${'abcdefghij'[i]} tail\n`);
  const query = index.query(index.vectorOf(post('/new.md'), '---\n---\nzebra zebra\n'), undefined);
  assert.deepEqual(index.similar(query, 2).map((s) => s.path), ['/many.md', '/one.md']);
});

test('an edit that changes only a post\'s tags keeps the related scheme; a new post rebuilds it', async () => {
  const files: Record<string, string> = { '/blog/hugo.toml': HUGO_CONFIG };
  for (let i = 1; i <= 4; i++) files[`/blog/content/post/p${i}.md`] = yamlPost({ title: `P${i}`, tags: ['a'], related: [`p${(i % 4) + 1}.md`] });
  const { service } = await memoryBlog(files);
  const before = relatedScheme(service.index, resolveRelatedByFile);
  openDoc(service, '/blog/content/post/p1.md', yamlPost({ title: 'P1', tags: ['a', 'b'], related: ['p2.md'] }));
  assert.equal(relatedScheme(service.index, resolveRelatedByFile), before, 'same scheme after a tag edit');
  assert.deepEqual(resolveRelated(service.index, '/blog/content/post/p1.md', 'p2.md').map((p) => p.path), ['/blog/content/post/p2.md']);
  openDoc(service, '/blog/content/post/p5.md', yamlPost({ title: 'P5', tags: ['a'] }));
  assert.notEqual(relatedScheme(service.index, resolveRelatedByFile), before, 'a new post: rebuilt');
  assert.deepEqual(resolveRelated(service.index, '/blog/content/post/p1.md', 'p5.md').map((p) => p.path), ['/blog/content/post/p5.md']);
});

test('the word table grows in the middle of a post: the counts so far move with their words', () => {
  const index = new TextIndex();
  // 3,000 distinct words said three times each: the table (1,024 slots at first) doubles several
  // times while the post is read, between a word's first mention and its later ones.
  const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)])}z`);
  index.add(post('/grow.md'), `---\n---\n${words.join(' ')} ${words.join(' ')} ${words.join(' ')}\n`);
  const v = index.vectorFor('/grow.md')!;
  assert.equal(v.ids.length, 250, 'the cap: 250 words kept');
  assert.deepEqual([...new Set(v.tf)], [3], 'every word counted three times');
  assert.deepEqual([...v.ids].map((id) => index.word(id)).sort(), words.slice(0, 250).sort(), 'ties: the first met');
  assert.equal(v.length, 9000);
});

test('posts removed and replaced many times: the postings compacted give the ranking a fresh index gives', () => {
  const texts = (round: number) => Array.from({ length: 120 }, (_, i) => `---\n---\ntopic${'abcdefghij'[i % 10]} shared${'klmno'[(i + round) % 5]} word${'pqrst'[i % 5]}\n`);
  const churned = new TextIndex();
  for (let round = 0; round < 4; round++) texts(round).forEach((t, i) => churned.add(post(`/p${i}.md`), t));
  for (let i = 100; i < 120; i++) churned.remove(`/p${i}.md`);
  const fresh = new TextIndex();
  texts(3).slice(0, 100).forEach((t, i) => fresh.add(post(`/p${i}.md`), t));
  for (const path of ['/p0.md', '/p7.md', '/p42.md']) {
    const rank = (index: TextIndex) => index.similar(index.query(index.vectorFor(path)!, path), 8).map((s) => `${s.path} ${s.score.toFixed(6)}`);
    assert.deepEqual(rank(churned), rank(fresh), path);
  }
  assert.equal(churned.size, 100);
});

test('a related file name looked up again: a post that appears is found, an ambiguous name is ordered for each asking post', async () => {
  const files: Record<string, string> = { '/blog/hugo.toml': HUGO_CONFIG };
  files['/blog/content/post/a/same.md'] = yamlPost({ title: 'A', related: ['same.md'] });
  files['/blog/content/post/b/same.md'] = yamlPost({ title: 'B', related: ['same.md'] });
  files['/blog/content/post/p1.md'] = yamlPost({ title: 'P1', related: ['later.md'] });
  const { service } = await memoryBlog(files);
  const paths = (from: string, entry: string) => resolveRelatedByFile(service.index, from, entry).map((p) => p.path);
  assert.deepEqual(paths('/blog/content/post/a/x.md', 'same.md'), ['/blog/content/post/a/same.md', '/blog/content/post/b/same.md']);
  assert.deepEqual(paths('/blog/content/post/b/x.md', 'same.md'), ['/blog/content/post/b/same.md', '/blog/content/post/a/same.md'], 'the asking post\'s folder first, each time');
  assert.deepEqual(paths('/blog/content/post/p1.md', 'later.md'), []);
  assert.deepEqual(paths('/blog/content/post/p1.md', 'later'), [], 'asked twice, still missing');
  openDoc(service, '/blog/content/post/later.md', yamlPost({ title: 'Later' }));
  assert.deepEqual(paths('/blog/content/post/p1.md', 'later.md'), ['/blog/content/post/later.md'], 'a new post is found');
  assert.deepEqual(paths('/blog/content/post/p1.md', 'later'), ['/blog/content/post/later.md']);
});

test('the body is read in place between its markup: the words and weights countWords finds in proseOf', () => {
  // Markup pieces and words run together in seeded random order (words touching markup on either side).
  const pieces = ['alpha', 'beta', 'gamma', 'délta', 'ÉPSILON', 'x', 'h264', ' ', '\n', '`code`', '`', '{{< figure src="a" >}}', '{{% note %}}', '{{ .Title }}', '{%', '%}', '{% raw %}hidden{% endraw %}',
    '```\nfenced words\n```\n', 'https://example.org/path', 'mailto:me@x.org', '[link](/target/)', '](', ')', '<b>', '</i>', '<!-- comment -->', '<', '>', '&amp;', '&', '$$ math $$', '$$', 'zeta-eta', "it's"];
  let seed = 7;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let round = 0; round < 500; round++) {
    let body = '';
    for (let k = 0, n = 1 + Math.floor(next() * 40); k < n; k++) body += pieces[Math.floor(next() * pieces.length)];
    const index = new TextIndex();
    const entry = post('/r.md', 'Title words', { description: 'about alpha' });
    const text = `---\ntitle: x\n---\n${body}`;
    index.add(entry, text);
    const v = index.vectorOf(entry, text);
    const got = [...v.ids].map((id, k) => `${index.word(id)}=${v.tf[k]}`).sort();
    const want = [...countWords('Title words', 'about alpha', body)].map(([w, c]) => `${w}=${c}`).sort();
    assert.deepEqual(got, want, JSON.stringify(body));
    assert.deepEqual([...index.vectorFor('/r.md')!.tf].sort(), [...v.tf].sort(), 'stored as counted');
  }
});

test('a word in thousands of posts: its postings run on past the largest block, are found, and compact', () => {
  const text = (i: number) => `---\n---\n${i % 5 < 2 ? 'often' : 'seldom'} topic${'abcdefghij'[i % 10]} kind${'klmnopq'[i % 7]}\n`;
  const churned = new TextIndex();
  for (let i = 0; i < 6000; i++) churned.add(post(`/p${i}.md`), text(i));
  // 2,400 postings for `often`: blocks of 2, 4, … 1,024 hold 2,046, the rest go on in blocks of 1,024.
  assert.equal(churned.docFrequency(churned.vectorFor('/p5990.md')!.ids.find((id) => churned.word(id) === 'often')!), 2400);
  const q = churned.query(churned.vectorOf(post('/q.md'), '---\n---\noften topica\n'), undefined);
  assert.deepEqual(churned.sharedWords(q, '/p5990.md'), ['topica', 'often'], 'the last block is read');
  for (let i = 2000; i < 6000; i++) churned.remove(`/p${i}.md`);
  const fresh = new TextIndex();
  for (let i = 0; i < 2000; i++) fresh.add(post(`/p${i}.md`), text(i));
  for (const path of ['/p0.md', '/p1.md', '/p1999.md']) {
    const rank = (index: TextIndex) => index.similar(index.query(index.vectorFor(path)!, path), 8).map((s) => `${s.path} ${s.score.toFixed(6)}`);
    assert.deepEqual(rank(churned), rank(fresh), path);
  }
  churned.add(post('/late.md'), '---\n---\noften topicb\n');
  assert.ok(churned.similar(churned.query(churned.vectorFor('/late.md')!, '/late.md'), 3).length === 3, 'postings appended after compaction');
});

test('sealed postings (a varint run per word, with skips) rank, read back, take edits and compact as the pages do', () => {
  let seed = 11;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const vocabulary = Array.from({ length: 300 }, (_, i) => `w${i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)])}`);
  const body = () => Array.from({ length: 5 + Math.floor(next() * 60) }, () => vocabulary[Math.floor(Math.pow(next(), 2) * vocabulary.length)]).join(' ');
  const sealed = new TextIndex();
  const paged = new TextIndex();
  const both = (f: (index: TextIndex) => void) => [sealed, paged].forEach(f);
  const texts = Array.from({ length: 900 }, () => `---\n---\n${body()}\n`);
  sealed.beginFill();
  texts.forEach((t, i) => both((index) => index.add(post(`/p${i}.md`), t)));
  sealed.endFill();
  assert.ok(sealed.approximateBytes < paged.approximateBytes * 0.8, `sealed ${sealed.approximateBytes} B vs pages ${paged.approximateBytes} B`);
  const same = (label: string) => {
    for (const path of ['/p0.md', '/p17.md', '/p450.md', '/p899.md', '/new3.md']) {
      if (!paged.has(path)) continue;
      const words = (index: TextIndex) => [...index.vectorFor(path)!.ids].map((id) => index.word(id)).sort();
      assert.deepEqual(words(sealed), words(paged), `${label}: ${path} read back`);
      const rank = (index: TextIndex) => index.similar(index.query(index.vectorFor(path)!, path), 10).map((s) => `${s.path} ${s.score.toFixed(9)}`);
      assert.deepEqual(rank(sealed), rank(paged), `${label}: ${path} ranked`);
    }
  };
  same('sealed');
  // Edits after sealing: replaced posts and new ones go on in chains after the runs.
  for (let i = 0; i < 40; i++) {
    const t = `---\n---\n${body()}\n`;
    both((index) => index.add(post(`/p${i * 7}.md`), t));
    both((index) => index.add(post(`/new${i}.md`), t));
  }
  same('edited');
  sealed.beginFill();
  sealed.endFill();
  same('sealed again');
  // Most posts removed: the compaction renumbers runs and chains alike.
  for (let i = 100; i < 900; i++) both((index) => index.remove(`/p${i}.md`));
  same('compacted');
});

test('sealed runs keep far-apart postings and repeated words exactly (multi-byte gaps, counts above 1, lookups past several skips)', () => {
  const sealed = new TextIndex();
  const paged = new TextIndex();
  const both = (f: (index: TextIndex) => void) => [sealed, paged].forEach(f);
  sealed.beginFill();
  for (let i = 0; i < 12_000; i++) {
    // "rare" in the first and the last post only (a gap of 3 varint bytes); "often" in every third post, in some many times.
    const words = [`filler${i % 7}`, i % 3 === 0 ? (i % 9 === 0 ? 'often often often often' : 'often') : '', i === 0 || i === 11_999 ? 'rare' : ''];
    both((index) => index.add(post(`/p${i}.md`), `---\n---\n${words.join(' ')}\n`));
  }
  sealed.endFill();
  assert.ok(sealed.approximateBytes < paged.approximateBytes, `sealed ${sealed.approximateBytes} B vs pages ${paged.approximateBytes} B`);
  for (const path of ['/p0.md', '/p9.md', '/p3000.md', '/p8997.md', '/p11999.md', '/p11998.md']) {
    const words = (index: TextIndex) => {
      const v = index.vectorFor(path)!;
      return [...v.ids].map((id, k) => `${index.word(id)} ${v.tf[k]}`).sort();
    };
    assert.deepEqual(words(sealed), words(paged), `${path} read back`);
    const rank = (index: TextIndex) => index.similar(index.query(index.vectorFor(path)!, path), 5).map((s) => `${s.path} ${s.score.toFixed(9)}`);
    assert.deepEqual(rank(sealed), rank(paged), `${path} ranked`);
  }
  assert.deepEqual(sealed.similar(sealed.query(sealed.vectorFor('/p0.md')!, '/p0.md'), 1)[0].path, '/p11999.md', 'the rare word finds its other post');
});

test('a sliced seal: between its slices queries read the words done and the words not yet done alike; an edit finishes it first', async () => {
  const vocabulary = Array.from({ length: 5000 }, (_, i) => `v${i.toString(26).replace(/\d/g, (d) => 'qrstuvwxyz'[Number(d)])}`);
  let seed = 5;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const texts = Array.from({ length: 400 }, () => `---\n---\n${Array.from({ length: 80 }, () => vocabulary[Math.floor(next() * vocabulary.length)]).join(' ')}\n`);
  const sealing = new TextIndex();
  const paged = new TextIndex();
  sealing.sealSliceMs = 0;
  sealing.beginFill();
  texts.forEach((t, i) => [sealing, paged].forEach((index) => index.add(post(`/p${i}.md`), t)));
  sealing.endFill();
  const rank = (index: TextIndex, path: string) => index.similar(index.query(index.vectorFor(path)!, path), 10).map((s) => `${s.path} ${s.score.toFixed(9)}`);
  let checks = 0;
  while (!sealing.isReady) {
    for (const path of ['/p0.md', '/p199.md', '/p399.md']) assert.deepEqual(rank(sealing, path), rank(paged, path), `mid-seal: ${path}`);
    checks++;
    if (checks === 2) {
      // An edit while the seal goes on: it is finished first, then the post replaced.
      [sealing, paged].forEach((index) => index.add(post('/p5.md'), texts[6]));
      assert.equal(sealing.isReady, false, 'still settling until the slice loop notices');
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  assert.ok(checks >= 2, `the seal took several slices (${checks})`);
  for (const path of ['/p0.md', '/p5.md', '/p399.md']) assert.deepEqual(rank(sealing, path), rank(paged, path), `sealed: ${path}`);
  assert.ok(sealing.approximateBytes < paged.approximateBytes * 0.9, `sealed ${sealing.approximateBytes} B vs pages ${paged.approximateBytes} B`);
});

test('Chinese and Japanese, written without spaces, are read as overlapping pairs: a lone Han character is a word, a lone kana is not', () => {
  const words = (text: string) => {
    const out: string[] = [];
    forEachWord(text, (w) => out.push(w));
    return out;
  };
  assert.deepEqual(words('猫が好きです。Gitのブランチ'), ['猫が', 'が好', '好き', 'きで', 'です', 'git', 'のブ', 'ブラ', 'ラン', 'ンチ']);
  assert.deepEqual(words('猫 と 犬'), ['猫', '犬']);
  // Kana keep their voicing (ド is not ト); a katakana middle dot splits the run.
  assert.deepEqual(words('ドキュメント'), ['ドキ', 'キュ', 'ュメ', 'メン', 'ント']);
  assert.deepEqual(words('ジョン・スミス'), ['ジョ', 'ョン', 'スミ', 'ミス']);
  assert.deepEqual(words('开源项目（简体）'), ['开源', '源项', '项目', '简体']);
  // Thai, Lao, Khmer and Burmese likewise, their vowel and tone marks kept (a lone letter is no word).
  assert.deepEqual(words('ภาษาไทย'), ['ภา', 'าษ', 'ษา', 'าไ', 'ไท', 'ทย']);
  assert.deepEqual(words('เป็น ก'), ['เป', 'ป็', '็น']);
  assert.deepEqual(words('Thai ไทย'), ['thai', 'ไท', 'ทย']);
  // Korean is written with spaces: its words stay whole.
  assert.deepEqual(words('한국어 문장'), ['한국어', '문장']);
  // The index finds the same pairs in place.
  const index = new TextIndex();
  const body = '开源项目的许可证 ソフトウェア企業 猫';
  index.add(post('/zh.md', '开源'), `---\n---\n${body}\n`);
  assert.deepEqual(wordsOf(index, '/zh.md'), [...countWords('开源', '', body).keys()].sort());
});

/** An index of `posts` (path, title, body) and six English fillers; the query of the first post and the post most like it. */
function mostLike(posts: [string, string, string][]) {
  const index = new TextIndex();
  for (const [path, title, body] of posts) index.add(post(path, title), `---\n---\n${body}\n`);
  for (let i = 0; i < 6; i++) index.add(post(`/en/${i}.md`), `---\n---\nfiller${'abcdef'[i]} words about other things\n`);
  const query = index.query(index.vectorFor(posts[0][0])!, posts[0][0]);
  const best = index.similar(query, 1)[0].path;
  return { best, why: index.sharedWords(query, best) };
}

test('Thai posts find each other by what they say; the why does not show pieces of Thai words', () => {
  const { best, why } = mostLike([
    ['/th/coffee.md', 'กาแฟ', 'วิธีชงกาแฟดริปที่บ้าน เมล็ดกาแฟคั่วอ่อนและน้ำร้อน'],
    ['/th/drip.md', 'ดริป', 'กาแฟดริปต้องใช้เมล็ดกาแฟบดหยาบและน้ำร้อนพอดี'],
    ['/th/cat.md', 'แมว', 'แมวของฉันชอบนอนบนโซฟาทั้งวัน'],
  ]);
  assert.equal(best, '/th/drip.md');
  assert.deepEqual(why, []);
});

test('Japanese posts find each other by what they say, and the why shows Han words, not pieces of kana', () => {
  const { best, why } = mostLike([
    ['/ja/license.md', 'ライセンス', 'オープンソースのライセンスは企業の法的な問題です。ソフトウェアの著作権とライセンス。'],
    ['/ja/legal.md', '法的側面', '企業がソフトウェアを使うとき、ライセンスと著作権の法的な問題があります。'],
    ['/ja/cats.md', '猫', '猫と犬の写真をたくさん撮りました。公園で遊びました。'],
  ]);
  assert.equal(best, '/ja/legal.md');
  assert.ok(why.includes('企業') && why.includes('法的') && why.includes('著作'), why.join(' '));
  assert.ok(!why.some((w) => /[\u3040-\u30ff]/.test(w)), `no kana pieces: ${why.join(' ')}`);
});
