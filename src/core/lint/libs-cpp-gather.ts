// Per-pixel gather loops in C++: `dst[c * H * W + i * W + j] = img.at<cv::Vec3b>(i, j)[2 - c] / 255.0f;` (or
// `img.ptr<uchar>(i)[j * 3 + 2 - c]`) reads channel 2 − c of the Mat for output channel c, so B, G, R come out as
// R, G, B, and the write index with c times a plane's size lays the channels out in planes (channels-first).

import type { Op } from './flow-types';
import { endOf, startOf, type Expr, type Stmt } from './ir';

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

/** The channel loop's name in a value read as `m.at<cv::Vec3b>(i, j)[c]`, `[2 - c]` or `m.ptr<uchar>(i)[j * 3 + c]`. */
function channelVar(e: Expr): string | undefined {
  if (e.k === 'sub' && e.o.k === 'call' && e.idx.length === 1) {
    const i = e.idx[0];
    if (i.k === 'name') return i.n;
    if (i.k === 'bin' && (i.op === '-' || i.op === '+') && i.r.k === 'name') return i.r.n;
  }
  const kids: Expr[] = e.k === 'bin' ? [e.l, e.r] : e.k === 'un' || e.k === 'cast' ? [e.e] : [];
  for (const x of kids) {
    const c = channelVar(x);
    if (c !== undefined) return c;
  }
  return undefined;
}

/** The variable a `for` loop counts with (`for (int c = 0; ...)`). */
function loopVar(s: Stmt & { k: 'for' }): string | undefined {
  const init = s.init[0];
  return init?.k === 'assign' && init.t.k === 'name' ? init.t.n : undefined;
}

/** The `for` loops around the statement at `at`, outermost first (through blocks and branches). */
function loopsAround(body: readonly Stmt[], at: number, out: (Stmt & { k: 'for' })[]): (Stmt & { k: 'for' })[] {
  for (const s of body) {
    if (at < startOf(s.sp) || at >= endOf(s.sp)) continue;
    if (s.k === 'for') out.push(s);
    if (s.k === 'for' || s.k === 'block') loopsAround(s.body, at, out);
    return out;
  }
  return out;
}

/**
 * `buf[idx++] = m.at<cv::Vec3b>(i, j)[2 - c] / 255.0f;` in loops over c, then rows, then columns: the counter walks the
 * channels outermost, so the buffer holds the channels in planes (channels-first). Returns that layout step, else undefined.
 */
export function counterPlanes(func: Stmt & { k: 'func' }, s: Stmt, target: Expr): Op | undefined {
  if (target.k !== 'sub' || target.idx.length !== 1) return undefined;
  const i = target.idx[0];
  if (i.k !== 'other' || i.kids.length !== 1 || i.kids[0].k !== 'name' || s.k !== 'assign' || !s.v) return undefined;
  const c = channelVar(s.v);
  if (c === undefined) return undefined;
  const loops = loopsAround(func.body, startOf(s.sp), []);
  return loops.length >= 3 && loopVar(loops[loops.length - 3]) === c
    ? { t: 'layout', to: 'CHW', node: target, desc: `writes through ${i.kids[0].n}++ with the channel loop over ${c} outermost` }
    : undefined;
}
