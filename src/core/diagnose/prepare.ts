// Preparing a diagnosis: the reference tensor (given, or the image run through the spec), its layout, and the alpha-channel case.

import { formatShape } from '../tensor/ndarray';
import type { NdArray } from '../tensor/types';
import type { Spec } from '../spec/types';
import { decodeImage, type DecodedImage } from '../preprocess/decode';
import { preprocessDecodedFile } from '../preprocess/pipeline';
import type { PreprocessResult } from '../preprocess/types';
import { guessLayout, layoutDims, LayoutDims } from '../diff/align';
import type { DiffLayout } from '../diff/types';
import { num } from './frame';
import { CAUSE_STAGE } from './catalog';
import { withoutAlpha } from './signatures';
import type { Cause, DiagnoseOptions, DiagnoseRef, Diagnosis } from './types';

/** The reference's layout dims: from the caller's layout, else the spec's, else guessed from the shape. */
export function refDims(ref: NdArray, spec: Spec | undefined, layout: DiffLayout | undefined): LayoutDims | undefined {
  const candidates: (DiffLayout | undefined)[] = [];
  if (layout) candidates.push(layout);
  if (spec) {
    const l = spec.input.layout;
    candidates.push(ref.shape.length === 3 ? (l === 'NHWC' ? 'HWC' : 'CHW') : l);
  }
  candidates.push(guessLayout(ref.shape));
  for (const c of candidates) {
    if (!c) continue;
    const d = layoutDims(ref.shape, c);
    if (typeof d !== 'string') return d;
  }
  return undefined;
}

/** The reference tensor and where it came from. */
export interface Prepared {
  refT: NdArray;
  spec: Spec | undefined;
  decoded: DecodedImage | undefined;
  pre: PreprocessResult | undefined;
  source: 'tensor' | 'image';
}

/** The reference tensor: given, or the image decoded and run through the spec's preprocessing. */
export async function prepare(ref: DiagnoseRef, opts: DiagnoseOptions): Promise<Prepared> {
  const spec = ref.spec;
  const image = ref.image;
  let decoded: DecodedImage | undefined;
  let pre: PreprocessResult | undefined;
  if (image !== undefined && spec) {
    const maxPixels = opts.maxPixels ?? spec.limits.maxPixels;
    decoded = await decodeImage(image, { applyExif: spec.input.applyExif, maxPixels, ...(spec.input.decoder ? { decoder: spec.input.decoder } : {}) });
    // sharp runs on the file itself (shrink-on-load, EXIF rotate), as a JS pipeline would; the others from the pixels.
    pre = await preprocessDecodedFile(image, decoded, spec.input, { maxPixels });
  }
  if ('tensor' in ref && ref.tensor) return { refT: ref.tensor, spec, decoded, pre, source: 'tensor' };
  if (!pre) throw new Error('diagnose: the reference needs a tensor, or an image and a spec');
  return { refT: pre.tensor, spec, decoded, pre, source: 'image' };
}

/** True when `shape` is the spec's model input (any batch), so the spec's layout and normalization describe it. */
export function specDescribes(shape: readonly number[], spec: Spec): boolean {
  const { width, height, layout, colorOrder } = spec.input;
  const c = colorOrder === 'GRAY' ? 1 : 3;
  const want = layout === 'NHWC' ? [height, width, c] : [c, height, width];
  const tail = shape.length === 4 ? shape.slice(1) : shape.length === 3 ? shape : undefined;
  return tail !== undefined && tail.every((d, i) => d === want[i]);
}

/** The diagnosis of a dump that kept its alpha channel: the alpha cause first, then whatever the 3-channel part shows. */
export function alphaKept(dump: NdArray, na: NonNullable<ReturnType<typeof withoutAlpha>>, inner: Diagnosis): Diagnosis {
  const order = na.alphaIndex === 0 ? 'ARGB (alpha first)' : 'RGBA/BGRA (alpha last)';
  const clean = inner.status === 'identical' || inner.status === 'numeric-noise' || inner.status === 'within-tolerance';
  const rest = clean ? 'With the alpha channel dropped it matches the reference' : `With the alpha channel dropped: ${inner.summary.replace(/\.+$/, '')}`;
  const cause: Cause = {
    id: 'alpha',
    title: 'Alpha channel kept (4 channels instead of 3)',
    explained: 1,
    errorBefore: NaN,
    errorAfter: inner.baseline.meanAbs,
    maxBefore: NaN,
    maxAfter: inner.baseline.maxAbs,
    evidence:
      `Your dump has 4 values per pixel ${formatShape(dump.shape)}, laid out ${order}, but the model takes 3 ${formatShape(inner.reference.shape)}. ` +
      `${rest}${clean ? ` (max error ${num(inner.baseline.maxAbs)})` : ''}.`,
    fix:
      'Drop the alpha channel before filling the tensor: canvas getImageData() and sharp .ensureAlpha() give RGBA (skip every 4th byte, or sharp .removeAlpha()); ' +
      'cv::cvtColor(img, img, cv::COLOR_BGRA2BGR); Android Bitmap pixels are ARGB ints: take (p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF.',
    stage: CAUSE_STAGE.alpha,
    details: { alphaIndex: na.alphaIndex, channelsLast: na.channelsLast },
  };
  return {
    ...inner,
    status: clean ? 'explained' : inner.status === 'incomparable' ? 'incomparable' : inner.status === 'explained' ? 'explained' : 'partially-explained',
    summary: `${cause.title}: ${cause.evidence}`,
    causes: [cause, ...inner.causes],
    dump: { shape: [...dump.shape], dtype: dump.dtype },
    notes: [...inner.notes, 'the causes after the first were found on the dump with its alpha channel dropped.'],
  };
}
