// Honest wording: "Your dump matches … undone" only when undoing the cause leaves the error inside tolerance;
// otherwise "Closest: X explains N%", never the answer below 90%, with where the rest sits; rotations, flips and a
// local patch are named from the tensors alone; a float64 dump is reported next to the other causes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/core/diagnose/diagnose';
import type { NdArray } from '../../src/core/tensor/types';

const H = 16;
const W = 20;
const ref = Float32Array.from({ length: H * W * 3 }, (_, i) => Math.fround(((i * 53) % 256) / 255));
const nhwc = (data: Float32Array | Float64Array, dtype: 'float32' | 'float64' = 'float32'): NdArray => ({
  dtype,
  shape: [1, H, W, 3],
  data,
});
const swap = (v: Float32Array): Float32Array => Float32Array.from(v, (_, i) => v[i - (i % 3) + (2 - (i % 3))]);

test('a cause that leaves the error inside tolerance is worded as a match', async () => {
  const d = await diagnose(nhwc(swap(ref)), { tensor: nhwc(ref) });
  assert.equal(d.status, 'explained');
  assert.match(d.summary, /^Your dump matches the reference with "BGR vs RGB channel order" undone: that leaves the error inside tolerance/);
  assert.equal(d.remaining, undefined);
});

test('a cause that leaves something is only the closest, with where the rest sits', async () => {
  const dump = swap(ref);
  // Every other pixel's green is off by 0.01 as well: the swap explains most of the error, not all of it.
  for (let p = 0; p < H * W; p += 2) dump[p * 3 + 1] += 0.01;
  const d = await diagnose(nhwc(dump), { tensor: nhwc(ref) });
  assert.equal(d.status, 'partially-explained', d.summary);
  assert.equal(d.causes[0].id, 'channel-swap');
  assert.match(
    d.summary,
    /^Closest: BGR vs RGB channel order explains 9\d% of the difference .* but something else remains: after undoing it the dump still differs by up to 0\.01/,
  );
  assert.match(d.summary, /what differs sits in rows 0–15, columns 0–18 \(160 pixels, 50% of the pixels, channel 1 only\)/);
  assert.equal(d.remaining?.share, 0.5);
});

test('a box drawn into the input is located: rows, columns and share of pixels', async () => {
  const dump = swap(ref);
  for (let y = 10; y < H; y++) for (let x = 14; x < W; x++) dump[(y * W + x) * 3 + 1] = 1 - dump[(y * W + x) * 3 + 1];
  const d = await diagnose(nhwc(dump), { tensor: nhwc(ref) });
  const local = d.causes.find((c) => c.id === 'local-difference');
  assert.ok(local, d.summary);
  assert.match(local.evidence, /^Everything matches except rows 10–15, columns 14–19 \(36 pixels, 11\.3% of the image\)/);
  assert.ok(d.causes.slice(0, 3).some((c) => c.id === 'channel-swap'));
});

test('below 90% nothing is named as the answer', async () => {
  // Noise everywhere on top of a swap: the swap explains part of it, not enough to be the answer.
  const dump = swap(ref).map((v, i) => v + (((i * 7919) % 13) - 6) * 0.04);
  const d = await diagnose(nhwc(Float32Array.from(dump)), { tensor: nhwc(ref) });
  assert.notEqual(d.status, 'explained', d.summary);
  assert.doesNotMatch(d.summary, /^Your dump matches/, d.summary);
  assert.match(d.summary, /^(Closest|No tested cause)/);
});

test('a float64 dump is reported next to the cause that explains it', async () => {
  const planar = new Float64Array(ref.length);
  for (let c = 0; c < 3; c++) for (let p = 0; p < H * W; p++) planar[c * H * W + p] = Math.round(ref[p * 3 + c] * 255) / 255;
  const d = await diagnose({ dtype: 'float64', shape: [1, 3, H, W], data: planar }, { tensor: nhwc(ref) });
  const ids = d.causes.map((c) => c.id);
  assert.equal(ids[0], 'layout-nchw-nhwc', d.summary);
  assert.ok(ids.slice(0, 3).includes('float64'), ids.join(', '));
  assert.match(d.summary, /Also: computed in float64/);
});

test('a flipped and a rotated dump are named from the tensors alone', async () => {
  const flip = new Float32Array(ref.length);
  const rot = new Float32Array(ref.length);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let c = 0; c < 3; c++) {
        flip[(y * W + (W - 1 - x)) * 3 + c] = ref[(y * W + x) * 3 + c];
        rot[((H - 1 - y) * W + (W - 1 - x)) * 3 + c] = ref[(y * W + x) * 3 + c];
      }
    }
  }
  const f = await diagnose(nhwc(flip), { tensor: nhwc(ref) });
  assert.equal(f.causes[0].id, 'flip');
  assert.match(f.causes[0].evidence, /mirrored left–right/);
  assert.match(f.causes[0].fix, /cv::flip/);
  const r = await diagnose(nhwc(rot), { tensor: nhwc(ref) });
  assert.equal(r.causes[0].id, 'rotation');
  assert.match(r.causes[0].evidence, /rotated 180°/);
  assert.ok(
    r.notes.some((n) => /can look like "image rotated"/.test(n)),
    'says that the image could show an EXIF rotation instead',
  );
});
