// sharp (libvips) resizes in Node: `sharp(buf).resize(w, h, { kernel, fit, position })` judged against the spec's size,
// kernel and fit, with fixes that set the option; a resize to a computed size followed by `.extend()` is a letterbox.

import type { CallCtx, Val } from './flow-api';
import { endOf, startOf, type Expr } from './ir';
import { appendArg, arg, nameOf, replaceExpr, through } from './libs-common';
import { edit } from './report';
import { checkResize, type ResizeCall } from './rules-resize';
import { nums } from './values';

const SHARP_KERNEL: Record<string, string> = {
  bilinear: 'linear',
  bicubic: 'cubic',
  nearest: 'nearest',
  lanczos3: 'lanczos3',
  lanczos2: 'lanczos2',
  mitchellcubic: 'mitchell',
};
const SHARP_FIT: Record<string, ResizeCall['fit'] extends infer F ? (F extends { fit: infer X } ? X : never) : never> = {
  fill: 'stretch',
  contain: 'letterbox',
  inside: 'keep-aspect',
  cover: 'crop',
  outside: 'outside',
};
const FIT_FOR: Record<string, string> = { stretch: 'fill', letterbox: 'contain', 'keep-aspect': 'inside', crop: 'cover' };

/** sharp's fit 'cover' with a position other than the centre (the spec's crop is centred); constant positions only. */
function offCentre(fitName: string, position: Expr | undefined): boolean {
  if (fitName !== 'cover' || !position) return false;
  const name = position.k === 'str' ? position.v : position.k === 'attr' ? position.n : undefined;
  return name !== undefined && !['centre', 'center'].includes(name);
}

/** `sharp(buf).resize(...)` of a sharp pipeline: its size, kernel and fit checked; the same image, resized. */
export function sharpResize(c: CallCtx): Val {
  const an = c.an;
  const a0 = arg(c, 0);
  const optsArg = a0?.e.k === 'obj' ? a0 : (arg(c, 2) ?? (arg(c, 1)?.e.k === 'obj' ? arg(c, 1) : undefined));
  const opts = optsArg?.e.k === 'obj' ? optsArg.e : undefined;
  const prop = (k: string): Expr | undefined => opts?.props.find((p) => p.key === k)?.v;
  const w = nums(an.info.evalConst(prop('width') ?? (a0 && a0.e.k !== 'obj' ? a0.e : { k: 'null', sp: c.node.sp }), c.fr.scope))?.[0];
  const h = nums(an.info.evalConst(prop('height') ?? (arg(c, 1) && arg(c, 1)!.e.k !== 'obj' ? arg(c, 1)!.e : { k: 'null', sp: c.node.sp }), c.fr.scope))?.[0];
  const kernelE = prop('kernel');
  const kernel = kernelE ? nameOf({ k: 'cv', v: an.info.evalConst(kernelE, c.fr.scope) ?? { t: 'null' } })?.replace(/^.*\./, '') : 'lanczos3';
  const fitE = prop('fit');
  const fitName = fitE ? nameOf({ k: 'cv', v: an.info.evalConst(fitE, c.fr.scope) ?? { t: 'null' } })?.replace(/^.*\./, '') : 'cover';
  // .resize(nw, nh) to a computed size, then .extend({ … }) to pad it: a letterbox made by hand.
  const padded = (w === undefined || h === undefined) && /^\s*\.\s*extend\s*\(/.test(an.src.slice(endOf(c.node.sp), endOf(c.node.sp) + 64));
  const insertProp = (text: string): ReturnType<typeof replaceExpr> | undefined => {
    if (opts) {
      const at = startOf(opts.sp) + 1;
      return [edit(opts.sp, at, at, ` ${text},`)];
    }
    return c.argExprs.length === 2 ? appendArg(an, c.node, `{ ${text} }`) : undefined;
  };
  const setKernel = (k: string): ReturnType<typeof replaceExpr> | undefined => (kernelE ? replaceExpr(kernelE, `'${k}'`) : insertProp(`kernel: '${k}'`));
  checkResize(
    {
      node: c.node,
      api: 'sharp().resize',
      lib: 'sharp',
      size:
        w !== undefined && h !== undefined
          ? {
              w,
              h,
              order: 'wh',
              node: optsArg && opts && !a0?.e.k.startsWith('num') && a0?.e.k === 'obj' ? a0.e : { k: 'other', kids: [], sp: { ...c.node.asp } },
            }
          : undefined,
      method: kernel
        ? {
            name: kernel,
            shown: kernelE ? `kernel ${an.text(kernelE)}` : "kernel 'lanczos3'",
            isDefault: !kernelE,
            node: kernelE,
            fix: (m) => setKernel(m),
            fixFamily: (fam) => {
              const k = SHARP_KERNEL[fam];
              const edits = k ? setKernel(k) : undefined;
              return k && edits ? { edits, shown: `kernel: '${k}'` } : undefined;
            },
          }
        : undefined,
      fit: padded
        ? { fit: 'letterbox', shown: `${fitE ? `fit ${an.text(fitE)}` : "fit 'cover'"} to a computed size, then extend() (a letterbox)`, node: fitE }
        : fitName && SHARP_FIT[fitName]
          ? {
              fit: offCentre(fitName, prop('position')) ? 'crop-off-centre' : SHARP_FIT[fitName],
              shown:
                (fitE ? `fit ${an.text(fitE)}` : "fit 'cover', sharp's default") +
                (offCentre(fitName, prop('position')) ? `, position ${an.text(prop('position')!)}` : ''),
              node: fitE,
              fix: (want) => {
                const f = FIT_FOR[want];
                if (!f) return undefined;
                return fitE ? replaceExpr(fitE, `'${f}'`) : insertProp(`fit: '${f}'`);
              },
            }
          : undefined,
    },
    an.spec,
    an.rep,
  );
  return through(c, -1, { t: 'resize', node: c.node });
}
