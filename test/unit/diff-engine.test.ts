import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffTensors } from '../../src/core/diff/diff';
import { NdArray, TensorFileError } from '../../src/core/tensor/types';
import { transposeNd } from '../../src/core/tensor/ndarray';

const f32 = (shape: number[], values: ArrayLike<number>): NdArray => ({ dtype: 'float32', shape, data: Float32Array.from(values) });
const TOL = { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const };

/** Deterministic pseudo-random numbers in [0, 1). */
function rand(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32;
  }
  return out;
}

/** numpy.percentile (linear) on a sorted copy. */
function percentile(values: number[], q: number): number {
  const s = [...values].sort((x, y) => x - y);
  const pos = (q / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

test('identical tensors pass with zero error, cosine 1 and infinite SNR', () => {
  const a = f32([2, 3], [1, 2, 3, 4, 5, 6]);
  const r = diffTensors(a, a, TOL);
  assert.equal(r.verdict.pass, true);
  assert.equal(r.abs?.max.value, 0);
  assert.equal(r.cosine, 1);
  assert.equal(r.snrDb, Infinity);
  assert.match(r.verdict.message, /^PASS/);
});

test('one bad element: max, index, failure count and the tolerance that would pass', () => {
  const a = f32([4], [1, 2, 3, 4]);
  const b = f32([4], [1, 2, 3, 5]);
  const r = diffTensors(a, b, TOL);
  assert.equal(r.verdict.pass, false);
  assert.equal(r.verdict.failures, 1);
  assert.deepEqual(r.abs?.max.index, [3]);
  assert.equal(r.abs?.max.value, 1);
  assert.equal(r.abs?.median.value, 0);
  assert.ok(Math.abs((r.toPass.allclose.atolAtRtol ?? 0) - (1 - 1e-3 * 5)) < 1e-9);
  assert.deepEqual(r.worst[0].index, [3]);
  assert.equal(r.worst[0].a, 4);
  assert.equal(r.worst[0].b, 5);
  // The suggested tolerances really pass.
  const tp = r.toPass.allclose;
  assert.equal(diffTensors(a, b, { ...TOL, atol: tp.atolAtRtol ?? 0 }).verdict.pass, true);
  assert.equal(diffTensors(a, b, { ...TOL, rtol: tp.rtolAtAtol ?? 0 }).verdict.pass, true);
  const tb = r.toPass.both;
  assert.equal(diffTensors(a, b, { ...TOL, mode: 'both', atol: tb.atolAtRtol ?? 0 }).verdict.pass, true);
});

test("allclose and Polygraphy 'both' semantics differ and the report says which was used", () => {
  // |a-b| = 1.5e-4 > atol and rel = 1.5e-3 > rtol (fails 'both'), but <= atol + rtol*|b| = 2e-4 (passes allclose).
  const a = f32([1], [0.10015]);
  const b = f32([1], [0.1]);
  const ac = diffTensors(a, b, TOL);
  const both = diffTensors(a, b, { ...TOL, mode: 'both' });
  assert.equal(ac.verdict.pass, true);
  assert.equal(ac.verdict.failuresOtherMode, 1);
  assert.equal(both.verdict.pass, false);
  assert.match(both.verdict.message, /Polygraphy/);
  assert.match(ac.verdict.message, /allclose/);
});

test('median and p99 follow numpy semantics exactly up to float32 rounding', () => {
  const n = 10001;
  const b = rand(n, 7);
  const noise = rand(n, 9);
  const a = b.map((v, i) => v + (noise[i] - 0.5) * 0.01);
  const r = diffTensors(f32([n], a), f32([n], b), TOL);
  const d = Array.from(a, (v, i) => Math.abs(v - b[i]));
  for (const [got, want] of [
    [r.abs?.median.value, percentile(d, 50)],
    [r.abs?.p99.value, percentile(d, 99)],
  ] as const) {
    assert.ok(got !== undefined && Math.abs(got - want) <= want * 2 ** -23, `${got} vs ${want}`);
  }
  const mean = d.reduce((s, x) => s + x, 0) / n;
  assert.ok(Math.abs((r.abs?.mean ?? 0) - mean) < 1e-15);
  const std = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  assert.ok(Math.abs((r.abs?.std ?? 0) - std) < 1e-12);
  // the element at the median's index holds (nearly) the median value
  const mi = r.abs?.median.flat ?? -1;
  assert.ok(Math.abs(d[mi] - percentile(d, 50)) <= percentile(d, 50) * 2 ** -20);
  // histogram covers every finite pair
  assert.equal(
    r.histogram.reduce((s, h) => s + h.count, 0),
    n,
  );
});

test('NCHW dump against an NHWC reference is aligned by transposing, and says so', () => {
  const ref = f32([1, 4, 5, 3], rand(60));
  const dump = transposeNd(ref, [0, 3, 1, 2]);
  const r = diffTensors(dump, ref, TOL);
  assert.equal(r.alignment.kind, 'transpose');
  assert.deepEqual(r.alignment.permutation, [0, 2, 3, 1]);
  assert.match(r.alignment.message, /NCHW → NHWC/);
  assert.equal(r.verdict.pass, true);
  assert.equal(r.layout?.name, 'NHWC');
});

test('squeezed batch dimension and same-size reshapes are explained', () => {
  const v = rand(12);
  assert.equal(diffTensors(f32([4, 3], v), f32([1, 4, 3], v), TOL).alignment.kind, 'squeeze');
  const r = diffTensors(f32([2, 6], v), f32([3, 4], v), TOL);
  assert.equal(r.alignment.kind, 'reshape');
  assert.equal(r.verdict.pass, true);
  const bad = diffTensors(f32([2, 6], v), f32([13], rand(13)), TOL);
  assert.equal(bad.alignment.kind, 'incompatible');
  assert.equal(bad.verdict.pass, false);
  assert.match(bad.verdict.message, /12 values .* 13/);
});

test('NaN-only, empty and 0-d tensors give clear answers', () => {
  const nan = f32([3], [NaN, NaN, NaN]);
  const r = diffTensors(nan, f32([3], [1, 2, 3]), TOL);
  assert.equal(r.verdict.pass, false);
  assert.equal(r.finiteCount, 0);
  assert.equal(r.abs, undefined);
  assert.equal(r.nonFinite.a.nan, 3);
  assert.deepEqual(r.nonFinite.a.first[0].index, [0]);
  assert.match(r.verdict.message, /NaN/);
  assert.match(r.notes.join(' '), /all 3 pairs hold NaN/);

  const empty = diffTensors(f32([0, 3], []), f32([0, 3], []), TOL);
  assert.equal(empty.verdict.pass, true);
  assert.match(empty.verdict.message, /empty/);

  const z = diffTensors(f32([], [1]), f32([], [2]), TOL);
  assert.equal(z.verdict.pass, false);
  assert.deepEqual(z.abs?.max.index, []);
  assert.equal(z.abs?.max.value, 1);
});

test('matching infinities are equal; NaN and mismatched infinities fail and block tolerance suggestions', () => {
  const a = f32([4], [Infinity, -Infinity, 1, NaN]);
  const b = f32([4], [Infinity, Infinity, 1, 1]);
  const r = diffTensors(a, b, TOL);
  assert.equal(r.verdict.failures, 2);
  assert.equal(r.nonFinite.a.posInf, 1);
  assert.equal(r.nonFinite.a.negInf, 1);
  assert.equal(r.nonFinite.b.posInf, 2);
  assert.equal(r.toPass.allclose.atolAtRtol, null);
});

test('dtype mismatch is reported, not fatal; integers compare in float', () => {
  const a: NdArray = { dtype: 'uint8', shape: [3], data: Uint8Array.from([0, 128, 255]) };
  const b: NdArray = { dtype: 'float64', shape: [3], data: Float64Array.from([0, 128, 255]) };
  const r = diffTensors(a, b, TOL);
  assert.match(r.dtypeMismatch ?? '', /uint8.*float64/);
  assert.equal(r.verdict.pass, true);
});

test('per-channel statistics and the spatial error map follow the layout', () => {
  // NCHW 1x2x2x3: channel 1 differs by 0.5 at pixel (1, 2) only.
  const ref = f32([1, 2, 2, 3], new Array(12).fill(0));
  const dump = f32([1, 2, 2, 3], new Array(12).fill(0));
  (dump.data as Float32Array)[1 * 6 + 1 * 3 + 2] = 0.5;
  const r = diffTensors(dump, ref, { ...TOL, layout: 'NCHW' });
  assert.equal(r.layout?.guessed, false);
  assert.equal(r.channels?.length, 2);
  assert.equal(r.channels?.[0].failures, 0);
  assert.equal(r.channels?.[1].failures, 1);
  assert.deepEqual(r.channels?.[1].maxAbs.index, [0, 1, 1, 2]);
  assert.equal(r.spatial?.height, 2);
  assert.equal(r.spatial?.width, 3);
  assert.equal(r.spatial?.maxAbs[1 * 3 + 2], 0.5);
  assert.equal(r.spatial?.meanAbs[1 * 3 + 2], 0.25);
  assert.equal(r.spatial?.maxAbs[0], 0);
});

test('worst-k lists the largest differences in order with both values', () => {
  const b = f32([6], [0, 0, 0, 0, 0, 0]);
  const a = f32([6], [0.1, 0.5, 0.3, 0, 0.2, 0.4]);
  const r = diffTensors(a, b, { ...TOL, worstK: 3 });
  assert.deepEqual(
    r.worst.map((w) => w.flat),
    [1, 5, 2],
  );
  assert.equal(r.worst[0].a, a.data[1]);
});

test('a layout that does not fit the rank is refused with the fix', () => {
  assert.throws(
    () => diffTensors(f32([2, 2, 3], rand(12)), f32([2, 2, 3], rand(12)), { ...TOL, layout: 'NHWC' }),
    (e: unknown) => e instanceof TensorFileError && /needs a 4-D tensor.*the layout HWC/.test(e.message),
  );
});

test('tensors above the size limit are refused with the limit named', () => {
  const a = f32([1000], rand(1000));
  assert.throws(
    () => diffTensors(a, a, { ...TOL, maxBytes: 1024 }),
    (e: unknown) => e instanceof TensorFileError && /above the 1 KiB limit/.test(e.message) && /slice/.test(e.message),
  );
});
