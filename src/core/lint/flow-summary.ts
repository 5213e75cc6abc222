// Calls to functions of the same file: what the callee does with its parameters (its summary) is applied to the
// caller's arguments, one level at a time.

import type { Analyzer } from './flow';
import type { Frame, Summary, Terminal, Val } from './flow-api';
import { callerValue } from './flow-alt';
import { applyOp, replay, type FlowVal } from './flow-types';
import { writtenParams } from './flow-writes';
import { startOf, type Arg, type Expr, type Stmt } from './ir';

type FuncStmt = Stmt & { k: 'func' };

/** The value of a call to a local function, from its summary; the callee's terminals are replayed on the caller's arguments. */
export function applySummary(an: Analyzer, f: FuncStmt, e: Expr & { k: 'call' }, args: Val[], fr: Frame, given?: Summary): Val {
  const s = given ?? an.summary(f);
  if (!s) return undefined;
  const argFor = (i: number): Val => {
    const pname = s.params[i];
    const kw = e.a.findIndex((a) => a.name === pname);
    if (kw >= 0) return args[kw];
    const pos = i - s.selfOffset;
    return pos >= 0 && pos < e.a.length && e.a[pos].name === undefined ? args[pos] : undefined;
  };
  for (const t of s.terminals) {
    const a = argFor(t.f.origin.paramIndex ?? -1);
    if (a?.k !== 'flow') {
      // The caller passes something the analysis cannot follow (a member, a frame read elsewhere): judge the
      // callee's own operations on its parameter, as for a function nobody calls.
      if ((a === undefined || a.k === 'cv' || (a.k === 'many' && !a.items.some((x) => x?.k === 'flow' || x?.k === 'many'))) && t.ctx === 'sink') an.checkNow(t);
      continue;
    }
    // A store through a pointer parameter becomes a model input when the caller passes the input tensor there.
    const dst = t.into !== undefined ? argFor(t.into) : undefined;
    const dstParam = dst?.k === 'flow' && dst.f.origin.kind === 'param' && dst.f.origin.func === fr.func ? dst.f.origin.paramIndex : undefined;
    if (dst?.k === 'flow' && dst.f.kind === 'tbuf') an.terminal({ k: 'flow', f: replay(a.f, t.f) }, 'sink', t.at, 'the input tensor', fr);
    else an.terminal({ k: 'flow', f: replay(a.f, t.f) }, t.ctx, t.at, t.desc, fr, dstParam);
  }
  if (s.outs) for (const [i, v] of s.outs) outArgument(e.a[i - s.selfOffset], callerValue(v, argFor), fr);
  for (const i of writtenParams(f)) {
    // The callee changed the caller's image in place: what was known about its values no longer holds.
    const a = e.a[i - s.selfOffset];
    const cur = a?.name === undefined && a?.v.k === 'name' ? fr.vars.get(a.v.n) : undefined;
    if (a && a.v.k === 'name' && cur?.k === 'flow' && cur.f.kind !== 'tbuf') fr.vars.set(a.v.n, { k: 'flow', f: applyOp(cur.f, { t: 'nonaffine', node: e }) });
  }
  return callerValue(s.ret, argFor, (i) => omittedNone(f, e, i, s.selfOffset));
}

/**
 * The image values a C++ function leaves in its output parameters (`void prep(cv::Mat& img, ncnn::Mat& in)` that
 * assigns `in = ncnn::Mat::from_pixels(img.data, ...)`): a parameter marked `out` whose variable no longer holds its
 * initial value at the end of the body. Undefined when there is none.
 */
export function outParams(f: FuncStmt, fr: Frame, initial: ReadonlyMap<string, Val>): ReadonlyMap<number, Val> | undefined {
  let outs: Map<number, Val> | undefined;
  f.params.forEach((p, i) => {
    if (!p.out || !initial.has(p.name)) return;
    const v = fr.vars.get(p.name);
    if (v === initial.get(p.name) || (v?.k !== 'flow' && v?.k !== 'many')) return;
    (outs ??= new Map()).set(i, v);
  });
  return outs;
}

/** The caller's variable passed as an output argument takes what the callee left there (when it is an image value). */
function outArgument(a: Arg | undefined, v: Val, fr: Frame): void {
  if (a?.name !== undefined || a?.v.k !== 'name' || (v?.k !== 'flow' && v?.k !== 'many')) return;
  fr.vars.set(a.v.n, v);
}

/** True when parameter i of `f` defaults to None (null) and the call `e` passes it neither by position nor by name
 * (a `*args` / `**kwargs` argument, whose span starts before its value, may pass anything). */
function omittedNone(f: FuncStmt, e: Expr & { k: 'call' }, i: number, selfOffset: number): boolean {
  const p = f.params[i];
  if (p?.def?.k !== 'null') return false;
  for (const a of e.a) if (a.name === p.name || startOf(a.sp) !== startOf(a.v.sp)) return false;
  return e.a.filter((a) => a.name === undefined).length <= i - selfOffset;
}

/** A flow whose steps were made in another file, as the call `at` in this one (its findings point at the call). */
function relocated(f: FlowVal, at: Expr): FlowVal {
  const trace = f.trace.map((op) => (op.t === 'kind' ? op : { ...op, node: at }));
  // An image the other file reads itself (a Python helper that loads it): its source is the call too, and a fix that
  // would insert a line after that read is not offered here.
  const origin = f.origin.kind === 'param' ? f.origin : { kind: f.origin.kind, node: at, desc: f.origin.desc };
  return { ...f, origin, trace, layoutAt: f.layoutAt && at, colorAt: f.colorAt && at, f64At: f.f64At && at };
}

function relocatedVal(v: Val, at: Expr): Val {
  if (v?.k === 'flow') return { k: 'flow', f: relocated(v.f, at) };
  if (v?.k === 'many') return { ...v, items: v.items.map((x) => relocatedVal(x, at)) };
  return v;
}

/** The summary of a function of a sibling file, with every step placed on the call `at` of this file. */
export function relocatedSummary(s: Summary, at: Expr): Summary {
  // The value it returns reaches this file's caller, which judges it where it goes (as for a local function with callers).
  const terminals: Terminal[] = s.terminals.filter((t) => t.ctx !== 'return').map((t) => ({ ...t, f: relocated(t.f, at), at }));
  return { ...s, ret: relocatedVal(s.ret, at), terminals };
}
