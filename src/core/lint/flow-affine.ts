// Arithmetic between an image value and a constant, as an affine operation on the value's trace.

import type { Analyzer } from './flow';
import { applyOp, type FlowVal, type OperandDt } from './flow-types';
import type { Expr } from './ir';
import type { CV } from './values';

function cvOperand(v: CV): { vec: number[]; dt: OperandDt } | undefined {
  if (v.t === 'num') return { vec: [v.v], dt: v.dt === 'weak' ? 'weak-float' : v.dt === 'int' ? 'weak-int' : v.dt };
  if (v.t === 'seq') {
    const vec: number[] = [];
    for (const x of v.items) {
      if (x.t !== 'num') return undefined;
      vec.push(x.v);
    }
    const floats = v.items.some((x) => x.t === 'num' && (x.dt !== 'int' || !Number.isInteger(x.v)));
    const dt: OperandDt = v.dt === 'list' ? (floats ? 'f64' : 'int') : v.dt === 'int' ? 'int' : v.dt;
    return { vec, dt };
  }
  return undefined;
}

/** flow ⊙ constant as an affine op (or a non-affine op when it is not one). */
export function affineOp(an: Analyzer, f: FlowVal, op: string, c: CV, node: Expr, operand: Expr, constOnLeft: boolean): FlowVal {
  const o = cvOperand(c);
  if (!o || (o.vec.length !== 1 && o.vec.length !== 3 && o.vec.length !== 4)) return applyOp(f, { t: 'nonaffine', node });
  // Python's list + [1.0] joins two lists: a value of unknown kind (a parameter) plus a list literal is no arithmetic.
  if (op === '+' && f.kind === '?' && operand.k === 'seq' && operand.kind === 'list' && an.info.family === 'python')
    return applyOp(f, { t: 'nonaffine', node });
  // (0.1,) * ndim and [0] * n repeat a one-item tuple or list.
  if (op === '*' && f.kind === '?' && operand.k === 'seq' && operand.items.length === 1 && an.info.family === 'python')
    return applyOp(f, { t: 'nonaffine', node });
  const vec = o.vec.length === 4 ? o.vec.slice(0, 3) : o.vec;
  const text = an.text(operand);
  const base = { node, operandDt: o.dt, opName: op };
  switch (op) {
    case '*':
      return applyOp(f, { t: 'affine', mul: vec, add: [0], desc: constOnLeft ? `${text} ×` : `× ${text}`, ...base });
    case '/':
      return constOnLeft || vec.some((x) => x === 0)
        ? applyOp(f, { t: 'nonaffine', node })
        : applyOp(f, { t: 'affine', mul: vec.map((x) => 1 / x), add: [0], desc: `/ ${text}`, ...base });
    case '+':
      return applyOp(f, { t: 'affine', mul: [1], add: vec, desc: `+ ${text}`, ...base });
    case '-':
      return constOnLeft
        ? applyOp(f, { t: 'affine', mul: [-1], add: vec, desc: `${text} −`, ...base })
        : applyOp(f, { t: 'affine', mul: [1], add: vec.map((x) => -x), desc: `− ${text}`, ...base });
    default:
      return applyOp(f, { t: 'nonaffine', node });
  }
}
