// Dump-side hypotheses about how the buffer was written: byte order, batch order, a partly filled buffer, NaN/Inf.

import { dtypeByteSize, toFloat64Array, typedArrayView } from '../tensor/ndarray';
import type { NdArray } from '../tensor/types';
import type { Frame } from './frame';
import type { Applied, Hypothesis } from './hypothesis';
/** Reverse the bytes of every element of the raw dump (big-endian data read as little-endian). */
export function byteSwapped(arr: NdArray): Float64Array | undefined {
  const size = dtypeByteSize(arr.dtype);
  if (size < 2) return undefined;
  const src = new Uint8Array(arr.data.buffer, arr.data.byteOffset, arr.data.byteLength);
  const buf = new ArrayBuffer(src.length);
  const dst = new Uint8Array(buf);
  for (let i = 0; i < src.length; i += size) {
    for (let k = 0; k < size; k++) dst[i + k] = src[i + size - 1 - k];
  }
  const data = typedArrayView(arr.dtype, buf, 0, arr.data.length);
  return toFloat64Array({ dtype: arr.dtype, shape: arr.shape, data });
}

/** Fraction of values that look like plausible data for this reference: finite, inside its range widened by its width, not denormal dust. */
function plausibleFraction(v: Float64Array, f: Frame, lo: number, hi: number): number {
  const pad = Math.max(f.refRange, 1e-6);
  let ok = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    const a = Math.abs(x);
    if (x >= lo - pad && x <= hi + pad && !(a > 0 && a < 1e-30)) ok++;
  }
  return v.length > 0 ? ok / v.length : 0;
}

/**
 * Fraction of values that look like numbers any preprocessing could produce, whatever its normalization: finite, not
 * denormal dust, and within 300× the reference's magnitude (so 0–255 pixels or ImageNet-normalized values against a
 * [0, 1] reference still count, while byte-swapped floats, which scatter over 1e-38…1e38, do not).
 */
function looseFraction(v: Float64Array, bound: number): number {
  let ok = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a <= bound && !(a > 0 && a < 1e-20)) ok++;
  }
  return v.length > 0 ? ok / v.length : 0;
}

/** Big-endian data read as little-endian (or the reverse): the dump looks like garbage and its bytes reversed look like data. */
export function byteOrderHypothesis(f: Frame): Hypothesis | undefined {
  if (dtypeByteSize(f.dumpRaw.dtype) < 2) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < f.n; i++) {
    const r = f.ref[i];
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  const bound = 300 * Math.max(1, Math.abs(lo), Math.abs(hi));
  // A dump that already looks like data in either sense is not byte-swapped: no need to swap it to find out.
  if (plausibleFraction(f.dump, f, lo, hi) > 0.9 && looseFraction(f.dump, bound) > 0.9) return undefined;
  const swapped = byteSwapped(f.dumpRaw);
  if (!swapped) return undefined;
  // Swapping only makes sense when the dump looks like garbage and the swapped bytes look like data: data in the
  // reference's range, or (when other causes such as mean/std or a missing /255 change the range too) numbers of a
  // plausible size while the dump as stored is mostly not.
  const inRange = plausibleFraction(swapped, f, lo, hi) >= 0.99 && plausibleFraction(f.dump, f, lo, hi) <= 0.9;
  const sized = looseFraction(swapped, bound) >= 0.99 && looseFraction(f.dump, bound) <= 0.9;
  if (!inRange && !sized) return undefined;
  return {
    id: 'byte-order',
    variant: `${f.dumpRaw.dtype} bytes reversed`,
    order: 0,
    apply: () => ({ values: swapped }),
  };
}

/** The batch permutation that best matches items of x to items of target (brute force up to 7 items, greedy above). */
function bestBatchOrder(x: Float64Array, t: Float64Array, items: number, cap: number): number[] {
  const size = x.length / items;
  const cost: number[][] = [];
  for (let i = 0; i < items; i++) {
    cost.push([]);
    for (let j = 0; j < items; j++) {
      let s = 0;
      for (let k = 0; k < size; k++) {
        const dd = Math.abs(x[i * size + k] - t[j * size + k]);
        s += dd <= cap ? dd : cap;
      }
      cost[i].push(s);
    }
  }
  if (items <= 7) {
    let best: number[] = [];
    let bestCost = Infinity;
    const perm: number[] = [];
    const used = new Array<boolean>(items).fill(false);
    const rec = (j: number, acc: number): void => {
      if (acc >= bestCost) return;
      if (j === items) {
        bestCost = acc;
        best = [...perm];
        return;
      }
      for (let i = 0; i < items; i++) {
        if (used[i]) continue;
        used[i] = true;
        perm.push(i);
        rec(j + 1, acc + cost[i][j]);
        perm.pop();
        used[i] = false;
      }
    };
    rec(0, 0);
    return best;
  }
  const used = new Array<boolean>(items).fill(false);
  return Array.from({ length: items }, (_, j) => {
    let bi = -1;
    for (let i = 0; i < items; i++) if (!used[i] && (bi < 0 || cost[i][j] < cost[bi][j])) bi = i;
    used[bi] = true;
    return bi;
  });
}

/** The batch items of the dump in another order than the reference's. */
export function batchOrderHypothesis(f: Frame): Hypothesis | undefined {
  const items = f.dims ? f.dims.batch : (f.refRaw.shape[0] ?? 1);
  if (items < 2 || f.n % items !== 0) return undefined;
  return {
    id: 'batch-order',
    variant: 'batch items reordered',
    order: 1,
    permutes: true,
    fitted: true,
    apply: (x, t) => {
      const perm = bestBatchOrder(x, t, items, f.cap);
      if (perm.every((p, j) => p === j)) return undefined;
      const size = x.length / items;
      const out = new Float64Array(x.length);
      perm.forEach((i, j) => out.set(x.subarray(i * size, (i + 1) * size), j * size));
      return { values: out, details: { order: perm } };
    },
  };
}

/** Detect a buffer filled only up to a prefix (e.g. a loop bounded by img.total() that ignores channels). */
export function partialFillHypothesis(f: Frame): Hypothesis {
  return {
    id: 'partial-fill',
    variant: 'only a prefix of the buffer written',
    order: 9,
    fitted: true,
    apply: (x, t) => detectPartialFill(x, t, f),
  };
}

function detectPartialFill(x: Float64Array, t: Float64Array, f: Frame): Applied | undefined {
  const n = x.length;
  const { atol, rtol } = f.tol;
  const loose = Math.max(atol, 1e-3 * f.refRange);
  const mis = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const d = Math.abs(x[i] - t[i]);
    mis[i + 1] = mis[i] + (d <= loose + rtol * Math.abs(t[i]) ? 0 : 1);
  }
  // The split that misclassifies fewest elements (prefix should match, tail should not): minimise 2·mis(l) − l.
  let L = -1;
  let bestCost = Infinity;
  for (let l = Math.ceil(0.05 * n); l <= Math.floor(0.95 * n); l++) {
    const cost = 2 * mis[l] - l;
    if (cost < bestCost) {
      bestCost = cost;
      L = l;
    }
  }
  if (L < 0 || mis[L] > 0.01 * L || mis[n] - mis[L] < 0.6 * (n - L)) return undefined;
  // the tail: zeros, one constant, or garbage
  let zeros = 0;
  let constant = true;
  for (let i = L; i < n; i++) {
    if (x[i] === 0) zeros++;
    if (x[i] !== x[L]) constant = false;
  }
  const tailMismatch = (mis[n] - mis[L]) / (n - L);
  const fraction = L / n;
  const simple = [1 / 4, 1 / 3, 1 / 2, 2 / 3, 3 / 4].some((q) => Math.abs(fraction - q) <= 0.005);
  // A garbage tail only counts when the written part is a simple fraction of the buffer (1/C of it, typically).
  // Zeros up to a stray value or two: the last pixel straddles the end of the write (H×W values is not whole pixels).
  const zeroTail = zeros >= n - L - Math.max(2, 0.001 * (n - L));
  if (!zeroTail && !constant && !(simple && tailMismatch >= 0.95)) return undefined;
  const tail = zeroTail ? 'zeros' : constant ? `the constant ${x[L]}` : 'values that match nothing (uninitialised memory)';
  const out = Float64Array.from(x);
  out.set(t.subarray(L), L);
  return { values: out, details: { written: L, total: n, fraction: L / n, tail } };
}

/** NaN/Inf in the dump where the reference is finite (a few bad values on top of an otherwise right or explainable dump). */
export function nonFiniteHypothesis(f: Frame): Hypothesis | undefined {
  let count = 0;
  let nan = 0;
  const first: number[] = [];
  for (let i = 0; i < f.n; i++) {
    if (!Number.isFinite(f.dump[i]) && Number.isFinite(f.ref[i])) {
      count++;
      if (Number.isNaN(f.dump[i])) nan++;
      if (first.length < 3) first.push(i);
    }
  }
  // All or most values non-finite is not "a few bad values": nothing to compare then.
  if (count === 0 || count > 0.5 * f.n) return undefined;
  const kinds = nan === count ? 'NaN' : nan === 0 ? 'infinite' : 'NaN or infinite';
  const details = { count, first, kinds };
  return {
    id: 'non-finite',
    variant: `${count} ${kinds} values set aside`,
    order: 8,
    fitted: true,
    details,
    apply: (x, t) => {
      const out = Float64Array.from(x);
      // Positions come from the dump as stored; when composed after a permutation, use the current values instead.
      for (let i = 0; i < out.length; i++) if (!Number.isFinite(out[i]) && Number.isFinite(t[i])) out[i] = t[i];
      return { values: out, details };
    },
  };
}
