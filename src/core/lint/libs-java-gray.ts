// Grayscale made by hand from a packed Android pixel: the mean of the channels (`(r + g + b) / 3f`) or luma weights
// (`0.299f * r + 0.587f * g + 0.114f * b`). The weighted sum of the three channels of one pixel is one gray value,
// scaled by the sum of the weights; a sum of fewer channels is no value the checks judge (kept aside until the third
// channel is added).

import { applyOp, type FlowVal } from './flow-types';
import type { Expr } from './ir';
import { tag } from './memo';

/** A partial sum (what the analysis sees: an unknown value) and the sum itself with the channels it holds (bit k for channel k). */
const PARTIAL = tag<FlowVal, { bits: number; sum: FlowVal }>('java gray partial sums');

function parts(f: FlowVal): { bits: number; sum: FlowVal } | undefined {
  const p = PARTIAL.get(f);
  if (p) return p;
  return f.channel !== undefined && f.channel < 3 && f.kind === 'element' ? { bits: 1 << f.channel, sum: f } : undefined;
}

/** `a + b` of channels of the same pixel, each with its own weight; undefined when the operands are not that. */
export function channelMix(left: FlowVal, right: FlowVal, node: Expr): { k: 'flow'; f: FlowVal } | undefined {
  const pl = parts(left);
  const pr = parts(right);
  if (!pl || !pr || (pl.bits & pr.bits) !== 0) return undefined;
  const l = pl.sum;
  const r = pr.sum;
  const la = l.affine;
  const ra = r.affine;
  if (l.origin !== r.origin || !la || !ra || la.a.length !== 1 || ra.a.length !== 1 || la.a[0] === 0) return undefined;
  const bits = pl.bits | pr.bits;
  // One step on the left operand's value x = la·p + lb that gives (la + ra)·p + (lb + rb).
  const mul = (la.a[0] + ra.a[0]) / la.a[0];
  const add = la.b[0] + ra.b[0] - la.b[0] * mul;
  let f = applyOp(l, { t: 'affine', mul: [mul], add: [add], node, desc: '+ the other channels of the pixel', operandDt: 'f32', opName: '+' });
  f = { ...f, channel: undefined };
  if (bits === 7) return { k: 'flow', f: applyOp(f, { t: 'setColor', color: 'GRAY', node, why: 'the channels of each pixel summed to one gray value' }) };
  const shown = applyOp(f, { t: 'nonaffine', node });
  PARTIAL.set(shown, { bits, sum: f });
  return { k: 'flow', f: shown };
}
