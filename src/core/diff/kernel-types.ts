// The data types of the two diff passes (kernel.ts, pass2.ts).

/** Float data the kernel reads directly (other dtypes are converted first). */
export type FloatData = Float32Array | Float64Array;

/** Inputs of both passes. */
export interface KernelInput {
  a: FloatData;
  b: FloatData;
  atol: number;
  rtol: number;
  /** Channel count and pixels per image plane for channel/spatial statistics (1 and 1 when no layout). */
  channels: number;
  hw: number;
  channelsLast: boolean;
  worstK: number;
  nonFiniteSamples: number;
  /** Which tolerance semantics count per-channel failures. */
  modeBoth: boolean;
}

/** Everything pass 1 accumulates. */
export interface Pass1 {
  finite: number;
  sumAbs: number;
  sumRel: number;
  minAbs: number;
  minAbsAt: number;
  maxAbs: number;
  maxAbsAt: number;
  minRel: number;
  minRelAt: number;
  maxRel: number;
  maxRelAt: number;
  failAllclose: number;
  failBoth: number;
  /** Pairs with NaN or unequal infinities (they fail under both modes). */
  nonFinitePairs: number;
  needAtolAllclose: number;
  needRtolAllclose: number;
  needAtolBoth: number;
  needRtolBoth: number;
  sxy: number;
  sxx: number;
  syy: number;
  sse: number;
  minB: number;
  maxB: number;
  coarseAbs: Uint32Array;
  coarseRel: Uint32Array;
  nanA: number;
  posInfA: number;
  negInfA: number;
  nanB: number;
  posInfB: number;
  negInfB: number;
  firstNonFiniteA: number[];
  firstNonFiniteB: number[];
  /** Worst-k min-heap of absolute differences (value, flat index), size `heapSize`. */
  heapVal: Float64Array;
  heapIdx: Float64Array;
  heapSize: number;
  ch: {
    count: Float64Array;
    sumAbs: Float64Array;
    sumSq: Float64Array;
    max: Float64Array;
    maxAt: Float64Array;
    fail: Float64Array;
    sumA: Float64Array;
    sumB: Float64Array;
  };
  spMax: Float32Array;
  spSum: Float64Array;
  spCount: Float64Array;
}

/** Guards relative differences against a zero reference (Number.EPSILON). */
export const EPS = 2.220446049250313e-16;

/** What pass 2 adds: sums of squared deviations (for std) and the fine histograms (filled into the plans). */
export interface Pass2 {
  ssdAbs: number;
  ssdRel: number;
}
