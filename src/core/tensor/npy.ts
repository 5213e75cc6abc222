// Read and write numpy .npy files (format versions 1.0, 2.0 and 3.0) without eval or unpickling.

import { DType, NdArray, TensorFileError, TypedArray } from './types';
import { allocTypedArray, dtypeByteSize, fmtCount, formatShape, numel, transposeNd, typedArrayView } from './ndarray';
import { ByteOrder, dtypeToDescr, hostIsLittleEndian, parseDescr } from './descr';
import { PyLiteralSyntaxError, PyValue, parsePyLiteral } from './pyliteral';

/** Default largest tensor data Tensor Parity will read: 2 GiB. */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

/** What a .npy header says. */
export interface NpyHeader {
  version: 1 | 2 | 3;
  dtype: DType;
  byteOrder: ByteOrder;
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the array data from the start of the file. */
  dataOffset: number;
}

/** Options for reading. */
export interface ReadOptions {
  /** Refuse arrays whose data is larger than this many bytes (default 2 GiB). */
  maxBytes?: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const RESAVE = 'Re-save it with np.save(f, arr).';

/** Human-readable byte size for limits: 2147483648 → "2 GiB". */
export function fmtBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${fmtCount(n)} bytes` : `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  if (bytes.length < sig.length) return false;
  return sig.every((b, i) => bytes[i] === b);
}

function notNpy(bytes: Uint8Array, file: string | undefined): never {
  const where = file ?? 'the data';
  let hint =
    'Save arrays with np.save(f, arr) (Python) or write a raw .bin dump with a .json sidecar. ' +
    'If it was written with arr.tofile() or fwrite, it is raw data without a header: rename it to .bin and add a sidecar ' +
    '<name>.bin.json such as {"dtype": "float32", "shape": [1, 224, 224, 3]}.';
  if (startsWith(bytes, [0x50, 0x4b])) hint = 'It is a zip archive: if it came from np.savez, rename it to .npz.';
  else if (bytes[0] === 0x80) hint = 'It looks like a Python pickle; Tensor Parity never unpickles. Save it with np.save(f, arr) instead.';
  throw new TensorFileError(`${where}: not a .npy file (it does not start with the \\x93NUMPY magic). ${hint}`, file);
}

function corrupt(file: string | undefined, what: string): never {
  throw new TensorFileError(`${file ?? 'the .npy data'}: ${what}; the header is corrupt. ${RESAVE}`, file);
}

function readShape(v: PyValue | undefined, file: string | undefined): number[] {
  if (!Array.isArray(v)) corrupt(file, `'shape' is ${JSON.stringify(v ?? null)}, not a tuple of sizes`);
  return v.map((d) => {
    if (typeof d !== 'number' || !Number.isInteger(d)) corrupt(file, `shape contains ${JSON.stringify(d)}, not a whole number`);
    if (d < 0) corrupt(file, `shape (${v.join(', ')}) has a negative dimension`);
    if (!Number.isSafeInteger(d)) corrupt(file, `shape dimension ${d} is absurdly large`);
    return d;
  });
}

/** Exact byte size of a dtype × shape as a BigInt (no floating-point overflow, 0 when any dimension is 0). */
export function exactDataBytes(dtype: DType, shape: readonly number[]): bigint {
  let n = BigInt(dtypeByteSize(dtype));
  for (const d of shape) n *= BigInt(d);
  return n;
}

/** Check that a dtype × shape fits under maxBytes (exact integer arithmetic) and return its byte size. */
export function checkDataSize(dtype: DType, shape: readonly number[], maxBytes: number, file?: string): number {
  const where = file ?? 'the tensor';
  const bad = shape.find((d) => !Number.isSafeInteger(d) || d < 0);
  if (bad !== undefined) {
    throw new TensorFileError(`${where}: shape ${formatShape(shape)} has the dimension ${bad}, which is not a size. Save the array again.`, file);
  }
  // Like numpy, the dimensions other than 0 must multiply to a representable size even when the array is empty.
  const nonzero = exactDataBytes(
    dtype,
    shape.filter((d) => d !== 0),
  );
  const nbytes = exactDataBytes(dtype, shape);
  const overLimit = Number.isFinite(maxBytes) ? nbytes > BigInt(Math.floor(maxBytes)) : false;
  const unrepresentable = nonzero > BigInt(Number.MAX_SAFE_INTEGER);
  if (overLimit || unrepresentable) {
    const size =
      nbytes === 0n ? `has no elements, but its other dimensions multiply to ${fmtBigCount(nonzero)} bytes, which is` : `is ${fmtBigCount(nbytes)} bytes,`;
    throw new TensorFileError(
      `${where}: shape ${formatShape(shape)} ${dtype} ${size} over the ${fmtBytes(maxBytes)} limit. ` +
        'Save a smaller array (e.g. one batch item or a crop), or raise the maxBytes limit if this size is intended.',
      file,
    );
  }
  return Number(nbytes);
}

/** An exact count with thousands separators, or its leading digits and power of ten when it has more than 15 digits. */
function fmtBigCount(n: bigint): string {
  if (n <= BigInt(Number.MAX_SAFE_INTEGER)) return fmtCount(Number(n));
  const digits = n.toString();
  return `about ${digits[0]}.${digits.slice(1, 3)}e+${digits.length - 1}`;
}

/** Parse and validate a .npy header; checks the header fits in `bytes` but not the data. */
export function parseNpyHeader(bytes: Uint8Array, file?: string): NpyHeader {
  if (!startsWith(bytes, MAGIC)) notNpy(bytes, file);
  if (bytes.length < 10) {
    throw new TensorFileError(`${file ?? 'the .npy data'}: ends inside the .npy header (${bytes.length} bytes); the file is truncated. ${RESAVE}`, file);
  }
  const major = bytes[6];
  const minor = bytes[7];
  if ((major !== 1 && major !== 2 && major !== 3) || minor !== 0) {
    throw new TensorFileError(`${file ?? 'the .npy data'}: .npy format version ${major}.${minor} is not supported (1.0, 2.0 and 3.0 are). ${RESAVE}`, file);
  }
  const version = major as 1 | 2 | 3;
  const prefix = version === 1 ? 10 : 12;
  if (bytes.length < prefix) {
    throw new TensorFileError(`${file ?? 'the .npy data'}: ends inside the .npy header; the file is truncated. ${RESAVE}`, file);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = version === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  if (prefix + headerLen > bytes.length) {
    throw new TensorFileError(
      `${file ?? 'the .npy data'}: the header says it is ${fmtCount(headerLen)} bytes long but the file has only ` +
        `${fmtCount(bytes.length - prefix)} bytes after the prefix; the file is truncated or corrupt. ${RESAVE}`,
      file,
    );
  }
  let text: string;
  try {
    text = new TextDecoder(version === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(bytes.subarray(prefix, prefix + headerLen));
  } catch {
    corrupt(file, 'the header is not valid UTF-8 text');
  }
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text);
  } catch (e) {
    if (e instanceof PyLiteralSyntaxError) corrupt(file, `the header is not a Python dict literal (${e.message})`);
    throw e;
  }
  if (!(dict instanceof Map)) corrupt(file, 'the header is not a dict');
  for (const key of ['descr', 'fortran_order', 'shape']) {
    if (!dict.has(key)) corrupt(file, `the header has no '${key}' entry`);
  }
  const fortran = dict.get('fortran_order');
  if (typeof fortran !== 'boolean') corrupt(file, `'fortran_order' is ${JSON.stringify(fortran)}, not True or False`);
  const shape = readShape(dict.get('shape'), file);
  const { dtype, byteOrder } = parseDescr(dict.get('descr') ?? null, file);
  return { version, dtype, byteOrder, fortranOrder: fortran, shape, dataOffset: prefix + headerLen };
}

/** Turn stored bytes (any alignment, either byte order) into a native typed array; a view when possible. */
export function bytesToTypedArray(src: Uint8Array, dtype: DType, n: number, byteOrder: ByteOrder): TypedArray {
  const size = dtypeByteSize(dtype);
  const nbytes = n * size;
  const swap = size > 1 && (byteOrder === 'big') === hostIsLittleEndian();
  if (!swap && src.byteOffset % size === 0) return typedArrayView(dtype, src.buffer, src.byteOffset, n);
  const copy = Buffer.alloc(nbytes);
  copy.set(src.subarray(0, nbytes));
  if (swap) {
    if (size === 2) copy.swap16();
    else if (size === 4) copy.swap32();
    else copy.swap64();
  }
  return typedArrayView(dtype, copy.buffer, copy.byteOffset, n);
}

/** Parse a .npy file into a C-order, native-byte-order NdArray (a zero-copy view when aligned and little-endian). */
export function parseNpy(bytes: Uint8Array, file?: string, opts?: ReadOptions): NdArray {
  return parseNpyWithHeader(bytes, file, opts).array;
}

/** Parse a .npy file and also return its header. */
export function parseNpyWithHeader(bytes: Uint8Array, file?: string, opts?: ReadOptions): { header: NpyHeader; array: NdArray } {
  const header = parseNpyHeader(bytes, file);
  const { dtype, shape, dataOffset } = header;
  const nbytes = checkDataSize(dtype, shape, opts?.maxBytes ?? DEFAULT_MAX_BYTES, file);
  const available = bytes.length - dataOffset;
  if (available < nbytes) {
    throw new TensorFileError(
      `${file ?? 'the .npy data'}: header says shape ${formatShape(shape)} ${dtype} = ${fmtCount(nbytes)} bytes but only ` +
        `${fmtCount(available)} bytes follow; the file is truncated. Re-save it (and check the copy or download finished).` +
        (available * 2 === nbytes && dtypeByteSize(dtype) >= 2
          ? ` Exactly half the bytes are there: if the header was written by hand, the data may be ${dtype === 'float64' ? 'float32' : 'half-width values'} under a ${dtype} header; fix the header's 'descr'.`
          : ''),
      file,
    );
  }
  const size = dtypeByteSize(dtype);
  if (nbytes > 0 && available === 2 * nbytes && size <= 4 && dtype !== 'bool') {
    const wide = dtype.startsWith('float') ? `float${8 * size * 2}` : `${dtype.replace(/\d+$/, '')}${8 * size * 2}`;
    throw new TensorFileError(
      `${file ?? 'the .npy data'}: header says shape ${formatShape(shape)} ${dtype} = ${fmtCount(nbytes)} bytes but ${fmtCount(available)} bytes follow, ` +
        `exactly twice as many: the data is probably ${wide} (e.g. double) written under a ${dtype} header. ` +
        `Write the header's 'descr' as '<${dtype.startsWith('float') ? 'f' : dtype.startsWith('u') ? 'u' : 'i'}${size * 2}', or convert the data to ${dtype} before writing it.`,
      file,
    );
  }
  const n = numel(shape);
  const data = n === 0 ? allocTypedArray(dtype, 0) : bytesToTypedArray(bytes.subarray(dataOffset, dataOffset + nbytes), dtype, n, header.byteOrder);
  let array: NdArray = { dtype, shape: [...shape], data };
  if (header.fortranOrder && shape.length > 1) {
    // Fortran data of shape S is C data of shape reversed(S); reverse the axes back.
    const rev = [...shape].reverse();
    array = transposeNd(
      { dtype, shape: rev, data },
      rev.map((_, i) => rev.length - 1 - i),
    );
  }
  return { header, array };
}

/** Options for writing .npy. */
export interface EncodeNpyOptions {
  fortranOrder?: boolean;
  bigEndian?: boolean;
  /** Header format version; default 1.0 (2.0 if the header is too long for 1.0). */
  version?: 1 | 2 | 3;
}

const GROWTH_AXIS_MAX_DIGITS = 21;
const ARRAY_ALIGN = 64;

/** numpy's exact header bytes (magic, length, dict text padded to 64 bytes, newline). */
export function encodeNpyHeader(dtype: DType, shape: readonly number[], opts?: EncodeNpyOptions): Uint8Array {
  const fortran = opts?.fortranOrder === true;
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${dtypeToDescr(dtype, opts?.bigEndian === true)}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  if (shape.length > 0) dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[fortran ? shape.length - 1 : 0]).length));
  const text = Buffer.from(dict, opts?.version === 3 ? 'utf8' : 'latin1');
  const hlen = text.length + 1;
  let version = opts?.version ?? 1;
  if (version === 1 && hlen + ARRAY_ALIGN - ((10 + hlen) % ARRAY_ALIGN) > 0xffff) version = 2; // like numpy's guess
  const prefix = version === 1 ? 10 : 12;
  const padlen = ARRAY_ALIGN - ((prefix + hlen) % ARRAY_ALIGN);
  const out = new Uint8Array(prefix + hlen + padlen);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, hlen + padlen, true);
  else dv.setUint32(8, hlen + padlen, true);
  out.set(text, prefix);
  out.fill(0x20, prefix + text.length, out.length - 1);
  out[out.length - 1] = 0x0a;
  return out;
}

/** Encode an NdArray as .npy bytes, byte-identical to numpy's np.save for the same options. */
export function encodeNpy(arr: NdArray, opts?: EncodeNpyOptions): Uint8Array {
  const { dtype, shape } = arr;
  const n = numel(shape);
  if (arr.data.length !== n) {
    throw new TensorFileError(`cannot save: shape ${formatShape(shape)} needs ${n} values but the data has ${arr.data.length}.`);
  }
  const header = encodeNpyHeader(dtype, shape, opts);
  const size = dtypeByteSize(dtype);
  let data = arr.data;
  if (opts?.fortranOrder === true && shape.length > 1) {
    data = transposeNd(
      arr,
      shape.map((_, i) => shape.length - 1 - i),
    ).data;
  }
  const out = new Uint8Array(header.length + n * size);
  out.set(header, 0);
  out.set(new Uint8Array(data.buffer, data.byteOffset, n * size), header.length);
  const swap = size > 1 && (opts?.bigEndian === true) === hostIsLittleEndian();
  if (swap) {
    const body = Buffer.from(out.buffer, header.length, n * size);
    if (size === 2) body.swap16();
    else if (size === 4) body.swap32();
    else body.swap64();
  }
  return out;
}
