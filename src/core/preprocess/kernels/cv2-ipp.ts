// Intel IPP ippiResizeCubic_32f (B = 0, C = 0.75) as the opencv-python 5.0 wheel calls it through IW for
// INTER_CUBIC on uint8 / uint16 / float32 images with 1, 3 or 4 channels and both sides ≥ 4 pixels.
//
// Reverse-engineered from the wheel's outputs (impulse responses and random probes):
// - Per axis, source position x = (d + 0.5)·(n / on) − 0.5 in double; t = float32(x − floor x); the distance to the
//   first tap is d0 = float32(1 + t) (a second rounding, ties to even) and the others are 1 − (d0 − 1), 2 − …, so all
//   four distances come from one value on a 2^-23 grid. Weights are Keys a = −0.75 evaluated in double, stored as
//   float32.
// - IPP computes in float32 and runs three code paths whose summation orders differ:
//   interior output columns in blocks of 4:  (w0·s0 + w1·s1) + (w2·s2 + w3·s3), no FMA;
//   the last (count mod 4) interior columns:  (w0·s0 + w2·s2) + (w1·s1 + w3·s3);
//   border columns (a tap clamped) and every column of border rows: fma(w3,s3, fma(w2,s2, fma(w0,s0, w1·s1)));
//   3/4 channels, every interior column: fma(w0,s0, w3·s3) + fma(w1,s1, w2·s2).
//   Vertically, interior pixels: fma(w0,s0, w1·s1) + fma(w2,s2, w3·s3); border rows/columns:
//   (w0·s0 + w2·s2) + (w1·s1 + w3·s3). Integer outputs are the float result rounded half to even.
// Interior pixels match IPP's float32 bits; border rows/columns still differ in the last bit on a few percent of
// them, which moves about 1 in 200 000 uint8/uint16 elements by one.

import type { Image } from '../types';
import { newImage, pixelKind, satU16, satU8 } from './common';

const f32 = Math.fround;

/** Emulated float32 fused multiply-add: a·b is exact in double for float32 inputs, then one (double) rounding. */
function fma(a: number, b: number, c: number): number {
  return f32(a * b + c);
}

function keys(d: number): number {
  return d < 1 ? (1.25 * d - 2.25) * d * d + 1 : ((-0.75 * d + 3.75) * d - 6) * d + 3;
}

const BORDER = 0,
  BLOCK = 1,
  TAIL = 2;

interface IppAxis {
  idx: Int32Array;
  w: Float32Array;
  kind: Uint8Array;
}

/** Taps (clamped), float32 weights and code path (border / 4-block / tail) of every output index along one axis. */
function ippAxis(n: number, on: number): IppAxis {
  const idx = new Int32Array(on * 4),
    w = new Float32Array(on * 4),
    kind = new Uint8Array(on);
  const scale = n / on;
  let first = -1,
    last = -1;
  for (let d = 0; d < on; d++) {
    const x = (d + 0.5) * scale - 0.5;
    const i = Math.floor(x);
    const d0 = f32(1 + f32(x - i));
    const dist = [d0, d0 - 1, 2 - d0, 3 - d0];
    for (let j = 0; j < 4; j++) {
      const s = i - 1 + j;
      idx[d * 4 + j] = s < 0 ? 0 : s >= n ? n - 1 : s;
      w[d * 4 + j] = keys(dist[j]);
    }
    const inside = i - 1 >= 0 && i + 2 <= n - 1;
    kind[d] = inside ? BLOCK : BORDER;
    if (inside) {
      if (first < 0) first = d;
      last = d;
    }
  }
  if (first >= 0) {
    const rem = (last - first + 1) % 4;
    for (let d = last - rem + 1; d <= last; d++) kind[d] = TAIL;
  }
  return { idx, w, kind };
}

/** One horizontally filtered source row (all channels); `border` forces the FMA chain on every column. */
function hRow(S: ArrayLike<number>, base: number, cn: number, ax: IppAxis, border: boolean, out: Float32Array): void {
  const { idx, w, kind } = ax;
  const on = kind.length;
  for (let d = 0, o = 0; d < on; d++) {
    const k = d * 4;
    const w0 = w[k],
      w1 = w[k + 1],
      w2 = w[k + 2],
      w3 = w[k + 3];
    const p0 = base + idx[k] * cn,
      p1 = base + idx[k + 1] * cn,
      p2 = base + idx[k + 2] * cn,
      p3 = base + idx[k + 3] * cn;
    const path = border ? BORDER : kind[d];
    for (let c = 0; c < cn; c++, o++) {
      const s0 = S[p0 + c],
        s1 = S[p1 + c],
        s2 = S[p2 + c],
        s3 = S[p3 + c];
      if (path !== BORDER && cn > 1) out[o] = f32(fma(w0, s0, f32(w3 * s3)) + fma(w1, s1, f32(w2 * s2)));
      else if (path === BLOCK) out[o] = f32(f32(f32(w0 * s0) + f32(w1 * s1)) + f32(f32(w2 * s2) + f32(w3 * s3)));
      else if (path === TAIL) out[o] = f32(f32(f32(w0 * s0) + f32(w2 * s2)) + f32(f32(w1 * s1) + f32(w3 * s3)));
      else out[o] = fma(w3, s3, fma(w2, s2, fma(w0, s0, f32(w1 * s1))));
    }
  }
}

/** cv2.resize(img, (outW, outH), interpolation=INTER_CUBIC) where the wheel serves it from Intel IPP. */
export function ippCubicResize(img: Image, outW: number, outH: number): Image {
  const { width: w, height: h, channels: cn } = img;
  const S = img.data;
  const kind = pixelKind(img);
  const out = newImage(outW, outH, cn, kind);
  const D = out.data;
  const store = kind === 'uint8' ? satU8 : kind === 'uint16' ? satU16 : f32;
  const ax = ippAxis(w, outW),
    ay = ippAxis(h, outH);
  const rowLen = outW * cn;
  // Filtered rows cached per source row, in both variants (interior rows and border rows), filled on first use.
  const rowsIn: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(h);
  const rowsB: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(h);
  const getRow = (sy: number, border: boolean): Float32Array => {
    const cache = border ? rowsB : rowsIn;
    let r = cache[sy];
    if (!r) {
      r = new Float32Array(rowLen);
      hRow(S, sy * w * cn, cn, ax, border, r);
      cache[sy] = r;
    }
    return r;
  };
  let lowest = 0; // rows below this source index are no longer needed by later output rows
  for (let dy = 0; dy < outH; dy++) {
    const k = dy * 4;
    const borderRow = ay.kind[dy] === BORDER;
    const r0 = getRow(ay.idx[k], borderRow),
      r1 = getRow(ay.idx[k + 1], borderRow);
    const r2 = getRow(ay.idx[k + 2], borderRow),
      r3 = getRow(ay.idx[k + 3], borderRow);
    const v0 = ay.w[k],
      v1 = ay.w[k + 1],
      v2 = ay.w[k + 2],
      v3 = ay.w[k + 3];
    const o = dy * rowLen;
    for (let dx = 0, x = 0; dx < outW; dx++) {
      const borderPix = borderRow || ax.kind[dx] === BORDER;
      for (let c = 0; c < cn; c++, x++) {
        const s0 = r0[x],
          s1 = r1[x],
          s2 = r2[x],
          s3 = r3[x];
        D[o + x] = store(
          borderPix ? f32(f32(f32(v0 * s0) + f32(v2 * s2)) + f32(f32(v1 * s1) + f32(v3 * s3))) : f32(fma(v0, s0, f32(v1 * s1)) + fma(v2, s2, f32(v3 * s3))),
        );
      }
    }
    // Release filtered rows that no later output row can use (source taps only move forward).
    const keep = dy + 1 < outH ? ay.idx[(dy + 1) * 4] : h;
    for (; lowest < keep; lowest++) {
      rowsIn[lowest] = undefined;
      rowsB[lowest] = undefined;
    }
  }
  return out;
}

/** Whether cv2 INTER_CUBIC for this image goes to IPP (1, 3 or 4 channels; IPP refuses sources under 4×4). */
export function ippTakesCubic(img: Image): boolean {
  return img.channels !== 2 && img.width >= 4 && img.height >= 4;
}
