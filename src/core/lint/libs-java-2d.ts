// Java2D resizes in Java code: Graphics2D.drawImage(img, x, y, w, h, observer) (its interpolation comes from a
// RenderingHints.VALUE_INTERPOLATION_* set earlier in the file, nearest neighbour without one) and
// Image.getScaledInstance(w, h, hints), checked against the spec like every other resize call.

import type { CallCtx, Val } from './flow-api';
import { startOf, uncast, type Expr } from './ir';
import { arg, cvOf, nameOf, replaceExpr } from './libs-common';
import { checkResize, type ResizeCall } from './rules-resize';
import { nums } from './values';

const HINT_METHOD: Record<string, string> = { NEAREST_NEIGHBOR: 'nearest', BILINEAR: 'bilinear', BICUBIC: 'bicubic' };
const SCALE_METHOD: Record<string, string> = {
  SCALE_SMOOTH: 'area',
  SCALE_AREA_AVERAGING: 'area',
  SCALE_FAST: 'replicate',
  SCALE_DEFAULT: 'replicate',
  SCALE_REPLICATE: 'replicate',
};

/** The size part of a ResizeCall from two (width, height) arguments. */
function sizeOf(c: CallCtx, wi: number, hi: number): ResizeCall['size'] {
  const [w, h] = [arg(c, wi), arg(c, hi)];
  const wv = nums(cvOf(w?.v))?.[0];
  const hv = nums(cvOf(h?.v))?.[0];
  if (wv === undefined || hv === undefined || !w || !h) return undefined;
  const literal = w.e.k === 'num' && h.e.k === 'num';
  const node: Expr = { k: 'other', kids: [], sp: { ch: w.e.sp.ch, s: w.e.sp.s, e: h.e.sp.e + (h.e.sp.ch.base - w.e.sp.ch.base) } };
  return { w: wv, h: hv, order: 'wh', node, fix: literal ? (W, H) => [...replaceExpr(w.e, String(W)), ...replaceExpr(h.e, String(H))] : undefined };
}

/** The last VALUE_INTERPOLATION_* hint written before `at` in the file. */
function hintBefore(src: string, at: number): string | undefined {
  const re = /VALUE_INTERPOLATION_(NEAREST_NEIGHBOR|BILINEAR|BICUBIC)/g;
  let found: string | undefined;
  for (let m = re.exec(src); m && m.index < at; m = re.exec(src)) found = m[1];
  return found;
}

/**
 * True when drawImage draws on a Graphics the method was handed (paint(Graphics g), or a local set from it) or one a
 * call other than createGraphics()/getGraphics() gave (a BufferStrategy's getDrawGraphics()): it draws on screen, not
 * into an image a model will read. A resize into an image draws on `image.createGraphics()`.
 */
function drawsOnScreen(c: CallCtx): boolean {
  const f = c.node.f;
  const func = c.fr.func;
  if (f.k !== 'attr' || !func) return false;
  const isParam = (n: string): boolean => func.params.some((p) => p.name === n);
  const r = uncast(f.o);
  if (r.k !== 'name') return false;
  if (isParam(r.n)) return true;
  const only = c.fr.scope.only(r.n);
  if (!only) return false;
  const v = uncast(only);
  if (v.k === 'name') return isParam(v.n);
  return v.k === 'call' && v.f.k === 'attr' && v.f.n !== 'createGraphics' && v.f.n !== 'getGraphics';
}

/** Handles a Java2D resize call; false when the call is not one. */
export function java2dCall(c: CallCtx, method: string): Val | false {
  const an = c.an;
  if (method === 'drawImage' && c.args.length === 6) {
    if (drawsOnScreen(c)) return undefined;
    const hint = hintBefore(an.src, startOf(c.node.sp));
    checkResize(
      {
        node: c.node,
        api: 'Graphics2D.drawImage',
        lib: 'java2d',
        size: sizeOf(c, 3, 4),
        method: {
          name: hint ? HINT_METHOD[hint] : 'nearest',
          shown: hint ? `VALUE_INTERPOLATION_${hint}` : 'no interpolation hint (nearest neighbour)',
          isDefault: hint === undefined,
        },
      },
      an.spec,
      an.rep,
    );
    return undefined;
  }
  if (method === 'getScaledInstance' && c.args.length === 3) {
    const hints = arg(c, 2);
    const flag = nameOf(hints?.v)?.replace(/^.*\./, '') ?? (hints?.e.k === 'attr' ? hints.e.n : undefined);
    const m = flag ? SCALE_METHOD[flag] : undefined;
    checkResize(
      {
        node: c.node,
        api: 'Image.getScaledInstance',
        lib: 'java2d',
        size: sizeOf(c, 0, 1),
        ...(m && flag ? { method: { name: m, shown: `Image.${flag}`, isDefault: false, node: hints?.e } } : {}),
      },
      an.spec,
      an.rep,
    );
    return undefined;
  }
  return false;
}
