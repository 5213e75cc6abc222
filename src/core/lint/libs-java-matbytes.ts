// A Java array read out of an OpenCV Mat (`rgb.get(0, 0, bytes)`) and copied channel by channel into a model input:
// `input[0][c][y][x] = (bytes[(y * W + x) * 3 + c] & 0xFF) / 255f` with c a channel loop's counter. The item read is a
// pixel's channel value (`& 0xFF` makes the signed byte 0–255 again), and where c stands in the written array's
// indices is the layout: second of four (input[0][c][y][x]) is channels first, last (input[0][y][x][c]) channels last.
// The same holds for one channel of an Android pixel written by its literal number (`input[0][0][y][x] = Color.red(p)`).

import type { Analyzer } from './flow';
import type { Frame, Val } from './flow-api';
import { applyOp, type FlowVal, type Op } from './flow-types';
import type { Expr } from './ir';
import { tag } from './memo';
import { channelCounter } from './rules-channel-loop';
import { runningPlaneStored } from './libs-java-planes';

/** Arrays filled by `mat.get(row, col, array)`: they hold the Mat's pixels, interleaved. */
const MAT_READ = tag<FlowVal, true>('java array read out of a Mat');
/** The `kind: element` step of an item read out of such an array with a channel loop's counter. */
const MAT_ITEM = tag<Op, true>('java Mat array item');

/** Marks an array `mat.get(0, 0, array)` filled with a Mat's pixels; returns it. */
export function matRead(f: FlowVal): FlowVal {
  MAT_READ.set(f, true);
  return f;
}

/** The channel loop counters (`for (int c = 0; c < 3; c++)`) an expression names. */
function channelNames(an: Analyzer, fr: Frame, e: Expr, out: string[], depth = 0): string[] {
  if (depth > 6) return out;
  if (e.k === 'name') {
    if (channelCounter(an, e.n, fr.func?.body ?? an.info.body)) out.push(e.n);
  } else if (e.k === 'bin') {
    channelNames(an, fr, e.l, out, depth + 1);
    channelNames(an, fr, e.r, out, depth + 1);
  } else if (e.k === 'other' && e.kids.length === 1) channelNames(an, fr, e.kids[0], out, depth + 1);
  return out;
}

/** `bytes[i + c]` of an array read out of a Mat, with c a channel loop's counter: one channel value of a pixel. */
export function matItem(an: Analyzer, fr: Frame, node: Expr & { k: 'sub' }, f: FlowVal | undefined): Val | undefined {
  if (!f || !MAT_READ.get(f) || node.idx.length !== 1 || channelNames(an, fr, node.idx[0], []).length === 0) return undefined;
  const op: Op = { t: 'kind', kind: 'element' };
  MAT_ITEM.set(op, true);
  return { k: 'flow', f: applyOp(f, op) };
}

/** True for a value computed from a channel value read out of a Mat's array (matItem). */
export function fromMatItem(f: FlowVal): boolean {
  return f.trace.some((op) => op.t === 'kind' && MAT_ITEM.get(op) === true);
}

/**
 * The value written into `input[0][c][y][x]` (or `input[0][y][x][c]`) from a Mat's channel value: laid out channels first
 * (or last) by where the channel loop's counter indexes the four-dimensional array; the value as it is otherwise.
 */
export function matItemStored(an: Analyzer, fr: Frame, target: Expr, f: FlowVal): FlowVal {
  const idx: Expr[] = [];
  let base: Expr = target;
  while (base.k === 'sub' && base.idx.length === 1) {
    idx.unshift(base.idx[0]);
    base = base.o;
  }
  if (idx.length === 1 && f.channel !== undefined) return runningPlaneStored(fr.func?.body ?? an.info.body, target, f);
  if (idx.length !== 4) return f;
  if (!fromMatItem(f)) return f.channel !== undefined ? packedChannelStored(target, idx, f) : f;
  const at = idx.findIndex((e) => e.k === 'name' && channelNames(an, fr, e, []).length > 0);
  if (at !== 1 && at !== 3) return f;
  const to = at === 1 ? 'CHW' : 'HWC';
  return applyOp(f, {
    t: 'layout',
    to,
    node: target,
    desc: `This write (the channel loop's counter indexes ${at === 1 ? 'the second' : 'the last'} dimension)`,
  });
}

/** Channel 0 written as a literal (`input[0][0][y][x]`). */
function channelZero(e: Expr): boolean {
  return e.k === 'num' && e.v === 0;
}

/**
 * One channel of an Android pixel (`Color.red(p)`, `(p >> 16) & 0xFF`, then scaled) written into `input[0][1][y][x]`
 * or `input[0][y][x][1]`: the literal channel number's place is the layout, second of four channels first, last
 * channels last (the other of the two places being a loop's index, not a number). Told once per array, at the write
 * of channel 0: the writes of channels 1 and 2 lay it out the same way.
 */
function packedChannelStored(target: Expr, idx: readonly Expr[], f: FlowVal): FlowVal {
  const first = channelZero(idx[1]!) && idx[3]!.k !== 'num';
  const last = channelZero(idx[3]!) && idx[1]!.k !== 'num';
  if (first === last) return f;
  return applyOp(f, {
    t: 'layout',
    to: first ? 'CHW' : 'HWC',
    node: target,
    desc: `This write (the channel's number indexes ${first ? 'the second' : 'the last'} dimension)`,
  });
}
