// The hover readout of the result panel: which image pixel and model-output pixel the pointer is over, and what
// the image and the model say there. Pure (no DOM), so the unit tests run it in Node.

import * as l10n from '@vscode/l10n';
import type { MaskRegion } from '../../src/protocol';
import { classProbability } from './overlay-heatmap';

/** How the displayed image and the model output line up. */
export interface ProbeGeometry {
  imageWidth: number;
  imageHeight: number;
  maskWidth: number;
  maskHeight: number;
  /** Where the image sits in the mask (letterbox/keep-aspect); absent = the image covers the whole mask. */
  region?: MaskRegion;
}

/** The region of the mask that the image covers (the whole mask when none is given). */
export function maskRegionOf(g: ProbeGeometry): MaskRegion {
  return g.region ?? { left: 0, top: 0, width: g.maskWidth, height: g.maskHeight };
}

/** The model-output pixel under image pixel (ix, iy), or undefined when it falls outside the mask. */
export function imageToMask(g: ProbeGeometry, ix: number, iy: number): { x: number; y: number } | undefined {
  if (ix < 0 || iy < 0 || ix >= g.imageWidth || iy >= g.imageHeight) return undefined;
  const r = maskRegionOf(g);
  const x = Math.floor(r.left + ((ix + 0.5) / g.imageWidth) * r.width);
  const y = Math.floor(r.top + ((iy + 0.5) / g.imageHeight) * r.height);
  if (x < 0 || y < 0 || x >= g.maskWidth || y >= g.maskHeight) return undefined;
  return { x, y };
}

/** What the readout shows for one position. */
export interface ProbeReadout {
  image: { x: number; y: number };
  /** The displayed image's colour there (absent when there is no image). */
  rgb?: [number, number, number];
  /** The model-output pixel (absent outside the mask, e.g. in letterbox padding). */
  mask?: { x: number; y: number };
  label?: number;
  className?: string;
  /** Probability of the pixel's class. */
  probability?: number;
  /** The probability vector at the pixel (1 value for a binary output). */
  values: number[];
  /** The raw output vector before the activation, when it differs from `values`. */
  raw?: number[];
}

/** The data a probe reads from. */
export interface ProbeSource {
  geometry: ProbeGeometry;
  /** Interleaved display image pixels and their channel count (3 or 4), if there is an image. */
  image?: { pixels: Uint8Array; channels: number };
  labels: Uint8Array;
  probabilities: Float32Array;
  probabilityChannels: number;
  rawValues?: Float32Array;
  classNames: readonly string[];
}

/** Reads everything the hover readout shows at image pixel (ix, iy); undefined outside the image. */
export function probe(src: ProbeSource, ix: number, iy: number): ProbeReadout | undefined {
  const g = src.geometry;
  const x = Math.floor(ix);
  const y = Math.floor(iy);
  if (x < 0 || y < 0 || x >= g.imageWidth || y >= g.imageHeight) return undefined;
  const out: ProbeReadout = { image: { x, y }, values: [] };
  if (src.image) {
    const o = (y * g.imageWidth + x) * src.image.channels;
    out.rgb = [src.image.pixels[o], src.image.pixels[o + 1], src.image.pixels[o + 2]];
  }
  const m = imageToMask(g, x, y);
  if (!m) return out;
  out.mask = m;
  const p = m.y * g.maskWidth + m.x;
  const label = src.labels[p];
  out.label = label;
  out.className = src.classNames[label] ?? `class ${label}`;
  const c = src.probabilityChannels;
  if (c > 0 && src.probabilities.length >= (p + 1) * c) {
    out.values = Array.from(src.probabilities.subarray(p * c, (p + 1) * c));
    const probability = classProbability(src.probabilities, c, label, p);
    if (probability !== undefined) out.probability = probability;
    if (src.rawValues && src.rawValues.length === src.probabilities.length) out.raw = Array.from(src.rawValues.subarray(p * c, (p + 1) * c));
  }
  return out;
}

/** A number for the readout: 4 significant digits, no exponent for everyday magnitudes. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '−Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(+v.toPrecision(4)) : v.toExponential(3);
}

function vector(values: readonly number[], max = 6): string {
  const shown = values.slice(0, max).map(formatValue).join(', ');
  return values.length > max ? l10n.t('[{0}, … {1} more]', shown, values.length - max) : `[${shown}]`;
}

/** The readout as labelled rows (term, value) for a description list. */
export function probeRows(r: ProbeReadout): [string, string][] {
  const rows: [string, string][] = [[l10n.t('Image pixel'), `(${r.image.x}, ${r.image.y})`]];
  if (r.rgb) rows.push(['RGB', `(${r.rgb.join(', ')})`]);
  if (!r.mask) {
    rows.push([l10n.t('Output pixel'), l10n.t('outside the model output (padding)')]);
    return rows;
  }
  rows.push([l10n.t('Output pixel'), `(${r.mask.x}, ${r.mask.y})`]);
  rows.push([l10n.t('Class'), r.probability === undefined ? `${r.className}` : `${r.className} (p = ${r.probability.toFixed(3)})`]);
  if (r.values.length) rows.push([r.values.length === 1 ? l10n.t('Output value') : l10n.t('Probabilities'), vector(r.values)]);
  if (r.raw) rows.push([l10n.t('Raw output'), vector(r.raw)]);
  return rows;
}
