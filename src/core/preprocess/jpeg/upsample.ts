// Chroma upsampling and YCbCr → RGB as libjpeg-turbo 2.1 does them with do_fancy_upsampling (jdsample.c, jdcolor.c):
// triangle ("fancy") filters for h2v1, h1v2 and h2v2, pixel replication otherwise; edges repeat the last real sample.
// Works one output row at a time, so a colour image never holds full-size chroma planes.

/** One component's samples after the IDCT: `width` × `height` real samples in rows of `stride`. */
export interface SamplePlane {
  data: Uint8Array;
  stride: number;
  width: number;
  height: number;
  h: number;
  v: number;
}

/** Produces output row y of one component at full width (a view into the plane when no upsampling is needed). */
export type RowSource = (y: number) => Uint8Array;

/** A row source for a component, as libjpeg's upsampler picks for its sampling factors. */
export function rowSource(p: SamplePlane, hmax: number, vmax: number, width: number, fancy: boolean): RowSource {
  const { data, stride } = p;
  const hx = hmax / p.h;
  const vx = vmax / p.v;
  const lastRow = p.height - 1;
  const dw = p.width;
  const line = new Uint8Array(Math.max(width, dw * hx) + 8);
  if (hx === 1 && vx === 1) return (y) => data.subarray(y * stride, y * stride + width);
  if (fancy && hx === 2 && vx === 1 && dw > 2) {
    return (y) => {
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
      return line;
    };
  }
  // The row above (even output rows) or below (odd ones) the nearest input row, clamped to the real rows.
  const far = (y: number): number => {
    const i = y >> 1;
    const j = y & 1 ? i + 1 : i - 1;
    return (j < 0 ? 0 : j > lastRow ? lastRow : j) * stride;
  };
  if (fancy && hx === 1 && vx === 2) {
    return (y) => {
      const near = (y >> 1) * stride;
      const f = far(y);
      const bias = y & 1 ? 2 : 1;
      for (let x = 0; x < width; x++) line[x] = (data[near + x] * 3 + data[f + x] + bias) >> 2;
      return line;
    };
  }
  if (fancy && hx === 2 && vx === 2 && dw > 2) {
    const sums = new Int32Array(dw);
    return (y) => {
      const near = (y >> 1) * stride;
      const f = far(y);
      for (let x = 0; x < dw; x++) sums[x] = data[near + x] * 3 + data[f + x];
      line[0] = (sums[0] * 4 + 8) >> 4;
      line[1] = (sums[0] * 3 + sums[1] + 7) >> 4;
      for (let x = 1; x < dw - 1; x++) {
        const t = sums[x] * 3;
        line[2 * x] = (t + sums[x - 1] + 8) >> 4;
        line[2 * x + 1] = (t + sums[x + 1] + 7) >> 4;
      }
      line[2 * dw - 2] = (sums[dw - 1] * 3 + sums[dw - 2] + 8) >> 4;
      line[2 * dw - 1] = (sums[dw - 1] * 4 + 7) >> 4;
      return line;
    };
  }
  // Replication (h2v1/h2v2 without fancy, and any other integral factor).
  return (y) => {
    const r = Math.floor(y / vx) * stride;
    for (let x = 0; x < width; x++) line[x] = data[r + Math.floor(x / hx)];
    return line;
  };
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

/** libjpeg's sample range limit, offset by 384: CLAMP[v + 384] = clamp(v, 0, 255). */
const CLAMP = new Uint8Array(1024);
for (let i = 0; i < 1024; i++) CLAMP[i] = Math.min(255, Math.max(0, i - 384));

/** Interleaved RGB of a colour JPEG: jdcolor.c ycc_rgb_convert (or the planes as they are for an RGB JPEG). */
export function toRgb(sources: readonly RowSource[], width: number, height: number, ycc: boolean): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  const L = CLAMP;
  for (let y = 0; y < height; y++) {
    const c0 = sources[0](y);
    const c1 = sources[1](y);
    const c2 = sources[2](y);
    let o = y * width * 3;
    if (!ycc) {
      for (let x = 0; x < width; x++, o += 3) {
        out[o] = c0[x];
        out[o + 1] = c1[x];
        out[o + 2] = c2[x];
      }
      continue;
    }
    for (let x = 0; x < width; x++, o += 3) {
      const yy = c0[x];
      const b = c1[x];
      const r = c2[x];
      out[o] = L[yy + CR_R[r] + 384];
      out[o + 1] = L[yy + ((CB_G[b] + CR_G[r]) >> 16) + 384];
      out[o + 2] = L[yy + CB_B[b] + 384];
    }
  }
  return out;
}

/** One component at full size (a grey image), optionally replicated to 3 channels. */
export function toGrey(source: RowSource, width: number, height: number, channels: 1 | 3): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const row = source(y);
    if (channels === 1) {
      out.set(row.subarray(0, width), y * width);
      continue;
    }
    for (let x = 0, o = y * width * 3; x < width; x++, o += 3) out[o] = out[o + 1] = out[o + 2] = row[x];
  }
  return out;
}
