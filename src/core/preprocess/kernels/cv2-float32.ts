// OpenCV's own float32 separable resize for uint16 images (resizeGeneric_ with HResize*<ushort, float, float> and
// VResize*<ushort, float, float, Cast<float, ushort>>), reproduced bit for bit: every product and every partial sum
// is rounded to float32 in the order OpenCV's code adds them, and the result goes through saturate_cast<ushort>
// (round half to even, clamp to 0..65535).
//
// Used for INTER_LANCZOS4 (HResizeLanczos4 + VResizeLanczos4, whose SSE4.1 block VResizeLanczos4Vec_32f16u adds
// b0·S0 + b1·S1 + … + b7·S7 left to right with separate multiplies and adds, as the scalar tail does) and for
// INTER_AREA when enlarging (HResizeLinear + VResizeLinear: S0·b0 + S1·b1). The wheel's baseline is SSE3, so none
// of these loops is compiled with FMA.

import type { Image } from '../types';
import { newImage, satU16 } from './common';
import { CvAxis, cvScales } from './cv2-tables';

const fr = Math.fround;

function clip(v: number, lo: number, hiExclusive: number): number {
  return v >= lo ? (v < hiExclusive ? v : hiExclusive - 1) : lo;
}

/**
 * Element offsets of every x tap, clamped to the row (HResize*'s border loops step back by cn until inside, which is
 * the same pixel's channel at the clamped column).
 */
function xTaps(xt: CvAxis, w: number, cn: number): Int32Array {
  const k = xt.ksize, k2 = k >> 1, n = xt.ofs.length;
  const idx = new Int32Array(n * k);
  for (let dx = 0; dx < n; dx++) for (let j = 0; j < k; j++) idx[dx * k + j] = clip(xt.ofs[dx] - k2 + 1 + j, 0, w) * cn;
  return idx;
}

/** One horizontal pass row: r[dx·cn + c] = ((S·a0 + S·a1) + S·a2) + … in float32, taps in order. */
function hRowF32(
  S: Uint16Array, base: number, cn: number, k: number, idx: Int32Array, coef: Float32Array, r: Float32Array,
): void {
  const outW = idx.length / k;
  for (let dx = 0, o = 0; dx < outW; dx++) {
    const t = dx * k;
    for (let c = 0; c < cn; c++, o++) {
      const p = base + c;
      let v = fr(S[p + idx[t]] * coef[t]);
      for (let j = 1; j < k; j++) v = fr(v + fr(S[p + idx[t + j]] * coef[t + j]));
      r[o] = v;
    }
  }
}

const S45 = 0.70710678118654752440084436210485;
const CS: readonly number[] = [1, 0, -S45, -S45, 0, 1, S45, -S45, -1, 0, S45, S45, 0, -1, -S45, S45];

/**
 * interpolateLanczos4(x) exactly as resize.cpp computes it: `-(x+3)*CV_PI*0.25` adds 3 to the float x in float
 * before going to double (rounding x+3 to float moves sin/cos, and so the float weights, in the last bit), the
 * 8 weights are rounded to float, summed in float and scaled by the float reciprocal.
 */
function lanczos4(x: number, out: Float32Array, o: number): void {
  const x3 = fr(x + 3);
  const y0 = -x3 * Math.PI * 0.25;
  const s0 = Math.sin(y0), c0 = Math.cos(y0);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const y0f = fr(x3 - i);
    let c: number;
    if (Math.abs(y0f) >= fr(1e-6)) {
      const y = -y0f * Math.PI * 0.25;
      c = fr((CS[2 * i] * s0 + CS[2 * i + 1] * c0) / (y * y));
    } else {
      c = fr(1e30);
    }
    out[o + i] = c;
    sum = fr(sum + c);
  }
  const inv = fr(1 / sum);
  for (let i = 0; i < 8; i++) out[o + i] = fr(out[o + i] * inv);
}

/**
 * A LANCZOS4 axis table (from cvAxisTable) with its float weights recomputed by lanczos4() for scale src/dst.
 * (cv2-tables' lanczos4Coeffs adds x+3 in double; once it rounds to float, this override can go.)
 */
function withLanczos4Weights(t: CvAxis, src: number, dst: number): CvAxis {
  const { scale } = cvScales(src, dst);
  const coef = new Float32Array(dst * 8);
  for (let d = 0; d < dst; d++) {
    const f = fr((d + 0.5) * scale - 0.5);
    lanczos4(fr(f - Math.floor(f)), coef, d * 8);
  }
  return { ...t, coef };
}

/** cv::resize INTER_LANCZOS4 on uint16 (HResizeLanczos4 + VResizeLanczos4 in float32, Cast<float, ushort>). */
export function cvLanczos4U16(img: Image, outW: number, outH: number, xt: CvAxis, yt: CvAxis): Image {
  return cvFloat32ResizeU16(img, outW, outH, withLanczos4Weights(xt, img.width, outW), withLanczos4Weights(yt, img.height, outH));
}

/** resizeGeneric_ for uint16 with float32 buffers: `xt`/`yt` are cvAxisTable's tables (float coefficients). */
export function cvFloat32ResizeU16(img: Image, outW: number, outH: number, xt: CvAxis, yt: CvAxis): Image {
  const { width: w, height: h, channels: cn } = img;
  const S = img.data as Uint16Array;
  const out = newImage(outW, outH, cn, 'uint16');
  const D = out.data as Uint16Array;
  const rowLen = outW * cn, ky = yt.ksize, ky2 = ky >> 1;
  const idx = xTaps(xt, w, cn);
  // Horizontally filtered rows in a ring keyed by source row: an output row needs ky consecutive (clamped) rows,
  // so a ring of ky slots never evicts one still in use.
  const ring = Array.from({ length: ky }, () => new Float32Array(rowLen));
  const tags = new Int32Array(ky).fill(-1);
  const rp: Float32Array[] = new Array<Float32Array>(ky);
  const rowIn = w * cn;
  for (let dy = 0; dy < outH; dy++) {
    const sy0 = yt.ofs[dy];
    for (let j = 0; j < ky; j++) {
      const sy = clip(sy0 - ky2 + 1 + j, 0, h);
      const slot = sy % ky;
      if (tags[slot] !== sy) { hRowF32(S, sy * rowIn, cn, xt.ksize, idx, xt.coef, ring[slot]); tags[slot] = sy; }
      rp[j] = ring[slot];
    }
    const o = dy * rowLen, yo = dy * ky;
    const b0 = yt.coef[yo];
    const r0 = rp[0];
    for (let x = 0; x < rowLen; x++) {
      let s = fr(r0[x] * b0);
      for (let j = 1; j < ky; j++) s = fr(s + fr(rp[j][x] * yt.coef[yo + j]));
      D[o + x] = satU16(s);
    }
  }
  return out;
}
