// tfjs tf.image.resizeBilinear / resizeNearestNeighbor as the CPU backend computes them
// (@tensorflow/tfjs-backend-cpu 4.22 kernels/ResizeBilinear.js, ResizeNearestNeighbor.js): double arithmetic,
// float32 output for bilinear, input dtype kept for nearest.

import type { Image } from '../types';
import { gatherPixels, newImage } from './common';

/** tfjs resize methods accepted in tensorparity.json. */
export const TFJS_METHODS = ['bilinear', 'nearest'] as const;

function ratio(inSize: number, outSize: number, alignCorners: boolean): number {
  const effIn = alignCorners && outSize > 1 ? inSize - 1 : inSize;
  const effOut = alignCorners && outSize > 1 ? outSize - 1 : outSize;
  return effIn / effOut;
}

/** tf.image.resizeBilinear(images, [outH, outW], alignCorners, halfPixelCenters) on the CPU backend. */
export function tfjsBilinear(img: Image, outW: number, outH: number, alignCorners: boolean, halfPixel: boolean): Image {
  const { width: w, height: h, channels: cn } = img;
  const out = newImage(outW, outH, cn, 'float32');
  const S = img.data,
    D = out.data;
  const rr = ratio(h, outH, alignCorners),
    cr = ratio(w, outW, alignCorners);
  const x0 = new Int32Array(outW),
    x1 = new Int32Array(outW),
    xf = new Float64Array(outW);
  for (let c = 0; c < outW; c++) {
    const f = halfPixel ? cr * (c + 0.5) - 0.5 : cr * c;
    const fl = Math.max(0, Math.floor(f));
    x0[c] = fl * cn;
    xf[c] = f - fl;
    x1[c] = Math.min(w - 1, Math.ceil(f)) * cn;
  }
  const row = w * cn;
  let o = 0;
  for (let r = 0; r < outH; r++) {
    const f = halfPixel ? rr * (r + 0.5) - 0.5 : rr * r;
    const fl = Math.max(0, Math.floor(f));
    const rowFrac = f - fl;
    const top = fl * row,
      bot = Math.min(h - 1, Math.ceil(f)) * row;
    for (let c = 0; c < outW; c++) {
      const colFrac = xf[c];
      for (let d = 0; d < cn; d++) {
        const tl = S[top + x0[c] + d],
          bl = S[bot + x0[c] + d],
          tr = S[top + x1[c] + d],
          br = S[bot + x1[c] + d];
        const t = tl + (tr - tl) * colFrac;
        const b = bl + (br - bl) * colFrac;
        D[o++] = t + (b - t) * rowFrac;
      }
    }
  }
  return out;
}

function nnIndex(inSize: number, outSize: number, alignCorners: boolean, halfPixel: boolean): Int32Array {
  const r = ratio(inSize, outSize, alignCorners);
  const idx = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const f = halfPixel ? r * (i + 0.5) : r * i;
    let k = Math.min(inSize - 1, alignCorners ? Math.round(f) : Math.floor(f));
    if (halfPixel) k = Math.max(0, k);
    idx[i] = k;
  }
  return idx;
}

/** tf.image.resizeNearestNeighbor(images, [outH, outW], alignCorners, halfPixelCenters) on the CPU backend. */
export function tfjsNearest(img: Image, outW: number, outH: number, alignCorners: boolean, halfPixel: boolean): Image {
  return gatherPixels(img, outW, outH, nnIndex(img.width, outW, alignCorners, halfPixel), nnIndex(img.height, outH, alignCorners, halfPixel));
}
