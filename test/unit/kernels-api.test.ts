// The kernel module's contract: method lists, output types, errors that say what to fix, and sharp.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Image } from '../../src/core/preprocess/types';
import { KernelError, cvSwapRB, cvToGray, pilToL, pilToRGB, resizeAny, resizeKernel, resizeWithSharp, validMethods } from '../../src/core/preprocess/kernels';

function rgb(w: number, h: number, f: (x: number, y: number, c: number) => number): Image {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) data[(y * w + x) * 3 + c] = f(x, y, c);
  return { width: w, height: h, channels: 3, data };
}

const img = rgb(9, 7, (x, y, c) => (x * 29 + y * 13 + c * 70) & 255);

test('validMethods lists each library in its own vocabulary, defaults included', () => {
  assert.deepEqual([...validMethods('cv2')], ['nearest', 'nearest-exact', 'linear', 'linear-exact', 'area', 'cubic', 'lanczos4']);
  assert.ok(validMethods('pil').includes('bicubic') && validMethods('pil').includes('lanczos'));
  assert.ok(validMethods('tf').includes('bilinear') && validMethods('tf').includes('mitchellcubic'));
  assert.deepEqual([...validMethods('tfjs')], ['bilinear', 'nearest']);
  assert.ok(validMethods('sharp').includes('lanczos3'));
});

test('every listed method runs and returns the requested size', async () => {
  for (const lib of ['cv2', 'pil', 'tf', 'tfjs', 'sharp'] as const) {
    for (const m of validMethods(lib)) {
      const out = await resizeAny(lib, m, img, 5, 11);
      assert.equal(out.width, 5, `${lib} ${m}`);
      assert.equal(out.height, 11, `${lib} ${m}`);
      assert.equal(out.channels, 3, `${lib} ${m}`);
      assert.equal(out.data.length, 5 * 11 * 3, `${lib} ${m}`);
    }
  }
});

test('output dtype follows the library: tf/tfjs interpolation give float32, nearest and cv2/pil keep uint8', () => {
  assert.ok(resizeKernel('cv2', 'linear', img, 4, 4).data instanceof Uint8Array);
  assert.ok(resizeKernel('pil', 'bicubic', img, 4, 4).data instanceof Uint8Array);
  assert.ok(resizeKernel('tf', 'bilinear', img, 4, 4).data instanceof Float32Array);
  assert.ok(resizeKernel('tf', 'area', img, 4, 4).data instanceof Float32Array);
  assert.ok(resizeKernel('tf', 'nearest', img, 4, 4).data instanceof Uint8Array);
  assert.ok(resizeKernel('tfjs', 'bilinear', img, 4, 4).data instanceof Float32Array);
  assert.ok(resizeKernel('tfjs', 'nearest', img, 4, 4).data instanceof Uint8Array);
});

test('an unknown method names the library, the valid choices and the spec field to change', () => {
  for (const lib of ['cv2', 'pil', 'tf', 'tfjs'] as const) {
    assert.throws(
      () => resizeKernel(lib, 'bilinear-ish', img, 4, 4),
      (e: unknown) => {
        assert.ok(e instanceof KernelError);
        assert.match(e.message, /bilinear-ish/);
        assert.match(e.message, /input\.resize\.method in tensorparity\.json/);
        assert.ok(e.message.includes(validMethods(lib)[0]), e.message);
        return true;
      },
    );
  }
});

test('bad images and sizes are refused with the fix in the message', () => {
  assert.throws(() => resizeKernel('cv2', 'linear', img, 0, 4), /input\.width and input\.height/);
  assert.throws(() => resizeKernel('cv2', 'linear', img, 2.5, 4), /integers/);
  assert.throws(() => resizeKernel('pil', 'bilinear', { ...img, data: img.data.subarray(1) }, 4, 4), /interleaved HWC/);
  assert.throws(
    () => resizeKernel('tf', 'bilinear', { width: 1, height: 1, channels: 5, data: new Uint8Array(5) }, 2, 2),
    /1 \(gray\), 2 \(gray\+alpha\), 3 \(RGB\) or 4 \(RGBA\)/,
  );
  assert.throws(() => resizeKernel('tf', 'bilinear', img, 4, 4, { alignCorners: true, halfPixelCenters: true }), /set one of them to false/);
  assert.throws(() => resizeKernel('sharp', 'lanczos3', img, 4, 4), /resizeWithSharp/);
});

test('resizing to the same size returns an equal copy, not the input buffer', () => {
  for (const lib of ['cv2', 'pil'] as const) {
    const out = resizeKernel(lib, validMethods(lib)[2], img, img.width, img.height);
    assert.notEqual(out.data, img.data);
    assert.deepEqual([...out.data], [...img.data]);
  }
});

test('cv2 semantics: nearest samples top-left, nearest-exact and linear sample pixel centres', () => {
  const ramp: Image = { width: 4, height: 1, channels: 1, data: Uint8Array.from([0, 40, 80, 120]) };
  assert.deepEqual([...resizeKernel('cv2', 'nearest', ramp, 2, 1).data], [0, 80]);
  assert.deepEqual([...resizeKernel('cv2', 'nearest-exact', ramp, 2, 1).data], [40, 120]);
  // A 2× shrink with INTER_LINEAR is OpenCV's area fast path: the rounded mean of each 2×2 block.
  const block: Image = { width: 2, height: 2, channels: 1, data: Uint8Array.from([1, 2, 2, 2]) };
  assert.deepEqual([...resizeKernel('cv2', 'linear', block, 1, 1).data], [2]);
});

test('PIL premultiplies alpha: a fully transparent neighbour does not bleed its colour', () => {
  const rgba: Image = { width: 2, height: 1, channels: 4, data: Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 0]) };
  const out = resizeKernel('pil', 'bilinear', rgba, 1, 1);
  assert.deepEqual([...out.data], [255, 0, 0, 128]);
});

test('tf antialias widens the kernel when shrinking and is ignored when enlarging', () => {
  const stripes: Image = { width: 8, height: 1, channels: 1, data: Uint8Array.from([0, 255, 0, 255, 0, 255, 0, 255]) };
  const plain = resizeKernel('tf', 'bilinear', stripes, 2, 1);
  const aa = resizeKernel('tf', 'bilinear', stripes, 2, 1, { antialias: true });
  assert.notDeepEqual([...plain.data], [...aa.data]);
  assert.ok(Math.abs(aa.data[0] - 127.5) < 20, `antialiased value ${aa.data[0]}`);
  const up1 = resizeKernel('tf', 'bilinear', stripes, 16, 1);
  const up2 = resizeKernel('tf', 'bilinear', stripes, 16, 1, { antialias: true });
  for (let i = 0; i < 16; i++) assert.ok(Math.abs(up1.data[i] - up2.data[i]) < 1e-3);
});

test('resizeWithSharp is sharp itself on the raw pixels and keeps uint8', async () => {
  const out = await resizeWithSharp(img, 4, 3, 'nearest');
  assert.ok(out.data instanceof Uint8Array);
  assert.equal(out.data.length, 4 * 3 * 3);
  await assert.rejects(resizeWithSharp(img, 4, 3, 'bicubic'), /sharp has no resize kernel "bicubic"/);
});

test('colour helpers: channel swap, OpenCV and Pillow gray weights', () => {
  const px = rgb(1, 1, (_x, _y, c) => [172, 194, 28][c]);
  assert.deepEqual([...cvSwapRB(px).data], [28, 194, 172]);
  assert.deepEqual([...cvToGray(px, 'RGB').data], [169]);
  assert.deepEqual([...pilToL(px).data], [168]);
  assert.deepEqual([...pilToRGB({ width: 1, height: 1, channels: 1, data: Uint8Array.from([7]) }).data], [7, 7, 7]);
  assert.throws(() => cvToGray({ width: 1, height: 1, channels: 1, data: new Uint8Array(1) }, 'RGB'), /3 or 4 channels/);
});

test('cvToGray on 16-bit pixels uses OpenCV 5 15-bit weights (values from cv2.cvtColor on uint16)', () => {
  const px = [65535, 65535, 65535, 65535, 0, 0, 0, 65535, 0, 0, 0, 65535, 12345, 54321, 999, 40000, 30000, 20000];
  const img: Image = { width: 6, height: 1, channels: 3, data: Uint16Array.from(px) };
  assert.deepEqual(Array.from(cvToGray(img, 'RGB').data), [65535, 19596, 38469, 7470, 35692, 31850]);
  assert.deepEqual(Array.from(cvToGray(img, 'BGR').data), [65535, 7470, 38469, 19596, 33593, 28150]);
});
