// JavaScript typed arrays filled element by element from an image: `out[i] = data[i] / 255` over every byte of a
// pixel buffer (sharp's raw bytes, say) makes `out` the image with that arithmetic; reading it back by index
// (`chw[k++] = out[(y * W + x) * 3 + c]`) copies it on. A read whose index adds a loop variable to a stride (`… * 3 + c`)
// gathers channels in another order (HWC → CHW by a loop over c outside y and x): the copy's layout is then left
// open, for the shape the code gives the tensor to say.

import type { Analyzer } from './flow';
import type { Frame, Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import type { Expr } from './ir';
import { fv } from './libs-common';
import { isPlane } from './libs-js-planes';
import { tag } from './memo';

/** Arrays this code filled with a whole image, element by element. */
const FILLED = tag<FlowVal, true>('filled');
/** Elements read from a filled array at a channel picked by a loop variable. */
const GATHERED = tag<FlowVal, true>('gathered');

/** True for `new Float32Array(n)`, `new Array(n)`, `new Uint8Array(n)` (the declared value of a local array). */
function newArray(fr: Frame, name: string): boolean {
  const only = fr.scope.only(name);
  const made = only?.k === 'call' ? only : undefined;
  if (!made || !made.isNew || made.f.k !== 'name') return false;
  const n = made.f.n;
  return n === 'Float32Array' || n === 'Float64Array' || n === 'Array' || n === 'Uint8Array' || n === 'Uint8ClampedArray';
}

/** `… * k + c` with c a name the file cannot evaluate (a loop variable): a channel picked per iteration. */
function loopChannel(an: Analyzer, fr: Frame, idx: Expr): boolean {
  return idx.k === 'bin' && idx.op === '+' && idx.r.k === 'name' && an.info.evalConst(idx.r, fr.scope) === undefined && idx.l.k === 'bin' && idx.l.op === '*';
}

/** `out[i]` of an array this code filled with an image: one value of that image. */
export function filledElement(an: Analyzer, fr: Frame, node: Expr & { k: 'sub' }, obj: Val): Val | undefined {
  if (obj?.k !== 'flow' || obj.f.channel !== undefined) return undefined;
  const gather = node.idx.length === 1 && loopChannel(an, fr, node.idx[0]);
  // An array filled as `out[i] = data[i] / 255` looks like one channel plane until it is read back by channel; sharp's
  // raw buffer (`.raw().toBuffer()`, or `{ data }` of resolveWithObject) holds the image's bytes as they are.
  if (!FILLED.get(obj.f) && obj.f.kind !== 'sharp' && !(gather && isPlane(obj))) return undefined;
  const e = applyOp(obj.f, { t: 'kind', kind: 'element' });
  if (gather) GATHERED.set(e, true);
  return fv(e);
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
  if (GATHERED.get(f)) held = { ...held, layout: '?', layoutAt: undefined, layoutDesc: undefined };
  FILLED.set(held, true);
  fr.vars.set(name, fv(held));
  return true;
}
