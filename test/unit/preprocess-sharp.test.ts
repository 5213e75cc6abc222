// Library "sharp" on image files: the resized stage is what a JS pipeline gets from sharp(file).resize(...).raw(),
// shrink-on-load (JPEG decoded at 1/2, 1/4, 1/8 scale), EXIF rotation and embedded ICC profiles included.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseSpec, type InputSpec } from '../../src/core/spec';
import { preprocessImage } from '../../src/core/preprocess/pipeline';
import { sharpJpegShrinkOnLoad } from '../../src/core/preprocess/kernels/sharp';
import { fitPlacement } from '../../src/core/preprocess/resize';
import { ROOT } from './preprocess-helpers';

interface Pipe {
  rotate(): Pipe;
  resize(w: number, h: number, o: { kernel: string; fit: string; position?: string }): Pipe;
  removeAlpha(): Pipe;
  toColourspace(c: string): Pipe;
  ensureAlpha(a: number): Pipe;
  png(): Pipe;
  webp(o: { quality: number }): Pipe;
  jpeg(): Pipe;
  raw(): Pipe;
  toFile(f: string): Promise<unknown>;
  toBuffer(): Promise<Buffer>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sharp = require('sharp') as (input: string) => Pipe;

const WIDE = path.join(ROOT, 'demo/images/astronaut-wide.jpg'); // 1280×720
const EXIF = path.join(ROOT, 'demo/images/astronaut-exif-rotated.jpg'); // 512×512, EXIF orientation 8
const PNG = path.join(ROOT, 'demo/images/astronaut.png'); // 512×512 with an ICC profile
const HOPPER = path.join(ROOT, 'demo/images/hopper.jpg'); // 128×128

function inputSpec(overrides: Record<string, unknown>): InputSpec {
  const { spec, problems } = parseSpec(JSON.stringify({ model: { path: 'm.json' }, input: overrides }));
  assert.ok(spec, JSON.stringify(problems));
  return spec.input;
}

async function resizedStage(file: string, input: InputSpec): Promise<number[]> {
  const r = await preprocessImage(file, input, { maxPixels: 1e8 });
  const stage = r.stages.find((s) => s.name === 'resized');
  assert.ok(stage, 'resized stage');
  return [...(stage.tensor.data as Float32Array)];
}

/** The number of differing values (0 when equal), with a message naming the case. */
function assertSame(actual: number[], expected: Buffer | number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let bad = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] !== expected[i]) bad++;
  assert.equal(bad, 0, `${what}: ${bad} of ${actual.length} values differ from sharp(file)`);
}

function spec(w: number, h: number, kernel: string, fit: 'stretch' | 'crop', extra: Record<string, unknown> = {}): InputSpec {
  return inputSpec({ width: w, height: h, resize: { library: 'sharp', method: kernel, fit }, scale: 1, ...extra });
}

function sharpFit(fit: 'stretch' | 'crop'): { fit: string; position?: string } {
  return fit === 'crop' ? { fit: 'cover', position: 'centre' } : { fit: 'fill' };
}

test('JPEG, large and small factors, every fit and several kernels: the resized stage is sharp(file).resize(w, h, {kernel, fit}).raw()', async () => {
  const cases: [number, number, string[]][] = [
    [100, 60, ['lanczos3', 'nearest', 'linear', 'mitchell', 'mks2021']], // 1/8 on load
    [224, 224, ['lanczos3', 'cubic']], // 1/2 on load
    [150, 90, ['lanczos2']], // shrink exactly 8: 1/4 on load, not 1/8
    [640, 360, ['mks2013']], // shrink exactly 2: no shrink-on-load
  ];
  for (const [w, h, kernels] of cases) {
    for (const kernel of kernels) {
      for (const fit of ['stretch', 'crop'] as const) {
        const want = await sharp(WIDE)
          .resize(w, h, { kernel, ...sharpFit(fit) })
          .raw()
          .toBuffer();
        assertSame(await resizedStage(WIDE, spec(w, h, kernel, fit)), want, `astronaut-wide.jpg → ${w}×${h} ${kernel} ${fit}`);
      }
    }
  }
  for (const [w, h, kernel] of [
    [20, 20, 'lanczos3'],
    [200, 150, 'lanczos3'],
    [190, 170, 'nearest'],
  ] as const) {
    // enlarging too
    for (const fit of ['stretch', 'crop'] as const) {
      const want = await sharp(HOPPER)
        .resize(w, h, { kernel, ...sharpFit(fit) })
        .raw()
        .toBuffer();
      assertSame(await resizedStage(HOPPER, spec(w, h, kernel, fit)), want, `hopper.jpg → ${w}×${h} ${kernel} ${fit}`);
    }
  }
});

test('EXIF-rotated JPEG: .rotate() exactly when applyExif, including 90° turns of a non-square target', async () => {
  for (const [w, h] of [
    [100, 60],
    [60, 100],
    [300, 200],
  ] as const) {
    for (const kernel of ['lanczos3', 'nearest']) {
      for (const fit of ['stretch', 'crop'] as const) {
        const rotated = await sharp(EXIF)
          .rotate()
          .resize(w, h, { kernel, ...sharpFit(fit) })
          .raw()
          .toBuffer();
        assertSame(await resizedStage(EXIF, spec(w, h, kernel, fit, { applyExif: true })), rotated, `exif ${w}×${h} ${kernel} ${fit} applyExif`);
        const asStored = await sharp(EXIF)
          .resize(w, h, { kernel, ...sharpFit(fit) })
          .raw()
          .toBuffer();
        assertSame(await resizedStage(EXIF, spec(w, h, kernel, fit, { applyExif: false })), asStored, `exif ${w}×${h} ${kernel} ${fit} as stored`);
      }
    }
  }
});

test('PNG with an ICC profile: the resized stage is sharp(file)...raw() too', async () => {
  for (const [w, h, kernel] of [
    [100, 60, 'lanczos3'],
    [64, 64, 'nearest'],
    [300, 250, 'cubic'],
  ] as const) {
    for (const fit of ['stretch', 'crop'] as const) {
      const want = await sharp(PNG)
        .resize(w, h, { kernel, ...sharpFit(fit) })
        .raw()
        .toBuffer();
      assertSame(await resizedStage(PNG, spec(w, h, kernel, fit)), want, `astronaut.png → ${w}×${h} ${kernel} ${fit}`);
    }
  }
});

test('channels after sharp: alpha dropped as .removeAlpha(), BGR swapped, grey JPEG to GRAY, WebP, 16-bit PNG, letterbox padding', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tp-sharp-'));
  try {
    const rgba = path.join(dir, 'rgba.png');
    await sharp(WIDE).ensureAlpha(0.5).png().toFile(rgba);
    const noAlpha = await sharp(rgba).resize(100, 60, { kernel: 'lanczos3', fit: 'fill' }).removeAlpha().raw().toBuffer();
    assertSame(await resizedStage(rgba, spec(100, 60, 'lanczos3', 'stretch')), noAlpha, 'RGBA PNG, alpha dropped');

    const rgb = await sharp(WIDE).resize(100, 60, { kernel: 'lanczos3', fit: 'fill' }).raw().toBuffer();
    const bgr = Buffer.from(rgb);
    for (let i = 0; i < bgr.length; i += 3) [bgr[i], bgr[i + 2]] = [rgb[i + 2], rgb[i]];
    assertSame(await resizedStage(WIDE, spec(100, 60, 'lanczos3', 'stretch', { colorOrder: 'BGR' })), bgr, 'JPEG as BGR');

    const grey = path.join(dir, 'grey.jpg');
    await sharp(WIDE).toColourspace('b-w').jpeg().toFile(grey);
    const greyOut = await sharp(grey).resize(100, 60, { kernel: 'mitchell', fit: 'fill' }).raw().toBuffer();
    const greyOne = greyOut.filter((_, i) => i % 3 === 0);
    assertSame(await resizedStage(grey, spec(100, 60, 'mitchell', 'stretch', { colorOrder: 'GRAY', mean: [0], std: [1] })), [...greyOne], 'grey JPEG as GRAY');

    const webp = path.join(dir, 'wide.webp');
    await sharp(WIDE).webp({ quality: 90 }).toFile(webp);
    const sixteen = path.join(dir, 'rgb16.png');
    await sharp(WIDE).toColourspace('rgb16').png().toFile(sixteen);
    for (const [file, what] of [
      [webp, 'WebP (scaled on load)'],
      [sixteen, '16-bit PNG'],
    ]) {
      for (const fit of ['stretch', 'crop'] as const) {
        const want = await sharp(file)
          .resize(100, 60, { kernel: 'lanczos3', ...sharpFit(fit) })
          .raw()
          .toBuffer();
        assertSame(await resizedStage(file, spec(100, 60, 'lanczos3', fit)), want, `${what} ${fit}`);
      }
    }

    // letterbox (tf.image.resize_with_pad's geometry): 1280×720 into 100×100 is a 100×56 picture at y = 21, padded with 7.
    assert.deepEqual(fitPlacement(1280, 720, 100, 100, 'letterbox'), { left: 0, top: 21, width: 100, height: 56 });
    const inner = await sharp(WIDE).resize(100, 56, { kernel: 'lanczos3', fit: 'fill' }).raw().toBuffer();
    const boxed = new Array<number>(100 * 100 * 3).fill(7);
    for (let i = 0; i < inner.length; i++) boxed[21 * 300 + i] = inner[i];
    const lb = inputSpec({
      width: 100,
      height: 100,
      scale: 1,
      resize: { library: 'sharp', method: 'lanczos3', fit: 'letterbox', padValue: 7 },
    });
    assertSame(await resizedStage(WIDE, lb), boxed, 'letterbox');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the resized stage names the sharp call and its shrink-on-load; the decoded and colour stages stay full size', async () => {
  const r = await preprocessImage(WIDE, spec(100, 60, 'lanczos3', 'stretch', { applyExif: false }), { maxPixels: 1e8 });
  const [decoded, color, resized] = r.stages;
  assert.deepEqual(decoded.tensor.shape, [720, 1280, 3]);
  assert.deepEqual(color.tensor.shape, [720, 1280, 3]);
  assert.match(resized.description, /sharp\(file\)\.resize\(100, 60, \{ kernel: 'lanczos3', fit: 'fill' \}\)\.raw\(\)/);
  assert.match(resized.description, /JPEG is decoded at 1\/8 scale/);
  const exif = await preprocessImage(EXIF, spec(60, 100, 'nearest', 'crop', { applyExif: true }), { maxPixels: 1e8 });
  assert.match(exif.stages[2].description, /sharp\(file\)\.rotate\(\)\.resize\(60, 100, \{ kernel: 'nearest', fit: 'cover', position: 'centre' \}\)/);
});

test('sharpJpegShrinkOnLoad follows sharp 0.35 (fastShrinkOnLoad: the largest of 8, 4, 2 not over the shrink, halved on an exact integer)', () => {
  assert.equal(sharpJpegShrinkOnLoad(1280, 720, 100, 60), 8); // min(12.8, 12) = 12
  assert.equal(sharpJpegShrinkOnLoad(1280, 720, 150, 90), 4); // shrink 8 exactly → 8 halved
  assert.equal(sharpJpegShrinkOnLoad(1280, 720, 224, 224), 2); // 3.21
  assert.equal(sharpJpegShrinkOnLoad(1280, 720, 640, 360), 1); // 2 exactly → 1
  assert.equal(sharpJpegShrinkOnLoad(1280, 720, 1400, 800), 1);
  assert.equal(sharpJpegShrinkOnLoad(4000, 3000, 224, 224), 8);
});
