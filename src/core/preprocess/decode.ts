// Decodes an image file to interleaved HWC pixels with sharp (BMP with a small reader of our own).

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type SharpFn from 'sharp';
import type { Metadata, OutputInfo } from 'sharp';
import type { ResizeLibrary } from '../spec/types';
import { cmykToRgb, CMYK_FORMULAS } from './color';
import { ImageError } from './errors';
import { decodeJpegFileAsTf, type JpegDecoder } from './jpeg/file';
import type { Image } from './types';

/** A decoded image: 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA) channels, 8 or 16 bits per sample. */
export type DecodedImage = Image & {
  readonly data: Uint8Array | Uint16Array;
  bitDepth: 8 | 16;
  /** Container format: png, jpeg, webp, tiff, gif, heif, bmp. */
  format: string;
  /** EXIF orientation tag (1–8) when the file has one, whether or not it was applied. */
  orientation?: number;
  /** Problems the decoder recovered from (e.g. corrupt JPEG data: part of the picture may be grey). */
  warnings?: string[];
  /** How a CMYK JPEG became RGB, e.g. "CMYK → RGB as cv2.imread: K − (C·K >> 8)" (absent for other images). */
  cmyk?: string;
  /** 'tf' when the JPEG was decoded as tf.io.decode_jpeg does (fast IDCT); absent for the accurate IDCT (libjpeg/sharp). */
  decoder?: JpegDecoder;
  /** Why TF's decoder was asked for but not used (the accurate IDCT decoded the file instead). */
  decoderNote?: string;
};

/** Options for decodeImage. */
export interface DecodeOptions {
  applyExif: boolean;
  maxPixels: number;
  /**
   * Whose CMYK → RGB conversion to reproduce for CMYK JPEGs: cv2, pil and tf/tfjs each use their own integer formula;
   * sharp (and the default when absent) is libvips' ICC transform. Other images decode the same for every library.
   */
  library?: ResizeLibrary;
  /** The JPEG decoder to reproduce: 'tf' for tf.io.decode_jpeg's default fast IDCT; absent or 'libjpeg' for the accurate one. */
  decoder?: JpegDecoder;
}

/** Formats sharp decodes that make sense as model input (vector formats such as SVG are refused). */
const SHARP_FORMATS = new Set(['png', 'jpeg', 'jpg', 'webp', 'tiff', 'gif', 'heif', 'avif']);
/** The list shown to users when a file is not a supported image. */
export const SUPPORTED_IMAGE_FORMATS = 'PNG, JPEG, WebP, TIFF, GIF, AVIF and BMP (uncompressed)';

/** Loads the native sharp module on first use (plain require keeps the bundle's CommonJS resolution). */
function loadSharp(): typeof SharpFn {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('sharp') as typeof SharpFn;
}

/** Decodes `file` to raw pixels, applying EXIF orientation when asked; refuses images over maxPixels from the header. */
export async function decodeImage(file: string, opts: DecodeOptions): Promise<DecodedImage> {
  const name = path.basename(file);
  const head = readHead(file);
  if (head[0] === 0x42 && head[1] === 0x4d) return decodeBmp(await readFile(file), file, opts.maxPixels);
  const sharp = loadSharp();

  let meta: Metadata;
  try {
    meta = await sharp(file, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch (e) {
    throw decodeFailure(file, head, e);
  }
  if (!SHARP_FORMATS.has(meta.format)) throw unsupported(file, head, `its format is ${meta.format.toUpperCase()}`);
  const { width, height } = meta;
  checkPixelLimit(file, width, height, opts.maxPixels);

  let decoderNote: string | undefined;
  if (opts.decoder === 'tf' && meta.format === 'jpeg') {
    const tf = await decodeJpegFileAsTf(file, meta.orientation, opts.applyExif, opts.maxPixels);
    if (typeof tf !== 'string') return tf;
    decoderNote = `TensorFlow's JPEG decoder is not reproduced for this file (${tf}), so it was decoded with the accurate IDCT instead`;
  }
  const warnings: string[] = [];
  const sixteen = meta.depth === 'ushort';
  const cmykAs = meta.space === 'cmyk' && opts.library !== undefined && opts.library !== 'sharp' ? opts.library : undefined;
  let pipeline = sharp(file, { failOn: 'error', limitInputPixels: opts.maxPixels, ignoreIcc: true });
  if (opts.applyExif) pipeline = pipeline.autoOrient();
  if (cmykAs) pipeline = pipeline.pipelineColourspace('cmyk').toColourspace('cmyk').raw();
  else pipeline = pipeline.toColourspace(sixteen ? 'rgb16' : 'srgb').raw(sixteen ? { depth: 'ushort' } : undefined);
  pipeline.on('warning', (w: unknown) => {
    const text = String(w).trim();
    if (/^Vips\w+: /.test(text) && !warnings.includes(text)) warnings.push(text);
  });
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw decodeFailure(file, head, e);
  }
  const { info } = out;
  if (cmykAs) {
    if (info.channels !== 4)
      throw new ImageError(`${name}: the CMYK decoder returned ${info.channels} channels instead of 4. Convert the image to RGB (e.g. save it as PNG).`, file);
    const data = cmykToRgb(new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length), cmykAs);
    const cmyk: DecodedImage = {
      width: info.width,
      height: info.height,
      channels: 3,
      data,
      bitDepth: 8,
      format: meta.format,
      cmyk: CMYK_FORMULAS[cmykAs],
    };
    if (meta.orientation !== undefined) cmyk.orientation = meta.orientation;
    if (warnings.length > 0) cmyk.warnings = warnings;
    if (decoderNote) cmyk.decoderNote = decoderNote;
    return cmyk;
  }
  const samples: Uint8Array | Uint16Array = sixteen
    ? new Uint16Array(out.data.buffer.slice(out.data.byteOffset, out.data.byteOffset + out.data.length))
    : new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.length);
  const grey = (meta.space === 'b-w' || meta.space === 'grey16' || meta.channels <= 2) && info.channels >= 3;
  const image = grey ? keepFirstChannel(samples, info.width, info.height, info.channels) : samples;
  const channels = grey ? info.channels - 2 : info.channels;
  if (image.length !== info.width * info.height * channels) {
    throw new ImageError(
      `${name}: the decoder returned ${image.length} samples for ${info.width}×${info.height}×${channels}. The file may be damaged; re-save it as PNG.`,
      file,
    );
  }
  const decoded: DecodedImage = {
    width: info.width,
    height: info.height,
    channels,
    data: image,
    bitDepth: sixteen ? 16 : 8,
    format: meta.format,
  };
  if (meta.space === 'cmyk') decoded.cmyk = CMYK_FORMULAS.sharp;
  if (meta.orientation !== undefined) decoded.orientation = meta.orientation;
  if (warnings.length > 0) decoded.warnings = warnings;
  if (decoderNote) decoded.decoderNote = decoderNote;
  return decoded;
}

/** Throws ImageError when width × height exceeds maxPixels, naming the setting that raises it. */
export function checkPixelLimit(file: string, width: number, height: number, maxPixels: number): void {
  const pixels = width * height;
  if (pixels <= maxPixels) return;
  throw new ImageError(
    `${path.basename(file)} is ${width}×${height} = ${pixels.toLocaleString('en-US')} pixels, over the limit of ${maxPixels.toLocaleString('en-US')} pixels. ` +
      `If you trust this image, raise "limits.maxPixels" in tensorparity.json (to at least ${pixels}); otherwise use a smaller image.`,
    file,
  );
}

/** Keeps channel 0 (and alpha, the last channel, when there are 4) of a replicated-grey RGB(A) buffer. */
function keepFirstChannel<T extends Uint8Array | Uint16Array>(src: T, width: number, height: number, channels: number): T {
  const out = channels === 4 ? 2 : 1;
  const dst = (src instanceof Uint16Array ? new Uint16Array(width * height * out) : new Uint8Array(width * height * out)) as T;
  for (let p = 0, s = 0, d = 0; p < width * height; p++, s += channels, d += out) {
    dst[d] = src[s];
    if (out === 2) dst[d + 1] = src[s + 3];
  }
  return dst;
}

/**
 * The first bytes of `file` (at most 64), after checking that it is a non-empty regular file (checked before opening:
 * opening a FIFO would wait for a writer). Synchronous: a few system calls cost microseconds, where asynchronous
 * round trips through libuv's thread pool each wait for a free thread on a busy machine.
 */
function readHead(file: string): Uint8Array {
  const name = path.basename(file);
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new ImageError(`${file} is not a file. Choose an image file (${SUPPORTED_IMAGE_FORMATS}).`, file);
    size = st.size;
  } catch (e) {
    throw e instanceof ImageError ? e : unreadable(file, e);
  }
  if (size === 0) throw new ImageError(`${name} is empty (0 bytes). The file was probably not written completely; copy or export the image again.`, file);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw unreadable(file, e);
  }
  try {
    const head = new Uint8Array(Math.min(size, 64));
    readSync(fd, head, 0, head.length, 0);
    return head;
  } catch (e) {
    throw unreadable(file, e);
  } finally {
    closeSync(fd);
  }
}

function unreadable(file: string, e: unknown): ImageError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ImageError(`Image ${file} does not exist. Check the path.`, file);
  return new ImageError(`Image ${file} cannot be read (${code ?? String(e)}). Check its permissions.`, file);
}

function describeHead(head: Uint8Array): string {
  const shown = head.subarray(0, 16);
  const printable = shown.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
  if (printable) return `its first bytes are ${JSON.stringify(Buffer.from(shown).toString('latin1'))}, which looks like text`;
  return `its first bytes are ${Array.from(shown.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}

function unsupported(file: string, head: Uint8Array, why?: string): ImageError {
  return new ImageError(
    `${path.basename(file)} is not an image Tensor Parity can read (${why ?? describeHead(head)}). ` +
      `Supported formats: ${SUPPORTED_IMAGE_FORMATS}. Check that this is the image you meant, or convert it to PNG.`,
    file,
  );
}

function decodeFailure(file: string, head: Uint8Array, e: unknown): ImageError {
  const message = e instanceof Error ? e.message : String(e);
  if (/unsupported image format/i.test(message)) return unsupported(file, head);
  if (/pixel limit/i.test(message))
    return new ImageError(
      `${path.basename(file)} is over the pixel limit (${message}). Raise "limits.maxPixels" in tensorparity.json if you trust this image.`,
      file,
    );
  // libvips repeats the same line once per attempt: say each once
  const detail = [
    ...new Set(
      message
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ].join('; ');
  return new ImageError(
    `${path.basename(file)} is damaged or truncated and cannot be decoded (${detail}). Re-export or re-download the image; if it opens elsewhere, re-save it as PNG.`,
    file,
  );
}

// ---- BMP (libvips has no BMP loader) ----

/** Decodes an uncompressed BMP: 1/4/8-bit palette, 16/24/32-bit, BI_RGB or BI_BITFIELDS, bottom-up or top-down. */
export function decodeBmp(bytes: Uint8Array, file: string, maxPixels: number): DecodedImage {
  const name = path.basename(file);
  const fail = (why: string): ImageError => new ImageError(`${name}: ${why}`, file);
  if (bytes.length < 26) throw fail('the BMP header is truncated. Re-export the image.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  if (headerSize < 40 || bytes.length < 14 + headerSize) {
    throw fail(`BMP header of ${headerSize} bytes is not supported (OS/2 or truncated). Convert the image to PNG.`);
  }
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const bpp = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0) throw fail(`the BMP says it is ${width}×${rawHeight} pixels, which is not a valid size. The file is damaged.`);
  checkPixelLimit(file, width, height, maxPixels);
  const bitfields = compression === 3 || compression === 6;
  if (!(compression === 0 || (bitfields && (bpp === 16 || bpp === 32)))) {
    const kind =
      compression === 1 || compression === 2 ? 'RLE-compressed' : compression === 4 || compression === 5 ? 'JPEG/PNG-in-BMP' : `compression ${compression}`;
    throw fail(`${kind} BMP files are not supported, only uncompressed ones. Convert the image to PNG.`);
  }
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) throw fail(`${bpp}-bit BMP files are not supported. Convert the image to PNG.`);
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  if (pixelOffset + stride * height > bytes.length) {
    throw fail(`the BMP is truncated: it needs ${pixelOffset + stride * height} bytes but has ${bytes.length}. Re-export or re-download the image.`);
  }
  const masks = readMasks(view, bpp, compression, headerSize);
  const channels = masks && masks[3] !== 0 ? 4 : 3;
  const out = new Uint8Array(width * height * channels);
  const palette = bpp <= 8 ? readPalette(bytes, view, headerSize, bpp, pixelOffset) : undefined;
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (rawHeight > 0 ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      if (palette) {
        const bit = x * bpp;
        const index = (bytes[row + (bit >> 3)] >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        if (index * 3 + 2 >= palette.length) throw fail(`palette index ${index} is out of range. The file is damaged.`);
        out.set(palette.subarray(index * 3, index * 3 + 3), o);
      } else if (masks) {
        const px = bpp === 16 ? view.getUint16(row + x * 2, true) : view.getUint32(row + x * 4, true);
        for (let c = 0; c < channels; c++) out[o + c] = extract(px, masks[c]);
      } else {
        const p = row + x * (bpp >> 3);
        out[o] = bytes[p + 2];
        out[o + 1] = bytes[p + 1];
        out[o + 2] = bytes[p];
      }
    }
  }
  return { width, height, channels, data: out, bitDepth: 8, format: 'bmp' };
}

/** Channel masks [r, g, b, a] for 16-bit and bitfield images; undefined for plain 24/32-bit BGR(X). */
function readMasks(view: DataView, bpp: number, compression: number, headerSize: number): [number, number, number, number] | undefined {
  if (compression === 0) return bpp === 16 ? [0x7c00, 0x03e0, 0x001f, 0] : undefined;
  const alpha = headerSize >= 56 || compression === 6 ? view.getUint32(66, true) : 0;
  return [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true), alpha];
}

function readPalette(bytes: Uint8Array, view: DataView, headerSize: number, bpp: number, pixelOffset: number): Uint8Array {
  const used = view.getUint32(46, true);
  const start = 14 + headerSize;
  const count = Math.min(used || 1 << bpp, 1 << bpp, Math.floor((pixelOffset - start) / 4));
  const rgb = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) {
    rgb[i * 3] = bytes[start + i * 4 + 2];
    rgb[i * 3 + 1] = bytes[start + i * 4 + 1];
    rgb[i * 3 + 2] = bytes[start + i * 4];
  }
  return rgb;
}

/** Extracts a masked field and scales it to 0..255. */
function extract(px: number, mask: number): number {
  if (mask === 0) return 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  const v = (px & mask) >>> shift;
  return max === 255 ? v : Math.round((v * 255) / max);
}
