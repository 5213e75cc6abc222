// Comparing two segmentation masks for the result panel: which pixels disagree, how many, and between which classes.
// Pure (no DOM), so the unit tests run it in Node.

import * as l10n from '@vscode/l10n';
import { packRgba, Rgba } from './overlay';

/** A label mask: one class index per pixel, row-major. */
export interface LabelMask {
  labels: Uint8Array;
  width: number;
  height: number;
}

/** How often the current mask says `now` where the previous one said `was`. */
export interface ClassChange {
  now: number;
  was: number;
  count: number;
}

/** The result of comparing two masks on the current mask's grid. */
export interface Disagreement {
  /** 1 where the masks disagree, 0 where they agree; current.width × current.height bytes. */
  different: Uint8Array;
  width: number;
  height: number;
  count: number;
  /** count / number of pixels (0 for an empty mask). */
  fraction: number;
  /** Class changes, most frequent first. */
  changes: ClassChange[];
  /** True when the previous mask had another size and was resampled (nearest neighbour) onto the current grid. */
  resampled: boolean;
}

/**
 * Labels of `mask` resampled by nearest neighbour onto a width × height grid (pixel centres aligned, as a
 * stretch resize does); the same array when the size already matches.
 */
export function resampleLabels(mask: LabelMask, width: number, height: number): Uint8Array {
  if (mask.labels.length !== mask.width * mask.height) {
    throw new Error(`Mask has ${mask.labels.length} labels, expected ${mask.width}×${mask.height}.`);
  }
  if (mask.width === width && mask.height === height) return mask.labels;
  const out = new Uint8Array(width * height);
  if (mask.width === 0 || mask.height === 0) return out;
  const xs = new Int32Array(width);
  for (let x = 0; x < width; x++) xs[x] = Math.min(mask.width - 1, Math.floor(((x + 0.5) * mask.width) / width));
  for (let y = 0; y < height; y++) {
    const sy = Math.min(mask.height - 1, Math.floor(((y + 0.5) * mask.height) / height));
    const row = sy * mask.width;
    const o = y * width;
    for (let x = 0; x < width; x++) out[o + x] = mask.labels[row + xs[x]];
  }
  return out;
}

/** Compares `current` with `previous` pixel by pixel on the current mask's grid. */
export function compareMasks(current: LabelMask, previous: LabelMask): Disagreement {
  const n = current.width * current.height;
  if (current.labels.length !== n) throw new Error(`Mask has ${current.labels.length} labels, expected ${current.width}×${current.height}.`);
  const prev = resampleLabels(previous, current.width, current.height);
  const different = new Uint8Array(n);
  const pairCounts = new Map<number, number>();
  let count = 0;
  for (let p = 0; p < n; p++) {
    const a = current.labels[p];
    const b = prev[p];
    if (a !== b) {
      different[p] = 1;
      count++;
      const key = a * 256 + b;
      pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
    }
  }
  const changes = [...pairCounts.entries()]
    .map(([key, c]) => ({ now: key >> 8, was: key & 255, count: c }))
    .sort((x, y) => y.count - x.count || x.now - y.now || x.was - y.was);
  const resampled = previous.width !== current.width || previous.height !== current.height;
  return { different, width: current.width, height: current.height, count, fraction: n ? count / n : 0, changes, resampled };
}

/** The highlight colour of disagreeing pixels (magenta: distinct from the usual class colours and from viridis). */
export const DISAGREEMENT_COLOR: Rgba = [255, 0, 255, 230];

/** RGBA pixels: `color` where the masks disagree, transparent where they agree. */
export function disagreementRgba(different: Uint8Array, color: Rgba = DISAGREEMENT_COLOR): Uint8ClampedArray {
  const out = new Uint8ClampedArray(different.length * 4);
  const words = new Uint32Array(out.buffer);
  const c = packRgba(color);
  for (let p = 0; p < different.length; p++) if (different[p]) words[p] = c;
  return out;
}

/** One line about a comparison, e.g. "The masks disagree on 3.2% of pixels (2,104 of 65,536)." */
export function describeDisagreement(d: Disagreement, labelOf: (i: number) => string): string {
  const total = d.width * d.height;
  if (d.count === 0) return l10n.t('The masks agree on every pixel ({0}).', total.toLocaleString('en-US'));
  const pct = d.fraction * 100;
  const pctText = pct > 0 && pct < 0.01 ? '<0.01%' : `${pct.toFixed(pct < 1 ? 2 : 1)}%`;
  const top = d.changes.slice(0, 2).map((c) => l10n.t('{0} now {1}, was {2}', c.count.toLocaleString('en-US'), labelOf(c.now), labelOf(c.was)));
  return l10n.t(
    'The masks disagree on {0} of pixels ({1} of {2}): {3}.',
    pctText,
    d.count.toLocaleString('en-US'),
    total.toLocaleString('en-US'),
    top.join('; '),
  );
}
