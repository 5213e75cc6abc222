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

/** What one statement says about `x.run(array, output)` inputs: an array allocation assigned to a name, or a run input. */
type ShapeFact = { name: string; alloc: Call } | { input: Expr };
const SHAPE_FACTS = slot<Stmt, ShapeFact[]>('javaShapeFacts');

/** An array or ByteBuffer allocation assigned to a name, into `out`. */
function allocFact(t: Expr, v: Expr | null | undefined, out: ShapeFact[]): void {
  const n = nameOf(t);
  if (!n || !v) return;
  const buf = byteBufferAlloc(v);
  if (buf) out.push({ name: n, alloc: buf });
  if (v.k !== 'call' || !v.isNew || v.targs !== '[]' || !/^(float|byte|int)$/.test(dottedName(v.f) ?? '')) return;
  out.push({ name: n, alloc: v });
}

/** One statement's shape facts (a module function: a closure made per lint is compiled again after each major GC). */
function shapeFacts(s: Stmt, out: ShapeFact[]): void {
  if (s.k === 'assign') allocFact(s.t, s.v, out);
  for (const e of exprsOf(s)) {
    if (e.k === 'assignx') allocFact(e.t, e.v, out);
    if (e.k === 'call' && e.f.k === 'attr' && e.f.n === 'run' && e.a.length === 2) out.push({ input: e.a[0].v });
  }
}

/** Checks the 4-d array allocation of each `x.run(array, output)` input (the array's only allocation in the file). */
export function javaArrayShapes(an: Analyzer): void {
  const allocs = new Map<string, Call[]>();
  const inputs: Expr[] = [];
  // Cached per unchanged top-level statement, so a one-line edit does not walk every expression of the file again.
  const facts = chunkFacts(SHAPE_FACTS, an.info.body, shapeFacts);
  for (const f of facts) {
    if ('input' in f) inputs.push(f.input);
    else {
      const list = allocs.get(f.name);
      if (list) list.push(f.alloc);
      else allocs.set(f.name, [f.alloc]);
    }
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
