// Config dicts handed to a constructor: `yolo(Net_config[args.net_type])` with a module list of dict literals, or
// `yolo({'inpWidth': 416, ...})`: the one dict literal the argument denotes, so `config['inpWidth']` can be read.

import type { Expr } from './ir';
import type { Scope } from './lexical-scope';
import type { ModuleInfo } from './scope';

/** The one literal (dict or list) an expression denotes: itself, a name's one value, or an item of a literal list at a known index. */
function literal(info: ModuleInfo, e: Expr, scope: Scope, depth: number): Expr | undefined {
  if (depth > 6) return undefined;
  if (e.k === 'obj' || e.k === 'seq') return e;
  if (e.k === 'name') {
    const v = scope.only(e.n);
    return v && v !== e ? literal(info, v, scope, depth + 1) : undefined;
  }
  if (e.k === 'sub' && e.idx.length === 1) {
    const base = literal(info, e.o, scope, depth + 1);
    if (base?.k !== 'seq') return undefined;
    const i = info.evalConst(e.idx[0], scope);
    const item = i?.t === 'num' && Number.isInteger(i.v) ? base.items[i.v < 0 ? base.items.length + i.v : i.v] : undefined;
    return item ? literal(info, item, scope, depth + 1) : undefined;
  }
  return undefined;
}

/** The dict literal `e` denotes (`CFG`, `CONFIGS[0]`, `CONFIGS[args.kind]` with a known index, `{...}`), else undefined. */
export function dictLiteral(info: ModuleInfo, e: Expr, scope: Scope): (Expr & { k: 'obj' }) | undefined {
  if (info.family !== 'python') return undefined;
  const lit = literal(info, e, scope, 0);
  return lit?.k === 'obj' ? lit : undefined;
}
