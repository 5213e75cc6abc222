// Padding bands seen from the tensors alone: rows or columns at the dump's edges that hold one colour where the
// reference has picture. A letterbox or keep-aspect fit leaves them; without the image the fit cannot be re-run, so
// diagnose says what it sees and what would let it test the fit.

import type { LayoutDims } from '../diff/align';
import { num } from './frame';

/** Constant edge bands of the dump (thickness in pixels on each side) and the colour they hold. */
export interface PaddingBands {
  top: number;
  bottom: number;
  left: number;
  right: number;
  value: number[];
}

function at(x: Float64Array, d: LayoutDims, y: number, xx: number, c: number): number {
  return d.channelsLast ? x[(y * d.width + xx) * d.channels + c] : x[(c * d.height + y) * d.width + xx];
}

function constantLine(x: Float64Array, d: LayoutDims, value: number[], row: boolean, i: number): boolean {
  const len = row ? d.width : d.height;
  for (let j = 0; j < len; j++) {
    for (let c = 0; c < d.channels; c++) {
      const v = row ? at(x, d, i, j, c) : at(x, d, j, i, c);
      if (v !== value[c]) return false;
    }
  }
  return true;
}

function bandWidth(x: Float64Array, d: LayoutDims, value: number[], row: boolean, from: number, step: number, max: number): number {
  let k = 0;
  while (k < max && constantLine(x, d, value, row, from + step * k)) k++;
  return k;
}

/** The dump's constant edge bands where the reference is not constant (first image of the batch); undefined when there are none. */
export function paddingBands(dump: Float64Array, ref: Float64Array, d: LayoutDims): PaddingBands | undefined {
  const { height: H, width: W } = d;
  if (H < 4 || W < 4 || dump.length < H * W * d.channels || ref.length < H * W * d.channels) return undefined;
  const corner = Array.from({ length: d.channels }, (_, c) => at(dump, d, 0, 0, c));
  const far = Array.from({ length: d.channels }, (_, c) => at(dump, d, H - 1, W - 1, c));
  const bands = (value: number[]): PaddingBands => ({
    top: bandWidth(dump, d, value, true, 0, 1, H >> 1),
    bottom: bandWidth(dump, d, value, true, H - 1, -1, H >> 1),
    left: bandWidth(dump, d, value, false, 0, 1, W >> 1),
    right: bandWidth(dump, d, value, false, W - 1, -1, W >> 1),
    value,
  });
  for (const value of [corner, far]) {
    const b = bands(value);
    if (b.top + b.bottom + b.left + b.right === 0) continue;
    // The reference must have picture there: some line of the band that is not constant in the reference.
    const refLines: [boolean, number][] = [];
    for (let i = 0; i < b.top; i++) refLines.push([true, i]);
    for (let i = 0; i < b.bottom; i++) refLines.push([true, H - 1 - i]);
    for (let i = 0; i < b.left; i++) refLines.push([false, i]);
    for (let i = 0; i < b.right; i++) refLines.push([false, W - 1 - i]);
    const refHasPicture = refLines.some(([row, i]) => {
      const first = Array.from({ length: d.channels }, (_, c) => (row ? at(ref, d, i, 0, c) : at(ref, d, 0, i, c)));
      return !constantLine(ref, d, first, row, i);
    });
    if (refHasPicture) return b;
  }
  return undefined;
}

/** The note for padding bands, in the user's terms. */
export function bandsNote(b: PaddingBands, d: LayoutDims): string {
  const parts: string[] = [];
  const span = (a: number, z: number): string => (a === z ? `${a}` : `${a}–${z}`);
  if (b.top > 0) parts.push(`rows ${span(0, b.top - 1)}`);
  if (b.bottom > 0) parts.push(`rows ${span(d.height - b.bottom, d.height - 1)}`);
  if (b.left > 0) parts.push(`columns ${span(0, b.left - 1)}`);
  if (b.right > 0) parts.push(`columns ${span(d.width - b.right, d.width - 1)}`);
  return (
    `the dump has bands of one colour at its edges (${parts.join(', ')}; every value [${b.value.map(num).join(', ')}]) where the reference has picture: ` +
    `padding, as a letterbox or keep-aspect fit leaves it (or the border fill of a warp or rotation). With the image and the spec, the fit would be tested.`
  );
}
