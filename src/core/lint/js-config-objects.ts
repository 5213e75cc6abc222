// JavaScript configuration objects read through another object: a module `let config = { tensorSize: 224, ... }`,
// merged with the caller's options (`config = { ...config, ...cfg }`: the defaults stay where the caller's values are
// unknown), stored once on a model (`model.config = config`) and read back as `model.config.tensorSize` in a function
// that is handed the model. The file's one store of the property says which object every `x.config` is.

import { walkStmts, type Expr, type Stmt } from './ir';
import type { Scope } from './lexical-scope';
import type { ModuleInfo } from './scope';
import { tag } from './memo';

interface Stores {
  /** Property name → the one value the file stores into `<object>.<property>`, or null when several. */
  props: Map<string, Expr | null>;
  /** Name → every value the file assigns to a variable of that name, in any function (null: no value). */
  names: Map<string, (Expr | null)[]>;
}

/** Per module, built on first use: the file's stores into properties and names. */
const STORES = tag<ModuleInfo, Stores>('config stores');

function storesOf(info: ModuleInfo): Stores {
  let m = STORES.get(info);
  if (m) return m;
  const props = new Map<string, Expr | null>();
  const names = new Map<string, (Expr | null)[]>();
  const put = (t: Expr, v: Expr | null): void => {
    if (t.k === 'name') {
      const list = names.get(t.n);
      if (list) list.push(v);
      else names.set(t.n, [v]);
    }
    // this.x stores are a class's fields (looked up through the class scope): only stores on other objects count.
    if (t.k !== 'attr' || (t.o.k === 'name' && t.o.n === 'this')) return;
    props.set(t.n, props.has(t.n) || !v ? null : v);
  };
  walkStmts(info.body, (s: Stmt) => {
    if (s.k === 'assign' && !s.op) put(s.t, s.v);
    else if (s.k === 'expr' && s.e.k === 'assignx' && !s.e.op) put(s.e.t, s.e.v);
  });
  m = { props, names };
  STORES.set(info, m);
  return m;
}

/** `{ ...name, ...other }`: an object literal that starts with a spread of `name` (its first entry). */
function mergesOver(e: Expr | null, name: string): boolean {
  const first = e?.k === 'obj' ? e.props[0] : undefined;
  return first !== undefined && first.key === '...' && first.v.k === 'name' && first.v.n === name;
}

/**
 * The object literal a variable `name` holds, when the file assigns it one (anywhere) and every other value only
 * merges options over it (`config = { ...config, ...cfg }`); a variable of the scope's that is not one name for the
 * whole file (another literal of the same name, any other value) gives undefined.
 */
export function configLiteral(info: ModuleInfo, name: string, scope: Scope): (Expr & { k: 'obj' }) | undefined {
  if (!scope.find(name)) return undefined;
  const vals = storesOf(info).names.get(name);
  if (!vals || !vals.some((v) => mergesOver(v, name))) return undefined;
  const lits = vals.filter((v) => !mergesOver(v, name));
  const lit = lits.length === 1 ? lits[0] : undefined;
  return lit?.k === 'obj' ? lit : undefined;
}

/** The object behind `x.<prop>` where x is not known here: the one object literal the file stores into `.prop`. */
export function storedConfig(info: ModuleInfo, prop: string, scope: Scope): (Expr & { k: 'obj' }) | undefined {
  const v = storesOf(info).props.get(prop);
  if (!v) return undefined;
  if (v.k === 'obj') return v;
  if (v.k !== 'name') return undefined;
  const only = scope.only(v.n);
  return only?.k === 'obj' ? only : configLiteral(info, v.n, scope);
}
