import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { fromNativePath } from '../../server/src/workspace/uri';
import { listFilesRecursive, normalizePath } from '../../server/src/workspace/workspace';

test('readFilesNow gives each file its text as readFileSync does: big, empty, multi-byte, BOM, CRLF; undefined for missing files and folders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'blog-author-read-'));
  try {
    const files: Record<string, string> = {
      'big.md': '---\ntitle: Größe\n---\n' + 'ñandú 🦤 '.repeat(40000),
      'empty.md': '',
      'bom.md': '\uFEFF---\ntitle: x\n---\n',
      'crlf.md': '---\r\ntitle: y\r\n---\r\nbody\r\n',
      'small.md': 'a',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    mkdirSync(join(dir, 'folder.md'));
    const ws = new NodeWorkspace();
    const names = ['big.md', 'small.md', 'missing.md', 'empty.md', 'folder.md', 'bom.md', 'big.md', 'crlf.md'];
    const texts = ws.readFilesNow(names.map((n) => fromNativePath(join(dir, n))));
    names.forEach((name, k) => {
      const expected = files[name] === undefined ? undefined : readFileSync(join(dir, name), 'utf8');
      assert.equal(texts[k], expected, name);
    });
    assert.ok(texts[0]!.length > 1 << 16, 'the big file is longer than the first buffer');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('listFilesRecursive walks every folder once by its real path: a link loop is not followed, a link out of the root is skipped and told', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'blog-author-walk-'));
  try {
    const root = join(dir, 'site');
    mkdirSync(join(root, 'a/b/c'), { recursive: true });
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(root, 'a/one.md'), '1');
    writeFileSync(join(root, 'a/b/two.md'), '2');
    writeFileSync(join(root, 'a/b/c/three.md'), '3');
    writeFileSync(join(root, 'a/b/c/skip.txt'), 'x');
    writeFileSync(join(dir, 'outside/secret.md'), 's');
    symlinkSync(root, join(root, 'a/b/c/loop'));
    symlinkSync(join(dir, 'outside'), join(root, 'a/out'));
    const told: string[] = [];
    const ws = new NodeWorkspace((m) => told.push(m));
    const core = fromNativePath(root);
    const files = await listFilesRecursive(ws, core, (_dir, name) => name === 'skipped', (p) => p.endsWith('.md'));
    assert.deepEqual(files, ['a/b/c/three.md', 'a/b/two.md', 'a/one.md'].map((p) => `${core}/${p}`));
    assert.equal(told.length, 1);
    assert.match(told[0], /not following .*a\/out/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('normalizePath drops `.` and `..` segments only: names that start with a dot stay, and paths under a dot folder are already normal', () => {
  const cases: [string, string][] = [
    ['/a/./b', '/a/b'],
    ['/a/../b', '/b'],
    ['/a/.', '/a'],
    ['/a/..', '/'],
    ['/a/b/.', '/a/b'],
    ['/a/.b', '/a/.b'],
    ['/a/..b/c', '/a/..b/c'],
    ['/a/.../b', '/a/.../b'],
    ['/s/.generated/blog/x.md', '/s/.generated/blog/x.md'],
    ['/a/.b/../c', '/a/c'],
    ['/a//b/', '/a/b'],
    ['c:/x/./y', 'c:/x/y'],
  ];
  for (const [path, normal] of cases) assert.equal(normalizePath(path), normal, path);
});
