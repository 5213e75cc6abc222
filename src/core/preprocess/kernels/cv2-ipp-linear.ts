// Intel IPP ippiResizeLinear_16u / _32f as the opencv-python 5.0 wheel calls it through IW for INTER_LINEAR on
// uint16 and float32 images with 1, 3 or 4 channels and both sides ≥ 2 pixels (uint8 linear stays in OpenCV's
// fixed-point code; 2-channel images and 1-pixel-wide or -high sources go to OpenCV's own code).
//
// Reverse-engineered from the wheel's outputs (impulse responses and ~4 million random probe elements, 0 mismatches):
// - Per axis, x = (d + 0.5)·(n / on) − 0.5 in double (the ratio n / on is rounded first, so x can land just below an
//   integer), i = floor(x), t = float32(x − i) (which may round up to 1). Taps i and i + 1, clamped to the image.
// - Horizontal pass first, into float32: h = fma(t, s1 − s0, s0) (the difference rounded to float32, then one fused
//   multiply-add). Vertical pass on those rows: fma(t, r1 − r0, r0) as well.
// - float32 with 3 or 4 channels only: in each run of border columns (a tap clamped), the columns are taken in pairs,
//   and for the paired columns the vertical pass is r0 + float32(t·(r1 − r0)) without FMA (for 3 channels only on
//   channels 0 and 1); an odd last column of the run, and uint16 everywhere, use the FMA.
// - uint16 results are the float32 value rounded half to even (saturated); 2× shrinks of uint16 run here too (IPP
//   is tried before OpenCV's INTER_AREA shortcut).

import type { Image } from '../types';
import { newImage, pixelKind, satU16 } from './common';

const f32 = Math.fround;

/**
 * float32 fma(a, b, c) for float32 a, b, c: a·b is exact in double; the double sum is rounded once more to float32,
 * which is corrected when that second rounding meets a float32 tie the exact sum does not sit on.
 */
export function fmaF32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = f32(s);
  const d = s - r;
  if (d === 0 || f32(s + d) !== s + d) return r; // not halfway between two floats: the double rounding is harmless
  const bb = s - p;
  const e = p - (s - bb) + (c - bb); // exact sum = s + e (TwoSum)
  if (e === 0) return r;
  return e > 0 === d > 0 ? s + d : r; // the exact sum lies on the side of e: round towards it
}

interface LinAxis {
  i0: Int32Array;
  i1: Int32Array;
  t: Float32Array;
  lerp: Uint8Array;
}

/** Clamped taps, float32 fractions, and (float32, 3/4 channels) which border columns skip the FMA. */
function linAxis(n: number, on: number, pairBorders: boolean): LinAxis {
  const i0 = new Int32Array(on),
    i1 = new Int32Array(on),
    t = new Float32Array(on),
    lerp = new Uint8Array(on);
  const scale = n / on;
  let runStart = -1,
    runSide = 0;
  const closeRun = (end: number): void => {
    if (runStart < 0 || !pairBorders) return;
    const paired = (end - runStart) & ~1;
    for (let d = runStart; d < runStart + paired; d++) lerp[d] = 1;
  };
  for (let d = 0; d < on; d++) {
    const x = (d + 0.5) * scale - 0.5;
    const i = Math.floor(x);
    t[d] = x - i;
    i0[d] = i < 0 ? 0 : i > n - 1 ? n - 1 : i;
    i1[d] = i + 1 < 0 ? 0 : i + 1 > n - 1 ? n - 1 : i + 1;
    const side = i < 0 ? -1 : i + 1 > n - 1 ? 1 : 0;
    if (side !== runSide) {
      closeRun(d);
      runStart = side !== 0 ? d : -1;
      runSide = side;
    }
  }
  closeRun(on);
  return { i0, i1, t, lerp };
}

/** cv2.resize(img, (outW, outH), interpolation=INTER_LINEAR) where the wheel serves it from Intel IPP. */
export function ippLinearResize(img: Image, outW: number, outH: number): Image {
  const { width: w, height: h, channels: cn } = img;
  const S = img.data;
  const kind = pixelKind(img);
  const out = newImage(outW, outH, cn, kind);
  const D = out.data;
  const isFloat = kind === 'float32';
  const ax = linAxis(w, outW, isFloat && cn > 1),
    ay = linAxis(h, outH, false);
  const lerpCh = cn === 3 ? 2 : cn; // channels of a paired border column that skip the FMA
  const rowLen = outW * cn;
  const rowIn = w * cn;
  const hRow = (sy: number, r: Float32Array): void => {
    const base = sy * rowIn;
    for (let dx = 0, o = 0; dx < outW; dx++) {
      const p = base + ax.i0[dx] * cn,
        q = base + ax.i1[dx] * cn,
        t = ax.t[dx];
      for (let c = 0; c < cn; c++, o++) {
        const s0 = S[p + c];
        r[o] = fmaF32(t, f32(S[q + c] - s0), s0);
      }
    }
  };
  // Two filtered rows, tagged with their source row, reused as the output rows advance.
  let r0 = new Float32Array(rowLen),
    r1 = new Float32Array(rowLen);
  let t0 = -1,
    t1 = -1;
  for (let dy = 0; dy < outH; dy++) {
    const y0 = ay.i0[dy],
      y1 = ay.i1[dy];
    if (t0 !== y0) {
      if (t1 === y0) {
        const tmp = r0;
        r0 = r1;
        r1 = tmp;
        t1 = t0;
        t0 = y0;
      } else {
        hRow(y0, r0);
        t0 = y0;
      }
    }
    if (t1 !== y1) {
      hRow(y1, r1);
      t1 = y1;
    }
    const t = ay.t[dy];
    const o = dy * rowLen;
    if (isFloat) {
      for (let dx = 0, x = 0; dx < outW; dx++) {
        const nLerp = ax.lerp[dx] ? lerpCh : 0;
        for (let c = 0; c < cn; c++, x++) {
          const a = r0[x],
            diff = f32(r1[x] - a);
          D[o + x] = c < nLerp ? f32(a + f32(t * diff)) : fmaF32(t, diff, a);
        }
      }
    } else {
      for (let x = 0; x < rowLen; x++) {
        const a = r0[x];
        D[o + x] = satU16(fmaF32(t, f32(r1[x] - a), a));
      }
    }
  }
  return out;
}

/** Whether cv2 INTER_LINEAR for this image goes to IPP: uint16/float32, 1, 3 or 4 channels, both sides ≥ 2. */
export function ippTakesLinear(img: Image): boolean {
  return pixelKind(img) !== 'uint8' && img.channels !== 2 && img.width >= 2 && img.height >= 2;
}
