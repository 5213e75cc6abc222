// Reference-side hypotheses that re-run preprocessing: other resize kernels and fits, width/height swapped, EXIF, alpha.

import { toFloat64Array, numel } from '../tensor/ndarray';
import type { InputSpec, ResizeLibrary, ResizeSpec, Spec } from '../spec/types';
import { SpecError } from '../spec/errors';
import type { DecodedImage } from '../preprocess/decode';
import type { Image } from '../preprocess/types';
import { KernelError, resizeAny, type ResizeFlags } from '../preprocess/kernels';
import { normalizePixels, toInputDtype } from '../preprocess/normalize';
import { toLayout } from '../preprocess/layout';
import { cropWindow, isCropPlacement } from './crop-alts';
import { cropImage, placeInto, type FloatImage, resizeImageAsync, resizeKernel, type Placement } from '../preprocess/resize';
import { preprocessDecoded, preprocessDecodedFile } from '../preprocess/pipeline';
import type { Hypothesis } from './hypothesis';
import { fitAlternatives } from './fit-alts';

/** A resize configuration worth trying: the usual defaults of each library. */
interface ResizeVariant {
  library: ResizeLibrary;
  method: string;
  antialias?: boolean;
  alignCorners?: boolean;
  halfPixelCenters?: boolean;
  /** How engineers call it. */
  label: string;
}

/** The resize configurations re-run against the dump (the spec's own is skipped). */
export const RESIZE_VARIANTS: readonly ResizeVariant[] = [
  { library: 'tf', method: 'bilinear', antialias: false, label: 'tf.image.resize bilinear (TF2, half-pixel centres)' },
  { library: 'tf', method: 'bilinear', antialias: true, label: 'tf.image.resize bilinear with antialias=True' },
  { library: 'tf', method: 'bilinear', halfPixelCenters: false, label: 'TF1 tf.compat.v1.image.resize_bilinear (legacy corners)' },
  { library: 'tf', method: 'bilinear', alignCorners: true, halfPixelCenters: false, label: 'TF1 resize_bilinear(align_corners=True)' },
  { library: 'tf', method: 'nearest', label: 'tf.image.resize nearest' },
  { library: 'tf', method: 'bicubic', label: 'tf.image.resize bicubic' },
  { library: 'tf', method: 'area', label: 'tf.image.resize area' },
  { library: 'tf', method: 'lanczos3', label: 'tf.image.resize lanczos3' },
  { library: 'cv2', method: 'linear', label: 'cv::resize INTER_LINEAR (OpenCV default)' },
  { library: 'cv2', method: 'area', label: 'cv::resize INTER_AREA' },
  { library: 'cv2', method: 'cubic', label: 'cv::resize INTER_CUBIC' },
  { library: 'cv2', method: 'nearest', label: 'cv::resize INTER_NEAREST' },
  { library: 'cv2', method: 'lanczos4', label: 'cv::resize INTER_LANCZOS4' },
  { library: 'pil', method: 'bilinear', label: 'PIL Image.resize BILINEAR' },
  { library: 'pil', method: 'bicubic', label: 'PIL Image.resize BICUBIC (PIL default)' },
  { library: 'pil', method: 'lanczos', label: 'PIL Image.resize LANCZOS' },
  { library: 'pil', method: 'nearest', label: 'PIL Image.resize NEAREST' },
  { library: 'pil', method: 'box', label: 'PIL Image.resize BOX' },
  { library: 'tfjs', method: 'bilinear', label: 'tf.image.resizeBilinear in TensorFlow.js' },
  { library: 'tfjs', method: 'nearest', label: 'tf.image.resizeNearestNeighbor in TensorFlow.js' },
  { library: 'sharp', method: 'lanczos3', label: 'sharp resize (lanczos3 default)' },
  { library: 'sharp', method: 'linear', label: 'sharp resize linear' },
  { library: 'sharp', method: 'cubic', label: 'sharp resize cubic' },
  { library: 'sharp', method: 'nearest', label: 'sharp resize nearest' },
  { library: 'java2d', method: 'bilinear', label: 'Java2D bilinear (Graphics2D.drawImage)' },
  { library: 'java2d', method: 'bicubic', label: 'Java2D bicubic (Graphics2D.drawImage)' },
  { library: 'java2d', method: 'nearest', label: 'Java2D nearest neighbour (Graphics2D.drawImage, no interpolation hint)' },
  { library: 'java2d', method: 'area', label: 'Java2D area averaging (Image.getScaledInstance SCALE_SMOOTH)' },
  { library: 'java2d', method: 'replicate', label: 'Java2D Image.getScaledInstance SCALE_FAST (replicate)' },
  { library: 'java2d', method: 'affine-bilinear', label: 'Java2D AffineTransformOp TYPE_BILINEAR' },
  { library: 'java2d', method: 'affine-nearest', label: 'Java2D AffineTransformOp TYPE_NEAREST_NEIGHBOR' },
  { library: 'java2d', method: 'affine-bicubic', label: 'Java2D AffineTransformOp TYPE_BICUBIC' },
];

function sameResize(a: ResizeSpec, v: ResizeVariant): boolean {
  return (
    a.library === v.library &&
    a.method === v.method &&
    !!a.antialias === !!v.antialias &&
    (a.alignCorners ?? false) === (v.alignCorners ?? false) &&
    (a.halfPixelCenters ?? !(a.alignCorners ?? false)) === (v.halfPixelCenters ?? !(v.alignCorners ?? false))
  );
}

/** Words for the spec's own resize. */
export function describeResize(r: ResizeSpec): string {
  const v = RESIZE_VARIANTS.find((x) => sameResize(r, x));
  return v ? v.label : `${r.library} ${r.method}`;
}

/** What the image-based search needs. */
export interface ImageContext {
  spec: Spec;
  decoded: DecodedImage;
  /** The same image decoded with the opposite applyExif, when it has an EXIF orientation other than 1. */
  decodedOtherExif?: DecodedImage;
  /** The image after colour conversion (the pipeline's 'color' stage), for running resize kernels directly. */
  colorImage?: Image;
  /** The image file: sharp variants run sharp on the file itself (shrink-on-load, EXIF rotate), as JS pipelines do. */
  imageFile?: string;
  maxPixels?: number;
  n: number;
  skipResizeSearch: boolean;
  /** True when an alternative reference already equals the dump: no other preprocessing change can explain it better. */
  matchesDump?: (alt: Float64Array) => boolean;
  /** How far a candidate reference is from the dump (lower is closer). */
  closeness?: (alt: Float64Array) => number;
}

/** Resize with the kernel module directly (stretch fit only), then normalize and lay out as the spec says. */
async function viaKernels(img: Image, input: InputSpec, v: ResizeVariant, n: number): Promise<Float64Array | undefined> {
  if (input.resize.fit !== 'stretch') return undefined;
  const flags: ResizeFlags = {
    ...(v.antialias !== undefined ? { antialias: v.antialias } : {}),
    ...(v.alignCorners !== undefined ? { alignCorners: v.alignCorners } : {}),
    ...(v.halfPixelCenters !== undefined ? { halfPixelCenters: v.halfPixelCenters } : {}),
  };
  let resized: Image;
  try {
    resized = await resizeAny(v.library, v.method, img, input.width, input.height, flags);
  } catch (e) {
    if (e instanceof KernelError) return undefined;
    throw e;
  }
  const values = toInputDtype(normalizePixels(resized, input.scale, input.mean, input.std), input.dtype);
  const dtype = input.dtype;
  const t = toLayout(values, dtype, input.height, input.width, resized.channels, input.layout);
  if (numel(t.shape) !== n) return undefined;
  return toFloat64Array(t);
}

/** The image resized to the placement's size for a crop window; kept in `zooms` (one resize serves each window of the same size). */
function zoomed(img: Image, placement: Placement, resize: ResizeSpec, zooms?: Map<string, FloatImage>): FloatImage {
  const key = `${placement.width}x${placement.height} ${JSON.stringify(resize)}`;
  const hit = zooms?.get(key);
  if (hit) return hit;
  const out = resizeKernel(img, placement.width, placement.height, resize);
  zooms?.set(key, out);
  return out;
}

/** Resize with any fit (sharp included) from the colour stage, at `placement` when given, then normalize and lay out as the spec says. */
async function viaResize(
  img: Image,
  input: InputSpec,
  resize: ResizeSpec,
  n: number,
  placement?: Placement,
  zooms?: Map<string, FloatImage>,
): Promise<Float64Array | undefined> {
  let resized: Image;
  try {
    resized = placement
      ? isCropPlacement(placement, input.width, input.height)
        ? cropWindow(zoomed(img, placement, resize, zooms), input.width, input.height, placement)
        : placeInto(resizeKernel(img, placement.width, placement.height, resize), input.width, input.height, placement, resize.padValue)
      : await resizeImageAsync(img, input.width, input.height, resize);
  } catch (e) {
    if (e instanceof SpecError || e instanceof KernelError) return undefined;
    throw e;
  }
  const values = toInputDtype(normalizePixels(resized, input.scale, input.mean, input.std), input.dtype);
  const t = toLayout(values, input.dtype, input.height, input.width, resized.channels, input.layout);
  if (numel(t.shape) !== n) return undefined;
  return toFloat64Array(t);
}

function flat(decoded: DecodedImage, input: InputSpec, n: number): Float64Array | undefined {
  try {
    const t = preprocessDecoded(decoded, input).tensor;
    if (numel(t.shape) !== n) return undefined;
    return toFloat64Array(t);
  } catch (e) {
    // kernel or flag combination not available (SpecError), or refused by the kernel module (KernelError)
    if (e instanceof SpecError || e instanceof KernelError) return undefined;
    throw e;
  }
}

/** The whole pipeline with `input`: sharp on the image file when the library is sharp and the file is known, else from `decoded`. */
async function pipelineAlt(ctx: ImageContext, decoded: DecodedImage, input: InputSpec, n: number): Promise<Float64Array | undefined> {
  if (input.resize.library !== 'sharp' || ctx.imageFile === undefined) return flat(decoded, input, n);
  try {
    const t = (await preprocessDecodedFile(ctx.imageFile, decoded, input, { maxPixels: ctx.maxPixels ?? ctx.spec.limits.maxPixels })).tensor;
    return numel(t.shape) === n ? toFloat64Array(t) : undefined;
  } catch (e) {
    if (e instanceof SpecError || e instanceof KernelError) return undefined;
    throw e;
  }
}

/** Whether a resize can run from the colour stage: sharp on a known file goes through the file instead. */
function fromColorStage(ctx: ImageContext, library: ResizeLibrary): boolean {
  return ctx.colorImage !== undefined && !(library === 'sharp' && ctx.imageFile !== undefined);
}

/** Kernels that can give identical values share a family (nearest with replicate, area with box, …); others never do. */
function kernelFamily(method: string): string {
  const m = method.replace(/^affine-/, '');
  if (/^(nearest|nearest-exact|replicate)$/.test(m)) return 'nearest';
  if (/^(area|box)$/.test(m)) return 'area';
  if (/^(linear|bilinear|linear-exact|triangle)$/.test(m)) return 'linear';
  if (/^(cubic|bicubic)$/.test(m)) return 'cubic';
  return m;
}

function variantResize(input: InputSpec, v: ResizeVariant): ResizeSpec {
  return {
    library: v.library,
    method: v.method,
    fit: input.resize.fit,
    padValue: input.resize.padValue,
    ...(v.antialias !== undefined ? { antialias: v.antialias } : {}),
    ...(v.alignCorners !== undefined ? { alignCorners: v.alignCorners } : {}),
    ...(v.halfPixelCenters !== undefined ? { halfPixelCenters: v.halfPixelCenters } : {}),
  };
}

/** The reference with resize variant `v`: straight to the kernels when possible (no colour conversion or stage copies), else the full pipeline. */
async function variantRef(ctx: ImageContext, v: ResizeVariant): Promise<Float64Array | undefined> {
  const input = ctx.spec.input;
  return (
    (ctx.colorImage && fromColorStage(ctx, v.library) ? await viaKernels(ctx.colorImage, input, v, ctx.n) : undefined) ??
    (await pipelineAlt(ctx, ctx.decoded, { ...input, resize: variantResize(input, v) }, ctx.n))
  );
}

/** Alternative references from re-running preprocessing with one setting changed; notes list what could not run. */
export async function imageAlternatives(ctx: ImageContext): Promise<{ hyps: Hypothesis[]; notes: string[] }> {
  const { spec, decoded, n } = ctx;
  const input = spec.input;
  const hyps: Hypothesis[] = [];
  const notes: string[] = [];
  if (!ctx.skipResizeSearch) {
    const missing: string[] = [];
    const variants = RESIZE_VARIANTS.filter((v) => !sameResize(input.resize, v));
    for (const [i, v] of variants.entries()) {
      const alt = await variantRef(ctx, v);
      if (!alt) {
        missing.push(v.label);
        continue;
      }
      const hyp: Hypothesis = {
        id: 'resize-kernel',
        variant: v.label,
        order: 5,
        altRef: alt,
        details: { library: v.library, method: v.method, resize: variantResize(input, v) },
      };
      hyps.push(hyp);
      if (ctx.matchesDump?.(alt)) {
        // Kernels that give the same values on this image (e.g. Java2D nearest and tf nearest) are named too, so the
        // user recognises the call their code makes.
        const same: string[] = [];
        for (const w of variants.slice(i + 1).filter((x) => kernelFamily(x.method) === kernelFamily(v.method))) {
          const other = await variantRef(ctx, w);
          if (other && ctx.matchesDump(other)) same.push(w.label);
        }
        if (same.length > 0) {
          hyp.variant = `${v.label} (on this image the same values as ${same.join('; ')})`;
          hyp.details = { ...hyp.details, sameAs: same };
        }
        notes.push(`the dump equals the reference made with ${hyp.variant}, so the other fits and settings were not tried.`);
        return { hyps, notes };
      }
    }
    if (missing.length > 0) notes.push(`resize kernels not available to compare: ${missing.join('; ')}.`);
  }
  // Another fit (stretch, centre crop, letterbox, keep-aspect) or padding value; other kernels too unless skipped.
  const zooms = new Map<string, FloatImage>();
  hyps.push(
    ...(await fitAlternatives({
      input,
      srcWidth: ctx.colorImage?.width ?? decoded.width,
      srcHeight: ctx.colorImage?.height ?? decoded.height,
      withKernels: !ctx.skipResizeSearch,
      kernelLabel: describeResize,
      ...(ctx.closeness ? { closeness: ctx.closeness } : {}),
      run: async (resize, placement, source) => {
        if (source) return ctx.colorImage ? viaResize(cropImage(ctx.colorImage, source), input, resize, n, placement) : undefined;
        if (placement) return ctx.colorImage ? viaResize(ctx.colorImage, input, resize, n, placement, zooms) : undefined;
        return (
          (ctx.colorImage && fromColorStage(ctx, resize.library) ? await viaResize(ctx.colorImage, input, resize, n) : undefined) ??
          pipelineAlt(ctx, decoded, { ...input, resize }, n)
        );
      },
    })),
  );
  if (input.width !== input.height) {
    const alt = await pipelineAlt(ctx, decoded, { ...input, width: input.height, height: input.width }, n);
    if (alt)
      hyps.push({
        id: 'wh-swap',
        variant: `resized to ${input.height}×${input.width} instead of ${input.width}×${input.height}`,
        order: 5,
        altRef: alt,
      });
  }
  if (ctx.decodedOtherExif) {
    const alt = await pipelineAlt(ctx, ctx.decodedOtherExif, { ...input, applyExif: !input.applyExif }, n);
    if (alt) {
      hyps.push({
        id: 'exif',
        variant: input.applyExif ? 'EXIF orientation not applied' : 'EXIF orientation applied',
        order: 5,
        altRef: alt,
        details: { orientation: ctx.decodedOtherExif.orientation, specApplies: input.applyExif },
      });
    }
  }
  if (decoded.channels === 2 || decoded.channels === 4) {
    const options: { mode: 'drop' | 'composite'; background: [number, number, number]; label: string }[] = [
      { mode: 'drop', background: [255, 255, 255], label: 'alpha dropped (RGB kept as stored)' },
      { mode: 'composite', background: [255, 255, 255], label: 'composited on white' },
      { mode: 'composite', background: [0, 0, 0], label: 'composited on black' },
    ];
    for (const o of options) {
      const cur = input.alpha;
      if (cur.mode === o.mode && (o.mode === 'drop' || cur.background.every((b, i) => b === o.background[i]))) continue;
      const alt = await pipelineAlt(ctx, decoded, { ...input, alpha: { mode: o.mode, background: o.background } }, n);
      if (alt) hyps.push({ id: 'alpha', variant: o.label, order: 5, altRef: alt, details: { alpha: { mode: o.mode, background: o.background } } });
    }
  }
  return { hyps, notes };
}
