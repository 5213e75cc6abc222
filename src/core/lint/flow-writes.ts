// Which parameters a local function writes through: a helper that divides a Mat or an array in place changes the
// caller's image (divByStd(blob, std) after blobFromImage), so the caller's value is no longer what it knew.

import { walkExpr, walkStmts, type Expr, type Stmt } from './ir';
import { slot } from './memo';

type FuncStmt = Stmt & { k: 'func' };

const CACHE = slot<FuncStmt, ReadonlySet<number>>('writtenParams');

function mentions(e: Expr, names: ReadonlyMap<string, number>): number | undefined {
  let hit: number | undefined;
  walkExpr(e, (x) => {
    if (hit === undefined && x.k === 'name' && names.has(x.n)) hit = names.get(x.n);
    return hit === undefined;
  });
  return hit;
}

function root(e: Expr): Expr {
  let x = e;
  while (x.k === 'sub' || x.k === 'attr' || x.k === 'cast' || (x.k === 'un' && x.op === '*')) x = x.k === 'sub' || x.k === 'attr' ? x.o : x.e;
  return x;
}

/**
 * Indices of the parameters whose data the function writes: an element or field store rooted at the parameter or at a
 * pointer taken from it (float* p = (float*) m.data; p[i] /= s), or a compound assignment to the parameter (m /= 255).
 */
export function writtenParams(f: FuncStmt): ReadonlySet<number> {
  const known = CACHE.get(f);
  if (known) return known;
  const names = new Map<string, number>();
  f.params.forEach((p, i) => names.set(p.name, i));
  const out = new Set<number>();
  walkStmts(f.body, (s) => {
    if (s.k !== 'assign') return;
    const t = s.t;
    if (t.k === 'name' && s.decl !== undefined && s.v) {
      const i = mentions(s.v, names);
      if (i !== undefined && !names.has(t.n)) names.set(t.n, i); // an alias into the parameter's data
      return;
    }
    const r = root(t);
    const i = r.k === 'name' ? names.get(r.n) : undefined;
    if (i === undefined) return;
    if (t.k !== 'name' || s.op) out.add(i);
  });
  CACHE.set(f, out);
  return out;
}
