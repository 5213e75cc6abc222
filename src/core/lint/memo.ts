// Memo slots on IR nodes. IR statements are immutable and reused while their chunk is unchanged, so facts derived from
// one (its calls, the names it scores) are remembered on it. A WeakMap would do, but a lookup there is a hash probe into
// a table holding every live node of every open file, and it dominated the per-lint walks over unchanged code; a slot
// is a property read. Slots are non-enumerable: spreads, JSON and deep equality never see them.

import { forEachExpr, walkStmts, type Expr, type Stmt } from './ir';

/** A value remembered on objects under one private key. */
export interface Slot<K extends object, V> {
  get(o: K): V | undefined;
  set(o: K, v: V): V;
}

/** The one hidden property holding an object's memo values, one array entry per slot. */
const MEMO = Symbol('memo');
let slots = 0;

/** An object seen as the hidden memo bag it may carry. */
function bagOf(o: object): Record<symbol, unknown[] | undefined> {
  return o as Record<symbol, unknown[] | undefined>;
}

/** A new memo slot; `name` only labels it for a reader. */
export function slot<K extends object, V>(name: string): Slot<K, V> {
  void name;
  const at = slots++;
  return {
    get: (o) => bagOf(o)[MEMO]?.[at] as V | undefined,
    set: (o, v) => {
      const rec = bagOf(o);
      let bag = rec[MEMO];
      if (!bag) {
        // One defineProperty per object (a hidden-class change each time, slow), not one per slot.
        bag = new Array<unknown>(slots); // sized for every slot (all are made when the modules load)
        Object.defineProperty(rec, MEMO, { value: bag });
      }
      bag[at] = v;
      return v;
    },
  };
}

/**
 * A memo slot with a hidden property of its own, for facts set on few objects (flow values, frames, one analysis):
 * unlike a slot, it adds no entry to every bag. Used instead of module-level WeakMaps, whose entries a
 * young-generation GC keeps alive (with all they reach) until a full GC.
 */
export function tag<K extends object, V>(name: string): Slot<K, V> {
  const key = Symbol(name);
  return {
    get: (o) => (o as Record<symbol, V | undefined>)[key],
    set: (o, v) => {
      if (Object.prototype.hasOwnProperty.call(o, key)) (o as Record<symbol, V>)[key] = v;
      else Object.defineProperty(o, key, { value: v, writable: true });
      return v;
    },
  };
}

/**
 * What `visit` collects over `stmts` and every statement nested in them, in walkStmts order, with each chunk-level
 * statement's part cached on it (containers, rebuilt on every lint, are walked). Only for facts that depend on the
 * statement alone.
 */
export function chunkFacts<T>(memo: Slot<Stmt, T[]>, stmts: readonly Stmt[], visit: (s: Stmt, out: T[]) => void): T[] {
  const out: T[] = [];
  eachChunkFact(memo, stmts, visit, out);
  return out;
}

/** chunkFacts' walk (a module function: a closure made per call had its optimised code compiled again and again). */
function eachChunkFact<T>(memo: Slot<Stmt, T[]>, list: readonly Stmt[], visit: (s: Stmt, out: T[]) => void, out: T[]): void {
  for (const s of list) {
    if ((s.k === 'class' || s.k === 'block') && s.container) {
      visit(s, out);
      eachChunkFact(memo, s.body, visit, out);
      continue;
    }
    let facts = memo.get(s);
    if (!facts) {
      const mine: T[] = [];
      walkStmts([s], (x) => visit(x, mine));
      facts = memo.set(s, mine);
    }
    for (const f of facts) out.push(f);
  }
}

type FuncStmt = Stmt & { k: 'func' };
const FUNCS = slot<Stmt, FuncStmt[]>('funcs');

/** Every function of a module (nested ones included), in walkStmts order. */
export function functionsOf(module: readonly Stmt[]): FuncStmt[] {
  return chunkFacts(FUNCS, module, (s, out) => {
    if (s.k === 'func') out.push(s);
  });
}

const EXPRS = slot<Stmt, readonly Expr[]>('exprs');
const NO_EXPRS: readonly Expr[] = [];

/**
 * Every expression of one statement, in forEachExpr's order (lambda bodies included), remembered on the statement:
 * several rules walk each statement's expressions, and a list is cheaper to read again than the expression tree.
 */
export function exprsOf(s: Stmt): readonly Expr[] {
  if (s.k !== 'assign' && s.k !== 'expr' && s.k !== 'ret' && s.k !== 'for') return NO_EXPRS; // no expressions of its own
  let list = EXPRS.get(s);
  if (list === undefined) {
    const out: Expr[] = [];
    forEachExpr(s, (e) => {
      out.push(e);
    });
    // Kept with the statement, so exactly sized (a pushed-to array reserves spare slots).
    list = EXPRS.set(s, out.length === 0 ? NO_EXPRS : out.slice());
  }
  return list;
}
