// Probability heatmaps for the result panel: a perceptual colormap (viridis) and the per-pixel probability of one class.
// Pure (no DOM), so the unit tests run it in Node.

import { packRgba, Rgba } from './overlay';

/** Viridis (matplotlib's default colormap) sampled at 0, 1/8, …, 1: dark purple for 0, yellow for 1. */
export const VIRIDIS_STOPS: readonly string[] = ['#440154', '#472c7a', '#3b518b', '#2c718e', '#21908d', '#27ad81', '#5cc863', '#aadc32', '#fde725'];

function hexRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** A 256-entry colormap (RGB per entry) linearly interpolated between evenly spaced #rrggbb stops. */
export function colormapLut(stops: readonly string[] = VIRIDIS_STOPS): Uint8ClampedArray {
  if (stops.length < 2) throw new Error(`A colormap needs at least 2 colours, got ${stops.length}.`);
  const rgb = stops.map(hexRgb);
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const pos = (i / 255) * (rgb.length - 1);
    const k = Math.min(rgb.length - 2, Math.floor(pos));
    const f = pos - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(rgb[k][c] + (rgb[k + 1][c] - rgb[k][c]) * f);
  }
  return lut;
}

/** The colormap colour of value v in 0..1 (clamped; NaN → undefined). */
export function colormapAt(lut: Uint8ClampedArray, v: number): Rgba | undefined {
  if (Number.isNaN(v)) return undefined;
  const i = Math.round(Math.max(0, Math.min(1, v)) * 255);
  return [lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2], 255];
}

/** A CSS linear-gradient of the colormap, left = 0, right = 1, for the colour scale legend. */
export function colormapGradient(stops: readonly string[] = VIRIDIS_STOPS): string {
  const parts = stops.map((s, i) => `${s} ${+((i / (stops.length - 1)) * 100).toFixed(2)}%`);
  return `linear-gradient(to right, ${parts.join(', ')})`;
}

/**
 * The probability of class `classIndex` at mask pixel `p`. A single-channel (binary) output holds the foreground
 * probability, so class 0 is 1 − p there. Undefined when the output has no channel for the class.
 */
export function classProbability(probabilities: Float32Array, channels: number, classIndex: number, p: number): number | undefined {
  if (channels === 1) {
    if (classIndex > 1) return undefined;
    const v = probabilities[p];
    return classIndex === 0 ? 1 - v : v;
  }
  if (classIndex >= channels || channels < 1) return undefined;
  return probabilities[p * channels + classIndex];
}

/** True when a heatmap of `classIndex` can be drawn from an output with `channels` probability channels. */
export function canHeatmap(channels: number, classIndex: number): boolean {
  return channels === 1 ? classIndex <= 1 : channels > 1 && classIndex < channels;
}

/**
 * Colours each mask pixel by the probability of `classIndex` (0 → the colormap's start, 1 → its end) into `out`
 * (RGBA, one pixel per label). NaN probabilities stay transparent. Returns `out`.
 */
export function buildHeatmapRgbaInto(
  out: Uint8ClampedArray,
  probabilities: Float32Array,
  channels: number,
  classIndex: number,
  lut: Uint8ClampedArray = colormapLut(),
): Uint8ClampedArray {
  const n = channels > 0 ? Math.floor(probabilities.length / channels) : 0;
  if (out.length !== n * 4) throw new Error(`Heatmap buffer has ${out.length} bytes, expected ${n * 4} for ${n} pixels.`);
  if (!canHeatmap(channels, classIndex)) throw new Error(`The output has ${channels} probability channel(s); class ${classIndex} has no probability to draw.`);
  const packed = new Uint32Array(256);
  for (let i = 0; i < 256; i++) packed[i] = packRgba([lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2], 255]);
  const words = new Uint32Array(out.buffer, out.byteOffset, n);
  const binary = channels === 1;
  const invert = binary && classIndex === 0;
  for (let p = 0; p < n; p++) {
    let v = binary ? probabilities[p] : probabilities[p * channels + classIndex];
    if (v !== v) {
      words[p] = 0;
      continue;
    } // NaN
    if (invert) v = 1 - v;
    const i = v <= 0 ? 0 : v >= 1 ? 255 : (v * 255 + 0.5) | 0;
    words[p] = packed[i];
  }
  return out;
}

/** Minimum and maximum probability of a class over the mask (NaN ignored), for the scale legend's caption. */
export function probabilityRange(probabilities: Float32Array, channels: number, classIndex: number): { min: number; max: number } | undefined {
  if (!canHeatmap(channels, classIndex)) return undefined;
  const n = Math.floor(probabilities.length / channels);
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < n; p++) {
    const v = classProbability(probabilities, channels, classIndex, p) as number;
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? { min, max } : undefined;
}
