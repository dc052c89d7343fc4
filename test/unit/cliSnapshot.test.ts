import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { snapshotWorkspace } from '../../server/src/cli/main';
import { NodeWorkspace } from '../../server/src/workspace/nodeWorkspace';
import { fromNativePath } from '../../server/src/workspace/uri';

// `check` answers stat and realpath from one lstat per path: the answers must be the disk's, links included.
test('the check snapshot answers stat and realpath as the disk does, through symbolic links', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ba-snapshot-'));
  try {
    const root = join(dir, 'site');
    const outside = join(dir, 'outside');
    mkdirSync(join(root, 'static/img'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(root, 'static/img/a.png'), 'x');
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(outside, join(root, 'static/linked'));
    symlinkSync(join(outside, 'secret.txt'), join(root, 'static/file-link.txt'));
    symlinkSync(join(root, 'static/img'), join(root, 'static/img-alias'));
    const paths = [
      'static/img/a.png',
      'static/img',
      'static/missing.png',
      'static/missing/deeper.png',
      'static/linked',
      'static/linked/secret.txt',
      'static/linked/none.txt',
      'static/file-link.txt',
      'static/img-alias/a.png',
      'static/img-alias/b.png',
    ].map((p) => fromNativePath(join(root, p)));
    assertSnapshotAgreesWithDisk(paths);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Missing paths are answered from folder listings: a name only another case spells, a path under a
// file, under a missing folder, and names a listing cannot answer for must still get the disk's answer.
test('the check snapshot answers missing paths from folder listings as the disk does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ba-snapshot-'));
  try {
    const root = join(dir, 'site');
    mkdirSync(join(root, 'static/img/sub'), { recursive: true });
    writeFileSync(join(root, 'static/img/Photo.PNG'), 'xy');
    writeFileSync(join(root, 'static/img/é.png'), 'x');
    writeFileSync(join(root, 'static/plain.txt'), 'x');
    const paths = [
      'static/img/photo.png',
      'static/img/Photo.PNG',
      'static/img/none.png',
      'static/img/é.png',
      'static/img/e\u0301.png',
      'static/img/with space.png',
      'static/img/sub',
      'static/img/sub/none.png',
      'static/IMG/Photo.PNG',
      'static/plain.txt/inner.png',
      'static/gone/deeper/none.png',
      'static/gone/deeper',
      'static/img/..',
      'static/img/sub/../Photo.PNG',
      'missing-root-folder/x.png',
    ].map((p) => fromNativePath(join(root, p)));
    assertSnapshotAgreesWithDisk(paths);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The check snapshot answers realpath and stat of each path as the disk does, twice (the second time from its memo). */
function assertSnapshotAgreesWithDisk(paths: string[]): void {
  const disk = new NodeWorkspace();
  const snapshot = snapshotWorkspace();
  for (let round = 0; round < 2; round++) {
    for (const p of paths) {
      assert.deepEqual(snapshot.realPathNow(p), disk.realPathNow(p), `realpath of ${p}`);
      assert.equal(snapshot.statNow(p)?.isDirectory, disk.statNow(p)?.isDirectory, `stat of ${p}`);
      assert.equal(snapshot.statNow(p)?.size, disk.statNow(p)?.size, `size of ${p}`);
    }
  }
}
