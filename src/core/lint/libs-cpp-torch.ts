// LibTorch (C++) tensors made from an image: `torch::from_blob(img.data, {1, H, W, 3}, torch::kFloat32)` wraps the
// Mat's bytes as an N × H × W × C tensor, `.permute({0, 3, 1, 2})` makes it channels-first, and `clone`,
// `contiguous`, `to` and `unsqueeze` keep its values and layout. The tensor goes on to the module (or is returned).

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import type { Expr } from './ir';
import { flowOf, fv } from './libs-common';

/** The integers of a braced list (`{0, 3, 1, 2}`), undefined when any item is not a number literal. */
function ints(e: Expr | undefined): number[] | undefined {
  if (e?.k !== 'seq') return undefined;
  const out: number[] = [];
  for (const x of e.items) {
    if (x.k !== 'num') return undefined;
    out.push(x.v);
  }
  return out;
}

/** torch::from_blob(data, {1, H, W, 3}, ...) of an image's data: the image as a tensor, channels-last as the Mat is. */
export function torchFromBlob(c: CallCtx): Val | typeof UNHANDLED {
  const f = flowOf(c.args[0]);
  if (!f) return UNHANDLED;
  // The shape says how the bytes are read; only the channels-last reading of a Mat's bytes is followed.
  const shape = c.argExprs[1]?.v;
  const dims = shape?.k === 'seq' ? shape.items : undefined;
  const last = dims?.[dims.length - 1];
  if (!dims || dims.length < 3 || last?.k !== 'num' || (last.v !== 3 && last.v !== 1)) return UNHANDLED;
  return fv(applyOp(f, { t: 'kind', kind: 'tensor' }));
}

/** A method of a tensor made by from_blob: permute to channels-first or -last, or one that keeps the tensor. */
export function torchTensorMethod(c: CallCtx, recv: FlowVal): Val | typeof UNHANDLED {
  switch (c.method) {
    case 'permute': {
      const p = ints(c.argExprs[0]?.v);
      const to =
        p && p.length === 4
          ? p[1] === 3 && p[2] === 1 && p[3] === 2
            ? 'CHW'
            : p[1] === 1 && p[2] === 2 && p[3] === 3
              ? undefined
              : p[3] === 1
                ? 'HWC'
                : null
          : null;
      if (to === null) return UNHANDLED;
      return fv(to ? applyOp(recv, { t: 'layout', to, node: c.node, desc: `permute({${p!.join(', ')}})` }) : recv);
    }
    case 'contiguous':
    case 'to':
    case 'unsqueeze':
    case 'clone':
      return fv(recv);
    default:
      return UNHANDLED;
  }
}
