// Per-file symbol knowledge: imports and aliases, scopes of assigned names, calls; constants are evaluated in scope-eval.ts.

import { foreignReceiver, javaTypes, type JavaTypes } from './scope-callers';
import { dottedHead, dottedName, endOf, startOf, type Expr, type Stmt } from './ir';
import { dictLiteral } from './scope-config-dicts';
import { bindMembers } from './scope-ctor-members';
import { isLiteralValue, literalOf, scopeAtSite } from './scope-site';
import { slot } from './memo';
import { evalConst } from './scope-eval';
import type { CollectCache, FuncRecord } from './scope-record';
import { Scope } from './lexical-scope';
import { stmtCallsAndLambdas, type NamedCall } from './scope-calls';
import { normalize, sameCV, type Family } from './scope-names';
import type { CV } from './values';

/** Constants a file takes from sibling files of the workspace: a bare imported name, or `head.member`. */
export interface ExternalConsts {
  name(local: string): CV | undefined;
  member(head: string, member: string): CV | undefined;
  /** C++: the `using namespace` directives of the included headers. */
  usings?(): string[];
  /** C++: field `name` of a brace-initialised aggregate, by a struct of an included header (scope-struct-fields.ts). */
  structField?(agg: CV, name: string): CV | undefined;
  /** True when `local` names a class of a sibling file whose methods prepare images themselves (resize, blobFromImage). */
  preparingClass?(local: string): boolean;
  /** The one expression a name imported from a sibling module was assigned there, with that module to read it in. */
  definition?(local: string): { e: Expr; info: ModuleInfo } | undefined;
  /** C++: a function (or method) of that bare name defined in the source file of an included header (`Infer.cpp` of `Infer.h`). */
  func?(bare: string): ForeignFunc | undefined;
}

/** A function defined in a sibling file: its module, its statement and the file's text. */
export interface ForeignFunc {
  readonly info: ModuleInfo;
  readonly f: FuncStmt;
  readonly text: string;
}

type FuncStmt = Stmt & { k: 'func' };

/** The calls of a statement without lambdas whose callee has a bare name (`f(...)`, `x.f(...)`); the name is `.f.n`. */
const CALLS = slot<Stmt, readonly NamedCall[]>('calls');
const NO_CALLS: readonly NamedCall[] = [];

/** The calls with a bare name among a statement's own expressions, when ModuleInfo has seen it (undefined for statements with lambdas); each one's name is `.f.n`. */
export function callsOf(s: Stmt): readonly NamedCall[] | undefined {
  return CALLS.get(s);
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
  /** C++ members a constructor of this file sets from its parameters, for a class declared in an included header. */
  readonly ctorMembers = new Map<string, Scope>();
  /** How often each bare function name is called in the file. */
  readonly callCounts = new Map<string, number>();
  /** The calls of each bare function name in the file. */
  private readonly callSites = new Map<string, (Expr & { k: 'call' })[]>();
  /** Parameters bound to the one constant every call site gives them (or their default), by function. */
  private readonly bound = new Map<Stmt, Set<string>>();
  /** Constant evaluation state (scope-eval.ts): values by scope and name, and the names being evaluated. */
  readonly constCache = new Map<Scope, Map<string, CV | null>>();
  readonly evaluating = new Set<string>();
  private readonly normCache = new Map<string, string>();

  /**
   * Module and class functions whose collection wrote outside their own scopes (a `self.x` field, or in C++, Java and
   * JS an outer variable): other functions may read what they write. Filled when built with a CollectCache.
   */
  readonly outerWriters = new Set<Stmt>();
  /** The function being recorded (collect of a chunk-level function with a reuse cache). */
  private rec: FuncRecord | undefined;

  constructor(
    readonly family: Family,
    readonly body: Stmt[],
    readonly externals?: ExternalConsts,
    /** Per-document records: unchanged functions are not walked again (see scope-record.ts). */
    private readonly reuse?: CollectCache,
  ) {
    this.module = new Scope('module');
    try {
      this.collect(body, this.module, undefined);
    } catch (err) {
      reuse?.abort();
      throw err;
    }
    reuse?.commit();
    this.bindParams();
  }

  /** Parameters of `f` that are constants: every call in the file passes the same one, or none does and the default holds. */
  /** The calls of a function of this name in the file (by bare name). */
  callsTo(bare: string): readonly (Expr & { k: 'call' })[] {
    return this.callSites.get(bare) ?? [];
  }

  boundParams(f: Stmt): ReadonlySet<string> {
    return this.bound.get(f) ?? EMPTY;
  }

  /**
   * `def preprocess(img, size=(224, 224))` called as `preprocess(img)` or `preprocess(img, size=SIZE)` everywhere in the
   * file: inside the function, `size` is that constant. A call site passing something the file cannot evaluate (or two
   * different values) leaves the parameter unknown.
   */
  private bindParams(): void {
    this.ctorMembers.clear();
    this.locals = undefined;
    this.callerConsts = undefined;
    this.classNames = undefined;
    // C++ constructors first: the members they bind are read by the arguments of other calls (`Forward(mNet, image,
    // mScale, mSize)` in a method, where the constructor set mScale and mSize from its call's constants).
    let entries: Iterable<[string, FuncStmt[]]> = this.funcs;
    if (this.family === 'cpp') {
      const ctors: [string, FuncStmt[]][] = [];
      const rest: [string, FuncStmt[]][] = [];
      for (const e of this.funcs) (e[1].length === 1 && this.constructorOwner(e[1][0]) !== undefined ? ctors : rest).push(e);
      entries = [...ctors, ...rest];
    }
    for (const [bare, fns] of entries) {
      // A Python constructor is called by its class's name (`yolo(config)` runs yolo.__init__), one per class.
      if (bare === '__init__' && this.family === 'python') {
        for (const f of fns) {
          const name = this.classNameOf(f);
          if (name !== undefined) this.bindFuncParams(f, this.callSites.get(name) ?? []);
        }
        continue;
      }
      if (fns.length !== 1) continue;
      this.bindFuncParams(fns[0], this.callSites.get(bare) ?? []);
    }
  }

  /**
   * `self.inpWidth = config['inpWidth']` (or `= w`) in a constructor whose parameter every call site gives one constant:
   * the field is that constant's item (or the constant), for the other methods to read. Only a field assigned once,
   * in this constructor.
   */
  private bindFields(f: FuncStmt, param: string, chosen: Expr): void {
    const cls = this.classOf.get(f);
    if (!cls) return;
    const from = startOf(f.sp);
    const to = endOf(f.sp);
    for (const [name, list] of cls.vars) {
      const e = list.length === 1 ? list[0] : null;
      if (!e || startOf(e.sp) < from || endOf(e.sp) > to) continue;
      if (e.k === 'name' && e.n === param) cls.bindValue(name, chosen);
      else if (e.k === 'sub' && e.o.k === 'name' && e.o.n === param) cls.bindValue(name, { k: 'sub', o: chosen, idx: e.idx, sp: e.sp });
    }
  }

  /** The class a C++ constructor builds (`YOLO::YOLO`, or `YOLO(...)` inside `class YOLO`); undefined for other functions. */
  private constructorOwner(f: FuncStmt): string | undefined {
    const owner = this.scopeOf.get(f)?.owner ?? this.classNameOf(f);
    return owner !== undefined && f.name.replace(/^.*\./, '') === owner ? owner : undefined;
  }

  /** Class names by class scope, made once per binding of the file's parameters. */
  private classNames: Map<Scope, string> | undefined;

  /** The name of the class a method is defined in, else undefined. */
  private classNameOf(f: FuncStmt): string | undefined {
    const cls = this.classOf.get(f);
    if (!cls) return undefined;
    if (!this.classNames) {
      this.classNames = new Map();
      for (const [st, sc] of this.scopeOf) if (st.k === 'class' && !this.classNames.has(sc)) this.classNames.set(sc, st.name.replace(/^.*\./, ''));
    }
    return this.classNames.get(cls);
  }

  /** Binds each parameter of `f` that every call site in `sites` (or its default, with none) gives one constant. */
  private bindFuncParams(f: FuncStmt, sites: readonly (Expr & { k: 'call' })[]): void {
    const fs = this.scopeOf.get(f);
    if (!fs) return;
    const selfOff = this.family === 'python' && this.classOf.has(f) && /^(self|cls)$/.test(f.params[0]?.name ?? '') ? 1 : 0;
    // A method's call sites sit in its class, mostly (Java's classify() calling getResizedBitmap(bm, INPUT_SIZE,
    // INPUT_SIZE)): their arguments may name the class's constants.
    const at = fs.parent?.kind === 'class' ? fs.parent : this.module;
    f.params.forEach((p, i) => {
      if (i < selfOff) return;
      let chosen: Expr | undefined;
      let value: CV | undefined;
      let ok = true;
      const pick = (e: Expr | undefined, site?: Expr): void => {
        if (!ok) return;
        // A module-level dict/object literal passed by name (`build(CFG)`): the parameter reads its items.
        const dict = e?.k === 'name' && this.moduleDict(e.n);
        // A dict literal the argument picks (`Net_config[args.net_type]`, `{'inpWidth': 416}`): that literal.
        const lit = !dict && e && (e.k === 'sub' || e.k === 'obj') ? dictLiteral(this, e, at) : undefined;
        if (lit) e = lit;
        let v = e
          ? (this.evalConst(e, at) ??
            (dict
              ? { t: 'sym' as const, name: `dict ${e.k === 'name' ? e.n : ''}` }
              : lit
                ? { t: 'sym' as const, name: `dict@${startOf(lit.sp)}` }
                : undefined))
          : undefined;
        // `main()` sets `input_height = 128` and calls `read(f, input_height=input_height)`: the caller's one constant.
        const local = !v && e?.k === 'name' ? this.callerConstant(e.n, fs) : undefined;
        if (local) {
          v = local.v;
          e = local.e;
        }
        // `ImageProcessor ip(net, scale, cv::Size(w, h))` in a function that set them: the caller's values, as a literal.
        if ((!v || (!dict && !lit && !isLiteralValue(v))) && e && site && this.family !== 'python') {
          const sc = scopeAtSite(this, startOf(site.sp));
          const sv = sc && sc !== at && sc !== fs ? this.evalConst(e, sc) : undefined;
          const le = sv ? literalOf(sv, e.sp) : undefined;
          if (le && sv) {
            v = sv;
            e = le;
          }
        }
        if (!e || !v || v.t === 'null' || (v.t === 'sym' && !dict && !lit && (e.k !== 'attr' || this.localHead(e))) || (value && !sameCV(value, v))) {
          ok = false;
          return;
        }
        value = v;
        chosen ??= e;
      };
      // C++ defaults bind a constructor's parameters only (the members it sets, `cv::Size& inputSize = cv::Size(640, 640)`):
      // another function's default is often a display size (`visualize(…, cv::Size(128, 384))`).
      const def = this.family !== 'cpp' || this.constructorOwner(f) !== undefined ? p.def : undefined;
      if (sites.length === 0) pick(def);
      for (const c of sites) pick(c.a.find((a) => a.name === p.name)?.v ?? c.a.filter((a) => a.name === undefined)[i - selfOff]?.v ?? def, c);
      if (!ok || !chosen) return;
      // `def prep(img, size)` called as `prep(img, size)` with a module-level `size`: inside the function that name is
      // the parameter itself, so the parameter takes the module's one assignment instead of a name that reads itself.
      if (chosen.k === 'name' && chosen.n === p.name) {
        const mod = this.module.vars.get(p.name);
        if (mod?.length !== 1 || !mod[0]) return;
        chosen = mod[0];
      }
      fs.bindValue(p.name, chosen);
      if (this.family === 'python' && f.name === '__init__') this.bindFields(f, p.name, chosen);
      if (this.family === 'cpp') {
        // A constructor defined outside its class (`YOLO::YOLO(...)`) or inside it (`ImageProcessor(...) : mScale(scale)`).
        const owner = this.constructorOwner(f);
        if (owner !== undefined) bindMembers(this, f, owner, p.name, chosen);
      }
      let set = this.bound.get(f);
      if (!set) {
        set = new Set();
        this.bound.set(f, set);
      }
      set.add(p.name);
    });
  }

  private callerConsts: Map<Scope, Map<string, { e: Expr; v: CV } | null>> | undefined;

  /**
   * A name the functions of the file (other than `callee`) each assign once to the same constant (`input_height = 128`
   * in the one function that calls `read(f, input_height=input_height)`): that constant and its expression. A function
   * where the name is a parameter, assigned twice or to something else leaves it unknown.
   */
  private callerConstant(name: string, callee: Scope): { e: Expr; v: CV } | undefined {
    this.callerConsts ??= new Map();
    let byName = this.callerConsts.get(callee);
    if (!byName) {
      byName = new Map();
      this.callerConsts.set(callee, byName);
    }
    let found = byName.get(name);
    if (found === undefined) {
      found = null;
      for (const sc of this.scopeOf.values()) {
        if (sc === callee || sc.kind !== 'function') continue;
        const list = sc.vars.get(name);
        if (!list) continue;
        const x = list.length === 1 ? list[0] : null;
        const v = x ? this.evalConst(x, this.module) : undefined;
        if (!x || !v || v.t === 'null' || v.t === 'sym' || (found && !sameCV(found.v, v))) {
          found = null;
          break;
        }
        found ??= { e: x, v };
      }
      byName.set(name, found);
    }
    return found ?? undefined;
  }

  /** True when `name` is a module-level variable assigned once, a dict or object literal. */
  private moduleDict(name: string): boolean {
    const vals = this.module.vars.get(name);
    return vals?.length === 1 && vals[0]?.k === 'obj';
  }

  private locals: Map<string, boolean> | undefined;

  /** `imageData.data` where `imageData` is a function's local variable: a value of that call, not a named constant. */
  private localHead(e: Expr): boolean {
    const head = dottedHead(e);
    if (head === undefined || this.imports.has(head)) return false;
    this.locals ??= new Map();
    let local = this.locals.get(head);
    if (local === undefined) {
      local = false;
      for (const sc of this.scopeOf.values()) if (sc.kind === 'function' && sc.vars.has(head)) local = true;
      this.locals.set(head, local);
    }
    return local;
  }

  private collect(stmts: readonly Stmt[], scope: Scope, cls: Scope | undefined): void {
    for (const s of stmts) {
      switch (s.k) {
        case 'import':
          for (const e of s.entries) {
            if (e.local === '*') this.wildcards.push(e.full);
            else this.imports.set(e.local, e.full);
            this.rec?.ops.push(e.local === '*' ? { k: 'wildcard', full: e.full } : { k: 'import', local: e.local, full: e.full });
          }
          break;
        case 'using':
          this.usings.push(s.ns);
          this.rec?.ops.push({ k: 'using', ns: s.ns });
          break;
        case 'assign':
          // `Scalar mean;` (a declaration without a value, set later, e.g. in a constructor) is no value of its own.
          if (s.v === null && !s.op && s.decl !== undefined && s.decl !== '#define' && s.t.k === 'name' && this.family !== 'python') {
            if (this.rec && !this.rec.owned.has(scope)) this.rec.pure = false;
            if (!scope.vars.has(s.t.n)) scope.vars.set(s.t.n, []);
            break;
          }
          this.bindTarget(s.t, s.op ? null : s.v, scope, cls, s.decl !== undefined || s.isConst !== undefined);
          break;
        case 'func':
          if (this.reuse && !this.rec) this.collectChunkFunc(s, scope, cls);
          else this.collectFunc(s, scope, cls);
          break;
        case 'class': {
          const cs = this.newScope('class', scope, undefined);
          this.scopeOf.set(s, cs);
          this.rec?.ops.push({ k: 'scopeOf', s, scope: cs });
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

  private collectFunc(s: FuncStmt, scope: Scope, cls: Scope | undefined): void {
    const bare = s.name.replace(/^.*\./, '');
    const list = this.funcs.get(bare);
    if (list) list.push(s);
    else this.funcs.set(bare, [s]);
    const fs = this.newScope('function', this.family === 'python' ? (scope.kind === 'class' ? scope.parent : scope) : scope, cls);
    for (const p of s.params) fs.add(p.name, null);
    if (this.family === 'cpp' && !cls && s.name.includes('.')) fs.owner = s.name.split('.').slice(-2)[0];
    this.scopeOf.set(s, fs);
    if (cls) this.classOf.set(s, cls);
    const rec = this.rec;
    if (rec) {
      rec.ops.push({ k: 'func', bare, s }, { k: 'scopeOf', s, scope: fs });
      if (cls) rec.ops.push({ k: 'classOf', s, scope: cls === rec.cls ? undefined : cls });
    }
    this.collect(s.body, fs, cls);
  }

  /** A function of the module or of a class: replayed from its record when unchanged, else collected and recorded. */
  private collectChunkFunc(s: FuncStmt, scope: Scope, cls: Scope | undefined): void {
    const old = this.reuse?.get(s);
    if (old && old.scopeKind === scope.kind && old.hasCls === (cls !== undefined)) {
      this.replay(old, scope, cls);
      if (old.writesOuter) this.outerWriters.add(s);
      this.reuse?.keep(s, old);
      return;
    }
    const rec: FuncRecord = {
      scopeKind: scope.kind,
      hasCls: cls !== undefined,
      cls,
      root: scope,
      owned: new Set(),
      clsScopes: [],
      ops: [],
      pure: true,
      writesOuter: false,
    };
    this.rec = rec;
    try {
      this.collectFunc(s, scope, cls);
    } finally {
      this.rec = undefined;
    }
    const root = this.scopeOf.get(s);
    rec.writesOuter = !rec.pure || rec.ops.some((op) => op.k === 'field');
    if (rec.writesOuter) this.outerWriters.add(s);
    if (rec.pure && root) {
      rec.root = root;
      rec.cls = undefined; // only its identity mattered while recording
      this.reuse?.keep(s, rec);
    }
  }

  /** Does again what collecting an unchanged function did, with its kept scopes attached to the current ones. */
  private replay(r: FuncRecord, scope: Scope, cls: Scope | undefined): void {
    r.root.parent = this.family === 'python' ? (scope.kind === 'class' ? scope.parent : scope) : scope;
    for (const x of r.clsScopes) x.cls = cls;
    for (const x of r.owned) x.unbind();
    for (const op of r.ops) {
      switch (op.k) {
        case 'import':
          this.imports.set(op.local, op.full);
          break;
        case 'wildcard':
          this.wildcards.push(op.full);
          break;
        case 'using':
          this.usings.push(op.ns);
          break;
        case 'func': {
          const list = this.funcs.get(op.bare);
          if (list) list.push(op.s);
          else this.funcs.set(op.bare, [op.s]);
          break;
        }
        case 'scopeOf':
          this.scopeOf.set(op.s, op.scope);
          break;
        case 'classOf': {
          const c = op.scope ?? cls;
          if (c) this.classOf.set(op.s, c);
          break;
        }
        case 'call':
          this.countCall(op.n, op.e);
          break;
        case 'field':
          cls?.add(op.name, op.v);
          break;
      }
    }
  }

  private newScope(kind: Scope['kind'], parent: Scope | undefined, cls: Scope | undefined): Scope {
    const s = new Scope(kind, parent, cls);
    const rec = this.rec;
    if (rec) {
      rec.owned.add(s);
      if (cls && cls === rec.cls) rec.clsScopes.push(s);
    }
    return s;
  }

  /** Records an assignment in `scope`; while recording, a write outside the function's own scopes is a field or impure. */
  private put(scope: Scope, name: string, v: Expr | null): void {
    const rec = this.rec;
    if (rec && !rec.owned.has(scope)) {
      if (scope === rec.cls) rec.ops.push({ k: 'field', name, v });
      else rec.pure = false;
    }
    scope.add(name, v);
  }

  private types: JavaTypes | undefined;

  /** True when a function of the file named `bare` is called in it (Java: not by calls on another class's objects; scope-callers.ts). */
  hasCallers(bare: string): boolean {
    if ((this.callCounts.get(bare) ?? 0) === 0) return false;
    if (this.family !== 'java') return true;
    const sites = this.callSites.get(bare);
    if (!sites) return true;
    const types = (): JavaTypes => (this.types ??= javaTypes(this.body));
    for (let i = 0; i < sites.length; i++) if (!foreignReceiver(sites[i]!, types)) return true;
    return false;
  }

  private countCall(n: string, e: Expr & { k: 'call' }): void {
    this.callCounts.set(n, (this.callCounts.get(n) ?? 0) + 1);
    const list = this.callSites.get(n);
    if (list) list.push(e);
    else this.callSites.set(n, [e]);
    this.rec?.ops.push({ k: 'call', n, e });
  }

  /** Counts calls by bare name and collects assignments inside lambdas (closures run in place, e.g. tf.tidy). */
  private scanExprs(s: Stmt, scope: Scope, cls: Scope | undefined): void {
    // Statements are immutable and reused across lints while their chunk is unchanged: remember their calls.
    const known = CALLS.get(s);
    if (known) {
      for (let i = 0; i < known.length; i++) this.countCall(known[i].f.n, known[i]);
      return;
    }
    const found = stmtCallsAndLambdas(s);
    let lambda = false;
    for (let i = 0; i < found.length; i++) {
      const x = found[i];
      if (x.k === 'lambda') {
        lambda = true;
        this.collect(x.body, scope, cls);
      } else this.countCall(x.f.n, x);
    }
    // Kept for the document's lifetime, so exactly sized (a pushed-to array reserves 17 slots), one shared empty list.
    if (!lambda) CALLS.set(s, found.length === 0 ? NO_CALLS : (found.slice() as NamedCall[]));
  }

  private collectExprAssigns(e: Expr, scope: Scope, cls: Scope | undefined): void {
    if (e.k === 'assignx') this.bindTarget(e.t, e.op ? null : e.v, scope, cls, false);
    else if (e.k === 'un' && e.e.k === 'name') this.put(this.ownerOf(e.e.n, scope, cls, false), e.e.n, null);
    else if (e.k === 'other' && e.kids.length === 1 && e.kids[0].k === 'name') this.put(this.ownerOf(e.kids[0].n, scope, cls, false), e.kids[0].n, null); // i++ (update expression)
  }

  /**
   * The scope an assignment to `name` writes to. Python assignments always bind in their own scope; in Java, C++ and JS
   * an undeclared name assigned inside a function is a field or an outer variable (`size = s;` in a constructor), so
   * that variable stops being the constant of its initializer.
   */
  private ownerOf(name: string, scope: Scope, cls: Scope | undefined, declared: boolean): Scope {
    if (declared || this.family === 'python' || scope.kind !== 'function' || scope.vars.has(name)) return scope;
    if (this.rec) this.rec.pure = false; // the answer depends on scopes outside the function
    return scope.parent?.find(name) ?? cls ?? scope;
  }

  private bindTarget(t: Expr, v: Expr | null, scope: Scope, cls: Scope | undefined, declared = true): void {
    if (t.k === 'name') {
      // A value written from inside a function to an outer variable is not a constant of that variable's scope.
      const owner = this.ownerOf(t.n, scope, cls, declared);
      this.put(owner, t.n, owner === scope ? v : null);
      return;
    }
    if (t.k === 'attr' && t.o.k === 'name' && (t.o.n === 'self' || t.o.n === 'this') && cls) {
      this.put(cls, t.n, v);
      return;
    }
    if (t.k === 'seq') {
      const items = v && v.k === 'seq' && v.items.length === t.items.length ? v.items : undefined;
      // `c, h, w = self.shape` (a name or attribute holding a sequence): each name is that item, `self.shape[i]`.
      const named = !items && v && (v.k === 'name' || v.k === 'attr') ? v : undefined;
      t.items.forEach((x, i) => this.bindTarget(x, items ? items[i] : named ? itemOf(named, i) : null, scope, cls, declared));
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
    // The head decides most answers; the whole dotted name is built only when it can be a library name.
    const head = dottedHead(e);
    if (head === undefined || head === 'self' || head === 'this') return undefined;
    const imported = this.imports.get(head);
    if (imported === undefined && this.isVariable(head, scope)) return undefined;
    const d = dottedName(e)!;
    const rest = d.slice(head.length);
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

  /** The scope of a class declared in this file, by name. */
  classScopeOf(name: string): Scope | undefined {
    for (const [st, sc] of this.scopeOf) if (st.k === 'class' && (st.name === name || st.name.endsWith(`.${name}`))) return sc;
    return undefined;
  }

  /** Evaluates an expression to a constant when every name in it is bound to one known value. */
  evalConst(e: Expr, scope: Scope, depth = 0): CV | undefined {
    return evalConst(this, e, scope, depth);
  }
}

/** `v[i]`, for a name unpacked from a sequence held by v (spanning v, whose text it shows). */
function itemOf(v: Expr, i: number): Expr {
  return { k: 'sub', o: v, idx: [{ k: 'num', v: i, raw: String(i), float: false, f32: false, sp: v.sp }], sp: v.sp };
}
