// A lexical scope of the lint analysis: the values assigned to each name, and the scope and class around it.

import type { Expr } from './ir';

/** A lexical scope: the values assigned to each name in it. `null` marks an assignment from something unknowable. */
export class Scope {
  readonly vars = new Map<string, (Expr | null)[]>();
  /** The enclosing scope and class; re-attached when an unchanged function's scopes are reused (scope-record.ts). */
  parent: Scope | undefined;
  cls: Scope | undefined;
  /** C++ `void YOLO::detect(...) { ... }` (named `YOLO.detect`) defined outside its class: the class, for `this->x`. */
  owner?: string;
  /** The assignments a bound parameter had before bindValue replaced them. */
  private saved: Map<string, (Expr | null)[]> | undefined;
  constructor(
    readonly kind: 'module' | 'class' | 'function',
    parent?: Scope,
    cls?: Scope,
  ) {
    this.parent = parent;
    this.cls = cls;
  }

  /** Binds a parameter to the one constant its call sites pass (undone by unbind). */
  bindValue(name: string, value: Expr): void {
    this.saved ??= new Map();
    if (!this.saved.has(name)) this.saved.set(name, this.vars.get(name) ?? []);
    this.vars.set(name, [value]);
  }

  /** Undoes every bindValue. */
  unbind(): void {
    if (!this.saved) return;
    for (const [name, list] of this.saved) this.vars.set(name, list);
    this.saved = undefined;
  }

  /** Records one assignment of `name`. */
  add(name: string, value: Expr | null): void {
    const list = this.vars.get(name);
    if (list) list.push(value);
    else this.vars.set(name, [value]);
  }

  /** The one expression assigned to `name` where it is visible from here; undefined when none, several or unknowable. */
  only(name: string): Expr | undefined {
    const values = this.find(name)?.vars.get(name);
    return values?.length === 1 ? (values[0] ?? undefined) : undefined;
  }

  /** The scope that defines `name`, searching outwards. */
  find(name: string): Scope | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.vars.has(name)) return s;
    return undefined;
  }
}
