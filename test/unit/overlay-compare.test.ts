// Comparing the current mask with the previous one: which pixels disagree, the share, which classes swapped,
// masks of another size resampled onto the current grid, and a sentence a user can read.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compareMasks, describeDisagreement, disagreementRgba, resampleLabels } from '../../webview/src/overlay-compare';

const mask = (labels: number[], width: number, height: number): { labels: Uint8Array; width: number; height: number } => ({
  labels: Uint8Array.from(labels),
  width,
  height,
});

test('identical masks agree everywhere', () => {
  const a = mask([0, 1, 1, 0], 2, 2);
  const d = compareMasks(a, mask([0, 1, 1, 0], 2, 2));
  assert.equal(d.count, 0);
  assert.equal(d.fraction, 0);
  assert.deepEqual(d.changes, []);
  assert.equal(d.resampled, false);
  assert.match(
    describeDisagreement(d, (i) => `c${i}`),
    /agree on every pixel \(4\)/,
  );
});

test('disagreeing pixels are counted and their class changes listed, most frequent first', () => {
  const d = compareMasks(mask([1, 1, 1, 0, 2, 0, 0, 0], 4, 2), mask([0, 0, 1, 0, 0, 1, 0, 0], 4, 2));
  assert.deepEqual([...d.different], [1, 1, 0, 0, 1, 1, 0, 0]);
  assert.equal(d.count, 4);
  assert.equal(d.fraction, 0.5);
  assert.deepEqual(d.changes, [
    { now: 1, was: 0, count: 2 },
    { now: 0, was: 1, count: 1 },
    { now: 2, was: 0, count: 1 },
  ]);
  const names = ['background', 'person', 'cat'];
  assert.equal(
    describeDisagreement(d, (i) => names[i]),
    'The masks disagree on 50.0% of pixels (4 of 8): 2 now person, was background; 1 now background, was person.',
  );
});

test('a previous mask of another size is resampled by nearest neighbour onto the current grid', () => {
  const small = mask([0, 1, 2, 3], 2, 2);
  assert.deepEqual([...resampleLabels(small, 4, 4)], [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]);
  assert.equal(resampleLabels(small, 2, 2), small.labels, 'same size: no copy');
  const d = compareMasks(mask(new Array(16).fill(0), 4, 4), small);
  assert.equal(d.resampled, true);
  assert.equal(d.count, 12);
  assert.throws(() => resampleLabels(mask([0, 1, 2], 2, 2), 4, 4), /3 labels, expected 2×2/);
});

test('the highlight layer colours exactly the disagreeing pixels', () => {
  const rgba = disagreementRgba(Uint8Array.from([0, 1]), [255, 0, 255, 200]);
  assert.deepEqual([...rgba], [0, 0, 0, 0, 255, 0, 255, 200]);
});

test('tiny disagreements still read as non-zero', () => {
  const labels = new Array(100_000).fill(0);
  const prev = [...labels];
  prev[5] = 1;
  const d = compareMasks(mask(labels, 1000, 100), mask(prev, 1000, 100));
  assert.match(describeDisagreement(d, String), /disagree on <0\.01% of pixels \(1 of 100,000\)/);
});
