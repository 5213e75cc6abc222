// MNN's Java API (com.taobao.android.mnn, often copied into an app as …mnn.MNNImageProcess):
//   MNNImageProcess.Config config = new MNNImageProcess.Config();
//   config.mean = new float[] {…}; config.normal = new float[] {…}; config.dest = MNNImageProcess.Format.RGB;
//   Matrix matrix = new Matrix(); matrix.postScale(W / (float) w, H / (float) h); matrix.invert(matrix);
//   MNNImageProcess.convertBitmap(bitmap, inputTensor, config, matrix);
// convertBitmap reads the Bitmap as RGBA (config.source is only read by convertBuffer), converts it to config.dest
// (BGR when unset), computes (x − mean[c]) × normal[c] and writes the W × H session input tensor the inverted matrix
// maps onto the image. convertBuffer(bytes, w, h, tensor, config, matrix) does the same from a byte buffer.

import type { CallCtx, Val } from './flow-api';
import { UNHANDLED } from './flow-api';
import { applyOp, newFlow, type FlowVal } from './flow-types';
import { startOf, uncast, walkStmts, type Expr } from './ir';
import { cvOf, flowOf, fv } from './libs-common';
import { scaleCall, valueOf } from './libs-java-matrix';
import { checkResize } from './rules-resize';
import { nums } from './values';

/** What the statements before a conversion assign to the fields of its Config. */
interface MnnFields {
  dest?: Expr;
  source?: Expr;
  mean?: Expr;
  normal?: Expr;
}

/** The last assignments `cfg.dest = …`, `cfg.mean = …` before `at` in the statements of the call's function. */
function configFields(c: CallCtx, cfg: string, at: number): MnnFields {
  const out: MnnFields = {};
  walkStmts(c.fr.func?.body ?? c.an.info.body, (s) => {
    if (s.k !== 'assign' || !s.v || s.t.k !== 'attr' || s.t.o.k !== 'name' || s.t.o.n !== cfg || startOf(s.sp) >= at) return;
    const n = s.t.n;
    if (n === 'dest' || n === 'source' || n === 'mean' || n === 'normal') out[n] = s.v;
  });
  return out;
}

/** RGB, BGR, GRAY, … from `MNNImageProcess.Format.RGB`; undefined for anything else. */
function formatOf(c: CallCtx, e: Expr | undefined): string | undefined {
  if (!e) return undefined;
  const m = /(?:^|\.)(RGBA?|BGRA?|GRAY)$/.exec(c.an.text(e).trim());
  return m?.[1];
}

/** The first three numbers of a `new float[] {…}` field, evaluated where the conversion runs. */
function channels(c: CallCtx, e: Expr | undefined, unset: number): number[] | undefined {
  if (!e) return [unset];
  const v = nums(cvOf(c.an.eval(e, c.fr)));
  return v && v.length > 0 ? v.slice(0, 3) : undefined;
}

/** `matrix.postScale(300 / (float) w, 300 / (float) h)`: the tensor size the matrix maps onto the image, checked there. */
function matrixSize(c: CallCtx, matrix: Expr | undefined): void {
  const m = matrix ? uncast(matrix) : undefined;
  if (m?.k !== 'name') return;
  const call = scaleCall(c, m.n, startOf(c.node.sp));
  if (!call) return;
  const extent = (e: Expr): number | undefined => {
    const s = valueOf(c, e);
    if (s.k !== 'bin' || s.op !== '/') return undefined;
    return nums(cvOf(c.an.eval(uncast(s.l), c.fr)))?.[0];
  };
  const w = extent(call.a[0]!.v);
  const h = extent(call.a[1]!.v);
  if (w === undefined || h === undefined) return;
  checkResize(
    {
      node: call,
      api: 'an MNN conversion Matrix (postScale of the tensor size over the image size)',
      lib: 'android',
      size: { w: Math.round(w), h: Math.round(h), order: 'wh', node: call },
    },
    c.an.spec,
    c.an.rep,
  );
}

/** MNNImageProcess.convertBitmap / convertBuffer: the image converted as the Config says, into the model. */
export function mnnJavaCall(c: CallCtx): Val | typeof UNHANDLED {
  const n = c.name ?? '';
  if (!n.includes('MNNImageProcess')) return UNHANDLED; // most calls: one substring test, no regex
  const bitmap = /(^|\.)MNNImageProcess\.convertBitmap$/.test(n);
  if (!bitmap && !/(^|\.)MNNImageProcess\.convertBuffer$/.test(n)) return UNHANDLED;
  const an = c.an;
  const [cfgAt, matrixAt] = bitmap ? [2, 3] : [4, 5];
  const cfg = c.argExprs[cfgAt]?.v;
  const fields = cfg?.k === 'name' ? configFields(c, cfg.n, startOf(c.node.sp)) : {};
  const desc = bitmap ? 'MNNImageProcess.convertBitmap' : 'MNNImageProcess.convertBuffer';
  const given = flowOf(c.args[0]);
  let f: FlowVal = given ?? newFlow({ kind: 'pixel', node: c.node, desc }, { kind: 'bitmap', color: 'RGB', dtype: 'uint8', layout: 'HWC' });
  // The Bitmap's own order is RGB(A); config.dest is the order the tensor gets (BGR when the field is left as is).
  const dest = formatOf(c, fields.dest) ?? (fields.dest ? undefined : 'BGR');
  const at = fields.dest ?? c.node;
  if (dest === 'GRAY') f = applyOp(f, { t: 'setColor', color: 'GRAY', node: at, why: `${desc} to GRAY` });
  else if (dest) {
    // A Bitmap of unknown origin (a parameter) is RGBA all the same.
    const own = f.color === 'RGB' || f.color === 'BGR' ? f.color : bitmap ? 'RGB' : undefined;
    const to = dest.slice(0, 3) as 'RGB' | 'BGR';
    // A dest that names the pixels' own order writes them as they are: the tensor's pixels come from that field, the
    // line to change for another order.
    if (own && own !== to) f = applyOp(f, { t: 'swap', node: at, why: `${desc} to ${dest}`, to });
    else if (own && fields.dest)
      f = newFlow(
        { kind: 'pixel', node: fields.dest, desc: `${desc} with config.dest = ${dest}` },
        { kind: 'bitmap', color: to, dtype: 'uint8', layout: 'HWC' },
      );
  }
  matrixSize(c, c.argExprs[matrixAt]?.v);
  f = applyOp(applyOp(f, { t: 'resize', node: c.node }), { t: 'kind', kind: 'tensor' });
  f = applyOp(f, { t: 'cast', dtype: 'float32', node: c.node });
  const mean = channels(c, fields.mean, 0);
  const normal = channels(c, fields.normal, 1);
  if (!mean || !normal) f = applyOp(f, { t: 'nonaffine', node: c.node });
  else {
    if (mean.some((x) => x !== 0))
      f = applyOp(f, { t: 'affine', mul: [1], add: mean.map((x) => -x), node: c.node, desc: '− config.mean', operandDt: 'f32', opName: '-' });
    if (normal.some((x) => x !== 1))
      f = applyOp(f, { t: 'affine', mul: normal, add: [0], node: c.node, desc: '× config.normal', operandDt: 'f32', opName: '*' });
  }
  // MNN writes the tensor in its own dimension format (the model's): the layout is never the code's choice.
  const own = an.spec.input.layout === 'NCHW' ? 'CHW' : 'HWC';
  if (f.layout !== own) f = applyOp(f, { t: 'layout', to: own, node: c.node, desc: `${desc} (it writes the tensor in the model's layout)` });
  an.terminal(fv(f), 'sink', c.node, `${desc}()`, c.fr);
  return undefined;
}
