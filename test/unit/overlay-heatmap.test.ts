// Probability heatmaps: the viridis colormap runs dark to bright, a class's probability picks its colour,
// binary outputs give class 0 the complement, NaN stays transparent, and impossible requests say why.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  buildHeatmapRgbaInto,
  canHeatmap,
  classProbability,
  colormapAt,
  colormapGradient,
  colormapLut,
  probabilityRange,
  VIRIDIS_STOPS,
} from '../../webview/src/overlay-heatmap';

const luminance = (r: number, g: number, b: number): number => 0.2126 * r + 0.7152 * g + 0.0722 * b;

test('the colormap starts and ends at the stop colours and gets brighter all the way', () => {
  const lut = colormapLut();
  assert.equal(lut.length, 256 * 3);
  assert.deepEqual([...lut.subarray(0, 3)], [0x44, 0x01, 0x54]);
  assert.deepEqual([...lut.subarray(255 * 3)], [0xfd, 0xe7, 0x25]);
  for (let i = 1; i < 256; i++) {
    assert.ok(luminance(lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2]) >= luminance(lut[i * 3 - 3], lut[i * 3 - 2], lut[i * 3 - 1]) - 0.5, `step ${i}`);
  }
  assert.throws(() => colormapLut(['#000000']), /at least 2 colours/);
});

test('values map to colours with clamping; NaN has no colour', () => {
  const lut = colormapLut(['#000000', '#ffffff']);
  assert.deepEqual(colormapAt(lut, 0), [0, 0, 0, 255]);
  assert.deepEqual(colormapAt(lut, 1), [255, 255, 255, 255]);
  assert.deepEqual(colormapAt(lut, 0.5), [128, 128, 128, 255]);
  assert.deepEqual(colormapAt(lut, 7), [255, 255, 255, 255]);
  assert.deepEqual(colormapAt(lut, -1), [0, 0, 0, 255]);
  assert.equal(colormapAt(lut, Number.NaN), undefined);
});

test('the scale legend gradient lists every stop from 0% to 100%', () => {
  const g = colormapGradient();
  assert.match(g, /^linear-gradient\(to right, #440154 0%, /);
  assert.match(g, /#fde725 100%\)$/);
  assert.equal(g.split('#').length - 1, VIRIDIS_STOPS.length);
});

test('class probabilities: binary outputs give class 0 the complement; multi-class reads its channel', () => {
  const binary = new Float32Array([0.25, 0.9]);
  assert.equal(classProbability(binary, 1, 1, 0), 0.25);
  assert.equal(classProbability(binary, 1, 0, 0), 0.75);
  assert.equal(classProbability(binary, 1, 2, 0), undefined);
  const three = new Float32Array([0.1, 0.2, 0.7, 0.5, 0.3, 0.2]);
  assert.ok(Math.abs((classProbability(three, 3, 2, 0) as number) - 0.7) < 1e-6);
  assert.ok(Math.abs((classProbability(three, 3, 0, 1) as number) - 0.5) < 1e-6);
  assert.equal(classProbability(three, 3, 3, 0), undefined);
  assert.equal(canHeatmap(1, 1), true);
  assert.equal(canHeatmap(0, 0), false);
  assert.equal(canHeatmap(3, 3), false);
});

test('the heatmap colours every pixel by its probability; NaN pixels stay transparent', () => {
  const lut = colormapLut(['#000000', '#ffffff']);
  const probs = new Float32Array([0, 1, 0.5, Number.NaN]);
  const out = buildHeatmapRgbaInto(new Uint8ClampedArray(16), probs, 1, 1, lut);
  assert.deepEqual([...out], [0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255, 0, 0, 0, 0]);
  const inverted = buildHeatmapRgbaInto(new Uint8ClampedArray(16), probs, 1, 0, lut);
  assert.deepEqual([...inverted.subarray(0, 8)], [255, 255, 255, 255, 0, 0, 0, 255], 'class 0 of a binary output is 1 − p');
  const multi = buildHeatmapRgbaInto(new Uint8ClampedArray(8), new Float32Array([0.2, 0.8, 1, 0]), 2, 1, lut);
  assert.deepEqual([...multi], [204, 204, 204, 255, 0, 0, 0, 255]);
});

test('a heatmap of a class the output has no probability for is refused with the reason', () => {
  assert.throws(() => buildHeatmapRgbaInto(new Uint8ClampedArray(8), new Float32Array(4), 2, 5), /2 probability channel\(s\); class 5/);
  assert.throws(() => buildHeatmapRgbaInto(new Uint8ClampedArray(4), new Float32Array(4), 2, 0), /4 bytes, expected 8/);
});

test('the probability range of a class ignores NaN', () => {
  assert.deepEqual(probabilityRange(new Float32Array([0.2, Number.NaN, 0.9]), 1, 1), { min: 0.20000000298023224, max: 0.8999999761581421 });
  assert.equal(probabilityRange(new Float32Array([Number.NaN]), 1, 1), undefined);
  assert.equal(probabilityRange(new Float32Array(4), 2, 9), undefined);
});
