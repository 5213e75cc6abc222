// Turns a raw model output into what the spec says it means: a segmentation mask, top classes, or statistics.
import type { Layout, OutputSpec } from '../spec/types';
import { toFloat32Array } from '../tensor/ndarray';
import type { NdArray } from '../tensor/types';
import { ModelError } from './errors';

/** A per-pixel label map at the model's output resolution. */
export interface Segmentation {
  kind: 'segmentation';
  width: number;
  height: number;
  /** 2 for a single-channel (binary) output, else the channel count. */
  numClasses: number;
  /** Class index per pixel, row-major H×W. A single-channel output is labelled 1 where probability > threshold. */
  labels: Uint8Array;
  /** Activated output values in HWC order: H×W×C (C = 1 for a binary output: the foreground probability). */
  probabilities: Float32Array;
  /** Fraction of pixels labelled with each class; sums to 1. */
  classFractions: number[];
}

/** One class of a classification result. */
export interface ClassScore {
  index: number;
  label: string;
  probability: number;
}

/** The top-k classes, best first. */
export interface Classification {
  kind: 'classification';
  numClasses: number;
  topK: ClassScore[];
}

/** Summary statistics of an output with no further meaning. */
export interface RawStats {
  kind: 'raw';
  shape: number[];
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  nanCount: number;
  infCount: number;
}

/** What a model output means, per spec.output.kind. */
export type InferenceMeaning = Segmentation | Classification | RawStats;

/** Interprets a model output according to the spec; `layout` is the layout of image-shaped outputs. */
export function postprocess(output: NdArray, spec: OutputSpec, layout: Layout = 'NHWC'): InferenceMeaning {
  switch (spec.kind) {
    case 'segmentation':
      return segment(output, spec, layout);
    case 'classification':
      return classify(output, spec);
    case 'raw':
      return rawStats(output);
  }
}

/** Height, width, channels and element strides of an image-shaped output (batch item 0). */
export function imageGeometry(shape: readonly number[], layout: Layout): { h: number; w: number; c: number; sh: number; sw: number; sc: number } {
  let dims = [...shape];
  if (dims.length === 4)
    dims = dims.slice(1); // batch item 0
  else if (dims.length === 3 && dims[0] === 1 && dims[2] !== 1 && layout === 'NHWC') dims = dims.slice(1); // [1,H,W]
  if (dims.length === 2) return { h: dims[0], w: dims[1], c: 1, sh: dims[1], sw: 1, sc: 0 };
  if (dims.length !== 3) {
    throw new ModelError(
      `A segmentation output must be [H,W], [H,W,C] or [N,H,W,C] (or NCHW), but the model output is [${shape.join(',')}]. Set output.kind to "raw" in tensorparity.json, or pick another model.outputName.`,
    );
  }
  if (layout === 'NCHW') {
    const [c, h, w] = dims;
    return { h, w, c, sh: w, sw: 1, sc: h * w };
  }
  const [h, w, c] = dims;
  return { h, w, c, sh: w * c, sw: c, sc: 1 };
}

function segment(output: NdArray, spec: OutputSpec, layout: Layout): Segmentation {
  const { h, w, c, sh, sw, sc } = imageGeometry(output.shape, layout);
  if (c > 256) {
    throw new ModelError(
      `The model output [${output.shape.join(',')}] has ${c} channels, too many for a segmentation label map (at most 256). If it is not a segmentation, set output.kind to "raw" in tensorparity.json; if it is NCHW, set input.layout to "NCHW".`,
    );
  }
  const src = toFloat32Array(output);
  const n = h * w;
  const labels = new Uint8Array(n);
  const probabilities = new Float32Array(n * c);
  const numClasses = c === 1 ? 2 : c;
  const counts = new Array<number>(numClasses).fill(0);
  const px = new Float32Array(c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const base = y * sh + x * sw;
      for (let k = 0; k < c; k++) px[k] = src[base + k * sc];
      activate(px, spec.activation);
      const i = y * w + x;
      probabilities.set(px, i * c);
      const label = c === 1 ? (px[0] > spec.threshold ? 1 : 0) : argmax(px);
      labels[i] = label;
      counts[label]++;
    }
  }
  return {
    kind: 'segmentation',
    width: w,
    height: h,
    numClasses,
    labels,
    probabilities,
    classFractions: counts.map((k) => (n ? k / n : 0)),
  };
}

function classify(output: NdArray, spec: OutputSpec): Classification {
  const all = toFloat32Array(output);
  const shape = output.shape;
  // [N, classes] with N > 1: classify batch item 0.
  const numClasses = shape.length >= 2 && shape[0] > 1 ? all.length / shape[0] : all.length;
  const scores = Float32Array.from(all.subarray(0, numClasses));
  activate(scores, spec.activation);
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a] || a - b);
  const k = Math.min(Math.max(1, spec.topK), numClasses);
  const topK = order.slice(0, k).map((index) => ({ index, label: spec.labels[index] ?? `class ${index}`, probability: scores[index] }));
  return { kind: 'classification', numClasses, topK };
}

/** min/max/mean/std over finite values, plus NaN and ±Inf counts. */
export function rawStats(output: NdArray): RawStats {
  const d = toFloat32Array(output);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  let finite = 0;
  let nanCount = 0;
  let infCount = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (Number.isNaN(v)) nanCount++;
    else if (!Number.isFinite(v)) infCount++;
    else {
      finite++;
      sum += v;
      sumSq += v * v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const mean = finite ? sum / finite : NaN;
  const std = finite ? Math.sqrt(Math.max(0, sumSq / finite - mean * mean)) : NaN;
  return {
    kind: 'raw',
    shape: [...output.shape],
    count: d.length,
    min: finite ? min : NaN,
    max: finite ? max : NaN,
    mean,
    std,
    nanCount,
    infCount,
  };
}

/** Applies an activation in place: elementwise sigmoid, or a numerically stable softmax over the whole vector. */
export function activate(v: Float32Array, activation: OutputSpec['activation']): void {
  if (activation === 'sigmoid') {
    for (let i = 0; i < v.length; i++) v[i] = 1 / (1 + Math.exp(-v[i]));
  } else if (activation === 'softmax') {
    let m = -Infinity;
    for (let i = 0; i < v.length; i++) if (v[i] > m) m = v[i];
    let s = 0;
    for (let i = 0; i < v.length; i++) {
      v[i] = Math.exp(v[i] - m);
      s += v[i];
    }
    for (let i = 0; i < v.length; i++) v[i] /= s;
  }
}

function argmax(v: Float32Array): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
  return best;
}
