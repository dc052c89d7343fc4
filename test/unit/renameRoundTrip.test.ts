/**
 * Issue 19, round trip: resolve every link, rename or move a post, apply the edits the server
 * proposes, resolve again: every link that pointed at a post points at the same post (at its new
 * path). On every fixture site, and on a sample of posts of the shared corpora when present.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/languageService';
import { BlogService } from '../../server/src/service';
import { resolveLink } from '../../server/src/site/resolver';
import { MemoryWorkspace } from '../../server/src/workspace/memoryWorkspace';
import { basename, dirname, uriToPath } from '../../server/src/workspace/workspace';
import { corpusPath, skipMessage } from '../helpers/corpora';

const features = createLanguageService();

function loadTree(root: string, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(root)) {
    const p = join(root, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      if (!/^(node_modules|\.git|resources|static|assets|images|img)$/.test(name)) loadTree(p, out);
    } else if (/\.(md|markdown|html?|toml|ya?ml|json)$/i.test(name) && st.size < 1_000_000) out[p] = readFileSync(p, 'utf8');
  }
  return out;
}

/** Per source post, the post each link resolves to, in order (undefined where it resolves to none). */
function resolveAll(service: BlogService): Map<string, (string | undefined)[]> {
  const out = new Map<string, (string | undefined)[]>();
  for (const post of service.index.posts.values()) {
    out.set(
      post.path,
      post.links.filter((l) => l.kind !== 'reference' && l.kind !== 'bare-url').map((l) => {
        const r = resolveLink(service, post.path, l, { postsOnly: true });
        return r.kind === 'post' ? r.post.path : undefined;
      }),
    );
  }
  return out;
}

async function serviceOver(root: string, files: Record<string, string>): Promise<BlogService> {
  const service = await BlogService.create({ workspace: new MemoryWorkspace(files), folder: root });
  await service.buildIndex();
  return service;
}

/** Renames `oldPath` to `newPath` the way an editor does (edits first, then the move); returns the links that no longer resolve to the same post. */
async function roundTrip(root: string, files: Record<string, string>, before: BlogService, oldPath: string, newPath: string): Promise<{ checked: number; broken: string[] }> {
  const resolvedBefore = resolveAll(before);
  const edit = await features.willRenameFiles(before, [{ oldPath, newPath }]);
  const after: Record<string, string> = { ...files };
  for (const [uri, edits] of Object.entries(edit?.changes ?? {})) {
    const p = uriToPath(uri);
    after[p] = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 0, after[p]), edits);
  }
  for (const p of Object.keys(after)) {
    if (p === oldPath || p.startsWith(oldPath + '/')) {
      after[newPath + p.slice(oldPath.length)] = after[p];
      delete after[p];
    }
  }
  const service = await serviceOver(root, after);
  // A rename onto another post's URL (a Jekyll date change where the permalink is only the date)
  // makes links ambiguous whatever the edits: not a round trip to check.
  const movedPost = service.index.get(newPath) ?? [...service.index.posts.values()].find((p) => p.path.startsWith(newPath + '/'));
  if (movedPost && [...service.index.posts.values()].some((p) => p !== movedPost && p.permalink === movedPost.permalink)) return { checked: 0, broken: [] };
  const resolvedAfter = resolveAll(service);
  const moved = (p: string) => (p === oldPath || p.startsWith(oldPath + '/') ? newPath + p.slice(oldPath.length) : p);
  let checked = 0;
  const broken: string[] = [];
  for (const [source, targets] of resolvedBefore) {
    // Links written in the moved post itself are its own business (a relative link from it may change meaning).
    if (moved(source) !== source) continue;
    const now = resolvedAfter.get(source) ?? [];
    targets.forEach((t, i) => {
      if (t === undefined) return;
      checked++;
      if (now[i] !== moved(t)) broken.push(`${source} link ${i}: ${t} → ${now[i] ?? 'nothing'} (renaming ${oldPath} to ${newPath})`);
    });
  }
  return { checked, broken };
}

/** Renames to try for a post: a new name in place, a Jekyll date change, and a move into a subfolder. */
function renamesFor(path: string, isBundle: boolean): string[] {
  const target = isBundle ? dirname(path) : path;
  const name = basename(target);
  const out: string[] = [];
  const dated = /^(\d{4})-(\d{2})-(\d{2})-(.*)$/.exec(name);
  if (dated) out.push(join(dirname(target), `${dated[1]}-${dated[2]}-${String(Math.min(28, Number(dated[3]) + 1)).padStart(2, '0')}-${dated[4]}`));
  out.push(join(dirname(target), name.replace(/(\.[^.]+)?$/, (ext) => '-renamed' + ext)));
  if (!/\/_posts$|\/_drafts$/.test(dirname(target))) out.push(join(dirname(target), 'moved', name));
  return out;
}

async function checkSite(root: string, pick: (paths: string[]) => string[], deadline: number): Promise<{ checked: number; renames: number; broken: string[] }> {
  const files = loadTree(root);
  const before = await serviceOver(root, files);
  // The posts others link to: the renames that matter.
  const linked = new Set<string>();
  for (const targets of resolveAll(before).values()) for (const t of targets) if (t) linked.add(t);
  let checked = 0;
  let renames = 0;
  const broken: string[] = [];
  for (const path of pick([...linked].sort())) {
    const post = before.index.get(path)!;
    const oldPath = post.isBundle ? dirname(path) : path;
    for (const newPath of renamesFor(path, post.isBundle)) {
      // The deadline bounds the sample on a loaded machine; it never empties it (one rename is always tried).
      if (renames > 0 && Date.now() > deadline) return { checked, renames, broken };
      const r = await roundTrip(root, files, before, oldPath, newPath);
      checked += r.checked;
      renames++;
      broken.push(...r.broken);
    }
  }
  return { checked, renames, broken };
}

const FIXTURES = resolve(__dirname, '../fixtures');

// The hostile fixture holds symlink loops and links out of the site on purpose (hostile.test.ts covers it).
for (const site of readdirSync(FIXTURES).filter((name) => name !== 'hostile')) {
  test(`round trip on the ${site} fixture: links resolve to the same posts after a rename or move`, async () => {
    const r = await checkSite(join(FIXTURES, site), (paths) => paths, Date.now() + 20_000);
    assert.ok(r.renames > 0, 'some post is linked to');
    assert.ok(r.checked > 0, 'some links were checked');
    assert.deepEqual(r.broken, []);
  });
}

for (const name of ['nats-site', 'nullprogram', 'falco-website', 'roweb3']) {
  const dir = corpusPath(name);
  test(`round trip on a sample of ${name} posts`, { skip: dir ? false : `${skipMessage(name)}: the corpus round trip did not run` }, async () => {
    const r = await checkSite(dir!, (paths) => paths.filter((_, i) => i % Math.max(1, Math.floor(paths.length / 4)) === 0).slice(0, 2), Date.now() + 12_000);
    assert.ok(r.checked > 0, 'some links were checked');
    assert.deepEqual(r.broken.slice(0, 10), [], `${r.broken.length} of ${r.checked} links broke`);
  });
}
