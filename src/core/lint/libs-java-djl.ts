// Deep Java Library (ai.djl): a Translator's processInput turns an Image into NDArrays (Image.toNDArray gives RGB
// uint8, height × width × channels), NDImageUtils resizes, crops and makes tensors, NDArray methods scale, cast and
// transpose, and the NDList it returns is what the model gets.

import type { Analyzer } from './flow';
import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { applyOp, newFlow, type DType, type FlowVal, type Op } from './flow-types';
import type { Expr } from './ir';
import { appendArg, arg, cvOf, flowOf, fv, replaceExpr, widthHeightArgs } from './libs-common';
import type { ModuleInfo } from './scope';
import { checkResize } from './rules-resize';
import { djlPipelineCall, isPipelineInput } from './libs-java-djl-pipeline';
import { fmtNums, nums } from './values';
import { tag } from './memo';

const DJL_FILE = tag<ModuleInfo, boolean>('djl file');

/** True when the file imports DJL (an `ai.djl` class or package). */
function isDjlFile(an: Analyzer): boolean {
  let known = DJL_FILE.get(an.info);
  if (known === undefined) {
    known = false;
    for (const full of an.info.imports.values()) if (full.startsWith('ai.djl.')) known = true;
    if (!known) known = an.info.wildcards.some((w) => w.startsWith('ai.djl'));
    DJL_FILE.set(an.info, known);
  }
  return known;
}

/** DJL's Image.Interpolation constants, in the spec's cv2 vocabulary (NDImageUtils.resize defaults to BILINEAR). */
const INTERPOLATION: ReadonlyMap<string, string> = new Map([
  ['NEAREST', 'nearest'],
  ['BILINEAR', 'bilinear'],
  ['AREA', 'area'],
  ['BICUBIC', 'bicubic'],
]);

/** DataType constants of NDArray.toType. */
const DTYPES: ReadonlyMap<string, DType> = new Map([
  ['FLOAT32', 'float32'],
  ['FLOAT16', 'float16'],
  ['FLOAT64', 'float64'],
  ['UINT8', 'uint8'],
  ['INT8', 'int'],
  ['INT32', 'int'],
  ['INT64', 'int'],
]);

function lastName(an: Analyzer, e: Expr | undefined): string {
  if (!e) return '';
  const t = an.text(e);
  return t.slice(t.lastIndexOf('.') + 1).trim();
}

/** NDImageUtils.resize(image, size) / (image, width, height[, interpolation]). */
function resize(c: CallCtx): Val {
  const an = c.an;
  const two = c.argExprs.length === 2;
  const w = arg(c, 1);
  const h = two ? w : arg(c, 2);
  const m = two ? undefined : arg(c, 3);
  const wv = nums(cvOf(w?.v))?.[0];
  const mn = m ? INTERPOLATION.get(lastName(an, m.e)) : 'bilinear';
  checkResize(
    {
      node: c.node,
      api: 'NDImageUtils.resize',
      src: an.src,
      lib: 'djl',
      // resize(image, size) gives one size for both sides: reported on it, with no fix of two arguments.
      size: !two ? widthHeightArgs(w, h) : w && wv !== undefined ? { w: wv, h: wv, order: 'wh', node: w.e } : undefined,
      method: mn
        ? {
            name: mn,
            shown: m ? `Image.Interpolation.${lastName(an, m.e)}` : 'Image.Interpolation.BILINEAR',
            isDefault: !m,
            node: m?.e,
            fixFamily: (fam) => {
              const k = fam === 'bilinear' ? 'BILINEAR' : fam === 'bicubic' ? 'BICUBIC' : fam === 'nearest' ? 'NEAREST' : fam === 'area' ? 'AREA' : undefined;
              if (!k) return undefined;
              // No interpolation given (DJL's BILINEAR): add it as the fourth argument of the (image, width, height) form.
              const edits = m ? replaceExpr(m.e, `Image.Interpolation.${k}`) : two ? undefined : appendArg(an, c.node, `Image.Interpolation.${k}`);
              return edits ? { edits, shown: `Image.Interpolation.${k}` } : undefined;
            },
          }
        : undefined,
    },
    an.spec,
    an.rep,
  );
  const src = flowOf(arg(c, 0)?.v);
  return src ? fv(applyOp(src, { t: 'resize', node: c.node })) : undefined;
}

/** NDImageUtils.centerCrop(image, width, height): the crop gives the model's size. */
function centerCrop(c: CallCtx): Val {
  const [w, h] = [arg(c, 1), arg(c, 2)];
  const wv = nums(cvOf(w?.v))?.[0];
  const hv = nums(cvOf(h?.v))?.[0];
  if (w && h && wv !== undefined && hv !== undefined) {
    const node: Expr = { k: 'other', kids: [], sp: { ch: w.e.sp.ch, s: w.e.sp.s, e: h.e.sp.e + (h.e.sp.ch.base - w.e.sp.ch.base) } };
    checkResize(
      {
        node: c.node,
        api: 'NDImageUtils.centerCrop',
        src: c.an.src,
        lib: 'djl',
        size: { w: wv, h: hv, order: 'wh', node },
        fit: { fit: 'crop', shown: 'centerCrop' },
      },
      c.an.spec,
      c.an.rep,
    );
  }
  return flowOf(arg(c, 0)?.v) ? arg(c, 0)!.v : undefined;
}

/** NDImageUtils.toTensor(image): ÷ 255, float32, channels first. */
function toTensor(c: CallCtx): Val {
  const src = flowOf(arg(c, 0)?.v);
  if (!src) return undefined;
  let f = applyOp(src, { t: 'affine', mul: [1 / 255], add: [0], node: c.node, operandDt: 'f32', opName: '/', desc: 'NDImageUtils.toTensor (p / 255)' });
  f = applyOp(f, { t: 'cast', dtype: 'float32', node: c.node });
  return fv(applyOp(f, { t: 'layout', to: 'CHW', node: c.node, desc: 'NDImageUtils.toTensor (it gives channels × height × width)' }));
}

/** NDImageUtils.normalize(image, mean, std): (x − mean) / std per channel, on the 0–1 values toTensor gives. */
function normalize(c: CallCtx): Val {
  const src = flowOf(arg(c, 0)?.v);
  if (!src) return undefined;
  const mean = nums(cvOf(arg(c, 1)?.v));
  const std = nums(cvOf(arg(c, 2)?.v));
  if (!mean || !std || std.some((s) => s === 0) || (mean.length !== std.length && mean.length !== 1 && std.length !== 1))
    return fv(applyOp(src, { t: 'nonaffine', node: c.node }));
  const n = Math.max(mean.length, std.length);
  const at = (v: number[], i: number): number => v[v.length === 1 ? 0 : i];
  const mul = Array.from({ length: n }, (_, i) => 1 / at(std, i));
  const add = Array.from({ length: n }, (_, i) => -at(mean, i) / at(std, i));
  const desc = `NDImageUtils.normalize (x − ${fmtNums(mean)}) / ${fmtNums(std)}`;
  return fv(applyOp(src, { t: 'affine', mul, add, node: c.node, operandDt: 'f32', opName: '-', desc }));
}

/** NDArray arithmetic with a number (div, mul, sub, add and their in-place forms) as an affine step. */
function arithmetic(c: CallCtx, f: FlowVal, method: string): Val | typeof UNHANDLED {
  const a = arg(c, 0);
  const v = nums(cvOf(a?.v));
  if (!a || !v || (v.length !== 1 && v.length !== 3)) return fv(applyOp(f, { t: 'nonaffine', node: c.node }));
  const op = method.replace(/i$/, '');
  if (op === 'div' && v.some((x) => x === 0)) return fv(applyOp(f, { t: 'nonaffine', node: c.node }));
  const mul = op === 'div' ? v.map((x) => 1 / x) : op === 'mul' ? v : [1];
  const add = op === 'sub' ? v.map((x) => -x) : op === 'add' ? v : [0];
  const step: Op = {
    t: 'affine',
    mul,
    add,
    node: c.node,
    operandDt: 'f32',
    opName: op === 'div' ? '/' : op === 'mul' ? '*' : op === 'sub' ? '-' : '+',
    desc: `${method}(${c.an.text(a.e)})`,
  };
  return fv(applyOp(f, step));
}

/** NDArray.transpose(axes): channels first or last when the axes say so (3-D or with a batch axis). */
function transpose(c: CallCtx, f: FlowVal): Val {
  const axes = c.args.map((a) => nums(cvOf(a))?.[0]).join(',');
  const to = axes === '2,0,1' || axes === '0,3,1,2' ? 'CHW' : axes === '1,2,0' || axes === '0,2,3,1' ? 'HWC' : undefined;
  return fv(to ? applyOp(f, { t: 'layout', to, node: c.node, desc: `transpose(${axes.replace(/,/g, ', ')})` }) : f);
}

/** Methods of a DJL NDArray made from an image; UNHANDLED for others. */
function ndArrayMethod(c: CallCtx, f: FlowVal, method: string): Val | typeof UNHANDLED {
  switch (method) {
    case 'toType': {
      const dt = DTYPES.get(lastName(c.an, c.argExprs[0]?.v)) ?? '?';
      return fv(applyOp(f, { t: 'cast', dtype: dt, node: c.node }));
    }
    case 'div':
    case 'divi':
    case 'mul':
    case 'muli':
    case 'sub':
    case 'subi':
    case 'add':
    case 'addi':
      return arithmetic(c, f, method);
    case 'transpose':
      return transpose(c, f);
    case 'flip': {
      // flip(2) or flip(-1) on height × width × channels (flip(0) on channels first): RGB ↔ BGR; other axes leave the order unknown.
      const axes = c.args.map((a) => nums(cvOf(a))?.[0]);
      const channelAxis = f.layout === 'CHW' ? [0] : [2, -1];
      if (axes.length === 1 && axes[0] !== undefined && channelAxis.includes(axes[0]))
        return fv(applyOp(f, { t: 'swap', node: c.node, why: `flip(${axes[0]})` }));
      return fv(applyOp(f, { t: 'setColor', color: '?', node: c.node, why: 'flip' }));
    }
    case 'expandDims':
    case 'squeeze':
    case 'reshape':
    case 'duplicate':
    case 'toDevice':
    case 'copy':
      return fv(f);
    case 'getShape':
    case 'getDataType':
    case 'setName':
    case 'getName':
    case 'close':
      return undefined;
    default:
      return UNHANDLED;
  }
}

/**
 * `manager.create(new float[] {104f, 117f, 123f}, new Shape(3, 1, 1))`: an NDArray of those numbers (one per channel,
 * or one for all), as NDArray arithmetic with it (`array.sub(mean)`) reads them; UNHANDLED for other arrays or shapes.
 */
function constantArray(c: CallCtx): Val | typeof UNHANDLED {
  const v = c.args[0];
  const n = nums(cvOf(v))?.length;
  if (v?.k !== 'cv' || (n !== 1 && n !== 3) || c.argExprs.length > 2) return UNHANDLED;
  const shape = c.argExprs[1]?.v;
  if (shape === undefined) return v;
  if (shape.k !== 'call' || !shape.isNew || shape.f.k !== 'name' || shape.f.n !== 'Shape') return UNHANDLED;
  const dims = shape.a.map((a) => nums(c.an.info.evalConst(a.v, c.fr.scope))?.[0]);
  return dims.every((d) => d !== undefined) && dims.reduce((p, d) => p! * d!, 1) === n ? v : UNHANDLED;
}

/** DJL calls: image sources, NDImageUtils, NDArray methods and the NDList a Translator returns. */
export function djlCall(c: CallCtx): Val | typeof UNHANDLED {
  const an = c.an;
  const method = c.method;
  if (method !== undefined) {
    const recv = flowOf(c.recv);
    if (recv?.lib === 'djl') return ndArrayMethod(c, recv, method);
    if ((method === 'build' || method === 'transform') && isDjlFile(an)) return djlPipelineCall(c);
    if (method === 'create' && isDjlFile(an)) return constantArray(c);
    if (method !== 'toNDArray' || !isDjlFile(an)) return UNHANDLED;
    // image.toNDArray(manager[, Image.Flag.COLOR | GRAYSCALE]): height × width × channels uint8, RGB.
    const flag = lastName(an, c.argExprs[1]?.v);
    return fv(
      newFlow(
        { kind: 'pixel', node: c.node, desc: 'Image.toNDArray' },
        { kind: 'tensor', color: flag === 'GRAYSCALE' ? 'GRAY' : 'RGB', dtype: 'uint8', layout: 'HWC', lib: 'djl' },
      ),
    );
  }
  const n = c.name ?? '';
  if (n === 'NDList' && c.node.isNew) {
    if (!c.args.some((a) => flowOf(a)) || !isDjlFile(an)) return UNHANDLED;
    // pipeline.transform(new NDList(array)): the list goes through the pipeline first (see djlPipelineCall).
    if (isPipelineInput(an.src, c.node)) return c.args.find((a) => flowOf(a)) ?? undefined;
    // new NDList(array, ...): the Translator's input list, what the model gets.
    for (const a of c.args) if (flowOf(a)) an.terminal(a, 'sink', c.node, 'new NDList()', c.fr);
    return undefined;
  }
  if (!n.startsWith('NDImageUtils.') || !isDjlFile(an)) return UNHANDLED;
  switch (n) {
    case 'NDImageUtils.resize':
      return resize(c);
    case 'NDImageUtils.centerCrop':
      return centerCrop(c);
    case 'NDImageUtils.toTensor':
      return toTensor(c);
    case 'NDImageUtils.normalize':
      return normalize(c);
    default:
      return flowOf(arg(c, 0)?.v) ? arg(c, 0)!.v : UNHANDLED;
  }
}
