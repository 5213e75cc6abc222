// Java multi-dimensional input arrays (input = new float[1][224][224][3]) handed to Interpreter.run(input, output):
// their dimensions are the tensor shape, checked against the spec like the other explicit shapes.

import type { Analyzer } from './flow';
import { dottedName, type Expr, type Stmt } from './ir';
import { chunkFacts, exprsOf, slot } from './memo';
import { checkShape } from './rules-shape';
import { channelsOf } from '../spec/defaults';
import { nums } from './values';

type Call = Expr & { k: 'call' };

const nameOf = (t: Expr): string | undefined => (t.k === 'name' ? t.n : t.k === 'attr' && t.o.k === 'name' && t.o.n === 'this' ? t.n : undefined);

/**
 * What one statement holds for the Java buffer rules (array shapes, byte order): a call assigned to a name (`local`
 * when the statement declares the name), or a call.
 */
export type JavaFact = { name: string; value: Call; local: boolean } | { call: Call };
const JAVA_FACTS = slot<Stmt, JavaFact[]>('javaFacts');

/** A call assigned to a plain name or `this.name`, into `out`. */
function assignFact(t: Expr, v: Expr | null | undefined, local: boolean, out: JavaFact[]): void {
  const n = nameOf(t);
  if (n && v?.k === 'call') out.push({ name: n, value: v, local });
}

/** One statement's facts (a module function: a closure made per lint is compiled again after each major GC). */
function javaFacts(s: Stmt, out: JavaFact[]): void {
  if (s.k === 'assign') assignFact(s.t, s.v, s.t.k === 'name' && !!s.decl, out);
  for (const e of exprsOf(s)) {
    if (e.k === 'assignx') assignFact(e.t, e.v, false, out);
    if (e.k === 'call') out.push({ call: e });
  }
}

/**
 * The file's facts for the Java buffer rules, in file order, cached per unchanged top-level statement (a one-line
 * edit does not walk every expression of the file again); one walk serves both rules.
 */
export function javaFactsOf(an: Analyzer): JavaFact[] {
  return chunkFacts(JAVA_FACTS, an.info.body, javaFacts);
}

/** Checks the 4-d array allocation of each `x.run(array, output)` input (the array's only allocation in the file). */
export function javaArrayShapes(an: Analyzer, facts: readonly JavaFact[]): void {
  const allocs = new Map<string, Call[]>();
  const inputs: Expr[] = [];
  for (const f of facts) {
    if ('call' in f) {
      const e = f.call;
      if (e.f.k === 'attr' && e.f.n === 'run' && e.a.length === 2) inputs.push(e.a[0].v);
      continue;
    }
    const v = f.value;
    const alloc = byteBufferAlloc(v) ?? (v.isNew && v.targs === '[]' && /^(float|byte|int)$/.test(dottedName(v.f) ?? '') ? v : undefined);
    if (!alloc) continue;
    const list = allocs.get(f.name);
    if (list) list.push(alloc);
    else allocs.set(f.name, [alloc]);
  }
  for (const x of inputs) {
    const n = nameOf(x);
    const list = n ? allocs.get(n) : undefined;
    if (list?.length === 1 && byteBufferAlloc(list[0])) {
      bufferBytes(an, list[0]);
      continue;
    }
    if (!list || list.length !== 1 || list[0].a.length !== 4) continue;
    const dims = list[0].a.map((a) => nums(an.info.evalConst(a.v, an.info.module))?.[0]);
    if (dims.every((d): d is number => d !== undefined)) checkShape(an, dims, list[0], `new ${dottedName(list[0].f)}[${dims.join('][')}]`);
  }
}

/** `ByteBuffer.allocateDirect(n)` / `ByteBuffer.allocate(n)`, also with `.order(...)` chained: the allocation call. */
function byteBufferAlloc(v: Expr): Call | undefined {
  let x = v;
  while (x.k === 'call' && x.f.k === 'attr' && x.f.n === 'order' && x.f.o.k === 'call') x = x.f.o;
  if (x.k !== 'call' || x.a.length !== 1) return undefined;
  const name = dottedName(x.f);
  return name === 'ByteBuffer.allocateDirect' || name === 'ByteBuffer.allocate' ? x : undefined;
}

const BYTES: Record<string, number> = { float32: 4, float16: 2, int32: 4, uint8: 1 };

/**
 * The byte size of a ByteBuffer run as the model input against the spec's 1 × height × width × channels values. A
 * buffer of one byte per value under a float spec is an element-type question (TP504), not a shape one.
 */
function bufferBytes(an: Analyzer, alloc: Call): void {
  // The size is usually made of the class's constants (4 * BATCH * HEIGHT * WIDTH * CHANNELS).
  let total = nums(an.info.evalConst(alloc.a[0].v, an.info.module))?.[0];
  for (const s of an.info.body) if (total === undefined && s.k === 'class') total = nums(an.info.evalConst(alloc.a[0].v, an.info.scopeFor(s)))?.[0];
  const { width: W, height: H, colorOrder, dtype } = an.spec.input;
  const per = BYTES[dtype] ?? 4;
  const values = W * H * channelsOf(colorOrder);
  if (total === undefined || !Number.isInteger(total) || total <= 0 || total % per !== 0) return;
  if (total === values * per || total === values) return;
  an.rep.add({
    rule: 'tensor-shape',
    at: alloc,
    specPath: 'input.width',
    message: `${dottedName(alloc.f)}(${total}) holds ${total / per} ${dtype} values (${per} bytes each), but the spec's input is 1 × ${H} × ${W} × ${channelsOf(colorOrder)} = ${values} values (${values * per} bytes).`,
  });
}
