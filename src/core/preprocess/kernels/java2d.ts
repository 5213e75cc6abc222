// Java2D (OpenJDK) image scaling, bit for bit: Graphics2D.drawImage(img, 0, 0, w, h, null) with each
// KEY_INTERPOLATION hint, and Image.getScaledInstance (SCALE_SMOOTH area averaging, SCALE_FAST replication).
//
// Sources followed (OpenJDK 17, java.desktop): sun/java2d/pipe/DrawImage.java picks the loop;
// native loops/ScaledBlit.c (nearest: fixed-point source steps of `shift` bits in power-of-two tiles),
// loops/TransformHelper.c + LoopMacros.h (bilinear and bicubic: 32.32 fixed-point sample positions from the inverse
// transform, edge pixels repeated, 8-bit interpolation factors, integer bicubic table with A = -0.5),
// java/awt/image/AreaAveragingScaleFilter.java (float32 sums) and ReplicateScaleFilter.java.
// AffineTransformOp goes through medialib instead (java2d-affine.ts).
// Every colour channel is computed alone, which is what Java2D does for opaque pixels; an alpha channel is treated as
// one more channel (Java2D premultiplies translucent pixels, so those can differ).

import type { Image } from '../types';
import { KernelError, newImage } from './common';
import { affineBicubic, affineBilinear, affineNearest } from './java2d-affine';

/** The Java2D resize methods, as named in tensorparity.json. */
export const JAVA2D_METHODS = ['nearest', 'bilinear', 'bicubic', 'area', 'replicate', 'affine-nearest', 'affine-bilinear', 'affine-bicubic'] as const;

/** The Java call each method reproduces, for the UI. */
export const JAVA2D_CALLS: Readonly<Record<string, string>> = {
  nearest: 'Graphics2D.drawImage, VALUE_INTERPOLATION_NEAREST_NEIGHBOR (the default)',
  bilinear: 'Graphics2D.drawImage, VALUE_INTERPOLATION_BILINEAR',
  bicubic: 'Graphics2D.drawImage, VALUE_INTERPOLATION_BICUBIC',
  area: 'Image.getScaledInstance, SCALE_SMOOTH',
  replicate: 'Image.getScaledInstance, SCALE_FAST',
  'affine-nearest': 'AffineTransformOp, TYPE_NEAREST_NEIGHBOR',
  'affine-bilinear': 'AffineTransformOp, TYPE_BILINEAR',
  'affine-bicubic': 'AffineTransformOp, TYPE_BICUBIC',
};

const TWO32 = 4294967296;
const TWO31 = 2147483648;
const TWO24 = 16777216;
const f32 = Math.fround;

/** Resizes `img` (uint8) to outW × outH as Java2D's `method` does; the output is uint8 like a BufferedImage. */
export function java2dResize(img: Image, outW: number, outH: number, method: string): Image {
  if (!(img.data instanceof Uint8Array)) {
    throw new KernelError(
      'Java2D resize works on 8-bit images (a BufferedImage holds 8-bit samples); decode the image as 8-bit or pick another resize library.',
    );
  }
  switch (method) {
    case 'nearest':
      return scaledBlitNearest(img, outW, outH);
    case 'bilinear':
      return transformHelper(img, outW, outH, false);
    case 'bicubic':
      return transformHelper(img, outW, outH, true);
    case 'area':
      return areaAveraging(img, outW, outH);
    case 'replicate':
      return replicate(img, outW, outH);
    case 'affine-nearest':
      return affineNearest(img, outW, outH);
    case 'affine-bilinear':
      return affineBilinear(img, outW, outH);
    case 'affine-bicubic':
      return affineBicubic(img, outW, outH);
    default:
      throw new KernelError(`java2d has no resize method "${method}"; set input.resize.method in tensorparity.json to one of ${JAVA2D_METHODS.join(', ')}.`);
  }
}

/** (jlong)(v * 2^32) for the values a scale transform produces (|v| < 2^20, so the product is an exact double). */
function dblToLong(v: number): number {
  return Math.trunc(v * TWO32);
}

/** Sample positions along one axis: the whole pixel and the top 8 bits of the fraction of (pos - 0.5). */
function samplePositions(src: number, dst: number): { whole: Int32Array; factor: Int32Array; inside: Uint8Array } {
  // renderImageXform inverts AffineTransform.scale(dst / src): the inverse scale is 1 / (dst / src), in doubles.
  const inv = 1 / (dst / src);
  const step = dblToLong(inv);
  const base = dblToLong(0.5 * inv); // centre of destination pixel 0, through the inverse transform
  const whole = new Int32Array(dst),
    factor = new Int32Array(dst),
    inside = new Uint8Array(dst);
  for (let i = 0; i < dst; i++) {
    const pos = base + i * step;
    const centre = Math.floor(pos / TWO32);
    inside[i] = centre >= 0 && centre < src ? 1 : 0; // calculateEdges: only pixels whose centre maps into the source
    const p = pos - TWO31;
    const w = Math.floor(p / TWO32);
    whole[i] = w;
    factor[i] = Math.floor((p - w * TWO32) / TWO24);
  }
  return { whole, factor, inside };
}

const clampIndex = (i: number, n: number): number => (i < 0 ? 0 : i >= n ? n - 1 : i);

/** TransformHelper's bilinear (BL_ACCUM) and bicubic (BicubicInterp, BICUBIC_USE_INT_MATH) loops. */
function transformHelper(img: Image, outW: number, outH: number, cubic: boolean): Image {
  const { width: sw, height: sh, channels: cn } = img;
  const S = img.data;
  const out = newImage(outW, outH, cn, 'uint8');
  const D = out.data;
  const xs = samplePositions(sw, outW),
    ys = samplePositions(sh, outH);
  const coeff = cubic ? bicubicTable() : new Int32Array(0);
  const rows = new Int32Array(4),
    cols = new Int32Array(4 * outW);
  for (let x = 0; x < outW; x++) for (let k = 0; k < 4; k++) cols[x * 4 + k] = clampIndex(xs.whole[x] + (cubic ? k - 1 : k), sw) * cn;
  for (let y = 0; y < outH; y++) {
    if (!ys.inside[y]) continue;
    const yf = ys.factor[y];
    for (let k = 0; k < 4; k++) rows[k] = clampIndex(ys.whole[y] + (cubic ? k - 1 : k), sh) * sw * cn;
    for (let x = 0; x < outW; x++) {
      if (!xs.inside[x]) continue;
      const xf = xs.factor[x];
      const o = (y * outW + x) * cn;
      const c0 = cols[x * 4],
        c1 = cols[x * 4 + 1];
      if (!cubic) {
        for (let c = 0; c < cn; c++) {
          const a = S[rows[0] + c0 + c],
            b = S[rows[0] + c1 + c];
          const top = (a << 8) + (b - a) * xf;
          const a2 = S[rows[1] + c0 + c],
            b2 = S[rows[1] + c1 + c];
          const bottom = (a2 << 8) + (b2 - a2) * xf;
          D[o + c] = (((top << 8) + (bottom - top) * yf + 32768) >> 16) & 0xff;
        }
        continue;
      }
      const wx0 = coeff[xf + 256],
        wx1 = coeff[xf],
        wx2 = coeff[256 - xf],
        wx3 = coeff[512 - xf];
      const wy = [coeff[yf + 256], coeff[yf], coeff[256 - yf], coeff[512 - yf]];
      const c2 = cols[x * 4 + 2],
        c3 = cols[x * 4 + 3];
      for (let c = 0; c < cn; c++) {
        let acc = 32768;
        for (let k = 0; k < 4; k++) {
          const r = rows[k] + c,
            w = wy[k];
          acc += S[r + c0] * (wx0 * w) + S[r + c1] * (wx1 * w) + S[r + c2] * (wx2 * w) + S[r + c3] * (wx3 * w);
        }
        const v = acc >> 16;
        D[o + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  return out;
}

let bicubicCache: Int32Array | undefined;

/** init_bicubic_table(-0.5) with coefficients (jint)(v * 256). */
function bicubicTable(): Int32Array {
  if (bicubicCache) return bicubicCache;
  const A = -0.5;
  const t = new Int32Array(513);
  let i = 0;
  for (; i < 256; i++) {
    const x = i / 256;
    t[i] = Math.trunc((((A + 2) * x - (A + 3)) * x * x + 1) * 256);
  }
  for (; i < 384; i++) {
    const x = i / 256;
    t[i] = Math.trunc((((A * x - 5 * A) * x + 8 * A) * x - 4 * A) * 256);
  }
  t[384] = Math.trunc((256 - t[128] * 2) / 2);
  for (i++; i <= 512; i++) t[i] = 256 - (t[512 - i] + t[i - 256] + t[768 - i]);
  bicubicCache = t;
  return t;
}

/** The source index of every destination pixel along one axis in ScaledBlit.c, or -1 where the loop writes nothing. */
function scaledBlitAxis(src: number, dst: number, shift: number, scale: number, inc: number, tile: number): Int32Array {
  const srcloc = (id: number): number => Math.ceil((id + 0.5) * scale - 0.5); // SRCLOC with origin 0
  const locAt = (d: number): number => {
    const start = d & ~(tile - 1);
    return srcloc(start) + inc * (d - start);
  };
  // refine(): the first destination pixel whose source position reaches the end of the source.
  let end = Math.ceil(src / (scale / 2 ** shift) - 0.5) | 0;
  let wasNeg = false,
    wasPos = false;
  const target = src * 2 ** shift;
  for (;;) {
    if (locAt(end) >= target) {
      if (wasNeg) break;
      end--;
      wasPos = true;
    } else {
      end++;
      if (wasPos) break;
      wasNeg = true;
    }
  }
  const idx = new Int32Array(dst).fill(-1);
  for (let d = 0; d < Math.min(dst, end); d++) idx[d] = Math.floor(locAt(d) / 2 ** shift);
  return idx;
}

/** Graphics2D nearest neighbour: DrawImage.renderImageScale → ScaledBlit with the destination box (0, 0, w, h). */
function scaledBlitNearest(img: Image, outW: number, outH: number): Image {
  const { width: sw, height: sh, channels: cn } = img;
  let v = sw | sh,
    shift = 0;
  while ((v = (v << 1) | 0) > 0) shift++;
  const scaley = (sh / outH) * 2 ** shift,
    scalex = (sw / outW) * 2 ** shift;
  const syinc = outH < 1 ? sh * 2 ** shift : Math.trunc(scaley);
  const sxinc = outW < 1 ? sw * 2 ** shift : Math.trunc(scalex);
  const tile = pow2TileSize(shift, sxinc, syinc);
  const xi = scaledBlitAxis(sw, outW, shift, scalex, sxinc, tile);
  const yi = scaledBlitAxis(sh, outH, shift, scaley, syinc, tile);
  const out = newImage(outW, outH, cn, 'uint8');
  const S = img.data,
    D = out.data;
  for (let y = 0; y < outH; y++) {
    if (yi[y] < 0) continue;
    for (let x = 0; x < outW; x++) {
      if (xi[x] < 0) continue;
      const s = (yi[y] * sw + xi[x]) * cn,
        o = (y * outW + x) * cn;
      for (let c = 0; c < cn; c++) D[o + c] = S[s + c];
    }
  }
  return out;
}

/** findpow2tilesize in ScaledBlit.c. */
function pow2TileSize(shift: number, sxinc: number, syinc: number): number {
  let inc = Math.min(sxinc, syinc);
  if (inc === 0) return 1;
  let s = shift;
  while (2 ** s > inc) s--;
  s = s >= 16 ? s - 8 : Math.trunc(s / 2);
  inc = 2 ** s;
  return inc;
}

/** Image.getScaledInstance(w, h, SCALE_FAST): ReplicateScaleFilter's source rows and columns. */
function replicate(img: Image, outW: number, outH: number): Image {
  const { width: sw, height: sh, channels: cn } = img;
  const out = newImage(outW, outH, cn, 'uint8');
  const S = img.data,
    D = out.data;
  for (let y = 0; y < outH; y++) {
    const sy = Math.floor((2 * y * sh + sh) / (2 * outH));
    for (let x = 0; x < outW; x++) {
      const sx = Math.floor((2 * x * sw + sw) / (2 * outW));
      const s = (sy * sw + sx) * cn,
        o = (y * outW + x) * cn;
      for (let c = 0; c < cn; c++) D[o + c] = S[s + c];
    }
  }
  return out;
}

/** Java's Math.round(float) on a float32 value: floor(v + 1/2). */
const roundFloat = (v: number): number => Math.floor(v + 0.5);

/**
 * Image.getScaledInstance(w, h, SCALE_SMOOTH): AreaAveragingScaleFilter.accumPixels/calcRow, float32 sums in the
 * filter's order (whole image sent at once, as BufferedImage's producer does).
 */
function areaAveraging(img: Image, outW: number, outH: number): Image {
  const { width: sw, height: sh, channels: cn } = img;
  const S = img.data;
  const out = newImage(outW, outH, cn, 'uint8');
  const D = out.data;
  const acc = new Float64Array(outW * cn); // each entry holds a float32 value
  const origmult = f32(sw * sh);
  let dy = 0,
    dyrem = 0,
    syrem = outH,
    sy = 0;
  while (sy < sh) {
    if (dyrem === 0) {
      acc.fill(0);
      dyrem = sh;
    }
    const amty = syrem < dyrem ? syrem : dyrem;
    let sx = 0,
      dx = 0,
      sxrem = 0,
      dxrem = sw;
    const row = sy * sw * cn;
    while (sx < sw) {
      if (sxrem === 0) sxrem = outW;
      const amtx = sxrem < dxrem ? sxrem : dxrem;
      const mult = f32(amtx * amty);
      for (let c = 0; c < cn; c++) acc[dx * cn + c] = f32(acc[dx * cn + c] + f32(mult * S[row + sx * cn + c]));
      if ((sxrem -= amtx) === 0) sx++;
      if ((dxrem -= amtx) === 0) {
        dx++;
        dxrem = sw;
      }
    }
    if ((dyrem -= amty) === 0) {
      const values = new Uint8Array(outW * cn);
      for (let i = 0; i < values.length; i++) {
        const v = roundFloat(f32(acc[i] / origmult));
        values[i] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
      do {
        if (dy < outH) D.set(values, dy * outW * cn);
        dy++;
      } while ((syrem -= amty) >= amty && amty === sh);
    } else {
      syrem -= amty;
    }
    if (syrem === 0) {
      syrem = outH;
      sy++;
    }
  }
  return out;
}
