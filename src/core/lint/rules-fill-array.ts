// Java and JS/TS pixel loops writing a flat input array (float[], Float32Array) or buffer (FloatBuffer, ByteBuffer):
// loops that write only part of it (TP503) and writes that lay the channels out in planes or interleaved unlike the
// spec (TP401). The sizes must be known constants: the array's allocation and the loop's bound.

import { channelsOf } from '../spec/defaults';
import type { Analyzer } from './flow';
import type { Frame } from './flow-api';
import { dottedName, endOf, forEachExpr, startOf, walkExpr, walkStmts, type Expr, type Stmt } from './ir';
import type { Scope } from './lexical-scope';
import { nums } from './values';
import { usesModelRuntime } from './java-runtime';

type ForStmt = Stmt & { k: 'for' };

/** How many values an allocation holds, whether it counts bytes (ByteBuffer.allocate(Direct)), and whether it is a Java integer array (byte[], int[], short[]). */
interface Alloc {
  values: number;
  bytes: boolean;
  ints?: boolean;
}

function num(an: Analyzer, e: Expr, scope: Scope): number | undefined {
  const v = nums(an.info.evalConst(e, scope));
  return v && v.length === 1 && Number.isFinite(v[0]) ? v[0] : undefined;
}

/** The allocation of a flat array or buffer expression: new float[N], new Float32Array(N), FloatBuffer.allocate(N), ByteBuffer.allocateDirect(N).order(...). */
function allocOf(an: Analyzer, e: Expr, scope: Scope): Alloc | undefined {
  let x = e;
  while (x.k === 'call' && x.f.k === 'attr' && x.f.n === 'order' && x.f.o.k === 'call') x = x.f.o;
  if (x.k !== 'call' || x.a.length !== 1) return undefined;
  const n = num(an, x.a[0].v, scope);
  if (n === undefined || n <= 0 || !Number.isInteger(n)) return undefined;
  const name = dottedName(x.f) ?? '';
  if (x.isNew && x.targs === '[]' && /^(float|double|int|byte|short)$/.test(name)) return { values: n, bytes: false, ints: !/^(float|double)$/.test(name) };
  if (x.isNew && /^(Float32Array|Float64Array|Uint8Array|Uint8ClampedArray|Int32Array|Array)$/.test(name)) return { values: n, bytes: false };
  if (/(^|\.)(FloatBuffer|IntBuffer)\.allocate$/.test(name)) return { values: n, bytes: false };
  if (/(^|\.)ByteBuffer\.allocate(Direct)?$/.test(name)) return { values: n, bytes: true };
  return undefined;
}

/** The allocation a name is bound to (its only assignment in scope), or of `arr.length`. */
export function allocOfName(an: Analyzer, name: string, scope: Scope): Alloc | undefined {
  const s = scope.find(name);
  const values = s?.vars.get(name);
  if (!s || !values || values.length !== 1 || !values[0]) return undefined;
  return allocOf(an, values[0], s);
}

/** The number of iterations of `for (i = 0; i < B; i += step)` or `for (x : arr)`, and the loop variable. */
export function iterations(an: Analyzer, s: ForStmt, scope: Scope): { count: number; iv?: string; step: number; bound: Expr } | undefined {
  if (s.iter) {
    const a = s.iter.k === 'name' ? allocOfName(an, s.iter.n, scope) : undefined;
    return a && !a.bytes ? { count: a.values, step: 1, bound: s.iter } : undefined;
  }
  const c = s.cond;
  if (!c || c.k !== 'bin' || c.op !== '<' || c.l.k !== 'name') return undefined;
  const iv = c.l.n;
  const init = s.init.find((x) => x.k === 'assign' && x.t.k === 'name' && x.t.n === iv);
  if (!init || init.k !== 'assign' || !init.v || num(an, init.v, scope) !== 0) return undefined;
  let bound = num(an, c.r, scope);
  if (bound === undefined && c.r.k === 'attr' && c.r.n === 'length' && c.r.o.k === 'name') bound = allocOfName(an, c.r.o.n, scope)?.values;
  if (bound === undefined || bound <= 0) return undefined;
  if (s.update.length !== 1) return undefined;
  const u = s.update[0];
  let step: number | undefined;
  if (u.k === 'assignx' && u.t.k === 'name' && u.t.n === iv) step = u.op === '+' ? num(an, u.v, scope) : undefined;
  else {
    const t = an.text(u).replace(/\s+/g, '');
    if (t === `${iv}++` || t === `++${iv}`) step = 1;
  }
  if (!step || step <= 0 || !Number.isInteger(step)) return undefined;
  return { count: Math.ceil(bound / step), iv, step, bound: c.r };
}

/** An index as a·iv + b, or 'next' for a post-incremented counter (values[j++]). */
type Index = { a: number; b: number } | 'next';

function linear(an: Analyzer, e: Expr, iv: string | undefined, scope: Scope): { a: number; b: number } | undefined {
  if (e.k === 'name' && e.n === iv) return { a: 1, b: 0 };
  if (e.k === 'bin' && /^[-+*]$/.test(e.op)) {
    const l = linear(an, e.l, iv, scope);
    const r = l ? linear(an, e.r, iv, scope) : undefined;
    if (l && r && e.op === '+') return { a: l.a + r.a, b: l.b + r.b };
    if (l && r && e.op === '-') return { a: l.a - r.a, b: l.b - r.b };
    if (l && r && (l.a === 0 || r.a === 0)) return { a: l.a * r.b + r.a * l.b, b: l.b * r.b };
  }
  let usesIv = false;
  walkExpr(e, (x) => {
    if (x.k === 'name' && x.n === iv) usesIv = true;
  });
  const c = usesIv ? undefined : num(an, e, scope);
  return c === undefined ? undefined : { a: 0, b: c };
}

function indexOf(an: Analyzer, e: Expr, iv: string | undefined, scope: Scope): Index | undefined {
  if (/^[A-Za-z_$][\w$]*\s*\+\+$/.test(an.text(e).trim())) return 'next';
  return linear(an, e, iv, scope);
}

interface Writes {
  target: string;
  at: Expr;
  idx: Index[];
  texts: string[];
  puts: number;
}

/** Writes of one loop body: arr[index] = v and buf.put(v) / buf.putFloat(v), by array name. */
function collectWrites(an: Analyzer, body: readonly Stmt[], iv: string | undefined, scope: Scope): Map<string, Writes> | undefined {
  const out = new Map<string, Writes>();
  let nested = false;
  let unknown = false;
  const get = (name: string, at: Expr): Writes => {
    let w = out.get(name);
    if (!w) {
      w = { target: name, at, idx: [], texts: [], puts: 0 };
      out.set(name, w);
    }
    return w;
  };
  walkStmts(body, (st) => {
    if (st.k === 'for') nested = true;
    if (st.k === 'assign' && st.t.k === 'sub' && st.t.o.k === 'name' && st.t.idx.length === 1) {
      const i = st.op ? undefined : indexOf(an, st.t.idx[0], iv, scope);
      if (i === undefined) {
        unknown = true;
        return;
      }
      const w = get(st.t.o.n, st.t);
      w.idx.push(i);
      w.texts.push(`${st.t.o.n}[${an.text(st.t.idx[0])}]`);
    }
    forEachExpr(st, (e) => {
      if (e.k === 'call' && e.f.k === 'attr' && e.f.o.k === 'name' && /^(put|putFloat)$/.test(e.f.n) && e.a.length === 1) get(e.f.o.n, e).puts++;
    });
  });
  return nested || unknown ? undefined : out;
}

/** True when `name` is written (arr[...] = or .put) anywhere in `stmts` outside the span of `loop`. */
function writtenElsewhere(stmts: readonly Stmt[], name: string, loop: ForStmt): boolean {
  const inside = (e: Expr): boolean => startOf(loop.sp) <= startOf(e.sp) && endOf(e.sp) <= endOf(loop.sp);
  let hit = false;
  walkStmts(stmts, (st) => {
    if (st.k === 'assign' && st.t.k === 'sub' && st.t.o.k === 'name' && st.t.o.n === name && !inside(st.t)) hit = true;
    forEachExpr(st, (e) => {
      if (e.k === 'call' && e.f.k === 'attr' && e.f.o.k === 'name' && e.f.o.n === name && /^(put|putFloat|set)$/.test(e.f.n) && !inside(e)) hit = true;
    });
  });
  return hit;
}

/** The channel layout of k writes per pixel: interleaved (3·i + c) or planar (i + c·N); undefined when neither. */
function layoutOf(idx: readonly Index[], pixels: number): 'HWC' | 'CHW' | undefined {
  if (idx.length < 2 || idx.some((x) => x === 'next')) return undefined;
  const lin = idx as { a: number; b: number }[];
  const k = lin.length;
  const offsets = lin.map((x) => x.b).sort((p, q) => p - q);
  if (lin.every((x) => x.a === k) && offsets.every((b, i) => b === i)) return 'HWC';
  if (lin.every((x) => x.a === 1) && offsets.every((b, i) => b === i * pixels)) return 'CHW';
  return undefined;
}

/**
 * How many times the loops around `loop` (in the same function) run it: 1 when it is not nested, undefined when an
 * enclosing loop's count is unknown. `for (y < 224) for (x < 224) { 3 puts }` writes 224 × 224 × 3 values.
 */
function enclosingRuns(an: Analyzer, stmts: readonly Stmt[], loop: ForStmt, scope: Scope): number | undefined {
  let runs: number | undefined = 1;
  walkStmts(stmts, (st) => {
    if (st.k !== 'for' || st === loop || runs === undefined) return;
    if (!(startOf(st.sp) <= startOf(loop.sp) && endOf(loop.sp) <= endOf(st.sp))) return;
    const it = iterations(an, st, scope);
    runs = it ? runs * it.count : undefined;
  });
  return runs;
}

/** Checks one Java or JS loop for partial fills and channel layout. */
export function checkArrayFill(an: Analyzer, fr: Frame, s: ForStmt): void {
  const scope = fr.scope;
  const it = iterations(an, s, scope);
  if (!it) return;
  const writes = collectWrites(an, s.body, it.iv, scope);
  if (!writes) return;
  const spec = an.spec.input;
  const C = channelsOf(spec.colorOrder);
  const fnBody = fr.func ? fr.func.body : an.info.body;
  for (const w of writes.values()) {
    const alloc = allocOfName(an, w.target, scope);
    if (!alloc) continue;
    // A Java file that runs no model writes integer arrays for other readers (an image or LUT file, a GUI): no input.
    if (alloc.ints && an.info.family === 'java' && !usesModelRuntime(an)) continue;
    const perIteration = w.puts > 0 ? (w.idx.length > 0 ? undefined : w.puts) : w.idx.length;
    if (!perIteration) continue;
    const capacity = alloc.bytes ? (w.puts > 0 ? alloc.values / 4 : alloc.values) : alloc.values;
    const indices = w.idx.filter((x): x is { a: number; b: number } => x !== 'next');
    const distinct = new Set(indices.map((x) => `${x.a}:${x.b}`)).size === indices.length;
    const layout = layoutOf(w.idx, it.count);
    if (layout && layout !== (spec.layout === 'NHWC' ? 'HWC' : 'CHW') && w.idx.length === C && it.step === 1) {
      const shown = w.texts.join(', ');
      an.rep.add({
        rule: 'layout',
        at: w.at,
        specPath: 'input.layout',
        message:
          layout === 'CHW'
            ? `This loop writes each pixel's ${C} channels a plane apart (${shown}): channels-first (NCHW), but the spec's input.layout is NHWC. Interleave them: ${w.target}[${C} * ${it.iv ?? 'i'} + c].`
            : `This loop writes each pixel's ${C} channels next to each other (${shown}): channels-last (NHWC), but the spec's input.layout is NCHW. Write planes: ${w.target}[c * ${it.count} + ${it.iv ?? 'i'}].`,
      });
    }
    if (w.puts === C && C > 1 && spec.layout === 'NCHW' && it.count * C === capacity) {
      an.rep.add({
        rule: 'layout',
        at: w.at,
        specPath: 'input.layout',
        message: `This loop puts each pixel's ${C} channels one after another into ${w.target}: channels-last (NHWC), but the spec's input.layout is NCHW. Write one plane per channel.`,
      });
    }
    const simple =
      w.puts > 0 ||
      (distinct &&
        (layout !== undefined ||
          w.idx.every((x) => x === 'next') ||
          (w.idx.length === 1 && w.idx[0] !== 'next' && w.idx[0].a === it.step && w.idx[0].b === 0)));
    const outer = enclosingRuns(an, fnBody, s, scope);
    if (outer === undefined) continue;
    const written = it.count * perIteration * outer;
    if (!simple || !Number.isInteger(capacity) || written >= capacity || capacity % written !== 0 || writtenElsewhere(fnBody, w.target, s)) continue;
    const part = capacity / written;
    const unit = w.puts > 0 ? `${perIteration} value${perIteration > 1 ? 's' : ''} (put)` : `${perIteration} value${perIteration > 1 ? 's' : ''}`;
    an.rep.add({
      rule: 'partial-fill',
      at: it.bound,
      specPath: 'input.colorOrder',
      message: `This loop runs ${it.count} times (${an.text(it.bound)}${it.step > 1 ? ` in steps of ${it.step}` : ''}) and writes ${unit} into ${w.target} each time: ${written} values, but ${w.target} holds ${capacity}${capacity === spec.height * spec.width * C ? ` (1 × ${spec.height} × ${spec.width} × ${C})` : ''}: it fills only 1/${part} of it and the rest stays 0. Make the loop write all ${capacity} values (every pixel, all ${C} channels).`,
    });
  }
}
