// Turns an inference result into the panel's message payload: standalone ArrayBuffers, a display-sized image,
// class names and colours from the spec. Pure (no vscode import) so unit tests can run it.

import type { ClassSummary, ImagePayload, ResultPayload, ResultView, TopKRow } from '../protocol';
import type { NdArray } from '../core/tensor/types';
import type { Image } from '../core/preprocess/types';
import type { OutputSpec } from '../core/spec/types';

/** The parts of the engine's InferenceResult that the panel uses. */
export interface InferenceResultView {
  backend: string;
  backendDetail: string;
  modelFingerprint: string;
  inputTensor: NdArray;
  output: NdArray;
  outputName: string;
  display?: Image;
  timingsMs: Record<string, number> | object;
  result:
    | { kind: 'segmentation'; width: number; height: number; numClasses: number; labels: Uint8Array;
        probabilities: Float32Array; classFractions: readonly number[] | Float32Array | Float64Array }
    | { kind: 'classification'; topK: readonly { index: number; label: string; probability: number }[] }
    | { kind: 'raw' };
}

/** Images larger than this many pixels are box-downscaled before they are sent to the panel. */
export const MAX_DISPLAY_PIXELS = 2048 * 2048;

/** A standalone ArrayBuffer holding exactly the bytes of `view` (copied only when the view does not own its buffer). */
export function ownBuffer(view: ArrayBufferView): ArrayBuffer {
  const buf = view.buffer;
  if (buf instanceof ArrayBuffer && view.byteOffset === 0 && view.byteLength === buf.byteLength) return buf;
  const copy = new Uint8Array(view.byteLength);
  copy.set(new Uint8Array(buf, view.byteOffset, view.byteLength));
  return copy.buffer;
}

function toUint8(x: number): number {
  return x < 0 ? 0 : x > 255 ? 255 : Math.round(x);
}

/** Converts a decoded image to RGB/RGBA uint8 for display, box-averaging it down to at most `maxPixels` pixels. */
export function displayImage(img: Image, maxPixels = MAX_DISPLAY_PIXELS): ImagePayload {
  const { width, height, channels, data } = img;
  if (channels < 1 || channels > 4 || data.length !== width * height * channels) {
    throw new Error(`Display image has ${data.length} values, expected ${width}×${height}×${channels}.`);
  }
  // uint16 images (16-bit PNG/TIFF) are scaled to 8 bits; float images are assumed to be 0..255.
  const scale = data instanceof Uint16Array ? 255 / 65535 : 1;
  const outChannels: 3 | 4 = channels === 4 || channels === 2 ? 4 : 3;
  const factor = Math.max(1, Math.ceil(Math.sqrt((width * height) / maxPixels)));
  const ow = Math.max(1, Math.floor(width / factor));
  const oh = Math.max(1, Math.floor(height / factor));
  const out = new Uint8Array(ow * oh * outChannels);
  const acc = new Float64Array(4);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      acc.fill(0);
      let n = 0;
      for (let dy = 0; dy < factor; dy++) {
        const sy = Math.min(height - 1, y * factor + dy);
        for (let dx = 0; dx < factor; dx++) {
          const sx = Math.min(width - 1, x * factor + dx);
          const s = (sy * width + sx) * channels;
          if (channels <= 2) {
            acc[0] += data[s]; acc[1] += data[s]; acc[2] += data[s];
            if (channels === 2) acc[3] += data[s + 1];
          } else {
            acc[0] += data[s]; acc[1] += data[s + 1]; acc[2] += data[s + 2];
            if (channels === 4) acc[3] += data[s + 3];
          }
          n++;
        }
      }
      const d = (y * ow + x) * outChannels;
      for (let c = 0; c < outChannels; c++) out[d + c] = toUint8((acc[c] / n) * scale);
    }
  }
  return { width: ow, height: oh, channels: outChannels, pixels: out.buffer };
}

/** The label of class `i`: the spec's name, else "class i". */
export function labelName(labels: readonly string[], i: number): string {
  return i < labels.length && labels[i].trim() !== '' ? labels[i] : `class ${i}`;
}

/** Minimum, maximum and mean of a tensor as one line of text, for outputs the panel cannot draw. */
export function summarizeTensor(t: NdArray): string {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let nan = 0;
  const n = t.data.length;
  for (let i = 0; i < n; i++) {
    const v = Number(t.data[i]);
    if (Number.isNaN(v)) { nan++; continue; }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const counted = n - nan;
  const fmt = (v: number): string => (Number.isFinite(v) ? String(+v.toPrecision(6)) : String(v));
  const parts = [`${t.dtype} [${t.shape.join(', ')}]`, `${n.toLocaleString('en-US')} values`];
  if (counted > 0) parts.push(`min ${fmt(min)}`, `max ${fmt(max)}`, `mean ${fmt(sum / counted)}`);
  if (nan > 0) parts.push(`${nan} NaN`);
  return parts.join(' · ');
}

function buildView(r: InferenceResultView, outputSpec: Pick<OutputSpec, 'labels' | 'colors'>): ResultView {
  const res = r.result;
  if (res.kind === 'segmentation') {
    const pixels = res.width * res.height;
    const channels = pixels > 0 ? Math.round(res.probabilities.length / pixels) : 0;
    const classes: ClassSummary[] = [];
    for (let i = 0; i < res.numClasses; i++) {
      classes.push({
        index: i,
        label: labelName(outputSpec.labels, i),
        color: outputSpec.colors[i] ?? '',
        fraction: Math.min(1, Math.max(0, Number(res.classFractions[i] ?? 0))),
      });
    }
    const probabilities = channels * pixels === res.probabilities.length ? res.probabilities : new Float32Array(0);
    return {
      kind: 'segmentation', width: res.width, height: res.height, numClasses: res.numClasses,
      labels: ownBuffer(res.labels), probabilities: ownBuffer(probabilities),
      probabilityChannels: probabilities.length === 0 ? 0 : channels, classes,
    };
  }
  if (res.kind === 'classification') {
    const topK: TopKRow[] = res.topK.map((t) => ({ index: t.index, label: t.label, probability: t.probability }));
    return { kind: 'classification', topK };
  }
  return { kind: 'raw', summary: summarizeTensor(r.output) };
}

function numericTimings(t: object): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(t)) if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}

/**
 * A tensor that looks like one image ([1,H,W,C] / [H,W,C] in NHWC, [1,C,H,W] in NCHW, C = 1 or 3) as a displayable
 * image, min–max stretched to 0..255; undefined for any other shape. Used when the input was a tensor file.
 */
export function tensorAsImage(t: NdArray, layout: 'NHWC' | 'NCHW'): Image | undefined {
  let dims = [...t.shape];
  if (dims.length === 4 && dims[0] === 1) dims = dims.slice(1);
  if (dims.length !== 3) return undefined;
  const [h, w, c] = layout === 'NCHW' ? [dims[1], dims[2], dims[0]] : dims;
  if ((c !== 1 && c !== 3) || h < 1 || w < 1) return undefined;
  const n = h * w * c;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = Number(t.data[i]);
    if (Number.isFinite(v)) { if (v < min) min = v; if (v > max) max = v; }
  }
  const span = max > min ? max - min : 1;
  const data = new Uint8Array(n);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let ch = 0; ch < c; ch++) {
        const src = layout === 'NCHW' ? ch * h * w + y * w + x : (y * w + x) * c + ch;
        const v = Number(t.data[src]);
        data[(y * w + x) * c + ch] = Number.isFinite(v) ? toUint8(((v - min) / span) * 255) : 0;
      }
    }
  }
  return { width: w, height: h, channels: c, data };
}

/** Builds the showResult payload for one file. */
export function buildResultPayload(
  file: string,
  r: InferenceResultView,
  outputSpec: Pick<OutputSpec, 'labels' | 'colors'>,
  maxDisplayPixels = MAX_DISPLAY_PIXELS,
  inputLayout: 'NHWC' | 'NCHW' = 'NHWC',
): ResultPayload {
  const base = file.split(/[\\/]/).pop() ?? file;
  const payload: ResultPayload = {
    fileName: base,
    filePath: file,
    backend: r.backend,
    backendDetail: r.backendDetail,
    modelFingerprint: r.modelFingerprint,
    outputName: r.outputName,
    timingsMs: numericTimings(r.timingsMs),
    input: { shape: [...r.inputTensor.shape], dtype: r.inputTensor.dtype },
    output: { shape: [...r.output.shape], dtype: r.output.dtype },
    view: buildView(r, outputSpec),
  };
  const shown = r.display ?? tensorAsImage(r.inputTensor, inputLayout);
  if (shown) payload.image = displayImage(shown, maxDisplayPixels);
  return payload;
}
