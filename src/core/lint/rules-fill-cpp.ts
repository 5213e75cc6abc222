// C++ partial fills: a loop or a copy that moves one value per pixel (Mat::total(), rows × cols) out of a
// multi-channel cv::Mat, so only 1/channels of the input tensor is written.

import { channelsOf } from '../spec/defaults';
import type { Analyzer } from './flow';
import type { Frame } from './flow-api';
import { dottedName, endOf, startOf, uncast, walkExpr, walkStmts, type Expr, type Stmt } from './ir';
import { flowOf } from './libs-common';
import { edit } from './report';

/** The factors of a product (a * b * c → [a, b, c]). */
function factors(e: Expr): Expr[] {
  const x = uncast(e);
  return x.k === 'bin' && x.op === '*' ? [...factors(x.l), ...factors(x.r)] : [x];
}

function methodOf(e: Expr, name: RegExp): string | undefined {
  const x = uncast(e);
  return x.k === 'call' && x.f.k === 'attr' && name.test(x.f.n) && x.f.o.k === 'name' && x.a.length === 0 ? x.f.o.n : undefined;
}

function fieldOf(e: Expr, name: string): string | undefined {
  const x = uncast(e);
  return x.k === 'attr' && x.n === name && x.o.k === 'name' ? x.o.n : undefined;
}

/** A product that counts a Mat's pixels (M.total(), M.rows * M.cols, M.size().area()) and nothing per channel. */
export interface PixelCount {
  mat: string;
  /** The factor(s) that count pixels, to insert `* M.channels()` after. */
  end: Expr;
  /** Bytes per value when the product also has sizeof(...)/elemSize1() (memcpy sizes). */
  bytes: boolean;
}

/** Reads a size expression as a pixel count of one Mat; undefined when it counts values (channels(), elemSize(), 3) or is unknown. */
export function pixelCount(an: Analyzer, e: Expr, scope: Frame['scope']): PixelCount | undefined {
  let total: string | undefined;
  let rows: string | undefined;
  let cols: string | undefined;
  let bytes = false;
  let end: Expr | undefined;
  const counted = (f: Expr): void => {
    if (!end || endOf(f.sp) > endOf(end.sp)) end = f;
  };
  for (const f of factors(e)) {
    const area = f.k === 'call' && f.f.k === 'attr' && f.f.n === 'area' && f.a.length === 0 ? methodOf(f.f.o, /^size$/) : undefined;
    const t = methodOf(f, /^total$/) ?? area;
    const r = fieldOf(f, 'rows');
    const c = fieldOf(f, 'cols');
    if (t !== undefined && total === undefined) {
      total = t;
      counted(f);
      continue;
    }
    if (r !== undefined && rows === undefined) {
      rows = r;
      counted(f);
      continue;
    }
    if (c !== undefined && cols === undefined) {
      cols = c;
      counted(f);
      continue;
    }
    if (f.k === 'other' && /^sizeof\s*\(/.test(an.text(f))) {
      bytes = true;
      continue;
    }
    if (methodOf(f, /^elemSize1$/)) {
      bytes = true;
      continue;
    }
    const v = an.info.evalConst(f, scope);
    if (v?.t === 'num' && v.v === 1) continue;
    return undefined;
  }
  const mat = total !== undefined ? (rows === undefined && cols === undefined ? total : undefined) : rows !== undefined && rows === cols ? rows : undefined;
  return mat !== undefined && end ? { mat, end, bytes } : undefined;
}

/** The Mat a pointer expression reads: M.data, M.ptr<T>(0), (float*)M.data, reinterpret_cast<const float*>(M.data), or an alias of one. */
export function matPointer(e: Expr, aliases: ReadonlyMap<string, string>): string | undefined {
  const x = uncast(e);
  if (x.k === 'name') return aliases.get(x.n);
  if (x.k === 'attr' && x.n === 'data' && x.o.k === 'name') return x.o.n;
  if (x.k === 'call' && x.f.k === 'attr' && x.f.n === 'ptr' && x.f.o.k === 'name' && x.a.length <= 1) return x.f.o.n;
  return undefined;
}

/** Names bound to pointers into a Mat's data in a function body (const float* p = m.ptr<float>(0);). */
export function matAliases(body: readonly Stmt[]): Map<string, string> {
  const out = new Map<string, string>();
  walkStmts(body, (s) => {
    if (s.k === 'assign' && s.t.k === 'name' && s.v) {
      const m = matPointer(s.v, out);
      if (m) out.set(s.t.n, m);
    }
  });
  return out;
}

function bodyOf(an: Analyzer, fr: Frame): readonly Stmt[] {
  return fr.func ? fr.func.body : an.info.body;
}

function isIndex(e: Expr, iv: string): boolean {
  const x = uncast(e);
  return x.k === 'name' && x.n === iv;
}

/** True when `e` reads the Mat's data at exactly index `iv` (m.data[i], p[i], m.ptr<float>(0)[i], m.at<float>(i)). */
function readsPixel(e: Expr, iv: string, mat: string, aliases: ReadonlyMap<string, string>): boolean {
  let hit = false;
  walkExpr(e, (x) => {
    if (x.k === 'sub' && x.idx.length === 1 && isIndex(x.idx[0], iv) && matPointer(x.o, aliases) === mat) hit = true;
    if (x.k === 'call' && x.f.k === 'attr' && x.f.n === 'at' && x.f.o.k === 'name' && x.f.o.n === mat && x.a.length === 1 && isIndex(x.a[0].v, iv)) hit = true;
  });
  return hit;
}

function multiChannel(an: Analyzer, fr: Frame, mat: string): boolean {
  if (channelsOf(an.spec.input.colorOrder) === 1) return false;
  const f = flowOf(fr.vars.get(mat));
  // A blobFromImage blob is an N-dimensional Mat: its total() already counts every value (N × C × H × W).
  if (f?.layoutDesc?.includes('blobFromImage')) return false;
  return !(f?.color === 'GRAY' || f?.channels === 1);
}

function report(an: Analyzer, count: PixelCount, at: Expr, what: string): void {
  const spec = an.spec.input;
  const C = channelsOf(spec.colorOrder);
  const txt = an.text(at);
  const pos = endOf(count.end.sp);
  const ins = ` * ${count.mat}.channels()`;
  an.rep.add({
    rule: 'partial-fill',
    at,
    specPath: 'input.colorOrder',
    message: `${what}, but a ${C}-channel image has ${C} values per pixel and the input tensor 1 × ${spec.height} × ${spec.width} × ${C}: it fills only 1/${C} of the tensor (the rest stays as allocated). Use ${txt.slice(0, pos - startOf(at.sp))}${ins}${txt.slice(pos - startOf(at.sp))}.`,
    fix: spec.layout === 'NHWC' ? { title: `Count ${count.mat}.channels() values per pixel`, edits: [edit(count.end.sp, pos, pos, ins)] } : undefined,
  });
}

/** A loop bounded by a pixel count that copies one value per pixel into a buffer. */
export function checkFillLoop(an: Analyzer, fr: Frame, s: Stmt & { k: 'for' }): void {
  const cond = s.cond;
  if (!cond || cond.k !== 'bin' || !/^(<|<=|!=)$/.test(cond.op) || cond.l.k !== 'name') return;
  const iv = cond.l.n;
  const count = pixelCount(an, cond.r, fr.scope);
  if (!count || count.bytes) return;
  const aliases = matAliases(bodyOf(an, fr));
  let nested = false;
  let write = false;
  walkStmts(s.body, (st) => {
    if (st.k === 'for') nested = true;
    if (st.k === 'assign' && st.t.k === 'sub' && st.t.idx.length === 1 && isIndex(st.t.idx[0], iv) && st.v && readsPixel(st.v, iv, count.mat, aliases))
      write = true;
  });
  if (nested || !write || !multiChannel(an, fr, count.mat)) return;
  report(an, count, uncast(cond.r), `This loop runs ${an.text(uncast(cond.r))} times, once per pixel, and copies one value each time`);
}

/** memcpy(dst, m.data, m.total() * sizeof(float)), std::copy(p, p + m.total(), dst), std::copy_n(p, m.total(), dst). */
export function checkFillCopy(an: Analyzer, fr: Frame, call: Expr & { k: 'call' }, fn: string): void {
  const a = call.a.map((x) => x.v);
  const aliases = matAliases(bodyOf(an, fr));
  let src: Expr | undefined;
  let size: Expr | undefined;
  if (/memcpy$/.test(fn) && a.length === 3) {
    src = a[1];
    size = a[2];
  } else if (/copy_n$/.test(fn) && a.length === 3) {
    src = a[0];
    size = a[1];
  } else if (/copy$/.test(fn) && a.length === 3) {
    const last = uncast(a[1]);
    if (last.k === 'bin' && last.op === '+' && dottedName(uncast(last.l)) === dottedName(uncast(a[0]))) {
      src = a[0];
      size = last.r;
    }
  }
  if (!src || !size) return;
  const mat = matPointer(src, aliases);
  const count = pixelCount(an, size, fr.scope);
  if (!mat || !count || count.mat !== mat || count.bytes !== /memcpy$/.test(fn) || !multiChannel(an, fr, mat)) return;
  const what = /memcpy$/.test(fn)
    ? `This copies ${an.text(uncast(size))} bytes, one float per pixel of ${mat}`
    : `This copies ${an.text(uncast(size))} values, one per pixel of ${mat}`;
  report(an, count, uncast(size), what);
}
