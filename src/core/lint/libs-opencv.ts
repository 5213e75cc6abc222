// OpenCV calls whose semantics are the same in Python (cv2), C++ (cv::) and Java (org.opencv): interpolation constants,
// resize's size and interpolation checked against the spec, Mat.convertTo's cast and x·alpha + beta, and
// dnn.blobFromImage. Each language passes how its fixes are written.

import type { Analyzer } from './flow';
import type { CallCtx, Val } from './flow-api';
import { applyOp, newFlow, type FlowVal } from './flow-types';
import { tag } from './memo';
import type { Expr } from './ir';
import { arg, cvOf, flowOf, fv, nameOf, pair, replaceExpr } from './libs-common';
import type { RawEdit } from './report';
import { checkResize, sizeReplaced } from './rules-resize';
import { close, fmtNums, niceNumber, nums } from './values';

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
  // cv::resize(src, dst, size, cv::INTER_CUBIC): the flag lands in fx (a scale factor, unused with a size), so the
  // resize runs with the default INTER_LINEAR. The fix moves it to the 6th argument.
  const fx = interp ? undefined : arg(c, 3);
  const misplaced = fx && /\bINTER_[A-Z0-9_]+$/.test(an.text(fx.e)) ? fx : undefined;
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
            shown: interp
              ? an.text(interp.e)
              : misplaced
                ? `INTER_LINEAR, its default: ${an.text(misplaced.e)} is the 4th argument, fx (a scale factor, unused when a size is given), and the method is the 6th`
                : 'INTER_LINEAR',
            isDefault: !interp && !misplaced,
            node: interp?.e,
            fix: (m) => {
              const k = cvConst(m);
              if (!k) return undefined;
              if (misplaced) return replaceExpr(misplaced.e, `0, 0, ${syntax.constant(k)}`);
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

const CV_INTER: Record<string, string> = {
  INTER_NEAREST: 'nearest',
  INTER_LINEAR: 'linear',
  INTER_CUBIC: 'cubic',
  INTER_AREA: 'area',
  INTER_LANCZOS4: 'lanczos4',
  INTER_LINEAR_EXACT: 'linear-exact',
  INTER_NEAREST_EXACT: 'nearest-exact',
};
const CV_INTER_NUM = ['nearest', 'linear', 'cubic', 'area', 'lanczos4', 'linear-exact', 'nearest-exact'];
/** OpenCV interpolation from a constant (cv2.INTER_AREA, cv::INTER_AREA, 3). */
export function cvInterp(v: Val): string | undefined {
  const c = cvOf(v);
  if (c?.t === 'num') return CV_INTER_NUM[c.v];
  const n = nameOf(v)?.replace(/^.*[.:]/, '');
  return n ? CV_INTER[n] : undefined;
}

/** The OpenCV constant for a spec method. */
export function cvConst(method: string): string | undefined {
  return Object.entries(CV_INTER).find(([, m]) => m === method)?.[0];
}

/**
 * blobFromImage subtracts the mean before it multiplies by scalefactor, so its mean is in pixel units. A mean equal to the
 * spec's input.mean (given after scaling, e.g. 0.485) with the spec's scale is the spec copied without that conversion.
 */
function meanBeforeScale(an: Analyzer, api: string, at: Expr, mean: number[], scale: number): void {
  const spec = an.spec.input;
  if (scale === 1 || !close(scale, spec.scale) || spec.mean.every((m) => m === 0)) return;
  const pick = (v: readonly number[], i: number): number => v[v.length === 1 ? 0 : i];
  const n = Math.max(mean.length, spec.mean.length);
  for (let i = 0; i < n; i++) if (!close(pick(mean, i), pick(spec.mean, i)) || close(pick(mean, i), pick(spec.mean, i) / scale)) return;
  const want = spec.mean.map((m) => niceNumber(m / scale) ?? String(m / scale));
  an.rep.add({
    rule: 'normalization',
    at,
    specPath: 'input.mean',
    message: `${api} subtracts the mean before it multiplies by scalefactor, so this mean of ${fmtNums(mean)} is taken off 0–255 pixels, not off the scaled values the spec's input.mean ${fmtNums(spec.mean)} refers to. Pass input.mean / input.scale = (${want.join(', ')}).`,
  });
}

/**
 * cv2.dnn.blobFromImages / cv::dnn::blobFromImages: blobFromImage for each image of a list. The list's image is its
 * first traced item (a braced list, a vector holding the image); a list the file fills where the analysis cannot follow
 * (an output parameter of a helper) holds images of unknown origin, still 0–255 pixels the blob scales.
 */
export function blobFromImages(c: CallCtx, an: Analyzer, api: string): Val {
  const list = arg(c, 0);
  if (!list) return blobFromImage(c, an, api);
  const v = list.v;
  const item = v?.k === 'many' ? v.items.find((x) => x?.k === 'flow') : v?.k === 'flow' ? v : undefined;
  const img: Val = item ?? fv(newFlow({ kind: 'unknown', node: list.e, desc: `the images of ${an.text(list.e)}` }, { kind: 'mat', dtype: 'uint8' }));
  const blob = blobFromImage({ ...c, args: [img, ...c.args.slice(1)] }, an, api);
  // A list filled out of sight (by a helper that may convert its images) says nothing of their order.
  if (!item) KEPT_BGR.set(c.node, undefined);
  return blob;
}

/** The swapRB=false argument of a blobFromImage call (the call's node), when it is written out. */
const KEPT_BGR = tag<Expr, Expr | undefined>('blob swapRB=false');

/** The swapRB=false argument of the dnn blob a value is, when the blob was made with one written out. */
export function keptBgrAt(f: FlowVal): Expr | undefined {
  for (let i = f.trace.length - 1; i >= 0; i--) {
    const op = f.trace[i]!;
    if (op.t === 'layout') return KEPT_BGR.get(op.node);
  }
  return undefined;
}

/** cv2.dnn.blobFromImage / cv::dnn::blobFromImage: resize, subtract mean, scale, optional RB swap, NCHW. */
export function blobFromImage(c: CallCtx, an: Analyzer, api: string): Val {
  const imgArg = arg(c, 0);
  // An image the analysis cannot trace (a record's accessor, a helper of another file) is still a frame of 0–255
  // pixels in an unknown order: the blob's own scaling, mean and swap are judged on it, as blobFromImages does.
  const img =
    flowOf(imgArg?.v) ??
    (imgArg && imgArg.v?.k !== 'cv' ? newFlow({ kind: 'unknown', node: imgArg.e, desc: an.text(imgArg.e) }, { kind: 'mat', dtype: 'uint8' }) : undefined);
  // An image resized before (a shortest-edge resize and a crop, a letterbox) is resized again only to the size it
  // has: its interpolation was judged on that resize, and the blob's INTER_LINEAR changes nothing.
  const resizedBefore = img?.trace.some((op) => op.t === 'resize') === true;
  const scaleArg = arg(c, 1, 'scalefactor');
  const sizeArg = arg(c, 2, 'size');
  const meanArg = arg(c, 3, 'mean');
  const swapArg = arg(c, 4, 'swapRB');
  const cropArg = arg(c, 5, 'crop');
  const scale = scaleArg ? nums(cvOf(scaleArg.v))?.[0] : 1;
  const wh = sizeArg ? pair(sizeArg.v) : undefined;
  const crop = cropArg ? cvOf(cropArg.v) : undefined;
  checkResize(
    {
      node: c.node,
      api,
      src: an.src,
      lib: 'cv2',
      size: wh && sizeArg && wh[0] > 0 ? { w: wh[0], h: wh[1], order: 'wh', node: sizeArg.e } : undefined,
      // A size the file cannot evaluate (read from the model's name, a config file) still resizes, with INTER_LINEAR;
      // only a size of 0 (or none) leaves the image as it is.
      method:
        sizeArg && !(wh && wh[0] <= 0) && !resizedBefore
          ? { name: 'linear', shown: 'INTER_LINEAR (blobFromImage always uses it)', isDefault: true }
          : undefined,
      fit: crop?.t === 'bool' && crop.v ? { fit: 'crop', shown: 'crop=true', node: cropArg?.e } : undefined,
    },
    an.spec,
    an.rep,
  );
  if (!img) return undefined;
  // A size here replaces the size of any resize before (a smaller or larger copy made for drawing, then the blob).
  if (wh && wh[0] > 0) for (const op of img.trace) if (op.t === 'resize') sizeReplaced(an.rep, op.node);
  let f = applyOp(img, { t: 'resize', node: c.node });
  const swap = swapArg ? cvOf(swapArg.v) : undefined;
  if (swap && ((swap.t === 'bool' && swap.v) || (swap.t === 'num' && swap.v !== 0))) f = applyOp(f, { t: 'swap', node: swapArg!.e, why: 'swapRB' });
  // swapRB=false written out: OpenCV's images are BGR, and the blob keeps their order; on an image of unknown order
  // (a parameter) the argument is where a colour finding goes (keptBgrAt).
  else if (swap && swapArg) KEPT_BGR.set(c.node, swapArg.e);
  const mean = meanArg ? nums(cvOf(meanArg.v)) : [0];
  // On the call, where the blob's mean-then-scale normalisation is reported too (one finding for the one step).
  if (mean && meanArg && scale !== undefined) meanBeforeScale(an, api, c.node, mean, scale);
  if (!mean || scale === undefined) f = applyOp(f, { t: 'nonaffine', node: c.node });
  else {
    const m = mean.length >= 3 ? mean.slice(0, 3) : [mean[0] ?? 0];
    if (m.some((x) => x !== 0))
      f = applyOp(f, {
        t: 'affine',
        mul: [1],
        add: m.map((x) => -x),
        // A blob that both takes the mean off and scales normalises in one step, written over the call's arguments:
        // the call is what a fix changes. With scalefactor 1 the mean alone is the blob's normalisation.
        node: meanArg && scale === 1 ? meanArg.e : c.node,
        desc: `− mean ${an.text(meanArg!.e)} (blobFromImage)`,
        operandDt: 'f32',
        opName: '-',
      });
    f = applyOp(f, {
      t: 'affine',
      mul: [scale],
      add: [0],
      node: c.node,
      desc: `× scalefactor ${scaleArg ? an.text(scaleArg.e) : '1.0'} (blobFromImage)`,
      operandDt: 'f32',
      opName: '*',
    });
  }
  f = applyOp(f, { t: 'cast', dtype: 'float32', node: c.node });
  f = applyOp(f, { t: 'layout', to: 'CHW', node: c.node, desc: `${api} (it always returns an NCHW blob)` });
  return fv(f);
}
