// Shared tensor types: an n-dimensional array held in C order with native byte order.

/** The element types Tensor Parity reads and writes (numpy names). */
export type DType = 'bool' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'float16' | 'float32' | 'float64';

/** The typed array that holds each dtype's elements. float16 keeps raw IEEE half bits in a Uint16Array. */
export type TypedArray =
  Uint8Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;

/** An n-dimensional array. `data` is always C order (row-major) and native byte order. */
export interface NdArray {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: TypedArray;
}

/** A named tensor error that the UI and CLI show as is: it names the file and the fix. */
export class TensorFileError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'TensorFileError';
  }
}
