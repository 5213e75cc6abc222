// Java ByteBuffers without `.order(ByteOrder.nativeOrder())`: a ByteBuffer is big-endian until its order is set, and
// TFLite and TensorFlow read a buffer's raw bytes as native (little-endian) floats.

import type { Analyzer } from './flow';
import { SINK_CALLEES, SINK_METHODS } from './flow-callees';
import { usesModelRuntime } from './java-runtime';
import { dottedName, endOf, startOf, type Expr, type Stmt } from './ir';
import { functionsOf } from './memo';
import { edit } from './report';
import type { JavaFact } from './rules-java-shape';

type CallExpr = Expr & { k: 'call' };

/** A plain name or `this.name` target. */
function targetName(t: Expr): string | undefined {
  return t.k === 'name' ? t.n : t.k === 'attr' && t.o.k === 'name' && t.o.n === 'this' ? t.n : undefined;
}

const BUFFER_ALLOCATE = /^(java\.nio\.)?ByteBuffer\.allocate(Direct)?$/;

/** Appends `c` to the list of `name` in `m`. */
function addTo(m: Map<string, CallExpr[]>, name: string, c: CallExpr): void {
  const list = m.get(name);
  if (list) list.push(c);
  else m.set(name, [c]);
}

const MULTI_BYTE = /^(put|get)(Float|Int|Long|Double|Short|Char)$|^as(Float|Int|Long|Double|Short|Char)Buffer$/;

/** Calls that take a model's input buffer: a model run, a tensor made from a buffer, a TensorBuffer load. */
const MODEL_INPUT = /(^|\.)((Tensor|Tensors|OnnxTensor|TensorBuffer|TensorImage)\.(create\w*|of|wrap)|loadBuffer|createTensor|feed)$/;

function takesModelInput(an: Analyzer, c: CallExpr): boolean {
  const callee = dottedName(c.f) ?? (c.f.k === 'attr' ? c.f.n : an.text(c.f));
  const method = c.f.k === 'attr' ? c.f.n : undefined;
  return MODEL_INPUT.test(callee) || (method !== undefined && SINK_METHODS.test(method)) || SINK_CALLEES.test(callee.replace(/\.\w+$/, ''));
}

/** The extent of the innermost function holding offset `at` (the whole file outside functions). */
function scopeAt(funcs: readonly Stmt[], at: number): [number, number] {
  let lo = -Infinity;
  let hi = Infinity;
  for (const f of funcs) {
    const s = startOf(f.sp);
    const e = endOf(f.sp);
    if (s <= at && at < e && e - s < hi - lo) [lo, hi] = [s, e];
  }
  return [lo, hi];
}

/** The innermost of `scopes` (sorted by start) holding `at`, as its index; -1 when none does. */
function scopeIndex(scopes: readonly [number, number][], at: number): number {
  let lo = 0;
  let hi = scopes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (scopes[mid]![0] <= at) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i--) if (at < scopes[i]![1]) return i;
  return -1;
}

/** Flags ByteBuffers whose raw bytes reach a model (or that a model runtime fills by views) with no `.order(...)`. */
export function byteOrder(an: Analyzer, facts: readonly JavaFact[]): void {
  const allocs: { name: string; call: CallExpr; key: string }[] = [];
  const calls: CallExpr[] = [];
  for (const f of facts) {
    if ('call' in f) calls.push(f.call);
    else if (BUFFER_ALLOCATE.test(dottedName(f.value.f) ?? '')) allocs.push({ name: f.name, call: f.value, key: f.local ? '' : f.name });
  }
  if (allocs.length === 0) return;
  // A buffer declared in a method is that method's: a variable of the same name in another method is another buffer.
  // Each name's local scopes (the innermost function around each declaration), sorted; a call on or with the name is
  // keyed by the scope it sits in, or by the bare name outside them all (a field).
  const scopes = new Map<string, [number, number][]>();
  const funcs = allocs.some((a) => a.key === '') ? functionsOf(an.info.body) : [];
  for (const a of allocs) {
    if (a.key !== '') continue;
    const sc = scopeAt(funcs, startOf(a.call.sp));
    const list = scopes.get(a.name);
    if (list) list.push(sc);
    else scopes.set(a.name, [sc]);
  }
  for (const list of scopes.values()) list.sort((x, y) => x[0] - y[0] || y[1] - x[1]);
  const keyOf = (name: string, at: number): string => {
    const list = scopes.get(name);
    const i = list ? scopeIndex(list, at) : -1;
    return i < 0 ? name : `${name}\u0000${i}`;
  };
  for (const a of allocs) if (a.key === '') a.key = keyOf(a.name, startOf(a.call.sp));
  // The calls on each name (`buf.order(...)`) and the calls taking each name as an argument, in file order: each
  // allocation looks up its own name instead of scanning every call of the file.
  const onName = new Map<string, CallExpr[]>();
  const withArg = new Map<string, CallExpr[]>();
  for (const c of calls) {
    const at = startOf(c.sp);
    const recv = c.f.k === 'attr' ? targetName(c.f.o) : undefined;
    if (recv !== undefined) addTo(onName, keyOf(recv, at), c);
    let seen: string | undefined;
    for (const x of c.a) {
      const n = targetName(x.v);
      if (n === undefined || n === seen) continue;
      seen = n;
      const k = keyOf(n, at);
      if (withArg.get(k)?.at(-1) !== c) addTo(withArg, k, c);
    }
  }
  const imported = [...an.info.imports.values()].some((f) => f === 'java.nio.ByteOrder') || an.info.wildcards.includes('java.nio');
  for (const a of allocs) {
    const own = onName.get(a.key) ?? [];
    const isRecv = (c: CallExpr): boolean => c.f.k === 'attr' && targetName(c.f.o) === a.name;
    if (own.some((c) => c.f.k === 'attr' && c.f.n === 'order' && c.a.length === 1)) continue;
    // Its raw bytes must go to a model (interpreter.run(buf, out), Tensor.create(shape, buf), loadBuffer(buf)); a
    // buffer handed to a decoder, a channel or a stream is I/O, where big-endian is the norm.
    const raw = (withArg.get(a.key) ?? []).find((c) => !isRecv(c) && takesModelInput(an, c));
    const multi = usesModelRuntime(an) ? own.find((c) => c.f.k === 'attr' && MULTI_BYTE.test(c.f.n)) : undefined;
    if (!raw && !multi) continue;
    const end = endOf(a.call.sp);
    const order = imported ? 'ByteOrder.nativeOrder()' : 'java.nio.ByteOrder.nativeOrder()';
    an.rep.add({
      rule: 'byte-order',
      at: a.call,
      severity: raw ? 'warning' : 'info',
      message: raw
        ? `${a.name} comes from ${an.text(a.call.f)}, which is big-endian until .order(...) is set, and its raw bytes go to ${an.text(raw.f)}(), which reads native (little-endian) floats: every value is garbled. Add .order(ByteOrder.nativeOrder()).`
        : `${a.name} comes from ${an.text(a.call.f)} and is big-endian: fine while it is only read through its own views, but TFLite and TensorFlow read raw buffers in native (little-endian) order. Add .order(ByteOrder.nativeOrder()).`,
      fix: { title: 'Add .order(ByteOrder.nativeOrder())', edits: [edit(a.call.sp, end, end, `.order(${order})`)] },
    });
  }
}
