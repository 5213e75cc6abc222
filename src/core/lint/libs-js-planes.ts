// Channel planes filled from interleaved RGBA pixels (canvas ImageData.data, a Jimp bitmap's data): in a loop over the
// pixels, `red[y][x] = (data[i] * scale - mean[0]) / std[0]` (or red[i] = …, red.push(…)) puts channel 0 into the array
// `red`; the planes put together in some order (`[blue, green, red].flat()`, `red.concat(green, blue)`) are the
// image, channels-first, in that order, each channel with its own arithmetic.

import type { Analyzer } from './flow';
import type { CallCtx, Frame, Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import type { Expr, Stmt } from './ir';
import { flowOf, fv } from './libs-common';
import { tag } from './memo';

/** A plane: the source channel it holds and the statement that first wrote it. */
interface Plane {
  k: number;
  at: Expr;
}

const PLANES = tag<FlowVal, Plane>('planes');

/** The layout step of planes put together. */
const JOINED = 'channel planes put one after another';

/** `data[i]` of planes put together (a plain array, channels-first): one value of the image, with its arithmetic. */
export function joinedElement(obj: Val): Val | undefined {
  const f = obj?.k === 'flow' ? obj.f : undefined;
  return f && f.layoutDesc === JOINED && f.kind === 'tensor' ? fv(applyOp(f, { t: 'kind', kind: 'element' })) : undefined;
}

/** `i * 4` or `4 * i`: the first byte of pixel i of RGBA bytes. */
function pixelStart(e: Expr): boolean {
  return e.k === 'bin' && e.op === '*' && ((e.l.k === 'name' && e.r.k === 'num' && e.r.v === 4) || (e.r.k === 'name' && e.l.k === 'num' && e.l.v === 4));
}

/** `data[i + k]` (or `data[i]`, `data[i * 4 + k]`) inside a written value: k, when `data` holds the same pixels as the value. */
function channelOf(an: Analyzer, fr: Frame, e: Expr, f: FlowVal): number | undefined {
  if (e.k === 'sub' && e.o.k === 'name' && e.idx.length === 1 && flowOf(fr.vars.get(e.o.n))?.origin === f.origin) {
    const i = e.idx[0];
    if (i.k === 'name' || pixelStart(i)) return 0;
    if (i.k === 'bin' && i.op === '+' && (i.l.k === 'name' || pixelStart(i.l))) {
      const k = an.info.evalConst(i.r, fr.scope);
      return k?.t === 'num' && Number.isInteger(k.v) && k.v >= 0 && k.v <= 3 ? k.v : undefined;
    }
    return undefined;
  }
  const kids: Expr[] = e.k === 'bin' ? [e.l, e.r] : e.k === 'un' || e.k === 'cast' ? [e.e] : e.k === 'call' ? e.a.map((a) => a.v) : [];
  for (const x of kids) {
    const k = channelOf(an, fr, x, f);
    if (k !== undefined) return k;
  }
  return undefined;
}

/** True for one channel plane of an image (see setPlane). */
export function isPlane(v: Val): boolean {
  return v?.k === 'flow' && PLANES.get(v.f) !== undefined;
}

/** `plane[y][x] = value` / `plane[i] = value` of one channel of the pixels: the array becomes that plane. */
export function planeStore(an: Analyzer, fr: Frame, target: Expr, value: Val, s: Stmt): boolean {
  const f = flowOf(value);
  let base = target;
  while (base.k === 'sub') base = base.o;
  if (!f || target.k !== 'sub' || base.k !== 'name' || s.k !== 'assign' || !s.v) return false;
  return setPlane(an, fr, base.n, f, s.v, false);
}

/** `plane.push(value)` of one channel of the pixels. */
export function planePush(c: CallCtx): boolean {
  const o = c.node.f.k === 'attr' ? c.node.f.o : undefined;
  const f = flowOf(c.args[0]);
  const e = c.argExprs[0]?.v;
  return o?.k === 'name' && f !== undefined && e !== undefined && c.argExprs.length === 1 && setPlane(c.an, c.fr, o.n, f, e, true);
}

function setPlane(an: Analyzer, fr: Frame, name: string, f: FlowVal, e: Expr, pushed: boolean): boolean {
  // out[i] = joined[i] / 255: a copy of the whole channels-first image, not one channel.
  if (f.layoutDesc === JOINED) {
    fr.vars.set(name, fv(applyOp(f, { t: 'kind', kind: 'tensor' })));
    return true;
  }
  // data[i + k] of the array itself, or (pushed) a channel the value already names (a Jimp bitmap's `data[idx + 1]`).
  const k = channelOf(an, fr, e, f) ?? (pushed ? f.channel : undefined);
  if (k === undefined || k > 2) return false;
  const held = flowOf(fr.vars.get(name));
  const had = held ? PLANES.get(held) : undefined;
  if (had && had.k === k) return true;
  // p.push(data[i]); p.push(data[i + 1]); p.push(data[i + 2]): channel after channel into one array, i.e. the whole
  // image, interleaved (HWC), in the source's order.
  const earlier = had && held && k === had.k + 1 ? (INTERLEAVED.get(held) ?? (had.k === 0 ? [held] : undefined)) : undefined;
  if (earlier && k === 2) {
    fr.vars.set(name, fv(interleaved([...earlier, f], had!.at)));
    return true;
  }
  const p = applyOp(f, { t: 'kind', kind: 'tensor' });
  // The channels of one pixel written one after another are one step, shown where the first is written.
  PLANES.set(p, { k, at: earlier ? had!.at : e });
  if (earlier) INTERLEAVED.set(p, [...earlier, f]);
  fr.vars.set(name, fv(p));
  return true;
}

/** The channels pushed so far, in order, into an array that receives a pixel's channels one after another. */
const INTERLEAVED = tag<FlowVal, FlowVal[]>('interleaved');

/** R, G and B of each pixel pushed one after another: the image in HWC, each channel with its own arithmetic. */
function interleaved(fs: readonly FlowVal[], first: Expr): FlowVal {
  const mul = [1, 1, 1];
  const add = [0, 0, 0];
  fs.forEach((f, k) => {
    const a = f.affine;
    if (a) [mul[k], add[k]] = [a.a[a.a.length === 1 ? 0 : k] ?? a.a[0], a.b[a.b.length === 1 ? 0 : k] ?? a.b[0]];
  });
  let f: FlowVal = { ...fs[0]!, trace: [], affine: { a: [1, 1, 1], b: [0, 0, 0] }, affineOps: 0, kind: 'tensor', channel: undefined };
  if (mul.some((x) => x !== 1) || add.some((x) => x !== 0))
    f = applyOp(f, { t: 'affine', mul, add, node: first, desc: 'the arithmetic on each channel', operandDt: 'f32', opName: '*' });
  return f;
}

/**
 * `[b, g, r].flat()` (through a variable too) or `r.concat(g, b)`: three planes of one image put together. Undefined
 * when the values are not three such planes.
 */
export function joinPlanes(c: CallCtx, items: readonly Val[], listExpr: Expr | undefined): Val | undefined {
  if (items.length !== 3) return undefined;
  const fs = items.map(flowOf);
  const planes = fs.map((f) => (f ? PLANES.get(f) : undefined));
  if (planes.some((p) => !p) || fs.some((f) => f?.origin !== fs[0]?.origin)) return undefined;
  const order = planes.map((p) => p!.k);
  if (new Set(order).size !== 3) return undefined;
  // Each plane's own arithmetic, in the source's channel order.
  const mul = [1, 1, 1];
  const add = [0, 0, 0];
  let first: Expr | undefined;
  fs.forEach((f, j) => {
    const a = f!.affine;
    const k = order[j];
    if (a) [mul[k], add[k]] = [a.a[a.a.length === 1 ? 0 : k] ?? a.a[0], a.b[a.b.length === 1 ? 0 : k] ?? a.b[0]];
    const at = planes[j]!.at;
    if (!first || at.sp.ch.base + at.sp.s < first.sp.ch.base + first.sp.s) first = at;
  });
  const src = fs[0]!.origin.node;
  let f: FlowVal = { ...fs[0]!, trace: [], affine: { a: [1, 1, 1], b: [0, 0, 0] }, affineOps: 0, kind: 'tensor', channel: undefined };
  f = { ...f, origin: fs[0]!.origin };
  if (mul.some((x) => x !== 1) || add.some((x) => x !== 0))
    f = applyOp(f, { t: 'affine', mul, add, node: first ?? src, desc: 'the arithmetic on each channel plane', operandDt: 'f32', opName: '*' });
  const at = listExpr ?? c.node;
  // The channel order is decided here (the planes in source order keep it): a colour finding goes to this line.
  f = { ...f, colorAt: at };
  if (order.join() === '2,1,0') f = applyOp(f, { t: 'swap', node: at, why: 'the planes put together in reverse channel order' });
  else if (order.join() !== '0,1,2') f = applyOp(f, { t: 'nonaffine', node: at });
  return fv(applyOp(f, { t: 'layout', to: 'CHW', node: at, desc: JOINED }));
}
