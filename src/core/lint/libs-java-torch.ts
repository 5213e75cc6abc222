// PyTorch Android (org.pytorch.torchvision.TensorImageUtils): Bitmap or camera image → float tensor, NCHW, (p/255 − mean)/std.

import type { CallCtx, Val } from './flow-api';
import { applyOp, newFlow, type FlowVal } from './flow-types';
import type { Expr } from './ir';
import { arg, cvOf, flowOf, fv } from './libs-common';
import { checkResize } from './rules-resize';
import { nums } from './values';

/** The constants TensorImageUtils ships. */
const KNOWN: Record<string, number[]> = {
  TORCHVISION_NORM_MEAN_RGB: [0.485, 0.456, 0.406],
  TORCHVISION_NORM_STD_RGB: [0.229, 0.224, 0.225],
};

function vec(c: CallCtx, i: number): number[] | undefined {
  const a = arg(c, i);
  if (!a) return undefined;
  const cv = cvOf(a.v);
  if (cv?.t === 'sym') return KNOWN[cv.name.replace(/^.*\./, '')];
  return nums(cv);
}

/** The tensor TensorImageUtils makes from `src` (or from an image it cannot follow) with this mean and std. */
function toTensor(c: CallCtx, fn: string, srcIndex: number, meanIndex: number): FlowVal {
  const src =
    flowOf(arg(c, srcIndex)?.v) ??
    newFlow({ kind: 'pixel', node: c.node, desc: `TensorImageUtils.${fn}` }, { kind: 'bitmap', color: 'RGB', dtype: 'uint8', layout: 'HWC' });
  const mean = vec(c, meanIndex);
  const std = vec(c, meanIndex + 1);
  let f = src;
  if (mean && std && mean.length === std.length && std.every((s) => s !== 0)) {
    const m = arg(c, meanIndex)!;
    const s = arg(c, meanIndex + 1)!;
    f = applyOp(f, {
      t: 'affine',
      mul: std.map((x) => 1 / (255 * x)),
      add: mean.map((x, i) => -x / std[i]),
      node: c.node,
      operandDt: 'f32',
      opName: '*',
      desc: `TensorImageUtils.${fn} (p / 255 − ${c.an.text(m.e)}) / ${c.an.text(s.e)}`,
    });
  } else {
    f = applyOp(f, { t: 'nonaffine', node: c.node });
  }
  f = applyOp(f, { t: 'cast', dtype: 'float32', node: c.node });
  f = applyOp(f, { t: 'kind', kind: 'tensor' });
  return applyOp(f, {
    t: 'layout',
    to: 'CHW',
    node: c.node,
    desc: `TensorImageUtils.${fn} (it gives an NCHW tensor, also with MemoryFormat.CHANNELS_LAST)`,
  });
}

function checkCrop(c: CallCtx, wi: number): void {
  const [w, h] = [arg(c, wi), arg(c, wi + 1)];
  const wv = nums(cvOf(w?.v))?.[0];
  const hv = nums(cvOf(h?.v))?.[0];
  if (!w || !h || wv === undefined || hv === undefined) return;
  const node: Expr = { k: 'other', kids: [], sp: { ch: w.e.sp.ch, s: w.e.sp.s, e: h.e.sp.e + (h.e.sp.ch.base - w.e.sp.ch.base) } };
  checkResize(
    { node: c.node, api: 'TensorImageUtils.imageYUV420CenterCropToFloatBuffer', lib: 'android', size: { w: wv, h: hv, order: 'wh', node } },
    c.an.spec,
    c.an.rep,
  );
}

/** PyTorch Android calls; undefined when `name` is none of them. */
export function torchAndroidCall(c: CallCtx, name: string): Val | 'unknown' {
  const fn = name.replace(/^(org\.pytorch\.torchvision\.)?TensorImageUtils\./, '');
  if (fn === name) {
    // IValue.from(tensor), Tensor.fromBlob(buffer, shape): the same data, wrapped.
    if (/^IValue\.(from|listFrom|tupleFrom)$/.test(name) || name === 'Tensor.fromBlob') return c.args.find((a) => flowOf(a)) ?? undefined;
    return 'unknown';
  }
  switch (fn) {
    case 'bitmapToFloat32Tensor':
      return fv(toTensor(c, fn, 0, c.argExprs.length >= 7 ? 5 : 1));
    case 'imageYUV420CenterCropToFloat32Tensor':
      checkCrop(c, 2);
      return fv(toTensor(c, fn, -1, 4));
    case 'bitmapToFloatBuffer':
    case 'imageYUV420CenterCropToFloatBuffer': {
      const yuv = fn.startsWith('image');
      if (yuv) checkCrop(c, 2);
      const f = toTensor(c, fn, yuv ? -1 : 0, yuv ? 4 : 5);
      const buf = arg(c, yuv ? 6 : 7);
      if (buf?.e.k === 'name') c.fr.vars.set(buf.e.n, fv(f));
      // The buffer is usually the one a tensor was made from earlier (Tensor.fromBlob): the data is complete here.
      c.an.terminal(fv(f), 'sink', c.node, 'the input tensor buffer', c.fr);
      return undefined;
    }
    default:
      return 'unknown';
  }
}
