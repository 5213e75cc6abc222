// The frame every hypothesis works in: flat reference values, the dump in the same flat order, and the error measure.

import type { LayoutDims } from '../diff/align';
import type { NdArray } from '../tensor/types';
import type { Spec, ToleranceMode } from '../spec/types';

/** Pixel normalization value = (pixel * scale - mean[c]) / std[c], from the spec or inferred from the reference's range. */
export interface Normalization {
  scale: number;
  mean: number[];
  std: number[];
  /** 'spec' when read from tensorparity.json, 'guessed' from an image-like value range, 'none' when the range is not image-like. */
  source: 'spec' | 'guessed' | 'none';
}

/** Everything the hypotheses share. */
export interface Frame {
  n: number;
  /** Layout of the reference (dims.batch × height × width × channels), when known. */
  dims: LayoutDims | undefined;
  ref: Float64Array;
  /** Dump values in its own flat order (what the model is fed), as float64. */
  dump: Float64Array;
  /** The dump as loaded (dtype and raw bits, for byte-order and dtype signatures). */
  dumpRaw: NdArray;
  refRaw: NdArray;
  /** Per-element error cap: garbage and NaN count as this much. */
  cap: number;
  tol: { atol: number; rtol: number; mode: ToleranceMode };
  norm: Normalization;
  spec: Spec | undefined;
  /** Reference value range (max - min). */
  refRange: number;
}

/** Mean capped error and largest finite error of a candidate against a target. */
export interface Measure {
  mean: number;
  max: number;
}

/** Measure how far `x` is from `target`: mean of min(|x-t|, cap) (NaN/Inf count as cap) and the largest finite |x-t|. */
export function measure(x: ArrayLike<number>, target: ArrayLike<number>, cap: number): Measure {
  const n = target.length;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(x[i] - target[i]);
    if (d <= cap) {
      sum += d;
      if (d > max) max = d;
    } else {
      sum += cap;
      if (d > max && d < Infinity) max = d;
    }
  }
  return { mean: n > 0 ? sum / n : 0, max };
}

/** True when every element of `x` is within tolerance of `target` (allclose or Polygraphy 'both' semantics). */
export function withinTolerance(x: ArrayLike<number>, target: ArrayLike<number>, tol: Frame['tol']): boolean {
  const { atol, rtol } = tol;
  const both = tol.mode === 'both';
  for (let i = 0; i < target.length; i++) {
    const d = Math.abs(x[i] - target[i]);
    const ay = Math.abs(target[i]);
    if (!(d <= atol + rtol * ay)) {
      if (!both || d !== d) return false;
      if (d > atol && d / (ay === 0 ? 2.220446049250313e-16 : ay) > rtol) return false;
    }
  }
  return true;
}

/** True when every difference is at float32 rounding level: within 8 float32 ulps of the larger magnitude. */
export function withinFloat32Noise(x: ArrayLike<number>, target: ArrayLike<number>): boolean {
  for (let i = 0; i < target.length; i++) {
    const a = x[i];
    const b = target[i];
    const d = Math.abs(a - b);
    if (!(d <= 8 * 2 ** -24 * Math.max(Math.abs(a), Math.abs(b)) + 1e-38)) return false;
  }
  return true;
}

const IMAGE_RANGES: { lo: number; hi: number; norm: Omit<Normalization, 'source'> }[] = [
  { lo: 0, hi: 1, norm: { scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1] } },
  { lo: -1, hi: 1, norm: { scale: 1 / 127.5, mean: [1, 1, 1], std: [1, 1, 1] } },
  { lo: 0, hi: 255, norm: { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] } },
];

/** The spec's normalization, or a guess from the reference's value range ([0,1] → /255, [-1,1] → /127.5-1, else 0–255). */
export function normalizationOf(spec: Spec | undefined, refMin: number, refMax: number, channels: number): Normalization {
  const fill = (v: number[]): number[] => Array.from({ length: channels }, (_, c) => v[c] ?? v[0] ?? 0);
  if (spec) {
    return { scale: spec.input.scale, mean: fill(spec.input.mean), std: fill(spec.input.std), source: 'spec' };
  }
  for (const r of IMAGE_RANGES) {
    if (refMin >= r.lo - 1e-6 && refMax <= r.hi + 1e-6) {
      return { scale: r.norm.scale, mean: fill(r.norm.mean), std: fill(r.norm.std), source: 'guessed' };
    }
  }
  return { scale: 1, mean: fill([0]), std: fill([1]), source: 'none' };
}

/** Channel index of flat element i in the reference frame (0 when no layout is known). */
export function channelOf(dims: LayoutDims | undefined, i: number): number {
  if (!dims) return 0;
  const hw = dims.height * dims.width;
  return dims.channelsLast ? i % dims.channels : Math.floor(i / hw) % dims.channels;
}

/** Compact number text for evidence sentences. */
export function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return '0.0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(3)));
  return v.toExponential(2);
}
