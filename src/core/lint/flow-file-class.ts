// Classes declared in the file being linted: a call on one of them (or on a value made by one) is a local call.

import type { Frame } from './flow-api';
import type { Expr, Stmt } from './ir';
import type { ExternalConsts } from './scope';
import { tag } from './memo';

const FILE_CLASSES = tag<readonly Stmt[], Set<string>>('file classes');

/** True when every definition of the receiver (a variable, or `self.x`) constructs a class of this file
 * (`net = YOLO(...)`, `self.aligner = FaceAlignment()`), so `recv.method(x)` runs that class's method. */
export function isFileClassInstance(body: readonly Stmt[], fr: Frame, recv: Expr): boolean {
  return everyMaker(fr, recv, (name) => isFileClass(body, name));
}

/**
 * True when every definition of the receiver constructs a class imported from a sibling file that prepares the image
 * itself (opencv_zoo's `model = YuNet(...)` then `model.infer(image)`): the raw image is what that method expects, so
 * the call is no model input.
 */
export function isWrapperInstance(ext: ExternalConsts | undefined, fr: Frame, recv: Expr): boolean {
  const wrapper = ext?.preparingClass;
  return wrapper !== undefined && everyMaker(fr, recv, (name) => wrapper.call(ext, name));
}

/** True when the receiver (a variable, or `self.x`, an attribute set in the class's methods) is only ever assigned
 * calls of names that pass `test`. */
function everyMaker(fr: Frame, recv: Expr, test: (name: string) => boolean): boolean {
  const defs =
    recv.k === 'name'
      ? fr.scope.find(recv.n)?.vars.get(recv.n)
      : recv.k === 'attr' && recv.o.k === 'name' && (recv.o.n === 'self' || recv.o.n === 'this')
        ? fr.scope.cls?.vars.get(recv.n)
        : undefined;
  if (defs === undefined || defs.length === 0) return false;
  for (const d of defs) if (d?.k !== 'call' || d.f.k !== 'name' || !test(d.f.n)) return false;
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
