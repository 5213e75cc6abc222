// torchvision / timm-style transform pipelines: transforms.Compose([Resize, CenterCrop, ToTensor, Normalize]).
// The Compose is the whole preprocessing of a PIL image (RGB, 0–255): Resize is PIL's antialiased bilinear by default,
// CenterCrop gives the final size, ToTensor scales to [0, 1] and makes the tensor channels-first, Normalize applies
// (x − mean) / std. A Compose with Random* transforms is a training augmentation pipeline and is left alone.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { flowOf } from './libs-common';
import { applyOp, newFlow, type FlowVal } from './flow-types';
import type { Expr } from './ir';
import { checkResize } from './rules-resize';
import { nums } from './values';

/** The call an item stands for: the call itself, or the one a name was assigned once (`normalize = T.Normalize(...)`). */
function itemCall(c: CallCtx, e: Expr): (Expr & { k: 'call' }) | undefined {
  if (e.k === 'call') return e;
  if (e.k !== 'name') return undefined;
  const defs = c.fr.scope.find(e.n)?.vars.get(e.n);
  return defs && defs.length === 1 && defs[0]?.k === 'call' ? defs[0] : undefined;
}

function argOf(call: Expr & { k: 'call' }, i: number, kw: string): Expr | undefined {
  return call.a.find((a) => a.name === kw)?.v ?? call.a.filter((a) => a.name === undefined)[i]?.v;
}

/** transforms.Compose([...]): checks its size, resize, normalisation and layout against the spec, as a model input. */
export function torchCompose(c: CallCtx): Val {
  const an = c.an;
  const list = c.argExprs[0]?.v;
  if (!list || list.k !== 'seq') return undefined;
  const items = list.items.map((x) => ({ x, call: itemCall(c, x) }));
  const op = (it: { call: (Expr & { k: 'call' }) | undefined }): string =>
    it.call ? (an.info.canonical(it.call.f, c.fr.scope) ?? an.text(it.call.f)).replace(/^.*\./, '') : '';
  if (items.some((it) => /^Random/.test(op(it))) || !items.some((it) => /^(ToTensor|PILToTensor|Normalize|Resize|CenterCrop)$/.test(op(it)))) return undefined;
  let f: FlowVal = newFlow(
    { kind: 'pixel', node: c.node, desc: 'the PIL image transforms.Compose gets' },
    { kind: 'pil', color: 'RGB', dtype: 'uint8', layout: 'HWC' },
  );
  const crop = items.find((it) => op(it) === 'CenterCrop');
  for (const it of items) {
    const call = it.call;
    if (!call) continue;
    switch (op(it)) {
      case 'Resize':
        resizeCheck(c, call, !crop);
        f = applyOp(f, { t: 'resize', node: call });
        break;
      case 'CenterCrop':
        cropCheck(c, call);
        break;
      case 'ToTensor':
        f = toTensor(c, call, f, items.find((x) => op(x) === 'Normalize')?.call);
        break;
      case 'Lambda':
        f = lambdaStep(c, call, f);
        break;
      default:
        break;
    }
  }
  an.terminal({ k: 'flow', f }, 'sink', c.node, 'the model (through transforms.Compose)', c.fr);
  return undefined;
}

/** transforms.Lambda(lambda x: x.mul(255)) and the like: one constant ×, ÷, +, − of the tensor (written as a method
 * (`mul`/`div`/`add`/`sub`) or an operator). Any other body leaves the values unknown (no normalisation finding). */
function lambdaStep(c: CallCtx, call: Expr & { k: 'call' }, f: FlowVal): FlowVal {
  const fn = argOf(call, 0, 'lambd');
  const body = fn?.k === 'lambda' && fn.params.length === 1 ? fn.body[0] : undefined;
  const e = body?.k === 'ret' ? body.e : null;
  const x = fn?.k === 'lambda' ? fn.params[0]?.name : undefined;
  const isX = (v: Expr | undefined): boolean => v?.k === 'name' && v.n === x;
  let op: string | undefined;
  let k: Expr | undefined;
  if (e?.k === 'call' && e.f.k === 'attr' && isX(e.f.o) && e.a.length === 1 && e.a[0]!.name === undefined) {
    op = { mul: '*', div: '/', add: '+', sub: '-', mul_: '*', div_: '/', add_: '+', sub_: '-' }[e.f.n];
    k = e.a[0]!.v;
  } else if (e?.k === 'bin' && isX(e.l) && ['*', '/', '+', '-'].includes(e.op)) {
    op = e.op;
    k = e.r;
  } else if (e?.k === 'bin' && isX(e.r) && ['*', '+'].includes(e.op)) {
    op = e.op;
    k = e.l;
  }
  const v = k ? nums(c.an.info.evalConst(k, c.fr.scope)) : undefined;
  if (!op || !v || !e || (op === '/' && v.some((n) => n === 0))) return applyOp(f, { t: 'nonaffine', node: call });
  const mul = op === '*' ? v : op === '/' ? v.map((n) => 1 / n) : [1];
  const add = op === '+' ? v : op === '-' ? v.map((n) => -n) : [0];
  return applyOp(f, { t: 'affine', mul, add, node: e, operandDt: 'f32', opName: op, desc: `transforms.Lambda(${c.an.text(fn!)})` });
}

function num(c: CallCtx, e: Expr | undefined): number[] | undefined {
  return e ? nums(c.an.info.evalConst(e, c.fr.scope)) : undefined;
}

/** Checks a transforms.Resize: its size when it is the final one (two numbers, no CenterCrop after it), and its method. */
function resizeCheck(c: CallCtx, call: Expr & { k: 'call' }, final: boolean): void {
  const an = c.an;
  const sizeE = argOf(call, 0, 'size');
  const size = num(c, sizeE);
  const interp = argOf(call, 1, 'interpolation');
  const method = interp ? an.text(interp).replace(/^.*\./, '').toLowerCase() : 'bilinear';
  // Resize(256) scales the shorter side; with a CenterCrop after it, the crop gives the final size.
  const exact = size && size.length === 2 && final && sizeE;
  checkResize(
    {
      node: call,
      api: 'transforms.Resize',
      lib: 'pil',
      size: exact ? { w: size[1], h: size[0], order: 'hw', node: sizeE } : undefined,
      method: {
        name: method === 'bicubic' ? 'bicubic' : method === 'nearest' ? 'nearest' : 'bilinear',
        shown: interp ? an.text(interp) : "bilinear (torchvision's default, antialiased on PIL images)",
        isDefault: !interp,
        node: interp,
      },
    },
    an.spec,
    an.rep,
  );
}

/** Checks a transforms.CenterCrop's size. */
function cropCheck(c: CallCtx, call: Expr & { k: 'call' }): void {
  const sizeE = argOf(call, 0, 'size');
  const size = num(c, sizeE);
  if (size && sizeE)
    checkResize(
      { node: call, api: 'transforms.CenterCrop', lib: 'pil', size: { w: size[size.length - 1], h: size[0], order: 'hw', node: sizeE } },
      c.an.spec,
      c.an.rep,
    );
}

/** ToTensor (÷ 255, float32, channels-first), with the Normalize that follows it as one step when there is one. */
function toTensor(c: CallCtx, call: Expr & { k: 'call' }, f: FlowVal, norm: (Expr & { k: 'call' }) | undefined): FlowVal {
  const an = c.an;
  const mean = norm ? num(c, argOf(norm, 0, 'mean')) : [0];
  const std = norm ? num(c, argOf(norm, 1, 'std')) : [1];
  if (mean && std && std.every((s) => s !== 0)) {
    // One step for ToTensor and Normalize: a finding points at the Normalize that holds the constants.
    f = applyOp(f, {
      t: 'affine',
      mul: std.map((s) => 1 / (255 * s)),
      add: mean.map((m, i) => -m / std[i % std.length]),
      node: norm ?? call,
      operandDt: 'f32',
      opName: '*',
      desc: norm ? `ToTensor (÷ 255), then Normalize(${an.text(argOf(norm, 0, 'mean')!)}, ${an.text(argOf(norm, 1, 'std')!)})` : 'ToTensor (÷ 255)',
    });
  } else f = applyOp(f, { t: 'nonaffine', node: call });
  f = applyOp(f, { t: 'cast', dtype: 'float32', node: call });
  f = applyOp(f, { t: 'kind', kind: 'tensor' });
  return applyOp(f, { t: 'layout', to: 'CHW', node: call, desc: 'transforms.ToTensor (it gives a channels-first C × H × W tensor)' });
}

/**
 * One torchvision transform kept in a variable and applied on its own (`resize = T.Resize([240, 320])`, then
 * `resize(img)`; `to_tensor = T.ToTensor()`, then `to_tensor(img)`): the same step as inside a Compose.
 */
export function torchStep(c: CallCtx): Val | typeof UNHANDLED {
  if (c.node.f.k !== 'name' || c.args.length !== 1) return UNHANDLED;
  const def = itemCall(c, c.node.f);
  const full = def ? c.an.info.canonical(def.f, c.fr.scope) : undefined;
  const kind = full ? /^torchvision\.transforms(?:\.v2)?\.(Resize|CenterCrop|ToTensor|Normalize)$/.exec(full)?.[1] : undefined;
  if (!def || !kind) return UNHANDLED;
  const src =
    flowOf(c.args[0]) ??
    newFlow({ kind: 'pixel', node: c.node, desc: `the PIL image transforms.${kind} gets` }, { kind: 'pil', color: 'RGB', dtype: 'uint8', layout: 'HWC' });
  switch (kind) {
    case 'Resize':
      resizeCheck(c, def, true);
      return { k: 'flow', f: applyOp(src, { t: 'resize', node: def }) };
    case 'CenterCrop':
      cropCheck(c, def);
      return { k: 'flow', f: applyOp(src, { t: 'resize', node: def }) };
    case 'ToTensor':
      return { k: 'flow', f: toTensor(c, def, src, undefined) };
    default: {
      const mean = num(c, argOf(def, 0, 'mean'));
      const std = num(c, argOf(def, 1, 'std'));
      if (!mean || !std || std.some((s) => s === 0)) return { k: 'flow', f: applyOp(src, { t: 'nonaffine', node: def }) };
      const desc = `Normalize(${c.an.text(argOf(def, 0, 'mean')!)}, ${c.an.text(argOf(def, 1, 'std')!)})`;
      return {
        k: 'flow',
        f: applyOp(src, {
          t: 'affine',
          mul: std.map((s) => 1 / s),
          add: mean.map((m, i) => -m / std[i % std.length]),
          node: def,
          operandDt: 'f32',
          opName: '-',
          desc,
        }),
      };
    }
  }
}
