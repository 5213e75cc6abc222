// A .tflite model as one side of a comparison: its signature with quantization, its operators as layers (named by
// their output tensors), its constant tensors as weights, and a run that returns every operator output (LiteRT.js).
import * as fs from 'node:fs';
import type { TfliteModel, TfliteQuantization, TfliteTensorSig } from '../infer/tflite';
import type { NdArray } from '../tensor/types';
import type { GraphLayer, SignatureTensor } from './types';
import type { WeightTensor } from './weights';

/** What the comparison needs from a loaded .tflite model. */
export interface TfliteSide {
  model: TfliteModel;
  fingerprint: string;
  inputs: SignatureTensor[];
  outputs: SignatureTensor[];
  layers: GraphLayer[];
  /** How many of its constant tensors are stored quantized (int8/uint8/int16 with a scale), e.g. after int8 conversion. */
  quantizedWeights: number;
  weights(): WeightTensor[];
  run(x: NdArray): Promise<{ output: NdArray; layers: Map<string, NdArray> }>;
}

/** Loads a .tflite model with LiteRT.js (ModelError for a corrupt file or an op it cannot run). */
export async function openTflite(file: string): Promise<TfliteSide> {
  const { loadTfliteModel } = await import('../infer/tflite');
  const model = await loadTfliteModel(file);
  const graph = model.graph;
  const st = fs.statSync(file);
  const weightName = constantNames(model);
  const nameOf = (i: number): string => weightName.get(i) ?? graph.tensors[i]?.name ?? '';
  const layers: GraphLayer[] = model.operators().flatMap((op) =>
    op.outputs
      .filter((t) => t >= 0)
      .map((t) => {
        const inputs = op.inputs.filter((i) => i >= 0);
        return {
          name: graph.tensors[t]?.name ?? `tensor ${t}`,
          op: op.op,
          inputs: inputs.map(nameOf),
          weights: inputs.filter((i) => graph.tensors[i]?.isConstant).map(nameOf),
        };
      }),
  );
  const quantizedWeights = model.listTensors().filter((t) => t.isConstant && t.quantization !== undefined && /^u?int(8|16)$/.test(t.dtype)).length;
  return {
    model,
    fingerprint: `${st.size}:${st.mtimeMs}`,
    layers,
    quantizedWeights,
    inputs: model.inputs.map(sigOf),
    outputs: model.outputs.map(sigOf),
    weights: () =>
      model
        .listTensors()
        .filter((t) => t.isConstant && t.shape.length > 0 && (t.dtype !== 'int32' || t.quantization !== undefined))
        .map((t) => {
          const data = model.readTensor(t.index);
          const name = weightName.get(t.index) ?? t.name;
          return { name, shape: [...t.shape], storage: t.quantization ? `${t.dtype} (quantized)` : t.dtype, values: data.values };
        }),
    async run(x) {
      const values = x.data instanceof Float32Array ? x.data : Float32Array.from(x.data as ArrayLike<number>);
      const res = await model.runWithIntermediates(values);
      const out = res.outputs[0];
      const layersOut = new Map<string, NdArray>();
      for (const t of res.tensors) layersOut.set(t.name, { dtype: 'float32', shape: t.shape, data: t.values });
      const output: NdArray = out ? { dtype: 'float32', shape: out.shape, data: out.values } : { dtype: 'float32', shape: [0], data: new Float32Array(0) };
      return { output, layers: layersOut };
    },
  };
}

/** Names the TFLite converter gives constants without saying what they are ("arith.constant3", "Const_12"). */
const GENERIC_CONSTANT = /^(?:arith\.constant|tfl\.pseudo_(?:q|sparse_)?const|Const|const)(?:_?\d+)?$/;

/** What each input of a weighted op is, by position. */
const INPUT_ROLES: Record<string, string[]> = {
  CONV_2D: ['input', 'filter', 'bias'],
  DEPTHWISE_CONV_2D: ['input', 'filter', 'bias'],
  CONV_3D: ['input', 'filter', 'bias'],
  FULLY_CONNECTED: ['input', 'weights', 'bias'],
  TRANSPOSE_CONV: ['output_shape', 'weights', 'input', 'bias'],
};

/**
 * Readable names for constants with a generic name: the scope of the first op that reads it and its role there
 * ("functional_1/conv2d_2_1/filter" for "arith.constant"), so a weights diff says which layer's kernel changed and
 * two conversions of one model (float and int8 name their constants differently) match weights by name.
 */
function constantNames(model: TfliteModel): Map<number, string> {
  const tensors = model.graph.tensors;
  const out = new Map<number, string>();
  const taken = new Set(tensors.map((t) => t?.name ?? ''));
  for (const op of model.operators()) {
    const produced = op.outputs.find((t) => t >= 0);
    const first = (produced !== undefined ? tensors[produced]?.name : undefined)?.split(';')[0] ?? op.op;
    const scope = first.includes('/') ? first.slice(0, first.lastIndexOf('/')) : first;
    op.inputs.forEach((i, k) => {
      const t = i >= 0 ? tensors[i] : undefined;
      if (!t?.isConstant || out.has(i) || !GENERIC_CONSTANT.test(t.name)) return;
      const role = INPUT_ROLES[op.op]?.[k] ?? `input ${k}`;
      const name = `${scope}/${role}`;
      if (!taken.has(name)) {
        out.set(i, name);
        taken.add(name);
      }
    });
  }
  return out;
}

function sigOf(s: TfliteTensorSig): SignatureTensor {
  const t: SignatureTensor = { name: s.name, shape: [...s.shape], dtype: s.dtype };
  if (s.quantization) t.quantization = describeQuantization(s.quantization, s.dtype);
  return t;
}

/** "int8 scale 0.00392 zero point -128" (per-tensor) or "int8 per-axis (16 scales)". */
export function describeQuantization(q: TfliteQuantization, dtype: string): string {
  if (q.scale.length === 1) return `${dtype} scale ${Number((q.scale[0] ?? 0).toPrecision(3))} zero point ${q.zeroPoint[0] ?? 0}`;
  return `${dtype} per-axis (${q.scale.length} scales, axis ${q.quantizedDimension})`;
}
