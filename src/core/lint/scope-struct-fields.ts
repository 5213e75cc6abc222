// C++ aggregates read by field: `Net_config yolo_nets[4] = {{0.5, 0.4, 416, 416, "coco.names"}, ...};` and then
// `yolo_nets[2].inpWidth` (or `config.inpWidth` with config bound to it) is the item at that field's position in the
// struct's declaration order.

import type { Expr, Stmt } from './ir';
import type { Scope } from './lexical-scope';
import type { ModuleInfo } from './scope';
import type { CV } from './values';

/** The position of field `name` among the data members of a struct/class body, with the number of members. */
function fieldIndex(body: readonly Stmt[], name: string): { at: number; count: number } | undefined {
  let count = 0;
  let at = -1;
  for (const s of body) {
    if (s.k !== 'assign' || s.t.k !== 'name' || s.decl === undefined) continue;
    if (s.t.n === name) at = count;
    count++;
  }
  return at < 0 ? undefined : { at, count };
}

/** The structs (and classes) of the file, in namespaces and blocks too. */
function structs(stmts: readonly Stmt[], out: (Stmt & { k: 'class' })[]): (Stmt & { k: 'class' })[] {
  for (const s of stmts) {
    if (s.k === 'class') {
      out.push(s);
      structs(s.body, out);
    } else if (s.k === 'block') structs(s.body, out);
  }
  return out;
}

/**
 * `agg.name` of a brace-initialised aggregate `agg` (a constant sequence): its item at the position of `name` in the one
 * struct of the file that declares a field of that name with as many members as the aggregate has items.
 */
export function structField(module: readonly Stmt[], agg: CV, name: string): CV | undefined {
  if (agg.t !== 'seq') return undefined;
  let found: CV | undefined;
  for (const s of structs(module, [])) {
    const f = fieldIndex(s.body, name);
    if (!f || f.count !== agg.items.length) continue;
    // Two structs that could both be meant, with the field at different places: not known.
    if (found && found !== agg.items[f.at]) return undefined;
    found = agg.items[f.at];
  }
  return found;
}

/** True when a C++ attribute read may be a field of a brace-initialised aggregate (`cfgs[2].w`, or `cfg.w` of a variable). */
export function aggregateRead(info: ModuleInfo, e: Expr & { k: 'attr' }, scope: Scope): boolean {
  return e.o.k === 'sub' || (e.o.k === 'name' && info.isVariable(e.o.n, scope));
}
