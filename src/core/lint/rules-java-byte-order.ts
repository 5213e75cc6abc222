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

/** Flags ByteBuffers whose raw bytes reach a model (or that a model runtime fills by views) with no `.order(...)`. */
export function byteOrder(an: Analyzer, facts: readonly JavaFact[]): void {
  const allocs: { name: string; call: CallExpr; local: boolean }[] = [];
  const calls: CallExpr[] = [];
  for (const f of facts) {
    if ('call' in f) calls.push(f.call);
    else if (BUFFER_ALLOCATE.test(dottedName(f.value.f) ?? '')) allocs.push({ name: f.name, call: f.value, local: f.local });
  }
  if (allocs.length === 0) return;
  // The calls on each name (`buf.order(...)`) and the calls taking each name as an argument, in file order: each
  // allocation looks up its own name instead of scanning every call of the file.
  const onName = new Map<string, CallExpr[]>();
  const withArg = new Map<string, CallExpr[]>();
  for (const c of calls) {
    const recv = c.f.k === 'attr' ? targetName(c.f.o) : undefined;
    if (recv !== undefined) addTo(onName, recv, c);
    let seen: string | undefined;
    for (const x of c.a) {
      const n = targetName(x.v);
      if (n === undefined || n === seen || withArg.get(n)?.at(-1) === c) continue;
      seen = n;
      addTo(withArg, n, c);
    }
  }
  const imported = [...an.info.imports.values()].some((f) => f === 'java.nio.ByteOrder') || an.info.wildcards.includes('java.nio');
  const funcs = allocs.some((a) => a.local) ? functionsOf(an.info.body) : [];
  for (const a of allocs) {
    // A buffer declared in a method is that method's: a variable of the same name in another method is another buffer.
    const [lo, hi] = a.local ? scopeAt(funcs, startOf(a.call.sp)) : [-Infinity, Infinity];
    const mine = (c: CallExpr): boolean => {
      const at = startOf(c.sp);
      return lo <= at && at < hi;
    };
    const own = (onName.get(a.name) ?? []).filter(mine);
    const isRecv = (c: CallExpr): boolean => c.f.k === 'attr' && targetName(c.f.o) === a.name;
    if (own.some((c) => c.f.k === 'attr' && c.f.n === 'order' && c.a.length === 1)) continue;
    // Its raw bytes must go to a model (interpreter.run(buf, out), Tensor.create(shape, buf), loadBuffer(buf)); a
    // buffer handed to a decoder, a channel or a stream is I/O, where big-endian is the norm.
    const raw = (withArg.get(a.name) ?? []).find((c) => mine(c) && !isRecv(c) && takesModelInput(an, c));
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
