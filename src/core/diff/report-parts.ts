// The parts of a diff report built from the passes: histogram, error statistics, tolerance verdict, channels, pixels.

import { fmtCount } from '../tensor/ndarray';
import { LayoutDims, unravelIndex } from './align';
import { Pass1 } from './kernel-types';
import { bucketEdges, combineQuantiles } from './radix';
import type { ChannelStats, DiffOptions, ErrorStats, HistogramBin, SpatialMap, ToleranceToPass, Verdict } from './types';

/** A number for a verdict message: 4 significant digits, exponent form outside [1e-3, 1e5). */
export function fmt(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}

/** 10^k parsed from decimal text, so 1e-6 is exactly the double nearest 0.000001. */
export function pow10(k: number): number {
  return Number(`1e${k}`);
}

/** The decade histogram of |a-b| from pass 1's coarse (high-16-bit) buckets; at most 24 decades plus zero. */
export function histogramFromCoarse(coarse: Uint32Array): HistogramBin[] {
  const decades = new Map<number, number>();
  let zero = coarse[0];
  for (let bucket = 1; bucket < 65536; bucket++) {
    const c = coarse[bucket];
    if (c === 0) continue;
    const [lo] = bucketEdges(bucket);
    if (!Number.isFinite(lo)) {
      decades.set(39, (decades.get(39) ?? 0) + c);
      continue;
    }
    const k = Math.floor(Math.log10(lo) + 1e-12);
    decades.set(k, (decades.get(k) ?? 0) + c);
  }
  const bins: HistogramBin[] = [];
  if (zero > 0 || decades.size === 0) bins.push({ lo: 0, hi: 0, count: zero });
  zero = 0;
  if (decades.size === 0) return bins;
  const keys = [...decades.keys()];
  let kMin = Math.min(...keys);
  const kMax = Math.max(...keys);
  if (kMax - kMin > 23) {
    // Merge everything below the 24 highest decades into one bin.
    const floor = kMax - 23;
    let below = 0;
    for (const [k, c] of decades) if (k < floor) below += c;
    bins.push({ lo: pow10(kMin), hi: pow10(floor), count: below });
    kMin = floor;
  }
  for (let k = kMin; k <= kMax; k++) bins.push({ lo: pow10(k), hi: pow10(k + 1), count: decades.get(k) ?? 0 });
  return bins;
}

/** What turns a flat index into the reference index and the dump index. */
export interface Ctx {
  shape: number[];
  toA: (flat: number) => number[];
}

/** A value with its flat and multi-dimensional index. */
export function indexed(value: number, flat: number, ctx: Ctx): { value: number; index: number[]; flat: number } {
  return { value, flat, index: flat >= 0 ? unravelIndex(flat, ctx.shape) : [] };
}

/** Mean, std, extremes and quantiles of the absolute or relative error. */
export function errorStats(kind: 'abs' | 'rel', p: Pass1, ssd: number, q: ReturnType<typeof combineQuantiles>, ctx: Ctx): ErrorStats {
  const n = p.finite;
  const mean = (kind === 'abs' ? p.sumAbs : p.sumRel) / n;
  return {
    count: n,
    mean,
    std: Math.sqrt(ssd / n),
    min: indexed(kind === 'abs' ? p.minAbs : p.minRel, kind === 'abs' ? p.minAbsAt : p.minRelAt, ctx),
    max: indexed(kind === 'abs' ? p.maxAbs : p.maxRel, kind === 'abs' ? p.maxAbsAt : p.maxRelAt, ctx),
    median: indexed(q.median.value, q.median.flat, ctx),
    p99: indexed(q.p99.value, q.p99.flat, ctx),
  };
}

/** The smallest atol (at the given rtol) and rtol (at the given atol) that would pass, per tolerance semantics. */
export function toPassOf(p: Pass1): ToleranceToPass {
  if (p.nonFinitePairs > 0) return { allclose: { atolAtRtol: null, rtolAtAtol: null }, both: { atolAtRtol: null, rtolAtAtol: null } };
  // Nudged up by 1e-12 (relative) so that using the suggested tolerance passes despite rounding.
  const fin = (v: number): number | null => (Number.isFinite(v) ? (v > 0 ? v * (1 + 1e-12) : 0) : null);
  return {
    allclose: { atolAtRtol: fin(p.needAtolAllclose), rtolAtAtol: fin(p.needRtolAllclose) },
    both: { atolAtRtol: fin(p.needAtolBoth), rtolAtAtol: fin(p.needRtolBoth) },
  };
}

/** PASS/FAIL under the chosen tolerance semantics, with the message a user reads. */
export function verdictOf(p: Pass1 | undefined, n: number, opts: DiffOptions, toPass: ToleranceToPass, maxAbs?: { value: number; index: number[] }): Verdict {
  const mode = opts.mode;
  const failures = p ? (mode === 'both' ? p.failBoth : p.failAllclose) : 0;
  const other = p ? (mode === 'both' ? p.failAllclose : p.failBoth) : 0;
  const semantics =
    mode === 'both'
      ? `Polygraphy semantics: fail only where |a-b| > ${fmt(opts.atol)} AND rel > ${fmt(opts.rtol)}`
      : `numpy allclose: |a-b| <= ${fmt(opts.atol)} + ${fmt(opts.rtol)}·|b|`;
  const otherName = mode === 'both' ? 'numpy allclose' : "Polygraphy 'both'";
  const pass = failures === 0;
  const frac = n > 0 ? failures / n : 0;
  let message: string;
  if (n === 0) {
    message = 'PASS: nothing to compare, both tensors are empty.';
  } else if (pass) {
    message = `PASS: all ${fmtCount(n)} values within tolerance (${semantics})` + (maxAbs ? `; largest |a-b| is ${fmt(maxAbs.value)}.` : '.');
  } else {
    const tp = mode === 'both' ? toPass.both : toPass.allclose;
    const nonFinite = p ? p.nonFinitePairs : 0;
    message =
      `FAIL: ${fmtCount(failures)} of ${fmtCount(n)} values (${(frac * 100).toPrecision(3)}%) outside tolerance (${semantics})` +
      (maxAbs ? `; largest ${nonFinite > 0 ? 'finite ' : ''}|a-b| is ${fmt(maxAbs.value)} at [${maxAbs.index.join(', ')}].` : '.');
    if (tp.atolAtRtol !== null || tp.rtolAtAtol !== null) {
      message +=
        ` It would pass with atol >= ${tp.atolAtRtol === null ? 'none' : fmt(tp.atolAtRtol)} (at rtol ${fmt(opts.rtol)})` +
        ` or rtol >= ${tp.rtolAtAtol === null ? 'none (the reference is 0 where they differ)' : fmt(tp.rtolAtAtol)} (at atol ${fmt(opts.atol)}).`;
    } else if (p && p.nonFinitePairs > 0) {
      message += ` No tolerance passes: ${fmtCount(p.nonFinitePairs)} pair${p.nonFinitePairs === 1 ? '' : 's'} hold${p.nonFinitePairs === 1 ? 's' : ''} NaN or unequal infinities.`;
    }
    message += ` Under ${otherName} semantics: ${fmtCount(other)} failures.`;
  }
  const finite = p ? p.finite : n;
  if (n > 0 && finite < n) {
    message +=
      ` ${fmtCount(n - finite)} of ${fmtCount(n)} pairs hold NaN or infinity: they are counted above, and every statistic ` +
      `(max, cosine, SNR, PSNR, RMSE) is computed on the ${fmtCount(finite)} finite pairs only.`;
  }
  return { pass, mode, failures, failuresOtherMode: other, failureFraction: frac, message };
}

/** Per-channel error statistics. */
export function channelStatsOf(p: Pass1, ctx: Ctx): ChannelStats[] {
  const out: ChannelStats[] = [];
  const ch = p.ch;
  for (let c = 0; c < ch.count.length; c++) {
    const n = ch.count[c];
    out.push({
      channel: c,
      count: n,
      meanAbs: n > 0 ? ch.sumAbs[c] / n : NaN,
      rmse: n > 0 ? Math.sqrt(ch.sumSq[c] / n) : NaN,
      maxAbs: indexed(ch.max[c] < 0 ? NaN : ch.max[c], ch.maxAt[c], ctx),
      failures: ch.fail[c],
      meanA: n > 0 ? ch.sumA[c] / n : NaN,
      meanB: n > 0 ? ch.sumB[c] / n : NaN,
    });
  }
  return out;
}

/** Per-pixel max and mean |a-b| over the image plane. */
export function spatialOf(p: Pass1, dims: LayoutDims): SpatialMap {
  const hw = dims.height * dims.width;
  const meanAbs = new Float32Array(hw);
  for (let i = 0; i < hw; i++) meanAbs[i] = p.spCount[i] > 0 ? p.spSum[i] / p.spCount[i] : NaN;
  return { height: dims.height, width: dims.width, maxAbs: p.spMax, meanAbs };
}
