// C++ runtimes with no tensor class of their own in the image path: the input is a struct's data field (RKNN's
// tensor_data_s), an OpenVINO ov::Tensor wrapping a Mat's pixels (ov::Tensor(type, shape, mat.data)) handed to
// InferRequest::set_input_tensor / set_tensor, and MNN's CV::ImageProcess, which converts the channel order
// (sourceFormat → destFormat) and normalises ((x − mean[c]) × normal[c]) while it copies pixels into the session
// input tensor (convert(pixels, w, h, stride, tensor)). Its Config is set field by field (often in a constructor,
// with the arrays in the class's header) or given to ImageProcess::create(source, dest, mean, n, normal, n).

import type { Analyzer } from './flow';
import { UNHANDLED, type CallCtx, type Frame, type Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import { forEachExpr, uncast, walkStmts, type Expr, type Stmt } from './ir';
import { arg, cvOf, flowOf, fv } from './libs-common';
import { nums } from './values';
import { tag } from './memo';
import { ieBlobCall } from './libs-cpp-openvino';

/**
 * The Mat whose whole buffer a pointer expression names: `m.data`, `m.ptr<float>()`, `(float*)m.data`. A copy of it
 * (memcpy(buf, m.data, m.total() * m.elemSize())) moves every pixel with every channel, so the Mat's per-channel
 * history applies, not that of one element.
 */
export function wholeMat(an: Analyzer, fr: Frame, e: Expr): Val {
  const x = uncast(e);
  const o = x.k === 'attr' && x.n === 'data' ? x.o : x.k === 'call' && x.a.length === 0 && x.f.k === 'attr' && x.f.n === 'ptr' ? x.f.o : undefined;
  if (!o) return undefined;
  const v = an.eval(o, fr);
  const f = flowOf(v);
  return f && (f.kind === 'mat' || matParam(f)) ? v : undefined;
}

/** A `cv::Mat` / `cv::Mat&` parameter of the function, as it was handed in (`void norm(cv::Mat& f, float* out)`). */
export function matParam(f: FlowVal): boolean {
  const fn = f.origin.kind === 'param' ? f.origin.func : undefined;
  const i = f.origin.paramIndex;
  const type = fn?.k === 'func' && i !== undefined ? fn.params[i]?.type : undefined;
  return type !== undefined && /^(const\s+)?(cv::)?Mat\b/.test(type.trim());
}

/**
 * `tensor.data`, `input_tensor->data`, `(uint8_t*) inputTensor.buf`: the data field of a struct named as a tensor,
 * which runtimes without a C++ tensor class hand out (RKNN's tensor_data_s, a TensorRT binding struct). A copy into it
 * is the model input.
 */
export function tensorData(an: Analyzer, e: Expr): boolean {
  const x = uncast(e);
  return x.k === 'attr' && (x.n === 'data' || x.n === 'buf') && (x.o.k === 'name' || x.o.k === 'attr') && /tensor/i.test(an.text(x.o));
}

/** The pixels a data pointer argument carries: the whole Mat (`m.data`) or the flow the argument itself is. */
function pixelsOf(an: Analyzer, fr: Frame, e: Expr, v: Val): FlowVal | undefined {
  return flowOf(wholeMat(an, fr, e) ?? v);
}

/** What a file tells MNN's ImageProcess: the formats (as the last part of their names), mean and normal expressions. */
interface MnnConfig {
  source?: Expr;
  dest?: Expr;
  mean?: Expr;
  normal?: Expr;
}

const MNN_CONFIG = tag<readonly Stmt[], MnnConfig | null>('mnn config');

/** The last name part of a format expression (`MNN::CV::ImageFormat::BGR`, `CV::RGB`): BGR, RGB, GRAY, … */
function formatName(an: Analyzer, e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  const t = an.text(e);
  return t.slice(t.lastIndexOf(':') + 1).replace(/^.*\./, '');
}

/**
 * The ImageProcess configuration of a file, found once: ImageProcess::create(source, dest, mean, n, normal, n), or a
 * Config whose fields are assigned (`cfg.sourceFormat = …`, `memcpy(cfg.mean, arr, …)`) and given to create(cfg).
 * Null when the file makes no ImageProcess or makes several.
 */
function mnnConfig(an: Analyzer): MnnConfig | null {
  const body = an.info.body;
  const known = MNN_CONFIG.get(body);
  if (known !== undefined) return known;
  let creates = 0;
  let direct: MnnConfig | undefined;
  let cfgName: string | undefined;
  const fields = new Map<string, MnnConfig>();
  const field = (o: Expr): MnnConfig | undefined => {
    if (o.k !== 'name') return undefined;
    let m = fields.get(o.n);
    if (!m) fields.set(o.n, (m = {}));
    return m;
  };
  walkStmts(body, (s) => {
    if (s.k === 'assign' && s.t.k === 'attr' && s.v) {
      const m = s.t.n === 'sourceFormat' || s.t.n === 'destFormat' ? field(s.t.o) : undefined;
      if (m) m[s.t.n === 'sourceFormat' ? 'source' : 'dest'] = s.v;
    }
    forEachExpr(s, (e) => {
      if (e.k !== 'call') return;
      const callee = e.f.k === 'attr' ? e.f.n : e.f.k === 'name' ? e.f.n.replace(/^.*\./, '') : undefined;
      if (callee === 'memcpy' && e.a.length === 3) {
        const dst = e.a[0]!.v;
        const m = dst.k === 'attr' && (dst.n === 'mean' || dst.n === 'normal') ? field(dst.o) : undefined;
        if (m && dst.k === 'attr') m[dst.n === 'mean' ? 'mean' : 'normal'] = e.a[1]!.v;
      } else if (callee === 'create' && /ImageProcess/.test(an.text(e.f))) {
        creates++;
        if (e.a.length >= 2 && e.a.length !== 1) direct = { source: e.a[0]!.v, dest: e.a[1]!.v, mean: e.a[2]?.v, normal: e.a[4]?.v };
        else if (e.a.length === 1 && e.a[0]!.v.k === 'name') cfgName = e.a[0]!.v.n;
      }
    });
  });
  const found = creates !== 1 ? null : (direct ?? (cfgName !== undefined ? (fields.get(cfgName) ?? null) : null));
  MNN_CONFIG.set(body, found);
  return found;
}

/** The numbers of a mean or normal array expression, evaluated where the conversion runs; undefined when unknown. */
function channelNumbers(an: Analyzer, fr: Frame, e: Expr | undefined): number[] | undefined {
  if (!e) return undefined;
  const v = nums(cvOf(an.eval(e, fr)));
  return v && v.length > 0 ? v.slice(0, 3) : undefined;
}

/** process->convert(pixels, w, h, stride, tensor): the pixels reordered and normalised as the Config says, into the model. */
function mnnConvert(c: CallCtx, cfg: MnnConfig): Val | typeof UNHANDLED {
  const an = c.an;
  const src = arg(c, 0);
  let f = src ? pixelsOf(an, c.fr, src.e, src.v) : undefined;
  if (!f) return UNHANDLED;
  const from = formatName(an, cfg.source);
  const to = formatName(an, cfg.dest);
  const rgb = (x: string | undefined): x is 'RGB' | 'BGR' => x === 'RGB' || x === 'BGR' || x === 'RGBA' || x === 'BGRA';
  if (rgb(from) && rgb(to) && from.slice(0, 3) !== to.slice(0, 3) && cfg.dest)
    f = applyOp(f, { t: 'swap', node: cfg.dest, why: `ImageProcess ${from} → ${to}`, to: to.slice(0, 3) === 'RGB' ? 'RGB' : 'BGR' });
  else if (to === 'GRAY' && cfg.dest) f = applyOp(f, { t: 'setColor', color: 'GRAY', node: cfg.dest, why: `ImageProcess ${from ?? ''} → GRAY` });
  // The call reads the whole buffer (`image.data` of a parameter is every pixel, not one value).
  f = applyOp(applyOp(f, { t: 'kind', kind: 'tensor' }), { t: 'cast', dtype: 'float32', node: c.node });
  const mean = channelNumbers(an, c.fr, cfg.mean) ?? (cfg.mean ? undefined : [0]);
  const normal = channelNumbers(an, c.fr, cfg.normal) ?? (cfg.normal ? undefined : [1]);
  if (!mean || !normal) f = applyOp(f, { t: 'nonaffine', node: c.node });
  else {
    if (mean.some((x) => x !== 0))
      f = applyOp(f, { t: 'affine', mul: [1], add: mean.map((x) => -x), node: c.node, desc: `− mean (ImageProcess::Config)`, operandDt: 'f32', opName: '-' });
    if (normal.some((x) => x !== 1))
      f = applyOp(f, { t: 'affine', mul: normal, add: [0], node: c.node, desc: `× normal (ImageProcess::Config)`, operandDt: 'f32', opName: '*' });
  }
  // MNN writes the tensor in its own dimension format (NCHW or NHWC, whichever the model has): the layout is the model's.
  const own = an.spec.input.layout === 'NCHW' ? 'CHW' : 'HWC';
  if (f.layout !== own) f = applyOp(f, { t: 'layout', to: own, node: c.node, desc: 'MNN ImageProcess::convert (it writes the tensor in its own layout)' });
  an.terminal(fv(f), 'sink', c.node, 'MNN ImageProcess::convert()', c.fr);
  return undefined;
}

/** OpenVINO and MNN calls that carry the image into the model; UNHANDLED for any other call. */
export function runtimeCall(c: CallCtx): Val | typeof UNHANDLED {
  const ie = ieBlobCall(c);
  if (ie !== UNHANDLED) return ie;
  const n = c.name;
  // A method of an object the analysis holds no value for comes as a dotted name (`pretreat.convert`).
  const m =
    c.method ??
    (n === undefined
      ? undefined
      : n.endsWith('.convert')
        ? 'convert'
        : n.endsWith('.set_input_tensor')
          ? 'set_input_tensor'
          : n.endsWith('.set_tensor')
            ? 'set_tensor'
            : undefined);
  if (m === undefined) {
    // ov::Tensor(type, shape, mat.data): a tensor over the Mat's own pixels.
    if ((n === 'ov.Tensor' || n === 'ov.runtime.Tensor') && c.argExprs.length >= 3) {
      const d = arg(c, c.argExprs.length - 1);
      const f = d ? pixelsOf(c.an, c.fr, d.e, d.v) : undefined;
      return f ? fv(applyOp(f, { t: 'kind', kind: 'tensor' })) : UNHANDLED;
    }
    return UNHANDLED;
  }
  if (m === 'set_input_tensor' || m === 'set_tensor') {
    const t = arg(c, c.argExprs.length - 1);
    if (!t || flowOf(t.v)?.kind !== 'tensor') return UNHANDLED;
    c.an.terminal(t.v, 'sink', c.node, `InferRequest::${m}()`, c.fr);
    return undefined;
  }
  if (m === 'convert' && c.argExprs.length === 5) {
    const cfg = mnnConfig(c.an);
    return cfg ? mnnConvert(c, cfg) : UNHANDLED;
  }
  return UNHANDLED;
}
