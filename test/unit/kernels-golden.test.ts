// Every resize kernel against the real library's output (test/golden/resize, made by make_resize_goldens.py).

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseNpy } from '../../src/core/tensor/npy';
import type { Image } from '../../src/core/preprocess/types';
import { cvGrayToRgb, cvSwapRB, cvToGray, pilToL, pilToRGB } from '../../src/core/preprocess/kernels';
import { GOLDEN_DIR, GoldenCase, Measure, loadInput, loadManifest, measure, passes, runCase } from './kernels-golden-helpers';

const manifest = loadManifest();

function verdict(c: GoldenCase, r: Measure): string | undefined {
  if (passes(r)) return undefined;
  return r.kind === 'int'
    ? `${c.id}: max |diff| ${r.maxAbs}, ${r.off}/${r.n} elements differ (${r.offByOne} by one)${r.shapeOk ? '' : ', wrong shape'}`
    : `${c.id}: max error ${r.maxRel.toExponential(2)} of the array's scale${r.shapeOk ? '' : ', wrong shape'}`;
}

const groups = new Map<string, GoldenCase[]>();
for (const c of manifest.cases) {
  const key = `${c.library} ${c.method}`;
  const list = groups.get(key) ?? [];
  list.push(c);
  groups.set(key, list);
}

test('the goldens cover at least 24 inputs and every library', () => {
  assert.ok(Object.keys(manifest.inputs).length >= 24, 'fewer than 24 golden inputs');
  for (const lib of ['cv2', 'pil', 'tf', 'tfjs'])
    assert.ok(
      manifest.cases.some((c) => c.library === lib),
      `no ${lib} cases`,
    );
});

for (const [key, cases] of groups) {
  test(`${key} reproduces the library on ${cases.length} golden cases`, () => {
    const failures: string[] = [];
    for (const c of cases) {
      const v = verdict(c, measure(c, runCase(manifest, c)));
      if (v) failures.push(v);
    }
    assert.deepEqual(failures, []);
  });
}

interface ColorCase {
  id: string;
  op: string;
  input: string;
  file: string;
}

function colorOp(op: string, img: Image): Image {
  switch (op) {
    case 'cv2.RGB2GRAY':
    case 'cv2.RGBA2GRAY':
      return cvToGray(img, 'RGB');
    case 'cv2.BGR2GRAY':
      return cvToGray(img, 'BGR');
    case 'cv2.BGR2RGB':
    case 'cv2.BGRA2RGBA':
      return cvSwapRB(img);
    case 'cv2.GRAY2RGB':
      return cvGrayToRgb(img);
    case 'pil.L':
      return pilToL(img);
    case 'pil.RGB':
      return pilToRGB(img);
    default:
      throw new Error(`unknown colour op ${op} in the manifest; regenerate the goldens`);
  }
}

test('colour conversions match cv2.cvtColor and PIL Image.convert', () => {
  const colorCases = (manifest as unknown as { color: ColorCase[] }).color;
  assert.ok(colorCases.length >= 10);
  for (const c of colorCases) {
    const got = colorOp(c.op, loadInput(manifest, c.input));
    const ref = parseNpy(new Uint8Array(readFileSync(path.join(GOLDEN_DIR, c.file))), c.file);
    assert.equal(got.data.length, ref.data.length, `${c.id}: size`);
    let maxDiff = 0;
    for (let i = 0; i < ref.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(Number(got.data[i]) - Number(ref.data[i])));
    const tol = got.data instanceof Float32Array ? 1e-6 : 0;
    assert.ok(maxDiff <= tol, `${c.id}: max difference ${maxDiff}`);
  }
});
