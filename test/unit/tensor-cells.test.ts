// The value grid's blocks: exact values of any plane (no striding), clipped at the edges; bad requests are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeNdArray } from '../../src/core/tensor/ndarray';
import { computeCells } from '../../src/extension/tensor-viewer/preview';
import { MAX_CELLS_PER_REQUEST, validateTensorHostMessage, validateTensorWebviewMessage } from '../../src/protocol';

const H = 4096;
const W = 4096;
const plane = makeNdArray(
  'uint8',
  [H, W],
  Uint8Array.from({ length: H * W }, (_, i) => ((i % W) + 3 * Math.floor(i / W)) % 256),
);
const req = { member: 'arr_0', rowAxis: 0, colAxis: 1, rgbAxis: -1, fixed: [0, 0] };

test('a block far into a 4096 × 4096 plane holds its exact values, and the last block is clipped', () => {
  const c = computeCells(plane, req, 4032, 4032, 64, 64);
  assert.deepEqual([c.row0, c.col0, c.rows, c.cols, c.channels], [4032, 4032, 64, 64, 1]);
  const v = new Float32Array(c.values);
  assert.equal(v[63 * 64 + 63], (4095 + 3 * 4095) % 256);
  const edge = computeCells(plane, req, 4090, 4000, 64, 64);
  assert.deepEqual([edge.rows, edge.cols], [6, 64]);
  assert.ok(validateTensorHostMessage({ type: 'tensorCells', cells: c }), 'the webview accepts the block');
});

test('NCHW channels as colour: each cell carries every channel', () => {
  const t = makeNdArray(
    'float32',
    [1, 3, 2, 2],
    Float32Array.from({ length: 12 }, (_, i) => i),
  );
  const c = computeCells(t, { member: 'x', rowAxis: 2, colAxis: 3, rgbAxis: 1, fixed: [0, 0, 0, 0] }, 0, 0, 2, 2);
  assert.deepEqual([...new Float32Array(c.values)], [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
});

test('bad block requests are refused with a message, by the host and by the protocol', () => {
  assert.throws(() => computeCells(plane, { ...req, rowAxis: 5 }, 0, 0, 8, 8), /do not fit shape \[4096, 4096\]/);
  assert.throws(() => computeCells(plane, req, 0, 0, 128, 128), /at most 4096 are sent per request/);
  const ask = { type: 'tensorRequestCells', request: req, row0: 0, col0: 0, rows: 64, cols: 64 };
  assert.ok(validateTensorWebviewMessage(ask));
  assert.equal(validateTensorWebviewMessage({ ...ask, rows: 65 }), undefined, `more than ${MAX_CELLS_PER_REQUEST} cells`);
  assert.equal(validateTensorWebviewMessage({ ...ask, rows: 0 }), undefined);
  assert.equal(validateTensorWebviewMessage({ ...ask, row0: -1 }), undefined);
});
