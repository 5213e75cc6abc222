// TensorFlow's fixed-kernel resize ops: ResizeBilinear, ResizeNearestNeighbor, ResizeBicubic, ResizeArea
// (tensorflow/core/kernels/image/*.cc), in float32 arithmetic. tf.image.resize (v2) calls them with
// half_pixel_centers=True; tf.compat.v1.image.resize_* pass align_corners / half_pixel_centers through.

import type { Image } from '../types';
import { f32, gatherPixels, newImage, roundHalfEven } from './common';

/** CalculateResizeScale: (in-1)/(out-1) with align_corners, else in/out, in float32. */
function resizeScale(inSize: number, outSize: number, alignCorners: boolean): number {
  return alignCorners && outSize > 1 ? f32(f32(inSize - 1) / f32(outSize - 1)) : f32(f32(inSize) / f32(outSize));
}

function scaled(i: number, scale: number, halfPixel: boolean): number {
  return halfPixel ? f32(f32(f32(i + 0.5) * scale) - 0.5) : f32(i * scale);
}

/** ResizeBilinear: float output; same size is a plain cast. */
export function tfBilinear(img: Image, outW: number, outH: number, alignCorners: boolean, halfPixel: boolean): Image {
  const { width: w, height: h, channels: cn } = img;
  const out = newImage(outW, outH, cn, 'float32');
  const S = img.data,
    D = out.data;
  if (outW === w && outH === h) {
    for (let i = 0; i < S.length; i++) D[i] = S[i];
    return out;
  }
  const axis = (inSize: number, outSize: number) => {
    const scale = resizeScale(inSize, outSize, alignCorners);
    const lo = new Int32Array(outSize),
      hi = new Int32Array(outSize),
      lerp = new Float32Array(outSize);
    for (let i = 0; i < outSize; i++) {
      const v = scaled(i, scale, halfPixel);
      const fl = Math.floor(v);
      lo[i] = Math.max(fl, 0);
      hi[i] = Math.min(Math.ceil(v), inSize - 1);
      lerp[i] = f32(v - fl);
    }
    return { lo, hi, lerp };
  };
  const xs = axis(w, outW),
    ys = axis(h, outH);
  const row = w * cn;
  let o = 0;
  for (let y = 0; y < outH; y++) {
    const t = ys.lo[y] * row,
      b = ys.hi[y] * row,
      yl = ys.lerp[y];
    for (let x = 0; x < outW; x++) {
      const l = xs.lo[x] * cn,
        r = xs.hi[x] * cn,
        xl = xs.lerp[x];
      for (let c = 0; c < cn; c++) {
        const tl = S[t + l + c],
          tr = S[t + r + c],
          bl = S[b + l + c],
          br = S[b + r + c];
        const top = f32(tl + f32(f32(tr - tl) * xl));
        const bottom = f32(bl + f32(f32(br - bl) * xl));
        D[o++] = f32(top + f32(f32(bottom - top) * yl));
      }
    }
  }
  return out;
}

function nnIndex(inSize: number, outSize: number, alignCorners: boolean, halfPixel: boolean): Int32Array {
  const scale = resizeScale(inSize, outSize, alignCorners);
  const idx = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const v = halfPixel ? f32(f32(i + 0.5) * scale) : f32(i * scale);
    // roundf rounds half away from zero; v ≥ 0 here.
    let k = Math.min(alignCorners ? Math.floor(v + 0.5) : Math.floor(v), inSize - 1);
    if (halfPixel) k = Math.max(0, k);
    idx[i] = k;
  }
  return idx;
}

/** ResizeNearestNeighbor: keeps the input dtype. */
export function tfNearest(img: Image, outW: number, outH: number, alignCorners: boolean, halfPixel: boolean): Image {
  return gatherPixels(img, outW, outH, nnIndex(img.width, outW, alignCorners, halfPixel), nnIndex(img.height, outH, alignCorners, halfPixel));
}

const TABLE = 1024;
const tables = new Map<boolean, Float32Array>();

/** InitCoeffsTable(a): 1025 entries of (w(x), w(x+1)) for x = i/1024, a = -0.5 (Keys) or -0.75 (legacy). */
function coeffTable(keys: boolean): Float32Array {
  let t = tables.get(keys);
  if (t) return t;
  const a = keys ? -0.5 : -0.75;
  t = new Float32Array((TABLE + 1) * 2);
  for (let i = 0; i <= TABLE; i++) {
    let x = f32((i * 1.0) / TABLE);
    t[i * 2] = ((a + 2) * x - (a + 3)) * x * x + 1;
    x = f32(x + 1.0);
    t[i * 2 + 1] = ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  }
  tables.set(keys, t);
  return t;
}

interface Wai {
  w: Float32Array;
  i: Int32Array;
}

function bicubicAxis(inSize: number, outSize: number, alignCorners: boolean, halfPixel: boolean): Wai {
  const scale = resizeScale(inSize, outSize, alignCorners);
  const tab = coeffTable(halfPixel);
  const w = new Float32Array(outSize * 4),
    ix = new Int32Array(outSize * 4);
  const bound = (v: number) => Math.min(inSize - 1, Math.max(0, v));
  for (let o = 0; o < outSize; o++) {
    const loc = scaled(o, scale, halfPixel);
    const il = Math.floor(loc);
    const delta = f32(loc - il);
    const off = roundHalfEven(f32(delta * TABLE)); // lrintf
    const ws = [tab[off * 2 + 1], tab[off * 2], tab[(TABLE - off) * 2], tab[(TABLE - off) * 2 + 1]];
    for (let k = 0; k < 4; k++) {
      const idx = bound(il - 1 + k);
      ix[o * 4 + k] = idx;
      w[o * 4 + k] = halfPixel && idx !== il - 1 + k ? 0 : ws[k];
    }
    if (halfPixel) {
      const sum = f32(f32(f32(w[o * 4] + w[o * 4 + 1]) + w[o * 4 + 2]) + w[o * 4 + 3]);
      if (Math.abs(sum) >= f32(1000 * 1.1754943508222875e-38)) {
        const inv = f32(1 / sum);
        for (let k = 0; k < 4; k++) w[o * 4 + k] = f32(w[o * 4 + k] * inv);
      }
    }
  }
  return { w, i: ix };
}

/** ResizeBicubic: 4×4 taps from a 1024-step coefficient table, y first then x, float output. */
export function tfBicubic(img: Image, outW: number, outH: number, alignCorners: boolean, halfPixel: boolean): Image {
  const { width: w, height: h, channels: cn } = img;
  const xa = bicubicAxis(w, outW, alignCorners, halfPixel),
    ya = bicubicAxis(h, outH, alignCorners, halfPixel);
  const out = newImage(outW, outH, cn, 'float32');
  const S = img.data,
    D = out.data;
  const row = w * cn;
  const interp = (w0: number, w1: number, w2: number, w3: number, v0: number, v1: number, v2: number, v3: number) =>
    f32(f32(f32(f32(v0 * w0) + f32(v1 * w1)) + f32(v2 * w2)) + f32(v3 * w3));
  let o = 0;
  for (let y = 0; y < outH; y++) {
    const yw = ya.w,
      yo = y * 4;
    const r0 = ya.i[yo] * row,
      r1 = ya.i[yo + 1] * row,
      r2 = ya.i[yo + 2] * row,
      r3 = ya.i[yo + 3] * row;
    for (let x = 0; x < outW; x++) {
      const xo = x * 4;
      for (let c = 0; c < cn; c++) {
        const col = (k: number) => {
          const p = xa.i[xo + k] * cn + c;
          return interp(yw[yo], yw[yo + 1], yw[yo + 2], yw[yo + 3], S[r0 + p], S[r1 + p], S[r2 + p], S[r3 + p]);
        };
        D[o++] = interp(xa.w[xo], xa.w[xo + 1], xa.w[xo + 2], xa.w[xo + 3], col(0), col(1), col(2), col(3));
      }
    }
  }
  return out;
}

/** ResizeArea: exact box averaging with fractional edge weights, float output. */
export function tfArea(img: Image, outW: number, outH: number, alignCorners: boolean): Image {
  const { width: w, height: h, channels: cn } = img;
  const hs = resizeScale(h, outH, alignCorners),
    ws = resizeScale(w, outW, alignCorners);
  const bound = (v: number, lim: number) => Math.min(lim - 1, Math.max(0, v));
  const edgeScale = (v: number, inA: number, inB: number, sc: number) => (v < inA ? (v + 1 > inB ? sc : f32(v + 1 - inA)) : v + 1 > inB ? f32(inB - v) : 1);
  const xStart = new Int32Array(outW),
    xEnd = new Int32Array(outW);
  const xS = new Float32Array(outW),
    xE = new Float32Array(outW);
  for (let x = 0; x < outW; x++) {
    const a = f32(x * ws),
      b = f32((x + 1) * ws);
    const v = Math.floor(a);
    xStart[x] = v;
    xS[x] = edgeScale(v, a, b, ws);
    xEnd[x] = Math.ceil(b);
    xE[x] = edgeScale(xEnd[x] - 1, a, b, ws);
  }
  const scale = f32(1.0 / f32(hs * ws));
  const out = newImage(outW, outH, cn, 'float32');
  const S = img.data,
    D = out.data;
  const row = w * cn;
  const yRows: number[] = [],
    yScales: number[] = [];
  let o = 0;
  for (let y = 0; y < outH; y++) {
    const a = f32(y * hs),
      b = f32((y + 1) * hs);
    yRows.length = 0;
    yScales.length = 0;
    for (let i = Math.floor(a); i < Math.ceil(b); i++) {
      yRows.push(bound(i, h) * row);
      yScales.push(edgeScale(i, a, b, hs));
    }
    for (let x = 0; x < outW; x++) {
      const xs0 = xStart[x],
        xe = xEnd[x];
      for (let c = 0; c < cn; c++) {
        let sum = 0;
        for (let r = 0; r < yRows.length; r++) {
          const p = yRows[r] + c;
          let sy = f32(S[p + bound(xs0, w) * cn] * xS[x]);
          if (xs0 + 1 !== xe) {
            for (let xx = xs0 + 1; xx < xe - 1; xx++) sy = f32(sy + S[p + bound(xx, w) * cn]);
            sy = f32(sy + f32(S[p + bound(xe - 1, w) * cn] * xE[x]));
          }
          sum = f32(sum + f32(sy * yScales[r]));
        }
        D[o++] = f32(sum * scale);
      }
    }
  }
  return out;
}
