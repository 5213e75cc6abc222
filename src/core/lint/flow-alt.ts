// Values that are one of several alternatives (the branches of c ? a : b, the different returns of a function):
// a check reports only when every alternative fails it, since one branch that matches the spec may be the one used.

import type { Analyzer } from './flow';
import type { Frame, TermCtx, Val } from './flow-api';
import { replay } from './flow-types';
import type { Expr } from './ir';

/** The value of a function with these returns: the one image value, or the distinct ones as alternatives. */
export function returnedValue(returns: readonly Val[]): Val {
  const flows: Val[] = [];
  for (const v of returns) {
    if (v === undefined || (v.k !== 'flow' && v.k !== 'many')) continue;
    if (!flows.some((x) => x === v || (x?.k === 'flow' && v.k === 'flow' && x.f === v.f))) flows.push(v);
  }
  if (flows.length > 1) return { k: 'many', items: flows, alt: true };
  return flows[0] ?? returns.find((v) => v !== undefined);
}

/** Routes alternatives to the checks: their findings are kept only when no alternative passes. */
export function altTerminal(an: Analyzer, items: readonly Val[], ctx: TermCtx, at: Expr, desc: string, fr: Frame, into?: number): void {
  const found = items.map((x) => an.rep.capture(() => an.terminal(x, ctx, at, desc, fr, into)));
  if (found.some((fs) => fs.length === 0)) return;
  for (const fs of found) for (const f of fs) an.rep.add(f);
}

/** What a call gives the caller, from the callee's returned value: a parameter's value is replayed on the argument. */
export function callerValue(ret: Val, argFor: (i: number) => Val): Val {
  // `return frame, batch`: each item of a returned tuple (or dict) reaches the caller, which unpacks or indexes it.
  if (ret?.k === 'many')
    return ret.alt
      ? { k: 'many', items: ret.items.map((x) => callerValue(x, argFor)), alt: true }
      : { k: 'many', items: ret.items.map((x) => callerValue(x, argFor)) };
  if (ret?.k !== 'flow') return ret?.k === 'cv' ? ret : undefined;
  if (ret.f.origin.kind !== 'param') return ret;
  const a = argFor(ret.f.origin.paramIndex ?? -1);
  return a?.k === 'flow' ? { k: 'flow', f: replay(a.f, ret.f) } : undefined;
}
