// What building a file's name tables did for one function, so an unchanged function's part can be done again
// without walking its body: the scopes it created (kept, re-attached to the new module or class scope) and, in order,
// every change it made outside them (imports, function and scope tables, calls, `self.x = ...` fields).
// A function whose collection read or wrote any other outside scope (in C++, Java and JS an undeclared name assigned
// inside a function may be a global) is not recorded and is collected afresh on every lint.

import type { Expr, Stmt } from './ir';
import type { Scope } from './lexical-scope';

type FuncStmt = Stmt & { k: 'func' };

/** One change collecting a function made outside the scopes it created, in the order it made them. */
export type CollectOp =
  | { k: 'import'; local: string; full: string }
  | { k: 'wildcard'; full: string }
  | { k: 'using'; ns: string }
  | { k: 'func'; bare: string; s: FuncStmt }
  | { k: 'scopeOf'; s: Stmt; scope: Scope }
  /** `scope` undefined: the enclosing class (a new scope object on every lint). */
  | { k: 'classOf'; s: Stmt; scope: Scope | undefined }
  | { k: 'call'; n: string; e: Expr & { k: 'call' } }
  | { k: 'field'; name: string; v: Expr | null };

/** The recorded collection of one function (see the header). */
export interface FuncRecord {
  /** The context it was collected in: the kind of the enclosing scope and whether a class encloses it. */
  scopeKind: Scope['kind'];
  hasCls: boolean;
  /** The enclosing class scope while recording (its fields are replayed into the new one). */
  cls: Scope | undefined;
  /** The function's own scope; its parent is outside and is re-attached. */
  root: Scope;
  owned: Set<Scope>;
  /** Owned scopes whose class is the enclosing class. */
  clsScopes: Scope[];
  ops: CollectOp[];
  /** False when collecting touched an outside scope in a way that cannot be replayed. */
  pure: boolean;
  /** True when it wrote outside its own scopes (fields, outer variables): other functions may read that. */
  writesOuter: boolean;
}

/** Per-document records of function collections, kept for the functions of the last lint. */
export class CollectCache {
  private prev = new Map<Stmt, FuncRecord>();
  private next = new Map<Stmt, FuncRecord>();

  /** The record of an unchanged function from the last build. */
  get(s: Stmt): FuncRecord | undefined {
    return this.prev.get(s);
  }

  /** Keeps a record for the next build. */
  keep(s: Stmt, r: FuncRecord): void {
    this.next.set(s, r);
  }

  /** Ends a build: records of functions that are gone are dropped. */
  commit(): void {
    this.prev = this.next;
    this.next = new Map();
  }

  /** Drops a half-done build (the tables threw): the last complete build's records stay. */
  abort(): void {
    this.next = new Map();
  }
}
