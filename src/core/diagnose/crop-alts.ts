// Reference-side hypotheses for "resize larger, then centre-crop": the ImageNet evaluation recipe of torchvision
// (Resize(256) on the shorter side + CenterCrop(224)), timm (crop_pct, scale_size = floor(size / crop_pct)) and the
// OpenCV model zoo demos (cv.resize to 256×256, then image[16:240, 16:240]). The dump's picture is a zoom into the
// middle of the image; no fit of the spec makes it, so it is its own variant of the 'resize-fit' cause.

import type { ResizeSpec } from '../spec/types';
import type { FloatImage, Placement } from '../preprocess/resize';
import type { CropRegion } from '../preprocess/types';
import { roundHalfEven } from '../preprocess/resize';
import type { FitContext } from './fit-alts';
import type { Hypothesis } from './hypothesis';

/** Crop fractions in use: 224/256 (torchvision, timm's default crop_pct 0.875, TF slim central_fraction), 0.9, 0.95. */
export const CROP_FRACTIONS: readonly number[] = [0.875, 0.9, 0.95];

type Kernel = Pick<ResizeSpec, 'library' | 'method' | 'antialias' | 'halfPixelCenters'>;

/** Kernels the recipe is written with: PIL bilinear / bicubic (torchvision and timm on PIL images), cv::resize INTER_LINEAR, TF bilinear. */
const CROP_KERNELS: readonly Kernel[] = [
  { library: 'pil', method: 'bilinear' },
  { library: 'pil', method: 'bicubic' },
  { library: 'cv2', method: 'linear' },
  { library: 'tf', method: 'bilinear', antialias: false },
];

/** Kernels central-crop-first code resizes with: TF1 resize_bilinear (TF slim, no half-pixel centres), PIL bilinear, cv2 linear. */
const CENTRAL_KERNELS: readonly Kernel[] = [
  { library: 'tf', method: 'bilinear', halfPixelCenters: false },
  { library: 'pil', method: 'bilinear' },
  { library: 'cv2', method: 'linear' },
];

/** One "resize to width × height, then take the centred input-sized window at (left, top)" geometry. */
export interface ResizeCrop {
  /** 'shorter-side': the shorter side resized to `side`, aspect kept (torchvision Resize(int)); 'square': both sides to `side` (cv.resize(img, (256, 256))). */
  mode: 'shorter-side' | 'square';
  side: number;
  fraction: number;
  width: number;
  height: number;
  left: number;
  top: number;
}

/** The resize-then-crop geometries of `fraction` for a srcWidth × srcHeight image and a width × height input. */
export function resizeCropGeometries(srcWidth: number, srcHeight: number, width: number, height: number, fraction: number): ResizeCrop[] {
  const out: ResizeCrop[] = [];
  const short = Math.min(width, height);
  const sides = [...new Set([Math.floor(short / fraction), roundHalfEven(short / fraction)])].filter((s) => s > short);
  for (const side of sides) {
    const scaled: { mode: ResizeCrop['mode']; w: number; h: number }[] = [];
    // torchvision: the shorter side becomes `side`, the longer int(side * long / short).
    if (srcWidth <= srcHeight) scaled.push({ mode: 'shorter-side', w: side, h: Math.trunc((side * srcHeight) / srcWidth) });
    else scaled.push({ mode: 'shorter-side', w: Math.trunc((side * srcWidth) / srcHeight), h: side });
    scaled.push({ mode: 'square', w: Math.round((side * width) / short), h: Math.round((side * height) / short) });
    for (const s of scaled) {
      if (s.w < width || s.h < height) continue;
      // CenterCrop: int(round((h - th) / 2)) (half to even); numpy slicing writes (h - th) // 2.
      const lefts = new Set([roundHalfEven((s.w - width) / 2), Math.floor((s.w - width) / 2)]);
      const tops = new Set([roundHalfEven((s.h - height) / 2), Math.floor((s.h - height) / 2)]);
      for (const left of lefts) for (const top of tops) out.push({ mode: s.mode, side, fraction, width: s.w, height: s.h, left, top });
    }
  }
  return out;
}

/** The width × height window of `inner` whose top-left corner is at (-place.left, -place.top) of `inner`. */
export function cropWindow(inner: FloatImage, width: number, height: number, place: Placement): FloatImage {
  const { channels } = inner;
  const out = new Float32Array(width * height * channels);
  const x0 = -place.left;
  const y0 = -place.top;
  for (let y = 0; y < height; y++) {
    const start = ((y0 + y) * inner.width + x0) * channels;
    out.set(inner.data.subarray(start, start + width * channels), y * width * channels);
  }
  return { width, height, channels, data: out };
}

/** True when a placement is larger than the canvas (a zoom that is cropped), not a picture padded into it. */
export function isCropPlacement(place: Placement, width: number, height: number): boolean {
  return (
    place.left <= 0 &&
    place.top <= 0 &&
    place.width - place.left >= width &&
    place.height - place.top >= height &&
    (place.width > width || place.height > height)
  );
}

function sameKernel(a: Kernel, b: Kernel): boolean {
  const half = (k: Kernel): boolean => k.halfPixelCenters ?? k.library === 'tf';
  return a.library === b.library && a.method === b.method && !!a.antialias === !!b.antialias && half(a) === half(b);
}

function kernelResize(kernel: Kernel, padValue: number): ResizeSpec {
  return {
    library: kernel.library,
    method: kernel.method,
    fit: 'stretch',
    padValue,
    ...(kernel.antialias !== undefined ? { antialias: kernel.antialias } : {}),
    ...(kernel.halfPixelCenters !== undefined ? { halfPixelCenters: kernel.halfPixelCenters } : {}),
  };
}

/** The kernel named as a second cause when an alternative also resizes with another kernel than the spec's. */
function kernelCompanion(ctx: FitContext, kernel: Kernel, resize: ResizeSpec): Hypothesis {
  return {
    id: 'resize-kernel',
    variant: ctx.kernelLabel(resize),
    order: 5,
    details: { library: kernel.library, method: kernel.method, resize: { ...resize, fit: ctx.input.resize.fit } },
  };
}

/** tf.image.central_crop(image, fraction): start = int((side - side·fraction) / 2) on each axis, size = side - 2·start. */
export function centralCropRegion(srcWidth: number, srcHeight: number, fraction: number): CropRegion {
  const left = Math.trunc((srcWidth - srcWidth * fraction) / 2);
  const top = Math.trunc((srcHeight - srcHeight * fraction) / 2);
  return { left, top, width: srcWidth - 2 * left, height: srcHeight - 2 * top };
}

/** How many of the closest geometries (with the spec's kernel) are tried with the other kernels too. */
const KERNEL_GEOMETRIES = 3;

interface Geometry {
  key: string;
  placement?: Placement;
  source?: CropRegion;
  words: string;
  details: Record<string, unknown>;
}

/** Each geometry with the spec's kernel, then the other kernels on the closest few (all at the usual fraction without a measure). */
async function twoPass(ctx: FitContext, geos: Geometry[], extra: readonly Kernel[], usual: (g: Geometry) => boolean): Promise<Hypothesis[]> {
  const spec = ctx.input.resize;
  const kernels: Kernel[] = [];
  if (ctx.withKernels) for (const k of extra) if (!sameKernel(k, spec) && !kernels.some((x) => sameKernel(x, k))) kernels.push(k);
  const hyps: Hypothesis[] = [];
  const make = async (g: Geometry, kernel: Kernel): Promise<Hypothesis | undefined> => {
    const resize = kernelResize(kernel, spec.padValue);
    const alt = await ctx.run(resize, g.placement, g.source);
    if (!alt) return undefined;
    const kernelChanged = !sameKernel(kernel, spec);
    return {
      id: 'resize-fit',
      variant: `${g.words}${kernelChanged ? ` with ${ctx.kernelLabel(resize)}` : ''}`,
      order: 5,
      altRef: alt,
      details: {
        ...g.details,
        fit: 'crop',
        specFit: spec.fit,
        padValue: spec.padValue,
        specPadValue: spec.padValue,
        padded: false,
        kernelChanged,
        kernel: ctx.kernelLabel(resize),
      },
      ...(kernelChanged ? { companion: kernelCompanion(ctx, kernel, resize) } : {}),
    };
  };
  const own: { g: Geometry; err: number }[] = [];
  for (const g of geos) {
    const h = await make(g, spec);
    if (!h) continue;
    hyps.push(h);
    own.push({ g, err: ctx.closeness && h.altRef ? ctx.closeness(h.altRef) : 0 });
  }
  if (kernels.length === 0) return hyps;
  const picked = ctx.closeness
    ? [...own]
        .sort((a, b) => a.err - b.err)
        .slice(0, KERNEL_GEOMETRIES)
        .map((o) => o.g)
    : own.map((o) => o.g).filter(usual);
  for (const g of picked) {
    for (const k of kernels) {
      const h = await make(g, k);
      if (h) hyps.push(h);
    }
  }
  return hyps;
}

/** Alternative references: the central fraction of the image cropped first (TF slim's eval preprocessing), then resized. */
export async function centralCropAlternatives(ctx: FitContext): Promise<Hypothesis[]> {
  const geos: Geometry[] = [];
  for (const fraction of CROP_FRACTIONS) {
    const region = centralCropRegion(ctx.srcWidth, ctx.srcHeight, fraction);
    if (region.width === ctx.srcWidth && region.height === ctx.srcHeight) continue;
    geos.push({
      key: `central ${fraction}`,
      source: region,
      words: `central ${fraction} of the image (${region.width}×${region.height}) resized`,
      details: { rounding: 'central-crop', region, fraction },
    });
  }
  return twoPass(ctx, geos, CENTRAL_KERNELS, (g) => g.details.fraction === CROP_FRACTIONS[0]);
}

/** Alternative references: the image resized larger (by the crop fractions in use) and centre-cropped to the input size. */
export async function resizeCropAlternatives(ctx: FitContext): Promise<Hypothesis[]> {
  const { width: W, height: H } = ctx.input;
  const geos: Geometry[] = [];
  const seen = new Set<string>();
  for (const fraction of CROP_FRACTIONS) {
    for (const g of resizeCropGeometries(ctx.srcWidth, ctx.srcHeight, W, H, fraction)) {
      const key = `${g.width} ${g.height} ${g.left} ${g.top}`;
      if (seen.has(key)) continue;
      seen.add(key);
      geos.push({
        key,
        placement: { left: -g.left, top: -g.top, width: g.width, height: g.height },
        words: `resized to ${g.width}×${g.height} then centre-cropped to ${W}×${H}`,
        details: { rounding: 'resize-crop', crop: g },
      });
    }
  }
  return twoPass(ctx, geos, CROP_KERNELS, (g) => (g.details.crop as ResizeCrop).fraction === CROP_FRACTIONS[0]);
}
