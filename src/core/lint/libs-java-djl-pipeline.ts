// DJL transform pipelines: `ImageClassificationTranslator.builder().addTransform(new Resize(224, 224))
// .addTransform(new ToTensor()).addTransform(new Normalize(mean, std)).build()` (any Translator builder, also with
// setPipeline), and a `Pipeline` built with add(...) and applied by pipeline.transform(new NDList(array)).

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { applyOp, newFlow, type FlowVal } from './flow-types';
import { startOf, walkStmts, forEachExpr, type Expr } from './ir';
import { flowOf, fv, replaceExpr } from './libs-common';
import { checkResize } from './rules-resize';
import { fmtNums, nums } from './values';

type Call = Expr & { k: 'call' };

/** DJL's Image.Interpolation names in the spec's vocabulary. */
const INTERPOLATION: ReadonlyMap<string, string> = new Map([
  ['NEAREST', 'nearest'],
  ['BILINEAR', 'bilinear'],
  ['AREA', 'area'],
  ['BICUBIC', 'bicubic'],
]);

/** The class a `new X(...)` transform makes, without its package. */
function transformName(e: Expr): string | undefined {
  if (e.k !== 'call' || !e.isNew) return undefined;
  const f = e.f;
  return f.k === 'name' ? f.n : f.k === 'attr' ? f.n : undefined;
}

function numArgs(c: CallCtx, call: Call): (number | undefined)[] {
  return call.a.map((a) => nums(c.an.info.evalConst(a.v, c.fr.scope))?.[0]);
}

function vecArg(c: CallCtx, e: Expr | undefined): number[] | undefined {
  return e ? nums(c.an.info.evalConst(e, c.fr.scope)) : undefined;
}

/** The span from one argument to another, for a size finding and its fix. */
function argsSpan(a: Expr, b: Expr): Expr {
  return { k: 'other', kids: [], sp: { ch: a.sp.ch, s: a.sp.s, e: b.sp.e + (b.sp.ch.base - a.sp.ch.base) } };
}

/** A DJL Resize(width, height[, interpolation]) or Resize(size): checked against the spec. */
function resizeCheck(c: CallCtx, call: Call, final: boolean, squareCrop: Call | undefined): void {
  const an = c.an;
  const [w, h] = numArgs(c, call);
  const one = call.a.length === 1;
  const W = w;
  const H = one ? w : h;
  const wE = call.a[0]?.v;
  const hE = one ? wE : call.a[1]?.v;
  const mE = one ? undefined : call.a[2]?.v;
  const mName = mE ? an.text(mE).replace(/^.*\./, '') : 'BILINEAR';
  const method = INTERPOLATION.get(mName);
  const literal = !one && wE?.k === 'num' && hE?.k === 'num';
  // CenterCrop() with no size before a square Resize: the centre square of the image, i.e. a centre crop to the aspect.
  const cropped = squareCrop && W !== undefined && W === H ? { fit: 'crop' as const, shown: 'CenterCrop() before it', node: squareCrop } : undefined;
  checkResize(
    {
      node: call,
      api: 'Resize',
      src: an.src,
      lib: 'djl',
      size:
        final && W !== undefined && H !== undefined && wE && hE
          ? {
              w: W,
              h: H,
              order: 'wh',
              node: one ? wE : argsSpan(wE, hE),
              fix: literal ? (ww, hh) => [...replaceExpr(wE, String(ww)), ...replaceExpr(hE, String(hh))] : undefined,
            }
          : undefined,
      method: method
        ? {
            name: method,
            shown: `Image.Interpolation.${mName}`,
            isDefault: !mE,
            node: mE,
            fixFamily: (fam) => {
              const k = fam === 'bilinear' ? 'BILINEAR' : fam === 'bicubic' ? 'BICUBIC' : fam === 'nearest' ? 'NEAREST' : fam === 'area' ? 'AREA' : undefined;
              return k && mE ? { edits: replaceExpr(mE, `Image.Interpolation.${k}`), shown: `Image.Interpolation.${k}` } : undefined;
            },
          }
        : undefined,
      fit: cropped,
    },
    an.spec,
    an.rep,
  );
}

/** Applies DJL transforms (`new X(...)` calls, in order) to an image; undefined when a Random* (training) one is among them. */
function applyTransforms(c: CallCtx, f0: FlowVal, transforms: readonly Call[]): FlowVal | undefined {
  const an = c.an;
  if (transforms.some((t) => /^Random/.test(transformName(t) ?? ''))) return undefined;
  // A CenterCrop with a size after the Resize gives the final size (Resize(256), CenterCrop(224, 224)).
  let lastSizedCrop = -1;
  transforms.forEach((t, i) => {
    if (transformName(t) === 'CenterCrop' && t.a.length >= 2) lastSizedCrop = i;
  });
  let f = f0;
  let squareCrop: Call | undefined;
  transforms.forEach((t, i) => {
    switch (transformName(t)) {
      case 'Resize':
        resizeCheck(c, t, i > lastSizedCrop, squareCrop);
        f = applyOp(f, { t: 'resize', node: t });
        break;
      case 'CenterCrop': {
        if (t.a.length === 0) squareCrop = t;
        const [w, h] = numArgs(c, t);
        const wE = t.a[0]?.v;
        const hE = t.a[1]?.v;
        if (w !== undefined && h !== undefined && wE && hE)
          checkResize(
            {
              node: t,
              api: 'CenterCrop',
              src: an.src,
              lib: 'djl',
              size: { w, h, order: 'wh', node: argsSpan(wE, hE) },
              fit: { fit: 'crop', shown: 'CenterCrop' },
            },
            an.spec,
            an.rep,
          );
        break;
      }
      case 'ToTensor':
        f = applyOp(f, { t: 'affine', mul: [1 / 255], add: [0], node: t, operandDt: 'f32', opName: '/', desc: 'ToTensor (p / 255)' });
        f = applyOp(f, { t: 'cast', dtype: 'float32', node: t });
        f = applyOp(f, { t: 'layout', to: 'CHW', node: t, desc: 'ToTensor (it gives channels × height × width)' });
        break;
      case 'Normalize': {
        const mean = vecArg(c, t.a[0]?.v);
        const std = vecArg(c, t.a[1]?.v);
        if (!mean || !std || std.some((s) => s === 0)) {
          f = applyOp(f, { t: 'nonaffine', node: t });
          break;
        }
        const n = Math.max(mean.length, std.length);
        const at = (v: number[], k: number): number => v[v.length === 1 ? 0 : k];
        const mul = Array.from({ length: n }, (_, k) => 1 / at(std, k));
        const add = Array.from({ length: n }, (_, k) => -at(mean, k) / at(std, k));
        f = applyOp(f, { t: 'affine', mul, add, node: t, operandDt: 'f32', opName: '-', desc: `Normalize (x − ${fmtNums(mean)}) / ${fmtNums(std)}` });
        break;
      }
      default:
        break;
    }
  });
  return f;
}

/** The calls of a method chain, innermost first: `a.b(x).c(y)` gives [b(x), c(y)]. */
function chain(e: Expr): Call[] {
  const out: Call[] = [];
  let x: Expr = e;
  while (x.k === 'call' && x.f.k === 'attr') {
    out.push(x);
    x = x.f.o;
  }
  if (x.k === 'call') out.push(x);
  return out.reverse();
}

/** The transforms added to the Pipeline a name holds: its initializer's chain and each `name.add(new X(...))` before `before`. */
function pipelineOf(c: CallCtx, name: string, before: number): Call[] {
  const found: Call[] = [];
  const body = c.fr.func?.k === 'func' ? c.fr.func.body : c.an.info.body;
  walkStmts(body, (s) => {
    if (s.k === 'assign' && s.t.k === 'name' && s.t.n === name && s.v) found.push(...transformsOfPipeline(s.v));
    forEachExpr(s, (x) => {
      if (x.k === 'call' && x.f.k === 'attr' && x.f.n === 'add' && x.f.o.k === 'name' && x.f.o.n === name && startOf(x.sp) < before)
        for (const a of x.a) if (transformName(a.v)) found.push(a.v as Call);
    });
  });
  return found.sort((a, b) => startOf(a.sp) - startOf(b.sp));
}

/** The transforms of an inline pipeline expression: `new Pipeline(t1, t2)` and any `.add(t)` chained on it. */
function transformsOfPipeline(e: Expr): Call[] {
  const out: Call[] = [];
  for (const call of chain(e)) {
    if (call.isNew && transformName(call) === 'Pipeline') for (const a of call.a) if (transformName(a.v)) out.push(a.v as Call);
    if (call.f.k === 'attr' && call.f.n === 'add') for (const a of call.a) if (transformName(a.v)) out.push(a.v as Call);
  }
  return out;
}

/** `pipeline.transform(new NDList(array))`: the pipeline's transforms applied to the array, which then feeds the model. */
function pipelineTransform(c: CallCtx): Val | typeof UNHANDLED {
  const src = flowOf(c.args[0]);
  const recvE = c.node.f.k === 'attr' ? c.node.f.o : undefined;
  if (!src || !recvE) return UNHANDLED;
  const transforms = recvE.k === 'name' ? pipelineOf(c, recvE.n, startOf(c.node.sp)) : transformsOfPipeline(recvE);
  if (transforms.length === 0) return UNHANDLED;
  const f = applyTransforms(c, src, transforms);
  if (f) c.an.terminal(fv(f), 'sink', c.node, 'the model (through the Pipeline)', c.fr);
  return undefined;
}

/** `XTranslator.builder()…addTransform(new Resize(…))….build()`: an image (RGB unless optFlag says GRAYSCALE) through the transforms. */
function builderBuild(c: CallCtx): Val | typeof UNHANDLED {
  const calls = chain(c.node);
  const first = calls[0];
  if (!first || first.f.k !== 'attr' || first.f.n !== 'builder') return UNHANDLED;
  const transforms: Call[] = [];
  let gray = false;
  for (const call of calls) {
    if (call.f.k !== 'attr') continue;
    if (call.f.n === 'addTransform') for (const a of call.a) if (transformName(a.v)) transforms.push(a.v as Call);
    if (call.f.n === 'setPipeline' && call.a[0]) {
      const p = call.a[0].v;
      transforms.push(...(p.k === 'name' ? pipelineOf(c, p.n, startOf(c.node.sp)) : transformsOfPipeline(p)));
    }
    if (call.f.n === 'optFlag' && /GRAYSCALE$/.test(c.an.text(call.a[0]?.v ?? call))) gray = true;
  }
  if (transforms.length === 0) return UNHANDLED;
  const img = newFlow(
    { kind: 'pixel', node: first, desc: 'Image.toNDArray (in the Translator)' },
    { kind: 'tensor', color: gray ? 'GRAY' : 'RGB', dtype: 'uint8', layout: 'HWC', lib: 'djl' },
  );
  const f = applyTransforms(c, img, transforms);
  if (f) c.an.terminal(fv(f), 'sink', c.node, 'the model (through the Translator)', c.fr);
  return undefined;
}

/** DJL pipeline calls (a builder's build(), a Pipeline's transform()); UNHANDLED for any other call. */
export function djlPipelineCall(c: CallCtx): Val | typeof UNHANDLED {
  if (c.method === 'build') return builderBuild(c);
  if (c.method === 'transform') return pipelineTransform(c);
  return UNHANDLED;
}

/** True when `new NDList(...)` at this call is the argument of a `.transform(` (a Pipeline's input, not the model's). */
export function isPipelineInput(src: string, call: Expr): boolean {
  let i = startOf(call.sp) - 1;
  while (i >= 0 && (src[i] === ' ' || src[i] === '\n' || src[i] === '\t' || src[i] === '\r')) i--;
  return i >= 10 && src[i] === '(' && src.slice(i - 10, i) === '.transform';
}
