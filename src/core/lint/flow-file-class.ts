// Classes declared in the file being linted: a call on one of them (or on a value made by one) is a local call.

import type { Frame } from './flow-api';
import type { Expr, Stmt } from './ir';

const FILE_CLASSES = new WeakMap<readonly Stmt[], Set<string>>();

/** True when every definition of the receiver (a variable, or `self.x`) constructs a class of this file
 * (`net = YOLO(...)`, `self.aligner = FaceAlignment()`), so `recv.method(x)` runs that class's method. */
export function isFileClassInstance(body: readonly Stmt[], fr: Frame, recv: Expr): boolean {
  // `net` (a variable) or `self.net` (an attribute set in the class's methods).
  const defs =
    recv.k === 'name'
      ? fr.scope.find(recv.n)?.vars.get(recv.n)
      : recv.k === 'attr' && recv.o.k === 'name' && (recv.o.n === 'self' || recv.o.n === 'this')
        ? fr.scope.cls?.vars.get(recv.n)
        : undefined;
  if (defs === undefined || defs.length === 0) return false;
  for (const d of defs) if (d?.k !== 'call' || d.f.k !== 'name' || !isFileClass(body, d.f.n)) return false;
  return true;
}

/** True when `name` is a top-level class declared in the file (Java's `DnnOpenCV.getPreprocessedImage(...)`). */
export function isFileClass(body: readonly Stmt[], name: string): boolean {
  let set = FILE_CLASSES.get(body);
  if (!set) {
    set = new Set(body.flatMap((s) => (s.k === 'class' ? [s.name] : [])));
    FILE_CLASSES.set(body, set);
  }
  return set.has(name);
}
