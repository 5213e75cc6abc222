// AffineTransformOp(AffineTransform.getScaleInstance(w / sw, h / sh), TYPE_NEAREST_NEIGHBOR | TYPE_BILINEAR | TYPE_BICUBIC)
// .filter(img, null), bit for bit. OpenJDK hands BufferedImages to medialib (awt_ImagingLib.c transformBI →
// mlib_ImageAffine with MLIB_EDGE_SRC_EXTEND), whose arithmetic differs from Graphics2D.drawImage's:
// mlib_ImageScanPoly.c (mlib_AffineEdges: the destination span of each row and its 16.16 fixed-point source start;
// the step may be nudged down by one so the span's last sample stays in the source), mlib_c_ImageAffine_BL.c (inner
// pixels: vertical then horizontal 16-bit interpolation, rounded), mlib_ImageAffineEdge.c (pixels near the border:
// edge-extended bilinear in doubles, truncated), mlib_ImageAffine_NN.c (nearest: the source pixel X >> 16),
// mlib_c_ImageAffine_BC.c (bicubic with an 8-bit-indexed integer filter table, float tables in the edge pass; both
// built here from the formulas mlib_ImageFilters.c documents).

import type { Image } from '../types';
import { newImage } from './common';

const SHIFT = 65536;

/** One mlib_AffineEdges result: per destination row the span [left, right] and the 16.16 source start. */
interface Edges {
  left: Int32Array;
  right: Int32Array;
  xs: Int32Array;
  ys: Int32Array;
  yStart: number;
  yFinish: number;
  dX: number;
  dY: number;
}

/** SAT32: a double to int32, truncated, saturated. */
function sat32(v: number): number {
  if (v >= 2147483647) return 2147483647;
  if (v <= -2147483648) return -2147483648;
  return Math.trunc(v);
}

/**
 * mlib_AffineEdges for the forward scale (a, d) (no shear, no translation): kw/kw1 are the filter's width and
 * left reach (nearest 1/0, bilinear 2/0); `all` is the edge pass (every pixel whose centre maps into the source).
 */
function affineEdges(sw: number, sh: number, dw: number, dh: number, a: number, d: number, kw: number, kw1: number, all: boolean): Edges {
  const b = 0,
    c = 0;
  let tx = 0,
    ty = 0;
  const left = new Int32Array(dh),
    right = new Int32Array(dh),
    xs = new Int32Array(dh),
    ys = new Int32Array(dh);
  const empty: Edges = { left, right, xs, ys, yStart: 0, yFinish: -1, dX: 0, dY: 0 };
  let delta = 0;
  let minX: number, minY: number, maxX: number, maxY: number;
  if (all) {
    minX = 0;
    minY = 0;
    maxX = sw;
    maxY = sh;
  } else {
    if (kw > 1) delta = -0.5;
    minX = kw1 - delta;
    minY = kw1 - delta;
    maxX = sw - (kw - 1 - (kw1 - delta));
    maxY = sh - (kw - 1 - (kw1 - delta));
  }
  if (minX >= maxX || minY >= maxY) return empty;
  let div = a * d - b * c;
  const a2 = d,
    b2 = -b,
    tx2 = -d * tx + b * ty,
    c2 = -c,
    d2 = a,
    ty2 = c * tx - a * ty;
  const dx = a2,
    dy = c2;
  tx -= 0.5;
  ty -= 0.5;
  // div > 0 for a scale: corners in order top-left, top-right, bottom-right, bottom-left.
  const coords = [
    [minX * a + minY * b + tx, minX * c + minY * d + ty],
    [maxX * a + minY * b + tx, maxX * c + minY * d + ty],
    [maxX * a + maxY * b + tx, maxX * c + maxY * d + ty],
    [minX * a + maxY * b + tx, minX * c + maxY * d + ty],
  ];
  let topIdx = 0;
  for (let i = 1; i < 4; i++) if (coords[i][1] < coords[topIdx][1]) topIdx = i;
  const dTop = coords[topIdx][1];
  let top = sat32(dTop);
  let bot = -1;
  if (top >= dh) return empty;
  if (dTop >= 0) {
    if (dTop === top) {
      let xLeft = coords[topIdx][0],
        xRight = coords[topIdx][0];
      for (const next of [(topIdx + 1) & 3, (topIdx - 1) & 3]) {
        if (dTop === coords[next][1]) {
          const x = coords[next][0];
          xLeft = Math.min(xLeft, x);
          xRight = Math.max(xRight, x);
        }
      }
      const t = sat32(xLeft);
      left[top] = t >= xLeft ? t : t + 1;
      right[top] = sat32(xRight);
    } else top++;
  } else top = 0;
  const walk = (from: number, to: number, set: (j: number, x: number) => void): number | undefined => {
    const [dX1, dY1] = coords[from],
      [dX2, dY2] = coords[to];
    if (dY1 === dY2) return undefined;
    const slope = (dX2 - dX1) / (dY2 - dY1);
    if (!Number.isFinite(slope)) return undefined;
    const y1 = dY1 < 0 ? 0 : sat32(dY1 + 1);
    let y2 = sat32(dY2);
    if (y2 >= dh) y2 = dh - 1;
    let x = dX1 + slope * (y1 - dY1);
    for (let j = y1; j <= y2; j++) {
      set(j, x);
      x += slope;
    }
    return y2;
  };
  for (let i = 0; i < 2; i++) {
    walk((topIdx - i) & 3, (topIdx - i - 1) & 3, (j, x) => {
      const t = sat32(x);
      left[j] = t >= x ? t : t + 1;
    });
  }
  for (let i = 0; i < 2; i++) {
    const y2 = walk((topIdx + i) & 3, (topIdx + i + 1) & 3, (j, x) => {
      right[j] = sat32(x);
    });
    if (y2 !== undefined) bot = y2;
  }
  const dxCl = minX * div,
    dyCl = minY * div,
    dwCl = maxX * div,
    dhCl = maxY * div;
  const xCl = Math.trunc(minX + delta),
    yCl = Math.trunc(minY + delta),
    wCl = Math.trunc(maxX + delta),
    hCl = Math.trunc(maxY + delta);
  div = 1 / div;
  let sdx = Math.trunc(a2 * div * SHIFT),
    sdy = Math.trunc(c2 * div * SHIFT);
  const outside = (px: number, py: number): boolean => px < dxCl || px >= dwCl || py < dyCl || py >= dhCl;
  for (let i = top; i <= bot; i++) {
    let xLeft = Math.max(0, left[i]);
    let xRight = Math.min(dw - 1, right[i]);
    const xl = xLeft + 0.5,
      ii = i + 0.5,
      xr = xRight + 0.5;
    let dxs = xl * a2 + ii * b2 + tx2,
      dys = xl * c2 + ii * d2 + ty2;
    if (outside(dxs, dys)) {
      dxs += dx;
      dys += dy;
      xLeft++;
      if (outside(dxs, dys)) xRight = -1;
    }
    let dxe = xr * a2 + ii * b2 + tx2,
      dye = xr * c2 + ii * d2 + ty2;
    if (outside(dxe, dye)) {
      dxe -= dx;
      dye -= dy;
      xRight--;
      if (outside(dxe, dye)) xRight = -1;
    }
    let x0 = Math.trunc((dxs * div + delta) * SHIFT) | 0;
    let y0 = Math.trunc((dys * div + delta) * SHIFT) | 0;
    if (x0 >> 16 < xCl) x0 = xCl * SHIFT;
    else if (x0 >> 16 >= wCl) x0 = wCl * SHIFT - 1;
    if (y0 >> 16 < yCl) y0 = yCl * SHIFT;
    else if (y0 >> 16 >= hCl) y0 = hCl * SHIFT - 1;
    if (xRight >= xLeft) {
      const xe = ((xRight - xLeft) * sdx + x0) >> 16;
      const ye = ((xRight - xLeft) * sdy + y0) >> 16;
      if (xe < xCl || xe >= wCl) sdx += sdx > 0 ? -1 : 1;
      if (ye < yCl || ye >= hCl) sdy += sdy > 0 ? -1 : 1;
    }
    left[i] = xLeft;
    right[i] = xRight;
    xs[i] = x0;
    ys[i] = y0;
  }
  while (top <= bot && left[top] > right[top]) top++;
  if (top < bot) while (left[bot] > right[bot]) bot--;
  return { left, right, xs, ys, yStart: top, yFinish: bot, dX: sdx, dY: sdy };
}

/** The forward scale AffineTransformOp is given: getScaleInstance((double) w / sw, (double) h / sh). */
function scales(img: Image, outW: number, outH: number): [number, number] {
  return [outW / img.width, outH / img.height];
}

/** AffineTransformOp TYPE_NEAREST_NEIGHBOR on a BufferedImage (medialib, no edge pass). */
export function affineNearest(img: Image, outW: number, outH: number): Image {
  const { width: sw, height: sh, channels: cn } = img;
  const [a, d] = scales(img, outW, outH);
  const e = affineEdges(sw, sh, outW, outH, a, d, 1, 0, false);
  const out = newImage(outW, outH, cn, 'uint8');
  const S = img.data,
    D = out.data;
  for (let j = e.yStart; j <= e.yFinish; j++) {
    let X = e.xs[j],
      Y = e.ys[j];
    for (let x = e.left[j]; x <= e.right[j]; x++) {
      const s = ((Y >> 16) * sw + (X >> 16)) * cn,
        o = (j * outW + x) * cn;
      for (let c = 0; c < cn; c++) D[o + c] = S[s + c];
      X += e.dX;
      Y += e.dY;
    }
  }
  return out;
}

/** AffineTransformOp TYPE_BILINEAR on a BufferedImage: medialib's inner loop, then its edge-extend pass. */
export function affineBilinear(img: Image, outW: number, outH: number): Image {
  const { width: sw, height: sh, channels: cn } = img;
  const [a, d] = scales(img, outW, outH);
  const inner = affineEdges(sw, sh, outW, outH, a, d, 2, 0, false);
  const out = newImage(outW, outH, cn, 'uint8');
  const S = img.data,
    D = out.data;
  const row = (y: number): number => Math.min(Math.max(y, 0), sh - 1) * sw * cn;
  for (let j = inner.yStart; j <= inner.yFinish; j++) {
    let X = inner.xs[j],
      Y = inner.ys[j];
    for (let x = inner.left[j]; x <= inner.right[j]; x++) {
      const fdx = X & 0xffff,
        fdy = Y & 0xffff;
      const r0 = row(Y >> 16),
        r1 = r0 + sw * cn,
        x0 = (X >> 16) * cn;
      const o = (j * outW + x) * cn;
      for (let c = 0; c < cn; c++) {
        const a00 = S[r0 + x0 + c],
          a01 = S[r0 + x0 + cn + c],
          a10 = S[r1 + x0 + c],
          a11 = S[r1 + x0 + cn + c];
        const p0 = a00 + ((fdy * (a10 - a00) + 32768) >> 16);
        const p1 = a01 + ((fdy * (a11 - a01) + 32768) >> 16);
        D[o + c] = p0 + ((fdx * (p1 - p0) + 32768) >> 16);
      }
      X += inner.dX;
      Y += inner.dY;
    }
  }
  edgePass(img, out, inner, affineEdges(sw, sh, outW, outH, a, d, 2, 0, true), (o, X, Y) => {
    let xSrc = (X - 32768) >> 16,
      ySrc = (Y - 32768) >> 16;
    const t = ((X - 32768) & 0xffff) / SHIFT,
      u = ((Y - 32768) & 0xffff) / SHIFT;
    let xDelta = xSrc + 1 - sw < 0 ? cn : 0;
    let yDelta = ySrc + 1 - sh < 0 ? sw * cn : 0;
    if (xSrc < 0) {
      xSrc += 1;
      xDelta = 0;
    }
    if (ySrc < 0) {
      ySrc += 1;
      yDelta = 0;
    }
    const sp = row(ySrc) + xSrc * cn;
    for (let c = 0; c < cn; c++) {
      const a00 = S[sp + c],
        a01 = S[sp + xDelta + c],
        a10 = S[sp + yDelta + c],
        a11 = S[sp + yDelta + xDelta + c];
      D[o + c] = Math.trunc((a00 * (1 - t) + a01 * t) * (1 - u) + (a10 * (1 - t) + a11 * t) * u);
    }
  });
  return out;
}

/**
 * mlib_ImageAffineEdgeExtend_*: the pixels of the edge pass's rows that the inner loop did not write, left part then
 * right part, with the source position stepped by the edge pass's own dX/dY; `pixel` writes one destination pixel.
 */
function edgePass(img: Image, out: Image, inner: Edges, edge: Edges, pixel: (o: number, X: number, Y: number) => void): void {
  const cn = img.channels,
    outW = out.width;
  const line = (j: number, from: number, to: number, X0: number, Y0: number): void => {
    let X = X0,
      Y = Y0;
    for (let x = from; x < to; x++) {
      pixel((j * outW + x) * cn, X, Y);
      X += edge.dX;
      Y += edge.dY;
    }
  };
  for (let i = edge.yStart; i <= edge.yFinish; i++) {
    const xLeftE = edge.left[i],
      xRightE = edge.right[i] + 1;
    if (i < inner.yStart || i > inner.yFinish) {
      line(i, xLeftE, xRightE, edge.xs[i], edge.ys[i]);
      continue;
    }
    const xLeft = inner.left[i];
    let xRight = inner.right[i] + 1;
    if (xLeft < xRight) line(i, xLeftE, xLeft, edge.xs[i], edge.ys[i]);
    else xRight = xLeftE;
    line(i, xRight, xRightE, edge.xs[i] + edge.dX * (xRight - xLeftE), edge.ys[i] + edge.dY * (xRight - xLeftE));
  }
}

/** The bicubic (a = -0.5) weights of the 4 taps at dx = i/256 + 1/512, as mlib_ImageFilters.c documents its tables. */
function bicubicWeights(i: number): [number, number, number, number] {
  const dx = i / 256 + 1 / 512;
  return [
    -0.5 * dx * dx * dx + dx * dx - 0.5 * dx,
    1.5 * dx * dx * dx - 2.5 * dx * dx + 1.0,
    -1.5 * dx * dx * dx + 2.0 * dx * dx + 0.5 * dx,
    0.5 * dx * dx * dx - 0.5 * dx * dx,
  ];
}

let filterTables: { int: Int16Array; float: Float32Array } | undefined;

/** mlib_filters_u8_bc ((mlib_s16)(w × 2^14 ∓ 0.5), outer taps down, inner up) and mlib_filters_u8f_bc ((mlib_f32)(w × 2^12)). */
function bicubicTables(): { int: Int16Array; float: Float32Array } {
  if (filterTables) return filterTables;
  const int = new Int16Array(1024),
    float = new Float32Array(1024);
  for (let i = 0; i < 256; i++) {
    const w = bicubicWeights(i);
    for (let k = 0; k < 4; k++) {
      int[i * 4 + k] = Math.trunc(w[k] * 16384 + (k === 0 || k === 3 ? -0.5 : 0.5));
      float[i * 4 + k] = w[k] * 4096;
    }
  }
  filterTables = { int, float };
  return filterTables;
}

/** AffineTransformOp TYPE_BICUBIC on a BufferedImage: mlib_c_ImageAffine_BC.c (u8) then the bicubic edge-extend pass. */
export function affineBicubic(img: Image, outW: number, outH: number): Image {
  const { width: sw, height: sh, channels: cn } = img;
  const [a, d] = scales(img, outW, outH);
  const { int: T, float: F } = bicubicTables();
  const inner = affineEdges(sw, sh, outW, outH, a, d, 4, 1, false);
  const out = newImage(outW, outH, cn, 'uint8');
  const S = img.data,
    D = out.data;
  const stride = sw * cn;
  for (let j = inner.yStart; j <= inner.yFinish; j++) {
    let X = inner.xs[j],
      Y = inner.ys[j];
    for (let x = inner.left[j]; x <= inner.right[j]; x++) {
      const fx = ((X >> 8) & 255) * 4,
        fy = ((Y >> 8) & 255) * 4;
      const base = ((Y >> 16) - 1) * stride + ((X >> 16) - 1) * cn;
      const o = (j * outW + x) * cn;
      for (let c = 0; c < cn; c++) {
        let val = 32768;
        for (let k = 0; k < 4; k++) {
          const p = base + k * stride + c;
          const ck = (S[p] * T[fx] + S[p + cn] * T[fx + 1] + S[p + 2 * cn] * T[fx + 2] + S[p + 3 * cn] * T[fx + 3]) >> 12;
          val += ck * T[fy + k];
        }
        val >>= 16;
        D[o + c] = val < 0 ? 0 : val > 255 ? 255 : val;
      }
      X += inner.dX;
      Y += inner.dY;
    }
  }
  const clampX = (v: number): number => (v < 0 ? 0 : v >= sw ? sw - 1 : v) * cn;
  const clampY = (v: number): number => (v < 0 ? 0 : v >= sh ? sh - 1 : v) * stride;
  edgePass(img, out, inner, affineEdges(sw, sh, outW, outH, a, d, 4, 1, true), (o, X, Y) => {
    const xSrc = (X - 32768) >> 16,
      ySrc = (Y - 32768) >> 16;
    const fx = (((X - 32768) >> 8) & 255) * 4,
      fy = (((Y - 32768) >> 8) & 255) * 4;
    const xo = [clampX(xSrc - 1), clampX(xSrc), clampX(xSrc + 1), clampX(xSrc + 2)];
    for (let c = 0; c < cn; c++) {
      let val = 0;
      for (let k = 0; k < 4; k++) {
        const r = clampY(ySrc - 1 + k) + c;
        const ck = S[r + xo[0]] * F[fx] + S[r + xo[1]] * F[fx + 1] + S[r + xo[2]] * F[fx + 2] + S[r + xo[3]] * F[fx + 3];
        val = k === 0 ? ck * F[fy] : val + ck * F[fy + k];
      }
      // SATmlib_u8: (val − 0x7F800000) clamped to int32, >> 24, ^ 0x80: rounds the value (scaled by 2^24) and clamps it.
      let v = val - 2139095040;
      if (v >= 2147483647) v = 2147483647;
      if (v <= -2147483648) v = -2147483648;
      D[o + c] = ((Math.trunc(v) >> 24) ^ 0x80) & 0xff;
    }
  });
  return out;
}
