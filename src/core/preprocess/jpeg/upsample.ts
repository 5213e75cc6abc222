// Chroma upsampling and YCbCr → RGB as libjpeg-turbo 2.1 does them with do_fancy_upsampling (jdsample.c, jdcolor.c):
// triangle ("fancy") filters for h2v1, h1v2 and h2v2, pixel replication otherwise; edges repeat the last real sample.

/** One component's samples after the IDCT: `width` × `height` real samples in rows of `stride`. */
export interface SamplePlane {
  data: Uint8Array;
  stride: number;
  width: number;
  height: number;
  h: number;
  v: number;
}

/** Upsamples a component to the full image size (width × height), as libjpeg's upsampler picks for its factors. */
export function upsample(p: SamplePlane, hmax: number, vmax: number, width: number, height: number, fancy: boolean): Uint8Array {
  const out = new Uint8Array(width * height);
  const { data, stride } = p;
  const hx = hmax / p.h;
  const vx = vmax / p.v;
  const lastRow = p.height - 1;
  const row = (y: number): number => (y < 0 ? 0 : y > lastRow ? lastRow : y) * stride;
  if (hx === 1 && vx === 1) {
    for (let y = 0; y < height; y++) out.set(data.subarray(y * stride, y * stride + width), y * width);
    return out;
  }
  const dw = p.width;
  if (fancy && hx === 2 && vx === 1 && dw > 2) {
    const line = new Uint8Array(dw * 2);
    for (let y = 0; y < height; y++) {
      const r = y * stride;
      line[0] = data[r];
      line[1] = (data[r] * 3 + data[r + 1] + 2) >> 2;
      for (let x = 1; x < dw - 1; x++) {
        const v3 = data[r + x] * 3;
        line[2 * x] = (v3 + data[r + x - 1] + 1) >> 2;
        line[2 * x + 1] = (v3 + data[r + x + 1] + 2) >> 2;
      }
      const last = data[r + dw - 1];
      line[2 * dw - 2] = (last * 3 + data[r + dw - 2] + 1) >> 2;
      line[2 * dw - 1] = last;
      out.set(line.subarray(0, width), y * width);
    }
    return out;
  }
  if (fancy && hx === 1 && vx === 2) {
    for (let y = 0; y < height; y++) {
      const i = y >> 1;
      const near = row(i);
      const far = row(y & 1 ? i + 1 : i - 1);
      const bias = y & 1 ? 2 : 1;
      for (let x = 0; x < width; x++) out[y * width + x] = (data[near + x] * 3 + data[far + x] + bias) >> 2;
    }
    return out;
  }
  if (fancy && hx === 2 && vx === 2 && dw > 2) {
    const sums = new Int32Array(dw);
    const pairs = width >> 1;
    for (let y = 0; y < height; y++) {
      const i = y >> 1;
      const near = i * stride;
      const j = y & 1 ? (i + 1 > lastRow ? lastRow : i + 1) : i - 1 < 0 ? 0 : i - 1;
      const far = j * stride;
      for (let x = 0; x < dw; x++) sums[x] = data[near + x] * 3 + data[far + x];
      const o = y * width;
      // Output pair x covers columns 2x, 2x+1 from sums[x] and its neighbours (clamped at the real edge).
      for (let x = 0; x < pairs; x++) {
        const t = sums[x] * 3;
        out[o + 2 * x] = x === 0 ? (sums[0] * 4 + 8) >> 4 : (t + sums[x - 1] + 8) >> 4;
        out[o + 2 * x + 1] = x === dw - 1 ? (sums[x] * 4 + 7) >> 4 : (t + sums[x + 1] + 7) >> 4;
      }
      if (width & 1) {
        const x = pairs;
        out[o + 2 * x] = x === 0 ? (sums[0] * 4 + 8) >> 4 : (sums[x] * 3 + sums[x - 1] + 8) >> 4;
      }
    }
    return out;
  }
  // Replication (h2v1/h2v2 without fancy, and any other integral factor). Rows come from the padded block rows, as
  // libjpeg's upsampler reads whole row groups.
  for (let y = 0; y < height; y++) {
    const r = Math.floor(y / vx) * stride;
    for (let x = 0; x < width; x++) out[y * width + x] = data[r + Math.floor(x / hx)];
  }
  return out;
}

const CR_R = new Int32Array(256);
const CB_B = new Int32Array(256);
const CR_G = new Int32Array(256);
const CB_G = new Int32Array(256);
{
  const fix = (x: number): number => Math.floor(x * 65536 + 0.5);
  for (let i = 0; i < 256; i++) {
    const x = i - 128;
    CR_R[i] = (fix(1.402) * x + 32768) >> 16;
    CB_B[i] = (fix(1.772) * x + 32768) >> 16;
    CR_G[i] = -fix(0.71414) * x;
    CB_G[i] = -fix(0.34414) * x + 32768;
  }
}

/** jdcolor.c ycc_rgb_convert: interleaved RGB from full-size Y, Cb, Cr planes. */
export function yccToRgb(y: Uint8Array, cb: Uint8Array, cr: Uint8Array): Uint8Array {
  // A clamped array does libjpeg's range limit (values are whole numbers already).
  const out = new Uint8ClampedArray(y.length * 3);
  for (let i = 0, o = 0; i < y.length; i++, o += 3) {
    const yy = y[i];
    const b = cb[i];
    const r = cr[i];
    out[o] = yy + CR_R[r];
    out[o + 1] = yy + ((CB_G[b] + CR_G[r]) >> 16);
    out[o + 2] = yy + CB_B[b];
  }
  return new Uint8Array(out.buffer);
}

/** Interleaves three full-size planes (an RGB JPEG, or grey replicated). */
export function interleave(a: Uint8Array, b: Uint8Array, c: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length * 3);
  for (let i = 0, o = 0; i < a.length; i++, o += 3) {
    out[o] = a[i];
    out[o + 1] = b[i];
    out[o + 2] = c[i];
  }
  return out;
}
