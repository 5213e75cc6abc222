// Output-aware comparison: what a segmentation or classification user sees, not just numbers.

import { NdArray, TensorFileError } from '../tensor/types';
import { formatShape, numel } from '../tensor/ndarray';
import { guessLayout, layoutDims, LayoutDims } from './align';
import { toFloatData } from './diff';
import type { DiffLayout } from './types';

/** Options of compareSegmentation. */
export interface SegmentationOptions {
  layout?: DiffLayout;
  labels?: string[];
  /** For single-channel outputs: class 1 where the value is > threshold (default 0.5). */
  threshold?: number;
}

/** Per-class agreement of two segmentations. */
export interface ClassIoU {
  classIndex: number;
  label: string;
  /** Intersection over union; NaN when the class appears in neither. */
  iou: number;
  refPixels: number;
  dumpPixels: number;
}

/** Result of compareSegmentation. */
export interface SegmentationComparison {
  classes: number;
  pixels: number;
  /** Fraction of pixels (over the batch) with the same class in both. */
  agreement: number;
  disagreeing: number;
  perClass: ClassIoU[];
  /** Mean IoU over classes that appear in either tensor. */
  meanIou: number;
  /** confusion[refClass][dumpClass] = pixel count. */
  confusion: number[][];
  /** 1 where any batch item disagrees, row-major height × width. */
  disagreement: { height: number; width: number; mask: Uint8Array };
  message: string;
}

function segDims(t: NdArray, layout: DiffLayout | undefined, what: string): LayoutDims {
  if (t.shape.length === 2) {
    return { name: 'HWC', batch: 1, height: t.shape[0], width: t.shape[1], channels: 1, channelsLast: true };
  }
  const name = layout ?? guessLayout(t.shape);
  if (!name) {
    throw new TensorFileError(
      `${what} has shape ${formatShape(t.shape)}, which does not look like a segmentation map; ` + 'pass its layout (NHWC, NCHW, HWC or CHW).',
    );
  }
  const d = layoutDims(t.shape, name);
  if (typeof d === 'string') throw new TensorFileError(d);
  return d;
}

function classMap(t: NdArray, d: LayoutDims, threshold: number): Int32Array {
  const v = toFloatData(t);
  const hw = d.height * d.width;
  const out = new Int32Array(d.batch * hw);
  const C = d.channels;
  const integer = !(t.dtype === 'float16' || t.dtype === 'float32' || t.dtype === 'float64');
  // element (n, p, c) sits at base + c * step
  const step = d.channelsLast ? 1 : hw;
  for (let n = 0; n < d.batch; n++) {
    for (let p = 0; p < hw; p++) {
      const base = d.channelsLast ? (n * hw + p) * C : n * C * hw + p;
      let cls: number;
      if (C === 1) {
        const x = v[base];
        cls = integer ? Math.max(0, Math.round(x)) : x > threshold ? 1 : 0;
      } else {
        cls = 0;
        let best = v[base];
        for (let c = 1; c < C; c++) {
          const x = v[base + c * step];
          if (x > best || (best !== best && x === x)) {
            best = x;
            cls = c;
          }
        }
      }
      out[n * hw + p] = cls;
    }
  }
  return out;
}

/** Compare two segmentation outputs: argmax agreement, per-class IoU, confusion matrix, disagreement mask. */
export function compareSegmentation(dump: NdArray, ref: NdArray, opts: SegmentationOptions = {}): SegmentationComparison {
  const dr = segDims(ref, opts.layout, 'the reference');
  const dd = segDims(dump, opts.layout ?? dr.name, 'the dump');
  if (dr.batch !== dd.batch || dr.height !== dd.height || dr.width !== dd.width || dr.channels !== dd.channels) {
    throw new TensorFileError(
      `segmentation shapes differ: dump ${formatShape(dump.shape)} vs reference ${formatShape(ref.shape)}; ` +
        'both must have the same batch, height, width and classes.',
    );
  }
  const threshold = opts.threshold ?? 0.5;
  const a = classMap(dump, dd, threshold);
  const b = classMap(ref, dr, threshold);
  let classes = Math.max(2, dr.channels);
  for (let i = 0; i < a.length; i++) classes = Math.max(classes, a[i] + 1, b[i] + 1);
  const conf = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const hw = dr.height * dr.width;
  const mask = new Uint8Array(hw);
  let disagree = 0;
  for (let i = 0; i < a.length; i++) {
    conf[b[i]][a[i]]++;
    if (a[i] !== b[i]) {
      disagree++;
      mask[i % hw] = 1;
    }
  }
  const perClass: ClassIoU[] = [];
  let iouSum = 0;
  let iouN = 0;
  for (let c = 0; c < classes; c++) {
    const inter = conf[c][c];
    let refPixels = 0;
    let dumpPixels = 0;
    for (let k = 0; k < classes; k++) {
      refPixels += conf[c][k];
      dumpPixels += conf[k][c];
    }
    const union = refPixels + dumpPixels - inter;
    const iou = union > 0 ? inter / union : NaN;
    if (union > 0) {
      iouSum += iou;
      iouN++;
    }
    perClass.push({ classIndex: c, label: opts.labels?.[c] ?? `class ${c}`, iou, refPixels, dumpPixels });
  }
  const pixels = a.length;
  const agreement = pixels > 0 ? (pixels - disagree) / pixels : 1;
  const meanIou = iouN > 0 ? iouSum / iouN : NaN;
  const worst = perClass.filter((c) => Number.isFinite(c.iou)).sort((x, y) => x.iou - y.iou)[0];
  const message =
    disagree === 0
      ? `the segmentations agree on all ${pixels} pixels.`
      : `${disagree} of ${pixels} pixels (${((disagree / pixels) * 100).toPrecision(3)}%) get a different class; ` +
        `mean IoU ${meanIou.toFixed(4)}${worst ? `, lowest for ${worst.label} (${worst.iou.toFixed(4)})` : ''}.`;
  return {
    classes,
    pixels,
    agreement,
    disagreeing: disagree,
    perClass,
    meanIou,
    confusion: conf,
    disagreement: { height: dr.height, width: dr.width, mask },
    message,
  };
}

/** Options of compareClassification. */
export interface ClassificationOptions {
  /** How many top classes to compare (default 5). */
  k?: number;
  labels?: string[];
}

/** How one reference top-k class moved. */
export interface RankChange {
  classIndex: number;
  label: string;
  refRank: number;
  dumpRank: number;
  refScore: number;
  dumpScore: number;
}

/** Per-row (batch item) classification comparison. */
export interface ClassificationRow {
  refTop1: number;
  dumpTop1: number;
  top1Agrees: boolean;
  /** |refTopK ∩ dumpTopK| / k. */
  topKOverlap: number;
  /** Reference top-k classes with their rank in both (rank 1 = best). */
  rankChanges: RankChange[];
}

/** Result of compareClassification. */
export interface ClassificationComparison {
  k: number;
  classes: number;
  rows: ClassificationRow[];
  top1Agreement: number;
  meanTopKOverlap: number;
  message: string;
}

function rankOf(v: ArrayLike<number>, start: number, len: number, cls: number): number {
  const x = v[start + cls];
  let r = 1;
  for (let j = 0; j < len; j++) {
    const y = v[start + j];
    if (y > x || (y === x && j < cls)) r++;
  }
  return r;
}

function topK(v: ArrayLike<number>, start: number, len: number, k: number): number[] {
  const idx = Array.from({ length: len }, (_, j) => j);
  idx.sort((p, q) => v[start + q] - v[start + p] || p - q);
  return idx.slice(0, k);
}

/** Compare two classification outputs (…, classes): top-1/top-k agreement and how the reference's top classes moved. */
export function compareClassification(dump: NdArray, ref: NdArray, opts: ClassificationOptions = {}): ClassificationComparison {
  if (ref.shape.length === 0 || numel(ref.shape) === 0) {
    throw new TensorFileError(`the reference has shape ${formatShape(ref.shape)}; a classification output needs a last axis of class scores.`);
  }
  if (numel(dump.shape) !== numel(ref.shape) || dump.shape[dump.shape.length - 1] !== ref.shape[ref.shape.length - 1]) {
    throw new TensorFileError(
      `classification shapes differ: dump ${formatShape(dump.shape)} vs reference ${formatShape(ref.shape)}; ` +
        'both need the same number of rows and classes.',
    );
  }
  const classes = ref.shape[ref.shape.length - 1];
  const k = Math.max(1, Math.min(classes, Math.floor(opts.k ?? 5)));
  const a = toFloatData(dump);
  const b = toFloatData(ref);
  const rows: ClassificationRow[] = [];
  const nRows = numel(ref.shape) / classes;
  for (let r = 0; r < nRows; r++) {
    const s = r * classes;
    const tb = topK(b, s, classes, k);
    const ta = topK(a, s, classes, k);
    const overlap = tb.filter((c) => ta.includes(c)).length / k;
    const rankChanges = tb.map((c, i) => ({
      classIndex: c,
      label: opts.labels?.[c] ?? `class ${c}`,
      refRank: i + 1,
      dumpRank: rankOf(a, s, classes, c),
      refScore: b[s + c],
      dumpScore: a[s + c],
    }));
    rows.push({ refTop1: tb[0], dumpTop1: ta[0], top1Agrees: tb[0] === ta[0], topKOverlap: overlap, rankChanges });
  }
  const agree = rows.filter((x) => x.top1Agrees).length;
  const top1Agreement = agree / rows.length;
  const meanTopKOverlap = rows.reduce((acc, x) => acc + x.topKOverlap, 0) / rows.length;
  const firstBad = rows.findIndex((x) => !x.top1Agrees);
  const name = (c: number): string => opts.labels?.[c] ?? `class ${c}`;
  const message =
    firstBad < 0
      ? `top-1 agrees on all ${rows.length} row${rows.length === 1 ? '' : 's'}; top-${k} overlap ${(meanTopKOverlap * 100).toFixed(0)}%.`
      : `top-1 differs on ${rows.length - agree} of ${rows.length} row${rows.length === 1 ? '' : 's'} ` +
        `(row ${firstBad}: reference says ${name(rows[firstBad].refTop1)}, dump says ${name(rows[firstBad].dumpTop1)}); ` +
        `top-${k} overlap ${(meanTopKOverlap * 100).toFixed(0)}%.`;
  return { k, classes, rows, top1Agreement, meanTopKOverlap, message };
}
