// Pictures of a segmentation: the coloured label mask and the mask blended over the input image.
import type { Segmentation } from '../core/infer/postprocess';
import type { Layout } from '../core/spec/types';
import { toFloat32Array } from '../core/tensor/ndarray';
import type { NdArray } from '../core/tensor/types';

/** An interleaved RGBA8 picture. */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Any interleaved HWC image (uint8, uint16 or float) the preprocessing produced for display. */
export interface DisplayLike {
  width: number;
  height: number;
  channels: number;
  data: ArrayLike<number>;
}

const PALETTE = ['#00000000', '#ff3b30', '#34c759', '#007aff', '#ffcc00', '#af52de', '#5ac8fa', '#ff9500', '#8e8e93', '#ff2d55'];

/** Parses #rgb, #rrggbb or #rrggbbaa into [r,g,b,a]; undefined when malformed. */
export function parseColor(css: string): [number, number, number, number] | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(css.trim());
  if (!m?.[1]) return undefined;
  let hex = m[1];
  if (hex.length === 3) hex = hex.replace(/./g, (c) => c + c);
  if (hex.length === 6) hex += 'ff';
  return [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number, number];
}

/** One RGBA colour per class: the spec's colours, then a fixed palette. */
export function classColors(numClasses: number, colors: readonly string[]): [number, number, number, number][] {
  return Array.from(
    { length: numClasses },
    (_, k) => parseColor(colors[k] ?? '') ?? parseColor(PALETTE[k % PALETTE.length] ?? '#ffffffff') ?? [255, 255, 255, 255],
  );
}

/** The label map painted with class colours, at the model's output resolution. */
export function maskImage(seg: Segmentation, colors: readonly string[]): Rgba {
  const palette = classColors(seg.numClasses, colors);
  const data = new Uint8Array(seg.width * seg.height * 4);
  for (let i = 0; i < seg.labels.length; i++) data.set(palette[seg.labels[i] ?? 0] ?? [0, 0, 0, 0], i * 4);
  return { width: seg.width, height: seg.height, data };
}

/** The mask (nearest-neighbour scaled) blended at half its alpha over the display image. */
export function overlayImage(display: DisplayLike, seg: Segmentation, colors: readonly string[]): Rgba {
  const palette = classColors(seg.numClasses, colors);
  const { width, height, channels } = display;
  const scale = displayScale(display.data);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(seg.height - 1, Math.floor(((y + 0.5) * seg.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(seg.width - 1, Math.floor(((x + 0.5) * seg.width) / width));
      const [cr, cg, cb, ca] = palette[seg.labels[sy * seg.width + sx] ?? 0] ?? [0, 0, 0, 0];
      const a = ca / 255 / 2;
      const s = (y * width + x) * channels;
      const r = (display.data[s] ?? 0) * scale;
      const g = channels >= 3 ? (display.data[s + 1] ?? 0) * scale : r;
      const b = channels >= 3 ? (display.data[s + 2] ?? 0) * scale : r;
      const o = (y * width + x) * 4;
      data[o] = Math.round(r * (1 - a) + cr * a);
      data[o + 1] = Math.round(g * (1 - a) + cg * a);
      data[o + 2] = Math.round(b * (1 - a) + cb * a);
      data[o + 3] = 255;
    }
  }
  return { width, height, data };
}

/** A viewable image from an image-shaped input tensor (1 or 3 channels), min–max stretched to 0..255. */
export function displayFromTensor(arr: NdArray, layout: Layout): DisplayLike | undefined {
  const s = arr.shape.length === 4 ? arr.shape.slice(1) : arr.shape.length === 3 ? [...arr.shape] : undefined;
  if (!s) return undefined;
  const [a = 0, b = 0, c = 0] = s;
  const [h, w, ch] = layout === 'NCHW' ? [b, c, a] : [a, b, c];
  if (ch !== 1 && ch !== 3) return undefined;
  const src = toFloat32Array(arr);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < h * w * ch; i++) {
    const v = src[i] ?? 0;
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const k = hi > lo ? 255 / (hi - lo) : 0;
  const data = new Uint8Array(h * w * ch);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let q = 0; q < ch; q++) {
        const i = layout === 'NCHW' ? q * h * w + y * w + x : (y * w + x) * ch + q;
        data[(y * w + x) * ch + q] = Math.round(((src[i] ?? lo) - lo) * k);
      }
    }
  }
  return { width: w, height: h, channels: ch, data };
}

/** Multiplier that brings display samples to 0..255: uint16 → /257, floats in [0,1] → ×255. */
function displayScale(data: ArrayLike<number>): number {
  if (data instanceof Uint8Array || data instanceof Uint8ClampedArray) return 1;
  if (data instanceof Uint16Array) return 1 / 257;
  let max = 0;
  for (let i = 0; i < data.length; i++) max = Math.max(max, data[i] ?? 0);
  return max <= 1 ? 255 : 1;
}
