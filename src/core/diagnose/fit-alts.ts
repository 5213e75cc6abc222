// Reference-side hypotheses for a different fit: the image stretched, centre-cropped, letterboxed or kept in aspect
// (and padded with another value) instead of what the spec says, with the spec's kernel and the kernels that fit is
// usually written with (PIL ImageOps.fit → bicubic, keras smart_resize and tf.image.resize_with_pad → TF bilinear,
// YOLO letterbox → cv::resize INTER_LINEAR).

import type { InputSpec, ResizeFit, ResizeSpec } from '../spec/types';
import { cropRegion, fitPlacement, yoloLetterboxPlacement, type Placement } from '../preprocess/resize';
import type { CropRegion } from '../preprocess/types';
import type { Hypothesis } from './hypothesis';
import { centralCropAlternatives, resizeCropAlternatives } from './crop-alts';

/** The fits, in the order they are tried. */
export const FITS: readonly ResizeFit[] = ['stretch', 'crop', 'letterbox', 'keep-aspect'];

type Kernel = Pick<ResizeSpec, 'library' | 'method' | 'antialias' | 'alignCorners' | 'halfPixelCenters'>;

const TF_BILINEAR: Kernel = { library: 'tf', method: 'bilinear', antialias: false };
const CV2_LINEAR: Kernel = { library: 'cv2', method: 'linear' };

/** Kernels the usual code for each fit resizes with (tried besides the spec's own kernel). */
const LIKELY_KERNELS: Record<ResizeFit, readonly Kernel[]> = {
  stretch: [TF_BILINEAR, CV2_LINEAR, { library: 'pil', method: 'bilinear' }, { library: 'pil', method: 'bicubic' }],
  crop: [{ library: 'pil', method: 'bicubic' }, { library: 'pil', method: 'lanczos' }, TF_BILINEAR, CV2_LINEAR, { library: 'cv2', method: 'area' }],
  letterbox: [TF_BILINEAR, CV2_LINEAR],
  'keep-aspect': [TF_BILINEAR, CV2_LINEAR],
};

/** Padding values pipelines use: black, YOLO's grey 114, mid-grey 128 (0.5 after /255), white. */
const PAD_VALUES: readonly number[] = [0, 114, 128, 255];

/** Makes the reference for one resize configuration, at `placement` when given, from the `source` part of the image when given (undefined when it cannot run). */
export type ResizeRunner = (resize: ResizeSpec, placement?: Placement, source?: CropRegion) => Promise<Float64Array | undefined>;

/** What fitAlternatives needs to know. */
export interface FitContext {
  input: InputSpec;
  /** Size of the image that reaches the resize (after EXIF and colour conversion). */
  srcWidth: number;
  srcHeight: number;
  /** Also try the likely kernels of each fit (false: the spec's kernel only). */
  withKernels: boolean;
  /** How far a candidate reference is from the dump (lower is closer), to spend the kernel search on the closest geometries. */
  closeness?: (alt: Float64Array) => number;
  /** Words for a kernel, e.g. "PIL Image.resize BICUBIC (PIL default)". */
  kernelLabel: (r: ResizeSpec) => string;
  run: ResizeRunner;
}

function sameKernel(a: Kernel, b: Kernel): boolean {
  const half = (k: Kernel): boolean => k.halfPixelCenters ?? (k.library === 'tf' ? !(k.alignCorners ?? false) : false);
  return a.library === b.library && a.method === b.method && !!a.antialias === !!b.antialias && !!a.alignCorners === !!b.alignCorners && half(a) === half(b);
}

/** The geometry a fit gives for this image and library ("stretch" when it covers the whole image and the whole input). */
function geometry(ctx: FitContext, fit: ResizeFit, library: ResizeSpec['library']): { key: string; padded: boolean } {
  const { srcWidth: sw, srcHeight: sh } = ctx;
  const { width: w, height: h } = ctx.input;
  if (fit === 'crop') {
    const r = cropRegion(sw, sh, w, h, library);
    const full = r.left === 0 && r.top === 0 && r.width === sw && r.height === sh;
    return { key: full ? 'stretch' : `crop ${r.left} ${r.top} ${r.width} ${r.height}`, padded: false };
  }
  const p = fitPlacement(sw, sh, w, h, fit);
  const full = p.left === 0 && p.top === 0 && p.width === w && p.height === h;
  return { key: full ? 'stretch' : `pad ${p.left} ${p.top} ${p.width} ${p.height}`, padded: !full };
}

/** The input's aspect ratio in lowest terms, e.g. "1:1" or "4:3". */
export function aspectWords(width: number, height: number): string {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(width, height) || 1;
  return `${width / g}:${height / g}`;
}

/** Alternative references with another fit (or, for padded fits, another padding value) than the spec's. */
export async function fitAlternatives(ctx: FitContext): Promise<Hypothesis[]> {
  const spec = ctx.input.resize;
  const specGeo = geometry(ctx, spec.fit, spec.library);
  const specKernel: Kernel = spec;
  const seen = new Set<string>();
  const hyps: Hypothesis[] = [];
  for (const fit of FITS) {
    const kernels: Kernel[] = [specKernel];
    if (ctx.withKernels) for (const k of LIKELY_KERNELS[fit]) if (!kernels.some((x) => sameKernel(x, k))) kernels.push(k);
    for (const kernel of kernels) {
      const geo = geometry(ctx, fit, kernel.library);
      const kernelChanged = !sameKernel(kernel, specKernel);
      let pads: number[];
      if (geo.key === specGeo.key) {
        // Same geometry with another kernel is the resize-kernel hypothesis; without padding it is the reference itself.
        if (kernelChanged || !geo.padded) continue;
        pads = PAD_VALUES.filter((v) => v !== spec.padValue);
      } else if (geo.padded) {
        pads = [...new Set([spec.padValue, ...(kernelChanged ? [0, 114] : PAD_VALUES)])];
      } else {
        pads = [spec.padValue];
      }
      for (const padValue of pads) {
        const key = `${geo.key}|${kernel.library} ${kernel.method} ${!!kernel.antialias} ${!!kernel.alignCorners} ${String(kernel.halfPixelCenters)}|${geo.padded ? padValue : ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const resize: ResizeSpec = {
          library: kernel.library,
          method: kernel.method,
          fit,
          padValue,
          ...(kernel.antialias !== undefined ? { antialias: kernel.antialias } : {}),
          ...(kernel.alignCorners !== undefined ? { alignCorners: kernel.alignCorners } : {}),
          ...(kernel.halfPixelCenters !== undefined ? { halfPixelCenters: kernel.halfPixelCenters } : {}),
        };
        const alt = await ctx.run(resize);
        if (!alt) continue;
        const padWords = geo.padded ? `, padded with ${padValue}` : '';
        const variant = `fit "${fit}"${padWords}${kernelChanged ? ` with ${ctx.kernelLabel(resize)}` : ''}`;
        hyps.push({
          id: 'resize-fit',
          variant,
          order: 5,
          altRef: alt,
          details: {
            fit,
            specFit: spec.fit,
            padValue,
            specPadValue: spec.padValue,
            padded: geo.padded,
            kernelChanged,
            ...(kernelChanged ? { kernel: ctx.kernelLabel(resize) } : {}),
            resize,
          },
        });
      }
    }
  }
  hyps.push(...(await yoloLetterbox(ctx)));
  hyps.push(...(await resizeCropAlternatives(ctx)));
  hyps.push(...(await centralCropAlternatives(ctx)));
  return hyps;
}

/** The ultralytics/YOLOv5 letterbox (its own rounding, grey 114, cv::resize INTER_LINEAR), when it places the image otherwise. */
async function yoloLetterbox(ctx: FitContext): Promise<Hypothesis[]> {
  const { srcWidth: sw, srcHeight: sh } = ctx;
  const { width: w, height: h } = ctx.input;
  const place = yoloLetterboxPlacement(sw, sh, w, h);
  const floor = fitPlacement(sw, sh, w, h, 'letterbox');
  const spec = ctx.input.resize;
  if (place.width === w && place.height === h) return [];
  if (spec.fit === 'letterbox' && place.left === floor.left && place.top === floor.top && place.width === floor.width && place.height === floor.height)
    return [];
  const out: Hypothesis[] = [];
  for (const padValue of [...new Set([114, spec.padValue])]) {
    const resize: ResizeSpec = { library: 'cv2', method: 'linear', fit: 'letterbox', padValue };
    const alt = await ctx.run(resize, place);
    if (!alt) continue;
    out.push({
      id: 'resize-fit',
      variant: `YOLO letterbox (ultralytics rounding), padded with ${padValue}`,
      order: 5,
      altRef: alt,
      details: {
        fit: 'letterbox',
        rounding: 'yolo',
        placement: place,
        specFit: spec.fit,
        padValue,
        specPadValue: spec.padValue,
        padded: true,
        kernelChanged: !(spec.library === 'cv2' && spec.method === 'linear'),
        kernel: ctx.kernelLabel(resize),
        resize,
      },
    });
  }
  return out;
}
