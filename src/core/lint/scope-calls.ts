// The calls and lambdas of a statement's expressions, found in one walk (ModuleInfo counts the calls, collects the
// lambdas' bodies). A plain function over a list rather than a closure given to walkExpr: that closure and its context
// were allocated for every statement of every file.

import type { Expr, Stmt } from './ir';

/** A call whose callee has a bare name (`f(...)`, `x.f(...)`); the name is `.f.n`. */
export type NamedCall = Expr & { k: 'call'; f: Expr & { k: 'name' | 'attr' } };

/** A lambda (a callback run in place, e.g. tf.tidy) met among a statement's expressions. */
export type LambdaExpr = Expr & { k: 'lambda' };

/** Adds the named calls and lambdas of `x` to `out` in walkExpr's pre-order; a lambda's body is not entered. */
export function callsAndLambdas(x: Expr | null | undefined, out: (NamedCall | LambdaExpr)[]): void {
  if (!x) return;
  switch (x.k) {
    case 'call':
      if ((x.f.k === 'name' || x.f.k === 'attr') && x.f.n) out.push(x as NamedCall);
      callsAndLambdas(x.f, out);
      for (let i = 0; i < x.a.length; i++) callsAndLambdas(x.a[i].v, out);
      return;
    case 'lambda':
      out.push(x);
      return;
    case 'attr':
      callsAndLambdas(x.o, out);
      return;
    case 'bin':
      callsAndLambdas(x.l, out);
      callsAndLambdas(x.r, out);
      return;
    case 'assignx':
      callsAndLambdas(x.t, out);
      callsAndLambdas(x.v, out);
      return;
    case 'un':
    case 'cast':
      callsAndLambdas(x.e, out);
      return;
    case 'seq':
      for (let i = 0; i < x.items.length; i++) callsAndLambdas(x.items[i], out);
      return;
    case 'obj':
      for (let i = 0; i < x.props.length; i++) callsAndLambdas(x.props[i].v, out);
      return;
    case 'sub':
      callsAndLambdas(x.o, out);
      for (let i = 0; i < x.idx.length; i++) callsAndLambdas(x.idx[i], out);
      return;
    case 'slice':
      for (let i = 0; i < x.parts.length; i++) callsAndLambdas(x.parts[i], out);
      return;
    case 'other':
      for (let i = 0; i < x.kids.length; i++) callsAndLambdas(x.kids[i], out);
      return;
    default:
      return;
  }
}

/** The named calls and lambdas of a statement's own expressions (not of nested statements), in walkExpr's order. */
export function stmtCallsAndLambdas(s: Stmt): (NamedCall | LambdaExpr)[] {
  const out: (NamedCall | LambdaExpr)[] = [];
  if (s.k === 'expr' || s.k === 'ret') callsAndLambdas(s.e, out);
  else if (s.k === 'assign') {
    callsAndLambdas(s.t, out);
    callsAndLambdas(s.v, out);
  } else if (s.k === 'for') {
    callsAndLambdas(s.cond, out);
    callsAndLambdas(s.iter, out);
    for (let i = 0; i < s.update.length; i++) callsAndLambdas(s.update[i], out);
  }
  return out;
}
