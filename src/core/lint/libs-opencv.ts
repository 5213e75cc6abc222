// OpenCV calls whose semantics are the same in C++ (cv::) and Java (org.opencv): resize's size and interpolation checked
// against the spec, and Mat.convertTo's cast and x·alpha + beta. Each language passes how its fixes are written.

import type { CallCtx } from './flow';
import { applyOp, type FlowVal } from './flow-types';
import type { Expr } from './ir';
import { arg, cvOf, nameOf, pair, replaceExpr } from './libs-common';
import { cvConst, cvInterp } from './libs-python';
import type { RawEdit } from './report';
import { checkResize } from './rules-resize';
import { nums } from './values';

/** How one language writes resize's call and its fixes. */
export interface CvResizeSyntax {
  /** The call as the message names it (cv::resize, Imgproc.resize). */
  api: string;
  /** The text of a size literal: `cv::Size(w, h)`, `new Size(w, h)`; undefined when the size is not a literal. */
  sizeLiteral?: ((w: number, h: number) => string) | undefined;
  /** The text of an interpolation constant (`cv::INTER_AREA`, `Imgproc.INTER_AREA`). */
  constant: (name: string) => string;
  /** Adds the interpolation argument when the call leaves it out; undefined when the language's fix cannot. */
  appendMissing?: (text: string) => RawEdit[] | undefined;
}

/** resize(src, dst, dsize[, fx, fy, interpolation]): checks the size and the interpolation against the spec. */
export function checkCvResize(c: CallCtx, syntax: CvResizeSyntax): void {
  const an = c.an;
  const dsize = arg(c, 2);
  const interp = arg(c, 5);
  const wh = dsize ? pair(dsize.v) : undefined;
  const method = interp ? cvInterp(interp.v) : 'linear';
  const literal = dsize?.e.k === 'call' && dsize.e.a.length === 2 && dsize.e.a.every((x) => x.v.k === 'num');
  const sizeLiteral = syntax.sizeLiteral;
  checkResize(
    {
      node: c.node,
      api: syntax.api,
      lib: 'cv2',
      size:
        wh && dsize && wh[0] > 0
          ? { w: wh[0], h: wh[1], order: 'wh', node: dsize.e, fix: literal && sizeLiteral ? (w, h) => replaceExpr(dsize.e, sizeLiteral(w, h)) : undefined }
          : undefined,
      method: method
        ? {
            name: method,
            shown: interp ? an.text(interp.e) : 'INTER_LINEAR',
            isDefault: !interp,
            node: interp?.e,
            fix: (m) => {
              const k = cvConst(m);
              if (!k) return undefined;
              return interp ? replaceExpr(interp.e, syntax.constant(k)) : syntax.appendMissing?.(syntax.constant(k));
            },
          }
        : undefined,
    },
    an.spec,
    an.rep,
  );
}

/** Rewrites convertTo's alpha (and beta) so the result is x·a + b; undefined when it cannot. */
export type ConvertToFix = (alpha: Expr, beta: Expr | undefined, a: number, b: number) => RawEdit[] | undefined;

/** mat.convertTo(dst, rtype[, alpha[, beta]]): the value written to dst (the cast, then x·alpha + beta). */
export function cvConvertTo(c: CallCtx, recv: FlowVal, fix?: ConvertToFix): FlowVal {
  const rtype = nameOf(arg(c, 1)?.v) ?? '';
  const alpha = arg(c, 2);
  const beta = arg(c, 3);
  const a = alpha ? nums(cvOf(alpha.v))?.[0] : 1;
  const b = beta ? nums(cvOf(beta.v))?.[0] : 0;
  let f = recv;
  if (/CV_64F/.test(rtype)) f = applyOp(f, { t: 'cast', dtype: 'float64', node: c.node });
  else if (/CV_32F/.test(rtype)) f = applyOp(f, { t: 'cast', dtype: 'float32', node: c.node });
  const ch = /^(cv\.)?CV_\d+[USF]C(\d)$/.exec(rtype);
  if (ch) f = { ...f, channels: Number(ch[2]) };
  if (a === undefined || b === undefined) return applyOp(f, { t: 'nonaffine', node: c.node });
  if (a === 1 && b === 0) return f;
  return applyOp(f, {
    t: 'affine',
    mul: [a],
    add: [b],
    node: alpha?.e ?? c.node,
    desc: `convertTo(…, ${alpha ? c.an.text(alpha.e) : '1'}${beta ? `, ${c.an.text(beta.e)}` : ''})`,
    operandDt: 'f32',
    opName: '*',
    ...(alpha && fix ? { fix: (wa: number, wb: number) => fix(alpha.e, beta?.e, wa, wb) } : {}),
  });
}
