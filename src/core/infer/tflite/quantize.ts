// Affine quantization as TFLite defines it: real = scale * (q - zeroPoint), per tensor or per axis; and reading a
// constant tensor's bytes into numbers.

import type { TfliteQuantization } from './schema';

/** Numeric arrays the TFLite tensors map to. */
export type TfliteTypedArray = Float32Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Float64Array | BigInt64Array;

const RANGE: Record<string, [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
};

/** Quantizes float values to `dtype` with per-tensor parameters (inputs are always per-tensor); rounds half away from zero like TFLite. */
export function quantizeValues(values: ArrayLike<number>, dtype: string, q: TfliteQuantization | undefined): Int8Array | Uint8Array | Int32Array | Int16Array {
  const [lo, hi] = RANGE[dtype] ?? [-Infinity, Infinity];
  const scale = q?.scale[0] ?? 1;
  const zp = q?.zeroPoint[0] ?? 0;
  const out =
    dtype === 'int8'
      ? new Int8Array(values.length)
      : dtype === 'uint8'
        ? new Uint8Array(values.length)
        : dtype === 'int16'
          ? new Int16Array(values.length)
          : new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = q ? values[i] / scale + zp : values[i];
    const r = Math.sign(v) * Math.round(Math.abs(v));
    out[i] = Math.min(hi, Math.max(lo, Number.isFinite(r) ? r : 0));
  }
  return out;
}

/** Dequantizes `raw` with per-tensor or per-axis parameters for a tensor of `shape`. */
export function dequantizeValues(raw: ArrayLike<number>, shape: readonly number[], q: TfliteQuantization | undefined): Float32Array {
  const out = new Float32Array(raw.length);
  if (!q) {
    for (let i = 0; i < raw.length; i++) out[i] = raw[i];
    return out;
  }
  if (q.scale.length <= 1) {
    const s = q.scale[0] ?? 1;
    const z = q.zeroPoint[0] ?? 0;
    for (let i = 0; i < raw.length; i++) out[i] = s * (raw[i] - z);
    return out;
  }
  const axis = q.quantizedDimension;
  const channels = shape[axis] ?? q.scale.length;
  let inner = 1;
  for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
  for (let i = 0; i < raw.length; i++) {
    const c = Math.floor(i / inner) % channels;
    out[i] = q.scale[c] * (raw[i] - (q.zeroPoint[c] ?? 0));
  }
  return out;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** Reads little-endian tensor bytes of `dtype` into a typed array (float16/bfloat16 become Float32Array). */
export function typedFromBytes(bytes: Uint8Array, dtype: string): TfliteTypedArray | undefined {
  const copy = new Uint8Array(bytes).buffer; // aligned copy
  switch (dtype) {
    case 'float32':
      return new Float32Array(copy);
    case 'int32':
      return new Int32Array(copy);
    case 'uint8':
    case 'bool':
      return new Uint8Array(copy);
    case 'int8':
      return new Int8Array(copy);
    case 'int16':
      return new Int16Array(copy);
    case 'float64':
      return new Float64Array(copy);
    case 'int64':
      return new BigInt64Array(copy);
    case 'float16': {
      const u = new Uint16Array(copy);
      return Float32Array.from(u, halfToFloat);
    }
    case 'bfloat16': {
      const u = new Uint16Array(copy);
      const out = new Float32Array(u.length);
      const view = new DataView(out.buffer);
      u.forEach((v, i) => view.setUint32(i * 4, v << 16, true));
      return out;
    }
    default:
      return undefined;
  }
}

/** Any typed array as plain numbers (int64 via Number). */
export function toNumbers(a: TfliteTypedArray): ArrayLike<number> {
  return a instanceof BigInt64Array ? Float64Array.from(a, (v) => Number(v)) : a;
}
