// Coral Edge TPU helpers (pycoral) that copy the image into the interpreter's input tensor themselves, and the TFLite
// interpreter's input tensor written through the view interpreter.tensor(index)() gives (the Raspberry Pi examples).

import type { Analyzer } from './flow';
import { UNHANDLED, type CallCtx, type Frame, type Val } from './flow-api';
import { walkStmts, type Expr, type Stmt } from './ir';
import { arg } from './libs-common';
import { tag } from './memo';

/** pycoral's input writers, by canonical name: the position and keyword of the data they copy into input tensor 0. */
const WRITERS: ReadonlyMap<string, { index: number; kw: string; desc: string }> = new Map([
  // common.set_input(interpreter, data): a PIL image or array of the model's input size, copied as it is.
  ['pycoral.adapters.common.set_input', { index: 1, kw: 'data', desc: 'common.set_input()' }],
  // edgetpu.run_inference(interpreter, input_data): the same copy, then invoke().
  ['pycoral.utils.edgetpu.run_inference', { index: 1, kw: 'input_data', desc: 'edgetpu.run_inference()' }],
]);

/** A pycoral call that feeds the model: its data argument is the finished input. UNHANDLED for any other call. */
export function edgeTpuCall(c: CallCtx, name: string): Val | typeof UNHANDLED {
  const w = WRITERS.get(name);
  if (w === undefined) return UNHANDLED;
  const data = arg(c, w.index, w.kw);
  if (data) c.an.terminal(data.v, 'sink', c.node, w.desc, c.fr);
  return undefined;
}

/** `interpreter.tensor(index)()`, maybe indexed (`[0]`): a view of the interpreter's tensor. */
function isTensorView(e: Expr): boolean {
  let x = e;
  while (x.k === 'sub') x = x.o;
  return x.k === 'call' && x.a.length === 0 && x.f.k === 'call' && x.f.f.k === 'attr' && x.f.f.n === 'tensor' && x.f.a.length === 1;
}

const VIEWS = tag<Stmt | readonly Stmt[], Map<string, boolean>>('tensor views');

/** True when `name` is assigned a tensor view in the function (or module) body. */
function holdsTensorView(body: readonly Stmt[], key: Stmt | readonly Stmt[], name: string): boolean {
  let names = VIEWS.get(key);
  if (!names) {
    names = new Map();
    VIEWS.set(key, names);
  }
  let known = names.get(name);
  if (known === undefined) {
    known = false;
    walkStmts(body, (s) => {
      if (!known && s.k === 'assign' && s.t.k === 'name' && s.t.n === name && s.v && isTensorView(s.v)) known = true;
    });
    names.set(name, known);
  }
  return known;
}

/**
 * `input_tensor[:, :] = image` with `input_tensor = interpreter.tensor(index)()[0]` (or the view written directly): the
 * image is copied into the model's input. True when handled.
 */
export function tensorViewStore(an: Analyzer, fr: Frame, target: Expr, value: Val): boolean {
  if (target.k !== 'sub' || value?.k !== 'flow') return false;
  let base: Expr = target;
  while (base.k === 'sub') base = base.o;
  const func = fr.func?.k === 'func' ? fr.func : undefined;
  const view = base.k === 'name' ? holdsTensorView(func ? func.body : an.info.body, func ?? an.info.body, base.n) : isTensorView(base);
  if (!view) return false;
  an.terminal(value, 'sink', target, "the interpreter's input tensor", fr);
  return true;
}
