// Before inference on a tensor file: warn when the input cannot be what the spec's preprocessing makes — NaN/Inf
// values, or values outside the range the spec's scale/mean/std give (raw bytes read as float32, a missing / 255).

import { toFloat64Array } from '../tensor/ndarray';
import type { NdArray } from '../tensor/types';
import type { InputSpec } from '../spec/types';
import { num } from './frame';

const FLOAT = new Set(['float16', 'float32', 'float64']);

/** The range of values the spec's normalization gives for 0–255 pixels, over all channels. */
export function expectedInputRange(input: Pick<InputSpec, 'scale' | 'mean' | 'std'>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  const n = Math.max(1, input.mean.length, input.std.length);
  for (let c = 0; c < n; c++) {
    const m = input.mean[c] ?? input.mean[0] ?? 0;
    const s = input.std[c] ?? input.std[0] ?? 1;
    for (const p of [0, 255]) {
      const v = (p * input.scale - m) / s;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return [lo, hi];
}

/** Warnings (empty when the tensor looks like the spec's model input) naming `file` and what to check. */
export function inputWarnings(t: NdArray, input: Pick<InputSpec, 'scale' | 'mean' | 'std'>, file: string): string[] {
  const out: string[] = [];
  const v = toFloat64Array(t);
  let nan = 0;
  let inf = 0;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i])) nan++;
    else if (!Number.isFinite(v[i])) inf++;
  }
  if (nan + inf > 0) {
    out.push(
      `${file}: ${nan > 0 ? `${nan} NaN` : ''}${nan > 0 && inf > 0 ? ' and ' : ''}${inf > 0 ? `${inf} infinite` : ''} value${nan + inf === 1 ? '' : 's'} ` +
        `of ${v.length} in the model input: the model will carry them into its output. Find what wrote them (a division by a zero std, ` +
        'memory never written) before trusting the result.',
    );
  }
  if (!FLOAT.has(t.dtype) || v.length === 0) return out;
  const [lo, hi] = expectedInputRange(input);
  const pad = 0.01 * (hi - lo) + 1e-6;
  let outside = 0;
  let min = Infinity;
  let max = -Infinity;
  let dust = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (!Number.isFinite(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
    if (x < lo - pad || x > hi + pad) outside++;
    const a = Math.abs(x);
    if ((a > 0 && a < 1e-30) || a > 1e30) dust++;
  }
  if (outside > 0.005 * v.length) {
    const why =
      dust > 0.05 * v.length
        ? 'Many values are denormal or astronomically large: these look like raw bytes (uint8 pixels, or big-endian floats) read as float32.'
        : max > 2 * hi && hi <= 1.5 && max <= 255.5
          ? 'The values reach 255: the division by 255 (input.scale) seems to be missing.'
          : "The normalization differs from the spec's (input.scale, input.mean, input.std).";
    out.push(
      `${file}: ${outside} of ${v.length} values (${num((100 * outside) / v.length)}%) lie outside [${num(lo)}, ${num(hi)}], ` +
        `the range the spec's preprocessing gives (values from ${num(min)} to ${num(max)}). ${why} ` +
        'The output is unlikely to mean anything until the input is fixed; diagnose the tensor against a reference input to find out why.',
    );
  }
  return out;
}
