// Resizing to the model input size: fit geometry (stretch, keep-aspect, letterbox) and the per-library kernels.

import { SpecError } from '../spec/errors';
import type { ResizeFit, ResizeSpec } from '../spec/types';
import type { Image } from './types';
import { resizeKernel as referenceKernel } from './kernels';

const f32 = Math.fround;

/** A float32 image, the output of every resize kernel. */
export type FloatImage = Image & { readonly data: Float32Array };

/** Where the resized picture sits inside the model input, in model-input pixels; the rest is padding. */
export interface Placement {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Thrown for a library/method pair that has no kernel yet (a SpecError: the fix is in tensorparity.json). */
export class ResizeNotImplementedError extends SpecError {
  constructor(readonly resize: ResizeSpec, detail = '') {
    super(`Resize method "${resize.method}" of library "${resize.library}"${detail} is not implemented yet. ` +
      'Use library "tf" with method "bilinear" or "nearest" in tensorparity.json for now.');
    this.name = 'ResizeNotImplementedError';
  }
}

/**
 * Where a srcWidth × srcHeight picture goes in a width × height input.
 * stretch: everywhere. letterbox: tf.image.resize_with_pad (ratio max(w/W, h/H), sides floored, centred,
 * an odd extra pixel of padding at the bottom/right). keep-aspect: tf.image.resize(preserve_aspect_ratio=True)
 * (sides round(side × min(W/w, H/h)), half to even) at the top-left, padded at the right and bottom.
 * Arithmetic is float32, as in TensorFlow.
 */
export function fitPlacement(srcWidth: number, srcHeight: number, width: number, height: number, fit: ResizeFit): Placement {
  if (fit === 'stretch') return { left: 0, top: 0, width, height };
  if (fit === 'keep-aspect') {
    const scale = Math.min(f32(height / srcHeight), f32(width / srcWidth));
    const h = clampSide(roundHalfEven(f32(scale * srcHeight)), height);
    const w = clampSide(roundHalfEven(f32(scale * srcWidth)), width);
    return { left: 0, top: 0, width: w, height: h };
  }
  const ratio = Math.max(f32(srcWidth / width), f32(srcHeight / height));
  const hf = f32(srcHeight / ratio);
  const wf = f32(srcWidth / ratio);
  const h = clampSide(Math.floor(hf), height);
  const w = clampSide(Math.floor(wf), width);
  const top = Math.min(Math.max(0, Math.floor(f32(f32(height - hf) / 2))), height - h);
  const left = Math.min(Math.max(0, Math.floor(f32(f32(width - wf) / 2))), width - w);
  return { left, top, width: w, height: h };
}

/** Resizes `img` into a width × height float32 image per `resize` (kernel, fit and padding). */
export function resizeImage(img: Image, width: number, height: number, resize: ResizeSpec): FloatImage {
  const place = fitPlacement(img.width, img.height, width, height, resize.fit);
  const inner = resizeKernel(img, place.width, place.height, resize);
  if (place.width === width && place.height === height) return inner;
  return pad(inner, width, height, place, resize.padValue);
}

/** Resizes to exactly width × height with the kernel of `resize.library`/`resize.method`. Add libraries here. */
export function resizeKernel(img: Image, width: number, height: number, resize: ResizeSpec): FloatImage {
  switch (resize.library) {
    case 'tf':
      if (resize.method === 'nearest' || (resize.method === 'bilinear' && !resize.antialias)) return resizeTf(img, width, height, resize);
      return referenceResize(img, width, height, resize);
    case 'cv2': case 'pil': case 'tfjs':
      return referenceResize(img, width, height, resize);
    default:
      throw new ResizeNotImplementedError(resize);
  }
}

/** The reference kernels of ./kernels (cv2, Pillow, TF, tfjs semantics), returned as float32. */
function referenceResize(img: Image, width: number, height: number, resize: ResizeSpec): FloatImage {
  const align = resize.alignCorners ?? false;
  const half = resize.halfPixelCenters ?? (resize.library === 'tf' ? !align : false);
  // TF: align_corners=False with half_pixel_centers=True is tf.image.resize (TF2), which also takes antialias.
  const tf2 = resize.library === 'tf' && !align && half;
  const out = referenceKernel(resize.library, resize.method, img, width, height,
    tf2 ? { antialias: resize.antialias } : { alignCorners: align, halfPixelCenters: half, antialias: resize.antialias });
  const data = out.data instanceof Float32Array ? out.data : Float32Array.from(out.data);
  return { width: out.width, height: out.height, channels: out.channels, data };
}

/** tf.image.resize (TF2: half_pixel_centers=True) and tf.compat.v1 resize_* with alignCorners/halfPixelCenters. */
function resizeTf(img: Image, width: number, height: number, resize: ResizeSpec): FloatImage {
  const alignCorners = resize.alignCorners ?? false;
  const halfPixelCenters = resize.halfPixelCenters ?? !alignCorners;
  if (alignCorners && halfPixelCenters) throw new ResizeNotImplementedError(resize, ' with both alignCorners and halfPixelCenters');
  const flags = { alignCorners, halfPixelCenters };
  switch (resize.method) {
    case 'bilinear':
      if (resize.antialias) throw new ResizeNotImplementedError(resize, ' with antialias');
      return tfBilinear(img, width, height, flags);
    case 'nearest':
      return tfNearest(img, width, height, flags);
    default:
      throw new ResizeNotImplementedError(resize);
  }
}

interface TfFlags {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/** TF's CalculateResizeScale in float32. */
function tfScale(inSize: number, outSize: number, alignCorners: boolean): number {
  return alignCorners && outSize > 1 ? f32((inSize - 1) / (outSize - 1)) : f32(inSize / outSize);
}

/** Source indices and weights per output index, as TF's compute_interpolation_weights (float32). */
function tfLinearWeights(inSize: number, outSize: number, flags: TfFlags): { lower: Int32Array; upper: Int32Array; lerp: Float32Array } {
  const scale = tfScale(inSize, outSize, flags.alignCorners);
  const lower = new Int32Array(outSize);
  const upper = new Int32Array(outSize);
  const lerp = new Float32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = flags.halfPixelCenters ? f32(f32(f32(i + 0.5) * scale) - 0.5) : f32(i * scale);
    const srcFloor = Math.floor(src);
    lower[i] = Math.max(srcFloor, 0);
    upper[i] = Math.min(Math.ceil(src), inSize - 1);
    lerp[i] = src - srcFloor;
  }
  return { lower, upper, lerp };
}

/** tf.raw_ops.ResizeBilinear on any sample type, computed in float32 like the CPU kernel. */
export function tfBilinear(img: Image, width: number, height: number, flags: TfFlags): FloatImage {
  const { channels, data } = img;
  const ys = tfLinearWeights(img.height, height, flags);
  const xs = tfLinearWeights(img.width, width, flags);
  const out = new Float32Array(width * height * channels);
  const rowStride = img.width * channels;
  for (let y = 0; y < height; y++) {
    const top = ys.lower[y] * rowStride;
    const bottom = ys.upper[y] * rowStride;
    const yl = ys.lerp[y];
    for (let x = 0; x < width; x++) {
      const left = xs.lower[x] * channels;
      const right = xs.upper[x] * channels;
      const xl = xs.lerp[x];
      const o = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) {
        const tl = data[top + left + c];
        const tr = data[top + right + c];
        const bl = data[bottom + left + c];
        const br = data[bottom + right + c];
        const t = f32(tl + f32(f32(tr - tl) * xl));
        const b = f32(bl + f32(f32(br - bl) * xl));
        out[o + c] = f32(t + f32(f32(b - t) * yl));
      }
    }
  }
  return { width, height, channels, data: out };
}

/** tf.raw_ops.ResizeNearestNeighbor: floor((i + 0.5) × scale) with half-pixel centres, round(i × scale) with align corners. */
export function tfNearest(img: Image, width: number, height: number, flags: TfFlags): FloatImage {
  const index = (inSize: number, outSize: number): Int32Array => {
    const scale = tfScale(inSize, outSize, flags.alignCorners);
    const idx = new Int32Array(outSize);
    for (let i = 0; i < outSize; i++) {
      const src = flags.halfPixelCenters ? f32(f32(i + 0.5) * scale) : f32(i * scale);
      // C roundf rounds halves away from zero; src is never negative here.
      const v = flags.alignCorners ? Math.floor(src + 0.5) : Math.floor(src);
      idx[i] = Math.max(0, Math.min(v, inSize - 1));
    }
    return idx;
  };
  const ys = index(img.height, height);
  const xs = index(img.width, width);
  const { channels, data } = img;
  const out = new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const row = ys[y] * img.width;
    for (let x = 0; x < width; x++) {
      const s = (row + xs[x]) * channels;
      const o = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) out[o + c] = data[s + c];
    }
  }
  return { width, height, channels, data: out };
}

function pad(inner: FloatImage, width: number, height: number, place: Placement, value: number): FloatImage {
  const { channels } = inner;
  const out = new Float32Array(width * height * channels).fill(value);
  for (let y = 0; y < inner.height; y++) {
    const src = inner.data.subarray(y * inner.width * channels, (y + 1) * inner.width * channels);
    out.set(src, ((place.top + y) * width + place.left) * channels);
  }
  return { width, height, channels, data: out };
}

function clampSide(side: number, max: number): number {
  return Math.max(1, Math.min(side, max));
}

/** Rounds half to even, like tf.round and numpy.round. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
