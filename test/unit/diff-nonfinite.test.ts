// NaN in a diff: the NaN positions are counted, the statistics are computed on the finite pairs, and the verdict and
// the text report say so (never a bare "cosine 1.0, SNR inf dB" next to NaN values).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffTensors } from '../../src/core/diff/diff';
import { renderDiffText } from '../../src/core/diff/format';
import type { NdArray } from '../../src/core/tensor/types';

function pair(): { a: NdArray; b: NdArray } {
  const n = 4 * 4 * 3;
  const b = Float32Array.from({ length: n }, (_, i) => (i % 17) / 17);
  const a = Float32Array.from(b);
  a[5] = NaN;
  b[5] = NaN; // NaN on both sides at the same place
  a[20] = NaN; // NaN only in the dump
  return { a: { dtype: 'float32', shape: [1, 4, 4, 3], data: a }, b: { dtype: 'float32', shape: [1, 4, 4, 3], data: b } };
}

test('NaN pairs fail, are counted, and the verdict says the statistics are on the finite pairs only', () => {
  const { a, b } = pair();
  const r = diffTensors(a, b, { atol: 1e-4, rtol: 1e-3, mode: 'allclose' });
  assert.equal(r.verdict.pass, false);
  assert.equal(r.verdict.failures, 2);
  assert.equal(r.nonFinite.a.nan, 2);
  assert.equal(r.nonFinite.b.nan, 1);
  assert.equal(r.finiteCount, 46);
  assert.match(r.verdict.message, /2 of 48 pairs hold NaN or infinity: .* computed on the 46 finite pairs only/);
  assert.match(r.verdict.message, /largest finite \|a-b\|/);
});

test('the text report labels cosine and SNR as finite-only when NaN is present', () => {
  const { a, b } = pair();
  const text = renderDiffText(diffTensors(a, b, { atol: 1e-4, rtol: 1e-3, mode: 'allclose' }));
  const line = text.split('\n').find((l) => /^(on the|cosine)/.test(l)) ?? '';
  assert.match(line, /^on the 46 finite pairs of 48 \(NaN\/Inf left out\): cosine 1\.0+ {3}SNR inf dB/);
});

test('without NaN the metrics line is unqualified', () => {
  const { b } = pair();
  const clean = Float32Array.from(b.data as Float32Array, (v) => (Number.isNaN(v) ? 0 : v));
  const t: NdArray = { dtype: 'float32', shape: [1, 4, 4, 3], data: clean };
  const text = renderDiffText(diffTensors(t, t, { atol: 1e-4, rtol: 1e-3, mode: 'allclose' }));
  assert.match(text, /^cosine 1\.0+/m);
  assert.doesNotMatch(text, /finite pairs/);
});
