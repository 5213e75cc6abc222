// A Java array filled pixel by pixel in one helper, returned, and then changed in place by another helper of the file
// (`float[][][][] t = preprocess(bytes); normalize(t); OnnxTensor.createTensor(env, t)`): the values written by the
// first helper are not what reaches the model, so its writes are not judged as the model input.

import type { Analyzer } from './flow';
import { walkStmts, forEachExpr, type Expr, type Stmt } from './ir';
import { writtenParams } from './flow-writes';
import { tag } from './memo';

type FuncStmt = Stmt & { k: 'func' };

/** Per function: the file it was worked out for (the callers may change while the function does not) and the answer. */
const LATER = tag<Stmt, { body: readonly Stmt[]; names: ReadonlySet<string> }>('later');

const NO_NAMES: ReadonlySet<string> = new Set();

/** The local arrays a function returns (`return retData;`). */
function returnedNames(fn: FuncStmt): ReadonlySet<string> {
  const out = new Set<string>();
  walkStmts(fn.body, (s) => {
    if (s.k === 'ret' && s.e?.k === 'name') out.add(s.e.n);
  });
  return out;
}

/** True when a statement list calls a local function that writes its parameter in place with `name` as that argument. */
function changedInPlace(an: Analyzer, body: readonly Stmt[], name: string): boolean {
  let hit = false;
  walkStmts(body, (s) => {
    if (hit || s.k === 'func' || s.k === 'class') return;
    forEachExpr(s, (e) => {
      if (hit || e.k !== 'call') return;
      const callee = e.f.k === 'name' ? e.f.n : e.f.k === 'attr' && e.f.o.k === 'name' && e.f.o.n === 'this' ? e.f.n : undefined;
      const local = callee !== undefined ? an.info.funcs.get(callee)?.[0] : undefined;
      if (!local) return;
      const written = writtenParams(local);
      e.a.forEach((a, i) => {
        if (a.v.k === 'name' && a.v.n === name && written.has(i)) hit = true;
      });
    });
  });
  return hit;
}

/** The names of the arrays `fn` returns whose callers in this file change them in place afterwards. */
function laterChanged(an: Analyzer, fn: FuncStmt): ReadonlySet<string> {
  const known = LATER.get(fn);
  if (known && known.body === an.info.body) return known.names;
  const out = new Set<string>();
  // Most functions are called nowhere in the file, or return nothing by name: no walk of the file for them.
  const returned = an.info.hasCallers(fn.name) ? returnedNames(fn) : NO_NAMES;
  if (returned.size > 0) {
    walkStmts(an.info.body, (s) => {
      if (s.k !== 'func' || s === fn) return;
      walkStmts(s.body, (x) => {
        if (x.k !== 'assign' || x.t.k !== 'name' || x.v?.k !== 'call' || !callsFn(x.v, fn.name)) return;
        if (changedInPlace(an, s.body, x.t.n)) for (const r of returned) out.add(r);
      });
    });
  }
  LATER.set(fn, { body: an.info.body, names: out });
  return out;
}

function callsFn(e: Expr & { k: 'call' }, name: string): boolean {
  return (e.f.k === 'name' && e.f.n === name) || (e.f.k === 'attr' && e.f.n === name);
}

/** True when an element write into `base` (a local array the current function returns) is changed in place later by the caller. */
export function writtenThenChanged(an: Analyzer, fn: Stmt | undefined, base: Expr): boolean {
  if (fn?.k !== 'func' || base.k !== 'name') return false;
  return laterChanged(an, fn).has(base.n);
}
