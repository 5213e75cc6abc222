// OpenCV's own float32 separable resize for uint16 images (resizeGeneric_ with HResize*<ushort, float, float> and
// VResize*<ushort, float, float, Cast<float, ushort>>), reproduced bit for bit: every product and every partial sum
// is rounded to float32 in the order OpenCV's code adds them, and the result goes through saturate_cast<ushort>
// (round half to even, clamp to 0..65535).
//
// Used for INTER_LANCZOS4 (HResizeLanczos4 + VResizeLanczos4, whose SSE4.1 block VResizeLanczos4Vec_32f16u adds
// b0·S0 + b1·S1 + … + b7·S7 left to right with separate multiplies and adds, as the scalar tail does) and for
// INTER_AREA when enlarging (HResizeLinear + VResizeLinear: S0·b0 + S1·b1). The wheel's baseline is SSE3, so none
// of these loops is compiled with FMA.

import type { Image } from '../types';
import { newImage, satU16 } from './common';
import { type CvAxis, clip, xTaps } from './cv2-tables';

const fr = Math.fround;

/** One horizontal pass row: r[dx·cn + c] = ((S·a0 + S·a1) + S·a2) + … in float32, taps in order. */
function hRowF32(
  S: Uint16Array, base: number, cn: number, k: number, idx: Int32Array, coef: Float32Array, r: Float32Array,
): void {
  const outW = idx.length / k;
  for (let dx = 0, o = 0; dx < outW; dx++) {
    const t = dx * k;
    for (let c = 0; c < cn; c++, o++) {
      const p = base + c;
      let v = fr(S[p + idx[t]] * coef[t]);
      for (let j = 1; j < k; j++) v = fr(v + fr(S[p + idx[t + j]] * coef[t + j]));
      r[o] = v;
    }
  }
}

/** resizeGeneric_ for uint16 with float32 buffers: `xt`/`yt` are cvAxisTable's tables (float coefficients). */
export function cvFloat32ResizeU16(img: Image, outW: number, outH: number, xt: CvAxis, yt: CvAxis): Image {
  const { width: w, height: h, channels: cn } = img;
  const S = img.data as Uint16Array;
  const out = newImage(outW, outH, cn, 'uint16');
  const D = out.data as Uint16Array;
  const rowLen = outW * cn, ky = yt.ksize, ky2 = ky >> 1;
  const idx = xTaps(xt, w, cn);
  // Horizontally filtered rows in a ring keyed by source row: an output row needs ky consecutive (clamped) rows,
  // so a ring of ky slots never evicts one still in use.
  const ring = Array.from({ length: ky }, () => new Float32Array(rowLen));
  const tags = new Int32Array(ky).fill(-1);
  const rp: Float32Array[] = new Array<Float32Array>(ky);
  const rowIn = w * cn;
  for (let dy = 0; dy < outH; dy++) {
    const sy0 = yt.ofs[dy];
    for (let j = 0; j < ky; j++) {
      const sy = clip(sy0 - ky2 + 1 + j, 0, h);
      const slot = sy % ky;
      if (tags[slot] !== sy) { hRowF32(S, sy * rowIn, cn, xt.ksize, idx, xt.coef, ring[slot]); tags[slot] = sy; }
      rp[j] = ring[slot];
    }
    const o = dy * rowLen, yo = dy * ky;
    const b0 = yt.coef[yo];
    const r0 = rp[0];
    for (let x = 0; x < rowLen; x++) {
      let s = fr(r0[x] * b0);
      for (let j = 1; j < ky; j++) s = fr(s + fr(rp[j][x] * yt.coef[yo + j]));
      D[o + x] = satU16(s);
    }
  }
  return out;
}
