// The preprocessing pipeline: decode → colour → resize → normalize → layout, keeping every stage for the UI.
// Library "sharp" on a file sharp decodes runs in a different order, as a JS pipeline does: the resized stage is one
// sharp(file)[.rotate()].resize(w, h, { kernel, fit }).raw() call on the file (shrink-on-load and embedded ICC
// profiles included), and the colour steps (alpha, grey, BGR) follow on sharp's 8-bit sRGB(A) output, before padding.
// The decoded and colour stages are still computed from our own decode, for display.

import type { InputSpec } from '../spec/types';
import type { DType, NdArray } from '../tensor/types';
import { convertColor, convertColorAs, type IntImage } from './color';
import { decodeImage, type DecodedImage } from './decode';
import { hwcArray, toLayout } from './layout';
import { normalizePixels, toInputDtype } from './normalize';
import { sharpJpegShrinkOnLoad } from './kernels/sharp';
import { cropImage, cropRegion, fitPlacement, resizeFileWithSharpAsync, resizeImage, resizeImageAsync, type FloatImage } from './resize';
import type { CropRegion, Image, PreprocessResult, PreprocessStage } from './types';
import { JAVA2D_CALLS } from './kernels/java2d';

/** Decodes `file` and preprocesses it per `input`; throws ImageError for unreadable images, SpecError for unsupported settings. */
export async function preprocessImage(file: string, input: InputSpec, limits: { maxPixels: number }): Promise<PreprocessResult> {
  const decoded = await decodeImage(file, {
    applyExif: input.applyExif,
    maxPixels: limits.maxPixels,
    library: input.resize.library,
    ...(input.decoder ? { decoder: input.decoder } : {}),
  });
  return preprocessDecodedFile(file, decoded, input, limits);
}

/**
 * The stages after decoding for an image already decoded from `file` (with input.applyExif): sharp runs on the file
 * itself, as a JS pipeline would (shrink-on-load); every other library works on `decoded`'s pixels.
 */
export async function preprocessDecodedFile(file: string, decoded: DecodedImage, input: InputSpec, limits: { maxPixels: number }): Promise<PreprocessResult> {
  if (input.resize.library !== 'sharp') return preprocessDecoded(decoded, input);
  const { stages, colored } = colorStages(decoded, input);
  // Our BMP reader's pixels have no file sharp could open: sharp resizes them raw.
  if (decoded.format === 'bmp') return finishStages(decoded, input, stages, colored, await resizeImageAsync(colored, input.width, input.height, input.resize));
  let steps: string[] = [];
  const resized = await resizeFileWithSharpAsync(
    file,
    decoded.width,
    decoded.height,
    input.width,
    input.height,
    input.resize,
    { autoOrient: input.applyExif, maxPixels: limits.maxPixels },
    (img) => {
      const c = convertColorAs(img as IntImage, 'sharp', input.colorOrder, input.alpha, 8);
      steps = c.steps;
      return c.image;
    },
  );
  return finishStages(decoded, input, stages, colored, resized, describeSharpFile(decoded, input, steps));
}

/** The sharp call behind the resized stage, its shrink-on-load, and the colour steps that follow it. */
function describeSharpFile(decoded: DecodedImage, input: InputSpec, steps: string[]): string {
  const r = input.resize;
  const crop = r.fit === 'crop';
  const place = fitPlacement(decoded.width, decoded.height, input.width, input.height, r.fit);
  const [w, h] = crop ? [input.width, input.height] : [place.width, place.height];
  const fit = crop ? "fit: 'cover', position: 'centre'" : "fit: 'fill'";
  let text = `one call on the file: sharp(file)${input.applyExif ? '.rotate()' : ''}.resize(${w}, ${h}, { kernel: '${r.method}', ${fit} }).raw()`;
  const shrink = Math.min(decoded.width / w, decoded.height / h);
  const jpeg = decoded.format === 'jpeg' ? sharpJpegShrinkOnLoad(decoded.width, decoded.height, w, h) : 1;
  if (jpeg > 1) text += ` (shrink-on-load: the JPEG is decoded at 1/${jpeg} scale)`;
  else if (decoded.format === 'webp' && shrink > 1) text += ' (shrink-on-load: the WebP is decoded scaled by 1/' + String(Number(shrink.toFixed(3))) + ')';
  if (decoded.bitDepth === 16) text += ' (8-bit output: sharp reduces the 16-bit samples)';
  return `${text}; then ${steps.join('; ')}`;
}

/** Preprocesses an already decoded image per `input` (synchronous; the stages after decoding). */
export function preprocessDecoded(decoded: DecodedImage, input: InputSpec): PreprocessResult {
  const { stages, colored } = colorStages(decoded, input);
  return finishStages(decoded, input, stages, colored, resizeImage(colored, input.width, input.height, input.resize));
}

function colorStages(decoded: DecodedImage, input: InputSpec): { stages: PreprocessStage[]; colored: Image } {
  const stages: PreprocessStage[] = [];
  const intDtype: DType = decoded.bitDepth === 16 ? 'uint16' : 'uint8';
  stages.push({ name: 'decoded', tensor: imageArray(decoded, intDtype), description: describeDecoded(decoded, input.applyExif) });

  // Channels as the named library reads them: alpha dropped (or composited per the spec), grey replicated, 16-bit → 8-bit.
  const { image: colored, steps } = convertColorAs(decoded, input.resize.library, input.colorOrder, input.alpha, decoded.bitDepth);
  stages.push({
    name: 'color',
    tensor: imageArray(colored, 'uint8'),
    description: steps.length ? steps.join('; ') : `already ${input.colorOrder}`,
  });
  return { stages, colored };
}

function finishStages(decoded: DecodedImage, input: InputSpec, stages: PreprocessStage[], colored: Image, resized: FloatImage, how?: string): PreprocessResult {
  const { width, height } = input;
  const placement = fitPlacement(colored.width, colored.height, width, height, input.resize.fit);
  const crop = input.resize.fit === 'crop' ? cropRegion(colored.width, colored.height, width, height, input.resize.library) : undefined;
  stages.push({
    name: 'resized',
    tensor: imageArray(resized, 'float32'),
    description: describeResize(colored, input, placement, crop) + (how ? `: ${how}` : ''),
  });

  const values = toInputDtype(normalizePixels(resized, input.scale, input.mean, input.std), input.dtype);
  const channels = resized.channels;
  stages.push({
    name: 'normalized',
    tensor: hwcArray(values, input.dtype, height, width, channels),
    description: describeNormalize(input),
  });

  const tensor = toLayout(values, input.dtype, height, width, channels, input.layout);
  stages.push({ name: 'layout', tensor, description: `${input.layout} [${tensor.shape.join(', ')}] ${input.dtype}: the model input` });
  const display = displayImage(decoded, input);
  // With fit "crop" the model input shows only the crop: the overlay is drawn on that region.
  if (crop) return { tensor, stages, display: cropImage(display, crop), placement, crop };
  return { tensor, stages, display, placement };
}

function imageArray(img: Image, dtype: DType): NdArray {
  return hwcArray(img.data, dtype, img.height, img.width, img.channels);
}

/** The decoded picture as RGB uint8 (alpha handled per the spec, 16-bit scaled down) for drawing overlays. */
function displayImage(decoded: DecodedImage, input: InputSpec): Image {
  const rgb = convertColor(decoded, 'RGB', input.alpha, decoded.bitDepth);
  if (decoded.bitDepth === 8) return rgb;
  const data = new Uint8Array(rgb.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(rgb.data[i] / 257);
  return { width: rgb.width, height: rgb.height, channels: 3, data };
}

const CHANNEL_NAMES: Record<number, string> = { 1: 'grey', 2: 'grey + alpha', 3: 'RGB', 4: 'RGBA' };

function describeDecoded(img: DecodedImage, applyExif: boolean): string {
  let text = `${img.format.toUpperCase()} ${img.width}×${img.height}, ${CHANNEL_NAMES[img.channels] ?? `${img.channels} channels`}, ${img.bitDepth}-bit`;
  if (img.orientation !== undefined && img.orientation !== 1) {
    text += applyExif ? `; EXIF orientation ${img.orientation} applied` : `; EXIF orientation ${img.orientation} ignored (applyExif is false)`;
  }
  if (img.decoder === 'tf') text += '; decoded as tf.io.decode_jpeg does (default dct_method: the fast integer IDCT)';
  if (img.decoderNote) text += `; ${img.decoderNote}`;
  if (img.warnings) text += `; decoder warning: ${img.warnings.join('; ')} (the file is damaged, parts may be grey)`;
  return text;
}

function describeResize(src: Image, input: InputSpec, place: { left: number; top: number; width: number; height: number }, crop?: CropRegion): string {
  const r = input.resize;
  const flags: string[] = [];
  if (r.library === 'tf') {
    const align = r.alignCorners ?? false;
    flags.push(align ? 'align_corners' : (r.halfPixelCenters ?? true) ? 'half-pixel centres' : 'legacy corners');
    flags.push(`antialias ${r.antialias ? 'on' : 'off'}`);
  }
  if (r.library === 'java2d' && JAVA2D_CALLS[r.method] !== undefined) flags.push(JAVA2D_CALLS[r.method]);
  let text = `${r.library} ${r.method}${flags.length ? ` (${flags.join(', ')})` : ''} ${src.width}×${src.height} → ${place.width}×${place.height}`;
  if (r.fit === 'stretch') return text + ', stretched';
  if (crop) {
    const n = (v: number): string => String(Number(v.toFixed(2)));
    const how = r.library === 'pil' ? 'ImageOps.fit' : r.library === 'sharp' ? "fit 'cover'" : 'smart_resize';
    return `${text}, centre-cropped (${how}) to x=${n(crop.left)}, y=${n(crop.top)}, ${n(crop.width)}×${n(crop.height)} first`;
  }
  text += ` (${r.fit}), placed at x=${place.left}, y=${place.top} in ${input.width}×${input.height}`;
  if (place.width !== input.width || place.height !== input.height) text += `, padded with ${r.padValue}`;
  return text;
}

function describeNormalize(input: InputSpec): string {
  const fmt = (v: number): string => String(Number(v.toPrecision(6)));
  const identity = input.mean.every((v) => v === 0) && input.std.every((v) => v === 1);
  let text = identity ? `x × ${fmt(input.scale)}` : `(x × ${fmt(input.scale)} − [${input.mean.map(fmt).join(', ')}]) / [${input.std.map(fmt).join(', ')}]`;
  text += ` in float32 → ${input.dtype}`;
  return text;
}
