// Demo frameworks that call the user's function with an image: Gradio's `gr.Interface(fn=predict, inputs=gr.Image())`
// calls predict with an RGB uint8 height × width × 3 numpy array (a PIL image with type="pil").

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import type { Analyzer } from './flow';
import { newFlow } from './flow-types';
import type { Arg, Expr, Stmt } from './ir';
import { applySummary } from './flow-summary';
import { arg, fv } from './libs-common';

const IMAGE_COMPONENTS: ReadonlySet<string> = new Set(['gradio.Image', 'gradio.inputs.Image', 'gradio.components.Image']);

/** The value Gradio passes for one input component: an image for gr.Image (numpy or PIL, not a file path), else nothing known. */
function componentValue(c: CallCtx, x: Expr): Val {
  if (x.k === 'str')
    return x.v === 'image'
      ? fv(newFlow({ kind: 'pixel', node: x, desc: '"image" (Gradio\'s input)' }, { kind: 'ndarray', color: 'RGB', dtype: 'uint8', layout: 'HWC' }))
      : undefined;
  if (x.k !== 'call') return undefined;
  const name = c.an.info.canonical(x.f, c.fr.scope);
  if (name === undefined || !IMAGE_COMPONENTS.has(name)) return undefined;
  const typeArg = x.a.find((a) => a.name === 'type');
  const mode = x.a.find((a) => a.name === 'image_mode');
  const type = typeArg?.v.k === 'str' ? typeArg.v.v : typeArg ? '?' : 'numpy';
  // image_mode="L" (or any mode but the default RGB) gives other channels.
  const color = mode === undefined || (mode.v.k === 'str' && mode.v.v === 'RGB') ? 'RGB' : mode.v.k === 'str' && mode.v.v === 'L' ? 'GRAY' : '?';
  if (type !== 'numpy' && type !== 'pil') return undefined;
  const desc = `${c.an.text(x.f)}(${type === 'pil' ? 'type="pil"' : ''}) (Gradio's input)`;
  return fv(newFlow({ kind: 'pixel', node: x, desc }, { kind: type === 'pil' ? 'pil' : 'ndarray', color, dtype: 'uint8', layout: 'HWC' }));
}

/** `gr.Interface(fn, inputs, ...)`: the function of this file is called with what each input component gives. */
export function gradioCall(c: CallCtx, name: string): Val | typeof UNHANDLED {
  if (name !== 'gradio.Interface') return UNHANDLED;
  const fnArg = arg(c, 0, 'fn');
  const inArg = arg(c, 1, 'inputs');
  if (!fnArg || fnArg.e.k !== 'name' || !inArg) return UNHANDLED;
  const funcs = c.an.info.funcs.get(fnArg.e.n);
  const func = funcs?.[0];
  if (!func) return UNHANDLED;
  const inputs = inArg.e.k === 'seq' ? inArg.e.items : [inArg.e];
  const args = inputs.map((x) => componentValue(c, x));
  if (!args.some((a) => a !== undefined)) return UNHANDLED;
  // The call Gradio makes, written as `fn(input1, input2, ...)` at the component expressions.
  const a: Arg[] = inputs.map((x) => ({ v: x, sp: x.sp }));
  applySummary(c.an, func, { k: 'call', f: fnArg.e, a, sp: c.node.sp, asp: c.node.asp }, args, c.fr);
  return undefined;
}

/**
 * True when Gradio calls `func` (the `fn` of a `gr.Interface` of this file) with an image component at parameter
 * `index`: the parameter's origin is that component, so the function alone says nothing about its channel order.
 */
export function gradioImageParam(an: Analyzer, func: Stmt | undefined, index: number | undefined): boolean {
  if (func?.k !== 'func' || index === undefined || an.info.family !== 'python') return false;
  for (const call of an.info.callsTo('Interface')) {
    if (an.info.canonical(call.f, an.info.module) !== 'gradio.Interface') continue;
    const fn = call.a.find((a) => a.name === 'fn') ?? (call.a[0]?.name === undefined ? call.a[0] : undefined);
    const inputs = call.a.find((a) => a.name === 'inputs') ?? (call.a[1]?.name === undefined ? call.a[1] : undefined);
    if (fn?.v.k !== 'name' || fn.v.n !== func.name || !inputs) continue;
    const x = inputs.v.k === 'seq' ? inputs.v.items[index] : index === 0 ? inputs.v : undefined;
    if (x === undefined) continue;
    if (x.k === 'str' ? x.v === 'image' : x.k === 'call' && IMAGE_COMPONENTS.has(an.info.canonical(x.f, an.info.module) ?? '')) return true;
  }
  return false;
}
