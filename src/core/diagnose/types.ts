// Types of the discrepancy detective: hypotheses about why a dump differs from the reference, ranked.

import type { NdArray } from '../tensor/types';
import type { Spec, ToleranceMode } from '../spec/types';
import type { StageName } from '../preprocess/types';
import type { DiffLayout, DiffReport } from '../diff/types';

/** Stable identifiers of the causes the detective knows. */
export type CauseId =
  | 'channel-swap'
  | 'layout-nchw-nhwc'
  | 'hw-transpose'
  | 'scale-255'
  | 'scale-range'
  | 'affine-mean-std'
  | 'float64'
  | 'float16'
  | 'uint8-truncation'
  | 'uint8-rounding'
  | 'byte-order'
  | 'partial-fill'
  | 'resize-kernel'
  | 'wh-swap'
  | 'exif'
  | 'alpha'
  | 'batch-order'
  | 'model-differs'
  | 'numeric-noise'
  | 'non-finite'
  | 'signed-bytes'
  | 'resize-fit'
  | 'rotation'
  | 'flip'
  | 'local-difference'
  | 'jpeg-decoder';

/** Where the reference comes from: a tensor (optionally with the image and spec that made it), or an image and a spec. */
export type DiagnoseRef = { tensor: NdArray; image?: string; spec?: Spec } | { image: string; spec: Spec };

/** Options of diagnose(). */
export interface DiagnoseOptions {
  /** Tolerance for "within tolerance" (default: the spec's, else atol 1e-4, rtol 1e-3, allclose). */
  atol?: number;
  rtol?: number;
  mode?: ToleranceMode;
  /** Layout of the reference when no spec says it (guessed from the shape otherwise). */
  layout?: DiffLayout;
  /** For output tensors: the inputs each side fed to its model; equal inputs + different outputs → the model/runtime differs. */
  inputs?: { dump: NdArray; ref: NdArray };
  /** Model fingerprints (e.g. sha256 of the weights) of each side, when known. */
  fingerprints?: { dump?: string; ref?: string };
  /** Largest image to decode (default: the spec's limits.maxPixels). */
  maxPixels?: number;
  /** The diff report of the same dump and reference, when the caller already has it (saves computing it again). */
  baselineReport?: DiffReport;
  /** Skip re-running preprocessing with other resize kernels (faster; default false). */
  skipResizeSearch?: boolean;
}

/** A suggested change to tensorparity.json, for when the dump is right and the spec is wrong. */
export interface SpecChange {
  /** JSON path, e.g. "input.colorOrder". */
  path: string;
  value: unknown;
}

/** One cause the evidence supports (or a tested hypothesis that it does not). */
export interface Cause {
  id: CauseId;
  title: string;
  /** Fraction of the baseline error this cause (alone, or with `combinedWith`) removes: 1 - errorAfter / errorBefore. */
  explained: number;
  /** Mean absolute error (each element capped, NaN counted at the cap) before and after undoing the cause. */
  errorBefore: number;
  errorAfter: number;
  /** Largest finite absolute error before and after. */
  maxBefore: number;
  maxAfter: number;
  /** Plain-language evidence with the numbers. */
  evidence: string;
  /** The code change it implies (C++/Java/OpenCV/Python words). */
  fix: string;
  /** The tensorparity.json change, when the dump is right and the spec is wrong. */
  specChange?: SpecChange;
  /** The preprocessing stage where the pipelines part ways. */
  stage?: StageName | 'model';
  /** Other causes that together with this one explain the error (a combined cause). */
  combinedWith?: CauseId[];
  /** Numbers behind the evidence (fitted parameters, permutation, kernel, ...). */
  details?: Record<string, unknown>;
}

/** A hypothesis that was tested, with how much it explained. */
export interface TestedHypothesis {
  id: CauseId;
  variant: string;
  explained: number;
  errorAfter: number;
  maxAfter: number;
}

/** Which preprocessing stage the dump matches, and where it first diverges. */
export interface StageTrace {
  perStage: { name: StageName; description: string; comparable: boolean; maxAbs?: number; meanAbs?: number; matches: boolean }[];
  /** The latest stage the dump equals within tolerance, if any. */
  matched?: StageName;
  /** The first stage where the dump's pipeline and the reference's part ways. */
  firstDivergent?: StageName | 'model';
  /** How firstDivergent was decided. */
  basis: 'stage-match' | 'top-cause' | 'none';
  message: string;
}

/** Overall answer. */
export type DiagnosisStatus = 'identical' | 'numeric-noise' | 'within-tolerance' | 'explained' | 'partially-explained' | 'unexplained' | 'incomparable';

/** Where a difference sits: how many pixels, their bounding box and channels (reference frame, 0-based, inclusive). */
export interface DifferenceLocation {
  /** Pixels (batch × height × width positions) with at least one value outside tolerance. */
  pixels: number;
  /** Share of all pixels, 0–1. */
  share: number;
  /** Bounding box of those pixels, when the reference has a known layout. */
  box?: { top: number; left: number; bottom: number; right: number };
  /** Channels that differ somewhere (all when the layout is unknown). */
  channels?: number[];
  /** Largest finite error there. */
  maxAbs: number;
}

/** Evidence diagnose() did not have and that would let it test more causes. */
export type MissingEvidence = 'image-and-spec' | 'model-inputs';

/** What diagnose() found. */
export interface Diagnosis {
  status: DiagnosisStatus;
  /** One or two sentences for the top of a report. */
  summary: string;
  /** Supported causes, best first (empty for identical/noise/within-tolerance unless a dtype signature is certain). */
  causes: Cause[];
  /** Every hypothesis tested, best first. */
  tested: TestedHypothesis[];
  /** The dump against the reference as the model would see them (flat, same order). */
  baseline: { meanAbs: number; maxAbs: number; within: boolean; report?: DiffReport };
  /** The best combination found, when two causes together explain more than either alone. */
  combined?: { ids: CauseId[]; explained: number; maxAfter: number };
  stages?: StageTrace;
  /** Where the difference left after undoing the causes (or the whole difference, when none fits) sits. */
  remaining?: DifferenceLocation;
  /** Evidence that was not given and would let more causes be tested (the CLI and the panel say how to give it). */
  missing: MissingEvidence[];
  reference: { shape: number[]; dtype: string; layout?: DiffLayout; source: 'tensor' | 'image' };
  dump: { shape: number[]; dtype: string };
  notes: string[];
}
