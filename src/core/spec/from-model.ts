// A spec for the user's own model: read the model's input signature (no TensorFlow.js needed), then build a
// tensorparity.json from the answers to four questions (colour order, size, normalisation, library).

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ModelError } from '../infer/errors';
import { DEFAULT_RESIZE_METHOD } from './methods';
import type { ColorOrder, Layout, ModelFormat, ResizeLibrary } from './types';

/** One model input or output as the model file declares it (-1 for a size that is not fixed). */
export interface SignatureTensor {
  name: string;
  shape: number[];
  dtype: string;
}

/** What a model file says about its inputs and outputs. */
export interface ModelSignature {
  format: ModelFormat;
  inputs: SignatureTensor[];
  outputs: SignatureTensor[];
}

/** The input size and layout a 4-D image input implies, where the file fixes them. */
export interface ImageInputGuess {
  width?: number;
  height?: number;
  channels?: number;
  layout: Layout;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function dims(shape: unknown): number[] | undefined {
  const dim = isRecord(shape) ? shape.dim : undefined;
  if (isRecord(shape) && shape.unknownRank) return undefined;
  if (!Array.isArray(dim)) return isRecord(shape) ? [] : undefined;
  return dim.map((d) => {
    const n = Number(isRecord(d) ? (d.size ?? -1) : -1);
    return Number.isFinite(n) ? n : -1;
  });
}

function dtypeName(x: unknown): string {
  return typeof x === 'string' ? x.replace(/^DT_/, '').toLowerCase() : 'float32';
}

function graphTensors(sig: unknown): SignatureTensor[] {
  if (!isRecord(sig)) return [];
  return Object.entries(sig).flatMap(([key, v]) => {
    if (!isRecord(v)) return [];
    const name = String(v.name ?? key).replace(/:0$/, '');
    return [{ name, shape: dims(v.tensorShape) ?? [], dtype: dtypeName(v.dtype) }];
  });
}

function layersInputs(topology: Record<string, unknown>): SignatureTensor[] {
  const config = isRecord(topology.model_config) ? topology.model_config.config : topology.config;
  const layers = isRecord(config) && Array.isArray(config.layers) ? config.layers : [];
  const out: SignatureTensor[] = [];
  for (const l of layers) {
    if (!isRecord(l) || !isRecord(l.config)) continue;
    const shape = l.config.batch_input_shape ?? l.config.batch_shape;
    if (!Array.isArray(shape)) continue;
    out.push({
      name: String(l.config.name ?? l.name ?? 'input'),
      shape: shape.map((d) => (typeof d === 'number' ? d : -1)),
      dtype: dtypeName(l.config.dtype),
    });
    if (l.class_name !== 'InputLayer') break; // a Sequential model declares its input shape on the first layer
  }
  return out;
}

/** Reads the inputs and outputs a TensorFlow.js model.json declares; throws ModelError naming the file and the fix. */
export function readModelSignature(modelJsonPath: string): ModelSignature {
  const fix = 'Pick the model.json that tensorflowjs_converter wrote (it sits next to the group1-shard*.bin weight files).';
  if (path.basename(modelJsonPath) === 'saved_model.pb' || /\.(tflite|keras|h5)$/i.test(modelJsonPath)) {
    throw new ModelError(
      `${modelJsonPath}: reading the input signature needs a TensorFlow.js model.json. Convert the model with tensorflowjs_converter, or write tensorparity.json by hand.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(modelJsonPath, 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? 'is not valid JSON' : `could not be read (${err instanceof Error ? err.message : String(err)})`;
    throw new ModelError(`${modelJsonPath} ${why}. ${fix}`);
  }
  if (!isRecord(json) || !isRecord(json.modelTopology))
    throw new ModelError(`${modelJsonPath} has no "modelTopology", so it is not a TensorFlow.js model. ${fix}`);
  const topology = json.modelTopology;
  if (Array.isArray(topology.node)) {
    const sig = isRecord(json.signature) ? json.signature : {};
    let inputs = graphTensors(sig.inputs);
    if (inputs.length === 0) {
      inputs = topology.node.flatMap((n) =>
        isRecord(n) && n.op === 'Placeholder' && isRecord(n.attr)
          ? [
              {
                name: String(n.name),
                shape: dims(n.attr.shape) ?? [],
                dtype: dtypeName(isRecord(n.attr.dtype) ? n.attr.dtype.type : undefined),
              },
            ]
          : [],
      );
    }
    if (inputs.length === 0) throw new ModelError(`${modelJsonPath} declares no inputs (no signature and no Placeholder node). ${fix}`);
    return { format: 'tfjs-graph', inputs, outputs: graphTensors(sig.outputs) };
  }
  const inputs = layersInputs(topology);
  if (inputs.length === 0) throw new ModelError(`${modelJsonPath} is a layers model whose first layer declares no input shape. ${fix}`);
  return { format: 'tfjs-layers', inputs, outputs: [] };
}

/** The image size, channels and layout a [1, H, W, C] or [1, C, H, W] input implies (unknown sizes left out). */
export function guessImageInput(t: SignatureTensor): ImageInputGuess {
  const s = t.shape;
  if (s.length !== 4) return { layout: 'NHWC' };
  const size = (h: number, w: number): Pick<ImageInputGuess, 'height' | 'width'> => ({
    ...(h > 0 ? { height: h } : {}),
    ...(w > 0 ? { width: w } : {}),
  });
  if ((s[1] === 1 || s[1] === 3) && s[3] !== 1 && s[3] !== 3) return { channels: s[1], ...size(s[2], s[3]), layout: 'NCHW' };
  return { ...size(s[1], s[2]), ...(s[3] > 0 ? { channels: s[3] } : {}), layout: 'NHWC' };
}

/** The normalisations a user picks from, as value = (pixel × scale − mean) / std. */
export const NORMALISATIONS = {
  '0..1': { scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], label: 'pixel / 255 → [0, 1]' },
  '-1..1': { scale: 1 / 127.5, mean: [1, 1, 1], std: [1, 1, 1], label: 'pixel / 127.5 − 1 → [−1, 1]' },
  imagenet: { scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], label: 'ImageNet mean/std (torchvision style)' },
  '0..255': { scale: 1, mean: [0, 0, 0], std: [1, 1, 1], label: 'raw pixels 0–255' },
} as const;

/** A normalisation key. */
export type NormalisationKey = keyof typeof NORMALISATIONS;

/** The answers the "create a spec for your model" questions collect. */
export interface SpecAnswers {
  /** Model path relative to the folder the spec is written to, with forward slashes. */
  modelPath: string;
  signature: ModelSignature;
  inputName?: string;
  colorOrder: ColorOrder;
  width: number;
  height: number;
  normalisation: NormalisationKey;
  library: ResizeLibrary;
}

/** The tensorparity.json text for the answers (plain JSON, two-space indent, trailing newline). */
export function specFromAnswers(a: SpecAnswers): string {
  const input = a.signature.inputs.find((t) => t.name === a.inputName) ?? a.signature.inputs[0];
  const guess = guessImageInput(input);
  const n = NORMALISATIONS[a.normalisation];
  const ch = a.colorOrder === 'GRAY' ? 1 : 3;
  const output = a.signature.outputs[0];
  const spec = {
    model: {
      path: a.modelPath,
      format: a.signature.format,
      ...(a.signature.inputs.length > 1 || input.name ? { inputName: input.name } : {}),
      ...(output ? { outputName: output.name } : {}),
    },
    input: {
      width: a.width,
      height: a.height,
      colorOrder: a.colorOrder,
      resize: { library: a.library, method: DEFAULT_RESIZE_METHOD[a.library], fit: 'stretch' },
      scale: n.scale,
      mean: n.mean.slice(0, ch),
      std: n.std.slice(0, ch),
      dtype: input.dtype === 'int32' || input.dtype === 'uint8' ? input.dtype : 'float32',
      layout: guess.layout,
      applyExif: true,
    },
    output: { kind: 'raw' },
    tolerance: { atol: 1e-4, rtol: 1e-3 },
  };
  return JSON.stringify(spec, null, 2) + '\n';
}
