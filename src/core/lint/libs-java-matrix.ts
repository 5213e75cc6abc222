// Android's resize through a Matrix, the getResizedBitmap idiom of many apps:
//   Matrix m = new Matrix(); m.postScale(((float) newWidth) / width, ((float) newHeight) / height);
//   Bitmap.createBitmap(bm, 0, 0, width, height, m, filter)
// gives newWidth × newHeight, and is checked like Bitmap.createScaledBitmap.

import type { CallCtx, Val } from './flow-api';
import { applyOp } from './flow-types';
import { exprsOf } from './memo';
import { startOf, uncast, walkStmts, type Expr } from './ir';
import { arg, cvOf, flowOf, fv } from './libs-common';
import { checkResize } from './rules-resize';
import { nums } from './values';

/** The last `m.setScale(sx, sy)` / `postScale` / `preScale` call before `at` in the statements of `c`'s function. */
export function scaleCall(c: CallCtx, matrix: string, at: number): (Expr & { k: 'call' }) | undefined {
  let found: (Expr & { k: 'call' }) | undefined;
  let pos = -1;
  walkStmts(c.fr.func?.body ?? c.an.info.body, (s) => {
    for (const e of exprsOf(s)) {
      if (e.k !== 'call' || e.f.k !== 'attr' || e.a.length !== 2 || e.f.o.k !== 'name' || e.f.o.n !== matrix) continue;
      if (e.f.n !== 'setScale' && e.f.n !== 'postScale' && e.f.n !== 'preScale') continue;
      const p = startOf(e.sp);
      if (p < at && p > pos) {
        pos = p;
        found = e;
      }
    }
  });
  return found;
}

/** The scale factors of the last scaling call on `matrix` before `at`. */
function scaleOf(c: CallCtx, matrix: string, at: number): readonly Expr[] | undefined {
  const e = scaleCall(c, matrix, at);
  return e ? [e.a[0]!.v, e.a[1]!.v] : undefined;
}

/** The one value a name is assigned in scope (a `float scaleWidth = …` local), or the expression itself. */
export function valueOf(c: CallCtx, e: Expr): Expr {
  const x = uncast(e);
  if (x.k !== 'name') return x;
  const only = c.fr.scope.only(x.n);
  return only ? uncast(only) : x;
}

/** `new / old` where `old` is the extent createBitmap copies: the new extent; undefined otherwise. */
function target(c: CallCtx, scale: Expr, extent: Expr): Expr | undefined {
  const s = valueOf(c, scale);
  if (s.k !== 'bin' || s.op !== '/') return undefined;
  return c.an.text(uncast(s.r)) === c.an.text(uncast(extent)) ? uncast(s.l) : undefined;
}

/** Handles Bitmap.createBitmap(src, x, y, w, h, matrix, filter) when the matrix scales to a size; false otherwise. */
export function matrixResize(c: CallCtx): Val | false {
  const an = c.an;
  const m = c.argExprs[5]?.v;
  if (c.argExprs.length !== 7 || !m || m.k !== 'name') return false;
  const scale = scaleOf(c, m.n, startOf(c.node.sp));
  const wE = c.argExprs[3]?.v;
  const hE = c.argExprs[4]?.v;
  if (!scale || !wE || !hE) return false;
  const W = target(c, scale[0]!, wE);
  const H = target(c, scale[1]!, hE);
  if (!W || !H) return false;
  const wv = nums(cvOf(an.eval(W, c.fr)))?.[0];
  const hv = nums(cvOf(an.eval(H, c.fr)))?.[0];
  // Only the size: apps often halve the bitmap with filtering first and scale the rest without, so the kernel of the
  // last call is not the resize's.
  if (wv !== undefined && hv !== undefined)
    checkResize(
      {
        node: c.node,
        api: 'Bitmap.createBitmap with a scaling Matrix',
        lib: 'android',
        size: { w: Math.round(wv), h: Math.round(hv), order: 'wh', node: c.node },
      },
      an.spec,
      an.rep,
    );
  const src = flowOf(arg(c, 0)?.v);
  return src ? fv(applyOp(src, { t: 'resize', node: c.node })) : undefined;
}
