// cv2.resize on the images Intel IPP declines (2-channel images, sources under 4×4 for cubic or 1 pixel for linear),
// plus LANCZOS4 and INTER_AREA when enlarging, which never go to IPP: OpenCV's own code, reproduced bit for bit.
// Expected outputs come from the pinned opencv-python 5.0 wheel: scripts/golden/make_resize_extra.py writes
// test/golden/resize-extra (input, output and manifest); every case must match exactly.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseNpy } from '../../src/core/tensor/npy';
import type { Image } from '../../src/core/preprocess/types';
import { resizeKernel } from '../../src/core/preprocess/kernels';
import { REPO_ROOT } from './kernels-golden-helpers';

const DIR = path.join(REPO_ROOT, 'test', 'golden', 'resize-extra');

interface ExtraCase {
  id: string;
  method: string;
  width: number;
  height: number;
  what: string;
}

function load(file: string): { shape: readonly number[]; data: Uint8Array | Uint16Array | Float32Array } {
  const full = path.join(DIR, file);
  const arr = parseNpy(new Uint8Array(readFileSync(full)), full);
  const d = arr.data;
  if (!(d instanceof Uint8Array || d instanceof Uint16Array || d instanceof Float32Array)) {
    throw new Error(`${full}: expected uint8, uint16 or float32, got ${arr.dtype}; rerun scripts/golden/make_resize_extra.py.`);
  }
  return { shape: arr.shape, data: d };
}

/** Index and values of the first element where `got` and `want` differ, or null when they are identical. */
function firstDiff(got: ArrayLike<number>, want: ArrayLike<number>): string | null {
  let count = 0;
  let first = -1;
  for (let i = 0; i < want.length; i++) {
    if (got[i] !== want[i]) {
      count++;
      if (first < 0) first = i;
    }
  }
  return count === 0 ? null : `${count} of ${want.length} elements differ; first at ${first}: got ${got[first]}, cv2 ${want[first]}`;
}

const manifest = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { cases: ExtraCase[] };

test("the resize-extra goldens cover every route of OpenCV's own resize code", () => {
  assert.ok(manifest.cases.length >= 15);
  const kinds = new Set(manifest.cases.map((c) => c.id.split('_').slice(0, 2).join('_')));
  for (const k of ['u8_cubic', 'u8_lanczos4', 'u16_cubic', 'f32_linear', 'f32_cubic', 'f32_lanczos4', 'f32_area']) {
    assert.ok(kinds.has(k), `no case for ${k}`);
  }
});

for (const c of manifest.cases) {
  test(`cv2 ${c.method}: ${c.what} matches cv2.resize exactly (${c.id})`, () => {
    const src = load(`${c.id}_in.npy`);
    const want = load(`${c.id}_out.npy`);
    const img: Image = { height: src.shape[0], width: src.shape[1], channels: src.shape[2] ?? 1, data: src.data };
    const out = resizeKernel('cv2', c.method, img, c.width, c.height);
    assert.equal(out.width, c.width);
    assert.equal(out.height, c.height);
    assert.equal(out.channels, img.channels);
    assert.equal(out.data.constructor, src.data.constructor, "the output keeps the input's element type");
    assert.equal(firstDiff(out.data, want.data), null);
  });
}
