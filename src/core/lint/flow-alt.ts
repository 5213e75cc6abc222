// Values that are one of several alternatives (the branches of c ? a : b, the different returns of a function):
// a check reports only when every alternative fails it, since one branch that matches the spec may be the one used.

import type { Analyzer } from './flow';
import { UNHANDLED, type Frame, type TermCtx, type Val } from './flow-api';

import type { Expr, Stmt } from './ir';
import { applyOp, replay } from './flow-types';
import type { RawFinding } from './report';
import { isResizeRule, resizeChecks } from './rules-resize';

/**
 * At most this many alternatives are followed for one value. Code that combines a branched value with itself
 * (`hash ^= hash << 16` after an if/else, in a loop of a hash function) would otherwise double them with each statement.
 */
const MAX_ALTERNATIVES = 16;

/** The value of a function with these returns: the one image value, or the distinct ones as alternatives (nested
 * alternatives flattened; more than MAX_ALTERNATIVES make the value unknown). */
export function returnedValue(returns: readonly Val[]): Val {
  const flows: Val[] = [];
  // An unknown alternative inside nested alternatives stays one (a branch that may have fixed the value).
  let unknown = false;
  const add = (v: Val, nested: boolean): boolean => {
    if (v === undefined) unknown ||= nested;
    if (v === undefined || (v.k !== 'flow' && v.k !== 'many')) return true;
    if (v.k === 'many' && v.alt) {
      for (const x of v.items) if (!add(x, true)) return false;
      return true;
    }
    if (!flows.some((x) => x === v || (x?.k === 'flow' && v.k === 'flow' && x.f === v.f))) flows.push(v);
    return flows.length <= MAX_ALTERNATIVES;
  };
  for (const v of returns) if (!add(v, false)) return undefined;
  if (unknown && flows.length > 0) return { k: 'many', items: [...flows, undefined], alt: true };
  if (flows.length > 1) return { k: 'many', items: flows, alt: true };
  return flows[0] ?? returns.find((v) => v !== undefined);
}

/** Keeps the findings of each rule that every alternative fails (one alternative that passes a check may be the one used). */
function keepCommon(an: Analyzer, found: readonly RawFinding[][], anyOrder?: readonly boolean[]): void {
  for (let i = 0; i < found.length; i++)
    for (const f of found[i]!) {
      const order = f.rule === 'color-order';
      if (order && anyOrder?.[i]) continue;
      if (found.every((o, j) => (order && anyOrder?.[j]) || o.some((g) => g.rule === f.rule))) an.rep.add(f);
    }
}

/**
 * True for a one-channel image made three channels (COLOR_GRAY2RGB / GRAY2BGR last): its channels are equal, so the
 * order is the other alternatives' to say (the one-channel branch of a conversion chosen by the channel count).
 */
function anyOrder(v: Val): boolean {
  if (v?.k !== 'flow') return false;
  const t = v.f.trace;
  for (let i = t.length - 1; i >= 0; i--) {
    const op = t[i]!;
    if (op.t === 'swap') return false;
    if (op.t === 'setColor') return /GRAY2(RGB|BGR)A?$/.test(op.why);
  }
  return false;
}

/**
 * `c ? a : b` is either branch: both are followed (as a list of alternatives), and what a check reports while one
 * branch is evaluated (a TFLite `quantized ? new NormalizeOp(0, 1) : new NormalizeOp(127.5f, 127.5f)`) is kept only
 * when every branch fails that check.
 */
export function conditionalValue(an: Analyzer, kids: readonly Expr[], fr: Frame): Val {
  if (kids.length > 0) an.eval(kids[0], fr);
  const flows: Val[] = [];
  // Marks between the branches: nothing is captured (no closure, no copy) unless a branch reported something.
  const rep = an.rep;
  const marks = [rep.size];
  const unitStart = rep.unit?.length ?? 0;
  for (let i = 1; i < kids.length; i++) {
    const v = an.eval(kids[i], fr);
    if (v?.k === 'flow' || v?.k === 'many') flows.push(v);
    marks.push(rep.size);
  }
  const start = marks[0];
  let grew = false;
  let shrank = false;
  for (const m of marks) {
    grew ||= m > start;
    shrank ||= m < start;
  }
  // A branch that took back an earlier finding (withdraw) leaves the marks unusable: its findings stay as reported.
  if (grew && !shrank) {
    const taken = rep.takeSince(start, unitStart);
    keepCommon(
      an,
      marks.slice(1).map((end, i) => taken.slice(marks[i] - start, end - start)),
    );
  }
  return flows.length === 0 ? undefined : flows.length === 1 ? flows[0] : { k: 'many', items: flows, alt: true };
}

/** Routes alternatives to the checks: a check's findings are kept only when no alternative passes it. */
export function altTerminal(an: Analyzer, items: readonly Val[], ctx: TermCtx, at: Expr, desc: string, fr: Frame, into?: number): void {
  keepCommon(
    an,
    items.map((x) => an.rep.capture(() => an.terminal(x, ctx, at, desc, fr, into))),
    items.map(anyOrder),
  );
}

/**
 * What a call gives the caller, from the callee's returned value: a parameter's value is replayed on the argument.
 * `omitted(i)` is true for a parameter defaulting to None that the call leaves out: a returned alternative carrying it
 * (`if boxes is None: return image` / `return image, boxes`) is not what this call gets.
 */
export function callerValue(ret: Val, argFor: (i: number) => Val, omitted?: (i: number) => boolean): Val {
  // `return frame, batch`: each item of a returned tuple (or dict) reaches the caller, which unpacks or indexes it.
  if (ret?.k === 'many' && ret.alt) {
    const kept = omitted ? ret.items.filter((x) => !carriesParam(x, omitted)) : ret.items;
    if (kept.length === 1) return callerValue(kept[0], argFor);
    return { k: 'many', items: (kept.length > 0 ? kept : ret.items).map((x) => callerValue(x, argFor)), alt: true };
  }
  if (ret?.k === 'many') return { k: 'many', items: ret.items.map((x) => callerValue(x, argFor)) };
  if (ret?.k !== 'flow') return ret?.k === 'cv' ? ret : undefined;
  if (ret.f.origin.kind !== 'param') return ret;
  const a = argFor(ret.f.origin.paramIndex ?? -1);
  return a?.k === 'flow' ? { k: 'flow', f: replay(a.f, ret.f) } : undefined;
}

/** True when a value is, or is a tuple holding, a parameter's value for which `omitted` is true. */
function carriesParam(v: Val, omitted: (i: number) => boolean): boolean {
  if (v?.k === 'many' && !v.alt) return v.items.some((x) => x?.k === 'flow' && carriesParam(x, omitted));
  return v?.k === 'flow' && v.f.origin.kind === 'param' && v.f.origin.paramIndex !== undefined && omitted(v.f.origin.paramIndex);
}

/** Alternatives inside a value (itself, or an item of a tuple/dict such as `{"x": alt}`) and how to put one in their place. */
interface AltSlot {
  items: readonly Val[];
  put: (x: Val) => Val;
}

function altIn(v: Val, depth: number): AltSlot | undefined {
  if (v?.k !== 'many') return undefined;
  if (v.alt) return { items: v.items, put: (x) => x };
  if (depth === 0) return undefined;
  for (let i = 0; i < v.items.length; i++) {
    const r = altIn(v.items[i], depth - 1);
    if (r) return { items: r.items, put: (x) => ({ k: 'many', items: v.items.map((y, j) => (j === i ? r.put(x) : y)) }) };
  }
  return undefined;
}

/** Where a call receives alternatives: -1 for the receiver, else the index of the first argument holding some. */
export function altArg(recv: Val, args: readonly Val[]): number | undefined {
  if (recv?.k === 'many' && recv.alt) return -1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a?.k === 'many' && altIn(a, 2) !== undefined) return i;
  }
  return undefined;
}

/**
 * A call on alternatives runs once per alternative; a check's findings are kept only when every alternative fails it.
 * When the alternatives are constants (`Imgproc.cvtColor(src, dst, code)` with a code an if/else chose), the variables
 * the call writes (its output argument) hold what each run left in them, as alternatives; each run starts from the
 * variables as they were.
 */
export function altCall(an: Analyzer, at: number, recv: Val, args: readonly Val[], run: (recv: Val, args: Val[]) => Val, vars?: Map<string, Val>): Val {
  const slot = altIn(at < 0 ? recv : args[at], 2);
  if (!slot) return run(recv, [...args]);
  const vals: Val[] = [];
  // Only constants chosen by a branch (a conversion code) fork what the call writes; images that are alternatives
  // write their last one, as before.
  const before = vars && slot.items.every((x) => x?.k === 'cv') ? new Map(vars) : undefined;
  const written = new Map<string, Val[]>();
  const found = slot.items.map((x, n) =>
    an.rep.capture(() => {
      vals.push(
        at < 0
          ? run(slot.put(x), [...args])
          : run(
              recv,
              args.map((a, i) => (i === at ? slot.put(x) : a)),
            ),
      );
      if (vars && before) restore(vars, before, written, n, slot.items.length);
    }),
  );
  keepCommon(an, found, slot.items.map(anyOrder));
  if (vars && before) for (const [k, vs] of written) vars.set(k, altOf(vs.map((v) => (v === UNSET ? before.get(k) : v))));
  return altOf(vals);
}

const UNSET: Val = { k: 'cv', v: { t: 'str', v: '' } };

/** Records what run `n` of `total` wrote into `vars` (in `written`) and puts the variables back as they were. */
function restore(vars: Map<string, Val>, before: ReadonlyMap<string, Val>, written: Map<string, Val[]>, n: number, total: number): void {
  for (const [k, v] of vars) {
    if (before.has(k) && before.get(k) === v) continue;
    let list = written.get(k);
    if (!list) written.set(k, (list = new Array<Val>(total).fill(UNSET)));
    list[n] = v;
  }
  for (const k of [...vars.keys()]) if (!before.has(k)) vars.delete(k);
  for (const [k, v] of before) vars.set(k, v);
}

/** An operation applied to each alternative: the results stay alternatives. */
export function mapAlt(items: readonly Val[], op: (x: Val) => Val): Val {
  return altOf(items.map(op));
}

/** Alternatives from several results: the distinct image values, with `undefined` kept when some result is unknown. */
function altOf(vals: readonly Val[]): Val {
  const v = returnedValue(vals);
  if (!vals.includes(undefined) || (v?.k !== 'flow' && v?.k !== 'many')) return v;
  return { k: 'many', items: v.k === 'many' && v.alt ? [...v.items, undefined] : [v, undefined], alt: true };
}

/** `a, b = v` where v is one of several tuples of n items: each position holds the alternatives of that position. */
export function unpackAlt(v: Val, n: number): Val[] | undefined {
  if (v?.k !== 'many' || !v.alt || !v.items.every((x) => x?.k === 'many' && !x.alt && x.items.length === n)) return undefined;
  const out: Val[] = [];
  for (let i = 0; i < n; i++) out.push(altOf(v.items.map((x) => (x?.k === 'many' ? x.items[i] : undefined))));
  return out;
}

/**
 * A variable after an if/else: what each branch left in it. A branch that neither sets it nor had it before (it raises or
 * returns) gives nothing; a branch that made it unknown keeps `undefined` among the alternatives, so no check fails on a
 * value that branch may have fixed.
 */
export function joinBranches(k: string, before: ReadonlyMap<string, Val>, outs: readonly ReadonlyMap<string, Val>[]): Val {
  const was = before.get(k);
  const cands: Val[] = [];
  let unknown = false;
  for (const o of outs) {
    const v = o.has(k) ? o.get(k) : was;
    if (v === undefined) unknown ||= was !== undefined;
    else cands.push(v);
  }
  if (cands.length === 0) return undefined;
  if (cands.every((x) => x === cands[0]) && !unknown) return cands[0];
  const codes = unknown ? undefined : colorCodes(cands);
  if (codes) return codes;
  return altOf(unknown ? [...cands, undefined] : cands);
}

/**
 * True for OpenCV colour-conversion codes (`code = COLOR_BGRA2RGB` when the image has 4 channels, else COLOR_BGR2RGB):
 * the branches' codes stay alternatives, each conversion is followed. Other constants keep the first branch's value.
 */
function colorCodes(cands: readonly Val[]): Val {
  const names = new Set<string>();
  const items: Val[] = [];
  for (const c of cands)
    for (const x of c?.k === 'many' && c.alt ? c.items : [c]) {
      if (x?.k !== 'cv' || x.v.t !== 'sym' || !/(^|[.:_])COLOR_[A-Za-z]+2[A-Za-z]+$/.test(x.v.name)) return undefined;
      if (!names.has(x.v.name)) items.push(x);
      names.add(x.v.name);
    }
  return items.length > 1 ? { k: 'many', items, alt: true } : undefined;
}

/** A store where the array or the value is one of several: each pairing is stored, and the results stay alternatives. */
export function altStore(held: Val, v: Val, store: (held: Val, v: Val) => Val | typeof UNHANDLED): Val | typeof UNHANDLED {
  const hs = held?.k === 'many' && held.alt ? held.items : [held];
  const vs = v?.k === 'many' && v.alt ? v.items : [v];
  const pairs: [Val, Val][] = hs.length === vs.length ? hs.map((h, i) => [h, vs[i]]) : hs.flatMap((h) => vs.map((x): [Val, Val] => [h, x]));
  const out: Val[] = [];
  for (const [h, x] of pairs) {
    const r = store(h, x);
    out.push(r === UNHANDLED ? (x === undefined ? undefined : h) : r);
  }
  return out.some((x) => x !== undefined) ? altOf(out) : UNHANDLED;
}

/** A number literal's value, else undefined. */
function literal(e: Expr): number | undefined {
  return e.k === 'num' ? e.v : undefined;
}

/** `a == b` as its operator and operands: a C-family binary expression, or Python's comparison (kept as two operands). */
function comparison(an: Analyzer, e: Expr): { op: string; l: Expr; r: Expr } | undefined {
  if (e.k === 'bin') return e;
  if (e.k !== 'other' || e.kids.length !== 2 || e.alt) return undefined;
  const [l, r] = e.kids;
  const whole = an.text(e);
  const lt = an.text(l);
  const rt = an.text(r);
  if (!whole.startsWith(lt) || !whole.endsWith(rt) || whole.length <= lt.length + rt.length) return undefined;
  return { op: whole.slice(lt.length, whole.length - rt.length).trim(), l, r };
}

/**
 * The branch (0: then, 1: else) an if/else's condition picks when it compares a known number with a number literal
 * (`if imgC == 1:` after `imgC, imgH, imgW = [3, 48, 192]`); undefined when the file cannot tell.
 */
function constantBranch(an: Analyzer, body: readonly Stmt[], condLen: number, fr: Frame): number | undefined {
  const c = condLen === 1 ? body[0] : undefined;
  if (c?.k !== 'expr') return undefined;
  const cmp = comparison(an, c.e);
  if (!cmp) return undefined;
  const { op, l, r } = cmp;
  const eq = op === '==' || op === '===';
  if (!eq && op !== '!=' && op !== '!==') return undefined;
  const lit = literal(r) ?? literal(l);
  const other = literal(r) !== undefined ? l : r;
  if (lit === undefined || (other.k !== 'name' && other.k !== 'attr')) return undefined;
  const v = an.info.evalConst(other, fr.scope);
  if (v?.t !== 'num') return undefined;
  return (v.v === lit) === eq ? 0 : 1;
}

/**
 * An if/else: each branch runs from the state after the condition, and a variable the branches leave different holds
 * their values as alternatives (`if (gray) x.convertTo(…) else x.convertTo(…)` is one conversion, not two).
 */
export function runBranches(an: Analyzer, body: readonly Stmt[], alts: readonly number[], fr: Frame, top: boolean): void {
  an.process(body.slice(0, alts[0]), fr, top);
  // `if imgC == 1: … else: …` with imgC a known 3: only the branch the condition picks runs.
  const live = alts.length === 2 ? constantBranch(an, body, alts[0], fr) : undefined;
  if (live !== undefined) {
    an.process(body.slice(alts[live], alts[live + 1] ?? body.length), fr, top);
    return;
  }
  const before = fr.vars;
  const outs: Map<string, Val>[] = [];
  // Branches that each resize are alternative resizes (`if (opt === 'nearest') resizeNearest… else resizeBilinear…`):
  // a resize finding stays only when every branch fails that check.
  const found: RawFinding[][] | undefined = alts.length > 1 ? [] : undefined;
  let allResize = found !== undefined;
  for (let i = 0; i < alts.length; i++) {
    fr.vars = new Map(before);
    const part = body.slice(alts[i], alts[i + 1] ?? body.length);
    if (found) {
      const n = resizeChecks();
      found.push(an.rep.capture(() => an.process(part, fr, top)));
      allResize &&= resizeChecks() > n;
    } else an.process(part, fr, top);
    outs.push(fr.vars);
  }
  if (found)
    for (const fs of found) for (const f of fs) if (!allResize || !isResizeRule(f.rule) || found.every((o) => o.some((g) => g.rule === f.rule))) an.rep.add(f);
  const merged = new Map(before);
  for (const out of outs) for (const [k, v] of out) if (!(merged.get(k) === v && before.get(k) === v)) merged.set(k, joinBranches(k, before, outs));
  fr.vars = merged;
}

/**
 * A Python store into an array element: `x[c, :, :] = (x[c, :, :] / 255 - mean[c]) / std[c]` normalises in place, in the
 * array's own dtype; `canvas[dh:dh + nh, dw:dw + nw, :] = resized` (or `out[c] = ...` into a new array) makes the array
 * hold the image (the rest is padding or the other channels), in the array's own dtype.
 */
export function pyStore(held: Val, v: Val, t: Expr): Val | typeof UNHANDLED {
  if (v?.k !== 'flow') return UNHANDLED;
  if (held?.k === 'flow' && held.f.origin === v.f.origin) return { k: 'flow', f: applyOp(v.f, { t: 'cast', dtype: held.f.dtype ?? '?', node: t }) };
  if (held?.k !== 'flow') return { k: 'flow', f: applyOp(v.f, { t: 'cast', dtype: '?', node: t }) };
  return UNHANDLED;
}
