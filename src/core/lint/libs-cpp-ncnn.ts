// NCNN (Tencent's C++ inference library): ncnn::Mat::from_pixels / from_pixels_resize (and the _roi variants) turn
// 8-bit pixels into a float CHW Mat, converting the channel order as the PIXEL_<FROM>2<TO> type says and resizing
// bilinearly to the target size; Mat::substract_mean_normalize(mean, norm) computes (x − mean[c]) × norm[c] in place
// (a null pointer or 0 for either skips it); Extractor::input(name, mat) hands the Mat to the network.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import { arg, cvOf, flowOf, fv, rebind } from './libs-common';
import { checkResize } from './rules-resize';
import { nums } from './values';

/** ncnn::Mat::PIXEL_<FROM>[2<TO>] of a from_pixels call: the source and result channel orders. */
const PIXEL_TYPE = /PIXEL_(RGBA|BGRA|RGB|BGR|GRAY)(?:2(RGBA|BGRA|RGB|BGR|GRAY))?$/;

/** The argument positions of the target size of each from_pixels variant (none: no resize). */
const TARGET: Readonly<Record<string, readonly [number, number] | undefined>> = {
  from_pixels: undefined,
  from_pixels_roi: undefined,
  from_pixels_resize: [4, 5],
  from_pixels_roi_resize: [8, 9],
};

/** The NCNN call a C++ call is, by its last name part (ncnn::Mat::from_pixels_resize, Mat::from_pixels, …). */
function ncnnFunction(name: string | undefined): string | undefined {
  // Most calls are not NCNN's: one search, no allocation, before anything else.
  if (!name || name.indexOf('from_pixels') < 0) return undefined;
  const dot = name.lastIndexOf('.');
  const last = name.slice(dot + 1);
  if (!(last in TARGET)) return undefined;
  const head = name.slice(0, dot);
  return head === 'ncnn.Mat' || head === 'Mat' ? last : undefined;
}

/** from_pixels*(pixels, type, w, h, …): the pixels as a float CHW Mat, reordered and resized as the call says. */
function fromPixels(c: CallCtx, fn: string): Val {
  const an = c.an;
  const px = flowOf(arg(c, 0)?.v);
  const typeArg = arg(c, 1);
  const target = TARGET[fn];
  if (target) {
    const wA = arg(c, target[0]);
    const hA = arg(c, target[1]);
    const w = wA ? nums(cvOf(wA.v))?.[0] : undefined;
    const h = hA ? nums(cvOf(hA.v))?.[0] : undefined;
    // NCNN resizes with its own bilinear kernel, which no spec library names: only the size is judged.
    if (w !== undefined && h !== undefined && wA)
      checkResize(
        { node: c.node, api: `ncnn::Mat::${fn}`, src: an.src, lib: an.spec.input.resize.library, size: { w, h, order: 'wh', node: wA.e } },
        an.spec,
        an.rep,
      );
  }
  if (!px) return undefined;
  let f: FlowVal = applyOp(px, { t: 'kind', kind: 'mat' });
  const m = typeArg ? PIXEL_TYPE.exec(an.text(typeArg.e)) : null;
  if (m && m[2] !== undefined && typeArg) {
    const from = m[1]!.slice(0, 3);
    const to = m[2].slice(0, 3);
    if (to === 'GRA') f = applyOp(f, { t: 'setColor', color: 'GRAY', node: typeArg.e, why: m[0] });
    // PIXEL_BGR2RGB swaps red and blue; the result is in the order the type names (also for a parameter's pixels).
    else if (from !== to && from !== 'GRA') f = applyOp(f, { t: 'swap', node: typeArg.e, why: m[0], to: to === 'RGB' ? 'RGB' : 'BGR' });
  } else if (m && f.color !== 'RGB' && f.color !== 'BGR' && (m[1] === 'RGB' || m[1] === 'BGR') && typeArg)
    f = applyOp(f, { t: 'setColor', color: m[1], node: typeArg.e, why: m[0] });
  if (target) f = applyOp(f, { t: 'resize', node: c.node });
  f = applyOp(f, { t: 'cast', dtype: 'float32', node: c.node });
  f = applyOp(f, { t: 'layout', to: 'CHW', node: c.node, desc: `ncnn::Mat::${fn} (an ncnn::Mat is CHW)` });
  return fv(f);
}

/** The per-channel numbers of a mean or norm argument; [] for a null pointer or 0 (the step is skipped). */
function channelNumbers(c: CallCtx, index: number): number[] | undefined {
  const a = arg(c, index);
  if (!a) return [];
  const t = c.an.text(a.e).trim();
  if (t === 'nullptr' || t === 'NULL' || t === '0' || t === '0L') return [];
  const v = nums(cvOf(a.v));
  return v && v.length > 0 ? v.slice(0, 3) : undefined;
}

/** mat.substract_mean_normalize(mean, norm): (x − mean[c]) × norm[c] in place. */
function meanNormalize(c: CallCtx, recv: FlowVal): Val {
  const mean = channelNumbers(c, 0);
  const norm = channelNumbers(c, 1);
  let f = recv;
  if (!mean || !norm) f = applyOp(f, { t: 'nonaffine', node: c.node });
  else {
    const m = arg(c, 0);
    const n = arg(c, 1);
    if (mean.length > 0 && mean.some((x) => x !== 0) && m)
      f = applyOp(f, {
        t: 'affine',
        mul: [1],
        add: mean.map((x) => -x),
        node: m.e,
        desc: `− ${c.an.text(m.e)} (substract_mean_normalize's mean)`,
        operandDt: 'f32',
        opName: '-',
      });
    if (norm.length > 0 && n)
      f = applyOp(f, {
        t: 'affine',
        mul: norm,
        add: [0],
        node: n.e,
        desc: `× ${c.an.text(n.e)} (substract_mean_normalize's norm)`,
        operandDt: 'f32',
        opName: '*',
      });
  }
  rebind(c, c.fr, fv(f));
  return undefined;
}

/** NCNN calls: from_pixels*, substract_mean_normalize on a Mat, Extractor::input(name, mat). UNHANDLED otherwise. */
export function ncnnCall(c: CallCtx): Val | typeof UNHANDLED {
  if (c.method === undefined) {
    const fn = ncnnFunction(c.name);
    return fn ? fromPixels(c, fn) : UNHANDLED;
  }
  if (c.method === 'substract_mean_normalize') {
    const recv = flowOf(c.recv);
    return recv ? meanNormalize(c, recv) : UNHANDLED;
  }
  if (c.method === 'input' && c.argExprs.length === 2) {
    const mat = arg(c, 1);
    const f = flowOf(mat?.v);
    if (mat && f && f.trace.some((op) => op.t === 'layout' && op.desc.startsWith('ncnn::'))) {
      c.an.terminal(mat.v, 'sink', c.node, 'the ncnn Extractor input', c.fr);
      return undefined;
    }
  }
  return UNHANDLED;
}
