// "sharp" semantics are whatever sharp (libvips) does. For an image file, sharp is called on the file itself, as a JS
// pipeline does (sharp(file).rotate().resize(w, h, { kernel, fit }).raw()), so JPEG/WebP shrink-on-load and embedded
// ICC profiles act as they do for users; resizeWithSharp calls it on raw decoded pixels (no file: diagnosis, BMP).
// sharp is loaded on first use only.

import type { Image } from '../types';
import { KernelError, newImage, pixelKind } from './common';

/** sharp kernel names accepted in tensorparity.json. */
export const SHARP_METHODS = ['nearest', 'linear', 'cubic', 'mitchell', 'lanczos2', 'lanczos3', 'mks2013', 'mks2021'] as const;

type RawDepth = 'uchar' | 'ushort' | 'float';
/** The sharp fits the spec uses: 'fill' stretches, 'cover' centre-crops to the aspect ratio (sharp's default). */
export type SharpFit = 'fill' | 'cover';

interface SharpOutput {
  data: Buffer;
  info: { width: number; height: number; channels: number };
}
interface SharpPipeline {
  rotate(): SharpPipeline;
  resize(w: number, h: number, o: { kernel: string; fit: SharpFit; position?: 'centre' }): SharpPipeline;
  raw(o?: { depth?: RawDepth }): SharpPipeline;
  toBuffer(o: { resolveWithObject: true }): Promise<SharpOutput>;
}
type SharpFactory = (
  input: Uint8Array | Uint16Array | Float32Array | string,
  options: { raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 } } | { failOn: 'error'; limitInputPixels: number },
) => SharpPipeline;

let factory: SharpFactory | undefined;

function loadSharp(): SharpFactory {
  if (factory) return factory;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod: unknown = require('sharp');
  if (typeof mod !== 'function') {
    throw new KernelError('The sharp module did not load as a function; reinstall the extension (sharp ships with it).');
  }
  factory = mod as SharpFactory;
  return factory;
}

function checkMethod(method: string): void {
  if (!(SHARP_METHODS as readonly string[]).includes(method)) {
    throw new KernelError(`sharp has no resize kernel "${method}"; set input.resize.method in tensorparity.json to one of ${SHARP_METHODS.join(', ')}.`);
  }
}

function resizeOptions(method: string, fit: SharpFit): { kernel: string; fit: SharpFit; position?: 'centre' } {
  return fit === 'cover' ? { kernel: method, fit, position: 'centre' } : { kernel: method, fit };
}

/** Options for {@link resizeFileWithSharp}. */
export interface SharpFileOptions {
  /** Adds .rotate() (EXIF auto-orientation; sharp orients after resizing and swaps the target for 90° turns). */
  autoOrient: boolean;
  /** sharp's limitInputPixels. */
  maxPixels: number;
}

/**
 * sharp(file, { failOn: 'error' })[.rotate()].resize(outW, outH, { kernel: method, fit }).raw(): one call on the file,
 * exactly as a JS pipeline writes it, so sharp's shrink-on-load (JPEG decoded at 1/2, 1/4 or 1/8 scale, WebP scaled
 * on load) and its embedded-ICC → sRGB transform apply. The result is what sharp returns: 8-bit sRGB, 3 channels
 * (grey replicated) or 4 with alpha (resized premultiplied).
 */
export async function resizeFileWithSharp(
  file: string,
  outW: number,
  outH: number,
  method: string,
  fit: SharpFit,
  opts: SharpFileOptions,
): Promise<Image & { readonly data: Uint8Array }> {
  checkMethod(method);
  let pipeline = loadSharp()(file, { failOn: 'error', limitInputPixels: opts.maxPixels });
  if (opts.autoOrient) pipeline = pipeline.rotate();
  const { data, info } = await pipeline.resize(outW, outH, resizeOptions(method, fit)).raw().toBuffer({ resolveWithObject: true });
  if (info.width !== outW || info.height !== outH || data.length !== outW * outH * info.channels) {
    throw new KernelError(
      `sharp returned ${info.width}×${info.height}×${info.channels} instead of ${outW}×${outH} for ${file}; report this with the image attached.`,
    );
  }
  return { width: outW, height: outH, channels: info.channels, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/**
 * The JPEG shrink-on-load factor sharp 0.35 picks (pipeline.cc, fastShrinkOnLoad true) for resizing a srcW × srcH
 * JPEG to outW × outH with fit 'fill' or 'cover': the largest of 8, 4, 2 with shrink ≥ factor, halved when
 * trunc(shrink) equals it, where shrink = min(srcW / outW, srcH / outH). 1: no shrink-on-load.
 */
export function sharpJpegShrinkOnLoad(srcW: number, srcH: number, outW: number, outH: number): number {
  const shrink = Math.min(srcW / outW, srcH / outH);
  let factor = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
  if (factor > 1 && Math.trunc(shrink) === factor) factor /= 2;
  return factor;
}

/** sharp(raw).resize(outW, outH, { kernel: method, fit }) on the decoded pixels (cover: position centre); keeps the input dtype. */
export async function resizeWithSharp(img: Image, outW: number, outH: number, method: string, fit: SharpFit = 'fill'): Promise<Image> {
  checkMethod(method);
  const kind = pixelKind(img);
  const depth: RawDepth = kind === 'uint8' ? 'uchar' : kind === 'uint16' ? 'ushort' : 'float';
  const channels = img.channels as 1 | 2 | 3 | 4;
  const { data, info } = await loadSharp()(img.data, { raw: { width: img.width, height: img.height, channels } })
    .resize(outW, outH, resizeOptions(method, fit))
    .raw({ depth })
    .toBuffer({ resolveWithObject: true });
  if (info.width !== outW || info.height !== outH || info.channels !== img.channels) {
    throw new KernelError(
      `sharp returned ${info.width}×${info.height}×${info.channels} instead of ${outW}×${outH}×${img.channels}; report this with the image attached.`,
    );
  }
  const out = newImage(outW, outH, img.channels, kind);
  const bytes = new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
  bytes.set(data.subarray(0, bytes.length));
  return out;
}
