// PIL Image.resize(size, resample) semantics (Pillow 13, src/libImaging/Resample.c and Geometry.c).
//
// Modes are inferred from the image: uint8 with 1/2/3/4 channels is L/LA/RGB/RGBA, uint16 is I;16 and float32 is F
// (multi-channel uint16/float32 images are resized band by band, as if split and merged).
// LA and RGBA are premultiplied by alpha before a filtered resize and un-premultiplied after, as Image.resize does.

import type { Image } from '../types';
import { KernelError, newImage, pixelKind } from './common';

/** Pillow Image.Resampling names accepted in tensorparity.json (lower case). */
export const PIL_METHODS = ['nearest', 'box', 'bilinear', 'hamming', 'bicubic', 'lanczos', 'mks2013', 'mks2021'] as const;

interface Filter {
  fn: (x: number) => number;
  support: number;
}

const f32 = Math.fround;
const HALF_F32_054 = Math.fround(0.54);
const HALF_F32_046 = Math.fround(0.46);

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = x * Math.PI;
  return Math.sin(px) / px;
}

const FILTERS: Readonly<Record<string, Filter>> = {
  box: { support: 0.5, fn: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  bilinear: {
    support: 1,
    fn: (x) => {
      const a = Math.abs(x);
      return a < 1 ? 1 - a : 0;
    },
  },
  hamming: {
    support: 1,
    fn: (x) => {
      let a = Math.abs(x);
      if (a === 0) return 1;
      if (a >= 1) return 0;
      a = a * Math.PI;
      return (Math.sin(a) / a) * (HALF_F32_054 + HALF_F32_046 * Math.cos(a));
    },
  },
  bicubic: {
    support: 2,
    fn: (x) => {
      const A = -0.5;
      const a = Math.abs(x);
      if (a < 1) return ((A + 2) * a - (A + 3)) * a * a + 1;
      if (a < 2) return (((a - 5) * a + 8) * a - 4) * A;
      return 0;
    },
  },
  lanczos: { support: 3, fn: (x) => (x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0) },
  mks2013: {
    support: 2.5,
    fn: (x) => {
      const a = Math.abs(x);
      if (a < 0.5) return 17 / 16 - (7 / 4) * (a * a);
      if (a < 1.5) return (1 - a) * (7 / 4 - a);
      if (a < 2.5) return (-1 / 8) * ((a - 5 / 2) * (a - 5 / 2));
      return 0;
    },
  },
  mks2021: {
    support: 4.5,
    fn: (x) => {
      const a = Math.abs(x);
      if (a < 0.5) return 577 / 576 - (239 / 144) * (a * a);
      if (a < 1.5) return (35 / 36) * (a - 1) * (a - 239 / 140);
      if (a < 2.5) return (1 / 6) * (a - 2) * (65 / 24 - a);
      if (a < 3.5) return (1 / 36) * (a - 3) * (a - 15 / 4);
      if (a < 4.5) return (-1 / 288) * ((a - 9 / 2) * (a - 9 / 2));
      return 0;
    },
  },
};

interface Coeffs {
  ksize: number;
  bounds: Int32Array;
  kk: Float64Array;
}

/** precompute_coeffs: support scaled by the downscale factor, normalised weights per output pixel. */
function precompute(inSize: number, in0: number, in1: number, outSize: number, filter: Filter): Coeffs {
  // (double)(in1 - in0) / outSize: in0 and in1 are C floats, so their difference is float32.
  const scale = f32(in1 - in0) / outSize;
  const filterscale = scale < 1 ? 1 : scale;
  const support = filter.support * filterscale;
  const ksize = Math.ceil(support) * 2 + 1;
  const kk = new Float64Array(outSize * ksize);
  const bounds = new Int32Array(outSize * 2);
  const invFilterscale = 1 / filterscale;
  for (let xx = 0; xx < outSize; xx++) {
    const center = in0 + (xx + 0.5) * scale;
    let ww = 0;
    let xmin = Math.trunc(center - support + 0.5);
    if (xmin < 0) xmin = 0;
    let xmax = Math.trunc(center + support + 0.5);
    if (xmax > inSize) xmax = inSize;
    xmax -= xmin;
    const o = xx * ksize;
    for (let x = 0; x < xmax; x++) {
      const w = filter.fn((x + xmin - center + 0.5) * invFilterscale);
      kk[o + x] = w;
      ww += w;
    }
    if (ww !== 0) for (let x = 0; x < xmax; x++) kk[o + x] /= ww;
    bounds[xx * 2] = xmin;
    bounds[xx * 2 + 1] = xmax;
  }
  return { ksize, bounds, kk };
}

/** normalize_coeffs_8bpc: weights as int32 with 22 fractional bits, rounded away from zero. */
function fixed22(c: Coeffs): Int32Array {
  const out = new Int32Array(c.kk.length);
  const one = 1 << 22;
  for (let i = 0; i < out.length; i++) {
    const v = c.kk[i];
    out[i] = v < 0 ? Math.trunc(-0.5 + v * one) : Math.trunc(0.5 + v * one);
  }
  return out;
}

type Plane = Uint8Array | Uint16Array | Float32Array;

/**
 * One pass along an axis. `stride` is the distance between taps, `lineStep` between lines, `count` lines.
 * 8-bit: int32 accumulation from 2^21 and clip8(ss >> 22). 16-bit: double accumulation, ROUND_UP, CLIP16. Float: double sum.
 */
function pass(
  src: Plane,
  dst: Plane,
  kind: 'u8' | 'u16' | 'f32',
  c: Coeffs,
  k22: Int32Array | null,
  outLen: number,
  lines: number,
  srcTap: number,
  srcLine: number,
  dstTap: number,
  dstLine: number,
  channels: number,
): void {
  const { ksize, bounds, kk } = c;
  for (let line = 0; line < lines; line++) {
    for (let ch = 0; ch < channels; ch++) {
      const sBase = line * srcLine + ch;
      const dBase = line * dstLine + ch;
      for (let xx = 0; xx < outLen; xx++) {
        const xmin = bounds[xx * 2],
          xmax = bounds[xx * 2 + 1];
        const ko = xx * ksize;
        let p = sBase + xmin * srcTap;
        if (kind === 'u8' && k22) {
          let ss = 1 << 21;
          for (let x = 0; x < xmax; x++, p += srcTap) ss += src[p] * k22[ko + x];
          const v = ss >> 22;
          dst[dBase + xx * dstTap] = v < 0 ? 0 : v > 255 ? 255 : v;
        } else {
          let ss = 0;
          for (let x = 0; x < xmax; x++, p += srcTap) ss += src[p] * kk[ko + x];
          if (kind === 'u16') {
            const r = Math.trunc(ss >= 0 ? ss + 0.5 : ss - 0.5);
            dst[dBase + xx * dstTap] = r <= 0 ? 0 : r < 65536 ? r : 65535;
          } else {
            dst[dBase + xx * dstTap] = ss;
          }
        }
      }
    }
  }
}

/** A source region (x0, y0, x1, y1) in source pixels, as Image.resize(box=...) takes it; Pillow holds it as float32. */
export type PilBox = readonly [number, number, number, number];

/**
 * ImagingResampleInner. Pillow 13 runs the vertical pass first when the height shrinks by more than twice as many
 * pixels as the width (python-pillow/Pillow#9549; decided on the image and output sizes, never the box); otherwise the
 * horizontal pass runs first, on only the rows the vertical pass reads. The order changes the 8-bit result because the
 * intermediate image is rounded to uint8. A pass is skipped when its axis keeps both its size and its whole extent.
 */
function resample(img: Image, outW: number, outH: number, filter: Filter, box: PilBox): Image {
  const { width: w, height: h, channels: cn } = img;
  const pk = pixelKind(img);
  const kind = pk === 'uint8' ? 'u8' : pk === 'uint16' ? 'u16' : 'f32';
  const [x0, y0, x1, y1] = box;
  const needH = outW !== w || x0 !== 0 || x1 !== outW;
  const needV = outH !== h || y0 !== 0 || y1 !== outH;
  const verticalFirst = outH < h && h - outH > 2 * (w - outW);
  const cv = precompute(h, y0, y1, outH, filter);
  const k22v = kind === 'u8' ? fixed22(cv) : null;
  const vertical = (src: Image): Image => {
    const out = newImage(src.width, outH, cn, pk);
    const rowLen = src.width * cn;
    // Taps step a whole row; each "line" is one element of a row.
    pass(src.data, out.data, kind, cv, k22v, outH, rowLen, rowLen, 1, rowLen, 1, 1);
    return out;
  };
  const horizontal = (src: Image, firstRow: number, rows: number): Image => {
    const ch = precompute(w, x0, x1, outW, filter);
    const out = newImage(outW, rows, cn, pk);
    const sub = src.data.subarray(firstRow * w * cn);
    pass(sub, out.data, kind, ch, kind === 'u8' ? fixed22(ch) : null, outW, rows, cn, w * cn, cn, outW * cn, cn);
    return out;
  };
  if (!needH && !needV) return copyOf(img);
  if (verticalFirst) {
    const tmp = needV ? vertical(img) : img;
    return needH ? horizontal(tmp, 0, tmp.height) : tmp;
  }
  if (!needH) return vertical(img);
  const yFirst = cv.bounds[0];
  const yLast = cv.bounds[outH * 2 - 2] + cv.bounds[outH * 2 - 1];
  const tmp = horizontal(img, yFirst, yLast - yFirst);
  if (!needV) return tmp;
  for (let i = 0; i < outH; i++) cv.bounds[i * 2] -= yFirst;
  return vertical(tmp);
}

function copyOf(img: Image): Image {
  const copy = newImage(img.width, img.height, img.channels, pixelKind(img));
  copy.data.set(img.data);
  return copy;
}

/** ImagingCrop: the whole-pixel region x0..x0+outW, y0..y0+outH. */
function cropPixels(img: Image, x0: number, y0: number, outW: number, outH: number): Image {
  const cn = img.channels;
  const out = newImage(outW, outH, cn, pixelKind(img));
  for (let y = 0; y < outH; y++) {
    const start = ((y0 + y) * img.width + x0) * cn;
    out.data.set(img.data.subarray(start, start + outW * cn), y * outW * cn);
  }
  return out;
}

/** ImagingScaleAffine (and the I;16 generic transform): nearest neighbour with pixel-centre sampling. */
function nearest(img: Image, outW: number, outH: number, box: PilBox): Image {
  const { width: w, height: h, channels: cn } = img;
  const out = newImage(outW, outH, cn, pixelKind(img));
  const S = img.data,
    D = out.data;
  const [x0, y0, x1, y1] = box;
  // a[0] = (double)(box[2] - box[0]) / xsize: the difference is taken in float32.
  const a0 = f32(x1 - x0) / outW,
    a4 = f32(y1 - y0) / outH;
  const xin = new Int32Array(outW).fill(-1);
  const accumulate = pixelKind(img) !== 'uint16';
  let xo = x0 + a0 * 0.5;
  for (let x = 0; x < outW; x++) {
    const v = accumulate ? xo : a0 * (x + 0.5) + x0;
    const xi = v < 0 ? -1 : Math.trunc(v);
    if (xi >= 0 && xi < w) xin[x] = xi;
    xo += a0;
  }
  let yo = y0 + a4 * 0.5;
  for (let y = 0; y < outH; y++) {
    const v = accumulate ? yo : a4 * (y + 0.5) + y0;
    const yi = v < 0 ? -1 : Math.trunc(v);
    yo += a4;
    if (yi < 0 || yi >= h) continue;
    const base = yi * w * cn;
    const o = y * outW * cn;
    for (let x = 0; x < outW; x++) {
      if (xin[x] < 0) continue;
      for (let c = 0; c < cn; c++) D[o + x * cn + c] = S[base + xin[x] * cn + c];
    }
  }
  return out;
}

/** RGBA → RGBa / LA → La: colour × alpha / 255 with Pillow's MULDIV255. */
function premultiply(img: Image): Image {
  const out = newImage(img.width, img.height, img.channels, 'uint8');
  const S = img.data,
    D = out.data;
  const cn = img.channels;
  for (let i = 0; i < S.length; i += cn) {
    const a = S[i + cn - 1];
    for (let c = 0; c < cn - 1; c++) {
      const t = S[i + c] * a + 128;
      D[i + c] = ((t >> 8) + t) >> 8;
    }
    D[i + cn - 1] = a;
  }
  return out;
}

/** RGBa → RGBA / La → LA: colour × 255 / alpha (integer division, clipped); alpha 0 and 255 pass through. */
function unpremultiply(img: Image): Image {
  const D = img.data;
  const cn = img.channels;
  for (let i = 0; i < D.length; i += cn) {
    const a = D[i + cn - 1];
    if (a === 255 || a === 0) continue;
    for (let c = 0; c < cn - 1; c++) {
      const v = Math.trunc((255 * D[i + c]) / a);
      D[i + c] = v <= 0 ? 0 : v < 256 ? v : 255;
    }
  }
  return img;
}

/**
 * PIL Image.resize((outW, outH), resample=<method>, box=box) with reducing_gap=None; `box` (default the whole image) is
 * rounded to float32 as Pillow stores it.
 */
export function pilResize(img: Image, outW: number, outH: number, method: string, box?: PilBox): Image {
  if (method !== 'nearest' && !(method in FILTERS)) {
    throw new KernelError(`Pillow has no resample filter "${method}"; set input.resize.method in tensorparity.json to one of ${PIL_METHODS.join(', ')}.`);
  }
  const b: PilBox = box ? [f32(box[0]), f32(box[1]), f32(box[2]), f32(box[3])] : [0, 0, img.width, img.height];
  if (b[0] < 0 || b[1] < 0 || b[2] > img.width || b[3] > img.height || b[2] < b[0] || b[3] < b[1]) {
    throw new KernelError(
      `Pillow resize box (${box?.join(', ')}) must lie inside the ${img.width}×${img.height} image; this is a bug in the crop geometry, report it with the image size.`,
    );
  }
  if (outW === img.width && outH === img.height && b[0] === 0 && b[1] === 0 && b[2] === img.width && b[3] === img.height) return copyOf(img);
  // Image.resize premultiplies LA/RGBA first (any filter but nearest), then _imaging.c resizes: a whole-pixel box of
  // exactly the output size is a plain crop, nearest is an affine scale, the rest resamples.
  const alpha = method !== 'nearest' && pixelKind(img) === 'uint8' && (img.channels === 2 || img.channels === 4);
  const src = alpha ? premultiply(img) : img;
  let out: Image;
  if (Number.isInteger(b[0]) && Number.isInteger(b[1]) && b[2] - b[0] === outW && b[3] - b[1] === outH) {
    out = cropPixels(src, b[0], b[1], outW, outH);
  } else if (method === 'nearest') {
    out = nearest(src, outW, outH, b);
  } else {
    out = resample(src, outW, outH, FILTERS[method], b);
  }
  return alpha ? unpremultiply(out) : out;
}
