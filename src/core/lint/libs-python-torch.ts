// torchvision / timm-style transform pipelines: transforms.Compose([Resize, CenterCrop, ToTensor, Normalize]).
// The Compose is the whole preprocessing of a PIL image (RGB, 0–255): Resize is PIL's antialiased bilinear by default,
// CenterCrop gives the final size, ToTensor scales to [0, 1] and makes the tensor channels-first, Normalize applies
// (x − mean) / std. A Compose with Random* transforms is a training augmentation pipeline and is left alone.

import type { CallCtx, Val } from './flow';
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
  const num = (e: Expr | undefined): number[] | undefined => (e ? nums(an.info.evalConst(e, c.fr.scope)) : undefined);
  const crop = items.find((it) => op(it) === 'CenterCrop');
  for (const it of items) {
    const call = it.call;
    if (!call) continue;
    switch (op(it)) {
      case 'Resize': {
        const sizeE = argOf(call, 0, 'size');
        const size = num(sizeE);
        const interp = argOf(call, 1, 'interpolation');
        const method = interp ? an.text(interp).replace(/^.*\./, '').toLowerCase() : 'bilinear';
        // Resize(256) scales the shorter side; with a CenterCrop after it, the crop gives the final size.
        const exact = size && size.length === 2 && !crop && sizeE;
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
        f = applyOp(f, { t: 'resize', node: call });
        break;
      }
      case 'CenterCrop': {
        const sizeE = argOf(call, 0, 'size');
        const size = num(sizeE);
        if (size && sizeE)
          checkResize(
            {
              node: call,
              api: 'transforms.CenterCrop',
              lib: 'pil',
              size: { w: size[size.length - 1], h: size[0], order: 'hw', node: sizeE },
            },
            an.spec,
            an.rep,
          );
        break;
      }
      case 'ToTensor': {
        const norm = items.find((x) => op(x) === 'Normalize')?.call;
        const mean = norm ? num(argOf(norm, 0, 'mean')) : [0];
        const std = norm ? num(argOf(norm, 1, 'std')) : [1];
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
        f = applyOp(f, { t: 'layout', to: 'CHW', node: call, desc: 'transforms.ToTensor (it gives a channels-first C × H × W tensor)' });
        break;
      }
      default:
        break;
    }
  }
  an.terminal({ k: 'flow', f }, 'sink', c.node, 'the model (through transforms.Compose)', c.fr);
  return undefined;
}
