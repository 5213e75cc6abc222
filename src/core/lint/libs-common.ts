// Helpers the per-language library tables share: argument lookup, value shortcuts and quick-fix edits.

import type { Analyzer } from './flow';
import type { CallCtx, Frame, Val } from './flow-api';
import { applyOp, newFlow, type Color, type DType, type FlowVal, type Op } from './flow-types';
import { endOf, startOf, type Expr } from './ir';
import { edit, type RawEdit } from './report';
import type { ResizeCall } from './rules-resize';
import { fmtCV, nums, type CV } from './values';

/** An argument by position or (Python) keyword. */
export interface ArgRef {
  v: Val;
  e: Expr;
  kw: boolean;
}

/** The argument at `index` (positional) or named `kw`. */
export function arg(c: CallCtx, index: number, kw?: string): ArgRef | undefined {
  if (kw) {
    const i = c.argExprs.findIndex((a) => a.name === kw);
    if (i >= 0) return { v: c.args[i], e: c.argExprs[i].v, kw: true };
  }
  let pos = 0;
  for (let i = 0; i < c.argExprs.length; i++) {
    if (c.argExprs[i].name !== undefined) continue;
    if (pos === index) return { v: c.args[i], e: c.argExprs[i].v, kw: false };
    pos++;
  }
  return undefined;
}

/** The flow inside a value (the first one of a list). */
export function flowOf(v: Val): FlowVal | undefined {
  if (!v) return undefined;
  if (v.k === 'flow') return v.f;
  if (v.k === 'many')
    for (const x of v.items) {
      const f = flowOf(x);
      if (f) return f;
    }
  return undefined;
}

/** The constant inside a value. */
export function cvOf(v: Val): CV | undefined {
  return v?.k === 'cv' ? v.v : undefined;
}

/** A symbol's or string's name, e.g. "cv2.INTER_AREA" or "bilinear". */
export function nameOf(v: Val): string | undefined {
  const c = cvOf(v);
  return c?.t === 'sym' ? c.name : c?.t === 'str' ? c.v : undefined;
}

/** Two numbers from a size-like value, e.g. (224, 224) or cv::Size(224, 224). */
export function pair(v: Val): [number, number] | undefined {
  const n = nums(cvOf(v));
  return n && n.length === 2 ? [n[0], n[1]] : undefined;
}

/** The size a resize check reads. */
type ResizeSize = NonNullable<ResizeCall['size']>;

/** A tfjs `[height, width]` size argument and its value, with a fix that rewrites a literal pair. */
export function hwSize(size: ArgRef | undefined, hw: readonly number[] | undefined): ResizeSize | undefined {
  if (!size || !hw) return undefined;
  const e = size.e;
  const literal = e.k === 'seq' && e.items.every((x) => x.k === 'num');
  return { w: hw[1], h: hw[0], order: 'hw', node: e, fix: literal ? (w, h) => replaceExpr(e, `[${h}, ${w}]`) : undefined };
}

/**
 * A size given as separate width and height arguments (`createScaledBitmap(bm, w, h, filter)`): reported over both,
 * with a fix that rewrites them when both are literals.
 */
export function widthHeightArgs(w: ArgRef | undefined, h: ArgRef | undefined): ResizeSize | undefined {
  const wv = nums(cvOf(w?.v))?.[0];
  const hv = nums(cvOf(h?.v))?.[0];
  if (!w || !h || wv === undefined || hv === undefined) return undefined;
  const both: Expr = { k: 'other', kids: [], sp: { ch: w.e.sp.ch, s: w.e.sp.s, e: h.e.sp.e + (h.e.sp.ch.base - w.e.sp.ch.base) } };
  const literal = w.e.k === 'num' && h.e.k === 'num';
  return { w: wv, h: hv, order: 'wh', node: both, fix: literal ? (W, H) => [...replaceExpr(w.e, String(W)), ...replaceExpr(h.e, String(H))] : undefined };
}

/** Wraps a flow. */
export function fv(f: FlowVal): Val {
  return { k: 'flow', f };
}

/** The value of argument `index` with `op` applied, or undefined when it is not an image. */
export function through(c: CallCtx, index: number, ...ops: Op[]): Val {
  const src = index < 0 ? flowOf(c.recv) : flowOf(arg(c, index)?.v);
  if (!src) return undefined;
  let f = src;
  for (const op of ops) f = applyOp(f, op);
  return fv(f);
}

/** A new decoded image at a call. */
export function pixelSource(c: CallCtx, desc: string, init: { kind: FlowVal['kind']; color: Color; dtype?: FlowVal['dtype']; pil?: boolean; at?: Expr }): Val {
  return fv(
    newFlow(
      { kind: 'pixel', node: init.at ?? c.node, desc },
      {
        kind: init.kind,
        color: init.color,
        dtype: init.dtype ?? 'uint8',
        layout: 'HWC',
        pilOpen: init.pil ? c.node : undefined,
      },
    ),
  );
}

/** Replaces an expression's text. */
export function replaceExpr(e: Expr, text: string): RawEdit[] {
  return [edit(e.sp, startOf(e.sp), endOf(e.sp), text)];
}

/** Inserts text just before a call's closing parenthesis (a new last argument). */
export function appendArg(an: Analyzer, call: Expr & { k: 'call' }, text: string): RawEdit[] | undefined {
  const end = endOf(call.asp);
  if (an.src[end - 1] !== ')') return undefined;
  const inner = an.src.slice(startOf(call.asp) + 1, end - 1);
  const sep = inner.trim() === '' ? '' : inner.trimEnd().endsWith(',') ? ' ' : ', ';
  const at = startOf(call.asp) + 1 + inner.trimEnd().length;
  return [edit(call.sp, at, at, `${sep}${text}`)];
}

/** True when a literal sequence of numbers (so a fix can rewrite it safely). */
export function isLiteralPair(e: Expr): boolean {
  return e.k === 'seq' && e.items.length === 2 && e.items.every((x) => x.k === 'num');
}

/** The module alias the call used, e.g. "cv" for cv.resize. */
export function headOf(an: Analyzer, e: Expr): string {
  return an.text(e).split(/[.(]/)[0];
}

/** Channel order after an OpenCV colour conversion code, as a flow op. */
export function cvtOp(code: string, node: Expr): Op | undefined {
  // COLOR_BGR2RGB, or the C API's CV_BGR2RGB (opencv2/imgproc/types_c.h), which older C++ code still passes.
  const m = /(?:COLOR_|(?:^|[.:])CV_)([A-Za-z]+?)2([A-Za-z]+?)(_FULL|_EA|_VNG)?$/.exec(code);
  if (!m) return undefined;
  const norm = (s: string): string => s.toUpperCase().replace(/A$/, '');
  const from = norm(m[1]);
  const to = norm(m[2]);
  const isRgb = (s: string): boolean => s === 'RGB' || s === 'BGR';
  if (isRgb(from) && isRgb(to)) return from === to ? undefined : { t: 'swap', node, why: code, to: to as Color };
  if (to === 'GRAY') return { t: 'setColor', color: 'GRAY', node, why: code };
  if (from === 'GRAY' && isRgb(to)) return { t: 'setColor', color: to as Color, node, why: code };
  return { t: 'setColor', color: '?', node, why: code };
}

/** Layout after permuting axes: channels-first when the last axis moves to the front (after the batch axis). */
export function layoutFromPerm(perm: readonly number[]): 'CHW' | 'HWC' | undefined {
  const p = perm.map((x) => (x < 0 ? x + perm.length : x));
  if (p.length === 3) return p[0] === 2 && p[1] === 0 && p[2] === 1 ? 'CHW' : p[0] === 1 && p[1] === 2 && p[2] === 0 ? 'HWC' : undefined;
  if (p.length === 4)
    return p[0] === 0 && p[1] === 3 && p[2] === 1 && p[3] === 2 ? 'CHW' : p[0] === 0 && p[1] === 2 && p[2] === 3 && p[3] === 1 ? 'HWC' : undefined;
  return undefined;
}

/** The frame variable a call's receiver names, if any (for in-place methods). */
export function receiverName(c: CallCtx): string | undefined {
  const f = c.node.f;
  return f.k === 'attr' && f.o.k === 'name' ? f.o.n : undefined;
}

/** Rebinds a receiver variable after an in-place operation. */
export function rebind(c: CallCtx, fr: Frame, v: Val): void {
  const n = receiverName(c);
  if (n && fr.vars.has(n)) fr.vars.set(n, v);
}

/** numpy dtype from a dtype argument (np.float32, 'float32', float). */
export function npDtype(v: Val): DType | undefined {
  const n = nameOf(v);
  if (!n) return undefined;
  const s = n.replace(/^(np|tf|torch)\./, '');
  if (s === 'float64' || s === 'double' || s === 'float' || s === 'float_') return 'float64';
  if (s === 'float32' || s === 'single') return 'float32';
  if (s === 'float16' || s === 'half') return 'float16';
  if (s === 'uint8') return 'uint8';
  if (/^u?int(8|16|32|64)?$/.test(s)) return 'int';
  return undefined;
}

/** For `receiver.method(args)`: an expression covering `method(args)` only, so findings on long chains point at the method. */
export function methodNode(c: CallCtx): Expr {
  const f = c.node.f;
  if (f.k !== 'attr' || f.nsp.ch !== c.node.sp.ch) return c.node;
  return { k: 'other', kids: [], sp: { ch: c.node.sp.ch, s: f.nsp.s, e: c.node.sp.e } };
}

/** How a message shows an argument: its text, and the value a variable or parameter holds (`interpolation (= cv2.INTER_AREA)`). */
export function shownArg(an: Analyzer, a: ArgRef): string {
  const text = an.text(a.e);
  if (a.e.k !== 'name') return text;
  const v = cvOf(a.v);
  return v?.t === 'sym' ? `${text} (= ${v.name})` : v?.t === 'num' || v?.t === 'str' ? `${text} (= ${fmtCV(v)})` : text;
}
