// Reference-side hypotheses computed from the reference values: float16 rounding, uint8 truncation or rounding.

import type { Frame } from './frame';
import type { Hypothesis } from './hypothesis';

/** Values rounded to float16 and back (round to nearest even, like numpy astype(float16) from float32), in bulk via float32 bits. */
export function roundToFloat16(values: Float64Array): Float64Array {
  const f = Float32Array.from(values);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < u.length; i++) {
    const bits = u[i];
    const sign = bits & 0x80000000;
    const abs = bits & 0x7fffffff;
    if (abs >= 0x7f800000) continue; // inf and NaN stay
    if (abs >= 0x477ff000) {
      u[i] = (sign | 0x7f800000) >>> 0;
      continue;
    } // >= 65520 rounds to inf
    if (abs < 0x38800000) {
      // below the smallest normal half (2^-14): multiples of 2^-24, ties to even
      const q = Math.abs(f[i]) * 16777216;
      let r = Math.round(q);
      if (r - q === 0.5 && r % 2 === 1) r -= 1;
      f[i] = (sign ? -r : r) / 16777216;
      continue;
    }
    // normal: keep 10 of the 23 mantissa bits, ties to even
    const rem = abs & 0x1fff;
    let base = abs - rem;
    if (rem > 0x1000 || (rem === 0x1000 && (base & 0x2000) !== 0)) base += 0x2000;
    u[i] = (sign | base) >>> 0;
  }
  return Float64Array.from(f);
}

/** Fraction of finite values that are exactly representable as float16. */
export function float16Fraction(values: Float64Array): number {
  const r = roundToFloat16(values);
  let ok = 0;
  let fin = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) continue;
    fin++;
    if (r[i] === values[i]) ok++;
  }
  return fin > 0 ? ok / fin : 0;
}

/** Fraction of finite values that are not exactly representable as float32 (evidence of float64 arithmetic). */
export function nonFloat32Fraction(values: Float64Array): number {
  let bad = 0;
  let fin = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    fin++;
    if (Math.fround(v) !== v) bad++;
  }
  return fin > 0 ? bad / fin : 0;
}

function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The reference with its pixels (undoing the normalization) cut to whole numbers by `cut`, then normalized again in float32. */
function quantizedRef(f: Frame, cut: (p: number) => number): Float64Array {
  const { scale, mean, std } = f.norm;
  const out = new Float64Array(f.n);
  const f32 = Math.fround;
  // The 256 pixel values map to 256 normalized values per channel: look them up instead of computing each.
  const table = Array.from({ length: Math.max(1, mean.length) }, (_, c) => {
    const m = mean[c] ?? 0;
    const s = std[c] ?? 1;
    return Float64Array.from({ length: 256 }, (_v, q) => f32(f32(f32(q * scale) - m) / s));
  });
  // Channel of element i: (i / inner) % C, with inner = 1 for channels-last and H·W for channels-first.
  const C = f.dims?.channels ?? 1;
  const inner = !f.dims || f.dims.channelsLast ? 1 : f.dims.height * f.dims.width;
  let c = 0;
  let k = 0;
  for (let i = 0; i < f.n; i++) {
    const q = cut((f.ref[i] * (std[c] ?? 1) + (mean[c] ?? 0)) / scale);
    out[i] = (table[c] ?? table[0])[q < 0 ? 0 : q > 255 ? 255 : q];
    if (++k === inner) {
      k = 0;
      if (++c === C) c = 0;
    }
  }
  return out;
}

/** The reference as a pipeline that read pixel bytes as signed would make it: pixels ≥ 128 become pixel − 256. */
function signedBytesRef(f: Frame): Float64Array | undefined {
  const { scale, mean, std } = f.norm;
  const out = new Float64Array(f.n);
  const f32 = Math.fround;
  let wrapped = 0;
  const C = f.dims?.channels ?? 1;
  const inner = !f.dims || f.dims.channelsLast ? 1 : f.dims.height * f.dims.width;
  // Pixels 128–255 read as signed: the 128 wrapped values per channel, looked up.
  const table = Array.from({ length: Math.max(1, mean.length) }, (_, c) =>
    Float64Array.from({ length: 256 }, (_v, pix) => f32(f32(f32((pix - 256) * scale) - (mean[c] ?? 0)) / (std[c] ?? 1))),
  );
  let c = 0;
  let k = 0;
  for (let i = 0; i < f.n; i++) {
    const pix = Math.round((f.ref[i] * (std[c] ?? 1) + (mean[c] ?? 0)) / scale);
    if (pix >= 128 && pix <= 255) {
      wrapped++;
      out[i] = (table[c] ?? table[0])[pix];
    } else {
      out[i] = f.ref[i];
    }
    if (++k === inner) {
      k = 0;
      if (++c === C) c = 0;
    }
  }
  // Only worth testing when enough pixels are bright enough to wrap.
  return wrapped >= Math.max(1, 0.01 * f.n) ? out : undefined;
}

/** float16 rounding, uint8 truncation and uint8 rounding as alternative references. */
export function referenceAlternatives(f: Frame): Hypothesis[] {
  const hyps: Hypothesis[] = [{ id: 'float16', variant: 'reference rounded to float16', order: 5, altRef: roundToFloat16(f.ref) }];
  // Pixel-level quantization only makes sense for image-like inputs.
  if (f.dims && f.dims.channels <= 4 && f.norm.source !== 'none') {
    hyps.push(
      {
        id: 'uint8-truncation',
        variant: 'pixels truncated to uint8 (floor)',
        order: 5,
        altRef: quantizedRef(f, (p) => Math.floor(p + 1e-3)),
      },
      { id: 'uint8-rounding', variant: 'pixels rounded to uint8', order: 5, altRef: quantizedRef(f, roundHalfEven) },
    );
    const signed = signedBytesRef(f);
    if (signed) hyps.push({ id: 'signed-bytes', variant: 'pixels ≥ 128 read as signed bytes (p − 256)', order: 5, altRef: signed });
  }
  return hyps;
}
