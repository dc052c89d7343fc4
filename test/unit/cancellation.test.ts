/**
 * Cancellation, yielding and bounds of the long requests (issue 11), on a generated in-memory blog
 * where one term is used by every post and every post links to and lists one post as related:
 * references, workspace symbols, term rename and willRenameFiles give other work turns of the event
 * loop while they run, stop with RequestCancelledError once their token is cancelled (before or
 * during the work), and answer in full when it is not. The preview renders at most MAX_RENDER_CHARS.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCancelled, pacer, RequestCancelledError, type CancelToken } from '../../server/src/cancellation';
import { createLanguageService } from '../../server/src/languageService';
import { handleRenderRequest, MAX_RENDER_CHARS, renderablePrefix } from '../../server/src/renderRequest';
import { pathToUri } from '../../server/src/workspace/uri';
import { HUGO_CONFIG, memoryBlog, openDoc, yamlPost } from '../helpers/memoryBlog';

const features = createLanguageService();
const POSTS = 600;

let shared: ReturnType<typeof buildBlog> | undefined;
const bigBlog = () => (shared ??= buildBlog());

async function buildBlog() {
  const files: Record<string, string> = { '/blog/hugo.toml': HUGO_CONFIG };
  for (let i = 0; i < POSTS; i++) {
    files[`/blog/content/post/p${i}.md`] = yamlPost(
      { title: `Post number ${i}`, date: '2024-01-01', tags: ['common', `t${i % 40}`], related: i ? ['p0.md'] : ['p1.md'] },
      `Text of post ${i}, see [the first](/post/p0/) and [the first again](../p0.md).\n`,
    );
  }
  const { service } = await memoryBlog(files);
  const opened = openDoc(service, '/blog/content/post/p1.md', files['/blog/content/post/p1.md'].replace('- common', '- com|mon'));
  return { service, ...opened };
}

/** A token cancelled by a timer: only work that gives the event loop a turn can see it. */
/**
 * Cancelled once the work has begun: the first look at the token says no, every later one yes (a timer
 * would race the work, which on a fast machine can finish before the timer fires).
 */
function cancelledSoon(): CancelToken {
  let looks = 0;
  return {
    get isCancellationRequested() {
      return ++looks > 1;
    },
  };
}

const cancelled: CancelToken = { isCancellationRequested: true };

/** Counts turns of the event loop while `work` runs: more than none means it yields. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let running = true;
  const spin = () => {
    if (!running) return;
    turns++;
    setImmediate(spin);
  };
  setImmediate(spin);
  const result = await work();
  running = false;
  return { result, turns };
}

test('the pacer yields every slice and throws once the token is cancelled', async () => {
  assert.throws(() => pacer(cancelled), RequestCancelledError);
  const token = { isCancellationRequested: false };
  const pace = pacer(token, 0);
  let ticked = false;
  setImmediate(() => (ticked = true));
  await pace();
  assert.ok(ticked, 'a due pacer gives the event loop a turn');
  token.isCancellationRequested = true;
  assert.throws(() => pace(), RequestCancelledError);
  assert.ok(isCancelled(new RequestCancelledError()) && !isCancelled(new Error('x')));
});

test('references, workspace symbols, rename and willRenameFiles on a big blog: full answers, yielding as they go', async () => {
  const { service, doc, offset } = await bigBlog();
  const at = doc.positionAt(offset);
  const refs = await turnsDuring(() => features.references(service, doc, at, false));
  assert.equal(refs.result.length, POSTS, 'every use of the term');
  assert.ok(refs.turns > 0, 'references gave other work turns');
  const rename = await turnsDuring(() => features.rename(service, doc, at, 'everyone'));
  assert.equal(Object.keys(rename.result?.changes ?? {}).length, POSTS);
  assert.ok(rename.turns > 0, 'rename gave other work turns');
  const moved = await turnsDuring(() => features.willRenameFiles(service, [{ oldPath: '/blog/content/post/p0.md', newPath: '/blog/content/post/zero.md' }]));
  const edited = Object.keys(moved.result?.changes ?? {});
  assert.ok(edited.length >= POSTS - 1, `the related entries and links of every post: ${edited.length}`);
  assert.ok(moved.turns > 0, 'willRenameFiles gave other work turns');
  const symbols = await features.workspaceSymbols(service, 'number 12');
  assert.equal(symbols[0].name, 'Post number 12');
});

test('a cancelled request stops with RequestCancelledError, before or during the work', async () => {
  const { service, doc, offset } = await bigBlog();
  const at = doc.positionAt(offset);
  const rename = { oldPath: '/blog/content/post/p0.md', newPath: '/blog/content/post/zero.md' };
  for (const token of [cancelled, cancelledSoon()]) {
    await assert.rejects(features.references(service, doc, at, false, token), RequestCancelledError, 'references');
  }
  for (const token of [cancelled, cancelledSoon()]) {
    await assert.rejects(features.rename(service, doc, at, 'everyone', token), RequestCancelledError, 'rename');
  }
  for (const token of [cancelled, cancelledSoon()]) {
    await assert.rejects(features.willRenameFiles(service, [rename], token), RequestCancelledError, 'willRenameFiles');
  }
  await assert.rejects(features.workspaceSymbols(service, 'post', cancelled), RequestCancelledError, 'workspace symbols');
  await assert.rejects(handleRenderRequest(service, { uri: doc.uri }, cancelled), RequestCancelledError, 'render');
  // References from a post (its related entries and incoming links), cancelled as well.
  const first = openDoc(service, '/blog/content/post/p0.md', '# |First\n');
  await assert.rejects(features.references(service, first.doc, first.doc.positionAt(first.offset), true, cancelledSoon()), RequestCancelledError, 'post references');
  const all = await features.references(service, first.doc, first.doc.positionAt(first.offset), true);
  assert.ok(all.length >= 2 * (POSTS - 1), `related entries and links: ${all.length}`);
});

test('the preview renders at most MAX_RENDER_CHARS, up to a paragraph break, and says so', async () => {
  const paragraph = 'Some prose with `code`, a [link](https://example.org/a) and *emphasis*.\n\n';
  const big = '---\ntitle: Big\n---\n' + paragraph.repeat(Math.ceil((MAX_RENDER_CHARS * 1.2) / paragraph.length));
  const prefix = renderablePrefix(big);
  assert.ok(prefix.length <= MAX_RENDER_CHARS && prefix.length > MAX_RENDER_CHARS - paragraph.length, `${prefix.length}`);
  assert.ok(prefix.endsWith('*emphasis*.\n'), 'cut at a paragraph break');
  // 20 MB: only slicing, whatever the shape.
  const line = 'x'.repeat(20_000_000);
  assert.equal(renderablePrefix(line).length, MAX_RENDER_CHARS);
  const pairs = '😀'.repeat(1_100_000);
  assert.equal(renderablePrefix(pairs).length % 2, 0, 'no surrogate pair split');
  assert.equal(renderablePrefix('short'), 'short');

  const { service } = await memoryBlog({ '/blog/hugo.toml': HUGO_CONFIG, '/blog/content/post/big.md': '---\ntitle: x\n---\n' });
  const r = await handleRenderRequest(service, { uri: pathToUri('/blog/content/post/big.md'), text: big });
  assert.deepEqual(r.truncated, { shown: prefix.length, total: big.length });
  assert.match(r.html, /The preview shows the first [\d,]+ of [\d,]+ characters of this post\./);
  assert.equal(r.title, 'Big');
  const small = await handleRenderRequest(service, { uri: pathToUri('/blog/content/post/big.md'), text: '---\ntitle: x\n---\n' + paragraph });
  assert.equal(small.truncated, undefined);
  assert.doesNotMatch(small.html, /preview shows the first/);
});
