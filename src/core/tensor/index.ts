// Public API of the tensor file layer: .npy, .npz and raw dumps, plus NdArray helpers.

export type { DType, NdArray, TypedArray } from './types';
export { TensorFileError } from './types';
export {
  ALL_DTYPES,
  isDType,
  numel,
  dtypeByteSize,
  allocTypedArray,
  makeNdArray,
  validateShape,
  formatShape,
  fmtCount,
  float16BitsToFloat32,
  float32ToFloat16Bits,
  toFloat64Array,
  toFloat32Array,
  cStrides,
  transposeNd,
  reshape,
} from './ndarray';
export type { ByteOrder } from './descr';
export { dtypeToDescr } from './descr';
export type { NpyHeader, ReadOptions, EncodeNpyOptions } from './npy';
export { DEFAULT_MAX_BYTES, parseNpyHeader, parseNpy, parseNpyWithHeader, encodeNpy, encodeNpyHeader, fmtBytes } from './npy';
export { parseNpz, encodeNpz } from './npz';
export type { RawLayout, RawReadOptions } from './raw';
export { SIDECAR_EXAMPLE, parseRaw, parseSidecar } from './raw';
export type { LoadedTensors, LoadOptions } from './load';
export { loadTensorFile, saveNpyNoClobber } from './load';
