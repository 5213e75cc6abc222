// Test every hypothesis alone and the strongest ones in pairs; pick the simplest explanation that fits best.

import { Frame, measure, Measure } from './frame';
import { CAUSE_PRIORITY, Hypothesis } from './hypothesis';
import type { CauseId } from './types';

/** One tested configuration: one or two hypotheses and how close the dump gets to the (possibly alternative) reference. */
export interface Trial {
  hyps: Hypothesis[];
  m: Measure;
  explained: number;
  /** Details reported by each hypothesis when applied (same order as hyps). */
  details: (Record<string, unknown> | undefined)[];
  /** The corrected dump and the reference it was compared with (kept for the best trials only). */
}

/** Dump-side results that do not depend on the target, computed once per search (keyed by hypothesis). */
type Memo = Map<Hypothesis, Float64Array | null>;

function run(f: Frame, hyps: Hypothesis[], base: number, memo: Memo): Trial | undefined {
  const alt = hyps.find((h) => h.altRef);
  const target = alt?.altRef ?? f.ref;
  let x = f.dump;
  const details: (Record<string, unknown> | undefined)[] = hyps.map((h) => h.details);
  const dumpSide = hyps
    .map((h, i) => ({ h, i }))
    .filter(({ h }) => h.apply)
    .sort((p, q) => p.h.order - q.h.order);
  let m: Measure | undefined;
  for (let k = 0; k < dumpSide.length; k++) {
    const { h, i } = dumpSide[k];
    if (k === dumpSide.length - 1 && h.fitMeasure) {
      // Last step of a fitted transform: fit and measure in one go, without materialising the corrected dump.
      const r = h.fitMeasure(x, target, f.cap);
      if (!r) return undefined;
      m = r.m;
      if (r.details) details[i] = r.details;
      break;
    }
    const cacheable = x === f.dump && !h.fitted;
    const cached = cacheable ? memo.get(h) : undefined;
    if (cached === null) return undefined;
    if (cached) {
      x = cached;
      continue;
    }
    const r = h.apply?.(x, target);
    if (cacheable) memo.set(h, r ? r.values : null);
    if (!r) return undefined;
    x = r.values;
    if (r.details) details[i] = r.details;
  }
  m = m ?? measure(x, target, f.cap);
  return { hyps, m, explained: base > 0 ? 1 - m.mean / base : 0, details };
}

/** The dump with every dump-side step of `t` undone, and the reference it is compared with (for locating what remains). */
export function replay(f: Frame, t: Trial): { values: Float64Array; target: Float64Array } {
  const alt = t.hyps.find((h) => h.altRef);
  const target = alt?.altRef ?? f.ref;
  let x = f.dump;
  for (const h of t.hyps.filter((k) => k.apply).sort((p, q) => p.order - q.order)) {
    const r = h.apply?.(x, target);
    if (!r) break;
    x = r.values;
  }
  return { values: x, target };
}

/** The best trial of each cause alone (all variants tried), the strongest pairs, and triples grown from the best pairs. */
export interface SearchResult {
  singles: Trial[];
  pairs: Trial[];
  /** Three causes at once (e.g. big-endian floats + BGR + NCHW from one Java loop); grown from the best pairs. */
  triples: Trial[];
  base: Measure;
}

function compatible(a: Hypothesis, b: Hypothesis): boolean {
  if (a.id === b.id) return false;
  if (a.altRef && b.altRef) return false;
  const scatters = (h: Hypothesis): boolean => h.permutes === true && h.withinPixel !== true;
  if ((a.id === 'partial-fill' && scatters(b)) || (b.id === 'partial-fill' && scatters(a))) return false;
  // A local patch says where the rest sits; next to a partial fill (a patch at the end of the buffer) it adds nothing.
  if ((a.id === 'local-difference' && b.id === 'partial-fill') || (b.id === 'local-difference' && a.id === 'partial-fill')) return false;
  if (a.order === 0 && b.order === 0) return false;
  // A free per-channel fit can absorb a tiny quantization effect; such pairs prove nothing.
  const quant = (h: Hypothesis): boolean => h.id === 'float16' || h.id === 'uint8-truncation' || h.id === 'uint8-rounding';
  if ((a.id === 'affine-mean-std' && quant(b)) || (b.id === 'affine-mean-std' && quant(a))) return false;
  return true;
}

/** Run all singles, then pair each of the `topK` strongest hypotheses with every compatible other. */
export function search(f: Frame, hyps: Hypothesis[], topK = 4, topTriples = 3): SearchResult {
  return searchUntil(f, hyps, () => false, topK, topTriples);
}

/** Like search(), but stops growing combinations once `settled` says the best trial so far leaves nothing to explain. */
export function searchUntil(f: Frame, hyps: Hypothesis[], settled: (t: Trial) => boolean, floor = 0, topK = 4, topTriples = 3): SearchResult {
  const base = measure(f.dump, f.ref, f.cap);
  const memo: Memo = new Map();
  const singles: Trial[] = [];
  for (const h of hyps) {
    const t = run(f, [h], base.mean, memo);
    if (t) singles.push(t);
  }
  singles.sort((p, q) => p.m.mean - q.m.mean || CAUSE_PRIORITY[p.hyps[0].id] - CAUSE_PRIORITY[q.hyps[0].id]);
  // Strongest distinct hypotheses (by variant), excluding ones that do nothing.
  if (singles[0] && settled(singles[0])) return { singles, pairs: [], triples: [], base };
  const lead = singles
    .filter((t) => t.explained > 0.01)
    .slice(0, topK)
    .map((t) => t.hyps[0]);
  // Hypotheses that do not apply alone (e.g. partial fill hidden behind a scale error) still get paired.
  const pairs: Trial[] = [];
  const seen = new Set<string>();
  const candidates: [Hypothesis, Hypothesis][] = [];
  for (const a of lead) {
    for (const b of hyps) {
      if (!compatible(a, b)) continue;
      const key = [`${a.id}/${a.variant}`, `${b.id}/${b.variant}`].sort().join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      candidates.push([a, b]);
    }
  }
  // Most specific combinations first: once one leaves no error at all, any later one could only tie, and a tie goes
  // to the more specific (lower priority) explanation, which was tried first. So stop there.
  const prio = (c: readonly Hypothesis[]): number => c.reduce((acc, h) => acc + CAUSE_PRIORITY[h.id], 0);
  candidates.sort((p, q) => prio(p) - prio(q));
  for (const c of candidates) {
    const t = run(f, c, base.mean, memo);
    if (!t) continue;
    pairs.push(t);
    if (t.m.mean <= floor) break;
  }
  pairs.sort((p, q) => p.m.mean - q.m.mean);
  if (pairs[0] && settled(pairs[0])) return { singles, pairs, triples: [], base };
  // Triples: extend the best few pairs that leave something unexplained by one more compatible hypothesis.
  const triples: Trial[] = [];
  const tripleSeen = new Set<string>();
  for (const pr of pairs.slice(0, topTriples)) {
    if (pr.explained > 0.999) continue;
    for (const c of hyps) {
      if (!pr.hyps.every((h) => compatible(h, c))) continue;
      if (pr.hyps.some((h) => h.altRef) && c.altRef) continue;
      const key = [...pr.hyps, c]
        .map((h) => `${h.id}/${h.variant}`)
        .sort()
        .join('|');
      if (tripleSeen.has(key)) continue;
      tripleSeen.add(key);
      const t = run(f, [...pr.hyps, c], base.mean, memo);
      if (t) triples.push(t);
    }
  }
  triples.sort((p, q) => p.m.mean - q.m.mean);
  return { singles, pairs, triples, base };
}

/** Errors this close count as equally good (so the simpler, more specific explanation wins). */
export function equivalent(a: number, b: number, floor: number): boolean {
  if (a <= floor && b <= floor) return true;
  return Math.abs(a - b) <= 0.02 * Math.max(a, b);
}

function priority(t: Trial): number {
  return t.hyps.reduce((s, h) => s + CAUSE_PRIORITY[h.id], 0);
}

/** The best explanation: lowest error; among equivalent ones, fewer causes, then more specific causes. */
export function bestExplanation(r: SearchResult, floor: number): Trial | undefined {
  const bestSingle = r.singles[0];
  // A pair only counts when it is clearly better than either of its members alone.
  const singleErr = new Map<string, number>();
  for (const s of r.singles) {
    const k = s.hyps[0].id;
    singleErr.set(k, Math.min(singleErr.get(k) ?? Infinity, s.m.mean));
  }
  const goodPairs = r.pairs.filter((p) => {
    const e = Math.min(...p.hyps.map((h) => singleErr.get(h.id) ?? r.base.mean));
    return p.m.mean < 0.5 * e && e > floor;
  });
  // A triple only counts when it is clearly better than every pair (and single) made of its members.
  const subErr = (hs: Hypothesis[]): number => {
    const ids = new Set(hs.map((h) => h.id));
    let e = Math.min(...hs.map((h) => singleErr.get(h.id) ?? r.base.mean));
    for (const p of r.pairs) if (p.hyps.every((h) => ids.has(h.id))) e = Math.min(e, p.m.mean);
    return e;
  };
  const goodTriples = r.triples.filter((t) => {
    const e = subErr(t.hyps);
    return t.m.mean < 0.5 * e && e > floor;
  });
  const all = [...(bestSingle ? r.singles : []), ...goodPairs, ...goodTriples];
  if (all.length === 0) return undefined;
  const minErr = Math.min(...all.map((t) => t.m.mean));
  const tied = all.filter((t) => equivalent(t.m.mean, minErr, floor));
  tied.sort((p, q) => p.hyps.length - q.hyps.length || priority(p) - priority(q) || p.m.mean - q.m.mean);
  return tied[0];
}

/** Best single trial per cause id. */
export function bestPerCause(r: SearchResult): Map<CauseId, Trial> {
  const out = new Map<CauseId, Trial>();
  for (const t of r.singles) {
    const id = t.hyps[0].id;
    if (!out.has(id)) out.set(id, t);
  }
  return out;
}
