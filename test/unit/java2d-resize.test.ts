import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { java2dResize } from '../../src/core/preprocess/kernels/java2d';
import type { Image } from '../../src/core/preprocess/types';
import { parseNpy } from '../../src/core/tensor/npy';
import { ROOT } from './preprocess-helpers';

const DIR = path.join(ROOT, 'test/golden/java2d');

interface Java2dCase {
  name: string;
  input: string;
  width: number;
  height: number;
  outputs: Record<string, string>;
}

function readNpy(rel: string): { shape: readonly number[]; data: Uint8Array } {
  const arr = parseNpy(new Uint8Array(readFileSync(path.join(DIR, rel))), rel);
  return { shape: arr.shape, data: arr.data as Uint8Array };
}

function loadCases(): Java2dCase[] {
  return (JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { cases: Java2dCase[] }).cases;
}

function inputImage(rel: string): Image {
  const { shape, data } = readNpy(rel);
  return { height: shape[0], width: shape[1], channels: shape[2], data };
}

/** Golden path name → our method. */
const PATHS: Record<string, string> = {
  'g2d-nearest': 'nearest',
  'g2d-bilinear': 'bilinear',
  'g2d-bicubic': 'bicubic',
  smooth: 'area',
  replicate: 'replicate',
  'atop-nearest': 'affine-nearest',
  'atop-bilinear': 'affine-bilinear',
  'atop-bicubic': 'affine-bicubic',
};

for (const [goldenPath, method] of Object.entries(PATHS)) {
  test(`java2d ${method} is bit-exact with OpenJDK's ${goldenPath} on every golden`, () => {
    const wrong: string[] = [];
    for (const c of loadCases()) {
      const expected = readNpy(c.outputs[goldenPath]);
      const out = java2dResize(inputImage(c.input), c.width, c.height, method);
      assert.deepEqual([out.height, out.width, out.channels], [...expected.shape]);
      let n = 0,
        max = 0;
      for (let i = 0; i < expected.data.length; i++) {
        const d = Math.abs(out.data[i] - expected.data[i]);
        if (d) n++;
        if (d > max) max = d;
      }
      if (n) wrong.push(`${c.name} ${c.width}x${c.height}: ${n} values differ (max ${max})`);
    }
    assert.deepEqual(wrong, []);
  });
}
