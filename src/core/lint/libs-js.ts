// JavaScript / TypeScript semantics: TensorFlow.js tensors and resizes, sharp pipelines.

import { type Analyzer } from './flow';
import { UNHANDLED, type CallCtx, type Frame, type LangLib, type Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import { endOf, startOf, type Expr, type Stmt } from './ir';
import { appendArg, arg, cvOf, flowOf, fv, layoutFromPerm, methodNode, pair, pixelSource, replaceExpr, through, hwSize } from './libs-common';
import { edit, type RawFinding } from './report';
import { checkArrayFill } from './rules-fill-array';
import { checkNestedFill } from './rules-fill-nested';
import { checkResize, type ResizeCall } from './rules-resize';
import { checkShape } from './rules-shape';
import { nums } from './values';
import { isJimpImage, jimpMethod, jimpParamBitmap, jimpRead, jsDtype, ortFromImage } from './libs-js-image';
import { canvasMethod, imageDataParam, isImageData, promiseCall, resolveCall, rgbaShape, strideFourRead, thenCall } from './libs-js-canvas';
import { ndarrayCall, ndarrayData } from './libs-js-ndarray';
import { isPlane, joinedElement, joinPlanes, planePush, planeStore } from './libs-js-planes';
import { filledElement, fillStore } from './libs-js-buffers';
import { sharpResize } from './libs-js-sharp';
import { reactNativeCall } from './libs-js-rn';
import { tag } from './memo';
import { tfjsCropAndResize } from './libs-js-crop';
import { jsCvCall, jsCvData } from './libs-js-cv';
import { imageArrayMethod, lifecycleHook } from './libs-js-arrays';

/** The shape a tensor was given (tf.tensor3d(data, shape), x.reshape(shape)), to tell a reshape that adds a batch. */
const SHAPED = tag<FlowVal, readonly number[]>('shaped');
/** The shape finding of a reshape of a tensor the function was handed (taken back if its values are read back). */
const RESHAPED = tag<FlowVal, RawFinding>('reshaped');

function tfjsResize(c: CallCtx, method: 'bilinear' | 'nearest', shift: number): Val {
  const an = c.an;
  const size = arg(c, 1 - shift);
  const hw = size ? pair(size.v) : undefined;
  const flagArg = (i: number, name: 'alignCorners' | 'halfPixelCenters'): NonNullable<ResizeCall['flags']>['alignCorners'] => {
    const a = arg(c, i - shift);
    const v = a ? cvOf(a.v) : { t: 'bool' as const, v: false };
    if (v?.t !== 'bool') return undefined;
    return {
      v: v.v,
      isDefault: !a,
      node: a?.e,
      fix: (want) => {
        if (a) return replaceExpr(a.e, String(want));
        if (name === 'halfPixelCenters' && !arg(c, 2 - shift)) return appendArg(an, c.node, `false, ${want}`);
        return appendArg(an, c.node, String(want));
      },
    };
  };
  const api = shift
    ? `.${method === 'bilinear' ? 'resizeBilinear' : 'resizeNearestNeighbor'}`
    : `tf.image.${method === 'bilinear' ? 'resizeBilinear' : 'resizeNearestNeighbor'}`;
  checkResize(
    {
      node: methodNode(c),
      api,
      lib: 'tfjs',
      size: hwSize(size, hw),
      method: {
        name: method,
        shown: method === 'bilinear' ? 'bilinear interpolation' : 'nearest-neighbour sampling',
        isDefault: false,
        fix: (want) => {
          const f = c.node.f;
          if (f.k !== 'attr' || (want !== 'bilinear' && want !== 'nearest')) return undefined;
          return [edit(f.nsp, startOf(f.nsp), endOf(f.nsp), want === 'bilinear' ? 'resizeBilinear' : 'resizeNearestNeighbor')];
        },
      },
      flags: { alignCorners: flagArg(2, 'alignCorners'), halfPixelCenters: flagArg(3, 'halfPixelCenters') },
    },
    an.spec,
    an.rep,
  );
  return through(c, shift ? -1 : 0, { t: 'resize', node: c.node }, { t: 'cast', dtype: 'float32', node: c.node });
}

function tensorMethod(c: CallCtx): Val | typeof UNHANDLED {
  const m = c.method!;
  const an = c.an;
  switch (m) {
    case 'toFloat':
      return through(c, -1, { t: 'cast', dtype: 'float32', node: c.node });
    case 'cast': {
      const dt = jsDtype(c.args[0]);
      return dt ? through(c, -1, { t: 'cast', dtype: dt, node: c.node }) : through(c, -1);
    }
    case 'div':
    case 'sub':
    case 'mul':
    case 'add':
    case 'divNoNan': {
      const op = { div: '/', divNoNan: '/', sub: '-', mul: '*', add: '+' }[m];
      const a = arg(c, 0);
      if (!a || c.node.f.k !== 'attr') return undefined;
      return an.binary({ k: 'bin', op, l: c.node.f.o, r: a.e, sp: methodNode(c).sp }, c.recv, a.v, c.fr);
    }
    case 'reshape': {
      const shape = arg(c, 0);
      const dims = nums(cvOf(shape?.v));
      // tf.tensor3d(p, [h, w, 3]).reshape([1, h, w, 3]) only adds the batch: the shape was checked where it was given.
      const had = SHAPED.get(flowOf(c.recv)!);
      const batchOnly = had !== undefined && dims !== undefined && dims.length === had.length + 1 && dims[0] === 1 && had.every((d, i) => d === dims[i + 1]);
      const found =
        dims && shape && !batchOnly && (dims.length === 3 || dims.length === 4) && !rgbaShape(flowOf(c.recv), dims)
          ? checkShape(an, dims, shape.e, '.reshape')
          : undefined;
      const r = through(c, -1);
      if (dims && r?.k === 'flow') SHAPED.set(r.f, dims);
      if (found && r?.k === 'flow' && r.f.origin.kind === 'param') RESHAPED.set(r.f, found);
      return r;
    }
    case 'expandDims':
    case 'squeeze':
    case 'clone':
    case 'slice':
    case 'clipByValue':
    case 'toInt':
    case 'asType':
    case 'pad': // img.pad([[0, size - h], [0, size - w], [0, 0]]): constant borders around the same pixels (a letterbox).
    case 'mirrorPad':
      return through(c, -1);
    // The tensor's values read back into JavaScript. A tensor the caller handed in (a model's output being saved or
    // drawn) is consumed here, not prepared; a tensor this code made keeps going to wherever its values go next.
    case 'dataSync':
    case 'arraySync': {
      const f = flowOf(c.recv);
      if (!f) return UNHANDLED;
      if (f.origin.kind !== 'param') return through(c, -1);
      // …and a shape it was given on the way is not an input's shape (`tensor.add(MEANS).reshape([h, w, 3])` to save).
      const shaped = RESHAPED.get(f);
      if (shaped) an.rep.withdraw(shaped);
      return undefined;
    }
    case 'reverse': {
      const ax = nums(cvOf(c.args[0]))?.[0];
      return ax === -1 || ax === 2 || ax === 3 ? through(c, -1, { t: 'swap', node: c.node, why: 'reverse' }) : through(c, -1);
    }
    case 'transpose': {
      const perm = nums(cvOf(c.args[0]));
      const lay = perm ? layoutFromPerm(perm) : undefined;
      return lay ? through(c, -1, { t: 'layout', to: lay, node: c.node, desc: `transpose([${perm!.join(', ')}])` }) : through(c, -1);
    }
    case 'resizeBilinear':
      return tfjsResize(c, 'bilinear', 1);
    case 'resizeNearestNeighbor':
      return tfjsResize(c, 'nearest', 1);
    case 'resize':
      return flowOf(c.recv)?.kind === 'sharp' ? sharpResize(c) : UNHANDLED;
    case 'raw':
    case 'removeAlpha':
    case 'toColourspace':
    case 'toColorspace':
    case 'flatten':
    case 'rotate':
    case 'toBuffer':
    case 'extend':
    case 'extract':
    case 'ensureAlpha':
    case 'then':
      return flowOf(c.recv)?.kind === 'sharp' ? through(c, -1) : UNHANDLED;
    case 'dispose':
    case 'print':
    case 'shape':
    case 'metadata':
      return undefined;
    default:
      return UNHANDLED;
  }
}

/** tf.scalar(1).sub(img), tf.scalar(255).div(x): a constant receiver with the image as the operand. */
function reversedArithmetic(c: CallCtx): Val | typeof UNHANDLED {
  const m = c.method!;
  const a = arg(c, 0);
  if (!/^(div|sub|mul|add)$/.test(m) || !a || !flowOf(a.v) || c.node.f.k !== 'attr') return UNHANDLED;
  const k = c.recv?.k === 'cv' ? c.recv.v : c.an.info.evalConst(c.node.f.o, c.fr.scope);
  if (!k || (k.t !== 'num' && k.t !== 'seq')) return UNHANDLED;
  const op = { div: '/', sub: '-', mul: '*', add: '+' }[m as 'div'];
  return c.an.binary({ k: 'bin', op, l: c.node.f.o, r: a.e, sp: methodNode(c).sp }, { k: 'cv', v: k }, a.v, c.fr);
}

/** `planes.flat()` of an array of three channel planes, `r.concat(g, b)`, `red.push(data[i] / 255)`: see libs-js-planes. */
/** Methods that declare an HTTP route with its handler (Express, Koa routers, Fastify): `app.post(path, …, handler)`. */
const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'route']);

function planesCall(c: CallCtx): Val | typeof UNHANDLED {
  if (c.method === 'push') return planePush(c) ? undefined : UNHANDLED;
  const o = c.node.f.k === 'attr' ? c.node.f.o : undefined;
  let r: Val | undefined;
  if (c.method === 'flat' && c.recv?.k === 'many' && !c.recv.alt) {
    const defs = o?.k === 'name' ? c.fr.scope.find(o.n)?.vars.get(o.n) : undefined;
    const list = o?.k === 'seq' ? o : defs?.length === 1 && defs[0]?.k === 'seq' ? defs[0] : undefined;
    r = joinPlanes(c, c.recv.items, list);
  } else if (c.method === 'concat') {
    // r.concat(g, b), or r.concat(g).concat(b): the first concat of two planes is kept as the pair.
    const head = c.recv?.k === 'many' && !c.recv.alt ? c.recv.items : [c.recv];
    const all = c.args.length === 1 ? [...head, c.args[0]] : c.args.length === 2 && head.length === 1 ? [c.recv, ...c.args] : undefined;
    if (all?.length === 3) r = joinPlanes(c, all, undefined);
    else if (all?.length === 2 && isPlane(all[0]) && isPlane(all[1])) r = { k: 'many', items: all };
  }
  return r ?? UNHANDLED;
}

/** The channel `data[i + c]` (or `data[i]`, `data[i * 4]`) reads of interleaved RGBA bytes, 0–2; undefined for alpha or an index of another shape. */
function rgbaChannel(an: Analyzer, fr: Frame, node: Expr & { k: 'sub' }): number | undefined {
  const i = node.idx.length === 1 ? node.idx[0] : undefined;
  if (!i) return undefined;
  // data[i], data[i * 4], data[4 * idx]: the first byte of a pixel.
  if (i.k !== 'bin' || i.op !== '+') return i.k === 'name' || (i.k === 'bin' && i.op === '*') ? 0 : undefined;
  const k = an.info.evalConst(i.r, fr.scope);
  return k?.t === 'num' && (k.v === 0 || k.v === 1 || k.v === 2) ? k.v : undefined;
}

/** The JavaScript / TypeScript library table. */
export const jsLib: LangLib = {
  store(an: Analyzer, fr: Frame, target: Expr, value: Val, s: Stmt): boolean {
    // img.onload = () => resolve(tf.browser.fromPixels(img)): the handler runs once the image is there (inside a
    // Promise executor this is what the promise resolves with).
    if (target.k === 'attr' && (target.n === 'onload' || target.n === 'onloadend')) {
      const fn = s.k === 'assign' ? s.v : s.k === 'expr' && s.e.k === 'assignx' ? s.e.v : undefined;
      if (fn?.k === 'lambda') {
        an.inline(fn, fr);
        return true;
      }
    }
    // image.bitmap.data[idx] = v (also `this.bitmap.data` in a scan callback): pixels drawn into a Jimp image, a
    // picture being made (a model's output saved), not a model input.
    if (target.k === 'sub' && target.o.k === 'attr' && target.o.n === 'data' && target.o.o.k === 'attr' && target.o.o.n === 'bitmap') return true;
    return planeStore(an, fr, target, value, s) || fillStore(fr, target, value);
  },

  call(c: CallCtx): Val | typeof UNHANDLED {
    const rn = reactNativeCall(c);
    if (rn !== UNHANDLED) return rn;
    const cv = jsCvCall(c);
    if (cv !== UNHANDLED) return cv;
    if (c.method !== undefined) {
      // img.addEventListener('load', () => ...) is img.onload; a worker's addEventListener('message', (e) => ...) runs
      // its handler on the page's data: either handler's body is analysed where it is attached.
      if (c.method === 'addEventListener' && c.argExprs.length >= 2) {
        const ev = c.argExprs[0]!.v;
        const fn = c.argExprs[1]!.v;
        if (ev.k === 'str' && (ev.v === 'load' || ev.v === 'loadend' || ev.v === 'message') && fn.k === 'lambda') {
          c.an.inline(fn, c.fr);
          return undefined;
        }
      }
      // app.post('/predict', upload.single('image'), async (req, res) => ...): a server route's handler runs on each
      // request; its body is analysed where the route is declared, as an event handler's is.
      if (ROUTE_METHODS.has(c.method) && c.argExprs.length >= 2) {
        const path = c.argExprs[0]!.v;
        const fn = c.argExprs[c.argExprs.length - 1]!.v;
        if (path.k === 'str' && path.v.startsWith('/') && fn.k === 'lambda') {
          c.an.inline(fn, c.fr);
          return undefined;
        }
      }
      if (c.method === 'then' && flowOf(c.recv)?.kind !== 'sharp') {
        const settled = thenCall(c);
        if (settled !== UNHANDLED) return settled;
      }
      const joined = planesCall(c);
      if (joined !== UNHANDLED) return joined;
      const j = jimpMethod(c);
      if (j !== UNHANDLED) return j;
      const cm = canvasMethod(c);
      if (cm !== UNHANDLED) return cm;
      const nd = ndarrayCall(c);
      if (nd !== UNHANDLED) return nd;
      const arr = imageArrayMethod(c);
      if (arr !== UNHANDLED) return arr;
      return flowOf(c.recv) ? tensorMethod(c) : reversedArithmetic(c);
    }
    const n = c.name ?? '';
    const an = c.an;
    if (/\.push$/.test(n)) {
      // red.push(data[i]) where red came from a destructuring (const [red, green, blue] = [[], [], []]).
      if (planePush(c)) return undefined;
      const pushed = canvasMethod(c);
      if (pushed !== UNHANDLED) return pushed;
    }
    // Jimp.read; Jimp 1 exports the class by name: import { Jimp } from 'jimp'.
    if (/^jimp(\.Jimp)?\.read$/i.test(n)) return jimpRead(c);
    const nd = ndarrayCall(c);
    if (nd !== UNHANDLED) return nd;
    const hook = lifecycleHook(c);
    if (hook !== UNHANDLED) return hook;
    // new Promise((resolve, reject) => { ... }): the executor runs at once; the promise is what it resolves with.
    if (n === 'Promise' && c.node.isNew) return promiseCall(c);
    const resolved = resolveCall(c);
    if (resolved !== UNHANDLED) return resolved;
    // tf.browser\n  .fromPixels(img), tf.node\n  .decodeImage(buf, 3), tf.image\n  .resizeBilinear(…): a call written as the
    // head of a chain (the namespace on one line, the method on the next) is shown on its method's line, like the chain's steps.
    if (n === 'tf.browser.fromPixels' || n === 'tf.fromPixels' || n === 'tf.browser.fromPixelsAsync')
      return pixelSource(c, n, { kind: 'tensor', color: 'RGB', dtype: 'int', at: methodNode(c) });
    if (/^tf\.node\.decode(Image|Jpeg|Png|Bmp)$/.test(n)) return pixelSource(c, n, { kind: 'tensor', color: 'RGB', dtype: 'int', at: methodNode(c) });
    if (/(^|\.)Tensor\.fromImage$/.test(n) && /^(ort|onnxruntime)/.test(n)) return ortFromImage(c);
    if (n === 'tf.image.resizeBilinear') return tfjsResize(c, 'bilinear', 0);
    if (n === 'tf.image.resizeNearestNeighbor') return tfjsResize(c, 'nearest', 0);
    if (n === 'tf.image.cropAndResize') return tfjsCropAndResize(c);
    if (n === 'sharp') return pixelSource(c, 'sharp()', { kind: 'sharp', color: 'RGB' });
    // tf.dispose(t): frees the tensors' memory; nothing reads their values.
    if (n === 'tf.dispose' || n === 'tf.disposeVariables') return undefined;
    if (n === 'tf.tidy') {
      const fn = c.argExprs[c.argExprs.length - 1];
      return fn ? an.inline(fn.v, c.fr) : undefined;
    }
    if (/^tf\.(div|sub|mul|add|divNoNan)$/.test(n)) {
      const [a, b] = [arg(c, 0), arg(c, 1)];
      const op = { div: '/', divNoNan: '/', sub: '-', mul: '*', add: '+' }[n.slice(3)] ?? '/';
      return a && b ? an.binary({ k: 'bin', op, l: a.e, r: b.e, sp: c.node.sp }, a.v, b.v, c.fr) : undefined;
    }
    if (n === 'tf.cast') {
      const dt = jsDtype(c.args[1]);
      return dt ? through(c, 0, { t: 'cast', dtype: dt, node: c.node }) : through(c, 0);
    }
    if (n === 'tf.reshape') {
      const shape = arg(c, 1);
      const dims = nums(cvOf(shape?.v));
      const src = flowOf(arg(c, 0)?.v);
      if (dims && shape && src && (dims.length === 3 || dims.length === 4) && !rgbaShape(src, dims)) checkShape(an, dims, shape.e, 'tf.reshape');
      return through(c, 0);
    }
    if (/^tf\.(expandDims|squeeze|clone|stack|concat|clipByValue)$/.test(n)) return through(c, 0);
    if (n === 'tf.slice') return through(c, 0, { t: 'resize', node: c.node });
    if (n === 'tf.reverse') {
      const ax = nums(cvOf(c.args[1]))?.[0];
      return ax === -1 || ax === 2 || ax === 3 ? through(c, 0, { t: 'swap', node: c.node, why: 'tf.reverse' }) : through(c, 0);
    }
    if (n === 'tf.transpose') {
      const perm = nums(cvOf(c.args[1]));
      const lay = perm ? layoutFromPerm(perm) : undefined;
      return lay ? through(c, 0, { t: 'layout', to: lay, node: c.node, desc: `tf.transpose(…, [${perm!.join(', ')}])` }) : through(c, 0);
    }
    if (/^tf\.tensor[34]d$|^tf\.tensor$/.test(n)) {
      const shape = arg(c, 1);
      const dims = nums(cvOf(shape?.v));
      if (dims && shape && (dims.length === 3 || dims.length === 4)) checkShape(an, dims, shape.e, n);
      const src = flowOf(arg(c, 0)?.v);
      const dt = jsDtype(c.args[2]);
      if (!src) return undefined;
      const made = applyOp(applyOp(src, { t: 'kind', kind: 'tensor' }), { t: 'cast', dtype: dt ?? 'float32', node: c.node });
      if (dims) SHAPED.set(made, dims);
      return fv(made);
    }
    if (/^(Float32Array|Uint8Array|Uint8ClampedArray)$/.test(n) || /^(Float32Array|Uint8Array)\.from$/.test(n)) return through(c, 0);
    // Array.from(imageData.data): a plain copy of the same values (with a second argument it maps them).
    if (n === 'Array.from' && c.argExprs.length === 1) return through(c, 0);
    return UNHANDLED;
  },

  attribute(_an: Analyzer, fr: Frame, node: Expr & { k: 'attr' }, obj: Val): Val | typeof UNHANDLED {
    // A Jimp image's pixels: image.bitmap.data (RGBA bytes); its width and height are numbers.
    if ((isImageData(obj) && node.n === 'data') || ndarrayData(obj, node.n)) return obj;
    const cvData = jsCvData(obj, node.n);
    if (cvData) return cvData;
    // typedArray.buffer: the same bytes as an ArrayBuffer.
    if (node.n === 'buffer' && obj?.k === 'flow' && obj.f.kind === 'tensor') return obj;
    const given = jimpParamBitmap(fr, node, obj);
    if (given) return given;
    // imageData.data of an `ImageData` parameter: its RGBA bytes.
    const canvasGiven = node.n === 'data' ? imageDataParam(fr, obj) : undefined;
    if (canvasGiven) return canvasGiven;
    return isJimpImage(obj) && (node.n === 'bitmap' || node.n === 'data') ? obj : UNHANDLED;
  },

  subscript(an: Analyzer, fr: Frame, node: Expr & { k: 'sub' }, given: Val): Val | typeof UNHANDLED {
    // data[i] of `const { data } = imageData` with imageData an `ImageData` parameter.
    const obj = imageDataParam(fr, given) ?? given;
    // image.bitmap.data[index + c]: one channel value of a Jimp pixel, as it is.
    // data[i + c] of canvas ImageData: channel c of a pixel, 0–255 (so that R, G and B written one by one are each
    // compared with their own mean and std).
    if (isImageData(obj)) {
      if (obj?.k !== 'flow' || obj.f.kind === 'element') return obj;
      const c = rgbaChannel(an, fr, node);
      return fv(c === undefined ? applyOp(obj.f, { t: 'kind', kind: 'element' }) : applyOp(obj.f, { t: 'channel', index: c, node }));
    }
    const joined = joinedElement(obj);
    if (joined) return joined;
    // image.bitmap.data[i * 4 + c] written element by element (out[i * 3 + c] = ...): channel c of a Jimp pixel.
    const ch = isJimpImage(obj) && obj?.k === 'flow' ? rgbaChannel(an, fr, node) : undefined;
    if (ch !== undefined && obj?.k === 'flow') return fv(applyOp(obj.f, { t: 'channel', index: ch, node }));
    if (isJimpImage(obj)) return obj;
    return filledElement(an, fr, node, obj) ?? strideFourRead(an, fr, node, obj) ?? UNHANDLED;
  },

  loop(an: Analyzer, fr: Frame, s: Stmt & { k: 'for' }): void {
    checkArrayFill(an, fr, s);
    checkNestedFill(an, fr, s);
  },
};
