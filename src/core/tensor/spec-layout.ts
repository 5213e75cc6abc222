// The model input that tensorparity.json describes, as the layout of a raw dump (.bin/.raw without a sidecar).

import { channelsOf } from '../spec/defaults';
import type { Spec } from '../spec/types';
import type { RawLayout } from './raw';

/** The spec's model input (dtype, [1,H,W,C] or [1,C,H,W]) as a raw layout; undefined without a spec. */
export function specRawLayout(spec: Spec | undefined): RawLayout | undefined {
  if (!spec) return undefined;
  const c = channelsOf(spec.input.colorOrder);
  const { width: w, height: h } = spec.input;
  return { dtype: spec.input.dtype, shape: spec.input.layout === 'NCHW' ? [1, c, h, w] : [1, h, w, c] };
}
