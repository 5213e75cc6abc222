// The hover readout: image pixel → model-output pixel (stretch and letterbox), the image's RGB, the class, its
// probability, the output vector and the raw values, formatted for reading.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatValue, imageToMask, probe, ProbeSource, probeRows } from '../../webview/src/overlay-probe';

test('image pixels map to model-output pixels through the stretch (pixel centres)', () => {
  const g = { imageWidth: 512, imageHeight: 512, maskWidth: 256, maskHeight: 256 };
  assert.deepEqual(imageToMask(g, 0, 0), { x: 0, y: 0 });
  assert.deepEqual(imageToMask(g, 511, 511), { x: 255, y: 255 });
  assert.deepEqual(imageToMask(g, 255, 256), { x: 127, y: 128 });
  assert.equal(imageToMask(g, 512, 0), undefined);
  assert.equal(imageToMask(g, -1, 0), undefined);
});

test('with letterbox padding the image maps into its region of the mask', () => {
  // A 200×100 image letterboxed into a 100×100 output: it fills rows 25..74.
  const g = { imageWidth: 200, imageHeight: 100, maskWidth: 100, maskHeight: 100, region: { left: 0, top: 25, width: 100, height: 50 } };
  assert.deepEqual(imageToMask(g, 0, 0), { x: 0, y: 25 });
  assert.deepEqual(imageToMask(g, 199, 99), { x: 99, y: 74 });
});

function source(): ProbeSource {
  return {
    geometry: { imageWidth: 4, imageHeight: 2, maskWidth: 2, maskHeight: 1 },
    image: { pixels: Uint8Array.from({ length: 24 }, (_, i) => i), channels: 3 },
    labels: Uint8Array.from([0, 1]),
    probabilities: Float32Array.from([0.9, 0.1, 0.2, 0.8]),
    probabilityChannels: 2,
    rawValues: Float32Array.from([2.5, 0.3, -1, 0.386]),
    classNames: ['background', 'person'],
  };
}

test('a probe reads the RGB, the output pixel, the class, its probability and the raw values', () => {
  const r = probe(source(), 3.7, 1.2);
  assert.ok(r);
  assert.deepEqual(r.image, { x: 3, y: 1 });
  assert.deepEqual(r.rgb, [21, 22, 23]);
  assert.deepEqual(r.mask, { x: 1, y: 0 });
  assert.equal(r.className, 'person');
  assert.ok(Math.abs((r.probability as number) - 0.8) < 1e-6);
  assert.equal(r.values.length, 2);
  assert.deepEqual(
    r.raw?.map((v) => +v.toFixed(3)),
    [-1, 0.386],
  );
  assert.equal(probe(source(), 4, 0), undefined, 'outside the image');
  assert.deepEqual(probeRows(r), [
    ['Image pixel', '(3, 1)'],
    ['RGB', '(21, 22, 23)'],
    ['Output pixel', '(1, 0)'],
    ['Class', 'person (p = 0.800)'],
    ['Probabilities', '[0.2, 0.8]'],
    ['Raw output', '[-1, 0.386]'],
  ]);
});

test('a binary output reads the foreground value; its class 0 probability is the complement', () => {
  const src: ProbeSource = { ...source(), probabilities: Float32Array.from([0.25, 0.75]), probabilityChannels: 1 };
  delete src.rawValues;
  const r = probe(src, 0, 0);
  assert.equal(r?.className, 'background');
  assert.equal(r?.probability, 0.75);
  assert.deepEqual(probeRows(r as NonNullable<typeof r>).slice(3), [
    ['Class', 'background (p = 0.750)'],
    ['Output value', '[0.25]'],
  ]);
});

test('padding (outside the model output) and unnamed classes read sensibly', () => {
  const src: ProbeSource = { ...source(), geometry: { ...source().geometry, region: { left: 0, top: 0, width: 2, height: 2 } } };
  const r = probe(src, 0, 1.5);
  assert.equal(r?.mask, undefined);
  assert.deepEqual(probeRows(r as NonNullable<typeof r>).at(-1), ['Output pixel', 'outside the model output (padding)']);
  const unnamed = probe({ ...source(), classNames: [] }, 3, 0);
  assert.equal(unnamed?.className, 'class 1');
});

test('numbers in the readout: 4 significant digits, exponents only for extremes', () => {
  assert.equal(formatValue(0.123456), '0.1235');
  assert.equal(formatValue(-12.5), '-12.5');
  assert.equal(formatValue(0), '0');
  assert.equal(formatValue(1e-7), '1.000e-7');
  assert.equal(formatValue(123456789), '1.235e+8');
  assert.equal(formatValue(Number.NaN), 'NaN');
  assert.equal(formatValue(-Infinity), '−Inf');
});
