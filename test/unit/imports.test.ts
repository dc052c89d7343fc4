// No import circles in the sources (scripts/check-circles.mjs, also run by `npm test`); the check finds one when there is one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
// @ts-expect-error: a plain .mjs script, no types
import { circles, importGraph } from '../../scripts/check-circles.mjs';

test('the sources import in no circle', () => {
  const { files, graph } = importGraph();
  assert.ok(files.length > 50, `read ${files.length} files`);
  assert.ok([...graph.values()].some((deps: Set<string>) => deps.size > 0), 'imports were read');
  assert.deepEqual(circles(graph), []);
});

test('a circle is found when there is one', () => {
  const graph = new Map([
    ['a.ts', new Set(['b.ts'])],
    ['b.ts', new Set(['c.ts'])],
    ['c.ts', new Set(['a.ts'])],
    ['d.ts', new Set(['a.ts'])],
  ]);
  assert.deepEqual(circles(graph), [['a.ts', 'b.ts', 'c.ts']]);
});
