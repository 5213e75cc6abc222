// Data-flow analysis over the lint IR: tracks image values through assignments, calls and arithmetic,
// summarises local functions, and hands every place where a value leaves the code ("terminal") to the checks.

import type { Spec } from '../spec/types';
import { affineOp } from './flow-affine';
import { applyOp, newFlow } from './flow-types';
import { dottedHead, endOf, startOf, type Arg, type Expr, type Stmt } from './ir';
import type { AnalysisCache } from './incremental';
import { Reporter, type RawFinding } from './report';
import { altArg, altCall, altStore, altTerminal, conditionalValue, mapAlt, pyStore, returnedValue, runBranches, unpackAlt } from './flow-alt';
import { finishCall } from './flow-call';
import { outParams } from './flow-summary';
import { servingReturn } from './libs-python-serving';
import type { ForeignFunc, ModuleInfo } from './scope';
import type { Scope } from './lexical-scope';
import { functionsOf } from './memo';
import { OverBudget } from './linter-build';
import { channelCounter } from './rules-channel-loop';
import { UNHANDLED, type Frame, type LangLib, type Summary, type TermCtx, type Terminal, type Val } from './flow-api';

type FuncStmt = Stmt & { k: 'func' };

/** The analyser of one file. */
export class Analyzer {
  private readonly summaries = new Map<FuncStmt, Summary | null | 'busy'>();
  constructor(
    readonly info: ModuleInfo,
    readonly lib: LangLib,
    readonly spec: Spec,
    readonly rep: Reporter,
    readonly src: string,
    private readonly check: (t: Terminal, an: Analyzer) => void,
    readonly cache?: AnalysisCache,
    private readonly deadline = Infinity,
  ) {}

  private steps = 0;

  /** Throws OverBudget once the lint's deadline has passed (looked at every 256 statements). */
  private tick(): void {
    if ((++this.steps & 255) === 0 && performance.now() > this.deadline) throw new OverBudget();
  }

  /** Source text of an expression. */
  text(e: Expr): string {
    return this.src.slice(startOf(e.sp), endOf(e.sp));
  }

  /** Analyses every function and the top level. */
  run(): void {
    for (const f of functionsOf(this.info.body)) this.summary(f);
    const fr = this.frame(this.info.module, undefined);
    for (const s of this.info.body) {
      try {
        this.process([s], fr, true);
      } catch (err) {
        // Skip a top-level statement the analysis cannot handle; keep going (not past the deadline).
        if (err instanceof OverBudget) throw err;
      }
    }
  }

  private frame(scope: Scope, func: FuncStmt | undefined): Frame {
    const bare = func?.name.replace(/^.*\./, '');
    return {
      vars: new Map(),
      scope,
      func,
      terminals: [],
      returns: [],
      hasCallers: bare ? this.info.hasCallers(bare) : false,
    };
  }

  /** The (memoised) summary of a local function; unchanged functions come from the cache with their findings. */
  summary(f: FuncStmt): Summary | undefined {
    const done = this.summaries.get(f);
    if (done === 'busy' || done === null) return undefined;
    if (done) return done;
    const cached = this.cache?.get(f);
    if (cached) {
      this.rep.addAll(cached.findings);
      this.summaries.set(f, cached.summary ?? null);
      return cached.summary;
    }
    this.summaries.set(f, 'busy');
    const fr = this.frame(this.info.scopeFor(f), f);
    const selfOffset = this.info.family === 'python' && this.info.classOf.has(f) && /^(self|cls)$/.test(f.params[0]?.name ?? '') ? 1 : 0;
    const bound = this.info.boundParams(f);
    const initial = new Map<string, Val>();
    f.params.forEach((p, i) => {
      if (i < selfOffset || bound.has(p.name)) return;
      fr.vars.set(p.name, {
        k: 'flow',
        f: newFlow({ kind: 'param', node: { k: 'name', n: p.name, sp: p.sp }, desc: `parameter ${p.name}`, paramIndex: i, func: f }, {}),
      });
      initial.set(p.name, fr.vars.get(p.name));
    });
    const outer = this.rep.unit;
    const findings: RawFinding[] = [];
    this.rep.unit = findings;
    try {
      this.process(f.body, fr, false);
    } catch (err) {
      // A body too deep for the stack (or an analysis bug) must not stop the rest of the file; the deadline does.
      if (err instanceof OverBudget) throw err;
    } finally {
      this.rep.unit = outer;
    }
    const ret = returnedValue(fr.returns);
    const s: Summary = { ret, terminals: fr.terminals, selfOffset, params: f.params.map((p) => p.name) };
    const outs = outParams(f, fr, initial);
    if (outs) s.outs = outs;
    if (findings.length > 0) s.own = findings;
    this.summaries.set(f, s);
    // A function whose parameters the call sites decide is analysed again each time (its callers may change).
    if (bound.size === 0) this.cache?.set(f, s, findings, fr.hasCallers);
    return s;
  }

  private foreign: Map<ModuleInfo, Analyzer> | undefined;

  /** The summary of a function of a sibling file, analysed with this file's spec (its own findings are dropped). */
  foreignSummary(ff: ForeignFunc): Summary | undefined {
    this.foreign ??= new Map();
    let sub = this.foreign.get(ff.info);
    if (!sub) this.foreign.set(ff.info, (sub = new Analyzer(ff.info, this.lib, this.spec, new Reporter(), ff.text, () => undefined, undefined, this.deadline)));
    return sub.summary(ff.f);
  }

  /** Routes a value to the checks (or to the enclosing function's summary when it came from a parameter). */
  terminal(v: Val, ctx: TermCtx, at: Expr, desc: string, fr: Frame, into?: number): void {
    if (!v) return;
    if (v.k === 'many' && v.alt) {
      altTerminal(this, v.items, ctx, at, desc, fr, into);
      return;
    }
    if (v.k === 'many') {
      for (const x of v.items) this.terminal(x, ctx, at, desc, fr, into);
      return;
    }
    if (v.k !== 'flow') return;
    const t: Terminal = into === undefined ? { f: v.f, ctx, at, desc } : { f: v.f, ctx, at, desc, into };
    if (v.f.origin.kind === 'param' && v.f.origin.func === fr.func && fr.func) {
      fr.terminals.push(t);
      if (fr.hasCallers) return;
    }
    this.check(t, this);
  }

  /** Processes statements in order. `top` skips function and class bodies (analysed separately). */
  process(stmts: readonly Stmt[], fr: Frame, top: boolean): void {
    for (const s of stmts) {
      this.tick();
      switch (s.k) {
        case 'assign': {
          let v = s.v ? this.eval(s.v, fr) : s.decl !== undefined ? this.lib.declare?.(this, fr, s) : undefined;
          if (s.op) {
            const held = this.eval(s.t, fr);
            v = inPlace(this.info.family, held, this.binary({ k: 'bin', op: s.op, l: s.t, r: s.v ?? s.t, sp: s.sp }, held, v, fr), s.t);
          }
          this.bind(s.t, v, fr, s);
          break;
        }
        case 'expr':
          this.eval(s.e, fr);
          break;
        case 'ret': {
          const v = s.e ? this.eval(s.e, fr) : undefined;
          fr.returns.push(v);
          if (!fr.hasCallers && !fr.inlined && s.e && !(this.info.family === 'python' && servingReturn(this, fr, s.e)))
            this.terminal(v, 'return', s.e, 'return', fr);
          break;
        }
        case 'block':
          if (s.alts) runBranches(this, s.body, s.alts, fr, top);
          else this.process(s.body, fr, top);
          break;
        case 'for': {
          this.process(s.init, fr, top);
          if (s.cond) this.eval(s.cond, fr);
          const items = s.iter ? this.eval(s.iter, fr) : undefined;
          if (s.target) this.bind(s.target, s.iter ? this.element(s.iter, items, fr) : undefined, fr, s);
          this.process(s.body, fr, top);
          for (const u of s.update) this.eval(u, fr);
          this.lib.loop?.(this, fr, s);
          break;
        }
        case 'class':
          if (top)
            this.process(
              s.body.filter((x) => x.k !== 'func'),
              { ...fr, scope: this.info.scopeFor(s), vars: new Map() },
              true,
            );
          break;
        default:
          break;
      }
    }
    this.lib.endBlock?.(this, fr, stmts);
  }

  /**
   * The loop variable of `for (x : items)`: what `items[i]` gives, for the languages whose element reads the library
   * models (Java's int[] of packed pixels, C++ buffers). Python and JS loops over images stay untracked.
   */
  private element(iter: Expr, items: Val, fr: Frame): Val {
    if (items?.k !== 'flow' || !this.lib.subscript || (this.info.family !== 'java' && this.info.family !== 'cpp')) return undefined;
    const r = this.lib.subscript(this, fr, { k: 'sub', o: iter, idx: [], sp: iter.sp }, items);
    return r === UNHANDLED ? undefined : r;
  }

  /** Runs a lambda's body in the current frame (for callbacks run immediately, like tf.tidy) and returns what it returns. */
  inline(e: Expr, fr: Frame): Val {
    if (e.k !== 'lambda') return this.eval(e, fr);
    const inner: Frame = { ...fr, vars: new Map(fr.vars), returns: [], inlined: true };
    this.process(e.body, inner, false);
    for (const [k, v] of inner.vars) if (fr.vars.has(k)) fr.vars.set(k, v);
    return returnedValue(inner.returns);
  }

  /** Binds an assignment target. */
  bind(t: Expr, v: Val, fr: Frame, s: Stmt): void {
    if (t.k === 'name') {
      if (v?.k === 'flow' && v.f.origin.kind === 'pixel' && !v.f.origin.assign && v.f.trace.length === 0 && s.k === 'assign')
        v.f.origin.assign = { name: t.n, stmt: s };
      fr.vars.set(t.n, v);
      return;
    }
    if (t.k === 'seq') {
      const items = v?.k === 'many' && !v.alt && v.items.length === t.items.length ? v.items : unpackAlt(v, t.items.length);
      for (let i = 0; i < t.items.length; i++) this.bind(t.items[i], items ? items[i] : undefined, fr, s);
      return;
    }
    if (t.k === 'obj') {
      // const { data, info } = await sharp(...).toBuffer({ resolveWithObject: true }): the pixels are `data`.
      for (const p of t.props) this.bind(p.v, p.key === 'data' || t.props.length === 1 ? v : undefined, fr, s);
      return;
    }
    if (this.lib.store?.(this, fr, t, v, s)) return;
    if (this.info.family === 'python' && t.k === 'sub' && t.o.k === 'name') {
      const held = fr.vars.get(t.o.n);
      const r = (held?.k === 'many' && held.alt) || (v?.k === 'many' && v.alt) ? altStore(held, v, (h, x) => pyStore(h, x, t)) : pyStore(held, v, t);
      if (r !== UNHANDLED) {
        fr.vars.set(t.o.n, r);
        return;
      }
    }
    if (t.k === 'attr' || t.k === 'sub') this.eval(t.k === 'attr' ? t.o : t.o, fr);
    this.terminal(v, 'store', t, 'a stored value', fr);
  }

  /** Evaluates an expression. */
  eval(e: Expr, fr: Frame): Val {
    switch (e.k) {
      case 'num':
      case 'str':
      case 'bool':
      case 'null': {
        const v = this.info.evalConst(e, fr.scope);
        return v ? { k: 'cv', v } : undefined;
      }
      case 'name': {
        const bound = fr.vars.get(e.n);
        if (bound) return bound;
        const v = this.info.evalConst(e, fr.scope);
        return v ? { k: 'cv', v } : undefined;
      }
      case 'attr': {
        const head = dottedHead(e);
        if ((head && fr.vars.has(head)) || head === undefined || head === 'self' || head === 'this') {
          const o = this.eval(e.o, fr);
          // result.first / result.second of a returned std::pair.
          if (o?.k === 'many' && !o.alt && (e.n === 'first' || e.n === 'second')) return o.items[e.n === 'first' ? 0 : 1];
          if (o?.k === 'flow' && this.lib.attribute) {
            const r = this.lib.attribute(this, fr, e, o);
            if (r !== UNHANDLED) return r;
          }
          if (o?.k === 'flow') return undefined;
        }
        const v = this.info.evalConst(e, fr.scope);
        return v ? { k: 'cv', v } : undefined;
      }
      case 'call': {
        const r = this.call(e, fr);
        if (r !== undefined) return r;
        const c = this.info.evalConst(e, fr.scope);
        return c ? { k: 'cv', v: c } : undefined;
      }
      case 'bin':
        return this.binary(e, this.eval(e.l, fr), this.eval(e.r, fr), fr);
      case 'un': {
        const v = this.eval(e.e, fr);
        if (v?.k === 'flow' && e.op === '-')
          return {
            k: 'flow',
            f: applyOp(v.f, { t: 'affine', mul: [-1], add: [0], node: e, desc: 'negation', operandDt: 'weak-int', opName: '*' }),
          };
        // `session.Run(opts, names, &input, 1, ...)`: the address of a C++ tensor (an Ort::Value) is that tensor.
        if (v?.k === 'flow' && e.op === '&' && v.f.kind === 'tensor') return v;
        const c = this.info.evalConst(e, fr.scope);
        return c ? { k: 'cv', v: c } : undefined;
      }
      case 'seq':
      case 'obj': {
        const items = this.evalAll(e.k === 'seq' ? e.items : e.props.map((p) => p.v), fr);
        if (items.some((x) => x && x.k !== 'cv')) return { k: 'many', items };
        const c = this.info.evalConst(e, fr.scope);
        return c ? { k: 'cv', v: c } : undefined;
      }
      case 'sub': {
        const o = this.eval(e.o, fr);
        for (const i of e.idx) if (i.k !== 'slice') this.eval(i, fr);
        if (o?.k === 'many' && o.alt) return mapAlt(o.items, (x) => this.subscript(e, x, fr));
        return this.subscript(e, o, fr);
      }
      case 'cast': {
        const v = this.eval(e.e, fr);
        if (v?.k === 'flow') {
          const dt = /double/.test(e.t)
            ? 'float64'
            : /float/.test(e.t)
              ? 'float32'
              : /^(byte|uint8_t|uchar|unsigned char)$/.test(e.t.trim())
                ? 'uint8'
                : /int|char|long|short/.test(e.t)
                  ? 'int'
                  : v.f.dtype;
          return { k: 'flow', f: applyOp(v.f, { t: 'cast', dtype: dt, node: e }) };
        }
        const c = this.info.evalConst(e, fr.scope);
        return c ? { k: 'cv', v: c } : undefined;
      }
      case 'assignx': {
        let v = this.eval(e.v, fr);
        if (e.op) v = this.binary({ k: 'bin', op: e.op, l: e.t, r: e.v, sp: e.sp }, this.eval(e.t, fr), v, fr);
        this.bind(e.t, v, fr, { k: 'expr', e, sp: e.sp });
        return v;
      }
      case 'other': {
        if (e.alt) return conditionalValue(this, e.kids, fr);
        this.evalAll(e.kids, fr);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** `o[...]`: what a library makes of the subscript, an item of a tuple, per-channel constants, or a changed image. */
  private subscript(e: Expr & { k: 'sub' }, o: Val, fr: Frame): Val {
    if (this.lib.subscript) {
      const r = this.lib.subscript(this, fr, e, o);
      if (r !== UNHANDLED) return r;
    }
    if (o?.k === 'many' && !o.alt && e.idx.length === 1) {
      const i = this.info.evalConst(e.idx[0], fr.scope);
      if (i?.t === 'num' && o.items[i.v] !== undefined) return o.items[i.v];
    }
    // mean[0] of a constant JS or Java array (`let mean = [0.485, 0.456, 0.406]`, `float[] mean = {…}`): that item.
    if ((this.info.family === 'js' || this.info.family === 'java') && o?.k === 'cv' && o.v.t === 'seq' && e.idx.length === 1) {
      const i = this.info.evalConst(e.idx[0], fr.scope);
      const item = i?.t === 'num' && Number.isInteger(i.v) ? o.v.items[i.v] : undefined;
      if (item) return { k: 'cv', v: item };
    }
    // MEAN[c] with c a loop variable, in `out[c] = (x[c] / 255 - MEAN[c]) / STD[c]` (Python) or a C++ plane fill
    // `(pix / 255.0 - mean_[c]) / std_[c]` with c the channel loop's counter: the per-channel constants.
    if (
      (this.info.family === 'python' || this.info.family === 'cpp') &&
      o?.k === 'cv' &&
      o.v.t === 'seq' &&
      o.v.items.length === 3 &&
      e.idx.length === 1 &&
      e.idx[0].k === 'name' &&
      !this.info.evalConst(e.idx[0], fr.scope) &&
      (this.info.family === 'python' || channelCounter(this, e.idx[0].n, fr.func?.body ?? this.info.body))
    )
      return o;
    return o?.k === 'flow' ? { k: 'flow', f: applyOp(o.f, { t: 'nonaffine', node: e }) } : undefined;
  }

  /**
   * The values of expressions, in order. (A closure over `fr` inside eval or call would make every call of them
   * allocate a context, and they run once per expression.)
   */
  private evalAll(xs: readonly Expr[], fr: Frame): Val[] {
    const out: Val[] = [];
    for (let i = 0; i < xs.length; i++) out.push(this.eval(xs[i], fr));
    return out;
  }

  /** The values of a call's arguments, in order. */
  private evalArgs(args: readonly Arg[], fr: Frame): Val[] {
    const out: Val[] = [];
    for (let i = 0; i < args.length; i++) out.push(this.eval(args[i].v, fr));
    return out;
  }

  /** Arithmetic: constants fold, image ⊙ constant becomes an affine operation. */
  binary(e: Expr & { k: 'bin' }, l: Val, r: Val, fr: Frame): Val {
    if (l?.k === 'many' && l.alt) return mapAlt(l.items, (x) => this.binary(e, x, r, fr));
    if (r?.k === 'many' && r.alt) return mapAlt(r.items, (x) => this.binary(e, l, x, fr));
    if (this.lib.binary) {
      const x = this.lib.binary(this, fr, e, l, r);
      if (x !== UNHANDLED) return x;
    }
    const op = e.op;
    if (l?.k === 'flow' && r?.k === 'cv') return { k: 'flow', f: affineOp(this, l.f, op, r.v, e, e.r, false) };
    if (r?.k === 'flow' && l?.k === 'cv') return { k: 'flow', f: affineOp(this, r.f, op, l.v, e, e.l, true) };
    if (l?.k === 'flow') return { k: 'flow', f: applyOp(l.f, { t: 'nonaffine', node: e }) };
    if (r?.k === 'flow') return { k: 'flow', f: applyOp(r.f, { t: 'nonaffine', node: e }) };
    const c = this.info.evalConst(e, fr.scope);
    return c ? { k: 'cv', v: c } : undefined;
  }

  private call(e: Expr & { k: 'call' }, fr: Frame): Val {
    let name: string | undefined;
    let method: string | undefined;
    let recv: Val;
    if (e.f.k === 'attr') {
      const head = dottedHead(e.f);
      name = head !== undefined && fr.vars.get(head) !== undefined ? undefined : this.info.canonical(e.f, fr.scope);
      if (name === undefined) {
        recv = this.eval(e.f.o, fr);
        method = e.f.n;
      }
    } else if (e.f.k === 'name') {
      const callee = fr.vars.get(e.f.n);
      if (this.info.family === 'cpp' && callee?.k === 'flow' && e.a.length >= 1) {
        // img(cv::Rect(x, y, w, h)) / img(rowRange, colRange): a crop of the same pixels.
        for (const a of e.a) this.eval(a.v, fr);
        return { k: 'flow', f: applyOp(callee.f, { t: 'resize', node: e }) };
      }
      name = fr.vars.has(e.f.n) ? undefined : (this.info.canonical(e.f, fr.scope) ?? e.f.n);
    } else {
      recv = this.eval(e.f, fr);
    }
    const args = this.evalArgs(e.a, fr);
    const alt = altArg(recv, args);
    if (alt !== undefined) return altCall(this, alt, recv, args, (r, a) => finishCall(this, e, fr, name, method, r, a), fr.vars);
    return finishCall(this, e, fr, name, method, recv, args);
  }

  /** Runs the checks on a terminal now (for a callee's own operations when the caller's value is unknown). */
  checkNow(t: Terminal): void {
    this.check(t, this);
  }
}

/** In-place arithmetic on a numpy array or torch tensor (`x -= mean` with a float64 mean) keeps its float dtype. */
function inPlace(family: string, before: Val, after: Val, target: Expr): Val {
  if (family !== 'python' || before?.k !== 'flow' || after?.k !== 'flow') return after;
  const dt = before.f.dtype;
  return (dt === 'float32' || dt === 'float16') && after.f.dtype !== dt ? { k: 'flow', f: applyOp(after.f, { t: 'cast', dtype: dt, node: target }) } : after;
}
