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

/**
 * True for a parameter of unknown type that only had integer-literal arithmetic giving a small integer shift
 * (n - 1, 2 * r + 1, 8 - bits): indices and sizes, not a normalisation (which uses 127.5, 255, means, or a float).
 */
export function indexArithmetic(f: FlowVal): boolean {
  const aff = f.affine;
  if (!aff || f.kind !== '?') return false;
  for (const op of f.trace) if (op.t !== 'affine' || (op.operandDt !== 'weak-int' && op.operandDt !== 'int')) return false;
  return aff.a.every((x) => Number.isInteger(x) && Math.abs(x) <= 4) && aff.b.every((x) => Number.isInteger(x) && Math.abs(x) <= 16);
}
