// Class colours in the result panel: colour pickers (#rrggbb) round-trip, a picked colour keeps the spec alpha or
// makes a transparent class visible, picks apply by class label, and the fast mask and image conversions are exact.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { buildMaskRgba, buildMaskRgbaInto, maskLut, packRgba, paletteFor, parseHexColor, rgbaToHex, toRgba, withPickedColor } from '../../webview/src/overlay';

test('colours become the #rrggbb text a colour picker shows, and parse back', () => {
  assert.equal(rgbaToHex([255, 59, 48, 255]), '#ff3b30');
  assert.equal(rgbaToHex([0, 0, 0, 0]), '#000000');
  assert.equal(rgbaToHex([300, -4, 15.6, 255]), '#ff0010');
  assert.deepEqual(parseHexColor(rgbaToHex([18, 52, 86, 255])), [18, 52, 86, 255]);
});

test('a picked colour keeps the class alpha; a transparent class becomes opaque; bad text changes nothing', () => {
  assert.deepEqual(withPickedColor([255, 0, 0, 128], '#00ff00'), [0, 255, 0, 128]);
  assert.deepEqual(withPickedColor([0, 0, 0, 0], '#123456'), [0x12, 0x34, 0x56, 255]);
  assert.deepEqual(withPickedColor([1, 2, 3, 4], 'green'), [1, 2, 3, 4]);
});

test('the palette uses spec colours, replaced by picks made for the same class label', () => {
  const classes = [
    { label: 'background', color: '#00000000' },
    { label: 'person', color: '#ff3b30' },
    { label: 'cat', color: 'bad' },
  ];
  const base = paletteFor(classes);
  assert.deepEqual(base[0], [0, 0, 0, 0]);
  assert.deepEqual(base[1], [255, 59, 48, 255]);
  assert.equal(base[2][3], 255, 'an unreadable spec colour falls back to an opaque palette colour');
  const picked = paletteFor(classes, { person: '#00ff00', dog: '#ffffff' });
  assert.deepEqual(picked[1], [0, 255, 0, 255]);
  assert.deepEqual(picked[0], base[0]);
  assert.deepEqual(paletteFor(classes, { toString: '#ffffff' }), base, 'only own keys count as picks');
});

test('packed colours are laid out as r, g, b, a bytes in memory', () => {
  const words = Uint32Array.of(packRgba([1, 2, 3, 4]));
  assert.deepEqual([...new Uint8Array(words.buffer)], [1, 2, 3, 4]);
  const lut = maskLut(
    [
      [9, 9, 9, 9],
      [1, 2, 3, 4],
    ],
    new Set([0]),
  );
  assert.equal(lut[0], 0, 'hidden classes are transparent');
  assert.equal(lut[200], 0, 'labels without a class are transparent');
});

test('mask colouring into a reused buffer matches a fresh build; a wrong buffer size is reported', () => {
  const labels = Uint8Array.from([1, 0, 2, 255]);
  const palette = [
    [0, 0, 0, 0],
    [255, 0, 0, 255],
    [0, 0, 255, 128],
  ] as const;
  const out = new Uint8ClampedArray(16).fill(77);
  assert.deepEqual([...buildMaskRgbaInto(out, labels, palette)], [...buildMaskRgba(labels, palette)]);
  assert.deepEqual([...out], [255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 255, 128, 0, 0, 0, 0]);
  assert.throws(() => buildMaskRgbaInto(new Uint8ClampedArray(8), labels, palette), /8 bytes, expected 16/);
});

test('RGB to RGBA conversion is exact for every byte value', () => {
  const rgb = Uint8Array.from({ length: 256 * 3 }, (_, i) => (i * 7) & 255);
  const rgba = toRgba(rgb, 256, 1, 3);
  for (let p = 0; p < 256; p++) {
    assert.deepEqual([...rgba.subarray(p * 4, p * 4 + 4)], [rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2], 255]);
  }
});

test('RGB to RGBA handles sizes that are not a multiple of 4 and views at any byte offset', () => {
  const backing = Uint8Array.from({ length: 3 * 7 + 1 }, (_, i) => 100 + i);
  for (const pixels of [backing.subarray(0, 21), backing.subarray(1, 22)]) {
    const rgba = toRgba(pixels, 7, 1, 3);
    for (let p = 0; p < 7; p++) assert.deepEqual([...rgba.subarray(p * 4, p * 4 + 4)], [pixels[p * 3], pixels[p * 3 + 1], pixels[p * 3 + 2], 255]);
  }
});

test('RGB to RGBA can write into a reused buffer, which must have the right size', () => {
  const out = new Uint8ClampedArray(8).fill(9);
  assert.equal(toRgba(Uint8Array.from([1, 2, 3, 4, 5, 6]), 2, 1, 3, out), out);
  assert.deepEqual([...out], [1, 2, 3, 255, 4, 5, 6, 255]);
  assert.throws(() => toRgba(Uint8Array.from([1, 2, 3]), 1, 1, 3, new Uint8ClampedArray(8)), /8 bytes, expected 4/);
});
