// The shape check shared by the structural rules and the Java array-shape rule: an explicit input tensor shape
// against the spec's size, channels and layout.

import { channelsOf } from '../spec/defaults';
import type { Analyzer } from './flow';
import type { Expr } from './ir';
import type { RawFinding } from './report';

function add(an: Analyzer, f: RawFinding): RawFinding {
  an.rep.add(f);
  return f;
}

/**
 * Checks an explicit input tensor shape (NHWC/NCHW, 3 or 4 dims) against the spec; `sizeOnly` leaves the layout to the
 * data-flow checks ('own-layout': and checks the size of a shape in the other layout). Returns the finding made, if any.
 */
export function checkShape(an: Analyzer, dims: number[], node: Expr, api: string, sizeOnly: boolean | 'own-layout' = false): RawFinding | undefined {
  const { width: W, height: H, layout, colorOrder } = an.spec.input;
  const C = channelsOf(colorOrder);
  const isCh = (x: number): boolean => x === 1 || x === 3 || x === 4;
  const d = dims.length === 3 ? [1, ...dims] : dims;
  if (d.length !== 4 || d.some((x) => !Number.isInteger(x) || x < 1)) return undefined;
  const last = isCh(d[3]) && !isCh(d[1]);
  const first = isCh(d[1]) && !isCh(d[3]);
  const got = last ? 'NHWC' : first ? 'NCHW' : layout;
  const shown = `[${dims.join(', ')}]`;
  // sizeOnly leaves the layout to the data-flow checks; 'own-layout' still reads the size of a shape in the other layout.
  if (got !== layout && sizeOnly === true) return undefined;
  if (got !== layout && !sizeOnly)
    return add(an, {
      rule: 'layout',
      at: node,
      specPath: 'input.layout',
      message: `${api} shape ${shown} is ${got} (channels ${got === 'NHWC' ? 'last' : 'first'}), but the spec's input.layout is ${layout}.`,
    });
  const [h, w, c] = got === 'NHWC' ? [d[1], d[2], d[3]] : [d[2], d[3], d[1]];
  if (Math.max(h, w) < 8) return undefined;
  if (h === W && w === H && W !== H) {
    return add(an, {
      rule: 'resize-size-order',
      at: node,
      specPath: 'input.height',
      message: `${api} shape ${shown} has height ${h} × width ${w}: swapped, since the spec's input.height × input.width is ${H} × ${W}.`,
    });
  }
  if (h !== H || w !== W || c !== C) {
    const what =
      c !== C && h === H && w === W
        ? `${c} channels, but the spec's colorOrder ${colorOrder} has ${C}`
        : `height ${h} × width ${w}, but the spec's input.height × input.width is ${H} × ${W}`;
    return add(an, {
      rule: 'tensor-shape',
      at: node,
      specPath: c !== C && h === H && w === W ? 'input.colorOrder' : 'input.height',
      message: `${api} shape ${shown} (${got}) has ${what}.`,
    });
  }
  return undefined;
}
