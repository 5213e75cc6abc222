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
    const line = new Uint8Array(dw * 2);
    for (let y = 0; y < height; y++) {
      const i = y >> 1;
      const near = row(i);
      const far = row(y & 1 ? i + 1 : i - 1);
      for (let x = 0; x < dw; x++) sums[x] = data[near + x] * 3 + data[far + x];
      line[0] = (sums[0] * 4 + 8) >> 4;
      line[1] = (sums[0] * 3 + sums[1] + 7) >> 4;
      for (let x = 1; x < dw - 1; x++) {
        line[2 * x] = (sums[x] * 3 + sums[x - 1] + 8) >> 4;
        line[2 * x + 1] = (sums[x] * 3 + sums[x + 1] + 7) >> 4;
      }
      line[2 * dw - 2] = (sums[dw - 1] * 3 + sums[dw - 2] + 8) >> 4;
      line[2 * dw - 1] = (sums[dw - 1] * 4 + 7) >> 4;
      out.set(line.subarray(0, width), y * width);
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

const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);

/** jdcolor.c ycc_rgb_convert: interleaved RGB from full-size Y, Cb, Cr planes. */
export function yccToRgb(y: Uint8Array, cb: Uint8Array, cr: Uint8Array): Uint8Array {
  const out = new Uint8Array(y.length * 3);
  for (let i = 0, o = 0; i < y.length; i++, o += 3) {
    const yy = y[i];
    const b = cb[i];
    const r = cr[i];
    out[o] = clamp(yy + CR_R[r]);
    out[o + 1] = clamp(yy + ((CB_G[b] + CR_G[r]) >> 16));
    out[o + 2] = clamp(yy + CB_B[b]);
  }
  return out;
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
