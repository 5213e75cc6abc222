// tf.image.cropAndResize(image, boxes, boxInd, cropSize, method): TensorFlow.js's crop-then-resize. Each box is
// [y1, x1, y2, x2] in 0–1 units of the image; the crop is resized to cropSize ([height, width]) with bilinear or
// nearest sampling. A box of the whole image is a plain stretch; a box centred on the image (the square centre crop
// `[(h - s) / 2 / h, (w - s) / 2 / w, (h + s) / 2 / h, (w + s) / 2 / w]`) is the spec's fit "crop".

import { type CallCtx, type Val } from './flow-api';
import { type Expr } from './ir';
import { arg, cvOf, flowOf, pair, replaceExpr, through, hwSize } from './libs-common';
import { checkResize, type ResizeCall } from './rules-resize';
import { nums } from './values';

/** The one box of a boxes argument (`[[0, 0, 1, 1]]`, `[box]` with `const box = [...]`), as four expressions. */
function oneBox(c: CallCtx, boxes: Expr): Expr[] | undefined {
  const only = (e: Expr): Expr | undefined => (e.k === 'name' ? c.fr.scope.only(e.n) : e);
  const outer = only(boxes);
  if (outer?.k !== 'seq' || outer.items.length !== 1) return undefined;
  const box = only(outer.items[0]!);
  return box?.k === 'seq' && box.items.length === 4 ? box.items : undefined;
}

/** The source of an expression with its spaces dropped, `-` and `+` swapped when `mirror`. */
function shape(c: CallCtx, e: Expr, mirror: boolean): string {
  const t = c.an.text(e).replace(/\s+/g, '');
  return mirror ? t.replace(/[-+]/g, (s) => (s === '-' ? '+' : '-')) : t;
}

/** How a box fits the image: the whole image, a centred crop, an off-centre one; undefined when it cannot be told. */
function boxFit(c: CallCtx, items: Expr[]): { fit: 'stretch' | 'crop' | 'crop-off-centre'; shown: string } | undefined {
  const v = items.map((e) => nums(c.an.info.evalConst(e, c.fr.scope))?.[0]);
  if (v.every((x) => x !== undefined)) {
    const [y1, x1, y2, x2] = v as number[];
    if (y1 === 0 && x1 === 0 && y2 === 1 && x2 === 1) return { fit: 'stretch', shown: 'the box [0, 0, 1, 1] is the whole image' };
    const centred = Math.abs(y1! + y2! - 1) < 1e-6 && Math.abs(x1! + x2! - 1) < 1e-6;
    return centred ? { fit: 'crop', shown: 'a box centred on the image' } : { fit: 'crop-off-centre', shown: 'a box off the image centre' };
  }
  // y1 and y2 (x1 and x2) the same expression with - and + swapped: symmetric about the centre.
  const [y1, x1, y2, x2] = items as [Expr, Expr, Expr, Expr];
  if (shape(c, y1, true) === shape(c, y2, false) && shape(c, x1, true) === shape(c, x2, false) && /-/.test(shape(c, y1, false)))
    return { fit: 'crop', shown: 'a box centred on the image' };
  return undefined;
}

/** `tf.image.cropAndResize(...)`: a resize of the boxed part of the image to cropSize, in float32. */
export function tfjsCropAndResize(c: CallCtx): Val {
  const an = c.an;
  const size = arg(c, 3);
  const hw = size ? pair(size.v) : undefined;
  const methodArg = arg(c, 4);
  const m = methodArg ? cvOf(methodArg.v) : { t: 'str' as const, v: 'bilinear' };
  const method = m?.t === 'str' && (m.v === 'bilinear' || m.v === 'nearest') ? m.v : undefined;
  const boxes = arg(c, 1);
  const items = boxes ? oneBox(c, boxes.e) : undefined;
  const fit = items ? boxFit(c, items) : undefined;
  const call: ResizeCall = {
    node: c.node,
    api: 'tf.image.cropAndResize',
    src: an.src,
    lib: 'tfjs',
    size: hwSize(size, hw),
    method: method
      ? {
          name: method,
          shown: method === 'bilinear' ? 'bilinear sampling' : 'nearest-neighbour sampling',
          isDefault: !methodArg,
          node: methodArg?.e,
          fix: (want) => (want !== 'bilinear' && want !== 'nearest' ? undefined : methodArg ? replaceExpr(methodArg.e, `'${want}'`) : undefined),
        }
      : undefined,
    fit: fit ? { ...fit, node: boxes?.e } : undefined,
  };
  checkResize(call, an.spec, an.rep);
  if (!flowOf(arg(c, 0)?.v)) return undefined;
  return through(c, 0, { t: 'resize', node: c.node }, { t: 'cast', dtype: 'float32', node: c.node });
}
