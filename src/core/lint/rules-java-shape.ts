// Java multi-dimensional input arrays (input = new float[1][224][224][3]) handed to Interpreter.run(input, output):
// their dimensions are the tensor shape, checked against the spec like the other explicit shapes.

import type { Analyzer } from './flow';
import { dottedName, forEachExpr, walkStmts, type Expr } from './ir';
import { checkShape } from './rules-shape';
import { nums } from './values';

type Call = Expr & { k: 'call' };

const nameOf = (t: Expr): string | undefined => (t.k === 'name' ? t.n : t.k === 'attr' && t.o.k === 'name' && t.o.n === 'this' ? t.n : undefined);

/** Checks the 4-d array allocation of each `x.run(array, output)` input (the array's only allocation in the file). */
export function javaArrayShapes(an: Analyzer): void {
  const allocs = new Map<string, Call[]>();
  const inputs: Expr[] = [];
  const add = (t: Expr, v: Expr | null | undefined): void => {
    const n = nameOf(t);
    if (!n || v?.k !== 'call' || !v.isNew || v.targs !== '[]' || !/^(float|byte|int)$/.test(dottedName(v.f) ?? '')) return;
    allocs.set(n, [...(allocs.get(n) ?? []), v]);
  };
  walkStmts(an.info.body, (s) => {
    if (s.k === 'assign') add(s.t, s.v);
    forEachExpr(s, (e) => {
      if (e.k === 'assignx') add(e.t, e.v);
      if (e.k === 'call' && e.f.k === 'attr' && e.f.n === 'run' && e.a.length === 2) inputs.push(e.a[0].v);
    });
  });
  for (const x of inputs) {
    const n = nameOf(x);
    const list = n ? allocs.get(n) : undefined;
    if (!list || list.length !== 1 || list[0].a.length !== 4) continue;
    const dims = list[0].a.map((a) => nums(an.info.evalConst(a.v, an.info.module))?.[0]);
    if (dims.every((d): d is number => d !== undefined)) checkShape(an, dims, list[0], `new ${dottedName(list[0].f)}[${dims.join('][')}]`);
  }
}
