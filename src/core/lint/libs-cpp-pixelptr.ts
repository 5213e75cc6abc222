// A pixel's three channels written one by one in a C++ gather loop: `data[i] = (p[2] / 255.0 - m[2]) / s[2];
// data[i + H * W] = (p[1] ...); data[i + 2 * H * W] = (p[0] ...);` with p a pointer into a Mat's pixels (`img.data +
// row * img.step`, `img.ptr<uchar>(row)` walked with `p += 3`, `p[3 * col + k]`, or `img.at<cv::Vec3b>(r, c)[k]`).
// Each write holds channel k of the Mat; the three together are the whole image, in the order the writes place them
// (planes i, i + N, i + 2N: channels-first; i * 3 + 0, 1, 2: interleaved), each channel with its own arithmetic.

import type { Analyzer } from './flow';
import type { Frame, Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import { walkStmts, type Expr, type Stmt } from './ir';
import { flowOf, fv } from './libs-common';
import { slot, tag } from './memo';

/** One write of a group: the channel it reads, where it puts it (0–2) and its nodes. */
interface ChannelWrite {
  s: Stmt & { k: 'assign' };
  k: number;
  pos: number;
  read: Expr & { k: 'sub' };
}

/** A statement's group of three channel writes into one buffer (null when it is in none). */
const GROUP = slot<Stmt, readonly ChannelWrite[] | null>('cpp channel-write group');
/** Per frame: the flows of a group's writes seen so far, by the group's first statement. */
const SEEN = tag<Frame, Map<Stmt, (FlowVal | undefined)[]>>('cpp channel writes seen');

/** `m.data + row * m.step` / `m.ptr<uchar>(row) + 3 * col`: an address among the Mat's pixels, not arithmetic on them. */
export function pixelAddress(node: Expr & { k: 'bin' }, f: FlowVal): boolean {
  const l = node.l;
  const pointer = (l.k === 'attr' && l.n === 'data') || (l.k === 'call' && l.f.k === 'attr' && l.f.n === 'ptr');
  return pointer && f.kind === 'element' && (node.op === '+' || node.op === '-') && node.r.k !== 'num';
}

/** The name a channel is read through, and the channel: `p[k]`, `p[j * 3 + k]`, `m.at<cv::Vec3b>(r, c)[k]`. */
function channelRead(e: Expr): { name: string; k: number; read: Expr & { k: 'sub' } } | undefined {
  if (e.k === 'sub' && e.idx.length === 1) {
    const i = e.idx[0];
    const k = i.k === 'num' ? i.v : i.k === 'bin' && i.op === '+' && i.r.k === 'num' && timesThree(i.l) ? i.r.v : undefined;
    const o = e.o;
    const name =
      o.k === 'name' ? o.n : o.k === 'call' && o.f.k === 'attr' && o.f.n === 'at' && o.f.o.k === 'name' && /Vec3/.test(o.targs ?? '') ? o.f.o.n : undefined;
    if (k !== undefined && name !== undefined && Number.isInteger(k) && k >= 0 && k <= 2) return { name, k, read: e };
    return undefined;
  }
  const kids: Expr[] = e.k === 'bin' ? [e.l, e.r] : e.k === 'un' || e.k === 'cast' ? [e.e] : e.k === 'call' ? e.a.map((a) => a.v) : [];
  for (const x of kids) {
    const r = channelRead(x);
    if (r) return r;
  }
  return undefined;
}

/** `j * 3` or `3 * j`. */
function timesThree(e: Expr): boolean {
  return e.k === 'bin' && e.op === '*' && ((e.r.k === 'num' && e.r.v === 3) || (e.l.k === 'num' && e.l.v === 3));
}

/** The terms of a sum, as source text. */
function terms(an: Analyzer, e: Expr, out: string[]): string[] {
  if (e.k === 'bin' && e.op === '+') {
    terms(an, e.l, out);
    terms(an, e.r, out);
  } else out.push(an.text(e).replace(/\s+/g, ''));
  return out;
}

/**
 * Where three writes put their values, from their indices: the terms all share are the pixel; what is left is nothing,
 * N and 2 × N (planes: CHW) or nothing, 1 and 2 (interleaved: HWC). Undefined when the indices say neither.
 */
function positions(an: Analyzer, idx: readonly Expr[]): { pos: number[]; planes: boolean } | undefined {
  const ts = idx.map((e) => terms(an, e, []));
  const common = ts[0]!.filter((t) => ts.every((x) => x.includes(t)));
  if (common.length === 0) return undefined;
  const rest = ts.map((x) => x.filter((t) => !common.includes(t)));
  if (rest.some((r) => r.length > 1)) return undefined;
  const num = rest.map((r) => (r.length === 0 ? 0 : /^\d+$/.test(r[0]!) ? Number(r[0]) : undefined));
  if (num.every((n) => n !== undefined)) return { pos: num as number[], planes: false };
  const plane = rest.map((r) => (r.length === 0 ? 0 : /^\d+$/.test(r[0]!) ? -1 : (/^(\d+)\*|\*(\d+)$/.exec(r[0]!)?.slice(1).find(Boolean) ?? '1')));
  return { pos: plane.map(Number), planes: true };
}

/** The group of three channel writes `s` belongs to, found among the statements of its block. */
function groupOf(an: Analyzer, func: Stmt & { k: 'func' }, s: Stmt & { k: 'assign' }): readonly ChannelWrite[] | undefined {
  const known = GROUP.get(s);
  if (known !== undefined) return known ?? undefined;
  let list: readonly Stmt[] | undefined;
  walkStmts(func.body, (x) => {
    if (!list && (x.k === 'for' || x.k === 'block') && x.body.includes(s)) list = x.body;
  });
  if (!list && func.body.includes(s)) list = func.body;
  const group = list ? buildGroup(an, list, s) : undefined;
  for (const w of group ?? [{ s }]) GROUP.set(w.s, group ?? null);
  return group;
}

function bufferOf(t: Expr): string | undefined {
  return t.k === 'sub' && t.idx.length === 1 && t.o.k === 'name' ? t.o.n : undefined;
}

function buildGroup(an: Analyzer, list: readonly Stmt[], s: Stmt & { k: 'assign' }): ChannelWrite[] | undefined {
  const buf = bufferOf(s.t);
  const mine = s.v ? channelRead(s.v) : undefined;
  if (buf === undefined || !mine) return undefined;
  const ws: { s: Stmt & { k: 'assign' }; k: number; read: Expr & { k: 'sub' } }[] = [];
  for (const x of list) {
    if (x.k !== 'assign' || !x.v || x.op !== undefined || bufferOf(x.t) !== buf) continue;
    const r = channelRead(x.v);
    if (r?.name === mine.name) ws.push({ s: x, k: r.k, read: r.read });
  }
  if (ws.length !== 3 || new Set(ws.map((w) => w.k)).size !== 3) return undefined;
  const at = positions(
    an,
    ws.map((w) => (w.s.t as Expr & { k: 'sub' }).idx[0]!),
  );
  if (!at || new Set(at.pos).size !== 3 || at.pos.some((p) => p < 0 || p > 2)) return undefined;
  const out = ws.map((w, i) => ({ ...w, pos: at.pos[i]! }));
  PLANAR.set(out, at.planes);
  return out;
}

const PLANAR = tag<object, boolean>('cpp channel writes in planes');

/**
 * A store that is one of a pixel's three channel writes: true while the group is incomplete (the write is held back),
 * the whole image written so far once the last write is seen (its target the group's first), else undefined.
 */
export function channelWrite(an: Analyzer, fr: Frame, value: Val, s: Stmt | undefined): { v: Val; at: Expr } | true | undefined {
  const f = flowOf(value);
  if (!f || !fr.func || s?.k !== 'assign' || !s.v || s.t.k !== 'sub') return undefined;
  const group = groupOf(an, fr.func, s);
  const me = group?.find((w) => w.s === s);
  if (!group || !me) return undefined;
  const ptr = flowOf(fr.vars.get(channelRead(me.read)!.name));
  if (!ptr || ptr.origin !== f.origin) return undefined;
  let seen = SEEN.get(fr);
  if (!seen) SEEN.set(fr, (seen = new Map()));
  const first = group[0]!.s;
  let flows = seen.get(first);
  if (!flows || s === first) seen.set(first, (flows = []));
  flows[me.k] = f;
  if (s !== group[group.length - 1]!.s) return true;
  if (group.some((w) => !flows[w.k])) return undefined;
  return { v: fv(joined(an, ptr, group, flows as FlowVal[])), at: first.t };
}

/** The image the three writes make: the pointer's pixels with each channel's arithmetic, in the writes' order and layout. */
function joined(an: Analyzer, ptr: FlowVal, group: readonly ChannelWrite[], flows: readonly FlowVal[]): FlowVal {
  const firstV = group[0]!.s.v!;
  const firstT = group[0]!.s.t;
  let f: FlowVal = { ...ptr, kind: 'mat', channel: undefined };
  const mul = [1, 1, 1];
  const add = [0, 0, 0];
  let affine = true;
  flows.forEach((w, k) => {
    const a = w.affine;
    if (!a) affine = false;
    else [mul[k], add[k]] = [a.a[a.a.length === 1 ? 0 : k] ?? a.a[0]!, a.b[a.b.length === 1 ? 0 : k] ?? a.b[0]!];
  });
  const steps = flows[group[0]!.k]!.trace.filter((op) => op.t === 'affine').map((op) => (op.t === 'affine' ? op.desc : ''));
  const desc = `${steps.join(', then ')} (and likewise on each channel)`;
  if (!affine) f = applyOp(f, { t: 'nonaffine', node: firstV });
  else if (mul.some((x) => x !== 1) || add.some((x) => x !== 0)) f = applyOp(f, { t: 'affine', mul, add, node: firstV, desc, operandDt: 'f32', opName: '*' });
  const order = [...group].sort((x, y) => x.pos - y.pos).map((w) => w.k);
  const why = `channel ${order[0]} written first`;
  if (order.join() === '2,1,0') f = applyOp(f, { t: 'swap', node: group.find((w) => w.pos === 0)!.s.t, why });
  else if (order.join() !== '0,1,2') f = applyOp(f, { t: 'nonaffine', node: firstT });
  const planes = PLANAR.get(group) === true;
  return applyOp(f, {
    t: 'layout',
    to: planes ? 'CHW' : 'HWC',
    node: firstT,
    desc: `writing each pixel's channels at ${an.text(firstT)} and the next two indices ${planes ? '(one plane apart)' : '(side by side)'}`,
  });
}
