// A TensorFlow Serving REST request as a model input: `requests.post(url, json={'instances': x.tolist()})`,
// `data=json.dumps({"inputs": {"image": batch.tolist()}})`, the body built in a variable first. The tensor sent there is
// complete (the server feeds it to the model as it is); JSON numbers carry no dtype, so it is judged as float32. A
// handler of the file that returns such a body serialised (`return json.dumps({...})`) sends it too.

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

/** The tensors a TF Serving body dict names: each name in its `instances`/`inputs` value (empty when it has neither key). */
function bodyTensors(dict: (Expr & { k: 'obj' }) | undefined): string[] {
  const prop = dict?.props.find((p) => TENSOR_KEYS.test(p.key));
  const names: string[] = [];
  if (prop) tensorNames(prop.v, names, 0);
  return names;
}

/** Makes each named flow value a model input sent at `at`; true when one was. */
function sendTensors(an: Analyzer, fr: Frame, names: readonly string[], at: Expr, desc: string): boolean {
  let sent = false;
  for (const n of names) {
    const v: Val = fr.vars.get(n);
    if (v?.k !== 'flow') continue;
    an.terminal({ k: 'flow', f: applyOp(v.f, { t: 'cast', dtype: 'float32', node: at }) }, 'sink', at, desc, fr);
    sent = true;
  }
  return sent;
}

/**
 * Handles `return json.dumps({"inputs": {"x": img.tolist()}})` (also through a variable, `.encode()`) of a function no
 * code of the file calls: a web handler that answers with a TF Serving request body, which the service that called it
 * posts to the model server, so the tensor in it is the model input. False when the value returned is no such body.
 */
export function servingReturn(an: Analyzer, fr: Frame, e: Expr): boolean {
  let x = e;
  for (let i = 0; i < 3 && x.k === 'name'; i++) {
    const d = fr.scope.only(x.n);
    if (!d) return false;
    x = d;
  }
  if (x.k !== 'call') return false;
  const inner = x.f.k === 'attr' && x.f.n === 'encode' ? x.f.o : x;
  if (inner.k !== 'call' || an.info.canonical(inner.f, fr.scope) !== 'json.dumps') return false;
  return sendTensors(an, fr, bodyTensors(bodyDict(an, fr, x, 0)), e, 'return json.dumps() (a TF Serving request body)');
}

/**
 * Handles `requests.post(url, json=body)` / `data=body` (or a session's `.post`) whose body holds the TF Serving
 * `instances` or `inputs` key: each tensor named there is a model input. False when the call is no such request.
 */
export function servingRequest(an: Analyzer, fr: Frame, e: Expr & { k: 'call' }, name: string | undefined, method: string | undefined): boolean {
  if (!(name !== undefined ? POST_CALLEES.test(name) : method === 'post' || method === 'put')) return false;
  const body = e.a.find((a) => a.name === 'json' || a.name === 'data');
  const names = bodyTensors(body ? bodyDict(an, fr, body.v, 0) : undefined);
  return names.length > 0 && sendTensors(an, fr, names, e, `${name ?? method}() (a TF Serving request)`);
}
