// (pixel × scale − mean[c]) / std[c] in float32, and conversion to the model's input dtype.

import { float32ToFloat16Bits } from '../tensor/ndarray';
import type { InputSpec } from '../spec/types';
import type { Image } from './types';

const f32 = Math.fround;

/** The typed array each input dtype is stored in (float16 as raw half bits). */
export type InputArray = Float32Array | Uint16Array | Int32Array | Uint8Array;

/** Per-element (v × scale − mean[c]) / std[c], each operation rounded to float32 as TF/numpy float32 code does. */
export function normalizePixels(img: Image, scale: number, mean: readonly number[], std: readonly number[]): Float32Array {
  const { channels, data } = img;
  if (mean.length !== channels || std.length !== channels) {
    throw new Error(`normalizePixels: mean/std have ${mean.length}/${std.length} values for ${channels} channels`);
  }
  const s = f32(scale);
  const m = mean.map(f32);
  const d = std.map(f32);
  const identity = m.every((v) => v === 0) && d.every((v) => v === 1);
  const one = (v: number, c: number): number => {
    const x = f32(f32(v) * s);
    return identity ? x : f32(f32(x - m[c]) / d[c]);
  };
  // Resized 8-bit pictures hold whole numbers 0…255: per channel, their 256 results are looked up, not recomputed.
  const table = new Float32Array(256 * channels);
  for (let c = 0; c < channels; c++) for (let v = 0; v < 256; v++) table[c * 256 + v] = one(v, c);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i += channels) {
    for (let c = 0; c < channels; c++) {
      const v = data[i + c];
      const k = v & 255;
      // k is v only for whole numbers 0…255 (and for -0, whose result can differ from +0's: computed). Indexing with
      // the int k, not the float v, keeps the lookup on V8's fast path.
      out[i + c] = k === v && (k !== 0 || 1 / v > 0) ? table[c * 256 + k] : one(v, c);
    }
  }
  return out;
}

/**
 * Converts float32 values to the input dtype. float16: round to nearest even (raw bits).
 * int32 and uint8: clamp to the type's range, then truncate toward zero (tf.saturate_cast); NaN becomes 0.
 */
export function toInputDtype(values: Float32Array, dtype: InputSpec['dtype']): InputArray {
  switch (dtype) {
    case 'float32':
      return values;
    case 'float16': {
      const out = new Uint16Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = float32ToFloat16Bits(values[i]);
      return out;
    }
    case 'int32':
      return saturate(values, new Int32Array(values.length), -2147483648, 2147483647);
    case 'uint8':
      return saturate(values, new Uint8Array(values.length), 0, 255);
  }
}

function saturate<T extends Int32Array | Uint8Array>(values: Float32Array, out: T, min: number, max: number): T {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isNaN(v) ? 0 : Math.trunc(Math.min(max, Math.max(min, v)));
  }
  return out;
}
