import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { NdArray } from '../../src/core/tensor/types';

const f32 = (shape: number[], values: ArrayLike<number>): NdArray => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

/** A smooth synthetic 1×H×W×3 image in [0, 1]. */
function image(h = 12, w = 16): Float32Array {
  const v = new Float32Array(h * w * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        v[(y * w + x) * 3 + c] = Math.fround(0.5 + 0.45 * Math.sin((x + 3 * c) / 3.1) * Math.cos((y - 2 * c) / 2.3));
      }
  return v;
}

test('an identical dump is identical and claims no cause', async () => {
  const ref = f32([1, 12, 16, 3], image());
  const d = await diagnose(ref, { tensor: ref });
  assert.equal(d.status, 'identical');
  assert.deepEqual(d.causes, []);
});

test('without an image, the image-only hypotheses are reported as untested', async () => {
  const v = image();
  const dump = f32(
    [1, 12, 16, 3],
    v.map((x) => x * 255),
  );
  const d = await diagnose(dump, { tensor: f32([1, 12, 16, 3], v) });
  assert.equal(d.causes[0].id, 'scale-255');
  assert.match(d.causes[0].evidence, /255× the reference/);
  assert.deepEqual(
    d.missing.filter((m) => m === 'image-and-spec'),
    ['image-and-spec'],
  );
  assert.doesNotMatch(`${d.summary} ${d.notes.join(' ')}`, /--image|--spec/, "core speaks in the user's terms, not CLI flags");
  assert.equal(d.status, 'explained');
});

test('a double buffer read as float32 is recognised from the size', async () => {
  const v = image();
  const doubles = Float64Array.from(v);
  const asFloats = new Float32Array(doubles.buffer);
  const d = await diagnose(f32([asFloats.length], asFloats), { tensor: f32([1, 12, 16, 3], v) });
  assert.equal(d.status, 'incomparable');
  assert.equal(d.causes[0]?.id, 'float64');
  assert.match(d.summary, /float64 data read as float32/);
});

test('sizes that do not relate give a clear answer', async () => {
  const d = await diagnose(f32([7], [1, 2, 3, 4, 5, 6, 7]), { tensor: f32([1, 12, 16, 3], image()) });
  assert.equal(d.status, 'incomparable');
  assert.match(d.summary, /7 values .* 576/);
  const two = await diagnose(f32([2, 12, 16, 3], [...image(), ...image()]), { tensor: f32([1, 12, 16, 3], image()) });
  assert.match(two.summary, /holds 2 reference-sized items/);
});

test('empty, NaN-only and 0-d tensors do not crash', async () => {
  const empty = await diagnose(f32([0, 3], []), { tensor: f32([0, 3], []) });
  assert.equal(empty.status, 'incomparable');
  assert.match(empty.summary, /empty/);
  const nan = await diagnose(f32([1, 12, 16, 3], new Array(576).fill(NaN)), { tensor: f32([1, 12, 16, 3], image()) });
  assert.equal(nan.status, 'unexplained');
  assert.equal(nan.baseline.report?.nonFinite.a.nan, 576);
  const scalar = await diagnose(f32([], [2]), { tensor: f32([], [1]) });
  assert.ok(['unexplained', 'explained', 'partially-explained'].includes(scalar.status));
});

test('a partially written buffer is blamed on the img.total() loop', async () => {
  const v = image();
  const dump = new Float32Array(v.length);
  dump.set(v.subarray(0, 12 * 16));
  const d = await diagnose(f32([1, 12, 16, 3], dump), { tensor: f32([1, 12, 16, 3], v) });
  assert.equal(d.causes[0].id, 'partial-fill');
  assert.match(d.causes[0].evidence, /first 192 of 576 values/);
  assert.match(d.causes[0].evidence, /img\.total\(\)/);
  assert.match(d.causes[0].fix, /img\.channels\(\)/);
});

test('ImageNet mean/std is recognised and the implied values are reported', async () => {
  const v = image();
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  const dump = v.map((x, i) => (x - mean[i % 3]) / std[i % 3]);
  const d = await diagnose(f32([1, 12, 16, 3], dump), { tensor: f32([1, 12, 16, 3], v) });
  assert.equal(d.causes[0].id, 'affine-mean-std');
  assert.match(d.causes[0].evidence, /ImageNet/);
  const implied = d.causes[0].details?.impliedMean as number[];
  implied.forEach((m, c) => assert.ok(Math.abs(m - mean[c]) < 1e-4));
});

test('differing model fingerprints explain an output difference nothing else explains', async () => {
  let s = 1;
  const rnd = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const ref = f32([1, 100], Array.from({ length: 100 }, rnd));
  const dump = f32([1, 100], Array.from({ length: 100 }, rnd));
  const d = await diagnose(dump, { tensor: ref }, { fingerprints: { dump: 'a'.repeat(64), ref: 'b'.repeat(64) } });
  assert.equal(d.causes[0]?.id, 'model-differs');
  assert.match(d.causes[0].evidence, /fingerprints differ/);
  const none = await diagnose(dump, { tensor: ref });
  assert.equal(none.status, 'unexplained');
  assert.match(none.summary, /the inputs each side fed \(or the model files\) would show whether the model itself differs/);
});

test('equal inputs with different outputs blame the model even when the outputs relate simply', async () => {
  const v = image();
  const input = f32([1, 12, 16, 3], v);
  const out = f32(
    [1, 12, 16, 3],
    v.map((x) => 2 * x + 1),
  );
  const d = await diagnose(
    f32(
      [1, 12, 16, 3],
      v.map((x) => 2.2 * x + 1),
    ),
    { tensor: out },
    { inputs: { dump: input, ref: input } },
  );
  assert.equal(d.causes[0].id, 'model-differs');
  const diffIn = await diagnose(
    out,
    {
      tensor: f32(
        [1, 12, 16, 3],
        v.map((x) => 2 * x + 1.5),
      ),
    },
    {
      inputs: {
        dump: input,
        ref: f32(
          [1, 12, 16, 3],
          v.map((x) => x + 0.1),
        ),
      },
    },
  );
  assert.match(diffIn.notes.join(' '), /fed different inputs/);
});
