/** The one closest-name search (text.ts) that every "did you mean" uses: shortcodes, parameters, keys, related entries. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestName, editDistance, nearestNames } from '../../server/src/text';

test('closestName: the nearest within the bound, case-insensitive by default, the first on a tie', () => {
  assert.equal(closestName('figrue', ['gist', 'figure', 'youtube'], 2), 'figure');
  assert.equal(closestName('FIGURE', ['figure'], 0), 'figure', 'case does not count');
  assert.equal(closestName('xyz', ['figure', 'gist'], 2), undefined, 'nothing within the bound');
  assert.equal(closestName('cat', ['bat', 'cut', 'car'], 1), 'bat', 'ties keep the candidates order');
  assert.equal(closestName('abcd', ['abxx', 'abcx'], 2), 'abcx', 'a nearer one later still wins');
  assert.equal(closestName('a', [], 3), undefined);
});

test('closestName: candidates by name, and a distance of the caller', () => {
  const templates = [{ name: 'Notice' }, { name: 'note' }];
  assert.deepEqual(closestName('notice', templates, 1, { nameOf: (t) => t.name }), { name: 'Notice' });
  // Case-sensitive, with a name that differs only in case nearest of all (as shortcode names are suggested).
  const distance = (a: string, b: string, max: number) => (a.toLowerCase() === b.toLowerCase() ? 0.5 : editDistance(a, b, max));
  assert.deepEqual(closestName('NOTE', templates, 1, { nameOf: (t) => t.name, distance }), { name: 'note' });
  assert.equal(closestName('NOTX', templates, 1, { nameOf: (t) => t.name, distance }), undefined, 'case counts in that distance');
});

test('nearestNames: every candidate within the bound, nearest first, stable', () => {
  const near = nearestNames('2024-cortos', ['2023-cortos', 'cortos', '2024-cortas', '2024-cortos-x', 'unrelated'], 2);
  assert.deepEqual(near.map((n) => [n.item, n.distance]), [['2023-cortos', 1], ['2024-cortas', 1], ['2024-cortos-x', 2]]);
  assert.deepEqual(nearestNames('q', ['a', 'b'], 0), []);
});
