// Per-pixel gather loops in C++: `dst[c * H * W + i * W + j] = img.at<cv::Vec3b>(i, j)[2 - c] / 255.0f;` (or
// `img.ptr<uchar>(i)[j * 3 + 2 - c]`) reads channel 2 − c of the Mat for output channel c, so B, G, R come out as
// R, G, B, and the write index with c times a plane's size lays the channels out in planes (channels-first).

import type { Op } from './flow-types';
import type { Expr } from './ir';

/** `2 - c` or `j * 3 + 2 - c` (the channel counted down from 2 by a name): the reversed channel read, else undefined. */
function reversedIndex(e: Expr): string | undefined {
  if (e.k !== 'bin' || e.op !== '-' || e.r.k !== 'name') return undefined;
  const l = e.l;
  const k = l.k === 'num' ? l.v : l.k === 'bin' && l.op === '+' && l.r.k === 'num' ? l.r.v : undefined;
  return k === 2 ? e.r.n : undefined;
}

/** The channel swap of an element read `m.at<cv::Vec3b>(i, j)[2 - c]` / `m.ptr<uchar>(i)[j * 3 + 2 - c]`, if it is one. */
export function reversedChannelRead(node: Expr & { k: 'sub' }): Op | undefined {
  if (node.idx.length !== 1 || node.o.k !== 'call') return undefined;
  const c = reversedIndex(node.idx[0]);
  return c === undefined ? undefined : { t: 'swap', node, why: `channel ${c} read as 2 − ${c}`, to: 'RGB' };
}

/** The factors of a product. */
function factors(e: Expr, out: Expr[]): Expr[] {
  if (e.k === 'bin' && e.op === '*') {
    factors(e.l, out);
    factors(e.r, out);
  } else out.push(e);
  return out;
}

/** The terms of a sum. */
function terms(e: Expr, out: Expr[]): Expr[] {
  if (e.k === 'bin' && e.op === '+') {
    terms(e.l, out);
    terms(e.r, out);
  } else out.push(e);
  return out;
}

/**
 * `buf[c * H * W + i * W + j]`: a write whose index has a term of a name times two or more other factors (a plane's
 * size) and a term with two factors (the row): the channels laid out in planes. Returns that layout step, else undefined.
 */
export function planarWrite(target: Expr): Op | undefined {
  if (target.k !== 'sub' || target.idx.length !== 1) return undefined;
  const ts = terms(target.idx[0], []);
  if (ts.length !== 3) return undefined;
  let plane = false;
  let row = false;
  for (const t of ts) {
    const fs = factors(t, []);
    if (fs.length >= 3 && fs[0].k === 'name') plane = true;
    else if (fs.length === 2) row = true;
  }
  return plane && row ? { t: 'layout', to: 'CHW', node: target, desc: 'writes into channel planes (c × H × W + i × W + j)' } : undefined;
}
