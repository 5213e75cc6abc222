// The lint worker's idle collection of young garbage: it empties V8's young generation when there is enough to
// collect, does nothing below its threshold, and leaves no `gc` function behind for other code to find.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getHeapSpaceStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { collectYoungGarbage } from '../../src/core/lint/idle-gc';

function youngBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? 0;
}

/** Fills half of the young generation's free room with short-lived objects, as a lint pass does, and keeps none. */
function makeGarbage(): number {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  const goal = youngBytes() + (space?.space_available_size ?? 0) / 2;
  let sum = 0;
  while (youngBytes() < goal) {
    for (let i = 0; i < 64; i++) sum += new Array<number>(100).fill(i).length; // ~1 KB each
  }
  return sum;
}

test('young garbage is collected when there is more than the threshold', () => {
  makeGarbage();
  const before = youngBytes();
  assert.ok(before >= 128 * 1024, `expected garbage in the young generation, found ${before} bytes`);
  assert.equal(collectYoungGarbage(64 * 1024), true);
  assert.ok(youngBytes() < before / 2, `young generation ${youngBytes()} bytes after collecting ${before}`);
});

test('nothing is collected below the threshold', () => {
  assert.equal(collectYoungGarbage(Number.POSITIVE_INFINITY), false);
});

test('no gc function is left exposed to this context or to contexts made later', () => {
  collectYoungGarbage(0);
  assert.equal(typeof (globalThis as { gc?: unknown }).gc, 'undefined');
  assert.equal(runInNewContext('typeof gc'), 'undefined');
});
