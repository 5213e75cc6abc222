// "sharp" semantics are whatever sharp (libvips) does: this calls sharp itself on the raw decoded pixels with
// resize(w, h, { kernel, fit: 'fill' }) (or fit 'cover', position 'centre', for the spec's fit "crop").
// sharp is loaded on first use only.

import type { Image } from '../types';
import { KernelError, newImage, pixelKind } from './common';

/** sharp kernel names accepted in tensorparity.json. */
export const SHARP_METHODS = ['nearest', 'linear', 'cubic', 'mitchell', 'lanczos2', 'lanczos3', 'mks2013', 'mks2021'] as const;

type RawDepth = 'uchar' | 'ushort' | 'float';
/** The sharp fits the spec uses: 'fill' stretches, 'cover' centre-crops to the aspect ratio (sharp's default). */
export type SharpFit = 'fill' | 'cover';

interface SharpOutput { data: Buffer; info: { width: number; height: number; channels: number } }
interface SharpPipeline {
  resize(w: number, h: number, o: { kernel: string; fit: SharpFit; position?: 'centre' }): SharpPipeline;
  raw(o?: { depth?: RawDepth }): SharpPipeline;
  toBuffer(o: { resolveWithObject: true }): Promise<SharpOutput>;
}
type SharpFactory = (input: Uint8Array | Uint16Array | Float32Array,
  options: { raw: { width: number; height: number; channels: 1 | 2 | 3 | 4 } }) => SharpPipeline;

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

/** sharp(raw).resize(outW, outH, { kernel: method, fit }) on the decoded pixels (cover: position centre); keeps the input dtype. */
export async function resizeWithSharp(img: Image, outW: number, outH: number, method: string, fit: SharpFit = 'fill'): Promise<Image> {
  if (!(SHARP_METHODS as readonly string[]).includes(method)) {
    throw new KernelError(
      `sharp has no resize kernel "${method}"; set input.resize.method in tensorparity.json to one of ${SHARP_METHODS.join(', ')}.`);
  }
  const kind = pixelKind(img);
  const depth: RawDepth = kind === 'uint8' ? 'uchar' : kind === 'uint16' ? 'ushort' : 'float';
  const channels = img.channels as 1 | 2 | 3 | 4;
  const { data, info } = await loadSharp()(img.data, { raw: { width: img.width, height: img.height, channels } })
    .resize(outW, outH, fit === 'cover' ? { kernel: method, fit, position: 'centre' } : { kernel: method, fit })
    .raw({ depth })
    .toBuffer({ resolveWithObject: true });
  if (info.width !== outW || info.height !== outH || info.channels !== img.channels) {
    throw new KernelError(`sharp returned ${info.width}×${info.height}×${info.channels} instead of ${outW}×${outH}×${img.channels}; report this with the image attached.`);
  }
  const out = newImage(outW, outH, img.channels, kind);
  const bytes = new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
  bytes.set(data.subarray(0, bytes.length));
  return out;
}
