// Per-file symbol knowledge: imports and aliases, scopes of assigned names, and constant evaluation.

import { dottedName, walkExpr, type Expr, type Stmt } from './ir';
import { slot } from './memo';
import { binConst, type CV } from './values';

/** Language families the analysis distinguishes. */
export type Family = 'python' | 'cpp' | 'java' | 'js';

/** Constants a file takes from sibling files of the workspace: a bare imported name, or `head.member`. */
export interface ExternalConsts {
  name(local: string): CV | undefined;
  member(head: string, member: string): CV | undefined;
}

type FuncStmt = Stmt & { k: 'func' };

/** A lexical scope: the values assigned to each name in it. `null` marks an assignment from something unknowable. */
export class Scope {
  readonly vars = new Map<string, (Expr | null)[]>();
  constructor(
    readonly kind: 'module' | 'class' | 'function',
    readonly parent?: Scope,
    readonly cls?: Scope,
  ) {}

  /** Records one assignment of `name`. */
  add(name: string, value: Expr | null): void {
    const list = this.vars.get(name);
    if (list) list.push(value);
    else this.vars.set(name, [value]);
  }

  /** The scope that defines `name`, searching outwards. */
  find(name: string): Scope | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.vars.has(name)) return s;
    return undefined;
  }
}

/** The calls of a statement without lambdas: the bare names called and the call expressions (for their arguments). */
const CALLS = slot<Stmt, { names: string[]; exprs: (Expr & { k: 'call' })[] }>('calls');

/** The bare names a statement's own expressions call, when ModuleInfo has seen it (undefined for statements with lambdas). */
export function callsOf(s: Stmt): readonly string[] | undefined {
  return CALLS.get(s)?.names;
}

const EMPTY: ReadonlySet<string> = new Set();

/** Everything the rules need to know about a file's names. */
export class ModuleInfo {
  readonly imports = new Map<string, string>();
  readonly wildcards: string[] = [];
  readonly usings: string[] = [];
  readonly module: Scope;
  readonly scopeOf = new Map<Stmt, Scope>();
  readonly classOf = new Map<Stmt, Scope>();
  /** Functions by name (module functions, methods by bare name). */
  readonly funcs = new Map<string, FuncStmt[]>();
  /** How often each bare function name is called in the file. */
  readonly callCounts = new Map<string, number>();
  /** The calls of each bare function name in the file. */
  private readonly callSites = new Map<string, (Expr & { k: 'call' })[]>();
  /** Parameters bound to the one constant every call site gives them (or their default), by function. */
  private readonly bound = new Map<Stmt, Set<string>>();
  private readonly constCache = new Map<Scope, Map<string, CV | null>>();
  private readonly normCache = new Map<string, string>();
  private readonly evaluating = new Set<string>();

  constructor(
    readonly family: Family,
    readonly body: Stmt[],
    readonly externals?: ExternalConsts,
  ) {
    this.module = new Scope('module');
    this.collect(body, this.module, undefined);
    this.bindParams();
  }

  /** Parameters of `f` that are constants: every call in the file passes the same one, or none does and the default holds. */
  boundParams(f: Stmt): ReadonlySet<string> {
    return this.bound.get(f) ?? EMPTY;
  }

  /**
   * `def preprocess(img, size=(224, 224))` called as `preprocess(img)` or `preprocess(img, size=SIZE)` everywhere in the
   * file: inside the function, `size` is that constant. A call site passing something the file cannot evaluate (or two
   * different values) leaves the parameter unknown.
   */
  private bindParams(): void {
    for (const [bare, fns] of this.funcs) {
      if (fns.length !== 1) continue;
      const f = fns[0];
      const fs = this.scopeOf.get(f);
      if (!fs) continue;
      const sites = this.callSites.get(bare) ?? [];
      const selfOff = this.family === 'python' && this.classOf.has(f) && /^(self|cls)$/.test(f.params[0]?.name ?? '') ? 1 : 0;
      f.params.forEach((p, i) => {
        if (i < selfOff) return;
        let chosen: Expr | undefined;
        let value: CV | undefined;
        let ok = true;
        const pick = (e: Expr | undefined): void => {
          if (!ok) return;
          const v = e ? this.evalConst(e, this.module) : undefined;
          if (!e || !v || v.t === 'null' || (v.t === 'sym' && e.k !== 'attr') || (value && !sameCV(value, v))) {
            ok = false;
            return;
          }
          value = v;
          chosen ??= e;
        };
        if (sites.length === 0) pick(p.def);
        for (const c of sites) pick(c.a.find((a) => a.name === p.name)?.v ?? c.a.filter((a) => a.name === undefined)[i - selfOff]?.v ?? p.def);
        if (!ok || !chosen) return;
        fs.vars.set(p.name, [chosen]);
        let set = this.bound.get(f);
        if (!set) {
          set = new Set();
          this.bound.set(f, set);
        }
        set.add(p.name);
      });
    }
  }

  private collect(stmts: readonly Stmt[], scope: Scope, cls: Scope | undefined): void {
    for (const s of stmts) {
      switch (s.k) {
        case 'import':
          for (const e of s.entries) {
            if (e.local === '*') this.wildcards.push(e.full);
            else this.imports.set(e.local, e.full);
          }
          break;
        case 'using':
          this.usings.push(s.ns);
          break;
        case 'assign':
          // `Scalar mean;` (a declaration without a value, set later, e.g. in a constructor) is no value of its own.
          if (s.v === null && !s.op && s.decl !== undefined && s.decl !== '#define' && s.t.k === 'name' && this.family !== 'python') {
            if (!scope.vars.has(s.t.n)) scope.vars.set(s.t.n, []);
            break;
          }
          this.bindTarget(s.t, s.op ? null : s.v, scope, cls, s.decl !== undefined || s.isConst !== undefined);
          break;
        case 'func': {
          const list = this.funcs.get(s.name.replace(/^.*\./, ''));
          if (list) list.push(s);
          else this.funcs.set(s.name.replace(/^.*\./, ''), [s]);
          const fs = new Scope('function', this.family === 'python' ? (scope.kind === 'class' ? scope.parent : scope) : scope, cls);
          for (const p of s.params) fs.add(p.name, null);
          this.scopeOf.set(s, fs);
          if (cls) this.classOf.set(s, cls);
          this.collect(s.body, fs, cls);
          break;
        }
        case 'class': {
          const cs = new Scope('class', scope, undefined);
          this.scopeOf.set(s, cs);
          this.collect(s.body, cs, cs);
          break;
        }
        case 'block':
          this.collect(s.body, scope, cls);
          break;
        case 'for':
          this.collect(s.init, scope, cls);
          if (s.target) this.bindTarget(s.target, null, scope, cls);
          for (const u of s.update) this.collectExprAssigns(u, scope, cls);
          this.collect(s.body, scope, cls);
          break;
        case 'expr':
          this.collectExprAssigns(s.e, scope, cls);
          break;
        default:
          break;
      }
      if (s.k === 'expr' || s.k === 'assign' || s.k === 'ret' || s.k === 'for') this.scanExprs(s, scope, cls);
    }
  }

  /** Counts calls by bare name and collects assignments inside lambdas (closures run in place, e.g. tf.tidy). */
  private scanExprs(s: Stmt, scope: Scope, cls: Scope | undefined): void {
    // Statements are immutable and reused across lints while their chunk is unchanged: remember their calls.
    const known = CALLS.get(s);
    if (known) {
      const { names, exprs } = known;
      for (let i = 0; i < names.length; i++) {
        const n = names[i];
        this.callCounts.set(n, (this.callCounts.get(n) ?? 0) + 1);
        const list = this.callSites.get(n);
        if (list) list.push(exprs[i]);
        else this.callSites.set(n, [exprs[i]]);
      }
      return;
    }
    const calls: string[] = [];
    const exprs: (Expr & { k: 'call' })[] = [];
    let lambda = false;
    const visit = (x: Expr): boolean => {
      if (x.k === 'call') {
        const n = x.f.k === 'name' ? x.f.n : x.f.k === 'attr' ? x.f.n : undefined;
        if (n) {
          this.callCounts.set(n, (this.callCounts.get(n) ?? 0) + 1);
          calls.push(n);
          exprs.push(x);
          this.addSite(x);
        }
      } else if (x.k === 'lambda') {
        lambda = true;
        this.collect(x.body, scope, cls);
        return false;
      }
      return true;
    };
    const roots: (Expr | null | undefined)[] =
      s.k === 'expr' ? [s.e] : s.k === 'assign' ? [s.t, s.v] : s.k === 'ret' ? [s.e] : s.k === 'for' ? [s.cond, s.iter, ...s.update] : [];
    for (const r of roots) if (r) walkExpr(r, visit);
    if (!lambda) CALLS.set(s, { names: calls, exprs });
  }

  private addSite(c: Expr & { k: 'call' }): void {
    const n = c.f.k === 'name' ? c.f.n : c.f.k === 'attr' ? c.f.n : undefined;
    if (!n) return;
    const list = this.callSites.get(n);
    if (list) list.push(c);
    else this.callSites.set(n, [c]);
  }

  private collectExprAssigns(e: Expr, scope: Scope, cls: Scope | undefined): void {
    if (e.k === 'assignx') this.bindTarget(e.t, e.op ? null : e.v, scope, cls, false);
    else if (e.k === 'un' && e.e.k === 'name') this.ownerOf(e.e.n, scope, cls, false).add(e.e.n, null);
    else if (e.k === 'other' && e.kids.length === 1 && e.kids[0].k === 'name') this.ownerOf(e.kids[0].n, scope, cls, false).add(e.kids[0].n, null); // i++ (update expression)
  }

  /**
   * The scope an assignment to `name` writes to. Python assignments always bind in their own scope; in Java, C++ and JS
   * an undeclared name assigned inside a function is a field or an outer variable (`size = s;` in a constructor), so
   * that variable stops being the constant of its initializer.
   */
  private ownerOf(name: string, scope: Scope, cls: Scope | undefined, declared: boolean): Scope {
    if (declared || this.family === 'python' || scope.kind !== 'function' || scope.vars.has(name)) return scope;
    return scope.parent?.find(name) ?? cls ?? scope;
  }

  private bindTarget(t: Expr, v: Expr | null, scope: Scope, cls: Scope | undefined, declared = true): void {
    if (t.k === 'name') {
      // A value written from inside a function to an outer variable is not a constant of that variable's scope.
      const owner = this.ownerOf(t.n, scope, cls, declared);
      owner.add(t.n, owner === scope ? v : null);
      return;
    }
    if (t.k === 'attr' && t.o.k === 'name' && /^(self|this)$/.test(t.o.n) && cls) {
      cls.add(t.n, v);
      return;
    }
    if (t.k === 'seq') {
      const items = v && v.k === 'seq' && v.items.length === t.items.length ? v.items : undefined;
      t.items.forEach((x, i) => this.bindTarget(x, items ? items[i] : null, scope, cls, declared));
    }
    if (t.k === 'obj') for (const p of t.props) this.bindTarget(p.v, null, scope, cls);
  }

  /** The scope of a function or class statement (the module scope otherwise). */
  scopeFor(s: Stmt | undefined): Scope {
    return (s && this.scopeOf.get(s)) ?? this.module;
  }

  /** True when `name` is an assigned variable (not an import) visible from `scope`. */
  isVariable(name: string, scope: Scope): boolean {
    return scope.find(name) !== undefined && !this.imports.has(name);
  }

  /** The canonical library name of a name/attribute chain (cv2.resize, np.float32, keras.image.load_img), or undefined. */
  canonical(e: Expr, scope: Scope): string | undefined {
    const d = dottedName(e);
    if (d === undefined) return undefined;
    const dot = d.indexOf('.');
    const head = dot < 0 ? d : d.slice(0, dot);
    const rest = dot < 0 ? '' : d.slice(dot);
    if (head === 'self' || head === 'this') return undefined;
    const imported = this.imports.get(head);
    if (imported === undefined && this.isVariable(head, scope)) return undefined;
    const full = (imported ?? head) + rest;
    const key = imported !== undefined ? `i:${full}` : full;
    let n = this.normCache.get(key);
    if (n === undefined) {
      n = normalize(this.family, full, imported !== undefined);
      this.normCache.set(key, n);
    }
    return n;
  }

  /** Candidate canonical names for C++ bare names under `using namespace`. */
  withUsings(name: string): string[] {
    const out = [name];
    for (const ns of this.usings) out.push(`${ns}.${name}`);
    return out;
  }

  /** Evaluates an expression to a constant when every name in it is bound to one known value. */
  evalConst(e: Expr, scope: Scope, depth = 0): CV | undefined {
    if (depth > 12) return undefined;
    switch (e.k) {
      case 'num':
        return { t: 'num', v: e.v, dt: this.family === 'python' ? (e.float ? 'weak' : 'int') : e.f32 ? 'f32' : e.float ? 'f64' : 'int' };
      case 'str':
        return { t: 'str', v: e.v };
      case 'bool':
        return { t: 'bool', v: e.v };
      case 'null':
        return { t: 'null' };
      case 'name':
        return this.evalName(e.n, scope, depth);
      case 'attr': {
        if (e.o.k === 'name' && /^(self|this)$/.test(e.o.n)) {
          const cls = scope.cls ?? (scope.kind === 'class' ? scope : undefined);
          return cls ? this.evalName(e.n, cls, depth, true) : undefined;
        }
        if (this.externals && e.o.k === 'name' && !this.isVariable(e.o.n, scope)) {
          const x = this.externals.member(e.o.n, e.n);
          if (x) return x;
        }
        const c = this.canonical(e, scope);
        return c ? { t: 'sym', name: c } : undefined;
      }
      case 'seq': {
        const items: CV[] = [];
        for (const x of e.items) {
          const v = this.evalConst(x, scope, depth + 1);
          if (!v) return undefined;
          items.push(v);
        }
        return { t: 'seq', items, dt: this.family === 'python' ? 'list' : seqDt(items) };
      }
      case 'bin': {
        const l = this.evalConst(e.l, scope, depth + 1);
        const r = l ? this.evalConst(e.r, scope, depth + 1) : undefined;
        return l && r ? binConst(e.op, l, r) : undefined;
      }
      case 'un': {
        const v = this.evalConst(e.e, scope, depth + 1);
        if (e.op === '-' && v?.t === 'num') return { ...v, v: -v.v };
        if (e.op === '-' && v?.t === 'seq') return binConst('*', v, { t: 'num', v: -1, dt: 'int' });
        if ((e.op === 'not' || e.op === '!') && v?.t === 'bool') return { t: 'bool', v: !v.v };
        return undefined;
      }
      case 'cast': {
        const v = this.evalConst(e.e, scope, depth + 1);
        if (v?.t === 'num' && /float/.test(e.t)) return { t: 'num', v: v.v, dt: 'f32' };
        if (v?.t === 'num' && /double/.test(e.t)) return { t: 'num', v: v.v, dt: 'f64' };
        if (v?.t === 'num' && /int|long|short|size_t/.test(e.t)) return { t: 'num', v: Math.trunc(v.v), dt: 'int' };
        return v;
      }
      case 'call':
        return this.evalCall(e, scope, depth);
      case 'sub': {
        // MEAN[np.newaxis, np.newaxis, :] and MEAN[None, None, ...] only add broadcast axes: the values stay.
        const onlyAxes =
          e.idx.length > 0 &&
          e.idx.every(
            (i) =>
              i.k === 'ellipsis' ||
              (i.k === 'slice' && i.parts.every((p) => p === null)) ||
              i.k === 'null' ||
              (i.k === 'name' && i.n === 'None') ||
              (i.k === 'attr' && i.n === 'newaxis'),
          );
        return onlyAxes ? this.evalConst(e.o, scope, depth + 1) : undefined;
      }
      default:
        return undefined;
    }
  }

  private evalName(name: string, scope: Scope, depth: number, classOnly = false): CV | undefined {
    const s = classOnly ? (scope.vars.has(name) ? scope : undefined) : (scope.find(name) ?? (scope.cls?.vars.has(name) ? scope.cls : undefined));
    if (!s) {
      const x = this.externals?.name(name);
      if (x) return x;
      if (this.imports.has(name)) return { t: 'sym', name: normalize(this.family, this.imports.get(name)!, true) };
      if (this.family === 'cpp' || this.family === 'java' || this.family === 'js') return { t: 'sym', name };
      return undefined;
    }
    let cache = this.constCache.get(s);
    if (!cache) {
      cache = new Map();
      this.constCache.set(s, cache);
    }
    if (cache.has(name)) return cache.get(name) ?? undefined;
    if (this.evaluating.has(name)) return undefined;
    this.evaluating.add(name);
    let result: CV | undefined;
    try {
      const values = s.vars.get(name) ?? [];
      for (const v of values) {
        const cv = v ? this.evalConst(v, s, depth + 1) : undefined;
        if (!cv || (result && !sameCV(result, cv))) {
          result = undefined;
          break;
        }
        result = cv;
      }
    } finally {
      this.evaluating.delete(name);
    }
    cache.set(name, result ?? null);
    return result;
  }

  private evalCall(e: Expr & { k: 'call' }, scope: Scope, depth: number): CV | undefined {
    // A getter of this file (`int getInputSize() { return INPUT_SIZE; }`, `self.size()`): what it returns.
    const own =
      e.a.length === 0 ? (e.f.k === 'name' ? e.f.n : e.f.k === 'attr' && e.f.o.k === 'name' && /^(self|this)$/.test(e.f.o.n) ? e.f.n : undefined) : undefined;
    const getter = own !== undefined && !this.imports.has(own) ? this.funcs.get(own) : undefined;
    if (getter?.length === 1 && getter[0].body.length === 1) {
      const r = getter[0].body[0];
      if (r.k === 'ret' && r.e) return this.evalConst(r.e, this.scopeFor(getter[0]), depth + 1);
    }
    if (e.f.k === 'attr' && /^(reshape|astype|copy|flatten|ravel|squeeze|view)$/.test(e.f.n) && this.family === 'python') {
      // np.array([...], dtype=np.float32).reshape(1, 1, 3): a reshaped or cast constant keeps its values.
      const inner = this.evalConst(e.f.o, scope, depth + 1);
      if (inner?.t !== 'seq' && inner?.t !== 'num') return undefined;
      if (e.f.n !== 'astype') return inner;
      const dtv = e.a[0] ? this.evalConst(e.a[0].v, scope, depth + 1) : undefined;
      const dtText = dtv?.t === 'sym' ? dtv.name : dtv?.t === 'str' ? dtv.v : '';
      const dt = /float32|float16/.test(dtText) ? 'f32' : /float64|double|^float$/.test(dtText) ? 'f64' : undefined;
      return dt && inner.t === 'seq' ? { ...inner, dt } : dt && inner.t === 'num' ? { ...inner, dt } : inner;
    }
    const name = this.canonical(e.f, scope) ?? (e.f.k === 'name' ? e.f.n : undefined);
    if (!name) return undefined;
    const arg0 = e.a[0] ? this.evalConst(e.a[0].v, scope, depth + 1) : undefined;
    const base = name.replace(/^.*\./, '');
    if (/^np\.(array|asarray|float32|float64|float16)$/.test(name) || /^(tf\.(constant|convert_to_tensor|tensor1d|tensor|scalar))$/.test(name)) {
      if (!arg0) return undefined;
      const dtArg = e.a.find((a) => a.name === 'dtype')?.v ?? (name.startsWith('tf.') ? e.a[1]?.v : undefined);
      const dtName = dtArg ? this.evalConst(dtArg, scope, depth + 1) : undefined;
      const dtText = dtName?.t === 'sym' ? dtName.name : dtName?.t === 'str' ? dtName.v : '';
      let dt: 'f32' | 'f64' | 'int' = /float32|float16/.test(dtText) || /float32|float16/.test(name) || name.startsWith('tf.') ? 'f32' : 'f64';
      if (/int/.test(dtText)) dt = 'int';
      if (name === 'np.float64') dt = 'f64';
      if (arg0.t === 'num') return { t: 'num', v: arg0.v, dt: name === 'np.array' || name === 'np.asarray' ? 'f64' : dt };
      if (arg0.t === 'seq') return { t: 'seq', items: arg0.items, dt };
      return undefined;
    }
    if ((base === 'float' || base === 'int') && arg0?.t === 'num')
      return { t: 'num', v: base === 'int' ? Math.trunc(arg0.v) : arg0.v, dt: base === 'int' ? 'int' : 'weak' };
    if ((name === 'tuple' || name === 'list') && arg0?.t === 'seq') return arg0;
    if (
      /^(cv\.)?(Size|Size2i|Size2f|Scalar|Vec3f|Vec3d|Vec3b|Point)$/.test(name) ||
      /^(Float32Array|Float64Array)$/.test(name) ||
      /^(std\.)?(array|vector)$/.test(name)
    ) {
      const items: CV[] = [];
      const src = e.a.length === 1 && arg0?.t === 'seq' ? arg0.items : e.a.map((a) => this.evalConst(a.v, scope, depth + 1));
      for (const v of src) {
        if (!v) return undefined;
        items.push(v);
      }
      return { t: 'seq', items, dt: /64/.test(name) ? 'f64' : 'f32' };
    }
    if (/^(Float32Array|Float64Array)\.(from|of)$/.test(name) && arg0?.t === 'seq') return { ...arg0, dt: /64/.test(name) ? 'f64' : 'f32' };
    return undefined;
  }
}

function seqDt(items: CV[]): 'f32' | 'f64' | 'int' {
  if (items.some((x) => x.t === 'num' && x.dt === 'f64')) return 'f64';
  if (items.some((x) => x.t === 'num' && (x.dt === 'f32' || x.dt === 'weak'))) return 'f32';
  return 'int';
}

/** Deep equality of two constants (numbers by value). */
export function sameCV(a: CV, b: CV): boolean {
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'num':
      return a.v === (b as typeof a).v;
    case 'str':
      return a.v === (b as typeof a).v;
    case 'bool':
      return a.v === (b as typeof a).v;
    case 'null':
      return true;
    case 'sym':
      return a.name === (b as typeof a).name;
    case 'seq': {
      const bi = (b as typeof a).items;
      return a.items.length === bi.length && a.items.every((x, i) => sameCV(x, bi[i]));
    }
  }
}

const PY_PREFIXES: [RegExp, string][] = [
  [/^numpy\b/, 'np'],
  [/^tensorflow\.keras\b/, 'keras'],
  [/^tf\.keras\b/, 'keras'],
  [/^tensorflow\.python\.keras\b/, 'keras'],
  [/^tensorflow\b/, 'tf'],
  [/^keras\.src\b/, 'keras'],
  [/^keras\.api\b/, 'keras'],
  [/^keras\.(preprocessing\.image|utils\.image_utils|utils)\.(load_img|img_to_array|array_to_img|smart_resize)$/, 'keras.image.$2'],
  [/^keras\.applications\.imagenet_utils\./, 'keras.applications.imagenet_utils.'],
];

/** Normalises a resolved dotted name to the canonical spelling the rule tables use. */
export function normalize(family: Family, full: string, imported: boolean): string {
  if (family === 'python') {
    let s = full;
    for (const [re, to] of PY_PREFIXES) s = s.replace(re, to);
    if (!imported && /^Image\./.test(s)) s = `PIL.${s}`;
    return s;
  }
  if (family === 'java') {
    const parts = full.split('.');
    let i = 0;
    while (i < parts.length - 1 && /^[a-z]/.test(parts[i]) && parts.slice(i + 1).some((p) => /^[A-Z]/.test(p))) i++;
    return parts.slice(i).join('.');
  }
  if (family === 'js') {
    if (/^@tensorflow\/tfjs(-node(-gpu)?|-core)?$/.test(full.split('.')[0])) return 'tf' + full.slice(full.split('.')[0].length);
    if (/^@techstark\/opencv-js|^opencv\.js|^opencv-wasm/.test(full)) return 'cv' + full.slice(full.split('.')[0].length);
    return full;
  }
  return full;
}
