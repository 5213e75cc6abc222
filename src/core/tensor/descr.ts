// numpy dtype descriptors ('<f4', '|b1', '>i8', ...) to and from DType, with readable refusals for the rest.

import { DType, TensorFileError } from './types';
import { PyValue } from './pyliteral';
import { dtypeByteSize, isDType } from './ndarray';

/** Byte order of stored data: 'none' for one-byte types. */
export type ByteOrder = 'little' | 'big' | 'none';

/** A DType with the byte order it was stored in. */
export interface ParsedDescr {
  dtype: DType;
  byteOrder: ByteOrder;
}

const KIND_SIZE: Record<string, DType> = {
  b1: 'bool',
  i1: 'int8',
  i2: 'int16',
  i4: 'int32',
  i8: 'int64',
  u1: 'uint8',
  u2: 'uint16',
  u4: 'uint32',
  u8: 'uint64',
  f2: 'float16',
  f4: 'float32',
  f8: 'float64',
};

// numpy single-character type codes (64-bit Linux/macOS sizes for l/L)
const CHAR_CODES: Record<string, DType> = {
  '?': 'bool',
  b: 'int8',
  B: 'uint8',
  h: 'int16',
  H: 'uint16',
  i: 'int32',
  I: 'uint32',
  l: 'int64',
  L: 'uint64',
  q: 'int64',
  Q: 'uint64',
  e: 'float16',
  f: 'float32',
  d: 'float64',
};

const HOST_LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const NUMERIC_FIX = 'Save a numeric array: np.save(f, arr.astype(np.float32))';

/** Refusal for a dtype kind Tensor Parity does not read, naming the file and the fix. */
function refuse(file: string | undefined, descr: string, kind: string): never {
  const where = file ?? 'the .npy data';
  let what: string;
  let fix = NUMERIC_FIX;
  switch (kind) {
    case 'O':
      throw new TensorFileError(`${where}: contains Python objects (dtype=object); Tensor Parity never unpickles. ${NUMERIC_FIX}`, file);
    case 'U':
      what = `unicode strings (dtype ${descr})`;
      break;
    case 'S':
    case 'a':
      what = `byte strings (dtype ${descr})`;
      break;
    case 'c':
    case 'F':
    case 'D':
    case 'G':
      what = `complex numbers (dtype ${descr})`;
      fix = 'Save the real and imaginary parts as separate arrays: np.savez(f, real=arr.real.astype(np.float32), imag=arr.imag.astype(np.float32))';
      break;
    case 'M':
    case 'm':
      what = `dates or time spans (dtype ${descr})`;
      fix = 'Save them as numbers: np.save(f, arr.astype(np.int64))';
      break;
    case 'V':
      what = `raw void records (dtype ${descr})`;
      break;
    case 'g':
      what = `long doubles (dtype ${descr})`;
      fix = 'Save as float64: np.save(f, arr.astype(np.float64))';
      break;
    default:
      what = `an unsupported dtype ${JSON.stringify(descr)}`;
  }
  throw new TensorFileError(`${where}: contains ${what}; Tensor Parity reads bool, int8-64, uint8-64 and float16/32/64 arrays. ${fix}`, file);
}

function orderOf(ch: string | undefined, dtype: DType): ByteOrder {
  if (dtypeByteSize(dtype) === 1) return 'none';
  if (ch === '>') return 'big';
  if (ch === '<') return 'little';
  return HOST_LITTLE ? 'little' : 'big'; // '=' or no prefix: native
}

/** Parse a numpy descr from a .npy header; refuses objects, records, strings, complex and dates with a fix. */
export function parseDescr(descr: PyValue, file?: string): ParsedDescr {
  const where = file ?? 'the .npy data';
  if (Array.isArray(descr)) {
    const names = descr.map((f) => (Array.isArray(f) && typeof f[0] === 'string' ? f[0] : '?')).join(', ');
    throw new TensorFileError(
      `${where}: is a structured (record) array with fields ${names}; Tensor Parity reads plain numeric arrays. ` +
        'Save each field as its own array: np.savez(f, **{n: arr[n] for n in arr.dtype.names})',
      file,
    );
  }
  if (typeof descr !== 'string') {
    throw new TensorFileError(`${where}: the header's 'descr' is not a dtype string; the header is corrupt. Re-save the array with np.save.`, file);
  }
  if (isDType(descr)) return { dtype: descr, byteOrder: orderOf('=', descr) };
  const m = /^([<>=|]?)([a-zA-Z?])(\d*)(.*)$/.exec(descr);
  if (m === null) return refuse(file, descr, '');
  const [, order, kind, size, rest] = m;
  if (rest !== '') {
    // e.g. '<M8[ns]', 'O8[...]' or a sub-array: refuse by kind
    return refuse(file, descr, kind === 'm' || kind === 'M' ? kind : kind === 'O' ? 'O' : '');
  }
  const dtype = size === '' ? CHAR_CODES[kind] : KIND_SIZE[kind + size];
  if (dtype !== undefined) return { dtype, byteOrder: orderOf(order, dtype) };
  if (kind === 'f' && (size === '12' || size === '16')) return refuse(file, descr, 'g');
  return refuse(file, descr, kind);
}

/** numpy's descr for a dtype: '|b1', '|u1', '<f4' or '>f4'. */
export function dtypeToDescr(dtype: DType, bigEndian = false): string {
  const code: Record<DType, string> = {
    bool: 'b1',
    int8: 'i1',
    int16: 'i2',
    int32: 'i4',
    int64: 'i8',
    uint8: 'u1',
    uint16: 'u2',
    uint32: 'u4',
    uint64: 'u8',
    float16: 'f2',
    float32: 'f4',
    float64: 'f8',
  };
  const c = code[dtype];
  if (dtypeByteSize(dtype) === 1) return `|${c}`;
  return `${bigEndian ? '>' : '<'}${c}`;
}

/** True when this machine is little-endian (all supported Node platforms are). */
export function hostIsLittleEndian(): boolean {
  return HOST_LITTLE;
}
