// ONNX Runtime's C++ API: `Ort::Value::CreateTensor<float>(memInfo, data, count, shape, rank)` wraps a buffer the
// code filled (a std::vector<float>'s data(), a float array) as the input tensor without copying it, so the tensor
// holds the image the buffer holds and `session.Run(..., &tensor, ...)` runs the model on it.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { applyOp } from './flow-types';
import { uncast, type Expr } from './ir';
import { flowOf, fv } from './libs-common';

/** True for the name of Ort::Value::CreateTensor (with or without `Ort::`, as written after `using namespace Ort`). */
export function isOrtCreateTensor(name: string): boolean {
  return name === 'Ort.Value.CreateTensor' || name === 'Value.CreateTensor';
}

/** The buffer a data pointer names: `buf.data()`, `&buf[0]`, `buf` (casts stripped). */
function bufferName(e: Expr | undefined): string | undefined {
  let x = e && uncast(e);
  if (x?.k === 'call' && x.a.length === 0 && x.f.k === 'attr' && x.f.n === 'data') x = x.f.o;
  else if (x?.k === 'un' && x.op === '&' && x.e.k === 'sub') x = x.e.o;
  return x?.k === 'name' ? x.n : undefined;
}

/** Ort::Value::CreateTensor<T>(memInfo, data, count, shape, rank) of a buffer holding the image: that image as a tensor. */
export function ortCreateTensor(c: CallCtx): Val | typeof UNHANDLED {
  const name = bufferName(c.argExprs[1]?.v);
  const f = flowOf(c.args[1]) ?? (name !== undefined ? flowOf(c.fr.vars.get(name)) : undefined);
  if (!f) return UNHANDLED;
  return fv(applyOp(f, { t: 'kind', kind: 'tensor' }));
}
