// Where a finished tensor leaves the code other than through a model call: written to disk (np.save, x.tofile,
// TensorBuffer.loadBuffer) or handed to another framework (torch.from_numpy), and OpenCV dnn models' detect().

import type { Analyzer } from './flow';
import type { Frame, Val } from './flow-api';
import { servingRequest } from './libs-python-serving';
import { DUMP_CALLEES, DUMP_METHODS, SINK_METHODS } from './flow-callees';
import { dnnModelRun } from './flow-dnn-model';
import { forEachExpr, walkStmts, type Expr, type Stmt } from './ir';
import { slot } from './memo';
import { calleeText } from './route';

/** Handles a call that completes the tensor; undefined when the call is none of these (the value it gives otherwise). */
export function sinkCall(
  an: Analyzer,
  fr: Frame,
  e: Expr & { k: 'call' },
  name: string | undefined,
  method: string | undefined,
  recv: Val,
  args: Val[],
): { v: Val } | undefined {
  if (method !== undefined && (an.info.family === 'python' || an.info.family === 'cpp') && dnnModelRun(an, fr, e, args[0])) return { v: undefined };
  if (an.info.family === 'python' && e.a.length > 0 && servingRequest(an, fr, e, name, method)) return { v: undefined };
  if ((name !== undefined && DUMP_CALLEES.test(name)) || (method !== undefined && DUMP_METHODS.test(method) && recv?.k === 'flow')) {
    // A file written next to a model call in the same function is a debug dump (often a second layout for another
    // tool): the model call is where the input is checked, so the dump is not the model input.
    const disk = name !== undefined ? /^np\.save/.test(name) : method === 'tofile';
    if (disk && feedsModel(fr.func?.body ?? an.info.body)) return { v: undefined };
    const desc = `${name ?? calleeText(an, e)}()`;
    for (const a of args) an.terminal(a, 'sink', e, desc, fr);
    if (recv?.k === 'flow') an.terminal(recv, 'sink', e, desc, fr);
    return { v: name !== undefined && /^torch\./.test(name) ? args.find((a) => a?.k === 'flow') : undefined };
  }
  return undefined;
}

const FEEDS = slot<readonly Stmt[], boolean>('feedsModel');

/** True when the statements call a model (x.predict(...), session.run(...), interpreter.set_tensor(...)). */
function feedsModel(body: readonly Stmt[]): boolean {
  let r = FEEDS.get(body);
  if (r !== undefined) return r;
  r = false;
  walkStmts(body, (s) => {
    if (!r && s.k !== 'func' && s.k !== 'class')
      forEachExpr(s, (x) => {
        if (x.k === 'call' && x.f.k === 'attr' && SINK_METHODS.test(x.f.n) && x.a.length > 0) r = true;
      });
  });
  FEEDS.set(body, r);
  return r;
}
