// OpenCV's cv::dnn::blobFromImageWithParams: the parameters come as members of an Image2BlobParams struct
// (`params.mean = Scalar(...); params.scalefactor = ...; params.size = ...`), set earlier in the same function.

import type { CallCtx, Val } from './flow-api';
import { applyOp } from './flow-types';
import { dottedName, walkStmts, type Expr, type Stmt } from './ir';
import { arg, cvOf, flowOf, fv } from './libs-common';
import { checkResize } from './rules-resize';
import { nums, type CV } from './values';

/** The expressions assigned to `name.<member>` in the body that contains the call (the last assignment wins). */
function members(c: CallCtx, name: string): Map<string, Expr> {
  const out = new Map<string, Expr>();
  const body = c.fr.func?.k === 'func' ? c.fr.func.body : c.an.info.body;
  walkStmts(body, (s: Stmt) => {
    if (s.k === 'assign' && s.v && s.t.k === 'attr' && s.t.o.k === 'name' && s.t.o.n === name) out.set(s.t.n, s.v);
  });
  return out;
}

/** A member's value: constants, `Scalar::all(x)` and members of `this`. */
function memberValue(c: CallCtx, e: Expr | undefined): CV | undefined {
  if (!e) return undefined;
  if (e.k === 'call' && /(^|\.)Scalar\.all$/.test(dottedName(e.f) ?? '') && e.a[0]) {
    const v = nums(cvOf(c.an.eval(e.a[0].v, c.fr)))?.[0];
    return v === undefined ? undefined : { t: 'seq', items: [0, 1, 2].map(() => ({ t: 'num' as const, v, dt: 'f64' as const })), dt: 'f64' };
  }
  return cvOf(c.an.eval(e, c.fr));
}

/** blobFromImageWithParams(image, params) or (image, blob, params). */
export function blobWithParams(c: CallCtx, out: (c: CallCtx, index: number, v: Val) => void): Val {
  const an = c.an;
  const p = arg(c, c.argExprs.length >= 3 ? 2 : 1);
  const img = flowOf(arg(c, 0)?.v);
  const ms = p?.e.k === 'name' ? members(c, p.e.n) : new Map<string, Expr>();
  const size = nums(memberValue(c, ms.get('size')));
  const sizeNode = ms.get('size');
  if (size && size.length === 2 && sizeNode)
    checkResize(
      {
        node: c.node,
        api: 'cv::dnn::blobFromImageWithParams',
        lib: 'cv2',
        size: { w: size[0], h: size[1], order: 'wh', node: c.node },
        method: { name: 'linear', shown: 'INTER_LINEAR (blobFromImageWithParams always uses it)', isDefault: true },
      },
      an.spec,
      an.rep,
    );
  let result: Val;
  if (img) {
    let f = applyOp(img, { t: 'resize', node: c.node });
    const swap = memberValue(c, ms.get('swapRB'));
    if (swap?.t === 'bool' && swap.v) f = applyOp(f, { t: 'swap', node: c.node, why: 'swapRB' });
    // swapRB from a command-line flag: the channel order is not known here.
    else if (ms.has('swapRB') && swap?.t !== 'bool') f = applyOp(f, { t: 'setColor', color: '?', node: c.node, why: 'swapRB' });
    const meanE = ms.get('mean');
    const scaleE = ms.get('scalefactor');
    const mean = meanE ? nums(memberValue(c, meanE))?.slice(0, 3) : [0];
    const scale = scaleE ? nums(memberValue(c, scaleE))?.slice(0, 3) : [1];
    if (!mean || !scale) f = applyOp(f, { t: 'nonaffine', node: c.node });
    else {
      const meanText = meanE ? an.text(meanE) : '0';
      const scaleText = scaleE ? an.text(scaleE) : '1';
      if (mean.some((x) => x !== 0))
        f = applyOp(f, {
          t: 'affine',
          mul: [1],
          add: mean.map((x) => -x),
          node: c.node,
          desc: `− mean ${meanText} (Image2BlobParams)`,
          operandDt: 'f32',
          opName: '-',
        });
      f = applyOp(f, {
        t: 'affine',
        mul: scale,
        add: [0],
        node: c.node,
        desc: `× scalefactor ${scaleText} (Image2BlobParams)`,
        operandDt: 'f32',
        opName: '*',
      });
    }
    f = applyOp(f, { t: 'cast', dtype: 'float32', node: c.node });
    const layout = memberValue(c, ms.get('datalayout'));
    const nhwc = layout?.t === 'sym' && /NHWC/.test(layout.name);
    f = applyOp(f, {
      t: 'layout',
      to: nhwc ? 'HWC' : 'CHW',
      node: c.node,
      desc: `cv::dnn::blobFromImageWithParams (datalayout ${nhwc ? 'NHWC' : 'NCHW'})`,
    });
    result = fv(f);
  }
  if (c.argExprs.length >= 3) {
    out(c, 1, result);
    return undefined;
  }
  return result;
}
