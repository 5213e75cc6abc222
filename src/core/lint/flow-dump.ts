// Where a finished tensor leaves the code other than through a model call: written to disk (np.save, x.tofile,
// TensorBuffer.loadBuffer) or handed to another framework (torch.from_numpy), and OpenCV dnn models' detect().

import type { Analyzer, Frame, Val } from './flow';
import { DUMP_CALLEES, DUMP_METHODS } from './flow-callees';
import { dnnModelRun } from './flow-dnn-model';
import type { Expr } from './ir';
import { calleeText } from './route';

/** Handles a call that completes the tensor; undefined when the call is none of these (the value it gives otherwise). */
export function sinkCall(an: Analyzer, fr: Frame, e: Expr & { k: 'call' }, name: string | undefined, method: string | undefined, recv: Val, args: Val[]): { v: Val } | undefined {
  if (method !== undefined && (an.info.family === 'python' || an.info.family === 'cpp') && dnnModelRun(an, fr, e, args[0])) return { v: undefined };
  if ((name !== undefined && DUMP_CALLEES.test(name)) || (method !== undefined && DUMP_METHODS.test(method) && recv?.k === 'flow')) {
    const desc = `${name ?? calleeText(an, e)}()`;
    for (const a of args) an.terminal(a, 'sink', e, desc, fr);
    if (recv?.k === 'flow') an.terminal(recv, 'sink', e, desc, fr);
    return { v: name !== undefined && /^torch\./.test(name) ? args.find((a) => a?.k === 'flow') : undefined };
  }
  return undefined;
}
