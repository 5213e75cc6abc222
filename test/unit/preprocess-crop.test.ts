// fit "crop": PIL ImageOps.fit, Keras smart_resize (tf/cv2/tfjs kernels) and sharp fit 'cover', against the libraries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseSpec, type InputSpec, type ResizeLibrary, type ResizeSpec } from '../../src/core/spec';
import { parseNpy } from '../../src/core/tensor/npy';
import type { DecodedImage } from '../../src/core/preprocess/decode';
import { preprocessDecoded, preprocessImage } from '../../src/core/preprocess/pipeline';
import { cropRegion, fitPlacement, resizeImage } from '../../src/core/preprocess/resize';
import type { Image } from '../../src/core/preprocess/types';
import { pilResize } from '../../src/core/preprocess/kernels/pil';
import { ROOT } from './preprocess-helpers';

const DIR = path.join(ROOT, 'test/golden/crop');

interface CropCase {
  name: string;
  library: ResizeLibrary;
  method: string;
  input: string;
  width: number;
  height: number;
  dtype: string;
  call: string;
}
const MANIFEST = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { cases: CropCase[] };

function npyImage(name: string): Image {
  const a = parseNpy(new Uint8Array(readFileSync(path.join(DIR, `${name}.npy`))), name);
  const [height, width, channels] = a.shape;
  assert.ok(a.data instanceof Uint8Array || a.data instanceof Float32Array, `${name}: unexpected ${a.dtype}`);
  return { width, height, channels: channels ?? 1, data: a.data };
}

function resizeSpec(library: ResizeLibrary, method: string): ResizeSpec {
  return { library, method, fit: 'crop', padValue: 0 };
}

function inputSpec(overrides: Record<string, unknown>): InputSpec {
  const { spec, problems } = parseSpec(JSON.stringify({ model: { path: 'm.json' }, input: overrides }));
  assert.ok(spec, JSON.stringify(problems));
  return spec.input;
}

for (const c of MANIFEST.cases) {
  test(`fit crop ${c.name} equals ${c.call}`, () => {
    const src = npyImage(c.input);
    const want = npyImage(c.name);
    const got = resizeImage(src, c.width, c.height, resizeSpec(c.library, c.method));
    assert.deepEqual([got.width, got.height, got.channels], [want.width, want.height, want.channels]);
    let worst = 0,
      at = -1;
    for (let i = 0; i < want.data.length; i++) {
      const e = want.data[i],
        g = got.data[i];
      const err = want.data instanceof Uint8Array ? Math.abs(g - e) : Math.abs(g - e) / Math.max(1, Math.abs(e));
      if (err > worst) {
        worst = err;
        at = i;
      }
    }
    const bar = want.data instanceof Uint8Array ? 0 : 1e-4;
    assert.ok(worst <= bar, `${c.name}: element ${at} is ${got.data[at]}, ${c.call} gives ${want.data[at]}`);
  });
}

test('crop regions: ImageOps.fit keeps a fractional box, smart_resize truncates to whole pixels', () => {
  assert.deepEqual(cropRegion(57, 31, 20, 16, 'pil'), { left: (57 - 38.75) / 2, top: 0, width: 38.75, height: 31 });
  assert.deepEqual(cropRegion(57, 31, 20, 16, 'tf'), { left: 9, top: 0, width: 38, height: 31 });
  assert.deepEqual(cropRegion(45, 37, 16, 21, 'cv2'), { left: 8, top: 0, width: 28, height: 37 });
  assert.deepEqual(cropRegion(29, 50, 21, 16, 'tfjs'), { left: 0, top: 14, width: 29, height: 22 });
  // The same aspect ratio crops nothing; a 1-pixel-wide target keeps at least one pixel.
  assert.deepEqual(cropRegion(640, 480, 320, 240, 'pil'), { left: 0, top: 0, width: 640, height: 480 });
  assert.deepEqual(cropRegion(640, 480, 1, 1000, 'tf'), { left: 319, top: 0, width: 1, height: 480 });
  assert.deepEqual(fitPlacement(57, 31, 20, 16, 'crop'), { left: 0, top: 0, width: 20, height: 16 });
});

test('Pillow resize with a box: a whole-pixel box of the output size is a plain crop; a box outside the image is a bug', () => {
  const src = npyImage('wide_40x30');
  const out = pilResize(src, 30, 30, 'lanczos', [5, 0, 35, 30]);
  for (let y = 0; y < 30; y++) {
    for (let x = 0; x < 30 * 3; x++) assert.equal(out.data[y * 90 + x], src.data[y * 120 + 15 + x]);
  }
  assert.throws(() => pilResize(src, 10, 10, 'bilinear', [0, 0, 41, 30]), /inside the 40×30 image/);
});

test('the pipeline shows the cropped region: display is the crop, placement the whole input, no padding', () => {
  const src = npyImage('wide_57x31');
  const decoded: DecodedImage = { ...src, data: src.data as Uint8Array, bitDepth: 8, format: 'png' };
  const input = inputSpec({ width: 20, height: 16, resize: { library: 'pil', method: 'bilinear', fit: 'crop' }, scale: 1 });
  const r = preprocessDecoded(decoded, input);
  assert.deepEqual(r.placement, { left: 0, top: 0, width: 20, height: 16 });
  assert.deepEqual(r.crop, { left: 9.125, top: 0, width: 38.75, height: 31 });
  // Edges rounded to whole pixels: x 9..48 (round(9.125) = 9, round(47.875) = 48).
  assert.deepEqual([r.display.width, r.display.height], [39, 31]);
  for (let y = 0; y < 31; y += 10) {
    for (let x = 0; x < 39 * 3; x++) assert.equal(r.display.data[y * 39 * 3 + x], src.data[(y * 57 + 9) * 3 + x]);
  }
  assert.match(r.stages[2].description, /centre-cropped \(ImageOps\.fit\) to x=9\.13, y=0, 38\.75×31 first/);
  const want = npyImage('pil_bilinear_wide_57x31_to_20x16');
  assert.deepEqual([...r.tensor.data], [...want.data]);

  const tf = preprocessDecoded(decoded, inputSpec({ width: 20, height: 16, resize: { library: 'tf', fit: 'crop' } }));
  assert.deepEqual(tf.crop, { left: 9, top: 0, width: 38, height: 31 });
  assert.deepEqual([tf.display.width, tf.display.height], [38, 31]);
  assert.match(tf.stages[2].description, /smart_resize/);

  // Other fits keep the whole decoded image for display.
  const stretch = preprocessDecoded(decoded, inputSpec({ width: 20, height: 16 }));
  assert.equal(stretch.crop, undefined);
  assert.deepEqual([stretch.display.width, stretch.display.height], [57, 31]);
});

test('sharp fit crop is sharp\'s own fit "cover" (position centre), through the whole pipeline', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sharp = require('sharp') as (
    input: Buffer | string,
    o?: { raw: { width: number; height: number; channels: 3 } },
  ) => {
    png(): { toFile(f: string): Promise<unknown> };
    resize(w: number, h: number, o: { kernel: string; fit: string; position: string }): { raw(): { toBuffer(): Promise<Buffer> } };
  };
  const dir = mkdtempSync(path.join(tmpdir(), 'tp-crop-'));
  try {
    for (const [name, w, h] of [
      ['wide_57x31', 20, 16],
      ['tall_29x50', 21, 16],
      ['odd_45x37', 16, 21],
    ] as const) {
      const src = npyImage(name);
      const file = path.join(dir, `${name}.png`);
      await sharp(Buffer.from(src.data as Uint8Array), { raw: { width: src.width, height: src.height, channels: 3 } })
        .png()
        .toFile(file);
      for (const kernel of ['lanczos3', 'linear', 'nearest']) {
        const input = inputSpec({ width: w, height: h, resize: { library: 'sharp', method: kernel, fit: 'crop' }, scale: 1 });
        const r = await preprocessImage(file, input, { maxPixels: 1e8 });
        const want = await sharp(file).resize(w, h, { kernel, fit: 'cover', position: 'centre' }).raw().toBuffer();
        assert.deepEqual([...r.stages[2].tensor.data], [...want], `${name} ${kernel}`);
        assert.deepEqual(r.placement, { left: 0, top: 0, width: w, height: h });
        assert.ok(r.crop && r.display.width <= src.width && r.display.height <= src.height);
        assert.ok(Math.abs(r.display.width / r.display.height - w / h) < 0.05, `${name}: display ${r.display.width}×${r.display.height}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
