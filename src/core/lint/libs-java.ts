// Java / Android semantics: Bitmap scaling, packed ARGB pixels, ByteBuffer writes, TFLite Support ops.

import { usesModelRuntime } from './java-runtime';
import { type Analyzer } from './flow';
import { UNHANDLED, type CallCtx, type Frame, type LangLib, type Val } from './flow-api';
import { applyOp, newFlow, specAffine, type FlowVal } from './flow-types';
import { endOf, forEachExpr, startOf, walkStmts, type Expr, type Stmt } from './ir';
import { arg, cvOf, flowOf, fv, nameOf, pixelSource, replaceExpr, widthHeightArgs } from './libs-common';
import { edit } from './report';
import { checkArrayFill } from './rules-fill-array';
import { checkNestedFill } from './rules-fill-nested';
import { torchAndroidCall } from './libs-java-torch';
import { java2dCall } from './libs-java-2d';
import { javaTfGraphCall, javaTfGraphMethod } from './libs-java-tfgraph';
import { javaCvCall } from './libs-java-cv';
import { javaColorFix } from './fix-java-color';
import { quantizeAfter, tensorImageCall } from './libs-java-tflite';
import { writtenThenChanged } from './libs-java-inplace';
import { channelMix } from './libs-java-gray';
import { loopShiftChannels } from './libs-java-loopshift';
import { matrixResize } from './libs-java-matrix';
import { fromMatItem, matItem, matItemStored } from './libs-java-matbytes';
import { djlCall } from './libs-java-djl';
import { mnnJavaCall } from './libs-java-mnn';
import { checkResize } from './rules-resize';
import { tag } from './memo';
import { close, fmtNums, niceNumber, nums } from './values';

// Facts kept on the objects themselves (memo slots), not in module-level WeakMaps: a young-generation GC treats a
// WeakMap's entries as live, so one held the whole pass's IR and flow values until a full GC (idle-gc.ts).
const writes = tag<Frame, { channel: number; at: Expr; f: FlowVal }[] | undefined>('java channel writes');
/** Packed pixels shifted by 8 × a loop variable, and the `& 0xFF` nodes that take their channel: the loop's channels. */
const LOOP_SHIFTED = tag<FlowVal, readonly number[]>('java loop-shifted pixels');
const LOOP_CHANNELS = tag<Expr, readonly number[]>('java loop channels');

function loopChannels(f: FlowVal): readonly number[] | undefined {
  for (const op of f.trace) if (op.t === 'channel') return LOOP_CHANNELS.get(op.node);
  return undefined;
}

const floatWriters = tag<Stmt, boolean>('java float writers');

/** True when a function also writes floats into a buffer (putFloat): its byte writes are the quantized model's variant. */
function writesFloats(fn: Stmt | undefined): boolean {
  if (fn?.k !== 'func') return false;
  let known = floatWriters.get(fn);
  if (known === undefined) {
    known = false;
    walkStmts(fn.body, (s) =>
      forEachExpr(s, (e) => {
        if (e.k === 'call' && e.f.k === 'attr' && /^put(Float|Double)$/.test(e.f.n)) known = true;
      }),
    );
    floatWriters.set(fn, known);
  }
  return known;
}

function sink(an: Analyzer, fr: Frame, v: Val, at: Expr, desc: string): void {
  const f = flowOf(v);
  if (f?.kind === 'element' && f.channel !== undefined && f.channel < 3) {
    let list = writes.get(fr);
    if (!list) {
      list = [];
      writes.set(fr, list);
    }
    list.push({ channel: f.channel, at, f });
    // One write in a loop over the channels (`(p >> 8 * k) & 0xFF`) stands for the pixel's three writes.
    const seq = loopChannels(f);
    if (seq) for (let i = 1; i < seq.length; i++) list.push({ channel: seq[i]!, at, f });
  }
  // `if (quantized) put((byte) v) else putFloat((v - mean) / std)`: with a float spec only the float writes are this model's.
  if (f?.dtype === 'uint8' && desc === 'put()' && an.spec.input.dtype !== 'uint8' && writesFloats(fr.func)) return;
  if (f?.dtype === 'uint8' && desc === 'put()' && f.kind === 'element' && f.channel !== undefined && /^float(32|16)$/.test(an.spec.input.dtype))
    byteWrite(an, f, at);
  an.terminal(v, 'sink', at, desc, fr);
}

const byteWritten = tag<object, true>('java byte-written images');

/** `put((byte) ((val >> 16) & 0xFF))` into a float model's input: one element-type finding per image, on its first byte written (the values' own scaling is judged as for any write). */
function byteWrite(an: Analyzer, f: FlowVal, at: Expr): void {
  if (byteWritten.get(f.origin)) return;
  byteWritten.set(f.origin, true);
  an.rep.add({
    rule: 'input-dtype',
    at,
    specPath: 'input.dtype',
    message: `This writes each channel of ${f.origin.desc} as one byte (put((byte) …)), but the spec's input.dtype is ${an.spec.input.dtype}: the model reads ${an.spec.input.dtype === 'float16' ? 2 : 4}-byte floats. Write putFloat(…) scaled as the spec says (and allocate ${an.spec.input.dtype === 'float16' ? 2 : 4} bytes per value), or set input.dtype to uint8 for a quantized model.`,
  });
}

function scaled(c: CallCtx): Val {
  const an = c.an;
  const [w, h, filter] = [arg(c, 1), arg(c, 2), arg(c, 3)];
  const fl = cvOf(filter?.v);
  checkResize(
    {
      node: c.node,
      api: 'Bitmap.createScaledBitmap',
      lib: 'android',
      size: widthHeightArgs(w, h),
      method:
        fl?.t === 'bool'
          ? {
              name: fl.v ? 'bilinear' : 'nearest',
              shown: `filter=${fl.v}`,
              isDefault: false,
              node: filter?.e,
              fixFamily: (fam) =>
                (fam === 'bilinear' || fam === 'nearest') && filter
                  ? { edits: replaceExpr(filter.e, fam === 'bilinear' ? 'true' : 'false'), shown: `filter=${fam === 'bilinear'}` }
                  : undefined,
            }
          : undefined,
    },
    an.spec,
    an.rep,
  );
  const src = flowOf(arg(c, 0)?.v);
  return src
    ? fv(applyOp(src, { t: 'resize', node: c.node }))
    : fv(newFlow({ kind: 'pixel', node: c.node, desc: 'Bitmap.createScaledBitmap' }, { kind: 'bitmap', color: 'RGB', dtype: 'uint8', layout: 'HWC' }));
}

function resizeOp(c: CallCtx): Val {
  const an = c.an;
  const [h, w, m] = [arg(c, 0), arg(c, 1), arg(c, 2)];
  const hv = nums(cvOf(h?.v))?.[0];
  const wv = nums(cvOf(w?.v))?.[0];
  const mn = nameOf(m?.v)?.replace(/^.*\./, '');
  const literal = w?.e.k === 'num' && h?.e.k === 'num';
  checkResize(
    {
      node: c.node,
      api: 'ResizeOp',
      lib: 'tflite',
      size:
        hv !== undefined && wv !== undefined && h && w
          ? {
              w: wv,
              h: hv,
              order: 'hw',
              node: { k: 'other', kids: [], sp: { ch: h.e.sp.ch, s: h.e.sp.s, e: w.e.sp.e + (w.e.sp.ch.base - h.e.sp.ch.base) } },
              fix: literal ? (W, H) => [...replaceExpr(h.e, String(H)), ...replaceExpr(w.e, String(W))] : undefined,
            }
          : undefined,
      method: mn
        ? {
            name: mn === 'NEAREST_NEIGHBOR' ? 'nearest' : 'bilinear',
            shown: `ResizeMethod.${mn}`,
            isDefault: false,
            node: m?.e,
            fixFamily: (fam) =>
              (fam === 'bilinear' || fam === 'nearest') && m
                ? {
                    edits: replaceExpr(m.e, `ResizeOp.ResizeMethod.${fam === 'bilinear' ? 'BILINEAR' : 'NEAREST_NEIGHBOR'}`),
                    shown: `ResizeMethod.${fam === 'bilinear' ? 'BILINEAR' : 'NEAREST_NEIGHBOR'}`,
                  }
                : undefined,
          }
        : undefined,
    },
    an.spec,
    an.rep,
  );
  return undefined;
}

function normalizeOp(c: CallCtx): Val {
  const an = c.an;
  const [m, s] = [arg(c, 0), arg(c, 1)];
  let mean = nums(cvOf(m?.v));
  let std = nums(cvOf(s?.v));
  if (!mean || !std || !m || !s || std.some((x) => x === 0)) return undefined;
  // A NormalizeOp on the model's output (TensorProcessor, PROBABILITY_MEAN, a postprocess op) is not input preprocessing.
  const at0 = startOf(c.node.sp);
  const line = an.src.slice(an.src.lastIndexOf('\n', at0 - 1) + 1, Math.max(an.src.indexOf('\n', at0), at0));
  if (/TensorProcessor|PROBABILITY|POSTPROCESS|OUTPUT|DEQUANT/i.test(line) || /PROBABILITY|OUTPUT|DEQUANT/i.test(`${an.text(m.e)} ${an.text(s.e)}`))
    return undefined;
  // A QuantizeOp after it in the chain maps y to y / scale + zeroPoint: (p − (mean − zeroPoint·std·scale)) / (std·scale).
  const q = quantizeAfter(an.src, endOf(c.node.sp));
  if (q === 'unknown') return undefined;
  const quantized = q ? ` then QuantizeOp(${q.zeroPoint}, ${q.scale})` : '';
  if (q) {
    const s0 = std;
    mean = mean.map((x, i) => x - q.zeroPoint * s0[s0.length === 1 ? 0 : i] * q.scale);
    std = std.map((x) => x * q.scale);
  }
  const spec = an.spec.input;
  const want = specAffine(spec.scale, spec.mean, spec.std);
  const n = Math.max(want.a.length, mean.length, std.length);
  const at = (v: number[], i: number): number => v[v.length === 1 ? 0 : i];
  let ok = true;
  for (let i = 0; i < n; i++) {
    if (
      !close(1 / at(std, i), at(want.a, i)) ||
      !(close(-at(mean, i) / at(std, i), at(want.b, i)) || Math.abs(at(mean, i) / at(std, i) + at(want.b, i)) < 1e-6)
    )
      ok = false;
  }
  if (ok) return undefined;
  // After a QuantizeOp the NormalizeOp alone cannot be given the spec's numbers: no rewrite is offered.
  const uniform = !q && spec.mean.every((x) => x === spec.mean[0]) && spec.std.every((x) => x === spec.std[0]);
  const mm = uniform ? niceNumber(spec.mean[0] / spec.scale) : undefined;
  const ss = uniform ? niceNumber(spec.std[0] / spec.scale) : undefined;
  an.rep.add({
    rule: 'normalization',
    at: c.node,
    specPath: 'input.mean',
    message: `NormalizeOp(${an.text(m.e)}, ${an.text(s.e)})${quantized} computes (p − ${fmtNums(mean)}) / ${fmtNums(std)} on 0–255 pixels, but the spec gives (p × ${spec.scale.toPrecision(6).replace(/0+$/, '')} − ${fmtNums(spec.mean)}) / ${fmtNums(spec.std)}${mm && ss ? `, i.e. NormalizeOp(${mm}f, ${ss}f)` : ''}.`,
    fix: mm && ss ? { title: `Use NormalizeOp(${mm}f, ${ss}f)`, edits: [edit(m.e.sp, startOf(m.e.sp), endOf(s.e.sp), `${mm}f, ${ss}f`)] } : undefined,
  });
  return undefined;
}

/**
 * An `int` parameter unpacked like an Android ARGB pixel (`(pixelValue >> 16) & 0xFF`, `val & 0xFF`): the
 * addPixelValue(int pixelValue) of a classifier subclass, called by its base class with Bitmap.getPixels values.
 */
function packedParam(given: FlowVal | undefined, op: string, c: number | undefined): FlowVal | undefined {
  const item = given ? INT_ITEM.get(given) : undefined;
  const f = item ?? given;
  if (!f || f.kind !== '?' || f.origin.kind !== 'param' || f.trace.length > 0 || f.origin.paramIndex === undefined) return given;
  const isShift = (op === '>>' || op === '>>>') && (c === 16 || c === 8);
  if (!isShift && !(op === '&' && c === 0xff)) return given;
  const fn = f.origin.func;
  const type = fn?.k === 'func' ? fn.params[f.origin.paramIndex]?.type?.replace(/^final\s+/, '').replace(/\s+/g, '') : undefined;
  if (type !== (item ? 'int[]' : 'int')) return given;
  return { ...applyOp(f, { t: 'kind', kind: 'packed' }), dtype: 'int', color: 'RGB', channel: undefined };
}

/** An item of an `int[]` parameter (`int p = argb[i]`): unpacked like an ARGB pixel, it is one (packedParam). */
const INT_ITEM = tag<FlowVal, FlowVal>('java int[] parameter item');

/** True for a decoded pixel value or one channel of a packed ARGB pixel. */
function pixelValue(f: FlowVal | undefined): boolean {
  return f !== undefined && (f.origin.kind === 'pixel' || f.channel !== undefined);
}

/** The Java library table. */
export const javaLib: LangLib = {
  call(c: CallCtx): Val | typeof UNHANDLED {
    const an = c.an;
    const recv = flowOf(c.recv);
    const djl = djlCall(c);
    if (djl !== UNHANDLED) return djl;
    const mnn = mnnJavaCall(c);
    if (mnn !== UNHANDLED) return mnn;
    const graph = javaTfGraphCall(c);
    if (graph !== UNHANDLED) return graph;
    const cv = javaCvCall(c);
    if (cv !== UNHANDLED) return cv;
    const ti = tensorImageCall(c);
    if (ti !== 'unknown') return ti;
    const j2d = java2dCall(c, c.method ?? (c.name ?? '').replace(/^.*\./, ''));
    if (j2d !== false) return j2d;
    if (c.method !== undefined) {
      const gm = javaTfGraphMethod(c);
      if (gm !== UNHANDLED) return gm;
      if (/^(putFloat|put)$/.test(c.method)) {
        // put(v); put(index, v) (and a Map's put(key, v)): the index or key is no value; put(src[], offset, length).
        const a = c.args.length === 2 ? c.args[1] : c.args[0];
        if (flowOf(a)) sink(an, c.fr, a, c.node, `${c.method}()`);
        return undefined;
      }
      // bitmap.getPixels(pixels, offset, stride, x, y, width, height): Android's signature, whatever the receiver's
      // value here (a field set elsewhere, a parameter).
      if (c.method === 'getPixels' && (recv || (c.argExprs.length === 7 && c.recv?.k !== 'cv'))) {
        const dst = arg(c, 0);
        // A Bitmap made from an OpenCV Mat (Utils.matToBitmap) keeps the Mat's order: its "red" is blue when the Mat was BGR.
        if (dst?.e.k === 'name')
          c.fr.vars.set(
            dst.e.n,
            recv?.color === 'BGR'
              ? fv({ ...applyOp(recv, { t: 'kind', kind: 'pixels' }), dtype: 'int' })
              : fv(newFlow({ kind: 'pixel', node: c.node, desc: 'Bitmap.getPixels' }, { kind: 'pixels', color: 'RGB', dtype: 'int', layout: 'HWC' })),
          );
        return undefined;
      }
      if (recv && c.method === 'getPixel' && recv.color === 'BGR') return fv({ ...applyOp(recv, { t: 'kind', kind: 'packed' }), dtype: 'int' });
      if (recv && c.method === 'getPixel')
        return fv(
          applyOp(newFlow({ kind: 'pixel', node: c.node, desc: 'Bitmap.getPixel' }, { kind: 'packed', color: 'RGB', dtype: 'int' }), {
            t: 'kind',
            kind: 'packed',
          }),
        );
      if (recv && /^(getWidth|getHeight|recycle|getConfig)$/.test(c.method)) return undefined;
      return UNHANDLED;
    }
    const n = c.name ?? '';
    // imgData.putFloat(v) on a field (its value set elsewhere, e.g. in the base class) of pixel values: a write into
    // the input buffer. Other numbers written into a field buffer stay unknown.
    if (/^[a-z_$][\w$]*\.(putFloat|put)$/.test(n) && c.args.some((a) => pixelValue(flowOf(a)))) {
      for (const a of c.args) if (pixelValue(flowOf(a))) sink(an, c.fr, a, c.node, `${n.replace(/^.*\./, '')}()`);
      return undefined;
    }
    // OnnxTensor.createTensor(env, data, shape): the tensor session.run takes, made of the data as it is.
    if (/(^|\.)OnnxTensor\.createTensor$/.test(n) && flowOf(c.args[1])) {
      sink(an, c.fr, c.args[1], c.node, 'OnnxTensor.createTensor()');
      return undefined;
    }
    if (n === 'Bitmap.createScaledBitmap') return scaled(c);
    if (n === 'Bitmap.createBitmap') {
      const r = matrixResize(c);
      if (r !== false) return r;
    }
    if (/^BitmapFactory\.decode/.test(n)) return pixelSource(c, n, { kind: 'bitmap', color: 'RGB' });
    if (/^Color\.(red|green|blue)$/.test(n)) {
      const f = flowOf(arg(c, 0)?.v);
      return f ? fv(applyOp(f, { t: 'channel', index: n.endsWith('red') ? 0 : n.endsWith('green') ? 1 : 2, node: c.node })) : undefined;
    }
    if (n === 'ResizeOp' && c.node.isNew) return resizeOp(c);
    if (n === 'NormalizeOp' && c.node.isNew) return normalizeOp(c);
    const torch = torchAndroidCall(c, n);
    return torch === 'unknown' ? UNHANDLED : torch;
  },

  subscript(an: Analyzer, fr: Frame, node: Expr & { k: 'sub' }, obj: Val): Val | typeof UNHANDLED {
    const f = flowOf(obj);
    if (f?.kind === 'pixels') return fv({ ...applyOp(f, { t: 'kind', kind: 'packed' }), channel: undefined });
    const item = matItem(an, fr, node, f);
    if (item) return item;
    // An item of a parameter array: no known value (as any element read), unless it is unpacked like a pixel.
    if (f?.kind === '?' && f.origin.kind === 'param' && f.trace.length === 0) {
      const item = applyOp(f, { t: 'nonaffine', node });
      INT_ITEM.set(item, f);
      return fv(item);
    }
    return UNHANDLED;
  },

  binary(an: Analyzer, fr: Frame, node: Expr & { k: 'bin' }, l: Val, r: Val): Val | typeof UNHANDLED {
    if (node.op === '+' && l?.k === 'flow' && r?.k === 'flow') return channelMix(l.f, r.f, node) ?? UNHANDLED;
    const c = nums(cvOf(r))?.[0];
    // `b & 0xFF` of a Mat's byte: the same 0–255 value, unsigned.
    const lf = flowOf(l);
    if (node.op === '&' && c === 0xff && lf?.kind === 'element' && fromMatItem(lf)) return l;
    const f = packedParam(lf, node.op, c);
    if (f?.kind === 'packed' && c === undefined && (node.op === '>>' || node.op === '>>>')) {
      // `p >> 8 * k` with k a loop variable: the first channel the loop reads, the others kept for the writes.
      const seq = loopShiftChannels(an, fr, node);
      if (!seq) return UNHANDLED;
      const g = { ...f, channel: seq[0] } as FlowVal;
      LOOP_SHIFTED.set(g, seq);
      return fv(g);
    }
    if (f?.kind !== 'packed' || c === undefined) return UNHANDLED;
    if (node.op === '>>' || node.op === '>>>') {
      const ch = c === 16 ? 0 : c === 8 ? 1 : c === 0 ? 2 : 3;
      return fv({ ...f, channel: ch } as FlowVal);
    }
    if (node.op === '&' && c === 0xff) {
      const seq = LOOP_SHIFTED.get(f);
      if (seq) LOOP_CHANNELS.set(node, seq);
      return fv(applyOp(f, { t: 'channel', index: f.channel ?? 2, node }));
    }
    return UNHANDLED;
  },

  store(an: Analyzer, fr: Frame, target: Expr, value: Val): boolean {
    const f = flowOf(value);
    // dst[y * w + x] = src[sy * sw + sx] into a local array: a copy (a nearest-neighbour resize, a letterbox) of the
    // int[] parameter's pixels, read later like the parameter.
    const whole = f ? INT_ITEM.get(f) : undefined;
    if (whole && target.k === 'sub' && target.o.k === 'name' && !flowOf(fr.vars.get(target.o.n))) {
      fr.vars.set(target.o.n, fv(whole));
      return true;
    }
    if (target.k !== 'sub' || !f || f.kind !== 'element') return false;
    let base: Expr = target;
    while (base.k === 'sub') base = base.o;
    // Filled here, returned, then normalised in place by another helper: these values are not the model's input.
    if (writtenThenChanged(an, fr.func, base)) return true;
    // Bytes packed into a byte[] by a file that runs no model (an image encoder: Glide's GIF encoder) are no input.
    if ((f.dtype === 'uint8' || f.dtype === 'int') && !usesModelRuntime(an)) return true;
    sink(an, fr, fv(matItemStored(an, fr, target, f)), target, 'the input array');
    return true;
  },

  loop(an: Analyzer, fr: Frame, s: Stmt & { k: 'for' }): void {
    checkArrayFill(an, fr, s);
    checkNestedFill(an, fr, s);
  },

  endBlock(an: Analyzer, fr: Frame): void {
    const list = writes.get(fr);
    if (!list) return;
    writes.set(fr, undefined);
    if (list.length < 3) return;
    const order = list.slice(0, 3).map((w) => w.channel);
    if (new Set(order).size !== 3) return;
    const names = order.map((i) => 'RGB'[i]).join('');
    const want = an.spec.input.colorOrder;
    // Pixels of a Bitmap filled from a BGR OpenCV Mat: the "red" byte holds blue.
    const src = list[0].f;
    if (src.color === 'BGR' && src.origin.kind === 'pixel') {
      const real = order.map((i) => 'BGR'[i]).join('');
      if ((want === 'RGB' || want === 'BGR') && real !== want)
        an.rep.add({
          rule: 'color-order',
          at: src.origin.node,
          specPath: 'input.colorOrder',
          message: `${src.origin.desc} gives BGR pixels, and the Bitmap made from them (Utils.matToBitmap keeps the Mat's order) is read as ARGB: the channels written are ${real.split('').join(', ')}, but the spec's input.colorOrder is ${want}. Convert the Mat with Imgproc.cvtColor(mat, mat, Imgproc.COLOR_BGR2RGB) before matToBitmap.`,
          fix: names === want ? javaColorFix(an, src.origin, 'RGB') : undefined,
        });
      return;
    }
    if ((want === 'RGB' || want === 'BGR') && names !== want) {
      an.rep.add({
        rule: 'color-order',
        at: list[0].at,
        specPath: 'input.colorOrder',
        message: `The channels are written in ${names.split('').join(', ')} order (from Android's ARGB pixels), but the spec's input.colorOrder is ${want}. Write ${want.split('').join(', ')}.`,
      });
    }
  },
};
