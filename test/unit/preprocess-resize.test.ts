import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { decodeImage } from '../../src/core/preprocess/decode';
import { fitPlacement, resizeImage, resizeImageAsync, ResizeNotImplementedError } from '../../src/core/preprocess/resize';
import type { Image } from '../../src/core/preprocess/types';
import { SpecError } from '../../src/core/spec/errors';
import type { ResizeSpec } from '../../src/core/spec/types';
import { compare, golden, manifest, readGolden, ROOT } from './preprocess-helpers';

async function loadInput(input: { file: string; channel?: number }): Promise<Image> {
  const file = input.file.startsWith('demo/') ? path.join(ROOT, input.file) : golden(input.file);
  const img = await decodeImage(file, { applyExif: false, maxPixels: 1e8 });
  if (input.channel === undefined) return img;
  const data = new Uint8Array(img.width * img.height);
  for (let i = 0; i < data.length; i++) data[i] = img.data[i * img.channels + input.channel];
  return { width: img.width, height: img.height, channels: 1, data };
}

for (const c of manifest().resize) {
  test(`resize matches real TensorFlow within 1e-4: ${c.name} (${c.call})`, async () => {
    const img = await loadInput(c.input);
    const out = resizeImage(img, c.width, c.height, c.resize as ResizeSpec);
    const expected = readGolden(c.golden);
    assert.deepEqual([out.height, out.width, out.channels], [...expected.shape]);
    const { maxAbs } = compare(out.data, expected.data as Float32Array);
    assert.ok(maxAbs <= 1e-4, `${c.name}: max |diff| ${maxAbs}`);
  });
}

test('bilinear and nearest are bit-exact with TensorFlow on every golden', async () => {
  const differing: string[] = [];
  for (const c of manifest().resize) {
    const out = resizeImage(await loadInput(c.input), c.width, c.height, c.resize as ResizeSpec);
    const { differing: n } = compare(out.data, readGolden(c.golden).data as Float32Array);
    if (n > 0) differing.push(`${c.name}: ${n}`);
  }
  assert.deepEqual(differing, []);
});

test('letterbox centres the picture like tf.image.resize_with_pad; keep-aspect anchors it top-left', () => {
  assert.deepEqual(fitPlacement(97, 61, 64, 64, 'letterbox'), { left: 0, top: 11, width: 64, height: 40 });
  assert.deepEqual(fitPlacement(97, 61, 64, 64, 'keep-aspect'), { left: 0, top: 0, width: 64, height: 40 });
  assert.deepEqual(fitPlacement(1280, 720, 256, 256, 'letterbox'), { left: 0, top: 56, width: 256, height: 144 });
  assert.deepEqual(fitPlacement(720, 1280, 256, 256, 'letterbox'), { left: 56, top: 0, width: 144, height: 256 });
  assert.deepEqual(fitPlacement(100, 100, 30, 20, 'stretch'), { left: 0, top: 0, width: 30, height: 20 });
  // A very thin picture still keeps at least one row.
  assert.equal(fitPlacement(10000, 1, 100, 100, 'letterbox').height, 1);
});

test('padding uses padValue in pixel units', () => {
  const img: Image = { width: 4, height: 2, channels: 1, data: new Uint8Array([10, 10, 10, 10, 20, 20, 20, 20]) };
  const spec: ResizeSpec = { library: 'tf', method: 'nearest', fit: 'letterbox', padValue: 114 };
  const out = resizeImage(img, 4, 4, spec);
  assert.deepEqual(Array.from(out.data), [114, 114, 114, 114, 10, 10, 10, 10, 20, 20, 20, 20, 114, 114, 114, 114]);
});

test('sharp semantics need the async resize; the synchronous one says so and names the spec', () => {
  const img: Image = { width: 2, height: 2, channels: 1, data: new Uint8Array(4) };
  const spec: ResizeSpec = { library: 'sharp', method: 'lanczos3', fit: 'stretch', padValue: 0 };
  assert.throws(
    () => resizeImage(img, 1, 1, spec),
    (e: unknown) => {
      assert.ok(e instanceof ResizeNotImplementedError && e instanceof SpecError);
      assert.match(e.message, /"lanczos3" of library "sharp"/);
      assert.match(e.message, /tensorparity\.json/);
      return true;
    },
  );
});

test('every library resizes through the async path, sharp included, with fit and padding', async () => {
  const img: Image = { width: 4, height: 2, channels: 3, data: new Uint8Array(24).fill(200) };
  for (const library of ['cv2', 'pil', 'tf', 'tfjs', 'sharp'] as const) {
    const spec: ResizeSpec = {
      library,
      method: library === 'sharp' ? 'linear' : library === 'cv2' ? 'linear' : 'bilinear',
      fit: 'letterbox',
      padValue: -1,
    };
    const out = await resizeImageAsync(img, 4, 4, spec);
    assert.equal(out.width, 4);
    assert.equal(out.height, 4);
    assert.equal(out.data[0], -1, `${library}: the letterbox pads the top row`);
    assert.ok(Math.abs(out.data[(1 * 4 + 1) * 3] - 200) < 1e-3, `${library}: a flat image stays flat`);
  }
});
