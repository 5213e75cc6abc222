// Arranges an HWC image buffer as the batched model input tensor.

import type { Layout } from '../spec/types';
import type { DType, NdArray, TypedArray } from '../tensor/types';

/** HWC data → [1, H, W, C] (NHWC, no copy) or [1, C, H, W] (NCHW, transposed copy). */
export function toLayout(data: TypedArray, dtype: DType, height: number, width: number, channels: number, layout: Layout): NdArray {
  if (data.length !== height * width * channels) {
    throw new Error(`toLayout: ${data.length} elements for ${height}×${width}×${channels}`);
  }
  if (layout === 'NHWC') return { dtype, shape: [1, height, width, channels], data };
  const out = new (data.constructor as new (n: number) => TypedArray)(data.length);
  const plane = height * width;
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < channels; c++) out[c * plane + p] = data[p * channels + c];
  }
  return { dtype, shape: [1, channels, height, width], data: out };
}

/** Wraps HWC data as a batch-free [H, W, C] NdArray (for stage views). */
export function hwcArray(data: TypedArray, dtype: DType, height: number, width: number, channels: number): NdArray {
  return { dtype, shape: [height, width, channels], data };
}
