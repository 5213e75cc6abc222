// The bytes of a cv::Mat parameter taken as they are: `torch::from_blob(img.data, {1, H, W, 3}, torch::kByte)` or
// `img.at<cv::Vec3b>(y, x)[c]` written into channel c. They are 8-bit pixels (0–255) in the Mat's own channel order,
// which in OpenCV code is BGR (imread, VideoCapture): at a model input they are judged as such, the colour on the line
// that takes the bytes, as a blob's swapRB=false is.

import { applyOp, type FlowVal } from './flow-types';
import type { Expr } from './ir';
import { tag } from './memo';
import { matParam } from './libs-cpp-runtimes';

/** The node of the step that took a Mat parameter's bytes as they are. */
const MAT_BYTES = tag<Expr, true>('cpp mat parameter bytes');

/** `m.at<cv::Vec3b>(y, x)[c]` with c a name (the channel loop's counter): channel c of the Mat as it is. */
export function vec3bChannel(node: Expr & { k: 'sub' }): boolean {
  const o = node.o;
  return node.idx.length === 1 && node.idx[0]!.k === 'name' && o.k === 'call' && o.f.k === 'attr' && o.f.n === 'at' && /Vec3b/.test(o.targs ?? '');
}

/** Where a value took a Mat parameter's bytes as they are (0–255, the Mat's order), if it did and kept the order since. */
export function matBytesAt(f: FlowVal): Expr | undefined {
  if (f.origin.kind !== 'param' || f.swaps > 0) return undefined;
  for (const op of f.trace) if (op.t === 'cast' && MAT_BYTES.get(op.node)) return op.node;
  return undefined;
}

/** `f` with the bytes-taken step at `node` (a uint8 view) when it is a Mat parameter as handed in, else `f`. */
export function matBytes(f: FlowVal, node: Expr): FlowVal {
  if (f.origin.kind !== 'param' || f.color !== '?' || f.swaps > 0 || !matParam(f)) return f;
  MAT_BYTES.set(node, true);
  return applyOp(f, { t: 'cast', dtype: 'uint8', node });
}
