// The `ndarray` / `ndarray-ops` packages (ONNX.js-era browser code): a view of the canvas pixels,
// `ops.assign(out.pick(0, c, null, null), src.pick(null, null, k))` to move channel k into plane c, and
// `ops.divseq / subseq / mulseq / addseq` on the whole array or on one plane. The planes become one image value with
// each channel's own affine map, in the order the channels were placed.

import { UNHANDLED, type CallCtx, type Frame, type Val } from './flow-api';
import { applyOp, newFlow, type FlowVal } from './flow-types';
import type { Expr } from './ir';
import { arg, cvOf, flowOf, fv } from './libs-common';
import { nums } from './values';
import { tag } from './memo';

/** One output array being filled plane by plane. */
interface Assembly {
  src: FlowVal;
  /** Source channel held by each output plane. */
  from: (number | undefined)[];
  /** x·m + c applied to each output plane so far. */
  m: number[];
  c: number[];
  /** Where a channel was first moved to another plane (a channel order finding goes there). */
  placedAt: Expr;
  moved: boolean;
  /** The first arithmetic step, and the first that is not a whole-array scaling (where a mean/std deviation is). */
  firstAt: Expr | undefined;
  meanAt: Expr | undefined;
  opName: string;
}

// Memo slots on the frames and values, not module-level WeakMaps (a young-generation GC keeps a WeakMap's entries).
const ASSEMBLIES = tag<Frame, Map<string, Assembly>>('js planes assembled');
const PICKED = tag<FlowVal, { index: number; base: FlowVal }>('js plane picked');
const MADE = tag<FlowVal, true>('js ndarray made');

function assemblies(fr: Frame): Map<string, Assembly> {
  let m = ASSEMBLIES.get(fr);
  if (!m) ASSEMBLIES.set(fr, (m = new Map()));
  return m;
}

/** `name.pick(...)`: the array name and the numeric index among the arguments (the channel or plane), with its position. */
function pickParts(an: CallCtx['an'], fr: Frame, e: Expr): { name: string; index: number; axis: number } | undefined {
  if (e.k !== 'call' || e.f.k !== 'attr' || e.f.n !== 'pick' || e.f.o.k !== 'name') return undefined;
  const vals = e.a.map((a) => (a.v.k === 'null' ? undefined : nums(an.info.evalConst(a.v, fr.scope))?.[0]));
  // pick(0, k, null, null) on a [1, 3, h, w] array: the batch index, then the plane.
  const numeric = vals.map((v, i) => (v === undefined ? -1 : i)).filter((i) => i >= 0);
  const axis = numeric.length === 2 && vals[0] === 0 ? numeric[1] : numeric.length === 1 ? numeric[0] : -1;
  const index = axis >= 0 ? vals[axis] : undefined;
  return index === undefined || !Number.isInteger(index) || index < 0 || index > 3 ? undefined : { name: e.f.o.n, index, axis };
}

/** The image value an assembly stands for now. */
function valueOf(a: Assembly, node: Expr): FlowVal | undefined {
  const order = a.from;
  if (order.length < 3 || order.slice(0, 3).some((x) => x === undefined)) return undefined;
  const o = order.slice(0, 3) as number[];
  const identity = o.join() === '0,1,2';
  const reversed = o.join() === '2,1,0';
  let f = applyOp(a.src, { t: 'kind', kind: 'tensor' });
  if (!identity && !reversed) return applyOp(f, { t: 'nonaffine', node });
  // In the source's channel order: the plane that holds source channel k.
  const plane = [0, 1, 2].map((k) => o.indexOf(k));
  const mul = plane.map((p) => a.m[p]);
  const add = plane.map((p) => a.c[p]);
  if (mul.some((x) => x !== 1) || add.some((x) => x !== 0))
    f = applyOp(f, {
      t: 'affine',
      mul,
      add,
      node: a.meanAt ?? a.firstAt ?? node,
      desc: 'ndarray-ops arithmetic on the planes',
      operandDt: 'f32',
      opName: a.opName,
    });
  if (reversed) f = applyOp(f, { t: 'swap', node: a.placedAt, why: 'ops.assign of the channels in reverse order' });
  f = applyOp(f, { t: 'layout', to: 'CHW', node: a.placedAt, desc: 'ops.assign into channel planes' });
  // The channels keep their order here: a channel order finding goes on the assigns that place them.
  if (identity) f = { ...f, colorAt: a.placedAt };
  MADE.set(f, true);
  return f;
}

/**
 * `ndarray(new Float32Array(data), [w, h, 4])` of a parameter in a function no code of the file calls: four
 * interleaved channels per pixel in JavaScript are RGBA bytes (canvas ImageData, Jimp and sharp buffers).
 */
function givenRgba(c: CallCtx, src: FlowVal): boolean {
  if (c.fr.hasCallers || src.origin.kind !== 'param' || src.kind !== '?' || !src.trace.every((op) => op.t === 'kind' || op.t === 'cast')) return false;
  const shape = arg(c, 1)?.e;
  const last = shape?.k === 'seq' && shape.items.length === 3 ? nums(c.an.info.evalConst(shape.items[2], c.fr.scope))?.[0] : undefined;
  return last === 4;
}

/** ndarray(data, shape), view.pick(...), ops.assign / ops.*seq. UNHANDLED when the call is none of these. */
export function ndarrayCall(c: CallCtx): Val | typeof UNHANDLED {
  const { an, fr } = c;
  const n = c.name ?? '';
  if (n === 'ndarray' && c.method === undefined) {
    const src = flowOf(arg(c, 0)?.v);
    if (src && givenRgba(c, src))
      return fv(
        newFlow({ kind: 'pixel', node: c.node, desc: 'the RGBA pixels viewed by ndarray()' }, { kind: 'pixels', color: 'RGB', dtype: 'uint8', layout: 'HWC' }),
      );
    return src ? fv(src) : undefined;
  }
  if (c.method === 'pick') {
    const src = flowOf(c.recv);
    const p = src ? pickParts(an, fr, c.node) : undefined;
    if (!src || !p) return UNHANDLED;
    const f = applyOp(src, { t: 'setColor', color: '?', node: c.node, why: 'ndarray channel pick' });
    PICKED.set(f, { index: p.index, base: src });
    return fv(f);
  }
  const op = /(^|\.)(assign|divseq|subseq|mulseq|addseq)$/.exec(n)?.[2];
  if (!op || c.method !== undefined || !/ops|ndarray/i.test(n)) return UNHANDLED;
  const target = c.argExprs[0]?.v;
  if (!target) return undefined;
  const plane = pickParts(an, fr, target);
  const name = plane?.name ?? (target.k === 'name' ? target.n : undefined);
  if (!name) return undefined;
  const table = assemblies(fr);
  if (op === 'assign') {
    const picked = flowOf(c.args[1]);
    const from = picked ? PICKED.get(picked) : undefined;
    if (!plane || !from) return undefined;
    const [src, k] = [from.base, from.index];
    let a = table.get(name);
    if (!a || a.src.origin !== src.origin) {
      a = { src, from: [], m: [1, 1, 1, 1], c: [0, 0, 0, 0], placedAt: c.node, moved: false, firstAt: undefined, meanAt: undefined, opName: '*' };
      table.set(name, a);
    }
    a.from[plane.index] = k;
    // A channel order finding goes on the first assign that moves a channel to another plane.
    if (plane.index !== k && !a.moved) [a.placedAt, a.moved] = [c.node, true];
  } else {
    const a = table.get(name);
    const s = nums(cvOf(c.args[1]))?.[0];
    if (!a && s !== undefined) return sourceArithmetic(c, name, plane?.index, op, s);
    if (!a || s === undefined) return undefined;
    const planes = plane ? [plane.index] : [0, 1, 2, 3];
    for (const p of planes) {
      if (op === 'divseq' || op === 'mulseq') {
        const k = op === 'divseq' ? 1 / s : s;
        a.m[p] *= k;
        a.c[p] *= k;
      } else a.c[p] += op === 'subseq' ? -s : s;
    }
    a.firstAt ??= c.node;
    if (plane || op === 'subseq' || op === 'addseq') a.meanAt ??= c.node;
    a.opName = op === 'divseq' ? '/' : op === 'mulseq' ? '*' : op === 'subseq' ? '-' : '+';
  }
  const a = table.get(name);
  const v = a ? valueOf(a, c.node) : undefined;
  if (v) fr.vars.set(name, fv(v));
  return undefined;
}

/**
 * `ops.divseq(src, 255)` or `ops.subseq(src.pick(null, null, k), 0.5)` on the pixel view itself, before its channels
 * are moved into planes: one step on the image (on channel k only for a pick), which the planes then carry.
 */
function sourceArithmetic(c: CallCtx, name: string, channel: number | undefined, op: string, s: number): Val {
  const held = c.fr.vars.get(name);
  if (held?.k !== 'flow' || MADE.get(held.f) || (channel !== undefined && channel > 2) || (s === 0 && op === 'divseq')) return undefined;
  const mul = [1, 1, 1];
  const add = [0, 0, 0];
  for (const p of channel === undefined ? [0, 1, 2] : [channel]) {
    if (op === 'divseq' || op === 'mulseq') mul[p] = op === 'divseq' ? 1 / s : s;
    else add[p] = op === 'subseq' ? -s : s;
  }
  const opName = op === 'divseq' ? '/' : op === 'mulseq' ? '*' : op === 'subseq' ? '-' : '+';
  c.fr.vars.set(name, fv(applyOp(held.f, { t: 'affine', mul, add, node: c.node, desc: `ndarray-ops ${op}`, operandDt: 'f32', opName })));
  return undefined;
}

/** `out.data` of an assembled array: its values. */
export function ndarrayData(obj: Val, attr: string): boolean {
  return attr === 'data' && obj?.k === 'flow' && MADE.get(obj.f) === true;
}
