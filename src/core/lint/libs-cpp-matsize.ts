// `m.size()` of a Mat the function made with a known size (`cv::Mat dst = cv::Mat::zeros(H, W, CV_32FC3)`,
// `cv::Mat dst(H, W, CV_32FC3)`, `cv::Mat(cv::Size(W, H), CV_8UC3)`): the cv::Size(W, H) it has, so
// `cv::resize(src, dst, dst.size())` resizes to that size.

import type { CallCtx, Val } from './flow-api';
import { dottedName, type Expr } from './ir';
import { nums, type CV } from './values';

const MAKERS = /(^|\.)Mat(\.zeros|\.ones)?$/;

/** The cv::Size (width, height) of `m.size()` when `m` is bound once to a Mat made with a constant size. */
export function matSize(c: CallCtx): Val {
  const o = c.node.f.k === 'attr' ? c.node.f.o : undefined;
  if (o?.k !== 'name' || c.node.a.length !== 0) return undefined;
  const sc = c.fr.scope.find(o.n);
  const defs = sc?.vars.get(o.n);
  const made: Expr | null | undefined = defs?.length === 1 ? defs[0] : undefined;
  if (!sc || made?.k !== 'call' || !MAKERS.test(dottedName(made.f) ?? '')) return undefined;
  const ev = (e: Expr | undefined): number[] | undefined => (e ? nums(c.an.info.evalConst(e, sc)) : undefined);
  let wh: [number, number] | undefined;
  if (made.a.length >= 3) {
    // Mat(rows, cols, type): height first.
    const [rows, cols] = [ev(made.a[0]?.v), ev(made.a[1]?.v)];
    if (rows?.length === 1 && cols?.length === 1) wh = [cols[0], rows[0]];
  } else if (made.a.length === 2) {
    // Mat(cv::Size(width, height), type).
    const size = ev(made.a[0]?.v);
    if (size?.length === 2) wh = [size[0], size[1]];
  }
  if (!wh || !(wh[0] > 0 && wh[1] > 0)) return undefined;
  const items: CV[] = [
    { t: 'num', v: wh[0], dt: 'int' },
    { t: 'num', v: wh[1], dt: 'int' },
  ];
  return { k: 'cv', v: { t: 'seq', items, dt: 'int' } };
}
