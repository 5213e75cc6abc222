// C++ ways of taking a pair or tuple apart, as the tuple targets value flow already unpacks (Python's `a, b = f()`):
// a structured binding `auto [blob, ratio] = letterBox(frame);` and `std::tie(blob, ratio) = letterBox(frame);`.

import type { SyntaxNode as Node } from './flat-tree';
import { kids, type ExtractCtx } from './extract-common';
import { dottedName, type Expr } from './ir';

/** The names of `[a, b]` in a declarator (`auto [a, b]`, `const auto& [a, b]`) as a tuple target; undefined otherwise. */
export function structuredBinding(ctx: ExtractCtx, d: Node): Expr | undefined {
  let cur: Node | undefined = d;
  while (cur && cur.type !== 'structured_binding_declarator') cur = cur.type === 'reference_declarator' ? kids(cur)[0] : undefined;
  if (!cur) return undefined;
  const items: Expr[] = kids(cur)
    .filter((c) => c.type === 'identifier')
    .map((c) => ({ k: 'name', n: ctx.text(c), sp: ctx.sp(c) }));
  return items.length > 0 ? { k: 'seq', kind: 'tuple', items, sp: ctx.sp(cur) } : undefined;
}

/** `std::tie(a, b)` on the left of `=` as a tuple target; any other target unchanged. */
export function tieTarget(e: Expr): Expr {
  if (e.k !== 'call' || !/^(std\.)?tie$/.test(dottedName(e.f) ?? '')) return e;
  return { k: 'seq', kind: 'tuple', items: e.a.map((a) => a.v), sp: e.sp };
}
