// C++ members a constructor copies from its parameters: `YOLO::YOLO(int w, int h) { this->inpWidth = w; }` (or
// `inpWidth = config.inpWidth;` from a config struct) with every construction passing one constant: the member holds
// that constant (or that struct's field) for the class's other methods.

import { dottedName, walkStmts, type Expr, type Stmt } from './ir';
import { Scope } from './lexical-scope';
import type { ModuleInfo } from './scope';

type FuncStmt = Stmt & { k: 'func' };

/** The member a statement assigns (`this->x = …` or `x = …`), else undefined. */
function memberOf(s: Stmt): string | undefined {
  if (s.k !== 'assign' || s.op || !s.v) return undefined;
  const t = s.t;
  if (t.k === 'name') return s.decl === undefined ? t.n : undefined;
  return t.k === 'attr' && t.o.k === 'name' && t.o.n === 'this' ? t.n : undefined;
}

/** True when a method of `owner` other than `except` assigns the member `name`. */
function assignedElsewhere(info: ModuleInfo, owner: string, name: string, except: FuncStmt): boolean {
  let found = false;
  for (const fns of info.funcs.values())
    for (const g of fns) {
      if (found || g === except || !g.name.startsWith(`${owner}.`)) continue;
      walkStmts(g.body, (s) => {
        if (!found && memberOf(s) === name) found = true;
      });
    }
  return found;
}

/**
 * Binds the members constructor `f` of class `owner` sets from parameter `param` (now the constant `chosen`): in the
 * class's scope, or for a class declared in an included header in `info.ctorMembers` (read by `this->x` lookups).
 */
export function bindMembers(info: ModuleInfo, f: FuncStmt, owner: string, param: string, chosen: Expr): void {
  const local = info.classScopeOf(owner);
  let foreign = local ? undefined : info.ctorMembers.get(owner);
  walkStmts(f.body, (s) => {
    const name = memberOf(s);
    if (name === undefined || s.k !== 'assign' || !s.v || (local && !local.vars.has(name))) return;
    // A one-argument conversion of the size (`cv::Size2f(inputSize)`) holds the same width and height.
    const v = s.v.k === 'call' && s.v.a.length === 1 && /(^|\.|::)Size\w*$/.test(dottedName(s.v.f) ?? '') ? s.v.a[0].v : s.v;
    const value: Expr | undefined =
      v.k === 'name' && v.n === param
        ? chosen
        : v.k === 'attr' && v.o.k === 'name' && v.o.n === param
          ? { k: 'attr', o: chosen, n: v.n, sp: v.sp, nsp: v.nsp }
          : undefined;
    if (!value || assignedElsewhere(info, owner, name, f)) return;
    if (local) {
      local.bindValue(name, value);
      return;
    }
    if (!foreign) {
      foreign = new Scope('class', info.module);
      info.ctorMembers.set(owner, foreign);
    }
    if (!foreign.vars.has(name)) foreign.add(name, value);
  });
}
