// Resizing to the model input size: fit geometry (stretch, keep-aspect, letterbox, crop) and the per-library kernels.

import { SpecError } from '../spec/errors';
import type { ResizeFit, ResizeLibrary, ResizeSpec } from '../spec/types';
import type { CropRegion, Image } from './types';
import { resizeKernel as referenceKernel, resizeWithSharp } from './kernels';
import { newImage, pixelKind } from './kernels/common';
import { pilResize } from './kernels/pil';
import { resizeFileWithSharp, resizeWithSharp as sharpResize, type SharpFileOptions } from './kernels/sharp';

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
  constructor(
    readonly resize: ResizeSpec,
    detail = '',
  ) {
    super(
      `Resize method "${resize.method}" of library "${resize.library}"${detail} is not implemented yet. ` +
        'Use library "tf" with method "bilinear" or "nearest" in tensorparity.json for now.',
    );
    this.name = 'ResizeNotImplementedError';
  }
}

/**
 * The part of a srcWidth × srcHeight image that fit "crop" resizes to width × height: the largest centred region of
 * the input's aspect ratio. pil: PIL.ImageOps.fit's fractional box (float64, as in Python). tf, cv2, tfjs: Keras
 * smart_resize's whole-pixel box (sides int(side × ratio) clamped to [1, side], offsets int(spare / 2)). sharp: the
 * fractional box too (sharp crops after resizing, so this is where its output comes from, to within a pixel).
 */
export function cropRegion(srcWidth: number, srcHeight: number, width: number, height: number, library: ResizeLibrary): CropRegion {
  if (library === 'pil' || library === 'sharp') {
    const liveRatio = srcWidth / srcHeight;
    const outRatio = width / height;
    let w = srcWidth,
      h = srcHeight;
    if (liveRatio !== outRatio) {
      if (liveRatio >= outRatio) w = outRatio * srcHeight;
      else h = srcWidth / outRatio;
    }
    return { left: (srcWidth - w) * 0.5, top: (srcHeight - h) * 0.5, width: w, height: h };
  }
  const h = Math.max(Math.min(srcHeight, Math.trunc((srcWidth * height) / width)), 1);
  const w = Math.max(Math.min(srcWidth, Math.trunc((srcHeight * width) / height)), 1);
  return { left: Math.trunc((srcWidth - w) / 2), top: Math.trunc((srcHeight - h) / 2), width: w, height: h };
}

/** The whole pixels of `img` in `region` (edges rounded to the nearest pixel, at least one pixel). */
export function cropImage(img: Image, region: CropRegion): Image {
  const x0 = Math.min(Math.max(0, Math.round(region.left)), img.width - 1);
  const y0 = Math.min(Math.max(0, Math.round(region.top)), img.height - 1);
  const x1 = Math.max(x0 + 1, Math.min(img.width, Math.round(region.left + region.width)));
  const y1 = Math.max(y0 + 1, Math.min(img.height, Math.round(region.top + region.height)));
  if (x0 === 0 && y0 === 0 && x1 === img.width && y1 === img.height) return img;
  const cn = img.channels,
    w = x1 - x0;
  const out = newImage(w, y1 - y0, cn, pixelKind(img));
  for (let y = y0; y < y1; y++) {
    const start = (y * img.width + x0) * cn;
    out.data.set(img.data.subarray(start, start + w * cn), (y - y0) * w * cn);
  }
  return out;
}

/**
 * Where a srcWidth × srcHeight picture goes in a width × height input.
 * stretch and crop: everywhere (crop fills the input with the region {@link cropRegion} picks). letterbox: tf.image.resize_with_pad (ratio max(w/W, h/H), sides floored, centred,
 * an odd extra pixel of padding at the bottom/right). keep-aspect: tf.image.resize(preserve_aspect_ratio=True)
 * (sides round(side × min(W/w, H/h)), half to even) at the top-left, padded at the right and bottom.
 * Arithmetic is float32, as in TensorFlow.
 */
export function fitPlacement(srcWidth: number, srcHeight: number, width: number, height: number, fit: ResizeFit): Placement {
  if (fit === 'stretch' || fit === 'crop') return { left: 0, top: 0, width, height };
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

/** Resizes `img` into a width × height float32 image per `resize` (kernel, fit and padding); sharp needs {@link resizeImageAsync}. */
export function resizeImage(img: Image, width: number, height: number, resize: ResizeSpec): FloatImage {
  if (resize.fit === 'crop') return resizeCropped(img, width, height, resize);
  const place = fitPlacement(img.width, img.height, width, height, resize.fit);
  return placeInto(resizeKernel(img, place.width, place.height, resize), width, height, place, resize.padValue);
}

/** resizeImage for every library, sharp included (sharp resizes asynchronously in libvips). */
export async function resizeImageAsync(img: Image, width: number, height: number, resize: ResizeSpec): Promise<FloatImage> {
  if (resize.library !== 'sharp') return resizeImage(img, width, height, resize);
  if (resize.fit === 'crop') return asFloat(await sharpResize(img, width, height, resize.method, 'cover'));
  const place = fitPlacement(img.width, img.height, width, height, resize.fit);
  const inner = asFloat(await resizeWithSharp(img, place.width, place.height, resize.method));
  return placeInto(inner, width, height, place, resize.padValue);
}

/**
 * Library "sharp" on an image file sharp decodes: one sharp(file)[.rotate()].resize(w, h, { kernel, fit }).raw() call,
 * as a JS pipeline writes it (shrink-on-load included). fit "crop" is fit 'cover' (position centre) at width × height;
 * the other fits resize with fit 'fill' to {@link fitPlacement} of the srcWidth × srcHeight (oriented) image, then pad.
 * `convert` turns sharp's 8-bit sRGB(A) output into the spec's channels, before padding.
 */
export async function resizeFileWithSharpAsync(
  file: string,
  srcWidth: number,
  srcHeight: number,
  width: number,
  height: number,
  resize: ResizeSpec,
  opts: SharpFileOptions,
  convert: (img: Image) => Image,
): Promise<FloatImage> {
  if (resize.fit === 'crop') return asFloat(convert(await resizeFileWithSharp(file, width, height, resize.method, 'cover', opts)));
  const place = fitPlacement(srcWidth, srcHeight, width, height, resize.fit);
  const inner = asFloat(convert(await resizeFileWithSharp(file, place.width, place.height, resize.method, 'fill', opts)));
  return placeInto(inner, width, height, place, resize.padValue);
}

/** Resizes to exactly width × height with the reference kernel of `resize.library`/`resize.method`, as float32. */
export function resizeKernel(img: Image, width: number, height: number, resize: ResizeSpec): FloatImage {
  if (resize.library === 'sharp') {
    throw new ResizeNotImplementedError(resize, ' in a synchronous resize (sharp resizes asynchronously; use resizeImageAsync)');
  }
  const align = resize.alignCorners ?? false;
  const half = resize.halfPixelCenters ?? (resize.library === 'tf' ? !align : false);
  if (resize.library === 'tf' && align && half) throw new ResizeNotImplementedError(resize, ' with both alignCorners and halfPixelCenters');
  // TF: align_corners=False with half_pixel_centers=True is tf.image.resize (TF2), which also takes antialias.
  const tf2 = resize.library === 'tf' && !align && half;
  const antialias = resize.antialias !== undefined ? { antialias: resize.antialias } : {};
  return asFloat(
    referenceKernel(resize.library, resize.method, img, width, height, tf2 ? antialias : { alignCorners: align, halfPixelCenters: half, ...antialias }),
  );
}

/** fit "crop": PIL resizes the fractional box itself (ImageOps.fit); the others resize the whole-pixel crop. */
function resizeCropped(img: Image, width: number, height: number, resize: ResizeSpec): FloatImage {
  const r = cropRegion(img.width, img.height, width, height, resize.library);
  if (resize.library === 'pil') {
    return asFloat(pilResize(img, width, height, resize.method, [r.left, r.top, r.left + r.width, r.top + r.height]));
  }
  return resizeKernel(cropImage(img, r), width, height, resize);
}

function asFloat(img: Image): FloatImage {
  const data = img.data instanceof Float32Array ? img.data : Float32Array.from(img.data);
  return { width: img.width, height: img.height, channels: img.channels, data };
}

/**
 * Where the ultralytics/YOLOv5 letterbox puts the image: r = min(H/h, W/w), size round(w·r) × round(h·r) (Python round,
 * half to even), the padding split as round(d − 0.1) before and the rest after (tf.image.resize_with_pad floors instead).
 */
export function yoloLetterboxPlacement(srcWidth: number, srcHeight: number, width: number, height: number): Placement {
  const r = Math.min(height / srcHeight, width / srcWidth);
  const w = clampSide(roundHalfEven(srcWidth * r), width);
  const h = clampSide(roundHalfEven(srcHeight * r), height);
  const left = Math.max(0, roundHalfEven((width - w) / 2 - 0.1));
  const top = Math.max(0, roundHalfEven((height - h) / 2 - 0.1));
  return { left: Math.min(left, width - w), top: Math.min(top, height - h), width: w, height: h };
}

/** The resized image `inner` placed at `place` on a width × height canvas filled with `value`. */
export function placeInto(inner: FloatImage, width: number, height: number, place: Placement, value: number): FloatImage {
  return place.width === width && place.height === height ? inner : pad(inner, width, height, place, value);
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
