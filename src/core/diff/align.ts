// Line up two tensor shapes before an elementwise comparison: squeeze, transpose (NCHW↔NHWC), flat reshape.

import { formatShape, numel } from '../tensor/ndarray';
import type { Alignment, DiffLayout } from './types';

/** Axes of the non-size-1 dimensions of a shape. */
function bigAxes(shape: readonly number[]): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (d !== 1) out.push(i);
  });
  return out;
}

/** Name a 3-D/4-D permutation in layout words, e.g. [0,2,3,1] → "NCHW → NHWC". */
export function describePermutation(perm: readonly number[]): string | undefined {
  const key = perm.join(',');
  const names: Record<string, string> = {
    '0,2,3,1': 'NCHW → NHWC',
    '0,3,1,2': 'NHWC → NCHW',
    '0,2,1,3': 'NHWC with H and W swapped',
    '1,2,0': 'CHW → HWC',
    '2,0,1': 'HWC → CHW',
    '1,0,2': 'HWC with H and W swapped',
  };
  return names[key];
}

/**
 * Find a permutation of `a`'s axes giving `b`'s shape. Dimensions of equal size are matched in order (stable),
 * which is the natural NCHW↔NHWC reading when H equals W. Size-1 axes are matched to size-1 axes in order.
 */
export function findPermutation(aShape: readonly number[], bShape: readonly number[]): number[] | undefined {
  if (aShape.length !== bShape.length) return undefined;
  const used = new Array<boolean>(aShape.length).fill(false);
  const perm: number[] = [];
  for (const want of bShape) {
    let found = -1;
    for (let j = 0; j < aShape.length; j++) {
      if (!used[j] && aShape[j] === want) {
        found = j;
        break;
      }
    }
    if (found < 0) return undefined;
    used[found] = true;
    perm.push(found);
  }
  return perm;
}

/** Decide how `a` (the dump) lines up with `b` (the reference). */
export function alignShapes(aShape: readonly number[], bShape: readonly number[]): Alignment {
  const sa = formatShape(aShape);
  const sb = formatShape(bShape);
  if (aShape.length === bShape.length && aShape.every((d, i) => d === bShape[i])) {
    return { kind: 'same', comparedShape: [...bShape], message: `both tensors have shape ${sb}` };
  }
  const na = numel(aShape);
  const nb = numel(bShape);
  if (na !== nb) {
    return {
      kind: 'incompatible',
      message:
        `a has ${na} values ${sa} but b has ${nb} ${sb}; they cannot be compared element by element. ` +
        'Check that both dumps come from the same tensor (same input size and batch).',
    };
  }
  const aBig = bigAxes(aShape).map((i) => aShape[i]);
  const bBig = bigAxes(bShape).map((i) => bShape[i]);
  if (aBig.length === bBig.length && aBig.every((d, i) => d === bBig[i])) {
    return {
      kind: 'squeeze',
      comparedShape: [...bShape],
      message: `a ${sa} and b ${sb} differ only in size-1 (batch/squeezed) dimensions; compared as the same values`,
    };
  }
  // Transposition: same rank after padding with size-1 axes.
  if (aShape.length === bShape.length) {
    const perm = findPermutation(aShape, bShape);
    if (perm) {
      const named = describePermutation(perm);
      return {
        kind: 'transpose',
        comparedShape: [...bShape],
        permutation: perm,
        message: `a ${sa} is a transposition of b ${sb}${named ? ` (${named})` : ''}; compared after numpy.transpose(a, (${perm.join(', ')}))`,
      };
    }
  } else {
    const sqPerm = findPermutation(aBig, bBig);
    if (sqPerm) {
      return {
        kind: 'transpose',
        comparedShape: [...bShape],
        permutation: sqPerm,
        message:
          `a ${sa} is a transposition of b ${sb} after dropping size-1 dimensions; ` +
          `compared after squeezing a and transposing it with axes (${sqPerm.join(', ')})`,
      };
    }
  }
  return {
    kind: 'reshape',
    comparedShape: [...bShape],
    message: `a ${sa} and b ${sb} have the same number of values (${na}) but unrelated shapes; compared in flat C order`,
  };
}

/** Channel count, spatial size and ordering for a layout applied to a shape. */
export interface LayoutDims {
  name: DiffLayout;
  batch: number;
  height: number;
  width: number;
  channels: number;
  channelsLast: boolean;
}

/** Guess the layout of a shape: 4-D with a last dim of 1–4 → NHWC, with dim 1 of 1–4 → NCHW; 3-D likewise (HWC/CHW). */
export function guessLayout(shape: readonly number[]): DiffLayout | undefined {
  const small = (d: number): boolean => d >= 1 && d <= 4;
  if (shape.length === 4) {
    const [, d1, d2, d3] = shape;
    if (small(d3) && d1 >= 2 && d2 >= 2) return 'NHWC';
    if (small(d1) && d2 >= 2 && d3 >= 2) return 'NCHW';
  } else if (shape.length === 3) {
    const [d0, d1, d2] = shape;
    if (small(d2) && d0 >= 2 && d1 >= 2) return 'HWC';
    if (small(d0) && d1 >= 2 && d2 >= 2) return 'CHW';
  }
  return undefined;
}

/** Dimensions of `shape` under `layout`, or an error message when the rank does not fit. */
export function layoutDims(shape: readonly number[], layout: DiffLayout): LayoutDims | string {
  const rank = layout.length;
  if (shape.length !== rank) {
    return (
      `layout ${layout} needs a ${rank}-D tensor but the reference has shape ${formatShape(shape)}; ` +
      `compare them with the layout ${rank === 4 ? (layout === 'NHWC' ? 'HWC' : 'CHW') : layout === 'HWC' ? 'NHWC' : 'NCHW'} or none`
    );
  }
  const s = rank === 3 ? [1, ...shape] : [...shape];
  const channelsLast = layout === 'NHWC' || layout === 'HWC';
  return channelsLast
    ? { name: layout, batch: s[0], height: s[1], width: s[2], channels: s[3], channelsLast }
    : { name: layout, batch: s[0], channels: s[1], height: s[2], width: s[3], channelsLast };
}

/** Turn a flat C-order index into an N-D index of `shape`. */
export function unravelIndex(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  let rest = flat;
  for (let k = shape.length - 1; k >= 0; k--) {
    const d = shape[k];
    idx[k] = d === 0 ? 0 : rest % d;
    rest = d === 0 ? 0 : Math.floor(rest / d);
  }
  return idx;
}
