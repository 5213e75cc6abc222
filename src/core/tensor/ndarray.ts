// Helpers for NdArray: sizes, allocation, float16 conversion, conversion to float, transpose, reshape.

import { DType, NdArray, TensorFileError, TypedArray } from './types';

/** Every dtype Tensor Parity knows, in a stable order. */
export const ALL_DTYPES: readonly DType[] = ['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'float32', 'float64'];

const BYTE_SIZES: Record<DType, number> = {
  bool: 1,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  uint64: 8,
  float16: 2,
  float32: 4,
  float64: 8,
};

/** True when `s` is one of the DType names. */
export function isDType(s: unknown): s is DType {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(BYTE_SIZES, s);
}

/** Number of elements of a shape (1 for the 0-d shape []). */
export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (d === 0) return 0; // exact even when the other dimensions' product would overflow
    n *= d;
  }
  return n;
}

/** Bytes per element of a dtype. */
export function dtypeByteSize(dtype: DType): number {
  return BYTE_SIZES[dtype];
}

/** A zero-filled typed array of the right class for `dtype`. */
export function allocTypedArray(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return new Uint8Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'int64':
      return new BigInt64Array(n);
    case 'uint16':
    case 'float16':
      return new Uint16Array(n);
    case 'uint32':
      return new Uint32Array(n);
    case 'uint64':
      return new BigUint64Array(n);
    case 'float32':
      return new Float32Array(n);
    case 'float64':
      return new Float64Array(n);
  }
}

/** A typed array of the right class for `dtype` viewing `byteLength` bytes of `buffer` (offset must be aligned). */
export function typedArrayView(dtype: DType, buffer: ArrayBufferLike, byteOffset: number, n: number): TypedArray {
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return new Uint8Array(buffer, byteOffset, n);
    case 'int8':
      return new Int8Array(buffer, byteOffset, n);
    case 'int16':
      return new Int16Array(buffer, byteOffset, n);
    case 'int32':
      return new Int32Array(buffer, byteOffset, n);
    case 'int64':
      return new BigInt64Array(buffer, byteOffset, n);
    case 'uint16':
    case 'float16':
      return new Uint16Array(buffer, byteOffset, n);
    case 'uint32':
      return new Uint32Array(buffer, byteOffset, n);
    case 'uint64':
      return new BigUint64Array(buffer, byteOffset, n);
    case 'float32':
      return new Float32Array(buffer, byteOffset, n);
    case 'float64':
      return new Float64Array(buffer, byteOffset, n);
  }
}

/** Check a shape: non-negative safe integers only. Throws TensorFileError otherwise. */
export function validateShape(shape: readonly number[], file?: string): void {
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new TensorFileError(`${file ?? 'tensor'}: shape ${formatShape(shape)} is invalid; every dimension must be a whole number >= 0.`, file);
    }
  }
}

/** Build an NdArray, checking that `data` has the right class and length (allocates zeros when omitted). */
export function makeNdArray(dtype: DType, shape: readonly number[], data?: TypedArray): NdArray {
  validateShape(shape);
  const n = numel(shape);
  if (data === undefined) return { dtype, shape: [...shape], data: allocTypedArray(dtype, n) };
  const proto = allocTypedArray(dtype, 0);
  const want = proto.constructor.name;
  // instanceof so that a Node Buffer is accepted as uint8/bool data
  if (!(data instanceof (proto.constructor as new (n: number) => TypedArray))) {
    throw new TensorFileError(`a ${dtype} tensor needs a ${want}, got a ${data.constructor.name}; convert the data first.`);
  }
  if (data.length !== n) {
    throw new TensorFileError(`shape ${formatShape(shape)} needs ${n} ${dtype} values but the data has ${data.length}; fix the shape or the data.`);
  }
  return { dtype, shape: [...shape], data };
}

/** Python-style shape text: "(1, 256, 256, 3)", "(5,)", "()". */
export function formatShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

// ---- float16 ----

let halfTable: Float32Array | undefined;

function halfToFloatTable(): Float32Array {
  if (halfTable === undefined) {
    halfTable = new Float32Array(65536);
    for (let b = 0; b < 65536; b++) halfTable[b] = float16BitsToFloat32(b);
  }
  return halfTable;
}

/** Decode IEEE 754 half-precision bits to a number. */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

function roundHalfEven(v: number): number {
  const r = Math.floor(v);
  const diff = v - r;
  if (diff > 0.5 || (diff === 0.5 && r % 2 === 1)) return r + 1;
  return r;
}

/** Encode a number as IEEE half bits, rounding to nearest even like numpy (overflow → ±inf, NaN → 0x7e00). */
export function float32ToFloat16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === 0) return sign;
  if (a >= 65520) return sign | 0x7c00; // 65520 is halfway between 65504 and 2^16: ties to even → inf
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24); // subnormal (1024 rounds up into the smallest normal)
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  let m = roundHalfEven(a * 2 ** (10 - e));
  if (m === 2048) {
    m = 1024;
    e++;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | (m - 1024);
}

// ---- conversion to float ----

/** Element values as a Float64Array (float16 decoded, bigint converted, bool as 0/1). Shares memory when already float64. */
export function toFloat64Array(arr: NdArray): Float64Array {
  return arr.data instanceof Float64Array ? arr.data : fillFloat(arr, new Float64Array(arr.data.length));
}

/** Element values as a Float32Array (float16 decoded, bigint converted, bool as 0/1). Shares memory when already float32. */
export function toFloat32Array(arr: NdArray): Float32Array {
  return arr.data instanceof Float32Array ? arr.data : fillFloat(arr, new Float32Array(arr.data.length));
}

function fillFloat<T extends Float32Array | Float64Array>(arr: NdArray, out: T): T {
  const d = arr.data;
  const n = d.length;
  if (arr.dtype === 'float16') {
    const t = halfToFloatTable();
    const u = d as Uint16Array;
    for (let i = 0; i < n; i++) out[i] = t[u[i]];
  } else if (arr.dtype === 'bool') {
    const u = d as Uint8Array;
    for (let i = 0; i < n; i++) out[i] = u[i] !== 0 ? 1 : 0;
  } else if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) out[i] = Number(d[i]);
  } else {
    out.set(d);
  }
  return out;
}

// ---- layout ----

type NumberArray = Exclude<TypedArray, BigInt64Array | BigUint64Array>;
type BigArray = BigInt64Array | BigUint64Array;

/** Strided copy: out[C-order index over outShape] = src[sum(idx[k] * srcStrides[k])]. */
function stridedCopy<T extends NumberArray | BigArray>(src: T, out: T, outShape: readonly number[], srcStrides: readonly number[]): void {
  const nd = outShape.length;
  const total = out.length;
  if (total === 0) return;
  if (nd === 0) {
    out[0] = src[0];
    return;
  }
  const s = src as { [i: number]: number | bigint };
  const o = out as { [i: number]: number | bigint };
  const idx = new Array<number>(nd).fill(0);
  const last = nd - 1;
  const lastLen = outShape[last];
  const lastStride = srcStrides[last];
  let base = 0;
  for (let w = 0; w < total; w += lastLen) {
    let j = base;
    for (let k = 0; k < lastLen; k++, j += lastStride) o[w + k] = s[j];
    // advance the outer index (all axes but the last)
    for (let ax = last - 1; ax >= 0; ax--) {
      idx[ax]++;
      base += srcStrides[ax];
      if (idx[ax] < outShape[ax]) break;
      base -= srcStrides[ax] * outShape[ax];
      idx[ax] = 0;
    }
  }
}

/** C-order strides (in elements) of a shape. */
export function cStrides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= shape[i];
  }
  return st;
}

/** Permute axes like numpy.transpose(arr, perm); returns a new C-order array. */
export function transposeNd(arr: NdArray, perm: readonly number[]): NdArray {
  const nd = arr.shape.length;
  if (perm.length !== nd || [...perm].sort((a, b) => a - b).some((p, i) => p !== i)) {
    throw new TensorFileError(`transpose: ${JSON.stringify(perm)} is not a permutation of the ${nd} axes of shape ${formatShape(arr.shape)}.`);
  }
  const inStrides = cStrides(arr.shape);
  const outShape = perm.map((p) => arr.shape[p]);
  const srcStrides = perm.map((p) => inStrides[p]);
  const out = allocTypedArray(arr.dtype, arr.data.length);
  if (perm.every((p, i) => p === i)) {
    (out as NumberArray).set(arr.data as NumberArray);
  } else {
    stridedCopy(arr.data, out, outShape, srcStrides);
  }
  return { dtype: arr.dtype, shape: outShape, data: out };
}

/** Same data with a new shape (one dimension may be -1); the element count must match. Shares memory. */
export function reshape(arr: NdArray, shape: readonly number[]): NdArray {
  const n = arr.data.length;
  const free = shape.filter((d) => d === -1).length;
  let resolved = [...shape];
  if (free > 1) throw new TensorFileError(`reshape: only one dimension of ${formatShape(shape)} may be -1.`);
  if (free === 1) {
    const known = numel(shape.filter((d) => d !== -1));
    if (known === 0 || n % known !== 0) {
      throw new TensorFileError(`reshape: cannot reshape ${n} values of shape ${formatShape(arr.shape)} into ${formatShape(shape)}.`);
    }
    resolved = shape.map((d) => (d === -1 ? n / known : d));
  }
  validateShape(resolved);
  if (numel(resolved) !== n) {
    throw new TensorFileError(`reshape: shape ${formatShape(arr.shape)} has ${n} values but ${formatShape(resolved)} needs ${numel(resolved)}.`);
  }
  return { dtype: arr.dtype, shape: resolved, data: arr.data };
}

/** Number with thousands separators, for messages: 1204224 → "1,204,224". */
export function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}
