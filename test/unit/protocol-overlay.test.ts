// Overlay colours and mask rendering in the result panel: spec colours (with alpha) are honoured,
// bad colours fall back to a palette, hidden classes disappear, and numbers read the way users expect.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  buildMaskRgba,
  classColor,
  cssColor,
  DEFAULT_PALETTE,
  formatMs,
  formatPercent,
  parseHexColor,
  personFraction,
  probeMask,
  toRgba,
} from '../../webview/src/overlay';

test('hex colours in every spec form parse to RGBA', () => {
  assert.deepEqual(parseHexColor('#ff3b30'), [255, 59, 48, 255]);
  assert.deepEqual(parseHexColor('#00000000'), [0, 0, 0, 0]);
  assert.deepEqual(parseHexColor('#FF3B3080'), [255, 59, 48, 128]);
  assert.deepEqual(parseHexColor('#f00'), [255, 0, 0, 255]);
  assert.deepEqual(parseHexColor(' #0f08 '), [0, 255, 0, 136]);
  for (const bad of ['', 'red', '#12345', '#gggggg', 'ff3b30', '#1234567', 'rgb(1,2,3)']) assert.equal(parseHexColor(bad), undefined, bad);
});

test('classes without a usable colour get distinct palette colours', () => {
  assert.deepEqual(classColor(['#ff0000'], 0), [255, 0, 0, 255]);
  assert.deepEqual(classColor(['#ff0000', 'oops'], 1), parseHexColor(DEFAULT_PALETTE[1]));
  assert.deepEqual(classColor([], 12), parseHexColor(DEFAULT_PALETTE[2]));
  assert.notDeepEqual(classColor([], 0), classColor([], 1));
  assert.equal(cssColor([255, 0, 0, 128]), 'rgba(255, 0, 0, 0.502)');
});

test("the mask takes each pixel's class colour; hidden and unknown classes stay transparent", () => {
  const labels = new Uint8Array([0, 1, 2, 7]);
  const palette = [
    [0, 0, 0, 0],
    [255, 0, 0, 255],
    [0, 0, 255, 128],
  ] as const;
  const rgba = buildMaskRgba(labels, palette);
  assert.deepEqual([...rgba], [0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 255, 128, 0, 0, 0, 0]);
  const hidden = buildMaskRgba(labels, palette, new Set([1]));
  assert.deepEqual([...hidden.subarray(4, 8)], [0, 0, 0, 0]);
  assert.deepEqual([...hidden.subarray(8, 12)], [0, 0, 255, 128]);
});

test('RGB pixels become opaque RGBA; a wrong byte count is reported with the expected size', () => {
  assert.deepEqual([...toRgba(new Uint8Array([1, 2, 3, 4, 5, 6]), 2, 1, 3)], [1, 2, 3, 255, 4, 5, 6, 255]);
  assert.deepEqual([...toRgba(new Uint8Array([1, 2, 3, 4]), 1, 1, 4)], [1, 2, 3, 4]);
  assert.throws(() => toRgba(new Uint8Array(5), 2, 1, 3), /5 bytes, expected 6 for 2×1×3/);
});

test('percentages and timings read naturally', () => {
  assert.equal(formatPercent(0.2346), '23.5%');
  assert.equal(formatPercent(1), '100.0%');
  assert.equal(formatPercent(0), '0.0%');
  assert.equal(formatPercent(0.0001), '<0.1%');
  assert.equal(formatPercent(Number.NaN), '–');
  assert.equal(formatMs(21.44), '21.4 ms');
  assert.equal(formatMs(1234.4), '1,234 ms');
});

test('the person fraction is found by label, case-insensitively, and is absent without a person class', () => {
  assert.equal(
    personFraction([
      { label: 'background', fraction: 0.7 },
      { label: 'Person', fraction: 0.3 },
    ]),
    0.3,
  );
  assert.equal(personFraction([{ label: 'cat', fraction: 1 }]), undefined);
});

test("probing a pixel reads its class and that class's probability (binary and multi-class outputs)", () => {
  const labels = new Uint8Array([0, 1]);
  assert.deepEqual(probeMask(labels, new Float32Array([0.25, 0.75]), 1, 2, 0, 0), { label: 0, probability: 0.75 });
  assert.deepEqual(probeMask(labels, new Float32Array([0.25, 0.75]), 1, 2, 1, 0), { label: 1, probability: 0.75 });
  const multi = new Float32Array([0.5, 0.25, 0.25, 0.125, 0.75, 0.125]);
  assert.deepEqual(probeMask(labels, multi, 3, 2, 1, 0), { label: 1, probability: 0.75 });
});
