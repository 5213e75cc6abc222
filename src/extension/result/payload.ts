// Turns an inference result into the panel's message payload: standalone ArrayBuffers, a display-sized image,
// class names and colours from the spec. Pure (no vscode import) so unit tests can run it.

import type { ClassSummary, ImagePayload, MaskRegion, PreviousResult, ResultPayload, ResultView, TopKRow } from '../../protocol';
import type { NdArray } from '../../core/tensor/types';
import type { Image } from '../../core/preprocess/types';
import type { Layout, OutputSpec } from '../../core/spec/types';
import { imageGeometry } from '../../core/infer/postprocess';
import { toFloat32Array } from '../../core/tensor/ndarray';
import { stemMatch } from '../compare/baseline';
import * as l10n from '../l10n';

/** The parts of the engine's InferenceResult that the panel uses. */
export interface InferenceResultView {
  backend: string;
  backendDetail: string;
  modelFingerprint: string;
  inputTensor: NdArray;
  output: NdArray;
  outputName: string;
  display?: Image;
  /** The preprocessing stages (only their names and descriptions are used). */
  stages?: readonly { name: string; description: string }[];
  /** Where the resized image sits in the model input (keep-aspect/letterbox padding); absent = all of it. */
  placement?: { left: number; top: number; width: number; height: number };
  timingsMs: Record<string, number> | object;
  result:
    | {
        kind: 'segmentation';
        width: number;
        height: number;
        numClasses: number;
        labels: Uint8Array;
        probabilities: Float32Array;
        classFractions: readonly number[] | Float32Array | Float64Array;
      }
    | { kind: 'classification'; topK: readonly { index: number; label: string; probability: number }[] }
    | { kind: 'raw' };
}

/** The spec fields the payload uses: class names and colours, and the activation (to know if raw values differ). */
export type PayloadOutputSpec = Pick<OutputSpec, 'labels' | 'colors'> & Partial<Pick<OutputSpec, 'activation'>>;

/** Raw output values are sent for the hover readout only up to this many values (the probabilities always are). */
export const MAX_RAW_VALUES = 4 * 1024 * 1024;

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
    throw new Error(l10n.t('Display image has {0} values, expected {1}×{2}×{3}.', data.length, width, height, channels));
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
            acc[0] += data[s];
            acc[1] += data[s];
            acc[2] += data[s];
            if (channels === 2) acc[3] += data[s + 1];
          } else {
            acc[0] += data[s];
            acc[1] += data[s + 1];
            acc[2] += data[s + 2];
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
  return i < labels.length && labels[i].trim() !== '' ? labels[i] : l10n.t('class {0}', i);
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
    if (Number.isNaN(v)) {
      nan++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const counted = n - nan;
  const fmt = (v: number): string => (Number.isFinite(v) ? String(+v.toPrecision(6)) : String(v));
  const parts = [`${t.dtype} [${t.shape.join(', ')}]`, l10n.t('{0} values', n.toLocaleString('en-US'))];
  if (counted > 0) parts.push(l10n.t('min {0}', fmt(min)), l10n.t('max {0}', fmt(max)), l10n.t('mean {0}', fmt(sum / counted)));
  if (nan > 0) parts.push(l10n.t('{0} NaN', nan));
  return parts.join(' · ');
}

/**
 * The raw output (before the activation) in the probabilities' H×W×C order, when an activation changed the values
 * and the output is image-shaped and not too large; undefined otherwise.
 */
export function rawOutputValues(output: NdArray, layout: Layout, activation: OutputSpec['activation'] | undefined, expected: number): Float32Array | undefined {
  if (!activation || activation === 'none' || expected === 0 || expected > MAX_RAW_VALUES) return undefined;
  let g: ReturnType<typeof imageGeometry>;
  try {
    g = imageGeometry(output.shape, layout);
  } catch {
    return undefined;
  }
  if (g.h * g.w * g.c !== expected) return undefined;
  const src = toFloat32Array(output);
  const out = new Float32Array(expected);
  for (let y = 0, o = 0; y < g.h; y++) {
    for (let x = 0; x < g.w; x++) {
      const base = y * g.sh + x * g.sw;
      for (let k = 0; k < g.c; k++) out[o++] = src[base + k * g.sc];
    }
  }
  return out;
}

/**
 * Where the picture sits in the mask, in mask pixels, from where preprocessing put the resized image in the
 * model input (keep-aspect/letterbox); undefined when it fills the whole input.
 */
export function maskRegionFor(
  placement: InferenceResultView['placement'],
  input: NdArray,
  layout: Layout,
  maskWidth: number,
  maskHeight: number,
): MaskRegion | undefined {
  if (!placement || placement.width <= 0 || placement.height <= 0) return undefined;
  const dims = input.shape.length === 4 ? input.shape.slice(1) : input.shape;
  if (dims.length !== 3) return undefined;
  const [ih, iw] = layout === 'NCHW' ? [dims[1], dims[2]] : [dims[0], dims[1]];
  if (!(iw > 0 && ih > 0)) return undefined;
  if (placement.left === 0 && placement.top === 0 && placement.width === iw && placement.height === ih) return undefined;
  const sx = maskWidth / iw;
  const sy = maskHeight / ih;
  return { left: placement.left * sx, top: placement.top * sy, width: placement.width * sx, height: placement.height * sy };
}

function buildView(r: InferenceResultView, outputSpec: PayloadOutputSpec, layout: Layout): ResultView {
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
    const view: ResultView = {
      kind: 'segmentation',
      width: res.width,
      height: res.height,
      numClasses: res.numClasses,
      labels: ownBuffer(res.labels),
      probabilities: ownBuffer(probabilities),
      probabilityChannels: probabilities.length === 0 ? 0 : channels,
      classes,
    };
    const raw = rawOutputValues(r.output, layout, outputSpec.activation, probabilities.length);
    if (raw) view.rawValues = ownBuffer(raw);
    const region = maskRegionFor(r.placement, r.inputTensor, layout, res.width, res.height);
    if (region) view.maskRegion = region;
    return view;
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
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
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

/** Builds the resultShow message's payload for one file. */
export function buildResultPayload(
  file: string,
  r: InferenceResultView,
  outputSpec: PayloadOutputSpec,
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
    view: buildView(r, outputSpec, inputLayout),
  };
  const shown = r.display ?? tensorAsImage(r.inputTensor, inputLayout);
  if (shown) payload.image = displayImage(shown, maxDisplayPixels);
  if (r.stages && r.stages.length > 0) payload.preprocessing = r.stages.map((st) => ({ stage: st.name, description: st.description }));
  return payload;
}

/** One earlier result the panel remembers, with when it arrived. */
export interface RememberedResult {
  result: ResultPayload;
  at: Date;
}

const TENSOR_FILE = /\.(npy|npz|bin|raw)$/i;

function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function clock(at: Date): string {
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((v) => String(v).padStart(2, '0')).join(':');
}

/**
 * The baseline to compare a result with by default: the newest earlier run of the same file, else the newest result
 * whose file has the same image name (a dump "astronaut.cpp.npy" and the image "astronaut.png"), else (when one of
 * the two is a tensor dump) the newest result whose model input and mask have the same shape.
 * Only segmentations are compared. `history` is oldest first.
 */
export function pickPrevious(history: readonly RememberedResult[], result: ResultPayload): PreviousResult | undefined {
  const best = scoreBaselines(history, result)[0];
  return best && best.score > 0 ? best.item : undefined;
}

/** Every remembered segmentation that can be a baseline for `result`, best first (see pickPrevious), labelled. */
export function rankBaselines(history: readonly RememberedResult[], result: ResultPayload): PreviousResult[] {
  return scoreBaselines(history, result).map((s) => s.item);
}

function scoreBaselines(history: readonly RememberedResult[], result: ResultPayload): { score: number; order: number; item: PreviousResult }[] {
  const view = result.view;
  if (view.kind !== 'segmentation') return [];
  const scored: { score: number; order: number; item: PreviousResult }[] = [];
  history.forEach((h, order) => {
    const hv = h.result.view;
    if (hv.kind !== 'segmentation' || h.result === result) return;
    if (h.result.filePath === result.filePath) {
      scored.push({ score: 10, order, item: { label: l10n.t('Previous run of {0} at {1}', h.result.fileName, clock(h.at)), result: h.result } });
      return;
    }
    const stem = stemMatch(h.result.filePath, result.filePath);
    if (stem > 0) {
      scored.push({
        score: 5 + stem,
        order,
        item: { label: l10n.t('{0} at {1} (same image name)', h.result.fileName, clock(h.at)), result: h.result },
      });
      return;
    }
    const sameShape = shapesEqual(h.result.input.shape, result.input.shape) && hv.width === view.width && hv.height === view.height;
    if (sameShape && (TENSOR_FILE.test(result.filePath) || TENSOR_FILE.test(h.result.filePath))) {
      scored.push({
        score: 2,
        order,
        item: { label: l10n.t('{0} at {1} (same input shape [{2}])', h.result.fileName, clock(h.at), result.input.shape.join(', ')), result: h.result },
      });
      return;
    }
    scored.push({ score: 0, order, item: { label: l10n.t('{0} at {1}', h.result.fileName, clock(h.at)), result: h.result } });
  });
  // Only a same-file, same-name or same-shape result is picked by default; the others are offered in the picker.
  return scored.sort((a, b) => b.score - a.score || b.order - a.order);
}

/** Adds `result` to the history (replacing an older result of the same file), keeping the newest `max`. */
export function remember(history: RememberedResult[], result: ResultPayload, at = new Date(), max = 8): void {
  const old = history.findIndex((h) => h.result.filePath === result.filePath);
  if (old >= 0) history.splice(old, 1);
  history.push({ result, at });
  while (history.length > max) history.shift();
}

/** The file paths saved in a result panel's webview state (what a restored panel re-runs); [] when there are none. */
export function restoredFilePaths(state: unknown): string[] {
  if (typeof state !== 'object' || state === null || !('files' in state)) return [];
  const files = (state as { files: unknown }).files;
  if (!Array.isArray(files)) return [];
  const paths: string[] = [];
  for (const f of files) {
    const p = typeof f === 'object' && f !== null && 'path' in f ? (f as { path: unknown }).path : undefined;
    if (typeof p === 'string' && p.length > 0 && p.length < 4096 && !paths.includes(p)) paths.push(p);
  }
  return paths.slice(0, 1000);
}
