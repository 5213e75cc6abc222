// A local std::vector that an image or tensor is pushed into: `std::vector<torch::jit::IValue> inputs;
// inputs.push_back(t); module.forward(inputs)` or `input_tensors.push_back(Ort::Value::CreateTensor(...));
// session.Run(..., input_tensors.data(), ...)`. The vector holds the value, so where it goes next the value goes.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { walkStmts, type Stmt } from './ir';
import { flowOf, receiverName } from './libs-common';
import { slot } from './memo';

type FuncStmt = Stmt & { k: 'func' };

const VECTORS = slot<FuncStmt, ReadonlySet<string>>('localVectors');

/** Names the function's body declares as a std::vector (not its parameters). */
function localVectors(f: FuncStmt): ReadonlySet<string> {
  const known = VECTORS.get(f);
  if (known) return known;
  const out = new Set<string>();
  walkStmts(f.body, (s) => {
    if (s.k === 'assign' && s.decl !== undefined && s.t.k === 'name' && /\bvector\s*</.test(s.decl)) out.add(s.t.n);
  });
  for (const p of f.params) out.delete(p.name);
  return VECTORS.set(f, out);
}

/**
 * `v.push_back(x)` / `v.emplace_back(x)` of a whole image or tensor into a local vector that holds nothing traced yet:
 * the vector now holds it. Pushes of single values (pixels) and further pushes are left to the caller.
 */
export function vectorPush(c: CallCtx): Val | typeof UNHANDLED {
  const f = c.node.f;
  if (f.k !== 'attr' || (f.n !== 'push_back' && f.n !== 'emplace_back') || c.args.length !== 1) return UNHANDLED;
  const item = flowOf(c.args[0]);
  const name = receiverName(c);
  if (!item || (item.kind !== 'tensor' && item.kind !== 'mat') || !name || !c.fr.func) return UNHANDLED;
  if (flowOf(c.fr.vars.get(name)) || !localVectors(c.fr.func).has(name)) return UNHANDLED;
  c.fr.vars.set(name, c.args[0]);
  return undefined;
}

/** True when `name` is declared in the function's body as a buffer (`std::vector<float> data(n)`, `float buf[N]`), not a parameter. */
export function localBuffer(func: FuncStmt, name: string): boolean {
  if (func.params.some((p) => p.name === name)) return false;
  let found = false;
  walkStmts(func.body, (s) => {
    if (
      !found &&
      s.k === 'assign' &&
      s.decl !== undefined &&
      s.t.k === 'name' &&
      s.t.n === name &&
      /\bvector\s*<|\[\s*\]|^(float|double|unsigned char|uint8_t|int)$/.test(s.decl.trim())
    )
      found = true;
  });
  return found;
}
