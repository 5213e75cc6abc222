// Per-channel normalisation after cv::split: `cv::split(img, ch); ch[0] = (ch[0] - 0.485) / 0.229; ...;
// cv::merge(ch, 3, img)`. The three channel lines are one normalisation (and one finding), with per-channel constants.

import type { Analyzer } from './flow';
import type { CallCtx, Frame, Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import { walkStmts, type Expr, type Stmt } from './ir';
import { arg, cvOf, flowOf, fv } from './libs-common';
import { nums } from './values';
import { tag } from './memo';

interface Split {
  base: FlowVal;
  ch: (FlowVal | undefined)[];
  at?: Expr;
}
const SPLITS = tag<Frame, Map<string, Split>>('splits');

function splits(fr: Frame): Map<string, Split> {
  let m = SPLITS.get(fr);
  if (!m) {
    m = new Map();
    SPLITS.set(fr, m);
  }
  return m;
}

/** cv::split(src, channels): remembers the channels array, or writes the planes into the buffer its Mats wrap (a raw
 * pointer `blob + i * w * h`, or a vector's `&(v[i * w * h])` / `v.data() + i * w * h`). */
export function cvSplit(c: CallCtx): Val {
  const src = flowOf(arg(c, 0)?.v);
  const dst = arg(c, 1)?.e;
  if (!src || dst?.k !== 'name') return undefined;
  const buf = c.fr.func ? planeBuffer(c.fr.func.body, dst.n) : undefined;
  const into = buf !== undefined ? flowOf(c.fr.vars.get(buf)) : undefined;
  // A pointer parameter (`float*& blob`, allocated here with new float[n]) is the caller's buffer.
  const param = buf !== undefined && c.fr.func ? c.fr.func.params.findIndex((p) => p.name === buf) : -1;
  if (into?.kind === 'tbuf' || param >= 0) {
    // The planes land one after another in the buffer: channels-first, the image's values and order.
    const planar = applyOp(src, { t: 'layout', to: 'CHW', node: c.node, desc: `cv::split into Mats over ${buf}` });
    if (into?.kind === 'tbuf') c.an.terminal(fv(planar), 'sink', c.node, 'the input tensor', c.fr);
    else c.an.terminal(fv(planar), 'store', c.node, 'a stored value', c.fr, param);
    return undefined;
  }
  if (buf !== undefined) {
    // A buffer of this function (`std::vector<float> data(n)`, returned or handed to the tensor later) now holds the planes.
    c.fr.vars.set(buf, fv(applyOp(src, { t: 'layout', to: 'CHW', node: c.node, desc: `cv::split into Mats over ${buf}` })));
    return undefined;
  }
  splits(c.fr).set(dst.n, { base: src, ch: [] });
  return undefined;
}

/**
 * The buffer whose memory the Mats of `channels` wrap: `channels[i] = cv::Mat(size, CV_32FC1, blob + i * w * h)`
 * (or `channels.emplace_back(h, w, CV_32FC1, blob + ...)`), the name of `blob`; undefined when none is seen.
 */
function planeBuffer(body: readonly Stmt[], channels: string): string | undefined {
  let found: string | undefined;
  const pointer = (e: Expr | undefined): string | undefined => {
    let x = e;
    while (x?.k === 'bin' && x.op === '+') x = x.l;
    if (x?.k === 'cast') x = x.e;
    // &(vec[i * w * h]) and vec.data() + i * w * h: the planes of a std::vector.
    if (x?.k === 'un' && x.op === '&' && x.e.k === 'sub') x = x.e.o;
    if (x?.k === 'call' && x.f.k === 'attr' && x.f.n === 'data' && x.a.length === 0) x = x.f.o;
    return x?.k === 'name' ? x.n : undefined;
  };
  walkStmts(body, (s) => {
    if (found !== undefined) return;
    const ctor =
      s.k === 'assign' && s.t.k === 'sub' && s.t.o.k === 'name' && s.t.o.n === channels
        ? s.v
        : s.k === 'expr' &&
            s.e.k === 'call' &&
            s.e.f.k === 'attr' &&
            s.e.f.o.k === 'name' &&
            s.e.f.o.n === channels &&
            /^(push_back|emplace_back)$/.test(s.e.f.n)
          ? s.e
          : undefined;
    if (ctor?.k !== 'call') return;
    const a = s.k === 'expr' && ctor.a.length >= 3 ? ctor.a : ctor.a.length === 1 && ctor.a[0].v.k === 'call' ? ctor.a[0].v.a : ctor.a;
    if (a.length >= 3) found = pointer(a[a.length - 1].v);
  });
  return found;
}

/** channels[k] of a split image: that channel, with the image's history. */
export function splitChannel(fr: Frame, node: Expr & { k: 'sub' }, an: Analyzer): Val | undefined {
  if (node.o.k !== 'name' || node.idx.length !== 1) return undefined;
  const s = SPLITS.get(fr)?.get(node.o.n);
  if (!s) return undefined;
  const k = nums(an.info.evalConst(node.idx[0], fr.scope))?.[0];
  // channels[c] with c a loop variable (copying each plane out in turn): any channel, with the image's history.
  if (k === undefined) return s.ch.length === 0 && node.idx[0].k === 'name' && loopCounter(fr, node.idx[0].n) ? fv(s.base) : undefined;
  return fv(s.ch[k] ?? s.base);
}

/** True when `name` is the counter of a for loop of the function (`for (int c = 0; c < 3; ++c)`), not a value computed from one (`2 - c`). */
function loopCounter(fr: Frame, name: string): boolean {
  let found = false;
  walkStmts(fr.func?.body ?? [], (s) => {
    if (!found && s.k === 'for') found = s.init.some((x) => x.k === 'assign' && x.t.k === 'name' && x.t.n === name);
  });
  return found;
}

/** channels[k] = value: records the channel's new value. True when the target is a split channel. */
export function splitStore(fr: Frame, target: Expr, value: Val, an: Analyzer): boolean {
  if (target.k !== 'sub' || target.o.k !== 'name' || target.idx.length !== 1) return false;
  const s = SPLITS.get(fr)?.get(target.o.n);
  const k = nums(an.info.evalConst(target.idx[0], fr.scope))?.[0];
  const f = flowOf(value);
  if (!s || k === undefined || !f) return false;
  s.ch[k] = f;
  s.at ??= target;
  return true;
}

/** cv::merge(channels, 3, dst) or cv::merge(channels, dst): the image with each channel's own affine map. */
export function cvMerge(c: CallCtx, out: (c: CallCtx, index: number, v: Val) => void): Val {
  const src = arg(c, 0)?.e;
  const s = src?.k === 'name' ? SPLITS.get(c.fr)?.get(src.n) : undefined;
  if (!s) return undefined;
  const dstIndex = c.argExprs.length >= 3 && cvOf(c.args[1])?.t === 'num' ? 2 : 1;
  let f = s.base;
  const base = s.base.affine;
  const chans = [0, 1, 2].map((k) => s.ch[k]);
  if (!base || base.a.length !== 1 || chans.some((x) => x && !x.affine)) f = applyOp(f, { t: 'nonaffine', node: c.node });
  else if (chans.some((x) => x)) {
    const a0 = base.a[0];
    const b0 = base.b[0];
    const per = chans.map((x) => (x?.affine ? { a: x.affine.a[0], b: x.affine.b[0] } : { a: a0, b: b0 }));
    const mul = per.map((p) => (a0 === 0 ? 1 : p.a / a0));
    const add = per.map((p, i) => p.b - b0 * mul[i]);
    f = applyOp(f, {
      t: 'affine',
      mul,
      add,
      node: s.at ?? c.node,
      desc: `per-channel arithmetic on the cv::split channels (${c.an.text(src!)}[0..2])`,
      operandDt: 'f32',
      opName: '*',
    });
  }
  out(c, dstIndex, fv(f));
  return undefined;
}
