// C++ library semantics: OpenCV (cv::) with output parameters, tensor buffers of TensorFlow / TFLite, pixel loops.

import { localBuffer, vectorPush } from './libs-cpp-vector';
import { torchChannelStore, torchFromBlob, torchSubscript, torchTensorMethod } from './libs-cpp-torch';
import { isOrtCreateTensor, ortCreateTensor } from './libs-cpp-ort';
import { counterPlanes, planarWrite, reversedChannelRead } from './libs-cpp-gather';
import { channelWrite, pixelAddress } from './libs-cpp-pixelptr';
import { matBytes, vec3bChannel } from './libs-cpp-matbytes';
import { type Analyzer } from './flow';
import { cvBridgeCall, isBridgeImage } from './libs-ros';
import { UNHANDLED, type CallCtx, type Frame, type LangLib, type Val } from './flow-api';
import { applyOp, newFlow, type FlowVal, type Op } from './flow-types';
import { dottedName, endOf, startOf, type Expr, type Stmt } from './ir';
import { appendArg, arg, cvOf, cvtOp, flowOf, fv, nameOf, pixelSource, through } from './libs-common';
import { blobFromImage, blobFromImages, checkCvResize, cvConvertTo } from './libs-opencv';
import { blobWithParams } from './libs-cpp-blob';
import { matSize } from './libs-cpp-matsize';
import { tfGraphCall } from './libs-cpp-tfgraph';
import { ncnnCall } from './libs-cpp-ncnn';
import { runtimeCall, tensorData, wholeMat } from './libs-cpp-runtimes';
import { cvMerge, cvSplit, splitChannel, splitStore } from './libs-cpp-split';
import { checkFillCopy, checkFillLoop } from './rules-fill-cpp';
import { edit, type RawEdit } from './report';
import { niceNumber, nums } from './values';

const TBUF_CALL = /^(flat|tensor|typed_input_tensor|typed_tensor|data|GetTensorMutableData|TF_TensorData|mutable_data|shaped|input_tensor)$/;

const CV_KNOWN = new Set([
  'imread',
  'imdecode',
  'VideoCapture',
  'cvtColor',
  'resize',
  'dnn.blobFromImage',
  'dnn.blobFromImages',
  'dnn.blobFromImageWithParams',
  'subtract',
  'divide',
  'multiply',
  'add',
  'flip',
  'GaussianBlur',
  'copyMakeBorder',
  'rotate',
  'warpAffine',
  'warpPerspective',
  'remap',
  'medianBlur',
  'blur',
  'split',
  'merge',
  'Mat',
]);

/**
 * The namespaces a bare name may come from. A file that uses OpenCV (cv:: names, an opencv2/ include) but has no
 * `using namespace cv` of its own usually gets it from the project's header: its bare OpenCV names are cv's too.
 * With the included headers at hand (sibling files), their `using namespace` directives count as the file's own.
 */
function cvNamespaces(c: CallCtx, n: string): readonly string[] {
  const own = c.an.info.usings;
  const inherited = c.an.info.externals?.usings?.() ?? [];
  const us = inherited.length > 0 ? [...own, ...inherited] : own;
  if (us.some((u) => u === 'cv' || u.startsWith('cv.')) || c.an.info.funcs.has(n) || !/\bcv::|opencv2\//.test(c.an.src)) return us;
  return [...us, 'cv', 'cv.dnn'];
}

function cvName(c: CallCtx): string | undefined {
  const n = c.name;
  if (!n) return undefined;
  if (n.startsWith('cv.')) return n;
  const us = cvNamespaces(c, n);
  for (const used of us) {
    // `using namespace cv; using namespace dnn;` names cv::dnn.
    const u = used === 'dnn' && us.includes('cv') ? 'cv.dnn' : used;
    if (u !== 'cv' && !u.startsWith('cv.')) continue;
    const full = `${u}.${n}`;
    if (CV_KNOWN.has(full.slice(3))) return full;
  }
  return n;
}

/** Binds an output parameter (a plain name) to a value, or sends it to a tensor buffer it aliases. */
function out(c: CallCtx, index: number, v: Val): void {
  const a = arg(c, index);
  if (!a) return;
  const target = a.e;
  const existing = flowOf(a.v);
  if (existing?.kind === 'tbuf') {
    c.an.terminal(v, 'sink', c.node, 'the input tensor buffer', c.fr);
    return;
  }
  if (target.k === 'name') c.fr.vars.set(target.n, v);
  // src.copyTo(canvas(cv::Rect(...))): the canvas (a new Mat::zeros, say) now holds the image, padded.
  else if (target.k === 'call' && target.f.k === 'name' && v?.k === 'flow' && c.fr.vars.get(target.f.n)?.k !== 'flow')
    c.fr.vars.set(target.f.n, fv(applyOp(v.f, { t: 'resize', node: target })));
}

function withOps(src: FlowVal | undefined, ...ops: Op[]): Val {
  if (!src) return undefined;
  let f = src;
  for (const op of ops) f = applyOp(f, op);
  return fv(f);
}

function resize(c: CallCtx): Val {
  const an = c.an;
  const dsize = arg(c, 2);
  const ns = /^cv::/.test(an.text(c.node.f)) ? 'cv::' : '';
  checkCvResize(c, {
    api: 'cv::resize',
    sizeLiteral: dsize?.e.k === 'call' ? (w, h) => `${an.text((dsize.e as Expr & { k: 'call' }).f)}(${w}, ${h})` : undefined,
    constant: (k) => `${ns}${k}`,
    appendMissing: (k) => {
      const missing = c.argExprs.length === 3 ? `0, 0, ${k}` : c.argExprs.length === 5 ? k : undefined;
      return missing ? appendArg(an, c.node, missing) : undefined;
    },
  });
  out(c, 1, withOps(flowOf(arg(c, 0)?.v), { t: 'resize', node: c.node }));
  return undefined;
}

function convertTo(c: CallCtx, recv: FlowVal): Val {
  out(c, 0, fv(cvConvertTo(c, recv, (alpha, beta, a, b) => convertToFix(c, alpha, beta, a, b))));
  return undefined;
}

/** Rewrites convertTo's alpha (and beta) to x·a + b, e.g. `1.0 / 255` and no beta. */
function convertToFix(c: CallCtx, alpha: Expr, beta: Expr | undefined, a: number, b: number): RawEdit[] | undefined {
  const inv = niceNumber(1 / a);
  const at = niceNumber(a);
  const aText = inv && Number.isInteger(Number(inv)) ? `1.0 / ${inv}` : at;
  const bText = niceNumber(b);
  if (!aText || bText === undefined) return undefined;
  const start = startOf(alpha.sp);
  const end = beta ? endOf(beta.sp) : endOf(alpha.sp);
  const text = b === 0 ? aText : `${aText}, ${Number.isInteger(b) ? `${bText}.0` : bText}`;
  return [edit(c.node.sp, start, end, text)];
}

function arith(c: CallCtx, op: string): Val {
  const [x, y] = [arg(c, 0), arg(c, 1)];
  if (!x || !y) return undefined;
  const v = c.an.binary({ k: 'bin', op, l: x.e, r: y.e, sp: c.node.sp }, x.v, y.v, c.fr);
  out(c, 2, v);
  return undefined;
}

/** True when a call returns a pointer into a tensor: the call itself or its receiver chain, never its arguments
 * (FillInput(frame, interpreter->typed_input_tensor<float>(0)) is a user function, not a buffer). */
function isTbufExpr(e: Expr): boolean {
  for (let x: Expr | undefined = e; x;) {
    if (x.k === 'call') {
      if ((x.f.k === 'attr' || x.f.k === 'name') && TBUF_CALL.test(x.f.n) && (x.targs !== undefined || /Tensor|tensor/.test(dottedName(x.f) ?? '')))
        return true;
      // TensorRT's samplesCommon::BufferManager: buffers.getHostBuffer(name) is the host copy of an engine binding.
      if (x.f.k === 'attr' && x.f.n === 'getHostBuffer') return true;
      x = x.f;
    } else if (x.k === 'attr') {
      if (x.n === 'f' && x.o.k === 'attr' && x.o.n === 'data') return true;
      x = x.o;
    } else if (x.k === 'cast' || (x.k === 'un' && (x.op === '&' || x.op === '*'))) {
      x = x.e;
    } else return false;
  }
  return false;
}

function tbuf(node: Expr): Val {
  return fv(newFlow({ kind: 'unknown', node, desc: 'the input tensor' }, { kind: 'tbuf' }));
}

/** The C++ library table. */
export const cppLib: LangLib = {
  declare(_an: Analyzer, _fr: Frame, s: Stmt & { k: 'assign' }): Val {
    // `cv::VideoCapture cap; cap.open(0); cap >> frame;`: the declaration alone makes a capture.
    return s.decl && /\bVideoCapture$/.test(s.decl.trim())
      ? fv(newFlow({ kind: 'unknown', node: s.t, desc: 'cv::VideoCapture' }, { kind: 'capture' }))
      : undefined;
  },

  call(c: CallCtx): Val | typeof UNHANDLED {
    const an = c.an;
    const ncnn = ncnnCall(c);
    if (ncnn !== UNHANDLED) return ncnn;
    const rt = runtimeCall(c);
    if (rt !== UNHANDLED) return rt;
    const pushed = vectorPush(c);
    if (pushed !== UNHANDLED) return pushed;
    if (c.method !== undefined) {
      const recv = flowOf(c.recv);
      if (c.method === 'read' && recv?.kind === 'capture') {
        out(c, 0, pixelSource(c, 'VideoCapture::read', { kind: 'mat', color: 'BGR' }));
        return undefined;
      }
      if (c.method === 'size' && !recv) return matSize(c) ?? UNHANDLED;
      if (!recv) return isTbufExpr(c.node) ? tbuf(c.node) : UNHANDLED;
      if (recv.kind === 'tensor') {
        const t = torchTensorMethod(c, recv);
        if (t !== UNHANDLED) return t;
      }
      switch (c.method) {
        case 'convertTo':
          return convertTo(c, recv);
        case 'copyTo':
          out(c, 0, fv(recv));
          return undefined;
        case 'clone':
        case 'reshape':
        case 'getMat':
          return fv(recv);
        case 'data':
          // input_tensors.data() of a vector holding the input tensor: the tensors it holds.
          if (recv.kind === 'tensor' && c.args.length === 0) return fv(recv);
          return isTbufExpr(c.node) ? tbuf(c.node) : UNHANDLED;
        case 'at':
        case 'ptr':
          return fv(applyOp(recv, { t: 'kind', kind: 'element' }));
        case 'total':
        case 'channels':
        case 'size':
        case 'empty':
        case 'type':
        case 'depth':
        case 'isContinuous':
        case 'elemSize':
        case 'elemSize1':
        case 'step1':
          return undefined;
        default:
          return isTbufExpr(c.node) ? tbuf(c.node) : UNHANDLED;
      }
    }
    const graph = tfGraphCall(c);
    if (graph !== UNHANDLED) return graph;
    const ros = cvBridgeCall(c, 'mat');
    if (ros !== UNHANDLED) return ros;
    const n = cvName(c);
    if (!n) return UNHANDLED;
    if (n === 'torch.from_blob' || n === 'at.from_blob') return torchFromBlob(c);
    if (isOrtCreateTensor(n)) return ortCreateTensor(c);
    switch (n) {
      case 'cv.imread':
      case 'cv.imdecode': {
        const fl = nameOf(arg(c, 1)?.v) ?? '';
        const color = /GRAYSCALE/.test(fl) ? 'GRAY' : /UNCHANGED/.test(fl) ? '?' : /COLOR_RGB/.test(fl) ? 'RGB' : 'BGR';
        return pixelSource(c, n.replace('cv.', 'cv::'), { kind: 'mat', color });
      }
      case 'cv.VideoCapture':
        return fv(newFlow({ kind: 'unknown', node: c.node, desc: 'cv::VideoCapture' }, { kind: 'capture' }));
      case 'cv.cvtColor': {
        const code = nameOf(arg(c, 2)?.v);
        const op = code ? cvtOp(code, c.node) : { t: 'setColor' as const, color: '?' as const, node: c.node, why: 'cvtColor' };
        out(c, 1, op ? withOps(flowOf(arg(c, 0)?.v), op) : fv(flowOf(arg(c, 0)?.v)!));
        return undefined;
      }
      case 'cv.resize':
        return resize(c);
      case 'cv.dnn.blobFromImage':
      case 'cv.dnn.blobFromImages': {
        const api = n.replace(/\./g, '::');
        const blob = n === 'cv.dnn.blobFromImages' ? blobFromImages : blobFromImage;
        const a1 = arg(c, 1);
        if (a1 && a1.e.k === 'name' && cvOf(a1.v) === undefined) {
          const shifted: CallCtx = { ...c, args: [c.args[0], ...c.args.slice(2)], argExprs: [c.argExprs[0], ...c.argExprs.slice(2)] };
          out(c, 1, blob(shifted, an, api));
          return undefined;
        }
        return blob(c, an, api);
      }
      case 'cv.dnn.blobFromImageWithParams':
        return blobWithParams(c, out);
      case 'std.get':
      case 'get': {
        // std::get<0>(pair) of a returned pair or tuple.
        const k = c.node.targs !== undefined && /^\d+$/.test(c.node.targs) ? Number(c.node.targs) : -1;
        const held = c.args[0];
        return k >= 0 && held?.k === 'many' && !held.alt && k < held.items.length ? held.items[k] : UNHANDLED;
      }
      case 'std.make_pair':
      case 'make_pair':
      case 'std.make_tuple':
      case 'make_tuple':
      case 'std.pair':
      case 'pair':
      case 'std.tuple':
      case 'tuple':
        // A pair or tuple keeps its items: `return std::make_pair(blob, pad)` reaches `result.first`.
        return c.args.some((a) => a?.k === 'flow' || a?.k === 'many') ? { k: 'many', items: c.args } : undefined;
      case 'cv.subtract':
        return arith(c, '-');
      case 'cv.divide':
        return arith(c, '/');
      case 'cv.multiply':
        return arith(c, '*');
      case 'cv.add':
        return arith(c, '+');
      case 'cv.flip':
      case 'cv.GaussianBlur':
      case 'cv.copyMakeBorder':
      case 'cv.rotate':
      case 'cv.warpAffine':
      case 'cv.warpPerspective':
      case 'cv.remap':
      case 'cv.medianBlur':
      case 'cv.blur':
        out(c, 1, through(c, 0));
        return undefined;
      case 'cv.split':
        return cvSplit(c);
      case 'cv.merge':
        return cvMerge(c, out);
      case 'cv.Mat': {
        if (c.args.some((a) => flowOf(a)?.kind === 'tbuf')) return tbuf(c.node);
        return UNHANDLED;
      }
      case 'memcpy':
      case 'std.memcpy':
      case 'std.copy':
      case 'std.copy_n': {
        checkFillCopy(an, c.fr, c.node, n);
        const dst = n.endsWith('memcpy') ? arg(c, 0) : n.endsWith('copy_n') ? arg(c, 2) : arg(c, 2);
        const src = n.endsWith('memcpy') ? arg(c, 1) : arg(c, 0);
        const into = flowOf(dst?.v)?.kind === 'tbuf' || (dst !== undefined && tensorData(an, dst.e));
        if (src)
          an.terminal(
            wholeMat(an, c.fr, src.e) ?? src.v,
            into ? 'sink' : 'escape',
            c.node,
            into ? 'the input tensor buffer' : `${n.replace(/^std\./, 'std::')}()`,
            c.fr,
          );
        return undefined;
      }
      default:
        if (isTbufExpr(c.node)) return tbuf(c.node);
        return UNHANDLED;
    }
  },

  binary(_an: Analyzer, fr: Frame, node: Expr & { k: 'bin' }, l: Val): Val | typeof UNHANDLED {
    const lf = flowOf(l);
    if (lf && pixelAddress(node, lf)) return l;
    if (node.op === '>>' && lf?.kind === 'capture' && node.r.k === 'name') {
      fr.vars.set(node.r.n, fv(newFlow({ kind: 'pixel', node, desc: 'cv::VideoCapture >>' }, { kind: 'mat', color: 'BGR', dtype: 'uint8', layout: 'HWC' })));
      return undefined;
    }
    return UNHANDLED;
  },

  attribute(_an: Analyzer, _fr: Frame, node: Expr & { k: 'attr' }, obj: Val): Val | typeof UNHANDLED {
    const f = flowOf(obj);
    if (!f) return UNHANDLED;
    if (node.n === 'data' && f.kind !== 'tbuf') return fv(applyOp(f, { t: 'kind', kind: 'element' }));
    if (f.kind === 'tbuf' || isBridgeImage(f, node.n)) return obj;
    return undefined;
  },

  subscript(an: Analyzer, fr: Frame, node: Expr & { k: 'sub' }, obj: Val): Val | typeof UNHANDLED {
    const ch = splitChannel(fr, node, an);
    if (ch) return ch;
    // mean_[0] of a constant cv::Scalar / std::vector (a member the constructor set): that item.
    if (obj?.k === 'cv' && obj.v.t === 'seq' && node.idx.length === 1) {
      const i = nums(an.info.evalConst(node.idx[0], fr.scope))?.[0];
      const item = i !== undefined && Number.isInteger(i) ? obj.v.items[i] : undefined;
      return item ? { k: 'cv', v: item } : UNHANDLED;
    }
    const f = flowOf(obj);
    if (f?.kind === 'tensor') return torchSubscript(node, f);
    const swap = f?.kind === 'element' ? reversedChannelRead(node) : undefined;
    if (f && swap) return fv(applyOp(f, swap));
    if (f && (f.kind === 'element' || f.kind === 'tbuf')) return f.kind === 'element' && vec3bChannel(node) ? fv(matBytes(f, node)) : obj;
    // images[i] of a `const std::vector<cv::Mat>&` parameter: one of the images, unchanged.
    if (f && f.origin.kind === 'param' && f.trace.length === 0 && node.idx.length === 1 && matListParam(f)) return obj;
    return UNHANDLED;
  },

  store(an: Analyzer, fr: Frame, target0: Expr, value0: Val, s?: Stmt): boolean {
    if (splitStore(fr, target0, value0, an) || torchChannelStore(an, fr, target0, value0)) return true;
    // One of a pixel's three channel writes: held back until the last, which stores the whole image.
    const pix = channelWrite(an, fr, value0, s);
    if (pix === true) return true;
    const [target, value] = pix ? [pix.at, pix.v] : [target0, value0];
    let base: Expr = target;
    while (base.k === 'sub' || (base.k === 'un' && base.op === '*') || base.k === 'call') base = base.k === 'sub' ? base.o : base.k === 'un' ? base.e : base.f;
    if (base.k === 'un' && base.e.k === 'name') base = base.e;
    const bv = base.k === 'name' ? fr.vars.get(base.n) : undefined;
    const bf = flowOf(bv);
    const vf = flowOf(value);
    if (bf?.kind === 'tbuf') {
      an.terminal(value, 'sink', target, 'the input tensor', fr);
      return true;
    }
    if (bf && bf.origin.kind === 'param' && bf.origin.func === fr.func && bf.origin.paramIndex !== undefined) {
      an.terminal(vf ? fv(withLayout(vf, planarWrite(target))) : value, 'store', target, 'a stored value', fr, bf.origin.paramIndex);
      return true;
    }
    // data[idx++] = plane.at<float>(y, x) into a local std::vector<float> / float[]: the buffer now holds the image
    // (every channel, in the order of the writes), and where it goes next is where the image goes.
    // (A std::vector<float> made with a count, `std::vector<float> data(3 * H * W)`, holds a constant until then.)
    if (vf && (!bv || bv.k === 'cv') && base.k === 'name' && target.k === 'sub' && fr.func && localBuffer(fr.func, base.n))
      fr.vars.set(base.n, fv(withLayout(applyOp(vf, { t: 'kind', kind: 'mat' }), planarWrite(target) ?? (s ? counterPlanes(fr.func, s, target) : undefined))));
    if (pix) an.terminal(value, 'store', target, 'a stored value', fr);
    return pix !== undefined;
  },

  loop(an: Analyzer, fr: Frame, s: Stmt & { k: 'for' }): void {
    checkFillLoop(an, fr, s);
  },
};

/** The flow with a layout step applied, when there is one. */
function withLayout(f: FlowVal, op: Op | undefined): FlowVal {
  return op ? applyOp(f, op) : f;
}

/** True for a parameter declared as a list of OpenCV images (std::vector<cv::Mat>, std::vector<Mat>). */
function matListParam(f: FlowVal): boolean {
  const fn = f.origin.func;
  const i = f.origin.paramIndex;
  const type = fn?.k === 'func' && i !== undefined ? fn.params[i]?.type : undefined;
  return type !== undefined && /vector\s*<\s*(cv::)?Mat\s*>/.test(type);
}
