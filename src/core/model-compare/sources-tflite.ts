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
  const layers: GraphLayer[] = model.operators().flatMap((op) =>
    op.outputs
      .filter((t) => t >= 0)
      .map((t) => {
        const inputs = op.inputs.filter((i) => i >= 0).map((i) => graph.tensors[i]);
        return {
          name: graph.tensors[t]?.name ?? `tensor ${t}`,
          op: op.op,
          inputs: inputs.map((i) => i?.name ?? ''),
          weights: inputs.filter((i) => i?.isConstant).map((i) => i?.name ?? ''),
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
          return { name: t.name, shape: [...t.shape], storage: t.quantization ? `${t.dtype} (quantized)` : t.dtype, values: data.values };
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
