// Reads the structure of a .tflite file (TFLite FlatBuffers schema): tensors with their quantization, operators in
// execution order, signatures and constant buffers. Field numbers follow tensorflow/lite/schema/schema.fbs.

import { CorruptFlatbuffer, FbTable, Flatbuffer } from './flatbuffer';
import { BUILTIN_OPS, TENSOR_TYPES } from './op-names';

/** Per-tensor (one scale) or per-axis (one per channel of `quantizedDimension`) affine quantization. */
export interface TfliteQuantization {
  scale: number[];
  zeroPoint: number[];
  quantizedDimension: number;
}

/** One tensor of the main subgraph, as the flatbuffer describes it. */
export interface TfliteTensorInfo {
  index: number;
  name: string;
  /** Static shape (batch already 1 when the converter left it dynamic). */
  shape: number[];
  /** Shape with -1 for dynamic dimensions, when the file records one. */
  shapeSignature?: number[];
  /** Lower-case TFLite type name: float32, int8, uint8, int32, float16, ... */
  dtype: string;
  quantization?: TfliteQuantization;
  /** True for weights and other constants stored in the file. */
  isConstant: boolean;
  isVariable: boolean;
  /** Stored in TFLite's sparse format (its byte count does not follow the shape). */
  sparse?: boolean;
  /** Index into the model's buffers. */
  buffer: number;
}

/** One operator of the main subgraph; operators are listed in execution order. */
export interface TfliteOperatorInfo {
  index: number;
  /** Builtin op name (CONV_2D, ...) or the custom op's name (e.g. FlexErf). */
  op: string;
  custom: boolean;
  inputs: number[];
  outputs: number[];
}

/** A named input or output of a signature. */
export interface TfliteSignatureTensor {
  name: string;
  tensorIndex: number;
}

/** One SignatureDef of the model. */
export interface TfliteSignature {
  key: string;
  subgraphIndex: number;
  inputs: TfliteSignatureTensor[];
  outputs: TfliteSignatureTensor[];
}

/** Where a buffer's bytes are: inline data, or an offset/size pair for models over 2 GB. */
export interface TfliteBuffer {
  data?: Uint8Array;
  offset: number;
  size: number;
}

/** Everything Tensor Parity reads from a .tflite file's structure. */
export interface TfliteGraph {
  version: number;
  description: string;
  subgraphCount: number;
  tensors: TfliteTensorInfo[];
  operators: TfliteOperatorInfo[];
  inputs: number[];
  outputs: number[];
  signatures: TfliteSignature[];
  buffers: TfliteBuffer[];
}

const CUSTOM_OPCODE = 32;
const PLACEHOLDER_FOR_GREATER_OP_CODES = 127;

function opName(code: FbTable): { op: string; custom: boolean } {
  const deprecated = code.i8(0);
  const builtin = code.i32(3);
  const n = deprecated === PLACEHOLDER_FOR_GREATER_OP_CODES ? builtin : Math.max(deprecated, builtin);
  if (n === CUSTOM_OPCODE) return { op: code.str(1) || 'CUSTOM', custom: true };
  return { op: BUILTIN_OPS[n] || `BUILTIN_${n}`, custom: false };
}

function quantization(t: FbTable): TfliteQuantization | undefined {
  const q = t.table(4);
  if (!q) return undefined;
  const scale = q.f32s(2);
  if (scale.length === 0) return undefined;
  const zeroPoint = q.i64s(3);
  return { scale, zeroPoint: zeroPoint.length ? zeroPoint : scale.map(() => 0), quantizedDimension: q.i32(6) };
}

function bufferHasData(b: TfliteBuffer | undefined): boolean {
  return !!b && ((b.data !== undefined && b.data.byteLength > 0) || b.offset > 1);
}

const ZERO_POINT_RANGE: Record<string, [number, number]> = { int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], int4: [-8, 7] };

/** Rejects quantization parameters no converter writes (they can make the runtime's kernels misbehave or spin). */
function checkQuantization(t: TfliteTensorInfo): void {
  const q = t.quantization;
  if (!q) return;
  if (q.scale.some((v) => !Number.isFinite(v) || v < 0))
    throw new CorruptFlatbuffer(`tensor ${t.index} ("${t.name}") has a negative or non-finite quantization scale`);
  const range = ZERO_POINT_RANGE[t.dtype];
  if (range && q.zeroPoint.some((z) => z < range[0] || z > range[1])) {
    throw new CorruptFlatbuffer(
      `tensor ${t.index} ("${t.name}") is ${t.dtype} but has zero point ${q.zeroPoint.find((z) => z < range[0] || z > range[1])}, outside [${range[0]}, ${range[1]}]`,
    );
  }
  if (q.scale.length > 1) {
    if (q.quantizedDimension < 0 || q.quantizedDimension >= t.shape.length || t.shape[q.quantizedDimension] !== q.scale.length) {
      throw new CorruptFlatbuffer(
        `tensor ${t.index} ("${t.name}") has ${q.scale.length} per-channel scales that do not match its shape [${t.shape.join(', ')}] on axis ${q.quantizedDimension}`,
      );
    }
  }
}

/** Largest single tensor accepted (1 GiB): the wasm runtime has 4 GiB in all, and a corrupt shape would claim it. */
export const MAX_TENSOR_BYTES = 2 ** 30;

/** Rejects negative or absurd dimensions, and constants whose stored bytes do not match their shape and type. */
function checkSize(t: TfliteTensorInfo, buffer: TfliteBuffer | undefined): void {
  if (t.shape.some((d) => !Number.isInteger(d) || d < 0)) throw new CorruptFlatbuffer(`tensor ${t.index} ("${t.name}") has shape [${t.shape.join(', ')}]`);
  const bytesPer = elementBytes(t.dtype);
  const count = t.shape.reduce((a, b) => a * b, 1);
  if (bytesPer && count * bytesPer > MAX_TENSOR_BYTES) {
    throw new CorruptFlatbuffer(`tensor ${t.index} ("${t.name}") would need ${((count * bytesPer) / 2 ** 30).toFixed(1)} GiB (shape [${t.shape.join(', ')}])`);
  }
  const stored = buffer?.data?.byteLength ?? buffer?.size ?? 0;
  if (t.isConstant && !t.sparse && bytesPer && stored > 0 && stored !== count * bytesPer) {
    throw new CorruptFlatbuffer(
      `constant tensor ${t.index} ("${t.name}") has shape [${t.shape.join(', ')}] (${count * bytesPer} bytes of ${t.dtype}) but ${stored} stored bytes`,
    );
  }
}

/** Parses the .tflite bytes; throws CorruptFlatbuffer when the structure is not a valid TFLite model. */
export function parseTflite(bytes: Uint8Array): TfliteGraph {
  if (bytes.byteLength < 16) throw new CorruptFlatbuffer(`the file has only ${bytes.byteLength} bytes`);
  const fb = new Flatbuffer(bytes);
  const id = fb.identifier();
  if (id !== 'TFL3') throw new CorruptFlatbuffer(`the file identifier is ${JSON.stringify(id)}, not "TFL3"`);
  const model = fb.root();
  const subgraphs = model.tables(2);
  if (subgraphs.length === 0) throw new CorruptFlatbuffer('the model has no subgraph');
  const main = subgraphs[0];
  const buffers: TfliteBuffer[] = model.tables(4).map((b) => {
    const data = b.bytes(0);
    return { ...(data ? { data } : {}), offset: b.u64(1), size: b.u64(2) };
  });
  const codes = model.tables(1).map(opName);
  const tensors: TfliteTensorInfo[] = main.tables(0).map((t, index) => {
    const type = t.i8(1);
    const sig = t.i32s(7);
    const buffer = t.u32(2);
    const info: TfliteTensorInfo = {
      index,
      name: t.str(3),
      shape: t.i32s(0),
      dtype: TENSOR_TYPES[type] ?? `type_${type}`,
      isConstant: buffer !== 0 && bufferHasData(buffers[buffer]),
      isVariable: t.bool(5),
      buffer,
    };
    if (sig.length) info.shapeSignature = sig;
    if (t.field(6)) info.sparse = true;
    const q = quantization(t);
    if (q) info.quantization = q;
    return info;
  });
  const operators: TfliteOperatorInfo[] = main.tables(3).map((o, index) => {
    const code = codes[o.u32(0)];
    if (!code) throw new CorruptFlatbuffer(`operator ${index} uses op code ${o.u32(0)}, which the model does not define`);
    return { index, op: code.op, custom: code.custom, inputs: o.i32s(1), outputs: o.i32s(2) };
  });
  for (const o of operators) {
    for (const t of [...o.inputs, ...o.outputs]) {
      if (t < -1 || t >= tensors.length) throw new CorruptFlatbuffer(`operator ${o.index} (${o.op}) refers to tensor ${t}, but there are ${tensors.length}`);
    }
  }
  const tmaps = (t: FbTable, id: number): TfliteSignatureTensor[] => t.tables(id).map((m) => ({ name: m.str(0), tensorIndex: m.u32(1) }));
  const signatures = model.tables(7).map((s) => ({ key: s.str(2), subgraphIndex: s.u32(4), inputs: tmaps(s, 0), outputs: tmaps(s, 1) }));
  const inputs = main.i32s(1);
  const outputs = main.i32s(2);
  const badIndex = (t: number): boolean => !Number.isInteger(t) || t < 0 || t >= tensors.length;
  if ([...inputs, ...outputs].some(badIndex)) throw new CorruptFlatbuffer(`the graph's inputs/outputs refer to tensors outside the ${tensors.length} it has`);
  for (const s of signatures) {
    if (s.subgraphIndex >= subgraphs.length)
      throw new CorruptFlatbuffer(`signature "${s.key}" refers to subgraph ${s.subgraphIndex}, but there are ${subgraphs.length}`);
    if (s.subgraphIndex === 0 && [...s.inputs, ...s.outputs].some((m) => badIndex(m.tensorIndex))) {
      throw new CorruptFlatbuffer(`signature "${s.key}" refers to a tensor outside the ${tensors.length} the graph has`);
    }
  }
  for (const t of tensors) {
    checkQuantization(t);
    checkSize(t, buffers[t.buffer]);
  }
  for (const t of tensors) {
    if (t.buffer >= buffers.length && t.buffer !== 0)
      throw new CorruptFlatbuffer(`tensor ${t.index} ("${t.name}") refers to buffer ${t.buffer}, but there are ${buffers.length}`);
  }
  return {
    version: model.u32(0),
    description: model.str(3),
    subgraphCount: subgraphs.length,
    tensors,
    operators,
    inputs,
    outputs,
    signatures,
    buffers,
  };
}

/** Byte size of one element of a TFLite type, or 0 when Tensor Parity cannot read it. */
export function elementBytes(dtype: string): number {
  switch (dtype) {
    case 'float32':
    case 'int32':
    case 'uint32':
      return 4;
    case 'float16':
    case 'int16':
    case 'uint16':
    case 'bfloat16':
      return 2;
    case 'int8':
    case 'uint8':
    case 'bool':
      return 1;
    case 'int64':
    case 'uint64':
    case 'float64':
      return 8;
    default:
      return 0;
  }
}
