// A .tflite model loaded for inference with LiteRT.js and for inspection from its flatbuffer: signature with
// quantization, run() that quantizes inputs and dequantizes outputs, every tensor, constant tensors' values,
// operators in execution order, and intermediate tensors (exposed as extra outputs by rewriting the flatbuffer).

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { CompiledModel, Tensor as LiteRtTensor } from '@litertjs/core';
import { ModelError } from '../errors';
import { CorruptFlatbuffer } from './flatbuffer';
import { dequantizeValues, quantizeValues, toNumbers, typedFromBytes, type TfliteTypedArray } from './quantize';
import { intermediateOutputName, withExtraOutputs, withStaticShapes } from './rewrite';
import { loadLiteRtRuntime, type LiteRtRuntime } from './runtime';
import { elementBytes, parseTflite, type TfliteGraph, type TfliteOperatorInfo, type TfliteQuantization, type TfliteTensorInfo } from './schema';

/** One input or output of the model's signature. */
export interface TfliteTensorSig {
  /** Signature name (e.g. "image"), or the tensor name when the model has no signature. */
  name: string;
  tensorIndex: number;
  tensorName: string;
  shape: number[];
  dtype: string;
  quantization?: TfliteQuantization;
}

/** Input values: float values (quantized per the signature when the input is int8/uint8), positional or by name. */
export type TfliteInputs = ArrayLike<number> | readonly ArrayLike<number>[] | Record<string, ArrayLike<number>>;

/** One output (or intermediate) tensor after a run. */
export interface TfliteTensorValue {
  name: string;
  tensorIndex: number;
  shape: number[];
  /** The model's type for this tensor (int8 when quantized). */
  dtype: string;
  /** Real values: dequantized when the tensor is quantized. */
  values: Float32Array;
  quantization?: TfliteQuantization;
}

/** A constant tensor's stored values. */
export interface TfliteTensorData {
  info: TfliteTensorInfo;
  /** The stored numbers in the file's type (float16 read as Float32Array). */
  raw: TfliteTypedArray;
  /** Real values (dequantized with the tensor's scale and zero point when it has them). */
  values: Float32Array;
}

/** The intermediate tensors of one run, in operator execution order. */
export interface TfliteIntermediates {
  outputs: TfliteTensorValue[];
  /** Every non-constant operator output, in execution order, with the operator that produced it. */
  tensors: (TfliteTensorValue & { operator: number; op: string })[];
}

/** A loaded .tflite model. */
export interface TfliteModel {
  readonly file: string;
  /** "LiteRT.js 2.x (compat wasm)" etc.: what runs the model. */
  readonly runtime: string;
  readonly inputs: TfliteTensorSig[];
  readonly outputs: TfliteTensorSig[];
  /** Runs the model: inputs are quantized to the input type, outputs dequantized to real values. */
  run(inputs: TfliteInputs): Promise<TfliteTensorValue[]>;
  /** Runs the model once returning every operator output as well. */
  runWithIntermediates(inputs: TfliteInputs): Promise<TfliteIntermediates>;
  /** Every tensor of the main subgraph. */
  listTensors(): TfliteTensorInfo[];
  /** A constant tensor's values (weights, biases); throws ModelError for a non-constant tensor. */
  readTensor(index: number): TfliteTensorData;
  /** Operators of the main subgraph in execution order. */
  operators(): TfliteOperatorInfo[];
  /** The parsed flatbuffer structure. */
  readonly graph: TfliteGraph;
  /** Frees the runtime's memory for this model. */
  dispose(): void;
}

const CONVERT_HINT =
  'Re-export it with tf.lite.TFLiteConverter (e.g. `converter = tf.lite.TFLiteConverter.from_saved_model(dir); open("model.tflite", "wb").write(converter.convert())`)';
const RUNTIME_TYPES = new Set(['float32', 'int32', 'uint8', 'int8']);

/** Parses .tflite bytes; a structural problem becomes a ModelError naming the file. */
export function parseTfliteFile(bytes: Uint8Array, file: string): TfliteGraph {
  try {
    return parseTflite(bytes);
  } catch (e) {
    if (e instanceof CorruptFlatbuffer || e instanceof RangeError) {
      throw new ModelError(`${file} is not a valid .tflite model (${e.message}). The file may be truncated or not a TFLite flatbuffer. ${CONVERT_HINT}.`, file);
    }
    throw e;
  }
}

function signatureOf(graph: TfliteGraph): { key?: string; inputs: TfliteTensorSig[]; outputs: TfliteTensorSig[] } {
  const sigs = graph.signatures.filter((s) => s.subgraphIndex === 0);
  const sig = sigs.find((s) => s.key === 'serving_default') ?? sigs[0];
  const toSig = (name: string, tensorIndex: number): TfliteTensorSig => {
    const t = graph.tensors[tensorIndex];
    const s: TfliteTensorSig = { name, tensorIndex, tensorName: t.name, shape: t.shape, dtype: t.dtype };
    if (t.quantization) s.quantization = t.quantization;
    return s;
  };
  if (sig)
    return {
      key: sig.key,
      inputs: sig.inputs.map((m) => toSig(m.name, m.tensorIndex)),
      outputs: sig.outputs.map((m) => toSig(m.name, m.tensorIndex)),
    };
  return {
    inputs: graph.inputs.map((i) => toSig(graph.tensors[i].name, i)),
    outputs: graph.outputs.map((i) => toSig(graph.tensors[i].name, i)),
  };
}

function checkRunnable(graph: TfliteGraph, file: string): void {
  const custom = graph.operators.filter((o) => o.custom);
  if (custom.length) {
    const names = [...new Set(custom.map((o) => o.op))];
    const flex = names.some((n) => n.startsWith('Flex'));
    throw new ModelError(
      `${file} uses the custom op${names.length > 1 ? 's' : ''} ${names.join(', ')} (operator ${custom[0].index}), which LiteRT.js cannot run` +
        (flex ? ' (Flex ops are TensorFlow ops kept by SELECT_TF_OPS; they need the TensorFlow runtime).' : '.') +
        ' Convert with only builtin ops (converter.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS]) and replace the layer that needs it.',
      file,
    );
  }
}

/** Makes a ModelError from a LiteRT.js failure, naming the op when the runtime's message or log names one. */
function runtimeError(e: unknown, file: string, graph: TfliteGraph, what: string, log: string[]): ModelError {
  const msg = e instanceof Error ? e.message : String(e);
  const text = [msg, ...log].join('\n');
  const ops = [...new Set(graph.operators.map((o) => o.op))].filter((op) => new RegExp(`\\b${op}\\b`).test(text));
  const opPart = ops.length
    ? ` The runtime rejected the op ${ops.join(', ')}; convert with ops LiteRT supports, or run the model with the TFLite Python interpreter.`
    : '';
  const detail = [msg, ...log.slice(-3)].filter(Boolean).join(' | ');
  return new ModelError(`LiteRT.js could not ${what} ${file}: ${detail}.${opPart}`, file);
}

function toList(inputs: TfliteInputs, sigs: TfliteTensorSig[], file: string): ArrayLike<number>[] {
  if (Array.isArray(inputs) && (inputs.length === 0 || typeof inputs[0] !== 'number')) return inputs as ArrayLike<number>[];
  if (typeof (inputs as ArrayLike<number>).length === 'number') return [inputs as ArrayLike<number>];
  const rec = inputs as Record<string, ArrayLike<number>>;
  return sigs.map((s) => {
    const v = rec[s.name] ?? rec[s.tensorName];
    if (!v) throw new ModelError(`No value given for input "${s.name}" of ${file}; the model's inputs are ${sigs.map((x) => x.name).join(', ')}.`, file);
    return v;
  });
}

/** Loads a .tflite file; throws ModelError for a missing, corrupt or unrunnable model. */
export async function loadTfliteModel(file: string): Promise<TfliteModel> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    throw new ModelError(`Cannot read the TFLite model ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}). Check the path.`, file);
  }
  return loadTfliteBytes(bytes, file);
}

/** Loads a .tflite model from bytes; `file` is used in messages. */
export async function loadTfliteBytes(bytes: Uint8Array, file: string): Promise<TfliteModel> {
  const graph = parseTfliteFile(bytes, file);
  checkRunnable(graph, file);
  const sig = signatureOf(graph);
  for (const s of [...sig.inputs, ...sig.outputs]) {
    if (!RUNTIME_TYPES.has(s.dtype))
      throw new ModelError(
        `${file}: ${s.name} is ${s.dtype}; Tensor Parity runs TFLite models whose inputs and outputs are float32, int32, uint8 or int8. Convert with inference_input_type/inference_output_type set to tf.float32, tf.uint8 or tf.int8.`,
        file,
      );
  }
  let rt: LiteRtRuntime;
  try {
    rt = await loadLiteRtRuntime();
  } catch (e) {
    throw new ModelError(`Cannot start LiteRT.js to run ${file}: ${e instanceof Error ? e.message : String(e)}`, file);
  }
  const compile = async (b: Uint8Array, what: string): Promise<CompiledModel> => {
    rt.takeLog();
    try {
      return await rt.api.loadAndCompile(b, { accelerator: 'wasm' });
    } catch (e) {
      throw runtimeError(e, file, graph, what, rt.takeLog());
    }
  };
  const base = withStaticShapes(bytes);
  const compiled = await compile(base, 'load');
  let withAll: Promise<CompiledModel> | undefined;
  const fetchable = new Set(['float32', 'int32', 'uint8', ...(rt.int8 ? ['int8', 'int16'] : [])]);
  if (!rt.int8) {
    const s8 = [...sig.inputs, ...sig.outputs].find((s) => s.dtype === 'int8');
    if (s8)
      throw new ModelError(
        `${file}: ${s8.name} is int8, which this LiteRT.js version cannot pass in or out. Convert with inference_input_type/inference_output_type tf.uint8 or tf.float32.`,
        file,
      );
  }
  // Operator outputs the runtime can hand back (types it maps to typed arrays), in execution order.
  const intermediateIdx = graph.operators.flatMap((o) =>
    o.outputs.filter((t) => t >= 0 && !graph.tensors[t].isConstant && fetchable.has(graph.tensors[t].dtype)),
  );

  const execute = async (cm: CompiledModel, inputs: TfliteInputs, wanted: { name: string; tensorIndex: number }[]): Promise<TfliteTensorValue[]> => {
    const list = toList(inputs, sig.inputs, file);
    if (list.length !== sig.inputs.length)
      throw new ModelError(`${file} takes ${sig.inputs.length} input(s) (${sig.inputs.map((s) => s.name).join(', ')}), but ${list.length} were given.`, file);
    const made: LiteRtTensor[] = [];
    try {
      const tensors = sig.inputs.map((s, i) => {
        const need = s.shape.reduce((a, b) => a * b, 1);
        if (list[i].length !== need)
          throw new ModelError(`Input "${s.name}" of ${file} needs ${need} values (shape [${s.shape.join(', ')}]), got ${list[i].length}.`, file);
        const data = s.dtype === 'float32' ? Float32Array.from(list[i]) : quantizeValues(list[i], s.dtype, s.quantization);
        const t = new rt.api.Tensor(data as Float32Array, s.shape);
        made.push(t);
        return t;
      });
      const runner = sig.key ? cm.signatures[sig.key] : cm;
      const byName: Record<string, LiteRtTensor> = {};
      sig.inputs.forEach((s, i) => (byName[s.name] = tensors[i]));
      let result: Record<string, LiteRtTensor> | LiteRtTensor[];
      rt.takeLog();
      try {
        result = sig.key ? await runner.run(byName) : await runner.run(tensors);
      } catch (e) {
        throw runtimeError(e, file, graph, 'run', rt.takeLog());
      }
      const outList = Array.isArray(result) ? result : Object.values(result);
      made.push(...outList);
      return wanted.map((w, i) => {
        const t = Array.isArray(result) ? result[i] : result[w.name];
        if (!t) throw new ModelError(`LiteRT.js returned no tensor "${w.name}" for ${file}.`, file);
        const info = graph.tensors[w.tensorIndex];
        const raw = t.toTypedArray();
        const v: TfliteTensorValue = {
          name: w.name,
          tensorIndex: w.tensorIndex,
          shape: info.shape,
          dtype: info.dtype,
          values: dequantizeValues(raw, info.shape, info.quantization),
        };
        if (info.quantization) v.quantization = info.quantization;
        return v;
      });
    } finally {
      for (const t of made) if (!t.deleted) t.delete();
    }
  };

  const model: TfliteModel = {
    file,
    runtime: `LiteRT.js (${rt.build} wasm, ${path.basename(rt.script)})`,
    inputs: sig.inputs,
    outputs: sig.outputs,
    graph,
    run: (inputs) => execute(compiled, inputs, sig.outputs),
    async runWithIntermediates(inputs) {
      withAll ??= compile(withExtraOutputs(base, intermediateIdx), 'expose the intermediate tensors of');
      const cm = await withAll;
      const outNames = new Map(sig.outputs.map((s) => [s.tensorIndex, s.name]));
      const extra = [...new Set(intermediateIdx)].filter((t) => !outNames.has(t));
      const wanted = [...sig.outputs, ...extra.map((t) => ({ name: sig.key ? intermediateOutputName(t) : graph.tensors[t].name, tensorIndex: t }))];
      const values = await execute(cm, inputs, wanted);
      const byIndex = new Map(values.map((v) => [v.tensorIndex, v]));
      const tensors = graph.operators.flatMap((o) =>
        o.outputs.filter((t) => byIndex.has(t)).map((t) => ({ ...byIndex.get(t)!, name: graph.tensors[t].name, operator: o.index, op: o.op })),
      );
      return { outputs: values.slice(0, sig.outputs.length), tensors };
    },
    listTensors: () => graph.tensors,
    operators: () => graph.operators,
    readTensor(index) {
      const info = graph.tensors[index];
      if (!info) throw new ModelError(`${file} has no tensor ${index} (it has ${graph.tensors.length}).`, file);
      const buf = graph.buffers[info.buffer];
      if (!info.isConstant || !buf)
        throw new ModelError(
          `Tensor ${index} ("${info.name}") of ${file} is computed at run time, not stored; use runWithIntermediates to get its values.`,
          file,
        );
      const data = buf.data && buf.data.byteLength > 0 ? buf.data : bytes.subarray(buf.offset, buf.offset + buf.size);
      const count = info.shape.reduce((a, b) => a * b, 1);
      const raw = typedFromBytes(data, info.dtype);
      if (!raw || elementBytes(info.dtype) === 0)
        throw new ModelError(`Tensor ${index} ("${info.name}") of ${file} has type ${info.dtype}, which Tensor Parity cannot read.`, file);
      if (raw.length !== count)
        throw new ModelError(
          `${file} is corrupt: tensor ${index} ("${info.name}") has shape [${info.shape.join(', ')}] but ${raw.length} stored values. ${CONVERT_HINT}.`,
          file,
        );
      return { info, raw, values: dequantizeValues(toNumbers(raw), info.shape, info.quantization) };
    },
    dispose() {
      compiled.delete();
      void withAll?.then((m) => m.delete()).catch(() => undefined);
    },
  };
  return model;
}
