// Nested pixel loops in Java and JS/TS that write a flat input array: for (y) for (x) for (c)
// `input[c * H * W + y * W + x] = ...` lays channels out in planes (NCHW), `input[(y * W + x) * 3 + c]` interleaves
// them (NHWC); also three writes per pixel at constant offsets (`i`, `i + H * W`, `i + 2 * H * W`). The loop bounds and
// the array's allocation must be known constants; the layout is checked against the spec (TP401).

import { channelsOf } from '../spec/defaults';
import type { Analyzer } from './flow';
import type { Frame } from './flow-api';
import { walkStmts, type Expr, type Stmt } from './ir';
import { allocOfName, iterations } from './rules-fill-array';
import type { Scope } from './lexical-scope';
import { nums } from './values';

type ForStmt = Stmt & { k: 'for' };
/** A linear form Σ co[v]·v + b over loop variables. */
interface Lin {
  co: Map<string, number>;
  b: number;
}

function lin(an: Analyzer, e: Expr, loops: ReadonlyMap<string, number>, locals: ReadonlyMap<string, Expr>, scope: Scope, depth = 0): Lin | undefined {
  if (depth > 8) return undefined;
  if (e.k === 'name' && loops.has(e.n)) return { co: new Map([[e.n, 1]]), b: 0 };
  if (e.k === 'name' && locals.has(e.n)) return lin(an, locals.get(e.n)!, loops, locals, scope, depth + 1);
  if (e.k === 'other' && e.kids.length === 1) return lin(an, e.kids[0], loops, locals, scope, depth + 1);
  if (e.k === 'bin' && /^[-+*]$/.test(e.op)) {
    const l = lin(an, e.l, loops, locals, scope, depth + 1);
    const r = l ? lin(an, e.r, loops, locals, scope, depth + 1) : undefined;
    if (!l || !r) return undefined;
    if (e.op !== '*') {
      const sign = e.op === '+' ? 1 : -1;
      const co = new Map(l.co);
      for (const [k, v] of r.co) co.set(k, (co.get(k) ?? 0) + sign * v);
      return { co, b: l.b + sign * r.b };
    }
    const [k, c] = l.co.size === 0 ? [r, l.b] : r.co.size === 0 ? [l, r.b] : [undefined, 0];
    if (!k) return undefined;
    return { co: new Map([...k.co].map(([n, v]) => [n, v * c])), b: k.b * c };
  }
  const v = nums(an.info.evalConst(e, scope));
  return v && v.length === 1 ? { co: new Map(), b: v[0] } : undefined;
}

/** Checks the outermost of nested loops for the channel layout of its writes into a flat array. */
export function checkNestedFill(an: Analyzer, fr: Frame, s: ForStmt): void {
  const scope = fr.scope;
  const loops = new Map<string, number>();
  const locals = new Map<string, Expr>();
  const stores: (Stmt & { k: 'assign' })[] = [];
  let ok = true;
  const visit = (f: ForStmt): void => {
    const it = iterations(an, f, scope);
    if (!it || !it.iv || it.step !== 1) {
      ok = false;
      return;
    }
    loops.set(it.iv, it.count);
    for (const st of f.body) {
      if (st.k === 'for') visit(st);
      else
        walkStmts([st], (x) => {
          if (x.k === 'for') ok = false;
          if (x.k === 'assign' && x.t.k === 'name' && x.v && x.decl !== undefined) locals.set(x.t.n, x.v);
          if (x.k === 'assign' && !x.op && x.t.k === 'sub' && x.t.o.k === 'name' && x.t.idx.length === 1 && x.v && x.v.k !== 'num') stores.push(x);
        });
    }
  };
  visit(s);
  if (!ok || loops.size < 2 || stores.length === 0) return;
  const spec = an.spec.input;
  const C = channelsOf(spec.colorOrder);
  const byTarget = new Map<string, Lin[]>();
  for (const st of stores) {
    const t = st.t as Expr & { k: 'sub' };
    const l = lin(an, t.idx[0], loops, locals, scope);
    if (!l) return;
    const name = (t.o as Expr & { k: 'name' }).n;
    byTarget.set(name, [...(byTarget.get(name) ?? []), l]);
  }
  for (const [name, idx] of byTarget) {
    const alloc = allocOfName(an, name, scope);
    if (!alloc || alloc.bytes) continue;
    let layout: 'CHW' | 'HWC' | undefined;
    const chanVar = [...loops].find(([v, n]) => n === C && idx.every((l) => (l.co.get(v) ?? 0) !== 0))?.[0];
    const pixelVars = [...loops.keys()].filter((v) => v !== chanVar);
    const P = pixelVars.reduce((p, v) => p * loops.get(v)!, 1);
    if (P * C !== alloc.values) continue;
    const minPixelCo = Math.min(...idx.flatMap((l) => pixelVars.map((v) => Math.abs(l.co.get(v) ?? Infinity))));
    if (chanVar && idx.length === 1) {
      const k = idx[0].co.get(chanVar);
      if (k === P && minPixelCo === 1) layout = 'CHW';
      else if (k === 1 && minPixelCo === C) layout = 'HWC';
    } else if (!chanVar && idx.length === C) {
      const offs = idx.map((l) => l.b).sort((a, b) => a - b);
      const steps = offs.slice(1).map((o, i) => o - offs[i]);
      if (steps.every((d) => d === P) && minPixelCo === 1) layout = 'CHW';
      else if (steps.every((d) => d === 1) && minPixelCo === C) layout = 'HWC';
    }
    const want = spec.layout === 'NHWC' ? 'HWC' : 'CHW';
    if (!layout || layout === want) continue;
    const at = stores.find((st) => st.t.k === 'sub' && st.t.o.k === 'name' && st.t.o.n === name)!.t;
    an.rep.add({
      rule: 'layout',
      at,
      specPath: 'input.layout',
      message:
        layout === 'CHW'
          ? `These loops write each pixel's ${C} channels a plane of ${P} values apart into ${name}: channels-first (NCHW), but the spec's input.layout is NHWC. Interleave them: ${name}[(pixel) * ${C} + c].`
          : `These loops write each pixel's ${C} channels next to each other into ${name}: channels-last (NHWC), but the spec's input.layout is NCHW. Write planes: ${name}[c * ${P} + pixel].`,
    });
  }
}
