// OpenCV INTER_NEAREST (floor(x * src/dst), top-left aligned), INTER_NEAREST_EXACT (pixel centres like Pillow) and INTER_LINEAR_EXACT (resize_bitExact with 8-bit ufixedpoint16 coefficients).

import type { Image } from '../types';
import { newImage, pixelKind, roundHalfEven } from './common';
import { cvScales } from './cv2-tables';

/** Copies whole pixels: out(x, y) = in(xIdx[x], yIdx[y]). */
export function gatherPixels(img: Image, xIdx: Int32Array, yIdx: Int32Array): Image {
  const cn = img.channels;
  const outW = xIdx.length,
    outH = yIdx.length;
  const out = newImage(outW, outH, cn, pixelKind(img));
  const S = img.data,
    D = out.data;
  const rowIn = img.width * cn;
  const xo = new Int32Array(outW);
  for (let x = 0; x < outW; x++) xo[x] = xIdx[x] * cn;
  let o = 0;
  for (let y = 0; y < outH; y++) {
    const base = yIdx[y] * rowIn;
    if (cn === 3) {
      for (let x = 0; x < outW; x++) {
        const p = base + xo[x];
        D[o] = S[p];
        D[o + 1] = S[p + 1];
        D[o + 2] = S[p + 2];
        o += 3;
      }
    } else if (cn === 1) {
      for (let x = 0; x < outW; x++) D[o++] = S[base + xo[x]];
    } else {
      for (let x = 0; x < outW; x++) {
        const p = base + xo[x];
        for (let c = 0; c < cn; c++) D[o++] = S[p + c];
      }
    }
  }
  return out;
}

/** INTER_NEAREST source indices: min(cvFloor(i * (1 / (dst/src))), src - 1). */
export function cvNearestIndex(src: number, dst: number): Int32Array {
  const ifx = cvScales(src, dst).scale;
  const idx = new Int32Array(dst);
  for (let i = 0; i < dst; i++) idx[i] = Math.min(Math.floor(i * ifx), src - 1);
  return idx;
}

/**
 * INTER_NEAREST_EXACT source indices. The pinned opencv-python 5.0 wheel samples pixel centres by accumulating
 * src/dst in double from src/dst/2 (as Pillow's nearest does), not by the 16-bit fixed point of OpenCV 4.x
 * (((src<<16)+dst/2)/dst); the two differ only where a centre falls exactly on a pixel boundary. Verified against
 * the wheel on every golden case.
 */
export function cvNearestExactIndex(src: number, dst: number): Int32Array {
  const a = src / dst;
  const idx = new Int32Array(dst);
  let xo = a * 0.5;
  for (let i = 0; i < dst; i++) {
    idx[i] = Math.min(Math.floor(xo), src - 1);
    xo += a;
  }
  return idx;
}

/** cv::resize INTER_NEAREST. */
export function cvNearest(img: Image, outW: number, outH: number): Image {
  return gatherPixels(img, cvNearestIndex(img.width, outW), cvNearestIndex(img.height, outH));
}

/** cv::resize INTER_NEAREST_EXACT. */
export function cvNearestExact(img: Image, outW: number, outH: number): Image {
  return gatherPixels(img, cvNearestExactIndex(img.width, outW), cvNearestExactIndex(img.height, outH));
}

interface ExactAxis {
  ofs: Int32Array;
  c1: Float64Array;
  min: number;
  max: number;
}

/** interpolationLinear<ET>::getCoeffs for every output index: `bits` fractional bits (8 for uint8, 16 for uint16). */
function exactAxis(src: number, dst: number, bits: number): ExactAxis {
  const scale = 1 / (dst / src);
  const one = 2 ** bits;
  const ofs = new Int32Array(dst),
    c1 = new Float64Array(dst);
  let min = 0,
    max = dst;
  for (let v = 0; v < dst; v++) {
    const fval = scale * (v + 0.5) - 0.5;
    const ival = Math.floor(fval);
    if (ival >= 0 && src > 1) {
      if (ival < src - 1) {
        ofs[v] = ival;
        c1[v] = roundHalfEven((fval - ival) * one);
      } else {
        ofs[v] = src - 1;
        max = Math.min(max, v);
      }
    } else {
      min = Math.max(min, v + 1);
    }
  }
  return { ofs, c1, min, max };
}

/**
 * cv::resize INTER_LINEAR_EXACT: resize_bitExact with ufixedpoint16 (uint8: 8 fractional bits per pass) or
 * ufixedpoint32 (uint16: 16 fractional bits), saturating adds, round-half-up on the final shift.
 */
export function cvLinearExact(img: Image, outW: number, outH: number): Image {
  const { width: w, height: h, channels: cn } = img;
  const kind = pixelKind(img);
  const bits = kind === 'uint8' ? 8 : 16;
  const one = 2 ** bits;
  const lineMax = 2 ** (2 * bits) - 1;
  const outMax = kind === 'uint8' ? 255 : 65535;
  const S = img.data;
  const out = newImage(outW, outH, cn, kind);
  const D = out.data;
  const xa = exactAxis(w, outW, bits),
    ya = exactAxis(h, outH, bits);
  const rowLen = outW * cn;
  const hline = (sy: number, dst: Float64Array): void => {
    const base = sy * w * cn;
    const last = base + xa.ofs[outW - 1] * cn;
    for (let i = 0; i < outW; i++) {
      const o = i * cn;
      if (i < xa.min) {
        for (let c = 0; c < cn; c++) dst[o + c] = S[base + c] * one;
      } else if (i < xa.max) {
        const p = base + xa.ofs[i] * cn;
        const m1 = xa.c1[i],
          m0 = one - m1;
        for (let c = 0; c < cn; c++) dst[o + c] = Math.min(lineMax, m0 * S[p + c] + m1 * S[p + cn + c]);
      } else {
        for (let c = 0; c < cn; c++) dst[o + c] = S[last + c] * one;
      }
    }
  };
  const half = one / 2,
    full = one * one,
    fullHalf = full / 2;
  const set = (src: Float64Array, dy: number): void => {
    const o = dy * rowLen;
    for (let x = 0; x < rowLen; x++) D[o + x] = Math.min(outMax, Math.floor((src[x] + half) / one));
  };
  const a = new Float64Array(rowLen),
    b = new Float64Array(rowLen);
  if (ya.min > 0) {
    hline(0, a);
    for (let dy = 0; dy < Math.min(ya.min, outH); dy++) set(a, dy);
  }
  let loaded = -1;
  for (let dy = ya.min; dy < ya.max; dy++) {
    const iy = ya.ofs[dy];
    if (loaded !== iy) {
      hline(iy, a);
      hline(Math.min(iy + 1, h - 1), b);
      loaded = iy;
    }
    const m1 = ya.c1[dy],
      m0 = one - m1;
    const o = dy * rowLen;
    for (let x = 0; x < rowLen; x++) D[o + x] = Math.min(outMax, Math.floor((a[x] * m0 + b[x] * m1 + fullHalf) / full));
  }
  if (ya.max < outH) {
    hline(h - 1, a);
    for (let dy = Math.max(ya.max, ya.min); dy < outH; dy++) set(a, dy);
  }
  return out;
}
