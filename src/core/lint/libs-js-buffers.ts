// JavaScript typed arrays filled element by element from an image: `out[i] = data[i] / 255` over every byte of a
// pixel buffer (sharp's raw bytes, say) makes `out` the image with that arithmetic; reading it back by index
// (`chw[k++] = out[(y * W + x) * 3 + c]`) copies it on. A read whose index adds a loop variable to a stride (`… * 3 + c`)
// gathers channels in another order (HWC → CHW by a loop over c outside y and x): the copy's layout is then left
// open, for the shape the code gives the tensor to say.

import type { Analyzer } from './flow';
import type { Frame, Val } from './flow-api';
import { applyOp, type FlowVal, type Op } from './flow-types';
import type { Expr } from './ir';
import { fv } from './libs-common';
import { isPlane } from './libs-js-planes';
import { tag } from './memo';

/** Arrays this code filled with a whole image, element by element. */
const FILLED = tag<FlowVal, true>('filled');
/** The read of an element at a channel picked by a loop variable (the op, which later arithmetic keeps in the trace): that variable. */
const GATHERED = tag<Op, string>('gathered');

/** True for `new Float32Array(n)`, `new Array(n)`, `new Uint8Array(n)` (the declared value of a local array). */
function newArray(fr: Frame, name: string): boolean {
  const only = fr.scope.only(name);
  const made = only?.k === 'call' ? only : undefined;
  if (!made || !made.isNew || made.f.k !== 'name') return false;
  const n = made.f.n;
  return n === 'Float32Array' || n === 'Float64Array' || n === 'Array' || n === 'Uint8Array' || n === 'Uint8ClampedArray';
}

/** `… * k + c` with c a name the file cannot evaluate (a loop variable): a channel picked per iteration; that name. */
function loopChannel(an: Analyzer, fr: Frame, idx: Expr): string | undefined {
  // `i * 3 + c`, and `y * W * 3 + x * 3 + c` (a sum of strided terms before the channel).
  if (idx.k !== 'bin' || idx.op !== '+' || idx.r.k !== 'name' || an.info.evalConst(idx.r, fr.scope) !== undefined || idx.l.k !== 'bin') return undefined;
  const l = idx.l;
  return l.op === '*' || (l.op === '+' && l.r.k === 'bin' && l.r.op === '*') ? idx.r.n : undefined;
}

/** `out[i]` of an array this code filled with an image: one value of that image. */
export function filledElement(an: Analyzer, fr: Frame, node: Expr & { k: 'sub' }, obj: Val): Val | undefined {
  if (obj?.k !== 'flow' || obj.f.channel !== undefined) return undefined;
  const gather = node.idx.length === 1 ? loopChannel(an, fr, node.idx[0]) : undefined;
  // An array filled as `out[i] = data[i] / 255` looks like one channel plane until it is read back by channel; sharp's
  // raw buffer (`.raw().toBuffer()`, or `{ data }` of resolveWithObject) holds the image's bytes as they are.
  if (!FILLED.get(obj.f) && obj.f.kind !== 'sharp' && !(gather !== undefined && isPlane(obj))) return undefined;
  const op: Op = { t: 'kind', kind: 'element' };
  if (gather !== undefined) GATHERED.set(op, gather);
  return fv(applyOp(obj.f, op));
}

/** The loop variable that picked the channel of the value's last element read (see filledElement), if one did. */
function gathered(f: FlowVal): string | undefined {
  for (let i = f.trace.length - 1; i >= 0; i--) {
    const op = f.trace[i];
    if (op.t === 'kind') return GATHERED.get(op);
  }
  return undefined;
}

/** True when the expression reads the name. */
function mentions(e: Expr, name: string): boolean {
  if (e.k === 'name') return e.n === name;
  if (e.k === 'bin') return mentions(e.l, name) || mentions(e.r, name);
  return (e.k === 'un' || e.k === 'cast') && mentions(e.e, name);
}

/** Marks an array as holding a whole image, value by value (its reads are the image's elements). */
export function markFilled(f: FlowVal): FlowVal {
  FILLED.set(f, true);
  return f;
}

/** `out[i] = value` of a whole-image element into a local new array: the array now holds the image. */
export function fillStore(fr: Frame, target: Expr, value: Val): boolean {
  // After a loop that may not run, the array read holds the image or nothing: the image is what gets copied.
  const one = value?.k === 'many' && value.alt ? value.items.find((x) => x?.k === 'flow') : value;
  const f = one?.k === 'flow' ? one.f : undefined;
  if (!f || f.kind !== 'element' || f.channel !== undefined || target.k !== 'sub' || target.o.k !== 'name') return false;
  const name = target.o.n;
  const had = fr.vars.get(name);
  if (had?.k === 'flow' && !FILLED.get(had.f)) return false;
  if (!newArray(fr, name)) return false;
  let held: FlowVal = applyOp(f, { t: 'kind', kind: 'tensor' });
  // The loop picks each value's channel: its layout is the loop's (judged by the nested-fill rule). A store whose
  // index names that channel too (`out[c * H * W + i] = data[i * 3 + c]`) is the line that orders the channels: a
  // colour finding goes there, unless a conversion before already set the order.
  const ch = gathered(f);
  if (ch !== undefined) {
    const placed = f.swaps === 0 && target.idx.length === 1 && mentions(target.idx[0], ch);
    held = { ...held, layout: '?', layoutAt: placed ? target : undefined, layoutDesc: undefined, colorAt: placed ? target : held.colorAt };
  }
  FILLED.set(held, true);
  fr.vars.set(name, fv(held));
  return true;
}
