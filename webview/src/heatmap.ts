// Colormaps and canvas painting shared by the tensor viewer and the diff panel: gray, viridis, diverging; NaN shows
// as magenta; a colour scale with its end values.

import * as l10n from '@vscode/l10n';
import { h } from './dom';

/** Colormaps the views offer. */
export type ColormapName = 'gray' | 'viridis' | 'diverging' | 'inferno';

/** Colour of NaN values. */
export const NAN_RGB: readonly [number, number, number] = [255, 0, 255];

const ANCHORS: Record<ColormapName, readonly (readonly [number, number, number])[]> = {
  gray: [
    [0, 0, 0],
    [255, 255, 255],
  ],
  // viridis at 0, 1/8, …, 1 (matplotlib)
  viridis: [
    [68, 1, 84],
    [71, 44, 122],
    [59, 81, 139],
    [44, 113, 142],
    [33, 144, 141],
    [39, 173, 129],
    [92, 200, 99],
    [170, 220, 50],
    [253, 231, 37],
  ],
  // blue–white–red, symmetric around the middle
  diverging: [
    [33, 102, 172],
    [103, 169, 207],
    [209, 229, 240],
    [247, 247, 247],
    [253, 219, 199],
    [239, 138, 98],
    [178, 24, 43],
  ],
  // inferno at 0, 1/8, …, 1 (matplotlib)
  inferno: [
    [0, 0, 4],
    [31, 12, 72],
    [85, 15, 109],
    [136, 34, 106],
    [186, 54, 85],
    [227, 89, 51],
    [249, 140, 10],
    [249, 201, 50],
    [252, 255, 164],
  ],
};

const luts = new Map<ColormapName, Uint8Array>();

/** A 256-entry RGB lookup table for a colormap. */
export function colormapLut(name: ColormapName): Uint8Array {
  const cached = luts.get(name);
  if (cached) return cached;
  const a = ANCHORS[name];
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (a.length - 1);
    const k = Math.min(a.length - 2, Math.floor(t));
    const f = t - k;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(a[k][c] + (a[k + 1][c] - a[k][c]) * f);
  }
  luts.set(name, lut);
  return lut;
}

/** The value range a colormap spans: diverging maps are symmetric around 0. */
export function colorRange(min: number, max: number, name: ColormapName): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (name === 'diverging') {
    const m = Math.max(Math.abs(min), Math.abs(max)) || 1;
    return [-m, m];
  }
  return min === max ? [min - 0.5, max + 0.5] : [min, max];
}

/** Paints values (height × width × channels, channels 1, 3 or 4) into a canvas of the same size. */
export function paintValues(
  canvas: HTMLCanvasElement,
  values: Float32Array,
  width: number,
  height: number,
  channels: number,
  lo: number,
  hi: number,
  cmap: ColormapName,
): void {
  canvas.width = Math.max(1, width);
  canvas.height = Math.max(1, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('The view could not get a 2D canvas context.');
  const img = ctx.createImageData(canvas.width, canvas.height);
  const px = img.data;
  const lut = colormapLut(cmap);
  const scale = hi > lo ? 1 / (hi - lo) : 0;
  const n = width * height;
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    px[o + 3] = 255;
    if (channels === 1) {
      const v = values[i];
      if (v !== v) {
        px[o] = NAN_RGB[0];
        px[o + 1] = NAN_RGB[1];
        px[o + 2] = NAN_RGB[2];
        continue;
      }
      const t = Math.max(0, Math.min(255, Math.round((v - lo) * scale * 255)));
      px[o] = lut[t * 3];
      px[o + 1] = lut[t * 3 + 1];
      px[o + 2] = lut[t * 3 + 2];
    } else {
      let nan = false;
      for (let c = 0; c < 3; c++) {
        const v = values[i * channels + c];
        if (v !== v) nan = true;
        px[o + c] = Math.max(0, Math.min(255, Math.round((v - lo) * scale * 255)));
      }
      if (nan) {
        px[o] = NAN_RGB[0];
        px[o + 1] = NAN_RGB[1];
        px[o + 2] = NAN_RGB[2];
      }
    }
  }
  ctx.putImageData(img, 0, 0);
}

/** A horizontal colour scale with the values at both ends (and the middle). */
export function colorbar(id: string, cmap: ColormapName, lo: number, hi: number, label: string): HTMLElement {
  const canvas = h('canvas', { class: 'tp-colorbar-canvas', width: 256, height: 1, 'aria-hidden': 'true' });
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const img = ctx.createImageData(256, 1);
    const lut = colormapLut(cmap);
    for (let i = 0; i < 256; i++) {
      img.data[i * 4] = lut[i * 3];
      img.data[i * 4 + 1] = lut[i * 3 + 1];
      img.data[i * 4 + 2] = lut[i * 3 + 2];
      img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }
  return h(
    'figure',
    { id, class: 'tp-colorbar', 'data-lo': lo, 'data-hi': hi, 'aria-label': l10n.t('{0}: colour scale from {1} to {2}', label, fmt(lo), fmt(hi)) },
    canvas,
    h('figcaption', { class: 'tp-colorbar-labels' }, h('span', {}, fmt(lo)), h('span', { class: 'tp-colorbar-label' }, label), h('span', {}, fmt(hi))),
  );
}

/** Compact number text: 4 significant digits, exponent form for very small/large values. */
export function fmt(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+inf' : '-inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : Number(v.toPrecision(4)).toExponential();
}

/** Count text with thousands separators. */
export function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG bar chart (one bar per count), labelled for screen readers; `titles` give each bar's tooltip. */
export function barChart(id: string, counts: readonly number[], titles: readonly string[], label: string, highlight?: (i: number) => boolean): SVGSVGElement {
  const w = 320;
  const hgt = 90;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('id', id);
  svg.setAttribute('class', 'tp-chart');
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  const max = Math.max(1, ...counts);
  const bw = w / Math.max(1, counts.length);
  counts.forEach((c, i) => {
    const bh = c > 0 ? Math.max(1, (Math.log1p(c) / Math.log1p(max)) * (hgt - 2)) : 0;
    const r = document.createElementNS(SVG, 'rect');
    r.setAttribute('x', String(i * bw + 0.5));
    r.setAttribute('y', String(hgt - bh));
    r.setAttribute('width', String(Math.max(0.5, bw - 1)));
    r.setAttribute('height', String(bh));
    r.setAttribute('class', highlight?.(i) ? 'tp-bar-hot' : 'tp-bar-normal');
    r.setAttribute('data-count', String(c));
    const t = document.createElementNS(SVG, 'title');
    t.textContent = titles[i] ?? String(c);
    r.appendChild(t);
    svg.appendChild(r);
  });
  return svg;
}

/** An SVG line plot of a min/max envelope (one vertical segment per bucket). */
export function envelopePlot(id: string, mins: Float64Array, maxs: Float64Array, label: string): SVGSVGElement {
  const w = 640;
  const hgt = 160;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('id', id);
  svg.setAttribute('class', 'tp-chart tp-line-plot');
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < mins.length; i++) {
    if (mins[i] < lo) lo = mins[i];
    if (maxs[i] > hi) hi = maxs[i];
  }
  if (!(lo <= hi)) return svg;
  const span = hi > lo ? hi - lo : 1;
  const y = (v: number): number => hgt - 4 - ((v - lo) / span) * (hgt - 8);
  const n = mins.length;
  let d = '';
  for (let i = 0; i < n; i++) {
    if (mins[i] !== mins[i]) continue;
    const x = n === 1 ? w / 2 : (i / (n - 1)) * (w - 2) + 1;
    d += `${d === '' ? 'M' : 'L'}${x.toFixed(1)} ${y((mins[i] + maxs[i]) / 2).toFixed(1)} `;
    if (maxs[i] > mins[i])
      d += `M${x.toFixed(1)} ${y(mins[i]).toFixed(1)} L${x.toFixed(1)} ${y(maxs[i]).toFixed(1)} M${x.toFixed(1)} ${y((mins[i] + maxs[i]) / 2).toFixed(1)} `;
  }
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d.trim());
  path.setAttribute('class', 'tp-line');
  svg.appendChild(path);
  return svg;
}
