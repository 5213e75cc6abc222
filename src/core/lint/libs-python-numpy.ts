// Python library semantics: numpy functions on image values (the rest of numpy, OpenCV and PIL are in libs-python.ts).

import { type Analyzer } from './flow';
import { UNHANDLED, type CallCtx, type Frame, type Val } from './flow-api';
import { applyOp, type DType } from './flow-types';
import { arg, cvOf, flowOf, fv, layoutFromPerm, npDtype, through } from './libs-common';
import { stackChannels } from './libs-python-channels';
import { checkShape } from './rules-shape';
import { nums } from './values';

/** numpy functions (`np.array`, `np.transpose`, `np.expand_dims`, ...) on image values. */
export function npCall(c: CallCtx, an: Analyzer, fr: Frame, fn: string): Val | typeof UNHANDLED {
  if (/^(stack|concatenate|array|asarray|dstack|vstack)$/.test(fn)) {
    const stacked = stackChannels(c, fn);
    if (stacked) return stacked;
  }
  switch (fn) {
    case 'array':
    case 'asarray':
    case 'asanyarray':
    case 'ascontiguousarray':
    case 'copy': {
      const src = arg(c, 0);
      const f = flowOf(src?.v);
      if (!f) return UNHANDLED;
      let out = applyOp(f, { t: 'kind', kind: 'ndarray' });
      const dt = npDtype(arg(c, 1, 'dtype')?.v);
      if (dt) out = applyOp(out, { t: 'cast', dtype: dt, node: c.node });
      return fv(out);
    }
    case 'float32':
    case 'float64':
    case 'uint8':
    case 'float16':
      return through(c, 0, { t: 'cast', dtype: fn === 'uint8' ? 'uint8' : (fn as DType), node: c.node });
    case 'reshape': {
      const shape = arg(c, 1, 'newshape') ?? arg(c, 1, 'shape');
      const dims = nums(cvOf(shape?.v));
      if (dims?.length === 4 && shape && flowOf(arg(c, 0)?.v)) checkShape(an, dims, shape.e, 'np.reshape', true);
      return through(c, 0);
    }
    case 'expand_dims':
    case 'squeeze':
    case 'clip':
    case 'stack':
    case 'concatenate':
    case 'vstack':
    case 'ascontiguous':
      return through(c, 0);
    case 'transpose': {
      const axes = nums(cvOf(arg(c, 1, 'axes')?.v));
      const lay = axes ? layoutFromPerm(axes) : undefined;
      return lay
        ? through(c, 0, { t: 'layout', to: lay, node: c.node, desc: `np.transpose(…, (${axes!.join(', ')}))` })
        : through(c, 0, { t: 'nonaffine', node: c.node });
    }
    case 'moveaxis':
    case 'rollaxis': {
      const s = nums(cvOf(arg(c, 1)?.v))?.[0];
      const d = nums(cvOf(arg(c, 2)?.v))?.[0] ?? 0;
      const toFront = (s === -1 || s === 2 || s === 3) && (d === 0 || d === 1);
      const toBack = (s === 0 || s === 1) && (d === -1 || d === 2 || d === 3);
      const lay = toFront ? 'CHW' : toBack ? 'HWC' : undefined;
      return lay ? through(c, 0, { t: 'layout', to: lay, node: c.node, desc: `np.${fn}(…, ${s}, ${d})` }) : through(c, 0);
    }
    case 'flip': {
      const axis = nums(cvOf(arg(c, 1, 'axis')?.v))?.[0];
      return axis === -1 || axis === 2 ? through(c, 0, { t: 'swap', node: c.node, why: 'np.flip' }) : through(c, 0);
    }
    case 'divide':
    case 'true_divide':
    case 'subtract':
    case 'multiply':
    case 'add': {
      const op = { divide: '/', true_divide: '/', subtract: '-', multiply: '*', add: '+' }[fn];
      const [a, b] = [arg(c, 0), arg(c, 1)];
      if (!a || !b) return UNHANDLED;
      return an.binary({ k: 'bin', op, l: a.e, r: b.e, sp: c.node.sp }, a.v, b.v, fr);
    }
    case 'zeros':
    case 'ones':
    case 'empty':
    case 'mean':
    case 'std':
    case 'max':
    case 'min':
    case 'argmax':
    case 'save':
    case 'load':
      return undefined;
    default:
      return UNHANDLED;
  }
}
