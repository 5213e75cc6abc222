// What the tensor viewer shows, computed on the extension host: statistics and a histogram over every value (in
// chunks that yield to the event loop), and only the displayed part of a slice (strided when large). Pure: no vscode.

import type { NdArray } from '../../core/tensor/types';
import { cStrides, float16BitsToFloat32, numel } from '../../core/tensor/ndarray';
import {
  MAX_CELLS_PER_REQUEST,
  type TensorCellsView,
  type TensorSliceRequest,
  type TensorSliceView,
  type TensorStatsView,
  type TensorVectorView,
} from '../../protocol';
import { checkSliceRequest } from '../../protocol/axes';
import * as l10n from '../l10n';

/** Largest side of a displayed slice image; larger planes are sampled with a stride. */
export const MAX_SLICE_SIDE = 512;
/** Number of histogram bins. */
export const HISTOGRAM_BINS = 64;
/** How many leading values of a vector are listed. */
export const VECTOR_LIST = 4096;
/** Buckets of a vector's line plot envelope. */
export const VECTOR_BUCKETS = 1024;
const CHUNK = 1 << 16;
const YIELD_EVERY = 1 << 22;

let f16Table: Float32Array | undefined;

/** Values of any dtype as numbers: returns a reader filling `out` with values [start, start + out.length). */
export function chunkReader(arr: NdArray): (start: number, out: Float64Array, n: number) => void {
  const d = arr.data;
  if (arr.dtype === 'float16') {
    const bits = d as Uint16Array;
    f16Table ??= Float32Array.from({ length: 65536 }, (_, i) => float16BitsToFloat32(i));
    const t = f16Table;
    return (start, out, n) => {
      for (let i = 0; i < n; i++) out[i] = t[bits[start + i]];
    };
  }
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    return (start, out, n) => {
      for (let i = 0; i < n; i++) out[i] = Number(d[start + i]);
    };
  }
  const nums = d as Exclude<typeof d, BigInt64Array | BigUint64Array>;
  return (start, out, n) => {
    for (let i = 0; i < n; i++) out[i] = nums[start + i];
  };
}

/** One value at a flat index, any dtype. */
export function valueReader(arr: NdArray): (flat: number) => number {
  const d = arr.data;
  if (arr.dtype === 'float16') return (i) => float16BitsToFloat32((d as Uint16Array)[i]);
  if (d instanceof BigInt64Array || d instanceof BigUint64Array) return (i) => Number(d[i]);
  const nums = d as Exclude<typeof d, BigInt64Array | BigUint64Array>;
  return (i) => nums[i];
}

/** Thrown when a computation was cancelled (the viewer closed or asked for something else). */
export class PreviewCancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'AbortError';
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type NumArray = Exclude<NdArray['data'], BigInt64Array | BigUint64Array>;

interface Acc {
  finite: number;
  nan: number;
  posInf: number;
  negInf: number;
  zeros: number;
  min: number;
  max: number;
  shift: number;
  s1: number;
  s2: number;
}

/** One loop over [from, to): counts, range, and sums of (v - shift) and its square (shifted sums keep the variance accurate). */
function accumulate(d: ArrayLike<number>, from: number, to: number, a: Acc): void {
  let { finite, zeros, min, max, s1, s2 } = a;
  let shift = a.shift;
  for (let i = from; i < to; i++) {
    const v = d[i];
    if (v - v === 0) {
      if (finite === 0) shift = v;
      finite++;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v === 0) zeros++;
      const e = v - shift;
      s1 += e;
      s2 += e * e;
    } else if (v !== v) a.nan++;
    else if (v > 0) a.posInf++;
    else a.negInf++;
  }
  Object.assign(a, { finite, zeros, min, max, shift, s1, s2 });
}

function binInto(d: ArrayLike<number>, from: number, to: number, min: number, scale: number, counts: Float64Array): void {
  const last = counts.length - 1;
  for (let i = from; i < to; i++) {
    const v = d[i];
    if (v - v !== 0) continue;
    const b = Math.floor((v - min) * scale);
    counts[b > last ? last : b]++;
  }
}

/** Statistics over every value and a linear histogram of the finite ones; yields to the event loop every few million values. */
export async function computeStats(
  arr: NdArray,
  signal?: AbortSignal,
): Promise<{ stats: TensorStatsView; histogram: { lo: number; hi: number; counts: number[] } }> {
  const n = numel(arr.shape);
  const d = arr.data;
  // float32/float64/integer data is read in place; float16 and 64-bit integers go through a float64 buffer.
  const direct = arr.dtype !== 'float16' && !(d instanceof BigInt64Array || d instanceof BigUint64Array);
  const read = chunkReader(arr);
  const buf = direct ? undefined : new Float64Array(CHUNK);
  const each = async (fn: (src: ArrayLike<number>, from: number, to: number) => void): Promise<void> => {
    const step = direct ? YIELD_EVERY : CHUNK;
    for (let start = 0; start < n; start += step) {
      const m = Math.min(step, n - start);
      if (buf) {
        read(start, buf, m);
        fn(buf, 0, m);
      } else fn(d as NumArray, start, start + m);
      if ((start + step) % YIELD_EVERY === 0) {
        await tick();
        if (signal?.aborted) throw new PreviewCancelled();
      }
    }
  };
  const a: Acc = { finite: 0, nan: 0, posInf: 0, negInf: 0, zeros: 0, min: Infinity, max: -Infinity, shift: 0, s1: 0, s2: 0 };
  await each((src, from, to) => accumulate(src, from, to, a));
  const f = a.finite;
  const meanShifted = f > 0 ? a.s1 / f : 0;
  const stats: TensorStatsView = {
    count: n,
    finite: f,
    nan: a.nan,
    posInf: a.posInf,
    negInf: a.negInf,
    zeros: a.zeros,
    min: f > 0 ? a.min : NaN,
    max: f > 0 ? a.max : NaN,
    mean: f > 0 ? a.shift + meanShifted : NaN,
    std: f > 0 ? Math.sqrt(Math.max(0, a.s2 / f - meanShifted * meanShifted)) : NaN,
  };
  const counts = new Float64Array(f > 0 ? HISTOGRAM_BINS : 0);
  if (f > 0) {
    const span = a.max - a.min;
    const scale = span > 0 ? HISTOGRAM_BINS / span : 0;
    await each((src, from, to) => binInto(src, from, to, a.min, scale, counts));
  }
  return { stats, histogram: { lo: f > 0 ? a.min : 0, hi: f > 0 ? a.max : 0, counts: Array.from(counts) } };
}

/** The displayed plane of `req`: every value when it fits in MAX_SLICE_SIDE², else a strided sample. Throws on a bad request. */
export function computeSlice(arr: NdArray, req: TensorSliceRequest, maxSide = MAX_SLICE_SIDE): TensorSliceView {
  const shape = arr.shape;
  const problem = checkSliceRequest(req, shape);
  if (problem) throw new Error(l10n.t('The viewer asked for a slice that does not fit shape [{0}]: {1}.', shape.join(', '), problem));
  const strides = cStrides(shape);
  const srcHeight = shape[req.rowAxis];
  const srcWidth = shape[req.colAxis];
  const strideY = Math.max(1, Math.ceil(srcHeight / maxSide));
  const strideX = Math.max(1, Math.ceil(srcWidth / maxSide));
  const height = Math.ceil(srcHeight / strideY);
  const width = Math.ceil(srcWidth / strideX);
  const channels = req.rgbAxis >= 0 ? shape[req.rgbAxis] : 1;
  let base = 0;
  shape.forEach((_, k) => {
    if (k !== req.rowAxis && k !== req.colAxis && k !== req.rgbAxis) base += req.fixed[k] * strides[k];
  });
  const sy = strides[req.rowAxis] * strideY;
  const sx = strides[req.colAxis] * strideX;
  const sc = req.rgbAxis >= 0 ? strides[req.rgbAxis] : 0;
  const get = valueReader(arr);
  const out = new Float32Array(height * width * channels);
  let min = Infinity,
    max = -Infinity,
    o = 0;
  for (let y = 0; y < height; y++) {
    const row = base + y * sy;
    for (let x = 0; x < width; x++) {
      const px = row + x * sx;
      for (let c = 0; c < channels; c++) {
        const v = get(px + c * sc);
        out[o++] = v;
        if (v - v === 0) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
    }
  }
  const found = min <= max;
  return {
    request: { ...req, fixed: [...req.fixed] },
    srcHeight,
    srcWidth,
    height,
    width,
    strideY,
    strideX,
    channels,
    values: out.buffer,
    min: found ? min : NaN,
    max: found ? max : NaN,
  };
}

/**
 * Exact values of a block of a plane for the value grid (no striding): rows × cols (× channels) from (row0, col0),
 * clipped to the plane. Throws on a request that does not fit the shape.
 */
export function computeCells(arr: NdArray, req: TensorSliceRequest, row0: number, col0: number, rows: number, cols: number): TensorCellsView {
  const shape = arr.shape;
  const problem = checkSliceRequest(req, shape);
  if (problem) throw new Error(l10n.t('The viewer asked for values that do not fit shape [{0}]: {1}.', shape.join(', '), problem));
  if (rows * cols > MAX_CELLS_PER_REQUEST)
    throw new Error(l10n.t('The viewer asked for {0} values at once; at most {1} are sent per request.', rows * cols, MAX_CELLS_PER_REQUEST));
  const H = shape[req.rowAxis];
  const W = shape[req.colAxis];
  const r0 = Math.min(row0, H);
  const c0 = Math.min(col0, W);
  const nr = Math.max(0, Math.min(rows, H - r0));
  const nc = Math.max(0, Math.min(cols, W - c0));
  const channels = req.rgbAxis >= 0 ? shape[req.rgbAxis] : 1;
  const strides = cStrides(shape);
  let base = 0;
  shape.forEach((_, k) => {
    if (k !== req.rowAxis && k !== req.colAxis && k !== req.rgbAxis) base += req.fixed[k] * strides[k];
  });
  const sy = strides[req.rowAxis];
  const sx = strides[req.colAxis];
  const sc = req.rgbAxis >= 0 ? strides[req.rgbAxis] : 0;
  const get = valueReader(arr);
  const out = new Float32Array(nr * nc * channels);
  let o = 0;
  for (let y = 0; y < nr; y++) {
    const row = base + (r0 + y) * sy;
    for (let x = 0; x < nc; x++) {
      const px = row + (c0 + x) * sx;
      for (let c = 0; c < channels; c++) out[o++] = get(px + c * sc);
    }
  }
  return { request: { ...req, fixed: [...req.fixed] }, row0: r0, col0: c0, rows: nr, cols: nc, channels, values: out.buffer };
}

/** A rank-0 or rank-1 tensor as a list of its first values plus a min/max envelope for a line plot. */
export function computeVector(arr: NdArray, member: string): TensorVectorView {
  const n = numel(arr.shape);
  const get = valueReader(arr);
  const listed = new Float64Array(Math.min(n, VECTOR_LIST));
  for (let i = 0; i < listed.length; i++) listed[i] = get(i);
  const buckets = Math.min(n, VECTOR_BUCKETS);
  const mins = new Float64Array(buckets).fill(NaN);
  const maxs = new Float64Array(buckets).fill(NaN);
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.max(from + 1, Math.floor(((b + 1) * n) / buckets));
    let lo = Infinity,
      hi = -Infinity;
    for (let i = from; i < to; i++) {
      const v = get(i);
      if (v - v === 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (lo <= hi) {
      mins[b] = lo;
      maxs[b] = hi;
    }
  }
  return { member, length: n, values: listed.buffer, mins: mins.buffer, maxs: maxs.buffer, buckets };
}
