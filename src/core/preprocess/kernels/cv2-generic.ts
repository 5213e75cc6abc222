// OpenCV cv::resize generic separable path: INTER_LINEAR, INTER_AREA when enlarging, INTER_CUBIC, INTER_LANCZOS4.
//
// uint8 LINEAR and uint8 LANCZOS4 run OpenCV's own fixed-point code (11-bit coefficients, 22-bit rounding), which is
// integer arithmetic and reproduced bit for bit. In the pinned wheel (opencv-python 5.0 with IPP) INTER_CUBIC for
// uint8 and INTER_LINEAR/INTER_CUBIC for float32 are served by Intel IPP instead; IPP's uint8 cubic equals the float
// result rounded to nearest even, so those paths compute in double precision and round once.

import type { Image } from '../types';
import { newImage, pixelKind, satU16, satU8 } from './common';
import { CvAxis, CvGenericInterp, cvAxisTable, cvScales } from './cv2-tables';

const COEF_SCALE = 2048;

function clip(v: number, lo: number, hiExclusive: number): number {
  return v >= lo ? (v < hiExclusive ? v : hiExclusive - 1) : lo;
}

/** Rows of the source each output row needs (after OpenCV's clip), one list per output row. */
function rowsFor(yt: CvAxis, dy: number, srcH: number, rows: Int32Array): void {
  const k2 = yt.ksize >> 1;
  const sy0 = yt.ofs[dy];
  for (let k = 0; k < yt.ksize; k++) rows[k] = clip(sy0 - k2 + 1 + k, 0, srcH);
}

/** uint8 LINEAR (and INTER_AREA when enlarging): HResizeLinear<uchar,int,short> + VResizeLinear FixedPtCast<22>. */
function linearU8(img: Image, outW: number, outH: number, xt: CvAxis, yt: CvAxis): Image {
  const { width: w, height: h, channels: cn } = img;
  const S = img.data;
  const out = newImage(outW, outH, cn, 'uint8');
  const D = out.data;
  const rowLen = outW * cn;
  const cache = new Map<number, Int32Array>();
  const hrow = (sy: number): Int32Array => {
    let r = cache.get(sy);
    if (r) return r;
    r = new Int32Array(rowLen);
    const base = sy * w * cn;
    for (let dx = 0; dx < outW; dx++) {
      const p = base + xt.ofs[dx] * cn;
      const o = dx * cn;
      if (dx < xt.max) {
        const a0 = xt.icoef[dx * 2], a1 = xt.icoef[dx * 2 + 1];
        for (let c = 0; c < cn; c++) r[o + c] = S[p + c] * a0 + S[p + cn + c] * a1;
      } else {
        for (let c = 0; c < cn; c++) r[o + c] = S[p + c] * COEF_SCALE;
      }
    }
    cache.set(sy, r);
    return r;
  };
  const rows = new Int32Array(2);
  for (let dy = 0; dy < outH; dy++) {
    rowsFor(yt, dy, h, rows);
    const r0 = hrow(rows[0]);
    const r1 = hrow(rows[1]);
    const b0 = yt.icoef[dy * 2], b1 = yt.icoef[dy * 2 + 1];
    const o = dy * rowLen;
    for (let x = 0; x < rowLen; x++) {
      D[o + x] = (((b0 * (r0[x] >> 4)) >> 16) + ((b1 * (r1[x] >> 4)) >> 16) + 2) >> 2;
    }
    if (cache.size > 64) {
      for (const key of cache.keys()) if (key < rows[0]) cache.delete(key);
    }
  }
  return out;
}

/** uint8 LANCZOS4: HResizeLanczos4<uchar,int,short> + VResizeLanczos4 FixedPtCast<22>, all integer. */
function lanczosU8(img: Image, outW: number, outH: number, xt: CvAxis, yt: CvAxis): Image {
  const { width: w, height: h, channels: cn } = img;
  const S = img.data;
  const out = newImage(outW, outH, cn, 'uint8');
  const D = out.data;
  const rowLen = outW * cn;
  const ks = 8;
  const cache = new Map<number, Int32Array>();
  const hrow = (sy: number): Int32Array => {
    let r = cache.get(sy);
    if (r) return r;
    r = new Int32Array(rowLen);
    const base = sy * w * cn;
    for (let dx = 0; dx < outW; dx++) {
      const sx0 = xt.ofs[dx] - 3;
      for (let c = 0; c < cn; c++) {
        let v = 0;
        for (let k = 0; k < ks; k++) v += S[base + clip(sx0 + k, 0, w) * cn + c] * xt.icoef[dx * ks + k];
        r[dx * cn + c] = v;
      }
    }
    cache.set(sy, r);
    return r;
  };
  const rows = new Int32Array(ks);
  const rp: Int32Array[] = new Array<Int32Array>(ks);
  for (let dy = 0; dy < outH; dy++) {
    rowsFor(yt, dy, h, rows);
    for (let k = 0; k < ks; k++) rp[k] = hrow(rows[k]);
    const o = dy * rowLen;
    for (let x = 0; x < rowLen; x++) {
      let s = 0;
      for (let k = 0; k < ks; k++) s += rp[k][x] * yt.icoef[dy * ks + k];
      // int32 accumulation as in C; (s + 2^21) >> 22 then saturate_cast<uchar>.
      const v = ((s | 0) + (1 << 21)) >> 22;
      D[o + x] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
    if (cache.size > 64) {
      for (const key of cache.keys()) if (key < rows[0]) cache.delete(key);
    }
  }
  return out;
}

/**
 * uint8 CUBIC on OpenCV's own path (used for 2-channel images, which IPP does not take): HResizeCubic<uchar,int,short>
 * then VResizeCubic with FixedPtCast<22>. (The SIMD blocks of VResizeCubicVec_32s8u compute the same sums in float;
 * on every golden and random case the two agree, so the integer form is used throughout.)
 */
function cubicU8Native(img: Image, outW: number, outH: number, xt: CvAxis, yt: CvAxis): Image {
  const { width: w, height: h, channels: cn } = img;
  const S = img.data;
  const out = newImage(outW, outH, cn, 'uint8');
  const D = out.data;
  const rowLen = outW * cn;
  const cache = new Map<number, Int32Array>();
  const hrow = (sy: number): Int32Array => {
    let r = cache.get(sy);
    if (r) return r;
    r = new Int32Array(rowLen);
    const base = sy * w * cn;
    for (let dx = 0; dx < outW; dx++) {
      const sx0 = xt.ofs[dx] - 1;
      for (let c = 0; c < cn; c++) {
        let v = 0;
        for (let k = 0; k < 4; k++) v += S[base + clip(sx0 + k, 0, w) * cn + c] * xt.icoef[dx * 4 + k];
        r[dx * cn + c] = v;
      }
    }
    cache.set(sy, r);
    return r;
  };
  const rows = new Int32Array(4);
  for (let dy = 0; dy < outH; dy++) {
    rowsFor(yt, dy, h, rows);
    const r0 = hrow(rows[0]), r1 = hrow(rows[1]), r2 = hrow(rows[2]), r3 = hrow(rows[3]);
    const ib = dy * 4;
    const b0 = yt.icoef[ib], b1 = yt.icoef[ib + 1], b2 = yt.icoef[ib + 2], b3 = yt.icoef[ib + 3];
    const o = dy * rowLen;
    for (let x = 0; x < rowLen; x++) {
      const sum = (r0[x] * b0 + r1[x] * b1 + r2[x] * b2 + r3[x] * b3) | 0;
      const v = (sum + (1 << 21)) >> 22;
      D[o + x] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
    if (cache.size > 64) {
      for (const key of cache.keys()) if (key < rows[0]) cache.delete(key);
    }
  }
  return out;
}

/** Separable resample in double precision with OpenCV's float coefficients and replicated borders. */
function genericF64(img: Image, outW: number, outH: number, xt: CvAxis, yt: CvAxis): Image {
  const { width: w, height: h, channels: cn } = img;
  const S = img.data;
  const kind = pixelKind(img);
  const out = newImage(outW, outH, cn, kind);
  const D = out.data;
  const store = kind === 'uint8' ? satU8 : kind === 'uint16' ? satU16 : Math.fround;
  const rowLen = outW * cn;
  const kx = xt.ksize, ky = yt.ksize;
  const kx2 = kx >> 1;
  // Precompute clamped tap positions (in elements) for x.
  const xIdx = new Int32Array(outW * kx);
  for (let dx = 0; dx < outW; dx++) {
    for (let k = 0; k < kx; k++) xIdx[dx * kx + k] = clip(xt.ofs[dx] - kx2 + 1 + k, 0, w) * cn;
  }
  const cache = new Map<number, Float64Array>();
  const hrow = (sy: number): Float64Array => {
    let r = cache.get(sy);
    if (r) return r;
    r = new Float64Array(rowLen);
    const base = sy * w * cn;
    for (let dx = 0; dx < outW; dx++) {
      for (let c = 0; c < cn; c++) {
        let v = 0;
        for (let k = 0; k < kx; k++) v += S[base + xIdx[dx * kx + k] + c] * xt.coef[dx * kx + k];
        r[dx * cn + c] = v;
      }
    }
    cache.set(sy, r);
    return r;
  };
  const rows = new Int32Array(ky);
  const rp: Float64Array[] = new Array<Float64Array>(ky);
  for (let dy = 0; dy < outH; dy++) {
    rowsFor(yt, dy, h, rows);
    for (let k = 0; k < ky; k++) rp[k] = hrow(rows[k]);
    const o = dy * rowLen;
    for (let x = 0; x < rowLen; x++) {
      let s = 0;
      for (let k = 0; k < ky; k++) s += rp[k][x] * yt.coef[dy * ky + k];
      D[o + x] = store(s);
    }
    if (cache.size > 64) {
      for (const key of cache.keys()) if (key < rows[0]) cache.delete(key);
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
  const kind = pixelKind(img);
  if (kind === 'uint8' && (interp === 'linear' || interp === 'area-linear')) return linearU8(img, outW, outH, xt, yt);
  if (kind === 'uint8' && interp === 'lanczos4') return lanczosU8(img, outW, outH, xt, yt);
  if (kind === 'uint8' && interp === 'cubic' && img.channels === 2) return cubicU8Native(img, outW, outH, xt, yt);
  return genericF64(img, outW, outH, xt, yt);
}
