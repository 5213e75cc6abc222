// JavaScript / TypeScript image sources that make the model input themselves or fill a tensor pixel by pixel:
// ONNX Runtime Web's ort.Tensor.fromImage, Jimp images (image.bitmap.data, image.scan) copied into a tf.buffer.

import { UNHANDLED, type CallCtx, type Frame, type Val } from './flow-api';
import { applyOp, newFlow, type DType, type FlowVal } from './flow-types';
import { endOf, startOf, type Expr } from './ir';
import { edit } from './report';
import { arg, cvOf, flowOf, fv, methodNode, nameOf, pixelSource, through } from './libs-common';
import { checkResize } from './rules-resize';
import { num, nums } from './values';
import { tag } from './memo';

/** The dtype a tfjs dtype argument names ('float32', 'int32'). */
export function jsDtype(v: Val): DType | undefined {
  const n = nameOf(v);
  return n === 'float32' ? 'float32' : n === 'int32' ? 'int' : undefined;
}

/** ONNX Runtime's `ort.Tensor.fromImage(image, options)`: the whole preprocessing of an image (ImageData, a canvas, an
 * image element or a URL, RGBA 0–255) into the model's input tensor. It resizes to `resizedWidth` × `resizedHeight`
 * (through a canvas), computes (p + norm.bias) / norm.mean (defaults 0 and 255), keeps `tensorFormat`'s channels
 * ('RGB' by default) and lays them out as `tensorLayout` ('NCHW' by default). */
export function ortFromImage(c: CallCtx): Val {
  const an = c.an;
  const opts = arg(c, 1)?.e;
  const prop = (o: Expr | undefined, k: string): Expr | undefined => (o?.k === 'obj' ? o.props.find((p) => p.key === k)?.v : undefined);
  const numOf = (e: Expr | undefined): number[] | undefined => (e ? nums(an.info.evalConst(e, c.fr.scope)) : undefined);
  const strOf = (e: Expr | undefined): string | undefined => {
    const v = e ? an.info.evalConst(e, c.fr.scope) : undefined;
    return v?.t === 'str' ? v.v : undefined;
  };
  const f = pixelSource(c, 'ort.Tensor.fromImage', { kind: 'tensor', color: 'RGB' });
  if (f?.k !== 'flow') return undefined;
  // `(Tensor cast to TensorFactory).fromImage(…)` over several lines: findings go where `fromImage(` is.
  const call = methodNode(c);
  const wE = prop(opts, 'resizedWidth');
  const hE = prop(opts, 'resizedHeight');
  const [w, h] = [numOf(wE)?.[0], numOf(hE)?.[0]];
  if (w !== undefined && h !== undefined && wE)
    checkResize(
      { node: call, api: 'ort.Tensor.fromImage', src: an.src, lib: an.spec.input.resize.library, size: { w, h, order: 'wh', node: wE } },
      an.spec,
      an.rep,
    );
  let flow = applyOp(f.f, { t: 'resize', node: c.node });
  const norm = prop(opts, 'norm');
  const meanE = prop(norm, 'mean');
  const biasE = prop(norm, 'bias');
  const mean = meanE ? numOf(meanE) : [255];
  const bias = biasE ? numOf(biasE) : [0];
  const at = meanE ?? biasE ?? call;
  if (mean && bias && mean.every((m) => m !== 0))
    flow = applyOp(flow, {
      t: 'affine',
      mul: mean.map((m) => 1 / m),
      add: mean.length >= bias.length ? mean.map((m, i) => (bias[i % bias.length] ?? 0) / m) : bias.map((b, i) => b / mean[i % mean.length]!),
      node: at,
      operandDt: 'f32',
      opName: '/',
      desc: `ort.Tensor.fromImage's normalisation ((p + ${bias.join(', ')}) / ${mean.join(', ')})`,
    });
  else flow = applyOp(flow, { t: 'nonaffine', node: c.node });
  flow = applyOp(flow, { t: 'cast', dtype: 'float32', node: c.node });
  const fmt = strOf(prop(opts, 'tensorFormat'));
  if (fmt === 'BGR' || fmt === 'BGRA') flow = applyOp(flow, { t: 'swap', node: c.node, why: `tensorFormat '${fmt}'` });
  const layout = strOf(prop(opts, 'tensorLayout')) ?? 'NCHW';
  flow = applyOp(flow, { t: 'layout', to: layout === 'NHWC' ? 'HWC' : 'CHW', node: c.node, desc: `ort.Tensor.fromImage (tensorLayout ${layout})` });
  an.terminal(fv(flow), 'sink', c.node, 'the model (ort.Tensor.fromImage makes its input tensor)', c.fr);
  return undefined;
}

const JIMP = 'Jimp.read';

/** True for an image straight from `Jimp.read` (nothing applied to it yet). */
export function isJimp(v: Val): boolean {
  return v?.k === 'flow' && v.f.origin.desc === JIMP && v.f.trace.length === 0;
}

/**
 * Checks the size of a Jimp `image.resize(w, h)` (width then height; Jimp 1: `image.resize({ w, h })`) against the
 * spec; the kernel is Jimp's own.
 */
function jimpResizeSize(c: CallCtx): void {
  const opts = c.argExprs.length === 1 ? arg(c, 0)?.e : undefined;
  if (opts?.k === 'obj') return jimpResizeOptions(c, opts);
  const [w, h] = [arg(c, 0), arg(c, 1)];
  const wn = num(cvOf(w?.v));
  const hn = num(cvOf(h?.v));
  if (!w || !h || wn === undefined || hn === undefined) return;
  // Two number literals are replaced by the spec's size; a size from names is left for the user to change.
  const literal = w.e.k === 'num' && h.e.k === 'num';
  const fix = literal ? (W: number, H: number) => [edit(w.e.sp, startOf(w.e.sp), endOf(h.e.sp), `${W}, ${H}`)] : undefined;
  // No method: Jimp's kernels are none the spec can name, so only the size is judged (lib is then unused).
  checkResize({ node: c.node, api: 'Jimp resize', src: c.an.src, lib: 'sharp', size: { w: wn, h: hn, order: 'wh', node: w.e, fix } }, c.an.spec, c.an.rep);
}

/** Jimp 1's `image.resize({ w, h })`: both sides given (one alone keeps the aspect ratio, a size the code cannot know). */
function jimpResizeOptions(c: CallCtx, opts: Expr & { k: 'obj' }): void {
  const side = (k: string): { e: Expr; n: number | undefined } | undefined => {
    const e = opts.props.find((p) => p.key === k)?.v;
    return e ? { e, n: nums(c.an.info.evalConst(e, c.fr.scope))?.[0] } : undefined;
  };
  const [w, h] = [side('w'), side('h')];
  if (w?.n === undefined || h?.n === undefined) return;
  const literal = w.e.k === 'num' && h.e.k === 'num';
  const [we, he] = [w.e, h.e];
  const fix = literal
    ? (W: number, H: number) => [edit(we.sp, startOf(we.sp), endOf(we.sp), `${W}`), edit(he.sp, startOf(he.sp), endOf(he.sp), `${H}`)]
    : undefined;
  checkResize({ node: c.node, api: 'Jimp resize', src: c.an.src, lib: 'sharp', size: { w: w.n, h: h.n, order: 'wh', node: we, fix } }, c.an.spec, c.an.rep);
}

/** The Jimp pixels each image parameter's `.bitmap` stands for (see jimpParamBitmap). */
const PARAM_BITMAP = tag<FlowVal, Val>('param bitmap');

/** A Jimp image, resized or not (its bitmap still holds RGBA bytes). */
export function isJimpImage(v: Val): boolean {
  return v?.k === 'flow' && v.f.origin.desc === JIMP && v.f.trace.every((op) => op.t === 'resize');
}

/**
 * `image.bitmap` of a parameter declared as a Jimp image (`createTensor(image: Jimp)`), or of an untyped parameter
 * (`.bitmap` is Jimp's own name for its pixel buffer): that image's RGBA pixels, 0–255. The function's callers (in
 * other files, or a helper of this one that loads the image and hands it over) give it a Jimp image; its own
 * arithmetic on the channels is judged here.
 */
export function jimpParamBitmap(fr: Frame, node: Expr & { k: 'attr' }, obj: Val): Val | undefined {
  const f = obj?.k === 'flow' ? obj.f : undefined;
  if (!f || node.n !== 'bitmap' || f.origin.kind !== 'param' || f.trace.length > 0 || f.origin.paramIndex === undefined) return undefined;
  const fn = f.origin.func;
  const type = fn?.k === 'func' ? fn.params[f.origin.paramIndex]?.type : undefined;
  if (type !== 'Jimp' && type !== 'JimpImage' && type !== 'Jimp.Jimp' && (type !== undefined || fn?.k !== 'func')) return undefined;
  // A typed parameter of a function this file calls already holds the caller's image (with its steps): only untyped.
  if (fr.hasCallers && type !== undefined) return undefined;
  // One source per parameter: `img.bitmap.data[i]`, `[i + 1]`, `[i + 2]` are channels of the same image.
  let given = PARAM_BITMAP.get(f);
  if (!given) PARAM_BITMAP.set(f, (given = fv(newFlow({ kind: 'pixel', node, desc: JIMP }, { kind: 'pixels', color: 'RGB', dtype: 'uint8', layout: 'HWC' }))));
  return given;
}

/** Jimp.read(path) (a promise of the image) or jimp.read(path, (err, image) => ...): an RGBA image, 0–255. */
export function jimpRead(c: CallCtx): Val {
  const src = pixelSource(c, JIMP, { kind: 'pixels', color: 'RGB' });
  const cb = c.argExprs[c.argExprs.length - 1]?.v;
  const p = cb?.k === 'lambda' ? cb.params[1]?.name : undefined;
  if (cb?.k !== 'lambda' || !p) return src;
  const had = c.fr.vars.has(p);
  const before = c.fr.vars.get(p);
  c.fr.vars.set(p, src);
  c.an.inline(cb, c.fr);
  if (had) c.fr.vars.set(p, before);
  else c.fr.vars.delete(p);
  return undefined;
}

/** Jimp's image.scan(x, y, w, h, fn) runs fn for every pixel; tf.buffer's buf.set(value, ...index) and buf.toTensor(). */
export function jimpMethod(c: CallCtx): Val | typeof UNHANDLED {
  const an = c.an;
  // image.resize(w, h) / scaleToFit / cover / contain / crop of a Jimp image: the same pixels at another size (Jimp's
  // own kernels, which no spec library names, so the size and method are not judged here).
  if (c.method !== undefined && /^(resize|scaleToFit|cover|contain|crop)$/.test(c.method) && c.recv?.k === 'flow' && c.recv.f.origin.desc === JIMP) {
    // image.resize(w, h): whatever the kernel, the size is the model input's (Jimp.AUTO is -1, never a target).
    if (c.method === 'resize') jimpResizeSize(c);
    return through(c, -1, { t: 'resize', node: c.node });
  }
  if (c.method === 'scan' && isJimp(c.recv)) {
    const fn = c.argExprs[c.argExprs.length - 1]?.v;
    if (fn?.k !== 'lambda') return undefined;
    // Inside a `function (x, y, idx) { … this.bitmap.data[idx] … }` callback, `this` is the image.
    const before = c.fr.vars.get('this');
    const had = c.fr.vars.has('this');
    c.fr.vars.set('this', c.recv);
    an.inline(fn, c.fr);
    if (had) c.fr.vars.set('this', before);
    else c.fr.vars.delete('this');
    return undefined;
  }
  const o = c.node.f.k === 'attr' ? c.node.f.o : undefined;
  if (c.method === 'set' && o?.k === 'name' && !flowOf(c.recv) && flowOf(c.args[0])) {
    // buffer = tf.buffer([1, h, w, 3], 'float32'); buffer.set(pixel, 0, y, x, c): the buffer holds the image.
    const defs = c.fr.scope.find(o.n)?.vars.get(o.n);
    const made = defs?.length === 1 && defs[0]?.k === 'call' ? defs[0] : undefined;
    if (!made || an.info.canonical(made.f, c.fr.scope) !== 'tf.buffer') return UNHANDLED;
    const dt = jsDtype(made.a[1] ? an.eval(made.a[1].v, c.fr) : undefined) ?? 'float32';
    c.fr.vars.set(o.n, fv(applyOp(applyOp(flowOf(c.args[0])!, { t: 'kind', kind: 'tensor' }), { t: 'cast', dtype: dt, node: c.node })));
    return undefined;
  }
  if (c.method === 'toTensor' && flowOf(c.recv)?.kind === 'tensor') return through(c, -1);
  return UNHANDLED;
}
