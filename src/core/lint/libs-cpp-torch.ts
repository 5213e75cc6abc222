// LibTorch (C++) tensors made from an image: `torch::from_blob(img.data, {1, H, W, 3}, torch::kFloat32)` wraps the
// Mat's bytes as an N × H × W × C tensor, `.permute({0, 3, 1, 2})` makes it channels-first, and `clone`,
// `contiguous`, `to` and `unsqueeze` keep its values and layout, `sub_`/`div_`/`mul_`/`add_` (and their copies without
// the underscore) do arithmetic, and `t[0][c] = t[0][c].sub_(m).div_(s)` normalises one channel plane of a channels-first
// batch. The tensor goes on to the module (or is returned).

import type { Analyzer } from './flow';
import { UNHANDLED, type CallCtx, type Frame, type Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import type { Expr } from './ir';
import { cvOf, flowOf, fv } from './libs-common';
import { tag } from './memo';
import { matBytes } from './libs-cpp-matbytes';
import { nums } from './values';

/** The integers of a braced list (`{0, 3, 1, 2}`), undefined when any item is not a number literal. */
function ints(e: Expr | undefined): number[] | undefined {
  if (e?.k !== 'seq') return undefined;
  const out: number[] = [];
  for (const x of e.items) {
    if (x.k !== 'num') return undefined;
    out.push(x.v);
  }
  return out;
}

/** torch::from_blob(data, {1, H, W, 3}, ...) of an image's data: the image as a tensor, channels-last as the Mat is. */
export function torchFromBlob(c: CallCtx): Val | typeof UNHANDLED {
  const f = flowOf(c.args[0]);
  if (!f) return UNHANDLED;
  // The shape says how the bytes are read; only the channels-last reading of a Mat's bytes is followed.
  const shape = c.argExprs[1]?.v;
  const dims = shape?.k === 'seq' ? shape.items : undefined;
  const last = dims?.[dims.length - 1];
  // The last dimension is the channel count: 3 or 1, or the Mat's own (`img.channels()`).
  const channelsLast =
    (last?.k === 'num' && (last.v === 3 || last.v === 1)) || (last?.k === 'call' && last.a.length === 0 && last.f.k === 'attr' && last.f.n === 'channels');
  if (!dims || dims.length < 3 || !channelsLast) return UNHANDLED;
  // torch::kByte over a Mat parameter's data: its bytes as they are.
  const bytes = /\bk(Byte|UInt8)$/.test(c.an.text(c.argExprs[2]?.v ?? c.node)) ? matBytes(f, c.node) : f;
  return fv(applyOp(bytes, { t: 'kind', kind: 'tensor' }));
}

/** A method of a tensor made by from_blob: permute to channels-first or -last, or one that keeps the tensor. */
export function torchTensorMethod(c: CallCtx, recv: FlowVal): Val | typeof UNHANDLED {
  switch (c.method) {
    case 'permute': {
      const p = ints(c.argExprs[0]?.v);
      const to =
        p && p.length === 4
          ? p[1] === 3 && p[2] === 1 && p[3] === 2
            ? 'CHW'
            : p[1] === 1 && p[2] === 2 && p[3] === 3
              ? undefined
              : p[3] === 1
                ? 'HWC'
                : null
          : null;
      if (to === null) return UNHANDLED;
      return fv(to ? applyOp(recv, { t: 'layout', to, node: c.node, desc: `permute({${p!.join(', ')}})` }) : recv);
    }
    case 'to':
    case 'toType': {
      // t.toType(torch::kFloat) / t.to(torch::kFloat32): the values as floats (a device or a tensor option keeps them).
      const dt = /\bk(Float|Float32|F32)$/.test(c.an.text(c.argExprs[0]?.v ?? c.node))
        ? 'float32'
        : /\bk(Half|Float16|F16)$/.test(c.an.text(c.argExprs[0]?.v ?? c.node))
          ? 'float16'
          : undefined;
      return fv(dt ? applyOp(recv, { t: 'cast', dtype: dt, node: c.node }) : recv);
    }
    case 'contiguous':
    case 'unsqueeze':
    case 'clone':
      return fv(recv);
    default:
      return torchArith(c, recv);
  }
}

const ARITH: Record<string, string> = { sub: '-', sub_: '-', div: '/', div_: '/', mul: '*', mul_: '*', add: '+', add_: '+' };

/** t.sub_(0.485), t.div(255), t.mul_(s): the tensor with that arithmetic (per channel for a three-item constant). */
function torchArith(c: CallCtx, recv: FlowVal): Val | typeof UNHANDLED {
  const op = c.method !== undefined ? ARITH[c.method] : undefined;
  const a = c.argExprs.length === 1 ? c.argExprs[0] : undefined;
  if (!op || !a || a.name !== undefined || cvOf(c.args[0]) === undefined) return UNHANDLED;
  const v = c.an.binary({ k: 'bin', op, l: c.node.f, r: a.v, sp: c.node.sp }, fv(recv), c.args[0], c.fr);
  if (c.method!.endsWith('_')) inPlace(c, v);
  return v;
}

/**
 * An in-place method's result written back: to the receiver variable, or to the channel plane it views
 * (`t[0][1].sub_(m)`), through a chain of in-place methods (`t[0][1].sub_(m).div_(s)` writes the same plane).
 */
function inPlace(c: CallCtx, v: Val): void {
  if (c.node.f.k !== 'attr') return;
  let o = c.node.f.o;
  while (o.k === 'call' && o.f.k === 'attr' && o.f.n.endsWith('_')) o = o.f.o;
  if (o.k === 'name' && flowOf(c.fr.vars.get(o.n))) c.fr.vars.set(o.n, v);
  else torchChannelStore(c.an, c.fr, o, v);
}

interface Planes {
  base: FlowVal;
  ch: (FlowVal | undefined)[];
  at: Expr;
}
const PLANES = tag<Frame, Map<string, Planes>>('torch planes');

/** `t[0][k]` of a channels-first tensor variable: the name and the constant channel index (loop counter: -1). */
function planeOf(an: Analyzer, fr: Frame, e: Expr): { name: string; k: number; f: FlowVal } | undefined {
  if (e.k !== 'sub' || e.idx.length !== 1 || e.o.k !== 'sub' || e.o.idx.length !== 1 || e.o.o.k !== 'name') return undefined;
  const f = flowOf(fr.vars.get(e.o.o.n));
  if (f?.kind !== 'tensor' || f.layout !== 'CHW' || nums(an.info.evalConst(e.o.idx[0], fr.scope))?.[0] !== 0) return undefined;
  const k = nums(an.info.evalConst(e.idx[0], fr.scope))?.[0];
  if (k === undefined) return e.idx[0].k === 'name' ? { name: e.o.o.n, k: -1, f } : undefined;
  return Number.isInteger(k) && k >= 0 && k < 3 ? { name: e.o.o.n, k, f } : undefined;
}

/**
 * `t[0][k] = plane` (or an in-place method on `t[0][k]`) for a channels-first batch tensor: channel k gets the plane's
 * arithmetic, so the tensor carries one per-channel step (at the first such line). With k a loop counter the plane
 * (per-channel constants indexed by it) stands for every channel. True when the target is such a plane.
 */
export function torchChannelStore(an: Analyzer, fr: Frame, target: Expr, value: Val): boolean {
  const p = planeOf(an, fr, target);
  const v = flowOf(value);
  if (!p || !v) return false;
  if (p.k < 0) {
    fr.vars.set(p.name, fv(v));
    return true;
  }
  let m = PLANES.get(fr);
  if (!m) PLANES.set(fr, (m = new Map()));
  let s = m.get(p.name);
  if (!s) m.set(p.name, (s = { base: p.f, ch: [], at: target }));
  s.ch[p.k] = v;
  fr.vars.set(p.name, fv(planesJoined(s)));
  return true;
}

/** The base tensor with each stored channel's own affine map (relative to the base's), or a non-affine step. */
function planesJoined(s: Planes): FlowVal {
  const base = s.base.affine;
  if (!base || s.ch.some((x) => x && !x.affine)) return applyOp(s.base, { t: 'nonaffine', node: s.at });
  const per = [0, 1, 2].map((k) => {
    const x = s.ch[k]?.affine ?? base;
    const a = x.a.length === 3 ? x.a[k] : x.a[0];
    const b = x.b.length === 3 ? x.b[k] : x.b[0];
    const a0 = base.a.length === 3 ? base.a[k] : base.a[0];
    const b0 = base.b.length === 3 ? base.b[k] : base.b[0];
    const mul = a0 === 0 ? 1 : a / a0;
    return { mul, add: b - b0 * mul };
  });
  return applyOp(s.base, {
    t: 'affine',
    mul: per.map((x) => x.mul),
    add: per.map((x) => x.add),
    node: s.at,
    desc: "per-channel arithmetic on the tensor's channel planes (t[0][0..2])",
    operandDt: 'f32',
    opName: '*',
  });
}

/** `t[i]` of a tensor made from an image (a batch item, a channel plane): its values, with the tensor's history. */
export function torchSubscript(node: Expr & { k: 'sub' }, f: FlowVal): Val | typeof UNHANDLED {
  return f.kind === 'tensor' && f.lib === undefined && node.idx.every((i) => i.k !== 'slice') ? fv(f) : UNHANDLED;
}
