// A C++ letterbox helper of the file or of a sibling file: `LetterboxImage(src, dst, cv::Size(640, 640))`,
// `utils::letterbox(img, out, this->inputImageShape, ...)`. Its body resizes (cv::resize) to a size computed from the
// target size's width and height and pads (cv::copyMakeBorder) up to it, so the target size the caller passes is the
// size the model gets: it is checked at the call, where a person would change it.

import type { Analyzer } from './flow';
import type { Frame, Val } from './flow-api';
import { forEachExpr, walkStmts, type Expr, type Stmt } from './ir';
import { pair } from './libs-common';
import { slot } from './memo';
import { checkResize } from './rules-resize';

type FuncStmt = Stmt & { k: 'func' };

const SIZE_PARAM = slot<FuncStmt, number>('letterboxSizeParam');

/** The index of a letterbox helper's target-size parameter (a cv::Size whose .width and .height the body reads), or -1. */
function sizeParam(f: FuncStmt): number {
  const known = SIZE_PARAM.get(f);
  if (known !== undefined) return known;
  const sized = new Set<string>();
  for (const p of f.params) if (p.type !== undefined && /\bSize\w*\b/.test(p.type)) sized.add(p.name);
  let resizes = false;
  let pads = false;
  const read = new Set<string>();
  if (sized.size > 0)
    walkStmts(f.body, (s) =>
      forEachExpr(s, (e: Expr) => {
        if (e.k === 'call' && (e.f.k === 'name' || e.f.k === 'attr')) {
          if (e.f.n === 'resize') resizes = true;
          else if (e.f.n === 'copyMakeBorder') pads = true;
        } else if (e.k === 'attr' && (e.n === 'width' || e.n === 'height') && e.o.k === 'name' && sized.has(e.o.n)) read.add(e.o.n);
      }),
    );
  const i = resizes && pads && read.size === 1 ? f.params.findIndex((p) => read.has(p.name)) : -1;
  return SIZE_PARAM.set(f, i);
}

/** Checks the target size a call passes to a letterbox helper (or the helper's default for it). */
export function checkLetterboxCall(an: Analyzer, fr: Frame, e: Expr & { k: 'call' }, f: FuncStmt, args: readonly Val[]): void {
  const i = sizeParam(f);
  if (i < 0) return;
  const given = i < e.a.length && e.a[i].name === undefined;
  const node = given ? e.a[i].v : e;
  const def = f.params[i].def;
  const wh = given ? pair(args[i]) : def ? pair(an.eval(def, fr)) : undefined;
  if (!wh) return;
  const name = e.f.k === 'name' || e.f.k === 'attr' ? e.f.n : 'the helper';
  checkResize(
    {
      node: e,
      api: `${name}() (a letterbox: resize keeping the aspect ratio, then pad)`,
      src: an.src,
      lib: 'cv2',
      size: { w: wh[0], h: wh[1], order: 'wh', node },
    },
    an.spec,
    an.rep,
  );
}
