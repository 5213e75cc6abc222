// Where a difference sits (pixels, bounding box, channels), and the "local difference" hypothesis: everything
// matches except one compact region (a box or label drawn in place into a view of the input, a region overwritten).

import type { LayoutDims } from '../diff/align';
import { Frame, num } from './frame';
import type { Hypothesis } from './hypothesis';
import type { DifferenceLocation } from './types';

/** Pixel (batch × row × column position) and channel of flat element i in the reference frame. */
function pixelOf(d: LayoutDims, i: number): { pixel: number; channel: number } {
  const hw = d.height * d.width;
  if (d.channelsLast) return { pixel: Math.floor(i / d.channels), channel: i % d.channels };
  const n = Math.floor(i / (d.channels * hw));
  return { pixel: n * hw + (i % hw), channel: Math.floor(i / hw) % d.channels };
}

/** A value is "off" when it is outside tolerance (NaN/Inf included). */
function offMask(x: Float64Array, t: Float64Array, tol: Frame['tol']): Uint8Array {
  const m = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const dd = Math.abs(x[i] - t[i]);
    if (!(dd <= tol.atol + tol.rtol * Math.abs(t[i]))) m[i] = 1;
  }
  return m;
}

/** Where `x` differs from `target` beyond tolerance; undefined when it does not. */
export function locate(x: Float64Array, target: Float64Array, f: Frame): DifferenceLocation | undefined {
  const off = offMask(x, target, f.tol);
  let maxAbs = 0;
  let count = 0;
  for (let i = 0; i < off.length; i++) {
    if (!off[i]) continue;
    count++;
    const dd = Math.abs(x[i] - target[i]);
    if (dd > maxAbs && dd < Infinity) maxAbs = dd;
  }
  if (count === 0) return undefined;
  const d = f.dims;
  if (!d) return { pixels: count, share: count / f.n, maxAbs };
  const hw = d.height * d.width;
  const pixOff = new Uint8Array(d.batch * hw);
  const chans = new Set<number>();
  let top = Infinity,
    left = Infinity,
    bottom = -1,
    right = -1;
  for (let i = 0; i < off.length; i++) {
    if (!off[i]) continue;
    const { pixel, channel } = pixelOf(d, i);
    chans.add(channel);
    pixOff[pixel] = 1;
    const y = Math.floor((pixel % hw) / d.width);
    const xx = pixel % d.width;
    if (y < top) top = y;
    if (y > bottom) bottom = y;
    if (xx < left) left = xx;
    if (xx > right) right = xx;
  }
  let pixels = 0;
  for (let p = 0; p < pixOff.length; p++) pixels += pixOff[p];
  return {
    pixels,
    share: pixels / pixOff.length,
    box: { top, left, bottom, right },
    channels: [...chans].sort((a, b) => a - b),
    maxAbs,
  };
}

/** True when a location is one compact region: few pixels (≤ 25%) inside a box of at most half the image. */
export function isLocal(loc: DifferenceLocation, dims: LayoutDims | undefined): boolean {
  if (!dims || !loc.box) return false;
  const { top, left, bottom, right } = loc.box;
  const boxArea = (bottom - top + 1) * (right - left + 1);
  return loc.share <= 0.25 && boxArea <= 0.5 * dims.height * dims.width && loc.pixels >= 1;
}

/** A predicate for a location, e.g. "sits in rows 10–19, columns 4–30 (212 pixels, 2.1% of the pixels)". */
export function whereWords(loc: DifferenceLocation, dims: LayoutDims | undefined): string {
  const pct = `${num(100 * loc.share)}% of the ${dims ? 'pixels' : 'values'}`;
  if (loc.share >= 0.999) return `is everywhere (every ${dims ? 'pixel' : 'value'})`;
  if (!loc.box || !dims) return `is in ${loc.pixels} of the values (${pct.replace(/ of the values$/, '')})`;
  const { top, left, bottom, right } = loc.box;
  const whole = top === 0 && left === 0 && bottom === dims.height - 1 && right === dims.width - 1;
  const chans =
    loc.channels && loc.channels.length < dims.channels ? `, channel${loc.channels.length === 1 ? '' : 's'} ${loc.channels.join(' and ')} only` : '';
  if (whole) return `is spread over the whole image (${pct}${chans})`;
  return `sits in rows ${top}–${bottom}, columns ${left}–${right} (${loc.pixels} pixels, ${pct}${chans})`;
}

/** The dump with one compact differing region replaced by the target: applies only when the rest matches. */
export function localDifferenceHypothesis(f: Frame): Hypothesis | undefined {
  const d = f.dims;
  if (!d || d.height < 4 || d.width < 4) return undefined;
  return {
    id: 'local-difference',
    variant: 'one region differs, the rest matches',
    order: 10,
    fitted: true,
    apply: (x, t) => {
      // More than a quarter of the values off means more than a quarter of the pixels: not local (stop counting early).
      const limit = 0.25 * t.length;
      let off = 0;
      for (let i = 0; i < t.length; i++) {
        const dd = Math.abs(x[i] - t[i]);
        if (!(dd <= f.tol.atol + f.tol.rtol * Math.abs(t[i])) && ++off > limit) return undefined;
      }
      if (off === 0) return undefined;
      const loc = locate(x, t, f);
      if (!loc || !loc.box || !isLocal(loc, d)) return undefined;
      const { top, left, bottom, right } = loc.box;
      const out = Float64Array.from(x);
      const hw = d.height * d.width;
      for (let i = 0; i < out.length; i++) {
        const { pixel } = pixelOf(d, i);
        const y = Math.floor((pixel % hw) / d.width);
        const xx = pixel % d.width;
        if (y >= top && y <= bottom && xx >= left && xx <= right) out[i] = t[i];
      }
      return {
        values: out,
        details: { box: loc.box, pixels: loc.pixels, share: loc.share, channels: loc.channels, maxInside: loc.maxAbs },
      };
    },
  };
}
