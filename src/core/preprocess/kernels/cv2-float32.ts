// OpenCV's own float32 separable resize for uint16 and float32 images (resizeGeneric_ with HResize*<T, float, float>
// and VResize*<T, float, float, Cast<float, T>>), reproduced bit for bit: every product and every partial sum is
// rounded to float32 in the order OpenCV's code adds them. uint16 results go through saturate_cast<ushort> (round
// half to even, clamp to 0..65535); float32 results are stored as computed. The wheel's baseline is SSE3 with
// 128-bit universal intrinsics and none of these loops is compiled with FMA, so v_muladd(a, b, c) is a·b + c.
//
// Horizontal pass (HResizeLinear/Cubic/Lanczos4, plain C++ or HResizeLinearVec_X4's v_mul + v_add): taps added
// left to right. Vertical pass:
// - LINEAR and INTER_AREA when enlarging (VResizeLinear, VResizeLinearVec_32f16u/_32f): S0·b0 + S1·b1.
// - CUBIC: VResizeCubicVec_32f16u (blocks of 8 elements) and VResizeCubicVec_32f (blocks of 4) nest the sum as
//   S0·b0 + (S1·b1 + (S2·b2 + S3·b3)); the rest of the row (scalar VResizeCubic) adds left to right.
// - LANCZOS4: uint16 uses the SSE4.1 VResizeLanczos4Vec_32f16u, which adds b0·S0 + b1·S1 + … + b7·S7 left to right
//   like the scalar tail; float32 uses VResizeLanczos4Vec_32f, blocks of 4 nested like cubic, then left to right.

import type { Image } from '../types';
import { newImage, pixelKind, satU16 } from './common';
import { type CvAxis, clip, xTaps } from './cv2-tables';

const fr = Math.fround;

/** One horizontal pass row: r[dx·cn + c] = ((S·a0 + S·a1) + S·a2) + … in float32, taps in order. */
function hRowF32(S: Uint16Array | Float32Array, base: number, cn: number, k: number, idx: Int32Array, coef: Float32Array, r: Float32Array): void {
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

/** Elements of each row that the SIMD block of the vertical pass covers with the nested sum (the rest: in order). */
function nestedBlock(kind: 'uint16' | 'float32', ky: number): number {
  if (ky === 4) return kind === 'uint16' ? 8 : 4;
  if (ky === 8) return kind === 'uint16' ? 0 : 4;
  return 0; // two taps: both orders are the same sum
}

/** resizeGeneric_ with float32 buffers for a uint16 or float32 image: `xt`/`yt` are cvAxisTable's tables. */
export function cvFloat32Resize(img: Image, outW: number, outH: number, xt: CvAxis, yt: CvAxis): Image {
  const { width: w, height: h, channels: cn } = img;
  const kind = pixelKind(img) === 'uint16' ? 'uint16' : 'float32';
  const S = img.data as Uint16Array | Float32Array;
  const out = newImage(outW, outH, cn, kind);
  const D = out.data as Uint16Array | Float32Array;
  const toU16 = kind === 'uint16';
  const rowLen = outW * cn,
    ky = yt.ksize,
    ky2 = ky >> 1;
  const block = nestedBlock(kind, ky);
  const nestEnd = block > 0 ? Math.floor(rowLen / block) * block : 0;
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
      if (tags[slot] !== sy) {
        hRowF32(S, sy * rowIn, cn, xt.ksize, idx, xt.coef, ring[slot]);
        tags[slot] = sy;
      }
      rp[j] = ring[slot];
    }
    const o = dy * rowLen,
      yo = dy * ky;
    const b0 = yt.coef[yo];
    const r0 = rp[0];
    let x = 0;
    for (; x < nestEnd; x++) {
      let s = fr(rp[ky - 1][x] * yt.coef[yo + ky - 1]);
      for (let j = ky - 2; j >= 0; j--) s = fr(fr(rp[j][x] * yt.coef[yo + j]) + s);
      D[o + x] = toU16 ? satU16(s) : s;
    }
    for (; x < rowLen; x++) {
      let s = fr(r0[x] * b0);
      for (let j = 1; j < ky; j++) s = fr(s + fr(rp[j][x] * yt.coef[yo + j]));
      D[o + x] = toU16 ? satU16(s) : s;
    }
  }
  return out;
}
