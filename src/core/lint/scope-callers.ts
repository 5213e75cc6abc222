// Whether a function of the file has callers there. Calls are counted by bare name (`self.f()`, `obj.f()`, `f()`), but
// in Java a call on a variable declared with a type that no class of the file has (`session.run(...)` on an
// `OrtSession`) is another class's method: it does not make the file's own `run(Mat)` a called helper, which would
// leave its findings to call sites that do not exist.

import { walkStmts, type Expr, type Stmt } from './ir';

/** The Java declared types of the file's variables (fields, locals, parameters) by name, and its class names. */
export interface JavaTypes {
  byName: Map<string, Set<string>>;
  classes: Set<string>;
}

/** The simple name of a Java type (`java.util.List<String>[]` → `List`). */
function simpleType(t: string): string {
  const base = t.replace(/<.*$/s, '').replace(/\[\]/g, '').trim();
  return base.slice(base.lastIndexOf('.') + 1);
}

function add(out: JavaTypes, name: string, type: string | undefined): void {
  if (!type || type === 'var') return;
  const set = out.byName.get(name);
  if (set) set.add(simpleType(type));
  else out.byName.set(name, new Set([simpleType(type)]));
}

/** The declared types of a Java module's variables. */
export function javaTypes(body: readonly Stmt[]): JavaTypes {
  const out: JavaTypes = { byName: new Map(), classes: new Set() };
  walkStmts(body, (s) => {
    if (s.k === 'assign' && s.decl !== undefined && s.t.k === 'name') add(out, s.t.n, s.decl);
    else if (s.k === 'func') for (const p of s.params) add(out, p.name, p.type);
    else if (s.k === 'class') out.classes.add(s.name.slice(s.name.lastIndexOf('.') + 1));
  });
  return out;
}

/** True when a call is a method of a variable every declaration of which names a type that is not a class of the file. */
export function foreignReceiver(e: Expr & { k: 'call' }, types: () => JavaTypes): boolean {
  const f = e.f;
  if (f.k !== 'attr' || f.o.k !== 'name' || f.o.n === 'this' || f.o.n === 'super') return false;
  const t = types();
  const declared = t.byName.get(f.o.n);
  if (!declared) return false; // not declared here (a class name, an import): it may be the file's own
  for (const d of declared) if (t.classes.has(d)) return false;
  return true;
}
