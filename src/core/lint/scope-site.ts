// Call-site arguments that name the caller's own constants: `ImageProcessor ip(net, scale, cv::Size(w, h));` in a
// `main()` that set `scale = 1.0` and `w = 300`. The argument is evaluated in the function holding the call, and the
// parameter is bound to a literal of that value (the callee cannot read the caller's names).

import { endOf, startOf, type Expr, type Span, type Stmt } from './ir';
import type { Scope } from './lexical-scope';
import { tag } from './memo';
import type { ModuleInfo } from './scope';
import type { CV } from './values';

type FuncStmt = Stmt & { k: 'func' };
type FuncSpan = { start: number; end: number; f: FuncStmt };

const SPANS = tag<ModuleInfo, FuncSpan[]>('function spans for call sites');

/** The scope of the innermost function holding `offset`, or undefined at the top level. */
export function scopeAtSite(info: ModuleInfo, offset: number): Scope | undefined {
  let spans = SPANS.get(info);
  if (!spans) {
    spans = [];
    for (const list of info.funcs.values()) for (const f of list) spans.push({ start: startOf(f.sp), end: endOf(f.sp), f });
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    SPANS.set(info, spans);
  }
  let inner: FuncSpan | undefined;
  for (const s of spans) {
    if (s.start > offset) break;
    if (s.end >= offset) inner = s; // later starts are nested deeper
  }
  return inner ? info.scopeFor(inner.f) : undefined;
}

/** True when `v` is made of numbers, strings and booleans only: a value `literalOf` can write. */
export function isLiteralValue(v: CV): boolean {
  return v.t === 'num' || v.t === 'str' || v.t === 'bool' || (v.t === 'seq' && v.items.every(isLiteralValue));
}

/** A literal expression with the value `v` (numbers, strings, booleans and sequences of them), else undefined. */
export function literalOf(v: CV, sp: Span): Expr | undefined {
  if (!isLiteralValue(v)) return undefined;
  switch (v.t) {
    case 'num':
      return { k: 'num', v: v.v, raw: String(v.v), float: v.dt === 'f32' || v.dt === 'f64' || !Number.isInteger(v.v), f32: v.dt === 'f32', sp };
    case 'str':
      return { k: 'str', v: v.v, sp };
    case 'bool':
      return { k: 'bool', v: v.v, sp };
    case 'seq': {
      const items: Expr[] = [];
      for (const x of v.items) {
        const e = literalOf(x, sp);
        if (!e) return undefined;
        items.push(e);
      }
      return { k: 'seq', kind: 'brace', items, sp };
    }
    default:
      return undefined;
  }
}
