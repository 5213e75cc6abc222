// Types of the tensor diff engine: options and the report diffTensors returns.

import type { DType } from '../tensor/types';
import type { ToleranceMode } from '../spec/types';

/** Memory layouts the diff engine understands for per-channel and spatial statistics. */
export type DiffLayout = 'NHWC' | 'NCHW' | 'HWC' | 'CHW';

/** Options of diffTensors. `a` is the tensor under test (the dump), `b` the reference. */
export interface DiffOptions {
  atol: number;
  rtol: number;
  /** 'allclose': numpy, fail when |a-b| > atol + rtol*|b|. 'both': Polygraphy, fail only when abs > atol AND rel > rtol. */
  mode: ToleranceMode;
  /** Layout of the reference (after alignment); guessed from the shape when omitted. */
  layout?: DiffLayout;
  /** How many of the largest differences to list (default 10). */
  worstK?: number;
  /** How many NaN/Inf positions to list per tensor (default 5). */
  nonFiniteSamples?: number;
  /** Largest tensor data accepted in bytes (default 2 GiB). */
  maxBytes?: number;
}

/** How the two shapes were lined up before comparing. */
export interface Alignment {
  kind: 'same' | 'squeeze' | 'transpose' | 'reshape' | 'incompatible';
  /** Shape the values were compared in (the reference's shape), or undefined when incompatible. */
  comparedShape?: number[];
  /** For 'transpose': axes of `a` such that numpy.transpose(a, permutation) has the reference's shape. */
  permutation?: number[];
  /** Plain-language explanation, e.g. "a looks like NCHW and b like NHWC; compared after transposing a (0, 2, 3, 1)". */
  message: string;
}

/** A statistic together with where it occurs. */
export interface IndexedValue {
  value: number;
  /** N-D index in the compared (reference) shape. */
  index: number[];
  /** Flat C-order index in the compared shape. */
  flat: number;
}

/** Summary statistics of one error measure (absolute or relative difference) over the finite pairs. */
export interface ErrorStats {
  count: number;
  mean: number;
  std: number;
  min: IndexedValue;
  max: IndexedValue;
  /** numpy.median semantics (mean of the two middle order statistics when count is even). */
  median: IndexedValue;
  /** numpy.percentile(x, 99) semantics (linear interpolation); index is that of the lower order statistic. */
  p99: IndexedValue;
}

/** One bin of the log-scaled histogram of absolute error. */
export interface HistogramBin {
  /** Lower edge (0 for the exact-zero bin). */
  lo: number;
  /** Upper edge (exclusive); 0 for the exact-zero bin. */
  hi: number;
  count: number;
}

/** NaN/Inf census of one tensor. */
export interface NonFiniteCensus {
  nan: number;
  posInf: number;
  negInf: number;
  /** First few non-finite positions (N-D index in the compared shape). */
  first: { index: number[]; value: number }[];
}

/** One of the largest differences. */
export interface WorstElement {
  index: number[];
  flat: number;
  /** Index of the same element in `a`'s own shape (differs from `index` after a transpose). */
  aIndex: number[];
  a: number;
  b: number;
  abs: number;
  rel: number;
}

/** Statistics of one channel. */
export interface ChannelStats {
  channel: number;
  count: number;
  meanAbs: number;
  rmse: number;
  maxAbs: IndexedValue;
  failures: number;
  meanA: number;
  meanB: number;
}

/** Per-pixel error map (H×W, row-major) over batch and channels. */
export interface SpatialMap {
  height: number;
  width: number;
  /** Largest |a-b| at each pixel over batch items and channels. */
  maxAbs: Float32Array;
  /** Mean |a-b| at each pixel over batch items and channels (finite pairs only). */
  meanAbs: Float32Array;
}

/** The pass/fail answer for the chosen tolerance semantics. */
export interface Verdict {
  pass: boolean;
  mode: ToleranceMode;
  /** Elements outside tolerance under the chosen mode (NaN counts as a failure). */
  failures: number;
  /** The same count under the other mode, for comparison. */
  failuresOtherMode: number;
  failureFraction: number;
  message: string;
}

/** The tolerances that would make the comparison pass under each mode (null when none can: NaN or a zero reference). */
export interface ToleranceToPass {
  allclose: { atolAtRtol: number | null; rtolAtAtol: number | null };
  both: { atolAtRtol: number | null; rtolAtAtol: number | null };
}

/** Everything diffTensors found. Absolute error is |a-b|; relative error is |a-b| / |b| (b = 0 replaced by 2.22e-16, as Polygraphy). */
export interface DiffReport {
  a: { dtype: DType; shape: number[] };
  b: { dtype: DType; shape: number[] };
  /** Set when the dtypes differ (values are still compared, in float64). */
  dtypeMismatch?: string;
  alignment: Alignment;
  /** Layout used for channel/spatial statistics, and whether it was guessed from the shape. */
  layout?: { name: DiffLayout; guessed: boolean };
  /** Number of element pairs (0 when the shapes cannot be aligned). */
  count: number;
  /** Pairs where both values are finite (these make up every statistic). */
  finiteCount: number;
  tolerance: { atol: number; rtol: number; mode: ToleranceMode };
  verdict: Verdict;
  toPass: ToleranceToPass;
  abs?: ErrorStats;
  rel?: ErrorStats;
  histogram: HistogramBin[];
  /** Cosine similarity of a and b over finite pairs (1 when both are all zero). */
  cosine: number;
  /** 10·log10(Σb² / Σ(a-b)²) in dB; Infinity when identical. */
  snrDb: number;
  /** 10·log10(peak² / MSE) in dB, peak = max(b) - min(b) (the reference's value range); Infinity when identical. */
  psnrDb: number;
  peak: number;
  rmse: number;
  nonFinite: { a: NonFiniteCensus; b: NonFiniteCensus };
  worst: WorstElement[];
  channels?: ChannelStats[];
  spatial?: SpatialMap;
  /** Short notes on how the numbers were computed (quantile precision, exclusions). */
  notes: string[];
}
