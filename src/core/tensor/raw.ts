// Raw .bin/.raw tensor dumps (e.g. from C++ fwrite or Java ByteBuffer) described by a JSON sidecar.

import { DType, NdArray, TensorFileError } from './types';
import { ALL_DTYPES, allocTypedArray, dtypeByteSize, fmtCount, formatShape, isDType, numel } from './ndarray';
import { DEFAULT_MAX_BYTES, bytesToTypedArray, checkDataSize } from './npy';
import { findExcessiveNesting } from '../spec/depth';
import { parseDescr } from './descr';

/** How the bytes of a raw dump are laid out (C order). */
export interface RawLayout {
  dtype: DType;
  shape: number[];
  /** Default 'little' (x86, ARM, Java ByteBuffer after .order(ByteOrder.LITTLE_ENDIAN)). */
  byteOrder?: 'little' | 'big';
}

/** Options for parseRaw. */
export interface RawReadOptions {
  maxBytes?: number;
  /** Where the layout came from, for messages; default "the sidecar". */
  layoutSource?: string;
}

/** An example sidecar, shown in messages. */
export const SIDECAR_EXAMPLE = '{"dtype": "float32", "shape": [1, 3, 224, 224], "byteOrder": "little"}';

/** Parse a `<file>.json` sidecar such as {"dtype":"float32","shape":[1,3,224,224],"byteOrder":"little"}. */
export function parseSidecar(jsonText: string, file?: string): RawLayout {
  const where = file ?? 'the sidecar';
  const fix = `It should look like ${SIDECAR_EXAMPLE}.`;
  const deep = findExcessiveNesting(jsonText, 16);
  if (deep) {
    throw new TensorFileError(`${where}: is nested ${deep.depth}+ levels deep at character ${deep.offset}; a sidecar is one flat object. ${fix}`, file);
  }
  let v: unknown;
  try {
    v = JSON.parse(jsonText);
  } catch (e) {
    throw new TensorFileError(`${where}: is not valid JSON (${(e as Error).message}). ${fix}`, file);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new TensorFileError(`${where}: should be a JSON object. ${fix}`, file);
  }
  const o = v as Record<string, unknown>;
  const dt = o.dtype;
  let dtype: DType;
  let orderFromDescr: 'little' | 'big' | undefined;
  if (isDType(dt)) {
    dtype = dt;
  } else if (typeof dt === 'string' && /^[<>=|]?[biuf]\d$/.test(dt)) {
    dtype = parseDescr(dt, file).dtype;
    if (dt.startsWith('>')) orderFromDescr = 'big';
    else if (dt.startsWith('<')) orderFromDescr = 'little';
  } else {
    throw new TensorFileError(`${where}: "dtype" is ${JSON.stringify(dt ?? null)}; use one of ${ALL_DTYPES.join(', ')}. ${fix}`, file);
  }
  const sh = o.shape;
  if (!Array.isArray(sh) || !sh.every((d): d is number => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw new TensorFileError(
      `${where}: "shape" is ${JSON.stringify(sh ?? null)}; it must be a list of whole numbers >= 0, e.g. [1, 3, 224, 224]. ${fix}`,
      file,
    );
  }
  const boRaw = o.byteOrder ?? o.byteorder ?? o.byte_order ?? o.endian;
  let byteOrder: 'little' | 'big' | undefined = orderFromDescr;
  if (boRaw !== undefined) {
    if (boRaw === 'little' || boRaw === '<') byteOrder = 'little';
    else if (boRaw === 'big' || boRaw === '>') byteOrder = 'big';
    else {
      throw new TensorFileError(`${where}: "byteOrder" is ${JSON.stringify(boRaw)}; use "little" or "big". ${fix}`, file);
    }
  }
  return byteOrder === undefined ? { dtype, shape: [...sh] } : { dtype, shape: [...sh], byteOrder };
}

function sizeHints(len: number, layout: RawLayout): string[] {
  const hints: string[] = [];
  const n = numel(layout.shape);
  const fits = ALL_DTYPES.filter((d) => d !== layout.dtype && n * dtypeByteSize(d) === len && d !== 'bool');
  if (fits.length > 0) hints.push(`With that shape the size matches ${fits.join(' or ')}, so the dtype may be wrong.`);
  const size = dtypeByteSize(layout.dtype);
  if (len % size === 0 && layout.shape.length > 0) {
    const count = len / size;
    const shapes: string[] = [];
    layout.shape.forEach((dim, i) => {
      const rest = n / (dim === 0 ? 1 : dim);
      if (dim !== 0 && rest > 0 && count % rest === 0 && count / rest !== dim) {
        const s = [...layout.shape];
        s[i] = count / rest;
        shapes.push(formatShape(s));
      }
    });
    if (shapes.length > 0) hints.push(`As ${layout.dtype}, shape ${shapes.slice(0, 3).join(' or ')} would match.`);
  }
  return hints;
}

/** Interpret raw bytes with a layout; the byte count must equal shape × dtype size exactly. */
export function parseRaw(bytes: Uint8Array, layout: RawLayout, file?: string, opts?: RawReadOptions): NdArray {
  const where = file ?? 'the raw data';
  const source = opts?.layoutSource ?? 'the sidecar';
  for (const d of layout.shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new TensorFileError(`${where}: ${source} gives shape ${formatShape(layout.shape)}, which is invalid; use whole numbers >= 0.`, file);
    }
  }
  const need = checkDataSize(layout.dtype, layout.shape, opts?.maxBytes ?? DEFAULT_MAX_BYTES, file);
  const size = dtypeByteSize(layout.dtype);
  if (bytes.length !== need) {
    const count =
      bytes.length % size === 0
        ? `${fmtCount(bytes.length / size)} ${layout.dtype} values`
        : `not a whole number of ${layout.dtype} values (${size} bytes each)`;
    const msg = [
      `${where}: ${fmtCount(bytes.length)} bytes is ${count}; ${source} says shape ${formatShape(layout.shape)} ${layout.dtype}, which needs ${fmtCount(need)} bytes.`,
      ...sizeHints(bytes.length, layout),
      `Fix the dtype/shape in ${source}, or re-dump the tensor.`,
    ];
    throw new TensorFileError(msg.join(' '), file);
  }
  const n = numel(layout.shape);
  const byteOrder = size === 1 ? 'none' : (layout.byteOrder ?? 'little');
  const data = n === 0 ? allocTypedArray(layout.dtype, 0) : bytesToTypedArray(bytes, layout.dtype, n, byteOrder);
  return { dtype: layout.dtype, shape: [...layout.shape], data };
}
