// Parameters that hold a number, not an image: a value derived from one is a size or an index, never model input.

import type { FlowVal } from './flow-types';

/** Scalar number types of Java, C++, TypeScript and Python annotations (a C++ pointer or array has its `*` or `[]`). */
const SCALAR_TYPE =
  /^(final\s+|const\s+)?(unsigned\s+|signed\s+)?(int|long|long\s+long|short|byte|float|double|char|size_t|ssize_t|u?int(8|16|32|64)_t|number|bigint|bool|boolean)$/;

/** True for a parameter declared as one number (not an array, a pointer, a Mat or a tensor). */
export function scalarParam(f: FlowVal): boolean {
  const fn = f.origin.func;
  if (fn?.k !== 'func' || f.origin.paramIndex === undefined) return false;
  const type = fn.params[f.origin.paramIndex]?.type;
  return type !== undefined && SCALAR_TYPE.test(type.trim());
}

/** Integer offsets that do belong to image arithmetic: the int8 shift (x - 128) and the inversion (255 - x). */
const IMAGE_OFFSETS: ReadonlySet<number> = new Set([127, 128, 255, 256]);

/**
 * True for a parameter of unknown type (or made an array of) that only had integer-literal arithmetic giving an integer
 * shift (n - 1, 2 * r + 1, 8 - bits, theta + 180, np.array(shape) - 1): indices, sizes and angles, not a normalisation
 * (which uses 127.5, 255, means, or a float).
 */
export function indexArithmetic(f: FlowVal): boolean {
  const aff = f.affine;
  if (!aff || (f.kind !== '?' && f.kind !== 'ndarray')) return false;
  for (const op of f.trace) if (op.t !== 'kind' && (op.t !== 'affine' || (op.operandDt !== 'weak-int' && op.operandDt !== 'int'))) return false;
  return aff.a.every((x) => Number.isInteger(x) && Math.abs(x) <= 4) && aff.b.every((x) => Number.isInteger(x) && !IMAGE_OFFSETS.has(Math.abs(x)));
}

/** True for C/C++ pointer arithmetic on a pointer parameter (out += 64, (T *) ptr - 1): an address, not pixel values. */
export function pointerArithmetic(f: FlowVal): boolean {
  const fn = f.origin.func;
  if (fn?.k !== 'func' || f.origin.paramIndex === undefined) return false;
  const type = fn.params[f.origin.paramIndex]?.type;
  if (type === undefined || !(type.endsWith('*') || type.endsWith('[]'))) return false;
  if (!f.trace.some((op) => op.t === 'affine')) return false;
  for (const op of f.trace) {
    if (op.t === 'affine' && (op.operandDt === 'weak-int' || op.operandDt === 'int')) continue;
    if (op.t === 'cast' && op.node.k === 'cast' && op.node.t.includes('*')) continue;
    return false;
  }
  return true;
}

/** True for a value derived from a parameter that holds a number or an address, not an image. */
export function notAnImage(f: FlowVal): boolean {
  return f.origin.kind === 'param' && f.channel === undefined && (scalarParam(f) || indexArithmetic(f) || pointerArithmetic(f));
}
