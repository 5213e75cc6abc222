// Parameters bound to the one constant every call site in the file gives them (or their default): `def
// preprocess(img, size=(224, 224))` called as `preprocess(img)` or `preprocess(img, size=SIZE)` everywhere in the file
// reads `size` as that constant inside the function. Python constructors bind the fields they set from such
// parameters, C++ constructors the members (scope-ctor-members.ts). ModuleInfo binds once, after collecting names.

import { dottedHead, endOf, startOf, type Expr, type Stmt } from './ir';
import type { Scope } from './lexical-scope';
import type { ModuleInfo } from './scope';
import { dictLiteral } from './scope-config-dicts';
import { bindMembers } from './scope-ctor-members';
import { sameCV } from './scope-names';
import { isLiteralValue, literalOf, scopeAtSite } from './scope-site';
import type { CV } from './values';

type FuncStmt = Stmt & { k: 'func' };

/** Binds the parameters of `info`'s functions that every call site (`callSites`, by bare name) gives one constant, into `bound`. */
export function bindParams(info: ModuleInfo, callSites: ReadonlyMap<string, readonly (Expr & { k: 'call' })[]>, bound: Map<Stmt, Set<string>>): void {
  new ParamBinder(info, callSites, bound).run();
}

/** One binding of a file's parameters, with the lookups it makes once. */
class ParamBinder {
  constructor(
    private readonly info: ModuleInfo,
    private readonly callSites: ReadonlyMap<string, readonly (Expr & { k: 'call' })[]>,
    private readonly bound: Map<Stmt, Set<string>>,
  ) {}

  /**
   * `def preprocess(img, size=(224, 224))` called as `preprocess(img)` or `preprocess(img, size=SIZE)` everywhere in the
   * file: inside the function, `size` is that constant. A call site passing something the file cannot evaluate (or two
   * different values) leaves the parameter unknown.
   */
  run(): void {
    this.info.ctorMembers.clear();
    // C++ constructors first: the members they bind are read by the arguments of other calls (`Forward(mNet, image,
    // mScale, mSize)` in a method, where the constructor set mScale and mSize from its call's constants).
    let entries: Iterable<[string, FuncStmt[]]> = this.info.funcs;
    if (this.info.family === 'cpp') {
      const ctors: [string, FuncStmt[]][] = [];
      const rest: [string, FuncStmt[]][] = [];
      for (const e of this.info.funcs) (e[1].length === 1 && this.constructorOwner(e[1][0]) !== undefined ? ctors : rest).push(e);
      entries = [...ctors, ...rest];
    }
    for (const [bare, fns] of entries) {
      // A Python constructor is called by its class's name (`yolo(config)` runs yolo.__init__), one per class.
      if (bare === '__init__' && this.info.family === 'python') {
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
    const cls = this.info.classOf.get(f);
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
    const owner = this.info.scopeOf.get(f)?.owner ?? this.classNameOf(f);
    return owner !== undefined && f.name.replace(/^.*\./, '') === owner ? owner : undefined;
  }

  /** Class names by class scope, made once per binding of the file's parameters. */
  private classNames: Map<Scope, string> | undefined;

  /** The name of the class a method is defined in, else undefined. */
  private classNameOf(f: FuncStmt): string | undefined {
    const cls = this.info.classOf.get(f);
    if (!cls) return undefined;
    if (!this.classNames) {
      this.classNames = new Map();
      for (const [st, sc] of this.info.scopeOf) if (st.k === 'class' && !this.classNames.has(sc)) this.classNames.set(sc, st.name.replace(/^.*\./, ''));
    }
    return this.classNames.get(cls);
  }

  /** Binds each parameter of `f` that every call site in `sites` (or its default, with none) gives one constant. */
  private bindFuncParams(f: FuncStmt, sites: readonly (Expr & { k: 'call' })[]): void {
    const fs = this.info.scopeOf.get(f);
    if (!fs) return;
    const selfOff = this.info.family === 'python' && this.info.classOf.has(f) && /^(self|cls)$/.test(f.params[0]?.name ?? '') ? 1 : 0;
    // A method's call sites sit in its class, mostly (Java's classify() calling getResizedBitmap(bm, INPUT_SIZE,
    // INPUT_SIZE)): their arguments may name the class's constants.
    const at = fs.parent?.kind === 'class' ? fs.parent : this.info.module;
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
        const lit = !dict && e && (e.k === 'sub' || e.k === 'obj') ? dictLiteral(this.info, e, at) : undefined;
        if (lit) e = lit;
        let v = e
          ? (this.info.evalConst(e, at) ??
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
        if ((!v || (!dict && !lit && !isLiteralValue(v))) && e && site && this.info.family !== 'python') {
          const sc = scopeAtSite(this.info, startOf(site.sp));
          const sv = sc && sc !== at && sc !== fs ? this.info.evalConst(e, sc) : undefined;
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
      const def = this.info.family !== 'cpp' || this.constructorOwner(f) !== undefined ? p.def : undefined;
      if (sites.length === 0) pick(def);
      for (const c of sites) pick(c.a.find((a) => a.name === p.name)?.v ?? c.a.filter((a) => a.name === undefined)[i - selfOff]?.v ?? def, c);
      if (!ok || !chosen) return;
      // `def prep(img, size)` called as `prep(img, size)` with a module-level `size`: inside the function that name is
      // the parameter itself, so the parameter takes the module's one assignment instead of a name that reads itself.
      if (chosen.k === 'name' && chosen.n === p.name) {
        const mod = this.info.module.vars.get(p.name);
        if (mod?.length !== 1 || !mod[0]) return;
        chosen = mod[0];
      }
      fs.bindValue(p.name, chosen);
      if (this.info.family === 'python' && f.name === '__init__') this.bindFields(f, p.name, chosen);
      if (this.info.family === 'cpp') {
        // A constructor defined outside its class (`YOLO::YOLO(...)`) or inside it (`ImageProcessor(...) : mScale(scale)`).
        const owner = this.constructorOwner(f);
        if (owner !== undefined) bindMembers(this.info, f, owner, p.name, chosen);
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
      for (const sc of this.info.scopeOf.values()) {
        if (sc === callee || sc.kind !== 'function') continue;
        const list = sc.vars.get(name);
        if (!list) continue;
        const x = list.length === 1 ? list[0] : null;
        const v = x ? this.info.evalConst(x, this.info.module) : undefined;
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
    const vals = this.info.module.vars.get(name);
    return vals?.length === 1 && vals[0]?.k === 'obj';
  }

  private locals: Map<string, boolean> | undefined;

  /** `imageData.data` where `imageData` is a function's local variable: a value of that call, not a named constant. */
  private localHead(e: Expr): boolean {
    const head = dottedHead(e);
    if (head === undefined || this.info.imports.has(head)) return false;
    this.locals ??= new Map();
    let local = this.locals.get(head);
    if (local === undefined) {
      local = false;
      for (const sc of this.info.scopeOf.values()) if (sc.kind === 'function' && sc.vars.has(head)) local = true;
      this.locals.set(head, local);
    }
    return local;
  }
}
