// A hypothesis: either a transform that undoes a bug on the dump side, or the reference another pipeline would make.

import type { CauseId } from './types';

/** Result of undoing a cause on the dump. */
export interface Applied {
  values: Float64Array;
  details?: Record<string, unknown>;
}

/** One testable hypothesis (one variant of one cause). */
export interface Hypothesis {
  id: CauseId;
  /** Which variant, in words ("NCHW → NHWC", "x / 255", "cv2 area"). */
  variant: string;
  /** Composition order when two dump-side transforms are combined: lower runs first. */
  order: number;
  /** True when it reorders elements (cannot be combined with partial-fill, which works on buffer prefixes). */
  permutes?: boolean;
  /** True when the reordering stays inside each pixel (channel order in a channels-last buffer), so a written prefix stays a prefix. */
  withinPixel?: boolean;
  /** Dump-side: the dump with the cause undone, fitted against `target` when needed; undefined when not applicable. */
  apply?: (x: Float64Array, target: Float64Array) => Applied | undefined;
  /** True when `apply` depends on the target (a fit); otherwise its result on the dump is computed once per search. */
  fitted?: boolean;
  /** Optional fused fit + measure for fitted transforms, used when it is the last step (same result as apply + measure). */
  fitMeasure?: (x: Float64Array, target: Float64Array, cap: number) => { m: { mean: number; max: number }; details?: Record<string, unknown> } | undefined;
  /** Reference-side: what the dump's pipeline would produce (compare the dump with this). */
  altRef?: Float64Array;
  details?: Record<string, unknown>;
  /** Another cause this reference-side alternative includes (e.g. the resize of "tf.image.resize after TF's JPEG decoder"), named with it. */
  companion?: Hypothesis;
}

/** Lower is preferred when two explanations are equally good: specific, common bugs before generic fits. */
export const CAUSE_PRIORITY: Record<CauseId, number> = {
  'byte-order': 1,
  'layout-nchw-nhwc': 2,
  'hw-transpose': 3,
  'channel-swap': 4,
  'scale-255': 5,
  'scale-range': 6,
  float64: 7,
  float16: 8,
  'partial-fill': 9,
  'batch-order': 10,
  'wh-swap': 11,
  exif: 12,
  alpha: 13,
  'resize-fit': 13.5,
  'resize-kernel': 14,
  'uint8-truncation': 15,
  'uint8-rounding': 16,
  'non-finite': 17,
  'signed-bytes': 18,
  'affine-mean-std': 20,
  'model-differs': 30,
  'numeric-noise': 40,
  // A rotated or mirrored dump with the image at hand is EXIF's doing when EXIF explains it as well; a local patch is the last resort.
  rotation: 12.2,
  flip: 12.3,
  'local-difference': 19,
  // After the resize kernels: a decoder difference is a few pixel levels, a kernel difference usually more.
  'jpeg-decoder': 14.5,
};
