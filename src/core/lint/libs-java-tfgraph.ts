// TensorFlow Java graph builders: the legacy label_image `GraphBuilder` (b.decodeJpeg → b.cast → b.expandDims →
// b.resizeBilinear → b.sub → b.div, with b.constant("size", new int[] {H, W})) and the tensorflow-java ops API
// (tf.image.decodeJpeg, tf.dtypes.cast, tf.expandDims, tf.image.resizeBilinear, tf.math.sub/div, tf.constant).
// The ops are followed like the C++ ones; the graph's value is complete where it is fetched (runner().fetch(out)),
// turned into a tensor (out.asTensor(), out.tensor()) or returned.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import type { Expr } from './ir';
import { arg, flowOf, fv, pixelSource, through } from './libs-common';
import { checkResize } from './rules-resize';
import { nums, type CV } from './values';
import { tag } from './memo';

const OPS =
  /^(decodeJpeg|decodePng|decodeBmp|decodeImage|cast|expandDims|resizeBilinear|resizeNearestNeighbor|resizeBicubic|resizeArea|sub|div|mul|add|addV2|realDiv|constant|val)$/;

/** True when the file builds TensorFlow graphs from Java (it imports org.tensorflow, or has a GraphBuilder). */
function buildsGraphs(c: CallCtx): boolean {
  const info = c.an.info;
  for (const full of info.imports.values()) if (full.startsWith('org.tensorflow') && !full.startsWith('org.tensorflow.lite')) return true;
  return /\bclass\s+GraphBuilder\b|\bOps\.create\s*\(/.test(c.an.src);
}

/** The op a call names (`b.resizeBilinear`, `tf.image.resizeBilinear`, `tf.math.div`), or undefined. */
function opName(c: CallCtx): string | undefined {
  const n = c.method ?? c.name?.replace(/^.*\./, '');
  if (!n || !OPS.test(n)) return undefined;
  // A call on an image value (img.div(...)) is not a builder method; the builder is a name or tf.image/tf.math/….
  if (flowOf(c.recv)) return undefined;
  const callee = c.node.f;
  if (callee.k !== 'attr') return undefined;
  return buildsGraphs(c) ? n : undefined;
}

/** The constant a `b.constant("name", value)` / `tf.constant(value)` / `tf.val(value)` holds, with its expression. */
function constantOf(c: CallCtx): { v: CV; e: Expr } | undefined {
  const n = c.argExprs.length;
  if (n === 0) return undefined;
  const first = c.args[0];
  const named = first?.k === 'cv' && first.v.t === 'str' && n >= 2;
  if (named || n === 1) {
    const i = named ? 1 : 0;
    const v = c.args[i];
    return v?.k === 'cv' ? { v: v.v, e: c.argExprs[i].v } : undefined;
  }
  // tf.constant(H, W): the numbers themselves.
  const items: CV[] = [];
  for (const a of c.args) {
    if (a?.k !== 'cv' || a.v.t !== 'num') return undefined;
    items.push(a.v);
  }
  const e0 = c.argExprs[0].v;
  const e1 = c.argExprs[n - 1].v;
  return {
    v: { t: 'seq', items, dt: items.every((x) => x.t === 'num' && x.dt === 'int') ? 'int' : 'f32' },
    e: { k: 'other', kids: [], sp: { ch: e0.sp.ch, s: e0.sp.s, e: e1.sp.e + (e1.sp.ch.base - e0.sp.ch.base) } },
  };
}

const SIZE_CONSTANTS = tag<Expr, Expr>('size constants');

function resize(c: CallCtx, op: string): Val {
  const size = arg(c, 1);
  const sizeE = size ? (SIZE_CONSTANTS.get(size.e) ?? size.e) : undefined;
  const hw = size?.v?.k === 'cv' ? nums(size.v.v) : undefined;
  const method = op === 'resizeBilinear' ? 'bilinear' : op === 'resizeNearestNeighbor' ? 'nearest' : op === 'resizeBicubic' ? 'bicubic' : 'area';
  const callee = c.an.text(c.node.f);
  const shown = /^[\w.]+$/.test(callee) ? callee : op;
  checkResize(
    {
      node: c.node,
      api: shown,
      lib: 'tf',
      size: hw && hw.length === 2 && sizeE ? { w: hw[1], h: hw[0], order: 'hw', node: sizeE } : undefined,
      method: { name: method, shown: `${method} (${shown})`, isDefault: false },
    },
    c.an.spec,
    c.an.rep,
  );
  return through(c, 0, { t: 'resize', node: c.node }, { t: 'cast', dtype: 'float32', node: c.node });
}

/** Handles a TensorFlow Java graph op; UNHANDLED when the call is not one. */
export function javaTfGraphCall(c: CallCtx): Val | typeof UNHANDLED {
  const op = opName(c);
  if (!op) return UNHANDLED;
  switch (op) {
    case 'decodeJpeg':
    case 'decodePng':
    case 'decodeBmp':
    case 'decodeImage': {
      // channels 1 (DecodeJpeg.channels(1L) or b.decodeJpeg(input, 1)) gives grayscale.
      const ch = c.argExprs.slice(1).map((a) => c.an.text(a.v));
      const gray = ch.some((t) => /^(DecodeJpeg\.|DecodePng\.|DecodeImage\.)?channels\(\s*1L?\s*\)$|^1L?$/.test(t.replace(/^.*?\.(?=channels)/, '')));
      return pixelSource(c, `${c.an.text(c.node.f)}`, { kind: 'tensor', color: gray ? 'GRAY' : 'RGB' });
    }
    case 'cast': {
      const t = c.argExprs[1] ? c.an.text(c.argExprs[1].v) : '';
      const float = /Float|FLOAT/.test(t);
      return through(
        c,
        0,
        ...(float ? [{ t: 'cast' as const, dtype: /64|Double|DOUBLE/.test(t) ? ('float64' as const) : ('float32' as const), node: c.node }] : []),
      );
    }
    case 'expandDims':
      return through(c, 0);
    case 'resizeBilinear':
    case 'resizeNearestNeighbor':
    case 'resizeBicubic':
    case 'resizeArea':
      return resize(c, op);
    case 'constant':
    case 'val': {
      const k = constantOf(c);
      if (!k) return undefined;
      SIZE_CONSTANTS.set(c.node, k.e);
      return { k: 'cv', v: k.v };
    }
    default: {
      const sym = op === 'sub' ? '-' : op === 'div' || op === 'realDiv' ? '/' : op === 'mul' ? '*' : '+';
      const [x, y] = [arg(c, 0), arg(c, 1)];
      // list.add(image) is no graph op: the ops take two operands.
      if (!x || !y || c.argExprs.length !== 2) return UNHANDLED;
      if (!flowOf(x.v) && !flowOf(y.v)) return UNHANDLED;
      const r = y.e.k === 'call' ? (SIZE_CONSTANTS.get(y.e) ?? y.e) : y.e;
      return c.an.binary({ k: 'bin', op: sym, l: x.e, r, sp: c.node.sp }, x.v, y.v, c.fr);
    }
  }
}

/** Methods on a graph value that keep it (`out.op()`, `out.asOutput()`) or complete it as the model's input. */
export function javaTfGraphMethod(c: CallCtx): Val | typeof UNHANDLED {
  const f = flowOf(c.recv);
  if (c.method === 'fetch' && !f) {
    const x = arg(c, 0);
    if (x && flowOf(x.v)?.kind === 'tensor') {
      c.an.terminal(x.v, 'sink', c.node, 'the fetched graph output', c.fr);
      return undefined;
    }
    return UNHANDLED;
  }
  if (!f || f.kind !== 'tensor' || !f.origin.desc.includes('decode')) return UNHANDLED;
  switch (c.method) {
    case 'op':
    case 'name':
    case 'asOutput':
    case 'output':
      return fv(f);
    case 'tensor':
    case 'asTensor':
      c.an.terminal(c.recv, 'sink', c.node, 'the graph output tensor', c.fr);
      return undefined;
    default:
      return UNHANDLED;
  }
}
