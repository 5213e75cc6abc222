// Rules that read code shape rather than values: double tensors, byte order, tensor shapes (partial fills: rules-fill-*.ts).

import type { Analyzer } from './flow';
import { dottedName, walkExpr, walkStmts, type Expr, type Stmt } from './ir';
import { chunkFacts, exprsOf, slot } from './memo';
import type { RawFinding } from './report';
import type { Scope } from './lexical-scope';
import { nums } from './values';
import { byteOrder } from './rules-java-byte-order';
import { javaArrayShapes, javaFactsOf } from './rules-java-shape';
import { checkShape } from './rules-shape';

function cppDoubles(an: Analyzer, e: Expr): void {
  const d = e.k === 'name' ? e.n : e.k === 'attr' ? e.n : undefined;
  if (d !== undefined && (d === 'DT_DOUBLE' || d === 'TF_DOUBLE' || d === 'kTfLiteFloat64')) {
    an.rep.add({
      rule: 'float64',
      at: e,
      severity: 'error',
      specPath: 'input.dtype',
      message: `${an.text(e)} makes a float64 tensor, but the spec's input.dtype is ${an.spec.input.dtype}. Use ${d.replace('DOUBLE', 'FLOAT').replace('Float64', 'Float32')}.`,
    });
  }
  if (e.k === 'call' && e.targs && /\bdouble\b/.test(e.targs) && (e.f.k === 'attr' || e.f.k === 'name')) {
    const fn = e.f.k === 'attr' ? e.f.n : e.f.n;
    if (/^(flat|tensor|typed_input_tensor|typed_tensor|matrix|vec|shaped|data)$/.test(fn)) {
      an.rep.add({
        rule: 'float64',
        at: e,
        severity: 'error',
        specPath: 'input.dtype',
        message: `${fn}<${e.targs}> reads or writes the tensor as double, but the spec's input.dtype is ${an.spec.input.dtype}. Use ${fn}<float>.`,
      });
    }
  }
  if (e.k === 'call' && e.f.k === 'attr' && e.f.n === 'convertTo' && e.a[1] && /CV_64F/.test(an.text(e.a[1].v))) {
    an.rep.add({
      rule: 'float64',
      at: e.a[1].v,
      specPath: 'input.dtype',
      message: `convertTo(…, ${an.text(e.a[1].v)}) converts to double, but the spec's input.dtype is ${an.spec.input.dtype}. Use ${an.text(e.a[1].v).replace('64F', '32F')}.`,
    });
  }
}

/** The last part of a name or attribute chain: a dotted name ends with it, so a suffix test on it can come first. */
function lastPart(e: Expr): string | undefined {
  return e.k === 'name' || e.k === 'attr' ? e.n : undefined;
}

/** Words a name may end with, and their last characters (most names fail on the last character alone). */
interface Suffixes {
  words: readonly string[];
  last: ReadonlySet<number>;
}

function suffixes(words: readonly string[]): Suffixes {
  return { words, last: new Set(words.map((w) => w.charCodeAt(w.length - 1))) };
}

/** True when `s` ends with one of the words (a cheap test before a dotted name is built and matched). */
function endsWithAny(s: string | undefined, x: Suffixes): boolean {
  if (s === undefined || s.length === 0 || !x.last.has(s.charCodeAt(s.length - 1))) return false;
  for (const w of x.words) if (s.endsWith(w)) return true;
  return false;
}

const JAVA_F64 = suffixes(['DOUBLE', 'FLOAT64', 'TFloat64']);
const JAVA_TENSOR_NEW = suffixes(['create', 'of']);

function javaDoubles(an: Analyzer, e: Expr): void {
  // DataType.DOUBLE handed to a call (Tensor.create(shape, DataType.DOUBLE, buf), a graph constant): a float64 tensor.
  // Elsewhere (`case 2: return DataType.DOUBLE;` in a switch mapping type codes) it makes no tensor.
  if (e.k === 'call') for (const a of e.a) javaDoubleType(an, a.v);
  if (e.k === 'call' && endsWithAny(lastPart(e.f), JAVA_TENSOR_NEW) && /(^|\.)(Tensor\.create|Tensors\.create|Tensor\.of)$/.test(dottedName(e.f) ?? '')) {
    for (const a of e.a) {
      if (a.v.k === 'call' && /^DoubleBuffer\.(wrap|allocate)$/.test(dottedName(a.v.f) ?? '')) {
        an.rep.add({
          rule: 'float64',
          at: a.v,
          severity: 'error',
          specPath: 'input.dtype',
          message: `A DoubleBuffer makes a float64 tensor, but the spec's input.dtype is ${an.spec.input.dtype}. Use FloatBuffer.`,
        });
      }
    }
  }
}

function javaDoubleType(an: Analyzer, e: Expr): void {
  // Every pattern below ends with a dot-free word, which must then end the last part of the name.
  const d = endsWithAny(lastPart(e), JAVA_F64) ? dottedName(e) : undefined;
  if (!d || !(/(^|\.)DataType\.(DOUBLE|FLOAT64)$/.test(d) || /(^|\.)TFloat64$/.test(d))) return;
  an.rep.add({
    rule: 'float64',
    at: e,
    severity: 'error',
    specPath: 'input.dtype',
    message: `${d} makes a float64 tensor, but the spec's input.dtype is ${an.spec.input.dtype}. Use ${d.includes('TFloat64') ? 'TFloat32' : 'DataType.FLOAT'}.`,
  });
}

function shapeArg(an: Analyzer, e: Expr, scope: Scope): number[] | undefined {
  const v = e.k === 'call' && e.a.length === 1 && /TensorShape|Shape\.of/.test(an.text(e.f)) ? e.a[0].v : e;
  if (e.k === 'call' && /Shape\.of$/.test(an.text(e.f)))
    return nums({ t: 'seq', items: e.a.map((a) => an.info.evalConst(a.v, scope) ?? { t: 'null' }), dt: 'int' });
  return nums(an.info.evalConst(v, scope));
}

/** Last words of the calls `shapes` reads (Tensor, ResizeInputTensor, resizeInput, resize_tensor_input, Tensor.of, tensorOf, Tensor.create). */
const SHAPE_CALLS = suffixes(['Tensor', 'resizeInput', 'resize_tensor_input', 'create', 'of', 'Of']);

function shapes(an: Analyzer, e: Expr, fr: Scope): void {
  if (e.k !== 'call' || !endsWithAny(lastPart(e.f), SHAPE_CALLS)) return;
  const fn = dottedName(e.f) ?? '';
  if (an.info.family === 'cpp' && /(^|\.)Tensor$/.test(fn) && e.a.length >= 2) {
    const dims = shapeArg(an, e.a[1].v, fr);
    if (dims && dims.length >= 3) checkShape(an, dims, e.a[1].v, 'Tensor');
  } else if (/(^|\.)(ResizeInputTensor|resizeInput|resize_tensor_input)$/.test(fn) && e.a.length >= 2) {
    const dims = shapeArg(an, e.a[1].v, fr);
    if (dims && dims.length >= 3) checkShape(an, dims, e.a[1].v, fn.replace(/^.*\./, ''));
  } else if (an.info.family === 'java' && /(^|\.)OnnxTensor\.createTensor$/.test(fn) && e.a.length === 3) {
    // OnnxTensor.createTensor(env, buffer, long[] shape): the size; the layout is the writes' (rules-fill-array.ts).
    const dims = shapeArg(an, e.a[2].v, fr);
    if (dims && dims.length === 4) checkShape(an, dims, e, 'OnnxTensor.createTensor', 'own-layout');
  } else if (an.info.family === 'java' && /(^|\.)(Tensor\.create|Tensor\.of|TFloat32\.tensorOf)$/.test(fn) && e.a.length >= 1) {
    const dims = shapeArg(an, e.a[0].v, fr);
    if (dims && dims.length >= 3) checkShape(an, dims, e.a[0].v, fn);
  }
}

/** The variable an expression starts from: `good` in `good.flat<float>().data()`. */
function rootName(e: Expr): string | undefined {
  let x = e;
  for (;;) {
    if (x.k === 'name') return x.n;
    if (x.k === 'attr' || x.k === 'sub') x = x.o;
    else if (x.k === 'call') x = x.f;
    else if (x.k === 'un' || x.k === 'cast') x = x.e;
    else return undefined;
  }
}

/** Names declared as a tensor (tensorflow::Tensor, Ort::Value, a Blob), per chunk-level statement. */
const TENSOR_DECLS = slot<Stmt, string[]>('tensorDecls');

/** Declarations of double buffers, per chunk-level statement. */
const DOUBLE_DECLS = slot<Stmt, (Stmt & { k: 'assign' })[]>('doubleDecls');

function doubleBuffers(an: Analyzer): void {
  const decls = new Map<string, Stmt & { k: 'assign' }>();
  for (const s of chunkFacts(DOUBLE_DECLS, an.info.body, (x, out: (Stmt & { k: 'assign' })[]) => {
    if (x.k === 'assign' && x.t.k === 'name' && x.decl && /^((std::)?vector<double>|double(\[\]|\*))$/.test(x.decl)) out.push(x);
  }))
    if (s.t.k === 'name') decls.set(s.t.n, s);
  if (decls.size === 0) return;
  const tensors = new Set<string>();
  for (const s of chunkFacts(TENSOR_DECLS, an.info.body, (x, out: string[]) => {
    if (x.k === 'assign' && x.t.k === 'name' && x.decl && /Tensor|Ort::Value|Blob/.test(x.decl)) out.push(x.t.n);
  }))
    tensors.add(s);
  walkStmts(an.info.body, (s) => {
    for (const e of exprsOf(s)) {
      const callee = e.k === 'call' ? (dottedName(e.f) ?? '') : '';
      if (e.k !== 'call' || !/(memcpy|copy|copy_n|TF_NewTensor|Tensor|from_blob|CopyFrom)$/.test(callee)) continue;
      // A plain copy counts only into a tensor or input buffer (memcpy(dst, …), std::copy(…, …, dst)): numeric code
      // copies double buffers among themselves (g2o's solver).
      if (/(memcpy|copy|copy_n)$/.test(callee)) {
        const dst = e.a[/memcpy$/.test(callee) ? 0 : 2]?.v;
        if (!dst || !(/tensor|input|blob/i.test(an.text(dst)) || tensors.has(rootName(dst) ?? ''))) continue;
      }
      for (const a of e.a) {
        walkExpr(a.v, (x) => {
          const d = x.k === 'name' ? decls.get(x.n) : undefined;
          if (d)
            an.rep.add({
              rule: 'float64',
              at: d.t,
              specPath: 'input.dtype',
              message: `${x.k === 'name' ? x.n : ''} is a ${d.decl} buffer copied into the tensor, but the spec's input.dtype is ${an.spec.input.dtype}. Use float.`,
            });
        });
      }
    }
  });
}

/**
 * The per-statement structural rules over `stmts` (functions keep their findings while unchanged). A module function,
 * not a closure made per lint: V8 specialises a hot closure's optimised code to the one it was made for, and compiled
 * it again after each major GC.
 */
function visitStructural(an: Analyzer, dtype32: boolean, stmts: readonly Stmt[], scope: Scope): void {
  const fam = an.info.family;
  for (const s of stmts) {
    if (s.k === 'func' && an.cache) {
      // Unchanged functions keep their findings from the previous run (see AnalysisCache).
      const kept = an.cache.structuralOf(s);
      const outer = an.rep.unit;
      if (kept) an.rep.addAll(kept);
      else {
        const mine: RawFinding[] = [];
        an.rep.unit = mine;
        try {
          visitStructural(an, dtype32, s.body, an.info.scopeFor(s));
        } finally {
          an.rep.unit = outer;
        }
        an.cache.setStructural(s, mine);
      }
      // A nested function's findings are also its enclosing function's: an unchanged enclosing function keeps them
      // without visiting its body again.
      outer?.push(...(kept ?? an.cache.structuralOf(s) ?? []));
      continue;
    }
    if (s.k === 'func' || s.k === 'class') {
      visitStructural(an, dtype32, s.body, an.info.scopeFor(s));
      continue;
    }
    const exprs = exprsOf(s);
    for (let i = 0; i < exprs.length; i++) {
      const e = exprs[i];
      if (dtype32 && fam === 'cpp') cppDoubles(an, e);
      if (dtype32 && fam === 'java') javaDoubles(an, e);
      shapes(an, e, scope);
    }
    if (s.k === 'block') visitStructural(an, dtype32, s.body, scope);
    else if (s.k === 'for') {
      visitStructural(an, dtype32, s.init, scope);
      visitStructural(an, dtype32, s.body, scope);
    }
  }
}

/** Runs the structural rules of the file's language. */
export function runStructuralRules(an: Analyzer): void {
  const fam = an.info.family;
  const dtype32 = an.spec.input.dtype === 'float32' || an.spec.input.dtype === 'float16';
  visitStructural(an, dtype32, an.info.body, an.info.module);
  if (dtype32 && fam === 'cpp') doubleBuffers(an);
  if (fam === 'java') {
    const facts = javaFactsOf(an);
    byteOrder(an, facts);
    javaArrayShapes(an, facts);
  }
}
