// Coral Edge TPU helpers (pycoral) that copy the image into the interpreter's input tensor themselves.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { arg } from './libs-common';

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
