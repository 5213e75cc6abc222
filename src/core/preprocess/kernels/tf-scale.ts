// TensorFlow's ScaleAndTranslate op (tensorflow/core/kernels/image/scale_and_translate_op.cc), which
// tf.image.resize uses for lanczos3/lanczos5/gaussian/mitchellcubic and for bilinear/bicubic with antialias=True.
// Spans, weights and the two gather passes (rows first, then columns) are computed in float32.

import type { Image } from '../types';
import { f32, newImage } from './common';

/** Sampling kernels of sampling_kernels.h. */
export type TfKernelName = 'lanczos1' | 'lanczos3' | 'lanczos5' | 'gaussian' | 'box' | 'triangle' | 'keyscubic' | 'mitchellcubic';

interface TfKernel {
  radius: number;
  fn: (x: number) => number;
}

const K_PI = f32(3.14159265359);

function lanczos(radius: number): TfKernel {
  const r = f32(radius);
  return {
    radius: r,
    fn: (xIn) => {
      const x = Math.abs(xIn);
      if (x > r) return 0;
      if (x <= f32(1e-3)) return 1;
      const a = f32(Math.sin(f32(K_PI * x)));
      const b = f32(Math.sin(f32(f32(K_PI * x) / r)));
      return f32(f32(f32(r * a) * b) / f32(f32(f32(K_PI * K_PI) * x) * x));
    },
  };
}

const KERNELS: Readonly<Record<TfKernelName, TfKernel>> = {
  lanczos1: lanczos(1),
  lanczos3: lanczos(3),
  lanczos5: lanczos(5),
  gaussian: {
    radius: 1.5,
    fn: (xIn) => {
      const x = Math.abs(xIn);
      if (x >= 1.5) return 0;
      const sigma = f32(1.5 / 3);
      return f32(Math.exp(f32(-x * x) / (2.0 * sigma * sigma)));
    },
  },
  box: {
    radius: 1,
    fn: (xIn) => {
      const x = Math.abs(xIn);
      return x < 0.5 ? 1 : x === 0.5 ? 0.5 : 0;
    },
  },
  triangle: {
    radius: 1,
    fn: (xIn) => {
      const x = Math.abs(xIn);
      return x < 1 ? f32(1 - x) : 0;
    },
  },
  keyscubic: {
    radius: 2,
    fn: (xIn) => {
      const x = Math.abs(xIn);
      if (x >= 2) return 0;
      if (x >= 1) return f32(f32(f32(f32(f32(-0.5 * x) + 2.5) * x) - 4) * x + 2);
      return f32(f32(f32(f32(1.5 * x) - 2.5) * x) * x + 1);
    },
  },
  mitchellcubic: {
    radius: 2,
    fn: (xIn) => {
      const x = Math.abs(xIn);
      if (x >= 2) return 0;
      if (x >= 1) {
        return f32(f32(f32(f32(f32(f32(-7 / 18) * x) + 2) * x) - f32(10 / 3)) * x + f32(16 / 9));
      }
      return f32(f32(f32(f32(f32(7 / 6) * x) - 2) * x) * x + f32(8 / 9));
    },
  },
};

interface Spans {
  size: number;
  starts: Int32Array;
  weights: Float32Array;
}

const FLT_MIN = 1.1754943508222875e-38;

/** ComputeSpansCore for one axis. `scale` is float32(out / in) as tf.image.resize computes it. */
function computeSpans(k: TfKernel, outSize: number, inSize: number, scale: number, antialias: boolean): Spans {
  const invScale = f32(1 / scale);
  const kernelScale = antialias ? Math.max(invScale, 1) : 1;
  const reach = f32(k.radius * kernelScale);
  const size = Math.min(2 * Math.ceil(reach) + 1, inSize);
  const starts = new Int32Array(outSize);
  const weights = new Float32Array(size * outSize);
  const oneOverKernelScale = f32(1 / kernelScale);
  const temp = new Float32Array(size + 2);
  for (let x = 0; x < outSize; x++) {
    const sample = f32(f32(x + 0.5) * invScale);
    if (sample < 0 || sample > inSize) {
      starts[x] = 0;
      continue;
    }
    let start = Math.ceil(f32(f32(sample - reach) - 0.5));
    let end = Math.floor(f32(f32(sample + reach) - 0.5));
    start = Math.min(Math.max(start, 0), inSize - 1);
    end = Math.min(Math.max(end, 0), inSize - 1) + 1;
    const n = end - start;
    let total = 0;
    for (let s = start, i = 0; s < end; s++, i++) {
      const pos = f32(f32(s + 0.5) - sample);
      const w = k.fn(Math.abs(f32(pos * oneOverKernelScale)));
      total = f32(total + w);
      temp[i] = w;
    }
    if (Math.abs(total) >= f32(1000 * FLT_MIN)) {
      const inv = f32(1 / total);
      for (let i = 0; i < n; i++) weights[x * size + i] = f32(temp[i] * inv);
    }
    starts[x] = start;
  }
  return { size, starts, weights };
}

/** ScaleAndTranslate with translation 0: GatherRows into a float32 buffer, then GatherColumns. Output float32. */
export function tfScaleAndTranslate(img: Image, outW: number, outH: number, kernel: TfKernelName, antialias: boolean): Image {
  const { width: w, height: h, channels: cn } = img;
  const k = KERNELS[kernel];
  const rowScale = f32(f32(outH) / f32(h));
  const colScale = f32(f32(outW) / f32(w));
  const rs = computeSpans(k, outH, h, rowScale, antialias);
  const cs = computeSpans(k, outW, w, colScale, antialias);
  const S = img.data;
  const inRow = w * cn;
  const mid = new Float32Array(outH * inRow);
  for (let y = 0; y < outH; y++) {
    const o = y * inRow;
    const start = rs.starts[y];
    const real = Math.min(start + rs.size, h) - start;
    for (let i = 0; i < real; i++) {
      const wgt = rs.weights[y * rs.size + i];
      const p = (start + i) * inRow;
      for (let x = 0; x < inRow; x++) mid[o + x] = mid[o + x] + f32(wgt * S[p + x]);
    }
  }
  const out = newImage(outW, outH, cn, 'float32');
  const D = out.data;
  const outRow = outW * cn;
  for (let y = 0; y < outH; y++) {
    const mo = y * inRow;
    const oo = y * outRow;
    for (let x = 0; x < outW; x++) {
      const start = cs.starts[x];
      const real = Math.min(start + cs.size, w) - start;
      for (let c = 0; c < cn; c++) {
        let acc = 0;
        for (let i = 0; i < real; i++) acc = f32(acc + f32(cs.weights[x * cs.size + i] * mid[mo + (start + i) * cn + c]));
        D[oo + x * cn + c] = acc;
      }
    }
  }
  return out;
}
