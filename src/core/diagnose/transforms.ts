// Dump-side hypotheses that need only tensors: layout, transposes, channel order, scale, affine, dtype; the buffer
// faults (byte order, batch order, partial fill, NaN/Inf) are in buffer-faults.ts.

import type { Frame } from './frame';
import type { Hypothesis } from './hypothesis';
import { batchOrderHypothesis, byteOrderHypothesis, nonFiniteHypothesis, partialFillHypothesis } from './buffer-faults';
import { geometryHypotheses } from './geometry';
import { localDifferenceHypothesis } from './residual';

/** Reinterpret the dump buffer as NCHW when the reference is NHWC (or the reverse), and reorder it into the reference frame. */
function layoutHypothesis(f: Frame): Hypothesis | undefined {
  const d = f.dims;
  if (!d || d.channels < 2 || d.height * d.width < 2) return undefined;
  const { batch: N, height: H, width: W, channels: C } = d;
  const toLast = d.channelsLast;
  return {
    id: 'layout-nchw-nhwc',
    variant: toLast ? 'NCHW → NHWC' : 'NHWC → NCHW',
    order: 1,
    permutes: true,
    apply: (x) => {
      const out = new Float64Array(x.length);
      const hw = H * W;
      for (let n = 0; n < N; n++) {
        for (let c = 0; c < C; c++) {
          for (let p = 0; p < hw; p++) {
            const planar = (n * C + c) * hw + p;
            const inter = (n * hw + p) * C + c;
            if (toLast) out[inter] = x[planar];
            else out[planar] = x[inter];
          }
        }
      }
      return { values: out };
    },
  };
}

/** Reinterpret the dump as W×H (rows and columns swapped) and transpose it back. */
function hwTransposeHypothesis(f: Frame): Hypothesis | undefined {
  const d = f.dims;
  if (!d || d.height < 2 || d.width < 2) return undefined;
  const { batch: N, height: H, width: W, channels: C } = d;
  const last = d.channelsLast;
  return {
    id: 'hw-transpose',
    variant: 'rows and columns swapped',
    order: 1,
    permutes: true,
    apply: (x) => {
      const out = new Float64Array(x.length);
      for (let n = 0; n < N; n++) {
        for (let h = 0; h < H; h++) {
          for (let w = 0; w < W; w++) {
            for (let c = 0; c < C; c++) {
              if (last) out[((n * H + h) * W + w) * C + c] = x[((n * W + w) * H + h) * C + c];
              else out[((n * C + c) * H + h) * W + w] = x[((n * C + c) * W + w) * H + h];
            }
          }
        }
      }
      return { values: out };
    },
  };
}

/** Swap channels 0 and 2 (BGR ↔ RGB, BGRA ↔ RGBA) in the reference frame. */
function channelSwapHypothesis(f: Frame): Hypothesis | undefined {
  const d = f.dims;
  if (!d || (d.channels !== 3 && d.channels !== 4)) return undefined;
  const { batch: N, height: H, width: W, channels: C } = d;
  const hw = H * W;
  return {
    id: 'channel-swap',
    variant: 'channels 0 and 2 swapped',
    order: 2,
    permutes: true,
    withinPixel: d.channelsLast,
    apply: (x) => {
      const out = Float64Array.from(x);
      for (let n = 0; n < N; n++) {
        for (let p = 0; p < hw; p++) {
          const i0 = d.channelsLast ? (n * hw + p) * C : n * C * hw + p;
          const i2 = d.channelsLast ? i0 + 2 : i0 + 2 * hw;
          out[i0] = x[i2];
          out[i2] = x[i0];
        }
      }
      return { values: out };
    },
  };
}

function elementwise(id: 'scale-255' | 'scale-range', variant: string, fn: (v: number) => number, details: Record<string, unknown>): Hypothesis {
  return {
    id,
    variant,
    order: 3,
    details,
    apply: (x) => {
      const out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = fn(x[i]);
      return { values: out, details };
    },
    fitMeasure: (x, t, cap) => ({ m: measureMapped(x, t, cap, fn), details }),
  };
}

/** measure(x.map(fn), t, cap) without materialising the mapped array. */
function measureMapped(x: Float64Array, t: Float64Array, cap: number, fn: (v: number) => number): { mean: number; max: number } {
  let sum = 0;
  let max = 0;
  for (let i = 0; i < t.length; i++) {
    const d = Math.abs(fn(x[i]) - t[i]);
    if (d <= cap) {
      sum += d;
      if (d > max) max = d;
    } else {
      sum += cap;
      if (d > max && d < Infinity) max = d;
    }
  }
  return { mean: t.length > 0 ? sum / t.length : 0, max };
}

/** Value-range hypotheses: /255 missing, /255 twice, [-1,1] vs [0,1], [-1,1] vs 0–255. */
function scaleHypotheses(): Hypothesis[] {
  return [
    elementwise('scale-255', 'dump is 255× the reference (/255 missing)', (v) => v / 255, { factor: 255 }),
    elementwise('scale-255', 'dump is the reference / 255 (divided twice)', (v) => v * 255, { factor: 1 / 255 }),
    elementwise('scale-range', 'dump in [-1, 1], reference in [0, 1]', (v) => (v + 1) / 2, { dumpRange: '[-1, 1]', refRange: '[0, 1]' }),
    elementwise('scale-range', 'dump in [0, 1], reference in [-1, 1]', (v) => v * 2 - 1, { dumpRange: '[0, 1]', refRange: '[-1, 1]' }),
    elementwise('scale-range', 'dump in 0–255, reference in [-1, 1]', (v) => v / 127.5 - 1, { dumpRange: '0–255', refRange: '[-1, 1]' }),
    elementwise('scale-range', 'dump in [-1, 1], reference in 0–255', (v) => (v + 1) * 127.5, { dumpRange: '[-1, 1]', refRange: '0–255' }),
  ];
}

/** Least-squares target ≈ a·x + b per channel; reports a and b per channel. */
/** Per-channel least-squares fit target ≈ a·x + b; `inner` elements in a row share a channel (1 for channels-last). */
function fitAffine(x: Float64Array, t: Float64Array, C: number, inner: number): { a: number[]; b: number[] } {
  const sx = new Float64Array(C),
    sy = new Float64Array(C),
    sxx = new Float64Array(C),
    sxy = new Float64Array(C),
    cnt = new Float64Array(C);
  let c = 0;
  let k = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v <= 1e15 && v >= -1e15) {
      const y = t[i];
      sx[c] += v;
      sy[c] += y;
      sxx[c] += v * v;
      sxy[c] += v * y;
      cnt[c]++;
    }
    if (++k === inner) {
      k = 0;
      if (++c === C) c = 0;
    }
  }
  const a = new Array<number>(C).fill(0);
  const b = new Array<number>(C).fill(0);
  for (let ch = 0; ch < C; ch++) {
    if (cnt[ch] === 0) continue;
    const mx = sx[ch] / cnt[ch];
    const my = sy[ch] / cnt[ch];
    const vx = sxx[ch] / cnt[ch] - mx * mx;
    const cxy = sxy[ch] / cnt[ch] - mx * my;
    a[ch] = vx > 1e-300 ? cxy / vx : 0;
    b[ch] = my - a[ch] * mx;
  }
  return { a, b };
}

function affineHypothesis(f: Frame): Hypothesis {
  const d = f.dims;
  const C = d ? d.channels : 1;
  // Channel of element i: (i / inner) % C, with inner = 1 for channels-last and H·W for channels-first.
  const inner = !d || d.channelsLast ? 1 : d.height * d.width;
  return {
    id: 'affine-mean-std',
    variant: 'per-channel a·x + b',
    order: 3,
    fitted: true,
    apply: (x, t) => {
      const { a, b } = fitAffine(x, t, C, inner);
      const out = new Float64Array(x.length);
      let c = 0;
      let k = 0;
      for (let i = 0; i < x.length; i++) {
        out[i] = a[c] * x[i] + b[c];
        if (++k === inner) {
          k = 0;
          if (++c === C) c = 0;
        }
      }
      return { values: out, details: { a, b } };
    },
    fitMeasure: (x, t, cap) => {
      const { a, b } = fitAffine(x, t, C, inner);
      let sum = 0;
      let max = 0;
      let c = 0;
      let k = 0;
      for (let i = 0; i < x.length; i++) {
        const dd = Math.abs(a[c] * x[i] + b[c] - t[i]);
        if (dd <= cap) {
          sum += dd;
          if (dd > max) max = dd;
        } else {
          sum += cap;
          if (dd > max && dd < Infinity) max = dd;
        }
        if (++k === inner) {
          k = 0;
          if (++c === C) c = 0;
        }
      }
      return { m: { mean: x.length > 0 ? sum / x.length : 0, max }, details: { a, b } };
    },
  };
}

/** A float64 dump rounded to float32: if that matches, the pipeline computed in double precision. */
function float64Hypothesis(f: Frame): Hypothesis | undefined {
  if (f.dumpRaw.dtype !== 'float64') return undefined;
  return {
    id: 'float64',
    variant: 'float64 values rounded to float32',
    order: 3,
    apply: (x) => {
      const out = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) out[i] = Math.fround(x[i]);
      return { values: out };
    },
    fitMeasure: (x, t, cap) => ({ m: measureMapped(x, t, cap, Math.fround) }),
  };
}

/** All tensor-only dump-side hypotheses applicable to the frame. */
export function tensorHypotheses(f: Frame): Hypothesis[] {
  const out: (Hypothesis | undefined)[] = [
    byteOrderHypothesis(f),
    layoutHypothesis(f),
    hwTransposeHypothesis(f),
    channelSwapHypothesis(f),
    batchOrderHypothesis(f),
    ...scaleHypotheses(),
    float64Hypothesis(f),
    affineHypothesis(f),
    partialFillHypothesis(f),
    nonFiniteHypothesis(f),
    ...geometryHypotheses(f),
    localDifferenceHypothesis(f),
  ];
  return out.filter((h): h is Hypothesis => h !== undefined);
}
