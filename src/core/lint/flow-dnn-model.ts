// OpenCV's high-level dnn models (cv.dnn_DetectionModel, TextDetectionModel_DB, ClassificationModel...): the
// preprocessing is set once on the model object (setInputParams / setInputMean / setInputScale / setInputSize /
// setInputSwapRB) and applied inside detect() / classify() / segment(). Python and C++ spell it the same way.

import type { Analyzer } from './flow';
import type { Frame, Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import { dottedName, forEachExpr, type Expr, type Stmt } from './ir';
import type { Scope } from './lexical-scope';
import { checkResize } from './rules-resize';
import { nums } from './values';
import { tag } from './memo';

/** Methods of a dnn model that run it on an image. */
const RUN = /^(detect|classify|segment|estimate|recognize|detectTextRectangles)$/;
const SETTERS = /^(setInputParams|setInputMean|setInputScale|setInputSize|setInputSwapRB)$/;

interface Setting {
  e: Expr;
  scope: Scope;
}
type ModelParams = Partial<Record<'mean' | 'scale' | 'size' | 'swapRB', Setting>>;

const CACHE = tag<Analyzer, Map<string, ModelParams>>('cache');

/** Receiver text without `self.`/`this->` differences: `self._model`, `this->model`, `model`. */
function key(an: Analyzer, e: Expr): string {
  return (dottedName(e) ?? an.text(e)).replace(/^(self|this)\./, '');
}

function collect(an: Analyzer): Map<string, ModelParams> {
  let found = CACHE.get(an);
  if (found) return found;
  found = new Map();
  const visit = (stmts: readonly Stmt[], scope: Scope): void => {
    for (const s of stmts) {
      if (s.k === 'func' || s.k === 'class') {
        visit(s.body, an.info.scopeFor(s));
        continue;
      }
      if (s.k === 'block') {
        visit(s.body, scope);
        continue;
      }
      if (s.k === 'for') {
        visit(s.init, scope);
        visit(s.body, scope);
      }
      forEachExpr(s, (e) => {
        if (e.k !== 'call' || e.f.k !== 'attr' || !SETTERS.test(e.f.n)) return;
        const k = key(an, e.f.o);
        const p = found!.get(k) ?? {};
        const pos = e.a.filter((a) => a.name === undefined);
        const named = (n: string, i: number): Expr | undefined => e.a.find((a) => a.name === n)?.v ?? pos[i]?.v;
        // The first setting (usually the constructor's) is the one reported; later ones normally repeat it.
        const set = (field: keyof ModelParams, x: Expr | undefined): void => {
          if (x && !p[field]) p[field] = { e: x, scope };
        };
        switch (e.f.n) {
          case 'setInputParams':
            set('scale', named('scale', 0));
            set('size', named('size', 1));
            set('mean', named('mean', 2));
            set('swapRB', named('swapRB', 3));
            break;
          case 'setInputMean':
            set('mean', pos[0]?.v);
            break;
          case 'setInputScale':
            set('scale', pos[0]?.v);
            break;
          case 'setInputSize':
            set('size', pos.length === 1 ? pos[0].v : undefined);
            break;
          case 'setInputSwapRB':
            set('swapRB', pos[0]?.v);
            break;
        }
        found!.set(k, p);
      });
    }
  };
  visit(an.info.body, an.info.module);
  CACHE.set(an, found);
  return found;
}

/**
 * `model.detect(image)` on a dnn model whose input parameters this file sets: the image gets those parameters'
 * resize, mean, scale and channel swap, and the model is its sink. False when the call is not one of these.
 */
export function dnnModelRun(an: Analyzer, fr: Frame, call: Expr & { k: 'call' }, image: Val): boolean {
  if (call.f.k !== 'attr' || !RUN.test(call.f.n) || image?.k !== 'flow') return false;
  const p = collect(an).get(key(an, call.f.o));
  if (!p) return false;
  const cv = (s: Setting | undefined) => (s ? an.info.evalConst(s.e, s.scope) : undefined);
  let f: FlowVal = applyOp(image.f, { t: 'resize', node: call });
  const size = nums(cv(p.size));
  if (size && size.length === 2 && p.size) {
    checkResize(
      {
        node: p.size.e,
        api: 'the dnn model (setInputSize)',
        lib: 'cv2',
        size: { w: size[0], h: size[1], order: 'wh', node: p.size.e },
        method: { name: 'linear', shown: 'INTER_LINEAR (dnn models always use it)', isDefault: true },
      },
      an.spec,
      an.rep,
    );
  }
  const swap = cv(p.swapRB);
  if (swap?.t === 'bool' && swap.v) f = applyOp(f, { t: 'swap', node: p.swapRB!.e, why: 'swapRB' });
  else if (p.swapRB && swap?.t !== 'bool') f = applyOp(f, { t: 'setColor', color: '?', node: p.swapRB.e, why: 'swapRB' });
  const mean = p.mean ? nums(cv(p.mean))?.slice(0, 3) : [0];
  const scale = p.scale ? nums(cv(p.scale))?.slice(0, 3) : [1];
  if (!mean || !scale) f = applyOp(f, { t: 'nonaffine', node: call });
  else {
    if (mean.some((x) => x !== 0))
      f = applyOp(f, {
        t: 'affine',
        mul: [1],
        add: mean.map((x) => -x),
        node: p.mean!.e,
        desc: `− mean ${an.text(p.mean!.e)} (dnn model input)`,
        operandDt: 'f32',
        opName: '-',
      });
    f = applyOp(f, {
      t: 'affine',
      mul: scale,
      add: [0],
      node: p.scale?.e ?? call,
      desc: `× scale ${p.scale ? an.text(p.scale.e) : '1.0'} (dnn model input)`,
      operandDt: 'f32',
      opName: '*',
    });
  }
  f = applyOp(f, { t: 'cast', dtype: 'float32', node: call });
  f = applyOp(f, { t: 'layout', to: 'CHW', node: call, desc: 'the dnn model (it makes its NCHW blob itself)' });
  an.terminal({ k: 'flow', f }, 'sink', call, `${an.text(call.f)}()`, fr);
  return true;
}
