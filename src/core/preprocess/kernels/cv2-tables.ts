// OpenCV cv::resize coefficient tables (modules/imgproc/src/resize.cpp, hal::resize), one axis at a time.

import { f32, satS16 } from './common';

/** Interpolations that use OpenCV's generic separable path. */
export type CvGenericInterp = 'linear' | 'area-linear' | 'cubic' | 'lanczos4';

/** Per-axis table: source index of the first tap and `ksize` float coefficients per output index. */
export interface CvAxis {
  ksize: number;
  /** Unclamped source pixel index of tap (ksize/2 - 1), as OpenCV's xofs/yofs. */
  ofs: Int32Array;
  /** Float32 coefficients, ksize per output index. */
  coef: Float32Array;
  /** Fixed-point coefficients (× 2048, saturate_cast<short>), ksize per output index. */
  icoef: Int16Array;
  /** Outputs before `min` touch the left border, outputs from `max` on the right border. */
  min: number;
  max: number;
}

/** OpenCV cvFloor on a float or double. */
const cvFloor = Math.floor;

/** interpolateCubic(x) with A = -0.75, in float32 arithmetic. */
export function cubicCoeffs(x: number, out: Float32Array, o: number): void {
  const A = -0.75;
  const x1 = f32(x + 1);
  const c0 = f32(f32(f32(f32(f32(f32(A * x1) - 5 * A) * x1) + 8 * A) * x1) - 4 * A);
  const c1 = f32(f32(f32(f32(f32((A + 2) * x) - (A + 3)) * x) * x) + 1);
  const omx = f32(1 - x);
  const c2 = f32(f32(f32(f32(f32((A + 2) * omx) - (A + 3)) * omx) * omx) + 1);
  out[o] = c0;
  out[o + 1] = c1;
  out[o + 2] = c2;
  out[o + 3] = f32(f32(f32(1 - c0) - c1) - c2);
}

const S45 = Math.SQRT1_2; // OpenCV's 0.70710678118654752440084436210485, as a double
const LANCZOS_CS: readonly (readonly [number, number])[] = [
  [1, 0],
  [-S45, -S45],
  [0, 1],
  [S45, -S45],
  [-1, 0],
  [S45, S45],
  [0, -1],
  [-S45, S45],
];

/** interpolateLanczos4(x) of OpenCV 4.9+/5.x: 8 taps, double trig, float normalisation. */
export function lanczos4Coeffs(x: number, out: Float32Array, o: number): void {
  let sum = 0;
  const y0 = -f32(x + 3) * Math.PI * 0.25; // x + 3 is a float in OpenCV, converted to double for sin/cos
  const s0 = Math.sin(y0);
  const c0 = Math.cos(y0);
  for (let i = 0; i < 8; i++) {
    const y0f = f32(f32(x + 3) - i);
    let c: number;
    if (Math.abs(y0f) >= f32(1e-6)) {
      const y = -y0f * Math.PI * 0.25;
      c = f32((LANCZOS_CS[i][0] * s0 + LANCZOS_CS[i][1] * c0) / (y * y));
    } else {
      c = f32(1e30);
    }
    out[o + i] = c;
    sum = f32(sum + c);
  }
  const inv = f32(1 / sum);
  for (let i = 0; i < 8; i++) out[o + i] = f32(out[o + i] * inv);
}

/**
 * The x (or y) table of hal::resize's generic path for `interp`.
 * `scale` is 1/inv_scale and `invScale` is dst/src in double, exactly as cv::resize computes them.
 * `clampBorder` is true for the x axis (OpenCV clamps sx and fx there) and false for y.
 */
export function cvAxisTable(interp: CvGenericInterp, srcSize: number, dstSize: number, scale: number, invScale: number, clampBorder: boolean): CvAxis {
  const ksize = interp === 'cubic' ? 4 : interp === 'lanczos4' ? 8 : 2;
  const ksize2 = ksize >> 1;
  const ofs = new Int32Array(dstSize);
  const coef = new Float32Array(dstSize * ksize);
  const icoef = new Int16Array(dstSize * ksize);
  let min = 0;
  let max = dstSize;
  for (let d = 0; d < dstSize; d++) {
    let s: number;
    let fx: number;
    if (interp !== 'area-linear') {
      fx = f32((d + 0.5) * scale - 0.5);
      s = cvFloor(fx);
      fx = f32(fx - s);
    } else {
      s = cvFloor(d * scale);
      fx = f32(d + 1 - (s + 1) * invScale);
      fx = fx <= 0 ? 0 : f32(fx - cvFloor(fx));
    }
    if (clampBorder) {
      const interpolating = interp === 'linear' || interp === 'area-linear';
      if (s < ksize2 - 1) {
        min = d + 1;
        if (s < 0 && interpolating) {
          fx = 0;
          s = 0;
        }
      }
      if (s + ksize2 >= srcSize) {
        max = Math.min(max, d);
        if (s >= srcSize - 1 && interpolating) {
          fx = 0;
          s = srcSize - 1;
        }
      }
    }
    ofs[d] = s;
    const o = d * ksize;
    if (interp === 'cubic') cubicCoeffs(fx, coef, o);
    else if (interp === 'lanczos4') lanczos4Coeffs(fx, coef, o);
    else {
      coef[o] = f32(1 - fx);
      coef[o + 1] = fx;
    }
    for (let k = 0; k < ksize; k++) icoef[o + k] = satS16(coef[o + k] * 2048);
  }
  return { ksize, ofs, coef, icoef, min, max };
}

/** cv::resize's scale factors: inv_scale = dst/src and scale = 1/inv_scale, both in double. */
export function cvScales(src: number, dst: number): { scale: number; invScale: number } {
  const invScale = dst / src;
  return { scale: 1 / invScale, invScale };
}

/** v clamped to lo..hiExclusive-1 (BORDER_REPLICATE for a source row or column index). */
export function clip(v: number, lo: number, hiExclusive: number): number {
  return v >= lo ? (v < hiExclusive ? v : hiExclusive - 1) : lo;
}

/** Element offsets of every x tap of `xt` in a row of `w` pixels × `cn` channels, clamped to the row (replicated border). */
export function xTaps(xt: CvAxis, w: number, cn: number): Int32Array {
  const k = xt.ksize,
    k2 = k >> 1,
    n = xt.ofs.length;
  const idx = new Int32Array(n * k);
  for (let dx = 0; dx < n; dx++) for (let j = 0; j < k; j++) idx[dx * k + j] = clip(xt.ofs[dx] - k2 + 1 + j, 0, w) * cn;
  return idx;
}
