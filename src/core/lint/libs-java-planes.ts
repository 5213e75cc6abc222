// Java: channel planes written through running indices. A loop writing a pixel's channels as
// `out[rI++] = r; out[gI++] = g; out[bI++] = b;`, with rI starting at 0 and the others at later offsets
// (`gI = size`, `bI = 2 * size`), fills three planes one after the other: channels first. With one index for all three
// (`out[k++] = r; out[k++] = g; ...`) the pixels are interleaved, as the Bitmap was.

import { applyOp, type FlowVal } from './flow-types';
import { walkStmts, type Expr, type Stmt } from './ir';
import { tag } from './memo';

/** The running index a store target uses (`out[rI++]`, `out[rI]`): the array's name and the index's name. */
function runningIndex(t: Expr): { arr: string; idx: string } | undefined {
  if (t.k !== 'sub' || t.o.k !== 'name' || t.idx.length !== 1) return undefined;
  let i = t.idx[0]!;
  if (i.k === 'other' && i.kids.length === 1) i = i.kids[0]!;
  return i.k === 'name' ? { arr: t.o.n, idx: i.n } : undefined;
}

/** Where each index starts: its one assignment in the function (`int rI = 0, gI = size`), or undefined. */
function starts(body: readonly Stmt[]): Map<string, Expr | null> {
  const out = new Map<string, Expr | null>();
  walkStmts(body, (s) => {
    if (s.k !== 'assign' || s.t.k !== 'name') return;
    out.set(s.t.n, out.has(s.t.n) ? null : s.v);
  });
  return out;
}

/** The first store of each loop that writes one array through three different running indices, the first starting at 0. */
function planarFirstStores(body: readonly Stmt[]): Set<Expr> {
  const found = new Set<Expr>();
  let init: Map<string, Expr | null> | undefined;
  walkStmts(body, (s) => {
    if (s.k !== 'for') return;
    const byArray = new Map<string, { t: Expr; idx: string }[]>();
    for (const x of s.body) {
      const r = x.k === 'assign' ? runningIndex(x.t) : undefined;
      if (!r || x.k !== 'assign') continue;
      const list = byArray.get(r.arr);
      if (list) list.push({ t: x.t, idx: r.idx });
      else byArray.set(r.arr, [{ t: x.t, idx: r.idx }]);
    }
    for (const list of byArray.values()) {
      if (list.length < 3 || new Set(list.map((w) => w.idx)).size !== list.length) continue;
      init ??= starts(body);
      const first = init.get(list[0]!.idx);
      const others = list.slice(1).map((w) => init!.get(w.idx));
      const zero = (e: Expr | null | undefined): boolean => e?.k === 'num' && e.v === 0;
      if (zero(first) && others.every((e) => e !== undefined && e !== null && !zero(e))) found.add(list[0]!.t);
    }
  });
  return found;
}

/** The planar first stores of a function's body, found once per body. */
const PLANAR = tag<readonly Stmt[], Set<Expr>>('java running-index planes');

/**
 * A pixel's channel written by the first store of three running-index planes (see the header): the value laid out
 * channels first, told once at that store; any other store leaves the value as it is.
 */
export function runningPlaneStored(body: readonly Stmt[], target: Expr, f: FlowVal): FlowVal {
  const planar = PLANAR.get(body) ?? PLANAR.set(body, planarFirstStores(body));
  if (!planar.has(target)) return f;
  return applyOp(f, { t: 'layout', to: 'CHW', node: target, desc: 'These writes (one running index per channel plane)' });
}
