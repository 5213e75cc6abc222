// TensorFlow C++ graph builders (label_image style): DecodeJpeg → Cast → ExpandDims → ResizeBilinear → Sub → Div,
// built with `tensorflow::ops` and run by a session. The ops are followed like the OpenCV calls; the arithmetic op
// named as the graph's output (scope.WithOpName(...)) is where the input tensor is complete.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { arg, cvOf, pixelSource, through } from './libs-common';
import { checkResize } from './rules-resize';
import { nums } from './values';

const OPS =
  /^(?:tensorflow\.)?(?:ops\.)?(DecodeJpeg|DecodePng|DecodeBmp|DecodeImage|Cast|ExpandDims|ResizeBilinear|ResizeNearestNeighbor|ResizeBicubic|ResizeArea|Sub|Subtract|Div|Mul|Multiply|Add|AddV2)$/;

/** The op name of a graph-builder call (ops::Div, tensorflow::ops::ResizeBilinear, or bare under `using namespace`). */
function opName(c: CallCtx): string | undefined {
  const n = c.name;
  if (!n || c.method !== undefined) return undefined;
  const m = OPS.exec(n);
  if (!m) return undefined;
  // A bare name is the graph op only when the file builds TF graphs (a Scope, or tensorflow::ops in use).
  if (!n.includes('.') && !c.an.info.usings.some((u) => /^(tensorflow(\.ops)?|ops)$/.test(u)) && !/\bops::|tensorflow::ops/.test(c.an.src)) return undefined;
  // The first argument of a graph op is its Scope.
  return c.argExprs.length >= 2 ? m[1] : undefined;
}

/** Handles a TF C++ graph op; UNHANDLED when the call is not one. */
export function tfGraphCall(c: CallCtx): Val | typeof UNHANDLED {
  const op = opName(c);
  if (!op) return UNHANDLED;
  switch (op) {
    case 'DecodeJpeg':
    case 'DecodePng':
    case 'DecodeBmp':
    case 'DecodeImage':
      return pixelSource(c, `ops::${op}`, { kind: 'tensor', color: 'RGB' });
    case 'Cast': {
      const t = c.an.text(c.argExprs[2]?.v ?? c.node);
      return through(c, 1, ...(/DT_FLOAT|float/.test(t) ? [{ t: 'cast' as const, dtype: 'float32' as const, node: c.node }] : []));
    }
    case 'ExpandDims':
      return through(c, 1);
    case 'ResizeBilinear':
    case 'ResizeNearestNeighbor':
    case 'ResizeBicubic':
    case 'ResizeArea': {
      const size = arg(c, 2);
      // Const(scope, {h, w}) or a braced {h, w}.
      const sizeE = size?.e.k === 'call' && size.e.a.length >= 2 ? size.e.a[1].v : size?.e;
      const hw = sizeE ? nums(c.an.info.evalConst(sizeE, c.fr.scope)) : undefined;
      const method = op === 'ResizeBilinear' ? 'bilinear' : op === 'ResizeNearestNeighbor' ? 'nearest' : op === 'ResizeBicubic' ? 'bicubic' : 'area';
      checkResize(
        {
          node: c.node,
          api: `ops::${op}`,
          lib: 'tf',
          size: hw && hw.length === 2 && sizeE ? { w: hw[1], h: hw[0], order: 'hw', node: sizeE } : undefined,
          method: { name: method, shown: `${method} (ops::${op})`, isDefault: false },
        },
        c.an.spec,
        c.an.rep,
      );
      return through(c, 1, { t: 'resize', node: c.node }, { t: 'cast', dtype: 'float32', node: c.node });
    }
    default: {
      const sym = op === 'Sub' || op === 'Subtract' ? '-' : op === 'Div' ? '/' : op === 'Mul' || op === 'Multiply' ? '*' : '+';
      const l = c.argExprs[1]?.v;
      const r = c.argExprs[2]?.v;
      if (!l || !r) return undefined;
      const rv = c.args[2];
      // {input_mean} is a one-element initializer list: the scalar.
      const rs = r.k === 'seq' && r.items.length === 1 ? r.items[0] : r;
      const v = c.an.binary({ k: 'bin', op: sym, l, r: rs, sp: c.node.sp }, c.args[1], rs === r ? rv : c.an.eval(rs, c.fr), c.fr);
      const scope = c.argExprs[0]?.v;
      if (scope?.k === 'call' && scope.f.k === 'attr' && scope.f.n === 'WithOpName' && cvOf(c.args[0]) === undefined) {
        c.an.terminal(v, 'sink', c.node, `the graph output ops::${op}`, c.fr);
        return undefined;
      }
      return v;
    }
  }
}
