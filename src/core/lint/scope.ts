// Per-file symbol knowledge: imports and aliases, scopes of assigned names, calls; constants are evaluated in scope-eval.ts.

import { foreignReceiver, javaTypes, type JavaTypes } from './scope-callers';
import { dottedHead, dottedName, type Expr, type Stmt } from './ir';
import { bindParams } from './scope-bind';
import { slot } from './memo';
import { evalConst } from './scope-eval';
import type { CollectCache, FuncRecord } from './scope-record';
import { Scope } from './lexical-scope';
import { stmtCallsAndLambdas, type NamedCall } from './scope-calls';
import { normalize, type Family } from './scope-names';
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
  /** The sibling file's path, relative to the workspace folder (as a finding names it). */
  readonly file?: string;
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
    bindParams(this, this.callSites, this.bound);
  }

  /** The calls of a function of this name in the file (by bare name). */
  callsTo(bare: string): readonly (Expr & { k: 'call' })[] {
    return this.callSites.get(bare) ?? [];
  }

  /** Parameters of `f` that are constants: every call in the file passes the same one, or none does and the default holds. */
  boundParams(f: Stmt): ReadonlySet<string> {
    return this.bound.get(f) ?? EMPTY;
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
