// albumentations pipelines applied to an image: `tfm = A.Compose([A.Resize(h, w), A.Normalize(mean, std), ToTensorV2()])`
// then `tfm(image=img)["image"]`. Resize is OpenCV's (INTER_LINEAR unless `interpolation` says otherwise) on the array it
// gets, Normalize computes (x − mean·max_pixel_value) / (std·max_pixel_value) (ImageNet's mean and std and 255 by
// default), ToFloat divides by max_value, ToTensorV2 makes the array channels-first without scaling. The Compose may be
// assigned in this file or in a sibling module the file imports it from; the findings of a sibling's Compose go on the
// line that applies it. A Compose with any other transform (flips, crops at random, colour jitter) is an augmentation
// pipeline and is left alone.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { flowOf, fv } from './libs-common';
import { applyOp, newFlow, type FlowVal } from './flow-types';
import type { Expr } from './ir';
import type { Scope } from './lexical-scope';
import { checkResize } from './rules-resize';
import type { ModuleInfo } from './scope';
import { nums } from './values';

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];
/** cv2 interpolation flags (names and values) in the spec's cv2 vocabulary. */
const CV2_METHODS: Readonly<Record<string, string>> = {
  INTER_NEAREST: 'nearest',
  INTER_LINEAR: 'linear',
  INTER_CUBIC: 'cubic',
  INTER_AREA: 'area',
  INTER_LANCZOS4: 'lanczos4',
  INTER_LINEAR_EXACT: 'linear-exact',
  INTER_NEAREST_EXACT: 'nearest-exact',
  '0': 'nearest',
  '1': 'linear',
  '2': 'cubic',
  '3': 'area',
  '4': 'lanczos4',
};
/** The transforms this module models; a pipeline with any other is left alone. */
const KNOWN: ReadonlySet<string> = new Set(['Resize', 'Normalize', 'ToTensorV2', 'ToFloat', 'CenterCrop', 'LongestMaxSize', 'SmallestMaxSize', 'PadIfNeeded']);

type Call = Expr & { k: 'call' };

/** Where the Compose was written: this file (findings on its items) or a sibling module (findings on the applying call). */
interface Where {
  info: ModuleInfo;
  scope: Scope;
  local: boolean;
}

function kwOrPos(call: Call, i: number, kw: string): Expr | undefined {
  return call.a.find((a) => a.name === kw)?.v ?? call.a.filter((a) => a.name === undefined)[i]?.v;
}

/** The one expression a name was assigned, here or in the sibling module it is imported from. */
function definition(c: CallCtx, name: string): { e: Expr; where: Where } | undefined {
  const scope = c.fr.scope.find(name);
  const defs = scope?.vars.get(name);
  if (scope && defs?.length === 1 && defs[0]) return { e: defs[0], where: { info: c.an.info, scope, local: true } };
  const ext = c.an.info.externals?.definition?.(name);
  return ext ? { e: ext.e, where: { info: ext.info, scope: ext.info.module, local: false } } : undefined;
}

/** `tfm(image=img)` where `tfm` is an albumentations Compose of known transforms: the image through its steps. */
export function albuApply(c: CallCtx): Val | typeof UNHANDLED {
  if (c.node.f.k !== 'name') return UNHANDLED;
  const i = c.argExprs.findIndex((a) => a.name === 'image');
  if (i < 0) return UNHANDLED;
  const def = definition(c, c.node.f.n);
  const compose = def?.e.k === 'call' ? def.e : undefined;
  if (!def || !compose || def.where.info.canonical(compose.f, def.where.scope) !== 'albumentations.Compose') return UNHANDLED;
  const list = kwOrPos(compose, 0, 'transforms');
  if (list?.k !== 'seq') return UNHANDLED;
  const where = def.where;
  const an = c.an;
  const items: { op: string; call: Call }[] = [];
  for (const x of list.items) {
    const name = x.k === 'call' ? where.info.canonical(x.f, where.scope) : undefined;
    const op = name && /^albumentations(\.pytorch)?(\.transforms)?\.\w+$/.test(name) ? name.replace(/^.*\./, '') : undefined;
    if (!op || !KNOWN.has(op) || x.k !== 'call') return UNHANDLED;
    items.push({ op, call: x });
  }
  // An array the file cannot trace (a parameter) is still the 0–255 image the pipeline was written for; its colour
  // order is unknown here.
  let f: FlowVal =
    flowOf(c.args[i]) ??
    newFlow(
      { kind: 'pixel', node: c.node, desc: 'the image array the albumentations Compose gets' },
      { kind: 'ndarray', color: '?', dtype: 'uint8', layout: 'HWC' },
    );
  const num = (e: Expr | undefined): number[] | undefined => (e ? nums(where.info.evalConst(e, where.scope)) : undefined);
  const at = (e: Expr): Expr => (where.local ? e : c.node);
  const crop = items.some((it) => it.op === 'CenterCrop');
  for (const { op, call } of items) {
    if (op === 'Resize' || op === 'CenterCrop') {
      const h = num(kwOrPos(call, 0, 'height'))?.[0];
      const w = num(kwOrPos(call, 1, 'width'))?.[0];
      const interp = op === 'Resize' ? kwOrPos(call, 2, 'interpolation') : undefined;
      const flag = interp ? (interp.k === 'attr' ? interp.n : String(num(interp)?.[0] ?? '')) : 'INTER_LINEAR';
      const method = CV2_METHODS[flag];
      checkResize(
        {
          node: at(call),
          api: where.local ? `A.${op}` : `A.${op} of ${an.text(c.node.f)}`,
          lib: 'cv2',
          size: h !== undefined && w !== undefined && (op === 'CenterCrop' || !crop) ? { w, h, order: 'hw', node: at(call) } : undefined,
          method:
            op === 'Resize' && method
              ? { name: method, shown: interp && where.local ? c.an.text(interp) : flag, isDefault: !interp, node: interp && where.local ? interp : undefined }
              : undefined,
        },
        c.an.spec,
        c.an.rep,
      );
      f = applyOp(f, { t: 'resize', node: at(call) });
    } else if (op === 'LongestMaxSize' || op === 'SmallestMaxSize' || op === 'PadIfNeeded') {
      f = applyOp(f, { t: 'resize', node: at(call) });
    } else if (op === 'Normalize') {
      const mean = kwOrPos(call, 0, 'mean') ? num(kwOrPos(call, 0, 'mean')) : IMAGENET_MEAN;
      const std = kwOrPos(call, 1, 'std') ? num(kwOrPos(call, 1, 'std')) : IMAGENET_STD;
      const max = kwOrPos(call, 2, 'max_pixel_value') ? num(kwOrPos(call, 2, 'max_pixel_value'))?.[0] : 255;
      if (!mean || !std || max === undefined || max === 0 || std.some((s) => s === 0)) f = applyOp(f, { t: 'nonaffine', node: at(call) });
      else
        f = applyOp(f, {
          t: 'affine',
          mul: std.map((s) => 1 / (s * max)),
          add: mean.map((m, k) => -m / std[k % std.length]!),
          node: at(call),
          operandDt: 'f32',
          opName: '-',
          desc: `A.Normalize(mean ${mean.join(', ')}, std ${std.join(', ')}, max_pixel_value ${max})`,
        });
      f = applyOp(f, { t: 'cast', dtype: 'float32', node: at(call) });
    } else if (op === 'ToFloat') {
      const max = kwOrPos(call, 0, 'max_value') ? num(kwOrPos(call, 0, 'max_value'))?.[0] : 255;
      f = max
        ? applyOp(f, { t: 'affine', mul: [1 / max], add: [0], node: at(call), operandDt: 'f32', opName: '/', desc: `A.ToFloat(max_value ${max})` })
        : applyOp(f, { t: 'nonaffine', node: at(call) });
      f = applyOp(f, { t: 'cast', dtype: 'float32', node: at(call) });
    } else {
      f = applyOp(applyOp(f, { t: 'kind', kind: 'tensor' }), {
        t: 'layout',
        to: 'CHW',
        node: at(call),
        desc: 'ToTensorV2 (it gives a channels-first C × H × W tensor)',
      });
    }
  }
  return fv(f);
}
