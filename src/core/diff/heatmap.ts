// Per-channel error heatmaps of a diff (block-max downsampled) and the dump in the reference's shape.

import { cStrides, numel, reshape } from '../tensor/ndarray';
import type { NdArray } from '../tensor/types';
import { alignTensor, toFloatData } from './diff';
import type { DiffLayout, DiffReport } from './types';

/** Largest side of one channel's heatmap. */
export const HEATMAP_MAX_SIDE = 256;
/** Most channels that get a heatmap. */
export const HEATMAP_MAX_CHANNELS = 64;

/** Per-channel maps of the largest |a−b| per block of pixels (the diff panel's heatmaps). */
export interface ErrorHeatmaps {
  layout: string;
  /** The compared shape and which of its axes are batch, height, width and channel (-1: none). */
  shape: number[];
  axes: { n: number; h: number; w: number; c: number };
  srcHeight: number;
  srcWidth: number;
  height: number;
  width: number;
  /** Source pixels per map pixel along each side. */
  block: number;
  channels: number;
  /** channels × height × width float32 values. */
  maps: ArrayBuffer;
  /** Largest finite value over all maps (top of the colour scale). */
  maxAbs: number;
  channelRows: { channel: number; meanAbs: number; maxAbs: number; failures: number }[];
}

/** Axes of batch, height, width and channel in a shape for a layout (-1: none); undefined for rank < 2. */
export function layoutAxes(rank: number, layout: DiffLayout | undefined): { n: number; h: number; w: number; c: number } | undefined {
  if (layout === 'NHWC' && rank === 4) return { n: 0, h: 1, w: 2, c: 3 };
  if (layout === 'NCHW' && rank === 4) return { n: 0, c: 1, h: 2, w: 3 };
  if (layout === 'HWC' && rank === 3) return { n: -1, h: 0, w: 1, c: 2 };
  if (layout === 'CHW' && rank === 3) return { n: -1, c: 0, h: 1, w: 2 };
  return rank >= 2 ? { n: -1, h: rank - 2, w: rank - 1, c: -1 } : undefined;
}

/**
 * Per-channel |a-b| maps of the dump `a` (already in the reference's shape) against `b`: each map pixel is the largest
 * difference over its block of source pixels and over every other axis (batch, leading dims); NaN where a pair is NaN.
 */
export function computeHeatmaps(
  a: NdArray,
  b: NdArray,
  report: Pick<DiffReport, 'layout' | 'channels'>,
  maxSide = HEATMAP_MAX_SIDE,
): ErrorHeatmaps | undefined {
  const shape = [...b.shape];
  const axes = layoutAxes(shape.length, report.layout?.name);
  if (!axes || numel(shape) === 0) return undefined;
  const H = shape[axes.h];
  const W = shape[axes.w];
  const C = Math.min(HEATMAP_MAX_CHANNELS, axes.c >= 0 ? shape[axes.c] : 1);
  const block = Math.max(1, Math.ceil(Math.max(H, W) / maxSide));
  const height = Math.ceil(H / block);
  const width = Math.ceil(W / block);
  const plane = height * width;
  const maps = new Float32Array(C * plane);
  const av = toFloatData(a);
  const bv = toFloatData(b);
  const st = cStrides(shape);
  const sh = st[axes.h];
  const sw = st[axes.w];
  const sc = axes.c >= 0 ? st[axes.c] : 0;
  const n = av.length;
  for (let i = 0; i < n; i++) {
    const c = axes.c >= 0 ? Math.floor(i / sc) % shape[axes.c] : 0;
    if (c >= C) continue;
    const y = Math.floor(i / sh) % H;
    const x = Math.floor(i / sw) % W;
    const p = av[i];
    const q = bv[i];
    if (p === q) continue; // also equal infinities
    const m = c * plane + Math.floor(y / block) * width + Math.floor(x / block);
    const d = Math.abs(p - q);
    if (d !== d) maps[m] = NaN;
    else if (d > maps[m]) maps[m] = d;
  }
  let maxAbs = 0;
  for (let i = 0; i < maps.length; i++) {
    const v = maps[i];
    if (v > maxAbs && v !== Infinity) maxAbs = v;
  }
  const rows = (report.channels ?? []).slice(0, C).map((r) => ({
    channel: r.channel,
    meanAbs: r.meanAbs,
    maxAbs: r.maxAbs.value,
    failures: r.failures,
  }));
  return {
    layout: report.layout?.name ?? `rows × columns (axes ${axes.h}, ${axes.w})`,
    shape,
    axes,
    srcHeight: H,
    srcWidth: W,
    height,
    width,
    block,
    channels: C,
    maps: maps.buffer,
    maxAbs,
    channelRows: rows,
  };
}

/** The dump in the reference's shape, as diffTensors compared it. */
export function alignedDump(a: NdArray, b: NdArray, report: Pick<DiffReport, 'alignment'>): NdArray | undefined {
  const al = report.alignment;
  if (al.kind === 'incompatible') return undefined;
  if (al.kind === 'transpose') return alignTensor(a, b.shape, al);
  return reshape(a, b.shape);
}
