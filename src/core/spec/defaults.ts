// Default values the spec parser fills in; the JSON schema states the same defaults.

import type { ColorOrder } from './types';

/** Largest width or height the spec accepts for the model input. */
export const MAX_INPUT_SIDE = 16384;

/** Defaults for every optional field of tensorparity.json. */
export const SPEC_DEFAULTS = {
  input: {
    colorOrder: 'RGB' as ColorOrder,
    resize: { library: 'tf' as const, method: 'bilinear', fit: 'stretch' as const, padValue: 0 },
    scale: 1 / 255,
    mean: 0,
    std: 1,
    dtype: 'float32' as const,
    layout: 'NHWC' as const,
    applyExif: true,
    alpha: { mode: 'drop' as const, background: [255, 255, 255] as [number, number, number] },
  },
  output: {
    kind: 'raw' as const,
    activation: 'none' as const,
    threshold: 0.5,
    topK: 5,
  },
  tolerance: { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const },
  limits: { maxPixels: 100_000_000 },
};

/** Number of channels the model input has for a colour order. */
export function channelsOf(colorOrder: ColorOrder): number {
  return colorOrder === 'GRAY' ? 1 : 3;
}
