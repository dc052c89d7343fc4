/**
 * Seeded, time-bounded fuzz over the real server (issue 11): random incremental didChange edits
 * (out-of-range and negative positions, stale and duplicate versions, several changes in one
 * notification, CRLF, surrogate pairs and halves of them, NUL, huge lines, the front matter fence
 * deleted) interleaved with every request the server offers, sent in bursts without waiting.
 *
 * Asserts: the server keeps running; every request is answered, with a result or a JSON-RPC error
 * (never a hang: a generous guard, no timing asserts; a tenth are cancelled at once, for which
 * RequestCancelled is an answer too); no answer reveals a file outside the site; no feature logs a failure; no file of the
 * fixture copy changes (checksums before and after); and each document's final text on the server
 * equals the text of a model that applies the same changes here, with the same clamping rules (seen
 * through the server: render, symbols, folding and links of the fuzzed document equal those of the
 * model's text sent in full).
 *
 *   FUZZ_SEED=N   another seed (the failing seed is printed in every failure message)
 *   FUZZ_MS=N     time budget for the edit/request loop (default 20,000 ms)
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import { prng } from '../../bench/generate';
import { RENDER_REQUEST, IS_POST_REQUEST, TAXONOMY_COMMANDS, TAXONOMY_REQUESTS } from '../../shared/protocol';
import { startServer, type TestServer } from '../helpers/lspClient';

const SEED = Number(process.env.FUZZ_SEED ?? 11_2026);
const BUDGET_MS = Number(process.env.FUZZ_MS ?? 20_000);
/** A request unanswered after this long counts as a hang (no other timing is asserted). */
const HANG_MS = 30_000;
/** The sites fuzzed, the posts opened and edited in each, terms to name, and each site's share of the time. */
const SITES = [
  {
    fixture: 'hugo-yaml',
    posts: ['content/post/2024-07-18-cortos-llms.md', 'content/post/2023-11-02-broken.md', 'content/post/json-post.md', 'content/post/bundle-post/index.md'],
    terms: ['R', 'r', 'llms', 'bayes', 'marketing', 'Español'],
    share: 0.65,
  },
  {
    // Symbolic links in a loop and out of the site, an alias bomb, 10,000-deep front matter, binary, bad UTF-8, `../` links.
    fixture: 'hostile',
    posts: ['content/post/alias-bomb.md', 'content/post/deep-json.md', 'content/post/deep-yaml.md', 'content/post/escapes.md', 'content/post/bad-utf8.md', 'content/post/binary.md'],
    terms: ['a', 'x', 'ok'],
    share: 0.35,
  },
];

/** Every file under `root` (symbolic links by their target, never followed) with a hash of its bytes. */
function checksums(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out.set(p, 'link:' + readlinkSync(p));
      else if (st.isDirectory()) walk(p);
      else out.set(p, createHash('sha1').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(root);
  return out;
}

// ---------------------------------------------------------------- the local document model

/**
 * The text after incremental changes, as the LSP defines them and the server clamps them: lines end
 * at \r\n, \r or \n; a line past the last one means the end of the text; a character past the line's
 * end means its end (before the line break); negative, fractional or non-number values are clamped
 * to 0 / floored. Written from those rules, not from the server's code.
 */
class Model {
  constructor(public text: string) {}

  private lineStarts(): number[] {
    const starts = [0];
    const t = this.text;
    for (let i = 0; i < t.length; i++) {
      const c = t[i];
      if (c === '\r' && t[i + 1] === '\n') continue;
      if (c === '\r' || c === '\n') starts.push(i + 1);
    }
    return starts;
  }

  offsetAt(p: { line: unknown; character: unknown }): number {
    const starts = this.lineStarts();
    const clamp = (v: unknown, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(0, Math.floor(v))) : 0);
    const line = clamp(p.line, starts.length);
    if (line >= starts.length) return this.text.length;
    const start = starts[line];
    const next = line + 1 < starts.length ? starts[line + 1] : this.text.length;
    let offset = Math.min(start + clamp(p.character, this.text.length), next);
    while (offset > start && (this.text[offset - 1] === '\n' || this.text[offset - 1] === '\r')) offset--;
    return offset;
  }

  positionAt(offset: number): { line: number; character: number } {
    const starts = this.lineStarts();
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
    return { line, character: offset - starts[line] };
  }

  apply(change: { range?: { start: { line: unknown; character: unknown }; end: { line: unknown; character: unknown } }; text: string }): void {
    if (!change.range) {
      this.text = change.text;
      return;
    }
    const a = this.offsetAt(change.range.start);
    const b = this.offsetAt(change.range.end);
    this.text = this.text.slice(0, Math.min(a, b)) + change.text + this.text.slice(Math.max(a, b));
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }
}

// ---------------------------------------------------------------- random inputs

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

const SNIPPETS = [
  'a', 'tags', ' ', '\n', '\r\n', '\r', '\t', '---\n', '+++\n', '{\n', 'tags: [R, ', 'tags:\n  - ', 'related:\n  - ', 'categories = ["',
  '{{< ', '{{< figure src="../../../../etc/passwd" >}}', '{{% /', '[link](', '](../x.md)', '![i](../../outside.png)', '`', '```\n',
  '😀', '\ud83d', '\ude00', '𝔘𝔫𝔦', 'é', '\u0000', '\ufeff', '"', "'", ':', '#', '# Heading\n', '<!--more-->', '{% link ../../etc/passwd %}',
  '<meta http-equiv="refresh" content="0;url=https://example.org">', '&', '\\', '<', '>', '=', ',', 'title: "', 'draft: true\n',
];

function randomText(r: Rand): string {
  const roll = r();
  if (roll < 0.03) return 'x'.repeat(20_000 + int(r, 60_000)); // a huge line
  if (roll < 0.06) return (pick(r, SNIPPETS) + ' ').repeat(200 + int(r, 2000));
  let s = '';
  for (let i = 1 + int(r, 6); i > 0; i--) s += pick(r, SNIPPETS);
  return s;
}

/** A position: mostly inside the text, sometimes anywhere (past the end, negative, fractional, not a number). */
function randomPosition(r: Rand, m: Model): { line: unknown; character: unknown } {
  const roll = r();
  if (roll < 0.06) return { line: m.lineCount + int(r, 1_000_000), character: int(r, 1_000_000) };
  if (roll < 0.08) return { line: -1 - int(r, 10), character: -int(r, 10) };
  if (roll < 0.09) return { line: int(r, m.lineCount) + 0.5, character: 2.5 };
  if (roll < 0.1) return { line: 'x', character: null };
  if (roll < 0.16) return { line: int(r, m.lineCount), character: 100_000 + int(r, 1000) };
  return m.positionAt(int(r, m.text.length + 1));
}

function validPosition(r: Rand, m: Model): { line: number; character: number } {
  const p = randomPosition(r, m);
  // Requests get well-formed (if out-of-range) positions: the JSON-RPC layer rejects other shapes before the server sees them.
  return typeof p.line === 'number' && typeof p.character === 'number' && p.line >= 0 && p.character >= 0 && Number.isInteger(p.line) && Number.isInteger(p.character)
    ? (p as { line: number; character: number })
    : m.positionAt(int(r, m.text.length + 1));
}

function randomChange(r: Rand, m: Model): { range?: { start: { line: unknown; character: unknown }; end: { line: unknown; character: unknown } }; text: string } {
  const roll = r();
  if (roll < 0.03) return { text: m.text.length > 200_000 ? m.text.slice(0, 2000) : m.text + randomText(r) }; // full sync
  if (roll < 0.08) {
    // Delete the front matter's opening (or closing) fence.
    const fence = m.text.indexOf(r() < 0.5 ? '---' : '\n---');
    if (fence >= 0) return { range: { start: m.positionAt(fence), end: m.positionAt(fence + 4) }, text: '' };
  }
  if (roll < 0.2 || m.text.length > 150_000) {
    // A deletion (large documents shrink back).
    const a = int(r, m.text.length + 1);
    const len = m.text.length > 150_000 ? 50_000 + int(r, 100_000) : int(r, 200);
    return { range: { start: m.positionAt(a), end: m.positionAt(Math.min(m.text.length, a + len)) }, text: '' };
  }
  const start = randomPosition(r, m);
  const end = r() < 0.5 ? start : randomPosition(r, m);
  return { range: { start, end }, text: randomText(r) };
}

// ---------------------------------------------------------------- the requests

interface Sent {
  method: string;
  promise: Promise<unknown>;
  /** Cancelled right after it was sent (`$/cancelRequest`): RequestCancelled is a proper answer too. */
  cancelled: boolean;
}

function randomRequest(r: Rand, server: TestServer, models: Map<string, Model>, terms: string[]): { method: string; params: unknown } {
  const posts = [...models.keys()];
  const rel = pick(r, posts);
  const m = models.get(rel)!;
  const textDocument = { uri: server.uri(rel) };
  const position = validPosition(r, m);
  const range = { start: validPosition(r, m), end: validPosition(r, m) };
  const name = pick(r, [...terms, 'R', 'nuevo', '', ' ', 'a b', '😀', '../x', 'x'.repeat(300)]);
  const fileUri = () => pick(r, [...posts.map((p) => server.uri(p)), server.uri('content/post/renamed.md'), server.uri('content/post/'), 'file:///etc/passwd', server.uri('../outside.md')]);
  const all: [string, () => unknown][] = [
    ['textDocument/completion', () => ({ textDocument, position, context: { triggerKind: pick(r, [1, 2]), triggerCharacter: pick(r, [' ', '[', '"', '<', '%', '/']) } })],
    ['textDocument/hover', () => ({ textDocument, position })],
    ['textDocument/definition', () => ({ textDocument, position })],
    ['textDocument/references', () => ({ textDocument, position, context: { includeDeclaration: r() < 0.5 } })],
    ['textDocument/prepareRename', () => ({ textDocument, position })],
    ['textDocument/rename', () => ({ textDocument, position, newName: name })],
    ['textDocument/documentLink', () => ({ textDocument })],
    ['textDocument/codeAction', () => ({ textDocument, range, context: { diagnostics: server.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { uri: string }).uri === textDocument.uri).slice(-1).flatMap((n) => (n.params as { diagnostics: unknown[] }).diagnostics).slice(0, 5) } })],
    ['textDocument/documentSymbol', () => ({ textDocument })],
    ['textDocument/foldingRange', () => ({ textDocument })],
    // Not offered (diagnostics are pushed): answered with an error, never left hanging.
    ['textDocument/diagnostic', () => ({ textDocument })],
    ['workspace/symbol', () => ({ query: pick(r, ['', 'c', 'cortos', 'zzz', '😀', name]) })],
    ['workspace/executeCommand', () => (r() < 0.5 ? { command: TAXONOMY_COMMANDS.mergeTerms, arguments: [{ taxonomy: pick(r, ['tags', 'categories', 'nope']), from: [pick(r, terms)], to: name, withVariants: r() < 0.5 }] } : { command: TAXONOMY_COMMANDS.newPost, arguments: [{ title: name, section: pick(r, ['post', '', '../..', 'nope']) }] })],
    ['workspace/willRenameFiles', () => ({ files: [{ oldUri: fileUri(), newUri: fileUri() }] })],
    [RENDER_REQUEST, () => ({ uri: textDocument.uri })],
    [IS_POST_REQUEST, () => ({ path: pick(r, [join(server.root, rel), '/etc/passwd', 42]) })],
    [TAXONOMY_REQUESTS.taxonomies, () => ({})],
    [TAXONOMY_REQUESTS.terms, () => ({ taxonomy: pick(r, ['tags', 'categories', 'nope']), sort: pick(r, ['count', 'name', 'bogus']) })],
    [TAXONOMY_REQUESTS.termPosts, () => ({ taxonomy: 'tags', term: pick(r, terms) })],
    [TAXONOMY_REQUESTS.hygiene, () => ({})],
    [TAXONOMY_REQUESTS.mergeEdit, () => ({ taxonomy: 'tags', from: [pick(r, terms), name], to: name, withVariants: r() < 0.5 })],
    [TAXONOMY_REQUESTS.newPostOptions, () => ({})],
    [TAXONOMY_REQUESTS.newPostPlan, () => ({ title: name, section: pick(r, ['post', '', '../../..']) })],
    ['blogAuthor/noSuchRequest', () => ({})],
  ];
  const [method, params] = pick(r, all);
  return { method, params: params() };
}

// ---------------------------------------------------------------- the run

for (const site of SITES) {
  const budget = Math.round(BUDGET_MS * site.share);
  test(`fuzz ${site.fixture}: random edits and every request against the real server (seed ${SEED}, ${budget} ms)`, { timeout: budget + 120_000 }, () => fuzz(site.fixture, site.posts, site.terms, budget));
}

async function fuzz(fixture: string, posts: string[], terms: string[], budgetMs: number): Promise<void> {
  const server = await startServer(fixture);
  const r = prng(SEED);
  let step = 0;
  const where = () => `${fixture}, seed ${SEED} (FUZZ_SEED=${SEED} to repeat), step ${step}`;
  const applyEdits: unknown[] = [];
  server.connection.onRequest('workspace/applyEdit', (p) => {
    applyEdits.push(p);
    return { applied: false, failureReason: 'the fuzz test applies nothing' };
  });
  server.connection.onRequest('window/showDocument', () => ({ success: false }));
  try {
    const before = checksums(server.root);
    const models = new Map<string, Model>();
    const versions = new Map<string, number>();
    for (const rel of posts) {
      models.set(rel, new Model(await server.open(rel)));
      versions.set(rel, 1);
    }
    const answered = { results: 0, cancelled: 0, errors: new Map<number, number>() };
    const failures: string[] = [];
    const inFlight: Sent[] = [];

    const settle = async () => {
      const batch = inFlight.splice(0);
      await Promise.all(
        batch.map(async (s) => {
          let timer: NodeJS.Timeout | undefined;
          const hang = new Promise<'hang'>((res) => (timer = setTimeout(() => res('hang'), HANG_MS)));
          try {
            const outcome = await Promise.race([s.promise.then((result) => ({ result })), hang]);
            if (outcome === 'hang') failures.push(`${s.method} not answered within ${HANG_MS} ms (${where()})`);
            else {
              answered.results++;
              // Nothing outside the site is read or revealed (the hostile site links to /etc/passwd).
              if (/root:x:0:0|file:\/\/\/etc\//.test(JSON.stringify(outcome.result) ?? '')) failures.push(`${s.method} revealed a file outside the site (${where()})`);
            }
          } catch (e) {
            if (e instanceof ResponseError && e.code === -32800 && s.cancelled) answered.cancelled++;
            else if (e instanceof ResponseError && typeof e.code === 'number') answered.errors.set(e.code, (answered.errors.get(e.code) ?? 0) + 1);
            else failures.push(`${s.method} failed without a JSON-RPC error: ${e} (${where()})`);
          } finally {
            clearTimeout(timer);
          }
        }),
      );
    };

    const started = Date.now();
    let edits = 0;
    while (Date.now() - started < budgetMs) {
      step++;
      // A burst: a few edits and requests in random order, sent without waiting, then all answers awaited.
      for (let i = 0; i < 8; i++) {
        if (r() < 0.5) {
          const rel = pick(r, posts);
          const m = models.get(rel)!;
          const changes = [];
          for (let k = r() < 0.2 ? 2 + int(r, 3) : 1; k > 0; k--) {
            const c = randomChange(r, m);
            m.apply(c);
            changes.push(c);
          }
          const v = versions.get(rel)!;
          const roll = r();
          // Stale and duplicate versions: the server applies the change all the same (as TextDocuments does).
          const version = roll < 0.05 ? v : roll < 0.1 ? Math.max(0, v - 1 - int(r, 3)) : v + 1;
          versions.set(rel, Math.max(v, version));
          void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: server.uri(rel), version }, contentChanges: changes });
          edits++;
        } else {
          const { method, params } = randomRequest(r, server, models, terms);
          const cancel = r() < 0.1 ? new CancellationTokenSource() : undefined;
          inFlight.push({ method, promise: cancel ? server.connection.sendRequest(method, params, cancel.token) : server.connection.sendRequest(method, params), cancelled: !!cancel });
          cancel?.cancel();
        }
      }
      await settle();
      assert.equal(server.child.exitCode, null, `the server exited (${where()}); stderr:\n${server.stderr()}`);
      if (failures.length) break;
    }
    await settle();
    assert.deepEqual(failures, [], where());
    assert.equal(server.child.exitCode, null, `the server is running (${where()})`);
    assert.ok(step >= 2 && answered.results > 0 && edits > 0, `the loop ran: ${step} bursts, ${answered.results} results, ${edits} edits (${where()})`);
    const logged = server.notifications
      .filter((n) => n.method === 'window/logMessage')
      .map((n) => String((n.params as { message: string }).message))
      .filter((m) => /failed|RangeError|TypeError|invalid arguments/.test(m));
    assert.deepEqual(logged, [], `no feature failed (${where()})`);
    assert.deepEqual([...answered.errors.keys()].filter((c) => c !== -32601), [], `only "method not found" errors (for the requests the server does not offer), got ${JSON.stringify([...answered.errors])} (${where()})`);

    // The server's documents equal the model's: what it derives from the fuzzed text equals what it
    // derives from the model's text sent in full.
    const view = async (rel: string) => {
      const uri = server.uri(rel);
      const rendered = (await server.connection.sendRequest(RENDER_REQUEST, { uri })) as { html: string; title?: string; headings: unknown; bodyLine: number };
      return {
        render: { html: rendered.html, title: rendered.title, headings: rendered.headings, bodyLine: rendered.bodyLine },
        symbols: await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
        folding: await server.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } }),
        links: await server.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } }),
      };
    };
    for (const rel of posts) {
      const fuzzed = await view(rel);
      const version = versions.get(rel)! + 1;
      versions.set(rel, version);
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: server.uri(rel), version }, contentChanges: [{ text: models.get(rel)!.text }] });
      const synced = await view(rel);
      assert.deepEqual(fuzzed, synced, `${rel}: the server's text is the model's (${where()})`);
    }

    assert.deepEqual(checksums(server.root), before, `no file of the site was written (${where()})`);
    console.log(`fuzz ${fixture} seed ${SEED}: ${step} bursts, ${edits} edit notifications, ${answered.results} results, ${answered.cancelled} cancelled, errors ${JSON.stringify([...answered.errors])}, ${applyEdits.length} applyEdit requests (refused)`);
  } finally {
    await server.stop();
  }
}
