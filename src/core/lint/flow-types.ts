// Image values flowing through preprocessing code: where they came from and every operation applied since.

import type { Expr, Stmt } from './ir';
import type { RawEdit } from './report';

/** Channel order of a value; '?' when unknown. */
export type Color = 'RGB' | 'BGR' | 'GRAY' | 'RGBA' | '?';
/** Element type; numpy names. */
export type DType = 'uint8' | 'int' | 'float16' | 'float32' | 'float64' | '?';
/** What kind of object holds the pixels. */
export type Kind = 'ndarray' | 'pil' | 'tensor' | 'mat' | 'element' | 'packed' | 'pixels' | 'capture' | 'tbuf' | 'sharp' | 'bitmap' | '?';
/** dtype class of the other operand of an arithmetic operation (numpy promotion needs it). */
export type OperandDt = 'weak-int' | 'weak-float' | 'f32' | 'f64' | 'int' | '?';

/** Where a value came from. `pixel`: decoded image data in 0..255; `param`: a function parameter. */
export interface Origin {
  kind: 'pixel' | 'param' | 'unknown';
  node: Expr;
  desc: string;
  paramIndex?: number;
  func?: Stmt;
  /** Set when the source call is assigned straight to a name: where a conversion line can be inserted. */
  assign?: { name: string; stmt: Stmt };
}

/** One operation applied to a value. Affine ops compute x * mul + add, per channel when the vectors have 3 items. */
export type Op =
  | {
      t: 'affine';
      mul: number[];
      add: number[];
      node: Expr;
      desc: string;
      operandDt: OperandDt;
      opName: string;
      fix?: (a: number, b: number) => RawEdit[] | undefined;
    }
  | { t: 'nonaffine'; node: Expr }
  | { t: 'cast'; dtype: DType; node: Expr }
  | { t: 'swap'; node: Expr; why: string; to?: Color }
  | { t: 'setColor'; color: Color; node: Expr; why: string }
  | { t: 'layout'; to: 'CHW' | 'HWC'; node: Expr; desc: string }
  | { t: 'ppi'; mode: 'caffe' | 'tf' | 'torch'; node: Expr; desc: string }
  | { t: 'pilConvert'; node: Expr; mode: string }
  | { t: 'kind'; kind: Kind }
  | { t: 'channel'; index: number; node: Expr }
  | { t: 'resize'; node: Expr };

/** Per-channel affine map a·x + b (vectors of length 1 broadcast). */
export interface Affine {
  a: number[];
  b: number[];
}

/** An image-derived value and the state its trace of operations leads to. Every field is always present (unset ones
 * as undefined) so that all values share one object shape; see newFlow. */
export interface FlowVal {
  readonly origin: Origin;
  readonly trace: readonly Op[];
  readonly kind: Kind;
  readonly color: Color;
  readonly colorAt: Expr | undefined;
  readonly swaps: number;
  readonly affine: Affine | null;
  readonly affineOps: number;
  readonly dtype: DType;
  readonly f64At: Expr | undefined;
  readonly layout: 'HWC' | 'CHW' | '?';
  readonly layoutAt: Expr | undefined;
  readonly layoutDesc: string | undefined;
  readonly pilOpen: Expr | undefined;
  readonly ppi: { mode: 'caffe' | 'tf' | 'torch'; node: Expr; desc: string } | undefined;
  /** For packed ARGB ints (Android): which channel an element holds, 0=R 1=G 2=B. */
  readonly channel: number | undefined;
  /** Channels per pixel when the code says so (cv::Mat type CV_32FC3 → 3). */
  readonly channels: number | undefined;
  readonly lib: string | undefined;
}

/** A new value at its source. */
export function newFlow(origin: Origin, init: Partial<Pick<FlowVal, 'kind' | 'color' | 'dtype' | 'layout' | 'pilOpen' | 'lib'>>): FlowVal {
  // Every field is present (optional ones as undefined) so that all values share one object shape: applyOp's
  // spreads stay monomorphic, which matters in the analysis's hottest path.
  return {
    origin,
    trace: [],
    kind: init.kind ?? '?',
    color: init.color ?? '?',
    colorAt: origin.node,
    swaps: 0,
    affine: { a: [1], b: [0] },
    affineOps: 0,
    dtype: init.dtype ?? '?',
    f64At: undefined,
    layout: init.layout ?? '?',
    layoutAt: undefined,
    layoutDesc: undefined,
    pilOpen: init.pilOpen,
    ppi: undefined,
    channel: undefined,
    channels: undefined,
    lib: init.lib,
  };
}

function broadcast(v: number[], n: number): number[] {
  if (v.length === n) return v;
  if (v.length === 1) return new Array<number>(n).fill(v[0]);
  return v;
}

function composeAffine(f: Affine, mul: number[], add: number[]): Affine | null {
  const n = Math.max(f.a.length, mul.length, add.length);
  if ([f.a.length, mul.length, add.length].some((l) => l !== 1 && l !== n)) return null;
  const a = broadcast(f.a, n);
  const b = broadcast(f.b, n);
  const m = broadcast(mul, n);
  const d = broadcast(add, n);
  return { a: a.map((x, i) => x * m[i]), b: b.map((x, i) => x * m[i] + d[i]) };
}

function promote(dtype: DType, kind: Kind, op: string, other: OperandDt): DType {
  if (kind === 'tensor' || kind === 'mat' || kind === 'element') return dtype;
  const isInt = dtype === 'uint8' || dtype === 'int';
  if (other === 'f64') return dtype === '?' ? 'float64' : isInt || dtype === 'float32' || dtype === 'float16' || dtype === 'float64' ? 'float64' : dtype;
  if (dtype === '?') return '?';
  if (isInt) {
    if (other === 'f32') return 'float32';
    if (op === '/' || other === 'weak-float') return 'float64';
    return dtype;
  }
  return dtype;
}

function swapColor(c: Color): Color {
  return c === 'RGB' ? 'BGR' : c === 'BGR' ? 'RGB' : c;
}

/** Applies one operation, returning the new value (values are immutable). */
export function applyOp(f: FlowVal, op: Op): FlowVal {
  const trace = [...f.trace, op];
  switch (op.t) {
    case 'affine': {
      const affine = f.affine ? composeAffine(f.affine, op.mul, op.add) : null;
      const dtype = promote(f.dtype, f.kind, op.opName, op.operandDt);
      const f64At = f.f64At ?? (dtype === 'float64' && f.dtype !== 'float64' ? op.node : undefined);
      return { ...f, trace, affine, affineOps: f.affineOps + 1, dtype, f64At };
    }
    case 'nonaffine':
      return { ...f, trace, affine: null };
    case 'cast': {
      const f64At = op.dtype === 'float64' ? op.node : undefined;
      return { ...f, trace, dtype: op.dtype, f64At };
    }
    case 'swap': {
      const affine = f.affine && f.affine.a.length === 3 ? { a: [...f.affine.a].reverse(), b: [...f.affine.b].reverse() } : f.affine;
      // COLOR_BGR2RGB on an image of unknown order (a parameter) still says what it gives.
      const color = f.color === '?' && op.to ? op.to : swapColor(f.color);
      return { ...f, trace, color, colorAt: op.node, swaps: f.swaps + 1, affine };
    }
    case 'setColor':
      return { ...f, trace, color: op.color, colorAt: op.node, pilOpen: op.color === 'RGB' || op.color === 'GRAY' ? undefined : f.pilOpen };
    case 'layout':
      return { ...f, trace, layout: op.to, layoutAt: op.node, layoutDesc: op.desc };
    case 'ppi':
      return { ...f, trace, ppi: { mode: op.mode, node: op.node, desc: op.desc } };
    case 'pilConvert':
      return { ...f, trace, pilOpen: undefined };
    case 'kind':
      return { ...f, trace, kind: op.kind, dtype: op.kind === 'ndarray' && f.kind === 'pil' ? 'uint8' : f.dtype };
    case 'channel':
      return { ...f, trace, kind: 'element', channel: op.index, dtype: 'int' };
    case 'resize':
      return { ...f, trace };
  }
}

/** Replays a callee's operations (recorded on a parameter) onto the caller's argument. */
export function replay(arg: FlowVal, rel: FlowVal): FlowVal {
  let out = arg;
  for (const op of rel.trace) out = applyOp(out, op);
  if (rel.layout !== '?' && out.layout === '?') out = { ...out, layout: rel.layout, layoutAt: rel.layoutAt, layoutDesc: rel.layoutDesc };
  return out;
}

/** The expected affine map a·p + b per channel from the spec: a = scale/std, b = −mean/std. */
export function specAffine(scale: number, mean: readonly number[], std: readonly number[]): Affine {
  return { a: std.map((s) => scale / s), b: mean.map((m, i) => -m / std[i]) };
}
