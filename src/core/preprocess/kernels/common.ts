// Shared helpers for the resize kernels: image allocation, rounding that matches C, error type.

import { ImageError } from '../errors';
import type { Image } from '../types';

/** The element type of an image buffer. */
export type PixelKind = 'uint8' | 'uint16' | 'float32';

/** A resize or colour kernel was called with something it cannot do; the message says what to change. */
export class KernelError extends ImageError {
  constructor(message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

/** The element type of an image's data array. */
export function pixelKind(img: Image): PixelKind {
  if (img.data instanceof Uint8Array) return 'uint8';
  if (img.data instanceof Uint16Array) return 'uint16';
  return 'float32';
}

/** A new zero-filled image of the given kind. */
export function newImage(width: number, height: number, channels: number, kind: PixelKind): Image {
  const n = width * height * channels;
  const data = kind === 'uint8' ? new Uint8Array(n) : kind === 'uint16' ? new Uint16Array(n) : new Float32Array(n);
  return { width, height, channels, data };
}

/** Checks that an image is well formed and the target size is usable; throws a KernelError naming the fix. */
export function checkResizeArgs(img: Image, outW: number, outH: number, who: string): void {
  if (!Number.isInteger(img.width) || !Number.isInteger(img.height) || img.width < 1 || img.height < 1) {
    throw new KernelError(`${who}: the input image is ${img.width}×${img.height}; it needs at least one pixel. Check that the image decoded.`);
  }
  if (!Number.isInteger(img.channels) || img.channels < 1 || img.channels > 4) {
    throw new KernelError(`${who}: the input image has ${img.channels} channels; use 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA).`);
  }
  if (img.data.length !== img.width * img.height * img.channels) {
    throw new KernelError(
      `${who}: the image data holds ${img.data.length} values but ${img.width}×${img.height}×${img.channels} needs ` +
        `${img.width * img.height * img.channels}; pass interleaved HWC pixels.`,
    );
  }
  if (!Number.isInteger(outW) || !Number.isInteger(outH) || outW < 1 || outH < 1) {
    throw new KernelError(
      `${who}: the target size ${outW}×${outH} is not positive whole pixels; set input.width and input.height to integers ≥ 1 in tensorparity.json.`,
    );
  }
}

/** Round half to even, like lrint/cvRound and SSE cvtps2dq. */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  // Math.round rounds .5 up; step back to the even neighbour on exact ties.
  return r - v === 0.5 && (r & 1) !== 0 ? r - 1 : r;
}

/** OpenCV saturate_cast<uchar>(float|double): round half to even then clamp to 0..255. */
export function satU8(v: number): number {
  if (!(v > 0)) return 0; // also maps NaN to 0
  if (v >= 255) return 255;
  return roundHalfEven(v);
}

/** OpenCV saturate_cast<ushort>(float|double). */
export function satU16(v: number): number {
  if (!(v > 0)) return 0;
  if (v >= 65535) return 65535;
  return roundHalfEven(v);
}

/** OpenCV saturate_cast<short>(float): round half to even, clamp to int16. */
export function satS16(v: number): number {
  if (v <= -32768) return -32768;
  if (v >= 32767) return 32767;
  return roundHalfEven(v);
}

/** Float64 → float32 rounding. */
export const f32 = Math.fround;

/** Nearest-neighbour gather: output pixel (x, y) copies input pixel (xi[x], yi[y]); keeps the input dtype. */
export function gatherPixels(img: Image, outW: number, outH: number, xi: Int32Array, yi: Int32Array): Image {
  const { width: w, channels: cn } = img;
  const out = newImage(outW, outH, cn, pixelKind(img));
  const S = img.data,
    D = out.data;
  let o = 0;
  for (let y = 0; y < outH; y++) {
    const base = yi[y] * w * cn;
    for (let x = 0; x < outW; x++) {
      const p = base + xi[x] * cn;
      for (let c = 0; c < cn; c++) D[o++] = S[p + c];
    }
  }
  return out;
}
