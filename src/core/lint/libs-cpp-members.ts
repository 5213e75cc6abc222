// C++ members given a constant in a method body defined outside the class (`Det::Det() { m_size.width = 300;
// m_size.height = 300; }`, `void Det::init() { inHeight = 300, inWidth = 300; }`): other methods of the file read
// them as those constants, as they read members set in a constructor's initializer list. A name assigned different
// values, or anything but a number, is not a constant.

import { walkStmts, type Expr, type Stmt } from './ir';
import type { ExternalConsts } from './scope';
import type { CV } from './values';
import { tag } from './memo';

type FuncStmt = Stmt & { k: 'func' };
/** One constant member assignment: `name = v` or `name.width = v` / `name.height = v`. */
interface MemberSet {
  name: string;
  field: 'width' | 'height' | undefined;
  v: number | undefined;
}

const PER_FUNC = tag<FuncStmt, readonly MemberSet[]>('per func');
const NONE: readonly MemberSet[] = [];

function numberOf(e: Expr | null): number | undefined {
  if (e?.k === 'num') return e.v;
  if (e?.k === 'un' && e.op === '-' && e.e.k === 'num') return -e.e.v;
  return undefined;
}

/** The member assignments of one method defined outside its class (its name is qualified: `Det.init`). */
function memberSets(f: FuncStmt): readonly MemberSet[] {
  let out = PER_FUNC.get(f);
  if (out) return out;
  const local = new Set<string>();
  for (const p of f.params) local.add(p.name);
  const found: MemberSet[] = [];
  walkStmts(f.body, (s) => {
    if (s.k !== 'assign' || s.op) return;
    if (s.t.k === 'name') {
      if (s.decl !== undefined) local.add(s.t.n);
      else if (!local.has(s.t.n)) found.push({ name: s.t.n, field: undefined, v: numberOf(s.v) });
    } else if (s.t.k === 'attr' && s.t.o.k === 'name' && !local.has(s.t.o.n) && (s.t.n === 'width' || s.t.n === 'height'))
      found.push({ name: s.t.o.n, field: s.t.n, v: numberOf(s.v) });
  });
  out = found.length === 0 ? NONE : found;
  PER_FUNC.set(f, out);
  return out;
}

/** What the member assignments of the file's methods gave so far: a number, or null when not one constant. */
interface Seen {
  plain: Map<string, number | null>;
  sizes: Map<string, { width?: number | null; height?: number | null }>;
}

/** Adds the member assignments of the out-of-class methods among `stmts` (and in namespaces, #if blocks); function bodies are not walked. */
function collect(stmts: readonly Stmt[], seen: Seen): void {
  for (const s of stmts) {
    if (s.k === 'block' || s.k === 'class') collect(s.body, seen);
    if (s.k !== 'func' || !s.name.includes('.')) continue;
    for (const m of memberSets(s)) {
      if (m.field === undefined) {
        const had = seen.plain.get(m.name);
        seen.plain.set(m.name, m.v === undefined || (had !== undefined && had !== m.v) ? null : m.v);
      } else {
        const sz = seen.sizes.get(m.name) ?? {};
        const had = sz[m.field];
        sz[m.field] = m.v === undefined || (had !== undefined && had !== m.v) ? null : m.v;
        seen.sizes.set(m.name, sz);
      }
    }
  }
}

/** The constants of members set in out-of-class method bodies of this file, by member name. */
function memberConsts(module: readonly Stmt[]): Map<string, CV> | undefined {
  const seen: Seen = { plain: new Map(), sizes: new Map() };
  collect(module, seen);
  const { plain, sizes } = seen;
  if (plain.size === 0 && sizes.size === 0) return undefined;
  const out = new Map<string, CV>();
  for (const [name, v] of plain) if (v !== null && !sizes.has(name)) out.set(name, { t: 'num', v, dt: Number.isInteger(v) ? 'int' : 'f64' });
  for (const [name, sz] of sizes)
    if (typeof sz.width === 'number' && typeof sz.height === 'number' && !plain.has(name))
      out.set(name, {
        t: 'seq',
        items: [
          { t: 'num', v: sz.width, dt: 'int' },
          { t: 'num', v: sz.height, dt: 'int' },
        ],
        dt: 'int',
      });
  return out.size === 0 ? undefined : out;
}

/** The file's constants for names no scope declares: members set in method bodies first, then the included headers'. */
export function withMethodMembers(module: readonly Stmt[], externals: ExternalConsts | undefined): ExternalConsts | undefined {
  const members = memberConsts(module);
  if (!members) return externals;
  return {
    name: (local) => members.get(local) ?? externals?.name(local),
    member: (head, member) => externals?.member(head, member),
    ...(externals?.usings ? { usings: () => externals.usings!() } : {}),
    ...(externals?.structField ? { structField: (agg: CV, name: string) => externals.structField!(agg, name) } : {}),
  };
}
