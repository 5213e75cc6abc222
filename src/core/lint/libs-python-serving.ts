// A TensorFlow Serving REST request as a model input: `requests.post(url, json={'instances': x.tolist()})`,
// `data=json.dumps({"inputs": {"image": batch.tolist()}})`, the body built in a variable first. The tensor sent there is
// complete (the server feeds it to the model as it is); JSON numbers carry no dtype, so it is judged as float32.

import type { Analyzer } from './flow';
import type { Frame, Val } from './flow-api';
import { applyOp } from './flow-types';
import type { Expr } from './ir';

/** Request keys of the TF Serving REST predict API (row and column formats) whose value is the input tensor. */
const TENSOR_KEYS = /^(instances|inputs)$/;
/** HTTP calls that send a request body. */
const POST_CALLEES = /^(requests|httpx)(\.\w+)*\.(post|put)$/;

/** The dict literal a request body is, through `json.dumps(...)`, `.encode()` and a variable holding it. */
function bodyDict(an: Analyzer, fr: Frame, e: Expr, depth: number): (Expr & { k: 'obj' }) | undefined {
  if (depth > 4) return undefined;
  if (e.k === 'obj') return e;
  if (e.k === 'name') {
    const d = fr.scope.only(e.n);
    return d ? bodyDict(an, fr, d, depth + 1) : undefined;
  }
  if (e.k !== 'call') return undefined;
  if (e.f.k === 'attr' && e.f.n === 'encode') return bodyDict(an, fr, e.f.o, depth + 1);
  const callee = an.info.canonical(e.f, fr.scope);
  return callee === 'json.dumps' && e.a[0] ? bodyDict(an, fr, e.a[0].v, depth + 1) : undefined;
}

/** The tensors of a request's `instances`/`inputs` value: `x.tolist()`, `[x.tolist()]`, `{"image": x.tolist()}`. */
function tensorNames(e: Expr, out: string[], depth: number): void {
  if (depth > 3) return;
  if (e.k === 'call' && e.f.k === 'attr' && e.f.n === 'tolist' && e.a.length === 0) tensorNames(e.f.o, out, depth + 1);
  else if (e.k === 'name') out.push(e.n);
  else if (e.k === 'seq' && e.items.length === 1) tensorNames(e.items[0], out, depth + 1);
  else if (e.k === 'obj') for (const p of e.props) tensorNames(p.v, out, depth + 1);
}

/**
 * Handles `requests.post(url, json=body)` / `data=body` (or a session's `.post`) whose body holds the TF Serving
 * `instances` or `inputs` key: each tensor named there is a model input. False when the call is no such request.
 */
export function servingRequest(an: Analyzer, fr: Frame, e: Expr & { k: 'call' }, name: string | undefined, method: string | undefined): boolean {
  if (!(name !== undefined ? POST_CALLEES.test(name) : method === 'post' || method === 'put')) return false;
  const body = e.a.find((a) => a.name === 'json' || a.name === 'data');
  const dict = body ? bodyDict(an, fr, body.v, 0) : undefined;
  const prop = dict?.props.find((p) => TENSOR_KEYS.test(p.key));
  if (!prop) return false;
  const names: string[] = [];
  tensorNames(prop.v, names, 0);
  let sent = false;
  for (const n of names) {
    const v: Val = fr.vars.get(n);
    if (v?.k !== 'flow') continue;
    an.terminal({ k: 'flow', f: applyOp(v.f, { t: 'cast', dtype: 'float32', node: e }) }, 'sink', e, `${name ?? method}() (a TF Serving request)`, fr);
    sent = true;
  }
  return sent;
}
