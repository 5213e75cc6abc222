// OpenCV cv::resize generic separable path: INTER_LINEAR, INTER_AREA when enlarging, INTER_CUBIC, INTER_LANCZOS4.
//
// Only what Intel IPP declines reaches this path in the pinned wheel (opencv-python 5.0 with IPP): LANCZOS4 and
// INTER_AREA when enlarging always, LINEAR for uint8 and for the uint16/float32 images IPP does not take, and CUBIC
// for 2-channel images and sources under 4×4. Every case is reproduced bit for bit: uint8 runs OpenCV's fixed-point
// code (11-bit coefficients, 22-bit rounding; CUBIC's SIMD block in float32, see fixedU8), uint16 and float32 run
// OpenCV's own float32 code (cv2-float32.ts).

import type { Image } from '../types';
import { newImage, pixelKind, satU8 } from './common';
import { CvAxis, CvGenericInterp, clip, cvAxisTable, cvScales, xTaps } from './cv2-tables';
import { cvFloat32Resize } from './cv2-float32';

const COEF_SCALE = 2048;
/** 1/(2048·2048): VResizeCubicVec_32s8u's float scale for the 22-bit fixed-point sums. */
const SIMD_SCALE = 1 / (COEF_SCALE * COEF_SCALE);
const fr = Math.fround;

/**
 * One horizontally filtered row for linearU8, per output pixel: r = S[p]·A + S[q]·B for each channel, where p/q are
 * the two taps' element offsets in source row `base` (q = p for border columns, whose B is 0).
 */
function linearRowU8(S: Uint8Array, base: number, cn: number, xp: Int32Array, xq: Int32Array, wa: Int32Array, wb: Int32Array, r: Int32Array): void {
  const n = xp.length;
  if (cn === 3) {
    for (let dx = 0, o = 0; dx < n; dx++, o += 3) {
      const p = base + xp[dx],
        q = base + xq[dx],
        A = wa[dx],
        B = wb[dx];
      r[o] = S[p] * A + S[q] * B;
      r[o + 1] = S[p + 1] * A + S[q + 1] * B;
      r[o + 2] = S[p + 2] * A + S[q + 2] * B;
    }
    return;
  }
  for (let dx = 0, o = 0; dx < n; dx++) {
    const p = base + xp[dx],
      q = base + xq[dx],
      A = wa[dx],
      B = wb[dx];
    for (let c = 0; c < cn; c++, o++) r[o] = S[p + c] * A + S[q + c] * B;
  }
}

/** linearRowU8 of 3-channel rows base0 and base1, blended with weights b0 and b1 straight into output row D[o…]. */
function linearRowsU8(
  S: Uint8Array,
  base0: number,
  base1: number,
  xp: Int32Array,
  xq: Int32Array,
  wa: Int32Array,
  wb: Int32Array,
  b0: number,
  b1: number,
  D: Uint8Array,
  o: number,
): void {
  const n = xp.length;
  for (let dx = 0; dx < n; dx++, o += 3) {
    const p = base0 + xp[dx],
      q = base0 + xq[dx],
      P = base1 + xp[dx],
      Q = base1 + xq[dx],
      A = wa[dx],
      B = wb[dx];
    D[o] = (((b0 * ((S[p] * A + S[q] * B) >> 4)) >> 16) + ((b1 * ((S[P] * A + S[Q] * B) >> 4)) >> 16) + 2) >> 2;
    D[o + 1] = (((b0 * ((S[p + 1] * A + S[q + 1] * B) >> 4)) >> 16) + ((b1 * ((S[P + 1] * A + S[Q + 1] * B) >> 4)) >> 16) + 2) >> 2;
    D[o + 2] = (((b0 * ((S[p + 2] * A + S[q + 2] * B) >> 4)) >> 16) + ((b1 * ((S[P + 2] * A + S[Q + 2] * B) >> 4)) >> 16) + 2) >> 2;
  }
}

/** uint8 LINEAR (and INTER_AREA when enlarging): HResizeLinear<uchar,int,short> + VResizeLinear FixedPtCast<22>. */
function linearU8(img: Image, outW: number, outH: number, xt: CvAxis, yt: CvAxis): Image {
  const { width: w, height: h, channels: cn } = img;
  const S = img.data as Uint8Array;
  const out = newImage(outW, outH, cn, 'uint8');
  const D = out.data as Uint8Array;
  const rowLen = outW * cn;
  // Per output pixel: element offsets of both taps and the two weights (border columns: 2048 and 0, and the right
  // tap, which may lie past the row end, points at the left one).
  const xp = new Int32Array(outW),
    xq = new Int32Array(outW),
    wa = new Int32Array(outW),
    wb = new Int32Array(outW);
  for (let dx = 0; dx < outW; dx++) {
    const inside = dx < xt.max;
    xp[dx] = xt.ofs[dx] * cn;
    xq[dx] = inside ? xp[dx] + cn : xp[dx];
    wa[dx] = inside ? xt.icoef[dx * 2] : COEF_SCALE;
    wb[dx] = inside ? xt.icoef[dx * 2 + 1] : 0;
  }
  const rowIn = w * cn;
  // Two filtered rows, tagged with their source row, reused as the output rows advance.
  let r0 = new Int32Array(rowLen),
    r1 = new Int32Array(rowLen);
  let t0 = -1,
    t1 = -1;
  for (let dy = 0; dy < outH; dy++) {
    const sy0 = yt.ofs[dy];
    const y0 = clip(sy0, 0, h),
      y1 = clip(sy0 + 1, 0, h);
    const b0 = yt.icoef[dy * 2],
      b1 = yt.icoef[dy * 2 + 1];
    const o = dy * rowLen;
    if (cn === 3 && t0 !== y0 && t1 !== y0 && t0 !== y1 && t1 !== y1) {
      // Neither row was filtered before (a shrink by 2 or more skips rows): filter and blend in one pass, same sums.
      linearRowsU8(S, y0 * rowIn, y1 * rowIn, xp, xq, wa, wb, b0, b1, D, o);
      continue;
    }
    if (t0 !== y0) {
      if (t1 === y0) {
        const t = r0;
        r0 = r1;
        r1 = t;
        t1 = t0;
        t0 = y0;
      } else {
        linearRowU8(S, y0 * rowIn, cn, xp, xq, wa, wb, r0);
        t0 = y0;
      }
    }
    if (t1 !== y1) {
      linearRowU8(S, y1 * rowIn, cn, xp, xq, wa, wb, r1);
      t1 = y1;
    }
    for (let x = 0; x < rowLen; x++) {
      D[o + x] = (((b0 * (r0[x] >> 4)) >> 16) + ((b1 * (r1[x] >> 4)) >> 16) + 2) >> 2;
    }
  }
  return out;
}

/** One row of the horizontal pass: r[dx·cn + c] = Σ_j S[base + idx[dx·k + j] + c] · coef[dx·k + j]. */
function hRow(S: ArrayLike<number>, base: number, cn: number, k: number, idx: Int32Array, coef: Int16Array, r: Int32Array): void {
  const outW = idx.length / k;
  for (let dx = 0; dx < outW; dx++) {
    const t = dx * k;
    for (let c = 0; c < cn; c++) {
      let v = 0;
      for (let j = 0; j < k; j++) v += S[base + idx[t + j] + c] * coef[t + j];
      r[dx * cn + c] = v;
    }
  }
}

/**
 * Rows for output row dy: the horizontally filtered source rows clip(yofs - k/2 + 1 + j), cached in a ring keyed by
 * source row (the rows an output row needs are consecutive, so a ring of k slots never evicts one still in use).
 */
function gatherRows(
  yt: CvAxis,
  dy: number,
  h: number,
  ring: Int32Array[],
  tags: Int32Array,
  fill: (sy: number, r: Int32Array) => void,
  rp: Int32Array[],
): void {
  const k = yt.ksize,
    k2 = k >> 1,
    sy0 = yt.ofs[dy];
  for (let j = 0; j < k; j++) {
    const sy = clip(sy0 - k2 + 1 + j, 0, h);
    const slot = sy % k;
    if (tags[slot] !== sy) {
      fill(sy, ring[slot]);
      tags[slot] = sy;
    }
    rp[j] = ring[slot];
  }
}

/**
 * uint8 LANCZOS4 (HResizeLanczos4 + VResizeLanczos4, FixedPtCast<22>, no SIMD vertical pass) and the uint8 CUBIC
 * images IPP declines (2-channel, or a side under 4 px: HResizeCubic + VResizeCubic): 11-bit integer weights in both
 * passes, int32 sums, (sum + 2^21) >> 22, saturated. For CUBIC, VResizeCubicVec_32s8u computes the first
 * floor(width/8)·8 elements of each row in float32 instead: S0·b0 + (S1·b1 + (S2·b2 + S3·b3)) with b = β/2^22 and the
 * int sums converted to float, no FMA, rounded half to even and saturated; the scalar tail uses the integer form.
 */
function fixedU8(img: Image, outW: number, outH: number, xt: CvAxis, yt: CvAxis): Image {
  const { width: w, height: h, channels: cn } = img;
  const S = img.data;
  const out = newImage(outW, outH, cn, 'uint8');
  const D = out.data;
  const rowLen = outW * cn,
    ky = yt.ksize;
  const idx = xTaps(xt, w, cn);
  const ring = Array.from({ length: ky }, () => new Int32Array(rowLen));
  const tags = new Int32Array(ky).fill(-1);
  const rp: Int32Array[] = new Array<Int32Array>(ky);
  const fill = (sy: number, r: Int32Array): void => hRow(S, sy * w * cn, cn, xt.ksize, idx, xt.icoef, r);
  const simdEnd = ky === 4 ? rowLen - (rowLen % 8) : 0;
  for (let dy = 0; dy < outH; dy++) {
    gatherRows(yt, dy, h, ring, tags, fill, rp);
    const o = dy * rowLen,
      yo = dy * ky;
    let x = 0;
    if (simdEnd > 0) {
      // β·2^-22 is exact in float32, and S·β (|S·β| < 2^31) is exact in double, so fr(S·β)·2^-22 = fr(S·b).
      const b0 = yt.icoef[yo] * SIMD_SCALE,
        b1 = yt.icoef[yo + 1] * SIMD_SCALE;
      const b2 = yt.icoef[yo + 2] * SIMD_SCALE,
        b3 = yt.icoef[yo + 3] * SIMD_SCALE;
      const s0 = rp[0],
        s1 = rp[1],
        s2 = rp[2],
        s3 = rp[3];
      for (; x < simdEnd; x++) {
        const v = fr(fr(s0[x] * b0) + fr(fr(s1[x] * b1) + fr(fr(s2[x] * b2) + fr(s3[x] * b3))));
        D[o + x] = satU8(v);
      }
    }
    for (; x < rowLen; x++) {
      let s = 0;
      for (let j = 0; j < ky; j++) s += rp[j][x] * yt.icoef[yo + j];
      const v = ((s | 0) + (1 << 21)) >> 22;
      D[o + x] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return out;
}

/** cv::resize through the generic separable path for `interp` (dst size given, so inv_scale = dst/src). */
export function cvGenericResize(img: Image, outW: number, outH: number, interp: CvGenericInterp): Image {
  const sx = cvScales(img.width, outW);
  const sy = cvScales(img.height, outH);
  const xt = cvAxisTable(interp, img.width, outW, sx.scale, sx.invScale, true);
  const yt = cvAxisTable(interp, img.height, outH, sy.scale, sy.invScale, false);
  if (pixelKind(img) !== 'uint8') {
    // uint16 and float32 images (LANCZOS4, INTER_AREA when enlarging, and the LINEAR/CUBIC images IPP declines) run
    // OpenCV's own float32 code.
    return cvFloat32Resize(img, outW, outH, xt, yt);
  }
  if (interp === 'linear' || interp === 'area-linear') return linearU8(img, outW, outH, xt, yt);
  return fixedU8(img, outW, outH, xt, yt);
}
