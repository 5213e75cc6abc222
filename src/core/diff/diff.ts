// diffTensors: compare a dump with a reference, any dtypes, in float64, in two streaming passes.

import { NdArray, TensorFileError } from '../tensor/types';
import { fmtCount, formatShape, numel, reshape, toFloat32Array, toFloat64Array, transposeNd } from '../tensor/ndarray';
import { fmtBytes } from '../tensor/npy';
import { alignShapes, guessLayout, layoutDims, LayoutDims, unravelIndex } from './align';
import { runPass1 } from './kernel';
import { FloatData, KernelInput, Pass1, Pass2 } from './kernel-types';
import { runPass2 } from './pass2';
import type { RankPlan } from './radix';
import { combineQuantiles, planRanks, quantileRanks, resolveRanks } from './radix';
import type { Alignment, DiffOptions, DiffReport, ErrorStats, NonFiniteCensus, ToleranceToPass, Verdict, WorstElement } from './types';
import { channelStatsOf, errorStats, histogramFromCoarse, spatialOf, toPassOf, verdictOf, type Ctx } from './report-parts';

/** Largest tensor data diffTensors accepts by default: 2 GiB, the loader's cap. */
export const DIFF_MAX_BYTES = 2 * 1024 ** 3;

/** Float view of a tensor for the kernel: float32/float64 data as is, small types via float32, the rest via float64. */
export function toFloatData(arr: NdArray): FloatData {
  const d = arr.data;
  if (d instanceof Float32Array || d instanceof Float64Array) return d;
  switch (arr.dtype) {
    case 'float16':
    case 'bool':
    case 'int8':
    case 'uint8':
    case 'int16':
    case 'uint16':
      return toFloat32Array(arr);
    default:
      return toFloat64Array(arr);
  }
}

/** `a` rearranged to the reference's shape according to the alignment. */
export function alignTensor(a: NdArray, bShape: readonly number[], al: Alignment): NdArray {
  if (al.kind !== 'transpose' || !al.permutation) return a;
  if (a.shape.length === bShape.length) return transposeNd(a, al.permutation);
  const squeezed = reshape(
    a,
    a.shape.filter((d) => d !== 1),
  );
  return reshape(transposeNd(squeezed, al.permutation), bShape);
}

function aIndexMapper(a: NdArray, bShape: readonly number[], al: Alignment): (flat: number) => number[] {
  const perm = al.permutation;
  if (al.kind !== 'transpose' || !perm) return (flat) => unravelIndex(flat, a.shape);
  if (a.shape.length === bShape.length) {
    return (flat) => {
      const bi = unravelIndex(flat, bShape);
      const ai = new Array<number>(bi.length).fill(0);
      perm.forEach((p, k) => {
        ai[p] = bi[k];
      });
      return ai;
    };
  }
  const aBig: number[] = [];
  a.shape.forEach((d, i) => {
    if (d !== 1) aBig.push(i);
  });
  const bBig: number[] = [];
  bShape.forEach((d, i) => {
    if (d !== 1) bBig.push(i);
  });
  return (flat) => {
    const bi = unravelIndex(flat, bShape);
    const ai = new Array<number>(a.shape.length).fill(0);
    perm.forEach((p, k) => {
      ai[aBig[p]] = bi[bBig[k]];
    });
    return ai;
  };
}

function emptyCensus(): NonFiniteCensus {
  return { nan: 0, posInf: 0, negInf: 0, first: [] };
}

function checkSize(arr: NdArray, name: string, maxBytes: number): void {
  if (arr.data.byteLength > maxBytes) {
    throw new TensorFileError(
      `tensor ${name} holds ${fmtBytes(arr.data.byteLength)} of data, above the ${fmtBytes(maxBytes)} limit Tensor Parity compares; ` +
        'compare a slice instead (for example one batch item: np.save(f, arr[0:1])).',
    );
  }
}

/** A pass over the data that diffSteps asks its driver for: pass 1, or pass 2 with the means and rank plans. */
export type PassRequest = { pass: 1; inp: KernelInput } | { pass: 2; inp: KernelInput; meanAbs: number; meanRel: number; planAbs: RankPlan; planRel: RankPlan };

/** Compare `a` (the dump) against `b` (the reference): statistics, tolerance verdict, worst elements, channels, pixels. */
export function diffTensors(a: NdArray, b: NdArray, opts: DiffOptions): DiffReport {
  const steps = diffSteps(a, b, opts);
  let next = steps.next();
  while (!next.done) {
    const r = next.value;
    next = steps.next(r.pass === 1 ? runPass1(r.inp) : runPass2(r.inp, r.meanAbs, r.meanRel, r.planAbs, r.planRel));
  }
  return next.value;
}

/**
 * diffTensors as steps: yields each pass over the data for the caller to run (in this thread, or split over worker
 * threads: src/core/diff/parallel.ts) and returns the report.
 */
export function* diffSteps(a: NdArray, b: NdArray, opts: DiffOptions): Generator<PassRequest, DiffReport, Pass1 | Pass2> {
  const maxBytes = opts.maxBytes ?? DIFF_MAX_BYTES;
  checkSize(a, 'a', maxBytes);
  checkSize(b, 'b', maxBytes);
  const worstK = Math.max(0, Math.floor(opts.worstK ?? 10));
  const samples = Math.max(0, Math.floor(opts.nonFiniteSamples ?? 5));
  const alignment = alignShapes(a.shape, b.shape);
  const notes: string[] = [];
  const base = {
    a: { dtype: a.dtype, shape: [...a.shape] },
    b: { dtype: b.dtype, shape: [...b.shape] },
    ...(a.dtype !== b.dtype ? { dtypeMismatch: `dtypes differ: a is ${a.dtype}, b is ${b.dtype}; values are compared in float64` } : {}),
    alignment,
    tolerance: { atol: opts.atol, rtol: opts.rtol, mode: opts.mode },
  };
  const noPass: ToleranceToPass = { allclose: { atolAtRtol: null, rtolAtAtol: null }, both: { atolAtRtol: null, rtolAtAtol: null } };
  const empty = {
    ...base,
    count: 0,
    finiteCount: 0,
    toPass: noPass,
    histogram: [],
    cosine: NaN,
    snrDb: NaN,
    psnrDb: NaN,
    peak: NaN,
    rmse: NaN,
    nonFinite: { a: emptyCensus(), b: emptyCensus() },
    worst: [],
    notes,
  };
  if (alignment.kind === 'incompatible') {
    const v: Verdict = {
      pass: false,
      mode: opts.mode,
      failures: 0,
      failuresOtherMode: 0,
      failureFraction: 1,
      message: `FAIL: ${alignment.message}`,
    };
    return { ...empty, verdict: v };
  }
  const n = numel(b.shape);
  if (n === 0) {
    const none: ToleranceToPass = { allclose: { atolAtRtol: 0, rtolAtAtol: 0 }, both: { atolAtRtol: 0, rtolAtAtol: 0 } };
    notes.push(`both tensors are empty (shape ${formatShape(b.shape)}): there is nothing to compare.`);
    return { ...empty, toPass: none, verdict: verdictOf(undefined, 0, opts, none) };
  }
  let dims: LayoutDims | undefined;
  let layoutGuessed = false;
  if (opts.layout) {
    const d = layoutDims(b.shape, opts.layout);
    if (typeof d === 'string') throw new TensorFileError(d);
    dims = d;
  } else {
    const g = guessLayout(b.shape);
    if (g) {
      const d = layoutDims(b.shape, g);
      if (typeof d !== 'string') {
        dims = d;
        layoutGuessed = true;
      }
    }
  }
  const aligned = alignTensor(a, b.shape, alignment);
  const inp: KernelInput = {
    a: toFloatData(aligned),
    b: toFloatData(b),
    atol: opts.atol,
    rtol: opts.rtol,
    channels: dims ? dims.channels : 1,
    hw: dims ? dims.height * dims.width : 1,
    channelsLast: dims ? dims.channelsLast : true,
    worstK,
    nonFiniteSamples: samples,
    modeBoth: opts.mode === 'both',
  };
  const ctx: Ctx = { shape: [...b.shape], toA: aIndexMapper(a, b.shape, alignment) };
  const p1 = (yield { pass: 1, inp }) as Pass1;
  const toPass = toPassOf(p1);
  const census = (side: 'a' | 'b'): NonFiniteCensus => {
    const first = (side === 'a' ? p1.firstNonFiniteA : p1.firstNonFiniteB).map((f) => ({
      index: unravelIndex(f, ctx.shape),
      value: (side === 'a' ? inp.a : inp.b)[f],
    }));
    return side === 'a' ? { nan: p1.nanA, posInf: p1.posInfA, negInf: p1.negInfA, first } : { nan: p1.nanB, posInf: p1.posInfB, negInf: p1.negInfB, first };
  };
  let abs: ErrorStats | undefined;
  let rel: ErrorStats | undefined;
  if (p1.finite > 0) {
    const ranks = quantileRanks(p1.finite);
    const planAbs = planRanks(p1.coarseAbs, ranks);
    const planRel = planRanks(p1.coarseRel, ranks);
    const p2 = (yield { pass: 2, inp, meanAbs: p1.sumAbs / p1.finite, meanRel: p1.sumRel / p1.finite, planAbs, planRel }) as Pass2;
    abs = errorStats('abs', p1, p2.ssdAbs, combineQuantiles(p1.finite, resolveRanks(planAbs)), ctx);
    rel = errorStats('rel', p1, p2.ssdRel, combineQuantiles(p1.finite, resolveRanks(planRel)), ctx);
    notes.push('median and p99 are exact order statistics up to float32 rounding of each difference (relative error <= 6e-8), numpy interpolation rules.');
  } else {
    notes.push(`no statistics: all ${fmtCount(n)} pairs hold NaN or infinity.`);
  }
  if (p1.finite < n) notes.push(`${fmtCount(n - p1.finite)} pairs with NaN/Inf are left out of the statistics (they fail unless both are the same infinity).`);
  notes.push('relative error is |a-b|/|b| with b = 0 replaced by 2.22e-16 (as Polygraphy); histogram decade edges are exact to within 0.8%.');
  if (layoutGuessed && dims) notes.push(`layout ${dims.name} guessed from the shape ${formatShape(b.shape)}; pass a layout to override.`);
  const worst: WorstElement[] = [];
  const order = Array.from({ length: p1.heapSize }, (_, i) => i).sort((x, y) => p1.heapVal[y] - p1.heapVal[x] || p1.heapIdx[x] - p1.heapIdx[y]);
  for (const h of order) {
    const flat = p1.heapIdx[h];
    const av = inp.a[flat];
    const bv = inp.b[flat];
    const d = Math.abs(av - bv);
    const ab = Math.abs(bv);
    worst.push({
      index: unravelIndex(flat, ctx.shape),
      flat,
      aIndex: ctx.toA(flat),
      a: av,
      b: bv,
      abs: d,
      rel: d / (ab === 0 ? 2.220446049250313e-16 : ab),
    });
  }
  const fin = p1.finite;
  const rmse = fin > 0 ? Math.sqrt(p1.sse / fin) : NaN;
  let peak = p1.maxB - p1.minB;
  if (!(peak > 0)) peak = Math.max(Math.abs(p1.maxB), Math.abs(p1.minB));
  const cosine = p1.sxx === 0 && p1.syy === 0 ? 1 : p1.sxx === 0 || p1.syy === 0 ? 0 : p1.sxy / Math.sqrt(p1.sxx * p1.syy);
  const snrDb = p1.sse === 0 ? Infinity : 10 * Math.log10(p1.syy / p1.sse);
  const psnrDb = p1.sse === 0 ? Infinity : peak > 0 ? 10 * Math.log10((peak * peak) / (p1.sse / fin)) : -Infinity;
  return {
    ...base,
    ...(dims ? { layout: { name: dims.name, guessed: layoutGuessed } } : {}),
    count: n,
    finiteCount: fin,
    toPass,
    verdict: verdictOf(p1, n, opts, toPass, abs?.max),
    ...(abs ? { abs } : {}),
    ...(rel ? { rel } : {}),
    histogram: histogramFromCoarse(p1.coarseAbs),
    cosine,
    snrDb,
    psnrDb,
    peak: fin > 0 ? peak : NaN,
    rmse,
    nonFinite: { a: census('a'), b: census('b') },
    worst,
    ...(dims ? { channels: channelStatsOf(p1, ctx), spatial: spatialOf(p1, dims) } : {}),
    notes,
  };
}
