// JavaScript / TypeScript pixels that come from a 2D canvas (ctx.drawImage to size it, ctx.getImageData for the RGBA
// bytes), plain arrays that collect them (arr.push(v), a.concat(b)), and the value a Promise resolves with.

import { UNHANDLED, type CallCtx, type Frame, type Val } from './flow-api';
import type { Analyzer } from './flow';
import { applyOp, newFlow, type FlowVal, type Origin } from './flow-types';
import type { Expr } from './ir';
import { arg, cvOf, flowOf, fv, pixelSource, through } from './libs-common';
import { checkResize } from './rules-resize';
import { nums } from './values';
import { tag } from './memo';

/** The origin description of canvas pixels (ImageData.data: RGBA bytes, 0–255, row by row). */
export const IMAGE_DATA = 'ctx.getImageData';

/** The origin description of an `ImageData` parameter's pixels (RGBA bytes, 0–255). */
const IMAGE_DATA_PARAM = 'the ImageData parameter';

/** One pixel value per parameter value, so that every read of the parameter is the same image. */
const GIVEN = tag<FlowVal, FlowVal>('given');

/**
 * A parameter declared `ImageData` (`toTensor(imageData: ImageData)`) in a function no code of the file calls: canvas
 * pixels, RGBA bytes, as `ctx.getImageData` gives them (its callers live in other files).
 */
export function imageDataParam(fr: Frame, v: Val): Val | undefined {
  const f = v?.k === 'flow' ? v.f : undefined;
  if (!f || fr.hasCallers || f.origin.kind !== 'param' || f.trace.length > 0 || f.origin.paramIndex === undefined) return undefined;
  let px = GIVEN.get(f);
  if (!px) {
    const fn = f.origin.func;
    if (fn?.k !== 'func' || fn.params[f.origin.paramIndex]?.type !== 'ImageData') return undefined;
    px = newFlow({ kind: 'pixel', node: f.origin.node, desc: IMAGE_DATA_PARAM }, { kind: 'pixels', color: 'RGB', dtype: 'uint8', layout: 'HWC' });
    GIVEN.set(f, px);
  }
  return fv(px);
}

/** The `resolve` callbacks of the Promise executors being run, innermost last, with what each was called with. */
const RESOLVERS: { name: string; values: Val[] }[] = [];

/**
 * `new Promise((resolve, reject) => { ... resolve(x) ... })`: the executor runs at once, and the promise (what
 * `await` gives) is the value passed to resolve.
 */
export function promiseCall(c: CallCtx): Val {
  const fn = c.argExprs[0]?.v;
  if (fn?.k !== 'lambda') return undefined;
  const name = fn.params[0]?.name;
  const r = { name: name ?? '', values: [] as Val[] };
  if (name) RESOLVERS.push(r);
  try {
    c.an.inline(fn, c.fr);
  } finally {
    if (name) RESOLVERS.pop();
  }
  const flows = r.values.filter((v) => v?.k === 'flow' || v?.k === 'many');
  return flows.length === 0 ? undefined : flows.length === 1 ? flows[0] : { k: 'many', items: flows, alt: true };
}

/**
 * `promise.then(value => { ... })`: the callback runs with what the promise resolves with (the receiver's value, e.g.
 * a function returning `new Promise(... resolve(tf.fromPixels(img)) ...)`), or with an unknown value (a loaded model);
 * the call gives what the callback returns.
 */
export function thenCall(c: CallCtx): Val | typeof UNHANDLED {
  const fn = c.argExprs[0]?.v;
  if (fn?.k !== 'lambda') return UNHANDLED;
  const p = fn.params[0]?.name;
  const vars = c.fr.vars;
  const had = p !== undefined && vars.has(p);
  const prev = had ? vars.get(p) : undefined;
  if (p !== undefined) vars.set(p, c.recv);
  try {
    return c.an.inline(fn, c.fr);
  } finally {
    if (p !== undefined) {
      if (had) vars.set(p, prev);
      else vars.delete(p);
    }
  }
}

/** resolve(x) inside a Promise executor: records x as the promise's value. */
export function resolveCall(c: CallCtx): Val | typeof UNHANDLED {
  if (c.method !== undefined || !c.name || c.node.f.k !== 'name') return UNHANDLED;
  for (let i = RESOLVERS.length - 1; i >= 0; i--) {
    if (RESOLVERS[i].name !== c.name) continue;
    RESOLVERS[i].values.push(c.args[0]);
    return undefined;
  }
  return UNHANDLED;
}

/**
 * Canvas and array methods: ctx.getImageData(...) gives the canvas's RGBA pixels, ctx.drawImage(img, dx, dy, dw, dh)
 * draws (resizes) into it, arr.push(pixel) makes a plain array hold the image and a.concat(b) / a.flat() keep it.
 */
export function canvasMethod(c: CallCtx): Val | typeof UNHANDLED {
  // A context handed in as a parameter (preProcess(ctx)) is an object, not pixels.
  const given = flowOf(c.recv);
  const recvFlow = given && given.origin.kind === 'param' && given.kind === '?' && given.trace.length === 0 ? undefined : given;
  // `red.push(v)` reaches here as a name when `red` came from a destructuring the analysis does not follow.
  const method = c.method ?? (c.node.f.k === 'attr' && c.node.f.o.k === 'name' && c.node.f.n === 'push' ? 'push' : undefined);
  switch (method) {
    case 'getImageData':
      return recvFlow ? UNHANDLED : pixelSource(c, IMAGE_DATA, { kind: 'pixels', color: 'RGB' });
    case 'drawImage':
      if (!recvFlow) drawImage(c);
      return recvFlow ? UNHANDLED : undefined;
    case 'push': {
      const o = c.node.f.k === 'attr' ? c.node.f.o : undefined;
      const v = c.args.find((a) => flowOf(a));
      if (recvFlow || !v || o?.k !== 'name' || c.fr.vars.get(o.n)?.k === 'flow') return UNHANDLED;
      // red.push(data[i]): the array now holds the image's values (one channel of them, or all).
      c.fr.vars.set(o.n, v);
      return undefined;
    }
    case 'concat':
    case 'flat':
      return recvFlow && (recvFlow.origin.desc === IMAGE_DATA || recvFlow.origin.desc === IMAGE_DATA_PARAM) ? through(c, -1) : UNHANDLED;
    default:
      return UNHANDLED;
  }
}

/** ctx.drawImage(img, dx, dy, dw, dh) or (img, sx, sy, sw, sh, dx, dy, dw, dh): the canvas gets the image at dw × dh. */
function drawImage(c: CallCtx): void {
  const n = c.argExprs.length;
  const [wi, hi] = n === 5 ? [3, 4] : n === 9 ? [7, 8] : [-1, -1];
  if (wi < 0) return;
  const [wA, hA] = [arg(c, wi), arg(c, hi)];
  const an = c.an;
  // dims[2] of a constant array (a default parameter value every call keeps): that item.
  const num = (a: typeof wA): number | undefined => {
    const direct = nums(cvOf(a?.v))?.[0];
    if (direct !== undefined || a?.e.k !== 'sub' || a.e.idx.length !== 1) return direct;
    const items = nums(an.info.evalConst(a.e.o, c.fr.scope));
    const i = nums(an.info.evalConst(a.e.idx[0], c.fr.scope))?.[0];
    return items && i !== undefined && items.length > 1 ? items[i] : undefined;
  };
  const [w, h] = [num(wA), num(hA)];
  if (w === undefined || h === undefined || !wA) return;
  checkResize({ node: c.node, api: 'ctx.drawImage', lib: an.spec.input.resize.library, size: { w, h, order: 'wh', node: wA.e } }, an.spec, an.rep);
}

/** A value made from canvas pixels with no operation yet (its .data, its [i]). */
export function isImageData(v: Val): boolean {
  return (
    v?.k === 'flow' &&
    (v.f.origin.desc === IMAGE_DATA || v.f.origin.desc === IMAGE_DATA_PARAM || RGBA_READS.get(v.f.origin) === true) &&
    v.f.trace.every((op) => op.t === 'kind')
  );
}

/**
 * True when a shape of RGBA bytes (canvas ImageData, or an array read 4 per pixel) keeps their 4 values per pixel: a
 * reshape to [1, h, w, 4] before the alpha is sliced off is no input shape.
 */
export function rgbaShape(f: FlowVal | undefined, dims: readonly number[]): boolean {
  if (!f || dims[dims.length - 1] !== 4) return false;
  const o = f.origin;
  return o.desc === IMAGE_DATA || o.desc === IMAGE_DATA_PARAM || RGBA_READS.get(o) === true;
}

/** Origins of arrays known only by how they are read: 4 bytes per pixel (see strideFourRead). */
const RGBA_READS = tag<Origin, true>('rgba reads');

/** True for `4` written as a number. */
function isFour(e: Expr): boolean {
  return e.k === 'num' && e.v === 4;
}

/**
 * `data[i * 4 + c]` (c 0–2, or `data[4 * i]`) of an array the file says nothing else about: a parameter of a function
 * no code of the file calls, or a name bound from a message (`const { imageData } = e.data` in a worker). Read four
 * values per pixel and the first three as colours, it holds RGBA bytes, as canvas ImageData gives them (the page
 * posts them to the worker): the array becomes those pixels, and the read channel c of them. Undefined otherwise.
 */
export function strideFourRead(an: Analyzer, fr: Frame, node: Expr & { k: 'sub' }, obj: Val): Val | undefined {
  const o = node.o;
  const i = node.idx.length === 1 ? node.idx[0] : undefined;
  if (!i || o.k !== 'name' || i.k !== 'bin') return undefined;
  let c = 0;
  let m: Expr = i;
  if (i.op === '+') {
    const k = an.info.evalConst(i.r, fr.scope);
    if (k?.t !== 'num' || (k.v !== 0 && k.v !== 1 && k.v !== 2)) return undefined;
    c = k.v;
    m = i.l;
  }
  if (m.k !== 'bin' || m.op !== '*' || !((isFour(m.r) && m.l.k === 'name') || (isFour(m.l) && m.r.k === 'name'))) return undefined;
  const f = obj?.k === 'flow' ? obj.f : undefined;
  if (f ? f.origin.kind !== 'param' || f.trace.length > 0 || fr.hasCallers : obj !== undefined || !fr.vars.has(o.n)) return undefined;
  let px = f ? GIVEN.get(f) : undefined;
  if (!px) {
    px = newFlow({ kind: 'pixel', node, desc: `${o.n} (RGBA bytes, read 4 per pixel)` }, { kind: 'pixels', color: 'RGB', dtype: 'uint8', layout: 'HWC' });
    RGBA_READS.set(px.origin, true);
    if (f) GIVEN.set(f, px);
    else fr.vars.set(o.n, fv(px));
  }
  return fv(applyOp(px, { t: 'channel', index: c, node }));
}
