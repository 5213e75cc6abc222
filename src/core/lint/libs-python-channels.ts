// Per-channel numpy arrays put back together: `r = (img[:, :, 0] / 255 - 0.485) / 0.229` (and g, b), then
// np.stack([r, g, b]), np.concatenate([r[None], g[None], b[None]]), np.array([r, g, b]) or np.dstack((r, g, b)):
// one image with each channel's own affine map, in the order the channels are stacked.

import type { CallCtx, Val } from './flow-api';
import { applyOp, type FlowVal, type Op } from './flow-types';
import type { Expr } from './ir';
import { arg, cvOf, flowOf, fv } from './libs-common';
import { nums } from './values';
import { tag } from './memo';

/** The image a channel pick (img[:, :, k], img[..., k]) was taken from, by the subscript node. */
const PICKS = tag<Expr, { base: FlowVal; index: number }>('picks');

/** Records that `node` picks channel `index` of `base`. */
export function recordPick(node: Expr, base: FlowVal, index: number): void {
  PICKS.set(node, { base, index });
}

/** Where a value's channel pick is in its trace, the pick, and the affine map applied after it (x·m + c). */
function pickOf(f: FlowVal): { base: FlowVal; index: number; m: number; c: number; first: (Op & { t: 'affine' }) | undefined } | undefined {
  let at = -1;
  for (let i = f.trace.length - 1; i >= 0; i--) {
    const op = f.trace[i];
    if (op.t === 'setColor' && PICKS.get(op.node)) {
      at = i;
      break;
    }
  }
  const pickOp = at < 0 ? undefined : f.trace[at];
  const pick = pickOp?.t === 'setColor' ? PICKS.get(pickOp.node) : undefined;
  if (!pick) return undefined;
  let m = 1;
  let c = 0;
  let first: (Op & { t: 'affine' }) | undefined;
  for (const op of f.trace.slice(at + 1)) {
    if (op.t === 'affine') {
      if (op.mul.length !== 1 || op.add.length !== 1) return undefined;
      m *= op.mul[0];
      c = c * op.mul[0] + op.add[0];
      first ??= op;
    } else if (op.t !== 'cast' && op.t !== 'kind') return undefined;
  }
  return { base: pick.base, index: pick.index, m, c, first };
}

/**
 * np.stack / np.concatenate / np.array / np.dstack / np.vstack of channel arrays of one image. Undefined when the
 * items are not three channel picks of the same image (the caller then treats the call as before).
 */
export function stackChannels(c: CallCtx, fn: string): Val {
  const list = c.args[0];
  if (list?.k !== 'many' || list.alt || list.items.length === 0) return undefined;
  const parts = list.items.map((v) => {
    const f = flowOf(v);
    return f ? pickOf(f) : undefined;
  });
  if (parts.some((p) => !p) || new Set(parts.map((p) => p!.base.origin)).size !== 1) return undefined;
  const ps = parts as NonNullable<(typeof parts)[number]>[];
  const order = ps.map((p) => p.index);
  const identity = order.join() === '0,1,2';
  const reversed = order.join() === '2,1,0';
  let f = ps[0].base;
  // Some channels only, or in another order: an image whose values the checks cannot state.
  if (!identity && !reversed)
    return fv(applyOp(applyOp(f, { t: 'nonaffine', node: c.node }), { t: 'setColor', color: '?', node: c.node, why: 'channels restacked' }));
  // Per source channel (the base image's order): the map its stacked array went through.
  const bySource = [0, 1, 2].map((k) => ps.find((p) => p.index === k)!);
  if (bySource.some((p) => p.m !== 1 || p.c !== 0)) {
    const first = ps.find((p) => p.first)?.first;
    f = applyOp(f, {
      t: 'affine',
      mul: bySource.map((p) => p.m),
      add: bySource.map((p) => p.c),
      node: first?.node ?? c.node,
      desc: `per-channel arithmetic on the channels stacked by np.${fn}`,
      operandDt: first?.operandDt ?? 'weak-float',
      opName: first?.opName ?? '*',
    });
  }
  const dtItem = flowOf(list.items[0]);
  if (dtItem && dtItem.dtype !== f.dtype) f = { ...f, dtype: dtItem.dtype, f64At: dtItem.f64At ?? f.f64At };
  if (reversed) f = applyOp(f, { t: 'swap', node: c.node, why: `channels stacked in reverse order by np.${fn}` });
  const axis = nums(cvOf(arg(c, 1, 'axis')?.v))?.[0] ?? (fn === 'dstack' ? 2 : 0);
  if (fn !== 'dstack' && axis === 0) f = applyOp(f, { t: 'layout', to: 'CHW', node: c.node, desc: `np.${fn} of the channels along axis 0` });
  return fv(f);
}
