// JavaScript array methods over an image's bytes and UI lifecycle callbacks. `Float32Array.from(imageData.data)
// .filter((_, i) => i % 4 !== 3)` drops the alpha byte of each RGBA pixel: the array then holds the pixels' R, G, B
// interleaved, 3 per pixel. `.map(v => v / 255)` applies its callback to every value: the callback's arithmetic on
// one value is the array's. React's `useEffect(() => …, deps)` (also useLayoutEffect, useMemo) and Vue's / Svelte's
// `onMounted(() => …)` / `onMount` run their callback once the component is on the page: its body is analysed there.

import type { CallCtx, Val } from './flow-api';
import { applyOp } from './flow-types';
import type { Expr } from './ir';
import { flowOf, fv } from './libs-common';
import { isImageData } from './libs-js-canvas';
import { markFilled } from './libs-js-buffers';
import { UNHANDLED } from './flow-api';

/** Lifecycle hooks whose callback runs once the component is mounted (or, useMemo, while it renders). */
const RUN_HOOKS: ReadonlySet<string> = new Set(['useEffect', 'useLayoutEffect', 'useInsertionEffect', 'useMemo', 'onMounted', 'onMount']);

/** `useEffect(() => …, deps)` and the other hooks of RUN_HOOKS: the callback's body runs; UNHANDLED for other calls. */
export function lifecycleHook(c: CallCtx): Val | typeof UNHANDLED {
  const n = c.name;
  if (c.method !== undefined || n === undefined) return UNHANDLED;
  const fn = c.argExprs[0]?.v;
  if (fn?.k !== 'lambda' || fn.params.length > 0 || !RUN_HOOKS.has(n.slice(n.lastIndexOf('.') + 1))) return UNHANDLED;
  const made = c.an.inline(fn, c.fr);
  return n.endsWith('useMemo') ? made : undefined;
}

/** `i % 4` with `i` the given name. */
function modFour(e: Expr, i: string): boolean {
  return e.k === 'bin' && e.op === '%' && e.l.k === 'name' && e.l.n === i && e.r.k === 'num' && e.r.v === 4;
}

/** True for a filter callback `(_, i) => i % 4 !== 3` (also `!= 3`, `< 3`, `3 !== i % 4`): it keeps R, G, B of each pixel. */
function dropsAlpha(fn: Expr): boolean {
  if (fn.k !== 'lambda' || fn.params.length !== 2 || fn.body.length !== 1) return false;
  const s = fn.body[0];
  const e = s.k === 'ret' ? s.e : undefined;
  const i = fn.params[1].name;
  if (e?.k !== 'bin') return false;
  const three = (x: Expr): boolean => x.k === 'num' && x.v === 3;
  if (e.op === '!==' || e.op === '!=') return (modFour(e.l, i) && three(e.r)) || (modFour(e.r, i) && three(e.l));
  return e.op === '<' && modFour(e.l, i) && three(e.r);
}

/**
 * `.filter(…)` and `.map(…)` of an array holding an image's values; UNHANDLED for other methods or receivers. A
 * filter that keeps R, G, B of RGBA bytes gives the pixels interleaved 3 per pixel; any other filter loses the image.
 */
export function imageArrayMethod(c: CallCtx): Val | typeof UNHANDLED {
  const f = flowOf(c.recv);
  const fn = c.argExprs[0]?.v;
  if (!f || fn?.k !== 'lambda' || c.argExprs.length !== 1) return UNHANDLED;
  if (c.method === 'filter') {
    if (!isImageData(c.recv) || !dropsAlpha(fn)) return undefined;
    return fv(markFilled(applyOp(f, { t: 'kind', kind: 'tensor' })));
  }
  if (c.method !== 'map' || f.kind !== 'tensor' || fn.params.length !== 1) return UNHANDLED;
  // The callback's arithmetic on one value, then the values put back into an array of the same kind.
  const p = fn.params[0].name;
  const vars = c.fr.vars;
  const had = vars.has(p);
  const prev = vars.get(p);
  vars.set(p, fv(applyOp(f, { t: 'kind', kind: 'element' })));
  let one: Val;
  try {
    one = c.an.inline(fn, c.fr);
  } finally {
    if (had) vars.set(p, prev);
    else vars.delete(p);
  }
  const e = one?.k === 'flow' && one.f.origin === f.origin ? one.f : undefined;
  return e ? fv(markFilled(applyOp(e, { t: 'kind', kind: 'tensor' }))) : undefined;
}
