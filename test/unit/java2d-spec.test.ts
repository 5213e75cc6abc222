// The "java2d" resize library in tensorparity.json: parsing, bad input with the fix, the preprocessing it drives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseSpec, type SpecProblem } from '../../src/core/spec';
import { resizeKernel, KernelError } from '../../src/core/preprocess/kernels';
import { java2dResize } from '../../src/core/preprocess/kernels/java2d';
import { preprocessImage } from '../../src/core/preprocess/pipeline';
import { resizeImage } from '../../src/core/preprocess/resize';
import type { Image } from '../../src/core/preprocess/types';
import { ROOT } from './preprocess-helpers';

function spec(resize: Record<string, unknown>): string {
  return JSON.stringify({ model: { path: 'm/model.json' }, input: { width: 32, height: 32, resize } }, null, 2);
}

function only(problems: SpecProblem[], p: string): SpecProblem {
  const found = problems.filter((x) => x.path === p);
  assert.equal(found.length, 1, `expected one problem at ${p}, got ${JSON.stringify(problems)}`);
  return found[0];
}

const rgb: Image = { width: 5, height: 3, channels: 3, data: Uint8Array.from({ length: 45 }, (_, i) => (i * 37) % 256) };

test('library "java2d" parses; without a method it is drawImage without a hint (nearest)', () => {
  const r = parseSpec(spec({ library: 'java2d' }));
  assert.deepEqual(r.problems, []);
  assert.equal(r.spec?.input.resize.library, 'java2d');
  assert.equal(r.spec?.input.resize.method, 'nearest');
  for (const method of ['nearest', 'bilinear', 'bicubic', 'area', 'replicate', 'affine-nearest', 'affine-bilinear', 'affine-bicubic']) {
    assert.deepEqual(parseSpec(spec({ library: 'java2d', method })).problems, [], method);
  }
});

test('a method Java2D lacks lists the Java2D methods and where the name belongs', () => {
  const p = only(parseSpec(spec({ library: 'java2d', method: 'linear' })).problems, 'input.resize.method');
  assert.equal(p.severity, 'error');
  assert.match(p.message, /Valid methods for java2d: nearest, bilinear, bicubic, area, replicate, affine-nearest, affine-bilinear, affine-bicubic\./);
  assert.match(p.message, /"linear" is a method of "cv2", "sharp"/);
  const typo = only(parseSpec(spec({ library: 'java2d', method: 'bicubc' })).problems, 'input.resize.method');
  assert.match(typo.message, /Did you mean "bicubic"\?/);
});

test('TensorFlow flags on a java2d resize are reported as having no effect', () => {
  const p = only(parseSpec(spec({ library: 'java2d', method: 'bilinear', alignCorners: true })).problems, 'input.resize.alignCorners');
  assert.match(p.message, /no effect with library "java2d"/);
  assert.match(p.message, /Remove it/);
});

test('a misspelt library suggests java2d', () => {
  const p = only(parseSpec(spec({ library: 'java2D' })).problems, 'input.resize.library');
  assert.match(p.message, /"java2d"/);
});

test('the Java2D kernels refuse what a BufferedImage cannot hold, naming the fix', () => {
  const f32: Image = { width: 2, height: 2, channels: 1, data: new Float32Array(4) };
  assert.throws(
    () => java2dResize(f32, 4, 4, 'bilinear'),
    (e: unknown) => e instanceof KernelError && /8-bit images/.test(e.message) && /decode the image as 8-bit or pick another resize library/.test(e.message),
  );
  assert.throws(
    () => resizeKernel('java2d', 'lanczos3', rgb, 4, 4),
    (e: unknown) => e instanceof KernelError && /java2d has no resize method "lanczos3"/.test(e.message) && /input\.resize\.method/.test(e.message),
  );
  assert.throws(
    () => resizeKernel('java2d', 'bilinear', rgb, 0, 4),
    (e: unknown) => e instanceof KernelError && /set input\.width and input\.height to integers/.test(e.message),
  );
  const short: Image = { width: 5, height: 3, channels: 3, data: new Uint8Array(10) };
  assert.throws(
    () => resizeKernel('java2d', 'area', short, 4, 4),
    (e: unknown) => e instanceof KernelError && /holds 10 values/.test(e.message),
  );
});

test('every Java2D method handles 1×1 sources and targets, gray and odd sizes', () => {
  const one: Image = { width: 1, height: 1, channels: 3, data: new Uint8Array([10, 200, 90]) };
  const gray: Image = { width: 7, height: 3, channels: 1, data: Uint8Array.from({ length: 21 }, (_, i) => i * 12) };
  for (const m of ['nearest', 'bilinear', 'bicubic', 'area', 'replicate', 'affine-nearest', 'affine-bilinear', 'affine-bicubic']) {
    assert.deepEqual(Array.from(java2dResize(one, 3, 2, m).data), [10, 200, 90, 10, 200, 90, 10, 200, 90, 10, 200, 90, 10, 200, 90, 10, 200, 90], m);
    assert.deepEqual(Array.from(java2dResize(rgb, 1, 1, m).data).length, 3, m);
    const g = java2dResize(gray, 11, 5, m);
    assert.equal(g.data.length, 55, m);
    // An unchanged size copies the pixels.
    assert.deepEqual(Array.from(java2dResize(gray, 7, 3, m).data), Array.from(gray.data), m);
  }
});

test('letterbox and crop fits work with java2d (the kernel resizes the placed or cropped part)', () => {
  const r = parseSpec(spec({ library: 'java2d', method: 'bilinear', fit: 'letterbox', padValue: 114 })).spec?.input.resize;
  assert.ok(r);
  const out = resizeImage(rgb, 6, 6, r);
  assert.equal(out.data.length, 6 * 6 * 3);
  assert.equal(out.data[0], 114);
  const crop = resizeImage(rgb, 4, 4, { ...r, fit: 'crop' });
  assert.equal(crop.data.length, 4 * 4 * 3);
});

test('the preprocessing stage names the Java2D call', async () => {
  const parsed = parseSpec(spec({ library: 'java2d', method: 'bicubic' })).spec;
  assert.ok(parsed);
  const res = await preprocessImage(path.join(ROOT, 'test/golden/realdumps/image.png'), parsed.input, { maxPixels: 1e7 });
  const resized = res.stages.find((s) => s.name === 'resized');
  assert.match(resized?.description ?? '', /java2d bicubic \(Graphics2D\.drawImage, VALUE_INTERPOLATION_BICUBIC\) 40×48 → 32×32/);
});
