import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareClassification, compareSegmentation } from '../../src/core/diff/output-compare';
import { NdArray, TensorFileError } from '../../src/core/tensor/types';

const f32 = (shape: number[], values: ArrayLike<number>): NdArray => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

test('segmentation: argmax agreement, IoU per class, confusion matrix and disagreement mask', () => {
  // 1x2x2x2 NHWC logits; ref classes [0,1,1,0], dump classes [0,1,0,0]
  const ref = f32([1, 2, 2, 2], [0.9, 0.1, 0.2, 0.8, 0.3, 0.7, 0.6, 0.4]);
  const dump = f32([1, 2, 2, 2], [0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.6, 0.4]);
  const s = compareSegmentation(dump, ref, { labels: ['background', 'person'] });
  assert.equal(s.agreement, 0.75);
  assert.deepEqual(s.confusion, [
    [2, 0],
    [1, 1],
  ]);
  assert.equal(s.perClass[1].label, 'person');
  assert.equal(s.perClass[1].iou, 0.5);
  assert.ok(Math.abs(s.perClass[0].iou - 2 / 3) < 1e-12);
  assert.deepEqual([...s.disagreement.mask], [0, 0, 1, 0]);
  assert.match(s.message, /1 of 4 pixels/);
});

test('segmentation: a single-channel map is thresholded', () => {
  const ref = f32([1, 2, 2, 1], [0.2, 0.7, 0.9, 0.1]);
  const dump = f32([1, 2, 2, 1], [0.2, 0.4, 0.9, 0.1]);
  const s = compareSegmentation(dump, ref, { threshold: 0.5 });
  assert.equal(s.disagreeing, 1);
  assert.deepEqual([...s.disagreement.mask], [0, 1, 0, 0]);
});

test('segmentation: shapes that differ are refused with an explanation', () => {
  assert.throws(
    () => compareSegmentation(f32([1, 2, 2, 2], new Array(8).fill(0)), f32([1, 4, 4, 2], new Array(32).fill(0))),
    (e: unknown) => e instanceof TensorFileError && /shapes differ/.test(e.message),
  );
});

test('classification: top-1 agreement, top-k overlap and rank changes', () => {
  const ref = f32([2, 4], [0.1, 0.6, 0.2, 0.1, 0.7, 0.1, 0.1, 0.1]);
  const dump = f32([2, 4], [0.1, 0.3, 0.5, 0.1, 0.7, 0.1, 0.1, 0.1]);
  const c = compareClassification(dump, ref, { k: 2, labels: ['cat', 'dog', 'fox', 'owl'] });
  assert.equal(c.top1Agreement, 0.5);
  assert.equal(c.rows[0].refTop1, 1);
  assert.equal(c.rows[0].dumpTop1, 2);
  assert.equal(c.rows[0].topKOverlap, 1);
  assert.deepEqual(
    c.rows[0].rankChanges.map((r) => [r.label, r.refRank, r.dumpRank]),
    [
      ['dog', 1, 2],
      ['fox', 2, 1],
    ],
  );
  assert.match(c.message, /reference says dog, dump says fox/);
});
