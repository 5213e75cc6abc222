// Which axes of a tensor the viewer shows as rows, columns and channels, for a layout choice. Pure and DOM-free:
// the host uses it for the first view it sends, the webview for every view the user picks.

import type { TensorSliceRequest } from './tensor';

/** How the viewer reads an image-like tensor's trailing axes. */
export type ViewLayout = 'NHWC' | 'NCHW';

/** The axes of the displayed plane; `channelAxis` is -1 when the tensor has no channel axis in this layout. */
export interface PlaneAxes {
  rowAxis: number;
  colAxis: number;
  channelAxis: number;
}

/** The plane axes of `shape` read as `layout` (rank 2: rows × columns; rank 3: HWC/CHW; rank ≥ 4: the last four axes). */
export function planeAxes(shape: readonly number[], layout: ViewLayout): PlaneAxes | undefined {
  const r = shape.length;
  if (r < 2) return undefined;
  if (r === 2) return { rowAxis: 0, colAxis: 1, channelAxis: -1 };
  if (r === 3) return layout === 'NHWC' ? { rowAxis: 0, colAxis: 1, channelAxis: 2 } : { rowAxis: 1, colAxis: 2, channelAxis: 0 };
  return layout === 'NHWC' ? { rowAxis: r - 3, colAxis: r - 2, channelAxis: r - 1 } : { rowAxis: r - 2, colAxis: r - 1, channelAxis: r - 3 };
}

/** The layout a shape most likely has: channels-first when the channel-first axis is small (1–4) and the last is not. */
export function guessViewLayout(shape: readonly number[]): ViewLayout {
  const r = shape.length;
  if (r < 3) return 'NHWC';
  const last = shape[r - 1];
  const first = shape[r === 3 ? 0 : r - 3];
  const small = (d: number): boolean => d >= 1 && d <= 4;
  return small(first) && !small(last) ? 'NCHW' : 'NHWC';
}

/** The view the viewer opens with: guessed layout, first index everywhere, colour when the channel axis has 3 or 4 entries. */
export function defaultSliceRequest(member: string, shape: readonly number[], layout: ViewLayout = guessViewLayout(shape)): TensorSliceRequest | undefined {
  const axes = planeAxes(shape, layout);
  if (!axes) return undefined;
  const c = axes.channelAxis;
  const rgb = c >= 0 && (shape[c] === 3 || shape[c] === 4) ? c : -1;
  return { member, rowAxis: axes.rowAxis, colAxis: axes.colAxis, rgbAxis: rgb, fixed: shape.map(() => 0) };
}

/** A readable reason why `req` does not fit `shape`, or undefined when it does. */
export function checkSliceRequest(req: TensorSliceRequest, shape: readonly number[]): string | undefined {
  const r = shape.length;
  if (r < 2) return `a rank-${r} tensor has no 2-D slices`;
  const { rowAxis, colAxis, rgbAxis } = req;
  if (rowAxis >= r || colAxis >= r || rowAxis === colAxis) return `axes ${rowAxis} and ${colAxis} are not two different axes of a rank-${r} tensor`;
  if (rgbAxis >= r || rgbAxis === rowAxis || rgbAxis === colAxis) return `axis ${rgbAxis} cannot be the colour axis`;
  if (rgbAxis >= 0 && shape[rgbAxis] !== 3 && shape[rgbAxis] !== 4) return `axis ${rgbAxis} has ${shape[rgbAxis]} entries; colour needs 3 or 4`;
  if (req.fixed.length !== r) return `${req.fixed.length} indices given for a rank-${r} tensor`;
  for (let k = 0; k < r; k++) {
    if (k === rowAxis || k === colAxis || k === rgbAxis) continue;
    if (req.fixed[k] >= Math.max(1, shape[k])) return `index ${req.fixed[k]} is outside axis ${k} (size ${shape[k]})`;
  }
  return undefined;
}
