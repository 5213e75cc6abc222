// Per-channel constants in a C++ pixel loop: `for (int c = 0; c < 3; c++) ... out[c * H * W + i * W + j] =
// (pix / 255.0 - mean_[c]) / std_[c];` reads one value per pixel and channel, and the constants are picked by the
// same channel counter, so channel c gets mean_[c] and std_[c]: a per-channel normalisation that can be checked,
// though the value itself does not say which channel it holds.

import type { Analyzer } from './flow';
import type { FlowVal } from './flow-types';
import { walkStmts, type Expr, type Stmt } from './ir';

/** `X[c]` with c a bare name: c, else undefined. */
function nameIndex(e: Expr): string | undefined {
  return e.k === 'sub' && e.idx.length === 1 && e.idx[0].k === 'name' ? e.idx[0].n : undefined;
}

/** True when a `for` loop among `body` counts `name` from 0 while it is below 3 (the channel loop). */
export function channelCounter(an: Analyzer, name: string, body: readonly Stmt[]): boolean {
  let found = false;
  walkStmts(body, (s) => {
    if (found || s.k !== 'for' || !s.cond || s.cond.k !== 'bin' || s.cond.op !== '<' || s.cond.l.k !== 'name' || s.cond.l.n !== name) return;
    const init = s.init[0];
    if (!init || init.k !== 'assign' || init.t.k !== 'name' || init.t.n !== name || !init.v) return;
    const from = an.info.evalConst(init.v, an.info.module);
    const to = an.info.evalConst(s.cond.r, an.info.module);
    found = from?.t === 'num' && from.v === 0 && to?.t === 'num' && to.v === 3;
  });
  return found;
}

/**
 * True when every per-channel (three-item) step of an element's normalisation took its constants as `X[c]`, with c
 * the counter of a channel loop `for (c = 0; c < 3; ...)`: the steps are aligned with the channels.
 */
export function channelLoopConstants(f: FlowVal, an: Analyzer): boolean {
  if (an.info.family !== 'cpp') return false;
  let any = false;
  for (const op of f.trace) {
    if (op.t !== 'affine' || (op.mul.length !== 3 && op.add.length !== 3)) continue;
    const n = op.node;
    const c = n.k === 'bin' ? (nameIndex(n.r) ?? nameIndex(n.l)) : undefined;
    if (c === undefined || !channelCounter(an, c, an.info.body)) return false;
    any = true;
  }
  return any;
}
