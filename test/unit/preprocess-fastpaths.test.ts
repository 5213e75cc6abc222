// The fast paths of the JPEG → tensor pipeline give the same values as the plain code they replace: INTER_AREA's
// WebAssembly SIMD sums against the JS kernel, the normalisation lookup table against the formula, and the header
// checks still name the file without waiting on a FIFO.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resizeKernel } from '../../src/core/preprocess/kernels';
import { areaSimd, disableAreaSimd } from '../../src/core/preprocess/kernels/area-simd';
import { normalizePixels } from '../../src/core/preprocess/normalize';
import { decodeImage } from '../../src/core/preprocess/decode';
import { ImageError } from '../../src/core/preprocess/errors';
import type { Image } from '../../src/core/preprocess/types';

/** A seeded generator, so a failure names a case that can be run again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

function rgbImage(width: number, height: number, rnd: () => number, kind: number): Image {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = kind === 0 ? rnd() * 256 : kind === 1 ? (rnd() < 0.5 ? 0 : 255) : (i >> 3) & 255;
  return { width, height, channels: 3, data };
}

function areaBothWays(img: Image, w: number, h: number): [Uint8Array, Uint8Array] {
  const simd = resizeKernel('cv2', 'area', img, w, h).data as Uint8Array;
  disableAreaSimd(true);
  try {
    return [simd, resizeKernel('cv2', 'area', img, w, h).data as Uint8Array];
  } finally {
    disableAreaSimd(false);
  }
}

test('WebAssembly SIMD is available in this Node, so the fast INTER_AREA path is what runs', () => {
  assert.ok(areaSimd(), 'areaSimd() returned null');
});

test('cv2 INTER_AREA shrinks of RGB images are byte for byte the same with and without SIMD', () => {
  const rnd = random(7);
  const cases: [number, number, number, number][] = [
    [1920, 1080, 256, 256],
    [1920, 1080, 224, 224],
    [640, 480, 1, 1],
    [37, 23, 16, 9],
    [1000, 7, 37, 3],
  ];
  for (let i = 0; i < 120; i++) {
    const w = 2 + Math.floor(rnd() * 400),
      h = 2 + Math.floor(rnd() * 300);
    cases.push([w, h, 1 + Math.floor(rnd() * w), 1 + Math.floor(rnd() * h)]);
  }
  const failures: string[] = [];
  cases.forEach(([w, h, ow, oh], i) => {
    const [simd, js] = areaBothWays(rgbImage(w, h, rnd, i % 3), ow, oh);
    if (!Buffer.from(simd).equals(Buffer.from(js))) failures.push(`${w}×${h} → ${ow}×${oh}`);
  });
  assert.deepEqual(failures, []);
});

test('normalising 8-bit pixels through the lookup table gives the formula’s float32 values, -0 and NaN included', () => {
  const f = Math.fround;
  const formula = (v: number, s: number, m: number, d: number, identity: boolean): number => {
    const x = f(f(v) * f(s));
    return identity ? x : f(f(x - f(m)) / f(d));
  };
  const values = [0, -0, 1, 2, 127, 127.5, 255, 256, -1, NaN, Infinity, 254.99, 1e-40, 0.5];
  for (let v = 0; v < 256; v++) values.push(v);
  const settings: [number, number[], number[]][] = [
    [1 / 255, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]],
    [1, [0, 0, 0], [1, 1, 1]],
    [1 / 127.5, [1, 1, 1], [1, 1, 1]],
    [-1, [0, 0, 0], [1, 1, 1]],
  ];
  for (const [scale, mean, std] of settings) {
    const identity = mean.every((v) => v === 0) && std.every((v) => v === 1);
    const data = new Float32Array(values.length * 3);
    for (let i = 0; i < data.length; i++) data[i] = values[i % values.length];
    for (const pixels of [data, Uint8Array.from(data)]) {
      const got = normalizePixels({ width: values.length, height: 1, channels: 3, data: pixels }, scale, mean, std);
      const want = new Float32Array(pixels.length);
      for (let i = 0; i < pixels.length; i++) want[i] = formula(pixels[i], scale, mean[i % 3], std[i % 3], identity);
      assert.ok(Buffer.from(got.buffer).equals(Buffer.from(want.buffer)), `scale ${scale}, mean ${mean.join(',')}: values differ`);
    }
  }
});

test('the header checks name the file: a folder, an empty file, and a FIFO (refused without waiting for a writer)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tp-fastpaths-'));
  try {
    const empty = path.join(dir, 'empty.jpg');
    writeFileSync(empty, '');
    const cases: [string, RegExp][] = [
      [dir, /is not a file/],
      [empty, /empty\.jpg is empty \(0 bytes\)/],
    ];
    if (process.platform !== 'win32') {
      const fifo = path.join(dir, 'pipe.jpg');
      execFileSync('mkfifo', [fifo]);
      cases.push([fifo, /pipe\.jpg is not a file/]);
    }
    for (const [file, pattern] of cases) {
      await assert.rejects(decodeImage(file, { applyExif: false, maxPixels: 1e8 }), (e: unknown) => {
        assert.ok(e instanceof ImageError, String(e));
        assert.equal(e.file, file);
        assert.match(e.message, pattern);
        return true;
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
