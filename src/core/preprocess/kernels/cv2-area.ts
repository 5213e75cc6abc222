// OpenCV INTER_AREA when shrinking: the integer-factor fast path (resizeAreaFast_) and the generic
// area-weighted path (resizeArea_ with computeResizeAreaTab), reproduced in float32 arithmetic.

import type { Image } from '../types';
import { f32, newImage, pixelKind, roundHalfEven, satU16, satU8 } from './common';
import { cvScales } from './cv2-tables';
import { areaGenericSimd, areaSimd } from './area-simd';

/** Largest 3-channel uint8 image (bytes) whose INTER_AREA sums run in WebAssembly: its memory is kept for reuse. */
const SIMD_MAX_BYTES = 48 * 1024 * 1024;

const DBL_EPSILON = 2.220446049250313e-16;

/** True when OpenCV takes the integer-factor path: both scales are integers to within DBL_EPSILON. */
export function cvAreaIsFast(srcW: number, srcH: number, outW: number, outH: number): boolean {
  const sx = cvScales(srcW, outW).scale;
  const sy = cvScales(srcH, outH).scale;
  return Math.abs(sx - roundHalfEven(sx)) < DBL_EPSILON && Math.abs(sy - roundHalfEven(sy)) < DBL_EPSILON;
}

/** resizeAreaFast_: every output pixel averages an iscale_x × iscale_y block. */
function areaFast(img: Image, outW: number, outH: number, isx: number, isy: number): Image {
  const { width: w, height: h, channels: cn } = img;
  const S = img.data;
  const kind = pixelKind(img);
  const out = newImage(outW, outH, cn, kind);
  const D = out.data;
  const area = isx * isy;
  const scale = f32(1 / area);
  const rowIn = w * cn;
  const dwidth1 = Math.floor(w / isx) * cn;
  const dsw = outW * cn;
  const swIn = w * cn;
  const integer = kind !== 'float32';
  const sat = kind === 'uint8' ? satU8 : kind === 'uint16' ? satU16 : f32;
  // Offsets inside a block, row-major, as OpenCV's ofs[].
  const ofs = new Int32Array(area);
  for (let sy = 0, k = 0; sy < isy; sy++) for (let sx = 0; sx < isx; sx++) ofs[k++] = sy * rowIn + sx * cn;
  const fast2x2 = isx === 2 && isy === 2 && (cn === 1 || cn === 3 || cn === 4);
  for (let dy = 0; dy < outH; dy++) {
    const o = dy * dsw;
    const sy0 = dy * isy;
    if (sy0 >= h) {
      for (let dx = 0; dx < dsw; dx++) D[o + dx] = 0;
      continue;
    }
    const wfull = sy0 + isy <= h ? dwidth1 : 0;
    const rowBase = sy0 * rowIn;
    let dx = 0;
    const simd1 = wfull - (wfull % 4);
    if (fast2x2 && wfull > 0) {
      for (; dx < wfull; dx++) {
        const c = dx % cn;
        const p = rowBase + (dx - c) * 2 + c;
        if (integer) {
          D[o + dx] = (S[p] + S[p + cn] + S[p + rowIn] + S[p + rowIn + cn] + 2) >> 2;
        } else if (cn === 4 || (cn === 1 && dx < simd1)) {
          // The SIMD block pairs the two rows' sums; for 1 channel it covers 4 outputs at a time and the scalar tail
          // adds left to right like the 3-channel code.
          D[o + dx] = f32(f32(f32(S[p] + S[p + cn]) + f32(S[p + rowIn] + S[p + rowIn + cn])) * 0.25);
        } else {
          D[o + dx] = f32(f32(f32(f32(f32(S[p] + S[p + cn]) + S[p + rowIn]) + S[p + rowIn + cn])) * scale);
        }
      }
    }
    for (; dx < wfull; dx++) {
      const c = dx % cn;
      const p = rowBase + (dx - c) * isx + c;
      let sum = 0;
      let k = 0;
      if (kind === 'uint8') {
        for (; k < area; k++) sum += S[p + ofs[k]];
        D[o + dx] = sat(f32(sum * scale));
      } else if (kind === 'uint16') {
        // WT is float for ushort: each group of four is an exact int sum, added to the float sum.
        for (; k <= area - 4; k += 4) sum = f32(sum + (S[p + ofs[k]] + S[p + ofs[k + 1]] + S[p + ofs[k + 2]] + S[p + ofs[k + 3]]));
        for (; k < area; k++) sum = f32(sum + S[p + ofs[k]]);
        D[o + dx] = sat(f32(sum * scale));
      } else {
        for (; k <= area - 4; k += 4) {
          sum = f32(sum + f32(f32(f32(S[p + ofs[k]] + S[p + ofs[k + 1]]) + S[p + ofs[k + 2]]) + S[p + ofs[k + 3]]));
        }
        for (; k < area; k++) sum = f32(sum + S[p + ofs[k]]);
        D[o + dx] = f32(sum * scale);
      }
    }
    for (; dx < dsw; dx++) {
      const c = dx % cn;
      const sx0 = (dx - c) * isx + c;
      let sum = 0;
      let count = 0;
      for (let sy = 0; sy < isy && sy0 + sy < h; sy++) {
        const b = (sy0 + sy) * rowIn + sx0;
        for (let sx = 0; sx < isx * cn && sx0 + sx < swIn; sx += cn) {
          sum = kind === 'uint8' ? sum + S[b + sx] : f32(sum + S[b + sx]);
          count++;
        }
      }
      D[o + dx] = count === 0 ? 0 : sat(f32(f32(sum) / count));
    }
  }
  return out;
}

/** computeResizeAreaTab's entries: output index, source index and weight, `size` of them. */
export interface AreaTab {
  di: Int32Array;
  si: Int32Array;
  alpha: Float32Array;
  size: number;
}

/** computeResizeAreaTab: for each output cell, the source pixels it covers and their float weights. */
function areaTab(ssize: number, dsize: number, scale: number): AreaTab {
  const cap = ssize * 2 + 2;
  const di = new Int32Array(cap),
    si = new Int32Array(cap),
    alpha = new Float32Array(cap);
  let k = 0;
  for (let dx = 0; dx < dsize; dx++) {
    const fsx1 = dx * scale;
    const fsx2 = fsx1 + scale;
    const cellWidth = Math.min(scale, ssize - fsx1);
    let sx1 = Math.ceil(fsx1);
    let sx2 = Math.floor(fsx2);
    sx2 = Math.min(sx2, ssize - 1);
    sx1 = Math.min(sx1, sx2);
    if (sx1 - fsx1 > 1e-3) {
      di[k] = dx;
      si[k] = sx1 - 1;
      alpha[k++] = (sx1 - fsx1) / cellWidth;
    }
    for (let sx = sx1; sx < sx2; sx++) {
      di[k] = dx;
      si[k] = sx;
      alpha[k++] = 1.0 / cellWidth;
    }
    if (fsx2 - sx2 > 1e-3) {
      di[k] = dx;
      si[k] = sx2;
      alpha[k++] = Math.min(Math.min(fsx2 - sx2, 1), cellWidth) / cellWidth;
    }
  }
  return { di, si, alpha, size: k };
}

/** Per output pixel, the range of xtab entries it owns (xtab is sorted by destination). */
function runs(t: AreaTab, dsize: number): Int32Array {
  const start = new Int32Array(dsize + 1);
  let k = 0;
  for (let d = 0; d < dsize; d++) {
    start[d] = k;
    while (k < t.size && t.di[k] === d) k++;
  }
  start[dsize] = k;
  return start;
}

/**
 * One source row of ResizeArea_Invoker's horizontal pass: buf[dx·cn + c] accumulates S·alpha in float32 in xtab
 * order (each product rounded to float, then the sum), which is what the C loop does.
 */
function areaRow(S: ArrayLike<number>, base: number, cn: number, start: Int32Array, si: Int32Array, alpha: Float32Array, buf: Float32Array): void {
  const f = Math.fround;
  const outW = start.length - 1;
  if (cn === 3) {
    for (let dx = 0, o = 0; dx < outW; dx++, o += 3) {
      let s0 = 0,
        s1 = 0,
        s2 = 0;
      for (let k = start[dx], end = start[dx + 1]; k < end; k++) {
        const p = base + si[k],
          a = alpha[k];
        s0 = f(s0 + f(S[p] * a));
        s1 = f(s1 + f(S[p + 1] * a));
        s2 = f(s2 + f(S[p + 2] * a));
      }
      buf[o] = s0;
      buf[o + 1] = s1;
      buf[o + 2] = s2;
    }
    return;
  }
  for (let dx = 0, o = 0; dx < outW; dx++, o += cn) {
    for (let c = 0; c < cn; c++) {
      let acc = 0;
      for (let k = start[dx], end = start[dx + 1]; k < end; k++) acc = f(acc + f(S[base + si[k] + c] * alpha[k]));
      buf[o + c] = acc;
    }
  }
}

/** The float32 products v·alpha for v = 0…255 of each distinct xtab weight (what areaRow computes; held as doubles,
 * which saves a conversion per lookup), and per entry k the offset of its weight's 256 products. */
interface ProductTable {
  products: Float64Array;
  offset: Int32Array;
  /** From entry k, how many entries in a row read consecutive source pixels with the same weight for the same output. */
  run: Int32Array;
}

function productTable(t: AreaTab): ProductTable {
  const seen = new Map<number, number>();
  const offset = new Int32Array(t.size);
  for (let k = 0; k < t.size; k++) {
    const a = t.alpha[k];
    let i = seen.get(a);
    if (i === undefined) {
      i = seen.size;
      seen.set(a, i);
    }
    offset[k] = i << 8;
  }
  const products = new Float64Array(seen.size * 256);
  for (const [a, i] of seen) for (let v = 0; v < 256; v++) products[(i << 8) + v] = Math.fround(v * a);
  const run = new Int32Array(t.size);
  for (let k = t.size - 1; k >= 0; k--) {
    const next = k + 1 < t.size && t.di[k + 1] === t.di[k] && offset[k + 1] === offset[k] && t.si[k + 1] === t.si[k] + 1;
    run[k] = next ? run[k + 1] + 1 : 1;
  }
  return { products, offset, run };
}

/** areaRow for uint8 pixels with the products looked up (the same float32 values, summed in the same order). */
function areaRowU8(S: Uint8Array, base: number, cn: number, start: Int32Array, si: Int32Array, table: ProductTable, buf: Float32Array): void {
  const f = Math.fround;
  const { products, offset, run } = table;
  const outW = start.length - 1;
  if (cn === 3) {
    for (let dx = 0, o = 0; dx < outW; dx++, o += 3) {
      let s0 = 0,
        s1 = 0,
        s2 = 0;
      for (let k = start[dx], end = start[dx + 1]; k < end;) {
        // A run of source pixels with one weight: walk the pixels, same order and same float32 sums as entry by entry.
        const t = offset[k];
        const stop = base + si[k] + run[k] * 3;
        for (let p = base + si[k]; p < stop; p += 3) {
          s0 = f(s0 + products[t + S[p]]);
          s1 = f(s1 + products[t + S[p + 1]]);
          s2 = f(s2 + products[t + S[p + 2]]);
        }
        k += run[k];
      }
      buf[o] = s0;
      buf[o + 1] = s1;
      buf[o + 2] = s2;
    }
    return;
  }
  for (let dx = 0, o = 0; dx < outW; dx++, o += cn) {
    for (let c = 0; c < cn; c++) {
      let acc = 0;
      for (let k = start[dx], end = start[dx + 1]; k < end; k++) acc = f(acc + products[offset[k] + S[base + si[k] + c]]);
      buf[o + c] = acc;
    }
  }
}

/**
 * areaRowU8 for two 3-channel source rows at once (rows base0 and base1 into buf0 and buf1): six independent float32
 * sums in flight instead of three, each summed in the same order as areaRowU8, so the values are the same.
 */
function areaRowU8Pair(
  S: Uint8Array,
  base0: number,
  base1: number,
  start: Int32Array,
  si: Int32Array,
  table: ProductTable,
  buf0: Float32Array,
  buf1: Float32Array,
): void {
  const f = Math.fround;
  const { products, offset, run } = table;
  const outW = start.length - 1;
  const gap = base1 - base0;
  for (let dx = 0, o = 0; dx < outW; dx++, o += 3) {
    let a0 = 0,
      a1 = 0,
      a2 = 0,
      b0 = 0,
      b1 = 0,
      b2 = 0;
    for (let k = start[dx], end = start[dx + 1]; k < end;) {
      const t = offset[k];
      const stop = base0 + si[k] + run[k] * 3;
      for (let p = base0 + si[k]; p < stop; p += 3) {
        const q = p + gap;
        a0 = f(a0 + products[t + S[p]]);
        b0 = f(b0 + products[t + S[q]]);
        a1 = f(a1 + products[t + S[p + 1]]);
        b1 = f(b1 + products[t + S[q + 1]]);
        a2 = f(a2 + products[t + S[p + 2]]);
        b2 = f(b2 + products[t + S[q + 2]]);
      }
      k += run[k];
    }
    buf0[o] = a0;
    buf0[o + 1] = a1;
    buf0[o + 2] = a2;
    buf1[o] = b0;
    buf1[o + 1] = b1;
    buf1[o + 2] = b2;
  }
}

/** ResizeArea_Invoker: float32 horizontal accumulation per source row, then float32 vertical accumulation. */
function areaGeneric(img: Image, outW: number, outH: number, scaleX: number, scaleY: number): Image {
  const { width: w, channels: cn } = img;
  const S = img.data;
  const kind = pixelKind(img);
  const out = newImage(outW, outH, cn, kind);
  const D = out.data;
  const sat = kind === 'uint8' ? satU8 : kind === 'uint16' ? satU16 : f32;
  const xt = areaTab(w, outW, scaleX);
  const yt = areaTab(img.height, outH, scaleY);
  const xStart = runs(xt, outW);
  const xsi = new Int32Array(xt.size);
  for (let k = 0; k < xt.size; k++) xsi[k] = xt.si[k] * cn;
  const dw = outW * cn;
  const simd = cn === 3 && S instanceof Uint8Array && S.length <= SIMD_MAX_BYTES ? areaSimd() : null;
  // The JS kernel below writes every output value, so it also serves when the module's memory cannot grow.
  if (simd && S instanceof Uint8Array && D instanceof Uint8Array && areaGenericSimd(simd, S, w, outW, xt, yt, xStart, D)) return out;
  let bufA = new Float32Array(dw),
    bufB = new Float32Array(dw);
  const sum = new Float32Array(dw);
  // For uint8 pixels each xtab weight has only 256 possible products: look them up instead of multiplying.
  const products = S instanceof Uint8Array ? productTable(xt) : undefined;
  const pairs = products !== undefined && cn === 3;
  // Storing into a Uint8ClampedArray is satU8 (round half to even, clamp to 0..255, NaN to 0) without a call.
  const clamped = D instanceof Uint8Array ? new Uint8ClampedArray(D.buffer, D.byteOffset, D.length) : undefined;
  // The horizontal sums of the last one or two source rows computed (rowA in bufA, rowB in bufB). A source row on the
  // border of two output rows comes twice in a row; with 3-channel uint8 pixels rows are summed two at a time.
  let rowA = -1,
    rowB = -1;
  let prevDy = yt.size > 0 ? yt.di[0] : 0;
  for (let j = 0; j < yt.size; j++) {
    const beta = yt.alpha[j];
    const dy = yt.di[j];
    const sy = yt.si[j];
    if (sy === rowB) {
      const t = bufA;
      bufA = bufB;
      bufB = t;
      rowA = rowB;
      rowB = -1;
    } else if (sy !== rowA) {
      if (pairs && S instanceof Uint8Array && sy + 1 < img.height) {
        areaRowU8Pair(S, sy * w * cn, (sy + 1) * w * cn, xStart, xsi, products, bufA, bufB);
        rowB = sy + 1;
      } else {
        if (products && S instanceof Uint8Array) areaRowU8(S, sy * w * cn, cn, xStart, xsi, products, bufA);
        else areaRow(S, sy * w * cn, cn, xStart, xsi, xt.alpha, bufA);
        rowB = -1;
      }
      rowA = sy;
    }
    const buf = bufA;
    if (dy !== prevDy) {
      const o = prevDy * dw;
      if (clamped) {
        for (let x = 0; x < dw; x++) {
          clamped[o + x] = sum[x];
          sum[x] = beta * buf[x];
        }
      } else {
        for (let x = 0; x < dw; x++) {
          D[o + x] = sat(sum[x]);
          sum[x] = beta * buf[x];
        }
      }
      prevDy = dy;
    } else {
      for (let x = 0; x < dw; x++) sum[x] = sum[x] + Math.fround(beta * buf[x]);
    }
  }
  const o = prevDy * dw;
  if (clamped) for (let x = 0; x < dw; x++) clamped[o + x] = sum[x];
  else for (let x = 0; x < dw; x++) D[o + x] = sat(sum[x]);
  return out;
}

/** cv::resize INTER_AREA for a shrink (both scales ≥ 1); enlargements go through cvGenericResize('area-linear'). */
export function cvAreaShrink(img: Image, outW: number, outH: number): Image {
  const sx = cvScales(img.width, outW).scale;
  const sy = cvScales(img.height, outH).scale;
  if (cvAreaIsFast(img.width, img.height, outW, outH)) {
    return areaFast(img, outW, outH, roundHalfEven(sx), roundHalfEven(sy));
  }
  return areaGeneric(img, outW, outH, sx, sy);
}
