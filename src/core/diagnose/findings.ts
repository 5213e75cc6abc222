// The findings of a diagnosis: status, causes and what remains, decided from the search.

import type { DiffReport } from '../diff/types';
import { Frame, Measure } from './frame';
import { bestExplanation, replay, SearchResult, Trial } from './search';
import { describe } from './catalog';
import { float64Cause, modelDiffers } from './signatures';
import { locate } from './residual';
import { type Findings } from './summary';
import type { Cause, CauseId, DiagnoseOptions, Diagnosis, DifferenceLocation, MissingEvidence } from './types';

/** The smallest and largest value. */
export function minMax(v: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

/** Causes for the members of the best explanation, best single contribution first. */
export function causesOf(best: Trial, r: SearchResult, f: Frame, dumpShape: readonly number[]): Cause[] {
  const singleExplained = (id: string): number => Math.max(0, ...r.singles.filter((s) => s.hyps[0].id === id).map((s) => s.explained));
  const idx = best.hyps.map((_, i) => i).sort((a, b) => singleExplained(best.hyps[b].id) - singleExplained(best.hyps[a].id));
  const causes: Cause[] = [];
  for (const i of idx) {
    const partners = best.hyps.filter((_, k) => k !== i).map((h) => h.id);
    const companion = best.hyps[i].companion;
    causes.push(describe(best, i, { f, base: r.base, dumpShape, partners: companion ? [...partners, companion.id] : partners }));
    if (!companion) continue;
    // "tf.image.resize after TF's JPEG decoder": the resize is named too, with the same numbers.
    const withCompanion: Trial = { ...best, hyps: [...best.hyps, companion], details: [...best.details, companion.details] };
    causes.push(describe(withCompanion, best.hyps.length, { f, base: r.base, dumpShape, partners: [...partners, best.hyps[i].id] }));
  }
  return causes;
}

/** Errors below this count as none (2^-20 of the reference's mean magnitude). */
export function floorOf(f: Frame): number {
  let mean = 0;
  for (let i = 0; i < f.n; i++) mean += Math.abs(f.ref[i]);
  return Math.max(1e-12, (mean / f.n) * 2 ** -20);
}

/** The largest error left after undoing the causes that still counts as inside tolerance. */
export function residualBound(tol: { atol: number; rtol: number }, refMaxAbs: number): number {
  return Math.max(tol.atol + tol.rtol * refMaxAbs, 1e-6 * Math.max(1, refMaxAbs));
}

/** Causes a tensor-only diagnosis can name where the image would show a preprocessing difference instead. */
export const IMAGE_LOOKALIKES: ReadonlySet<CauseId> = new Set<CauseId>([
  'affine-mean-std',
  'uint8-truncation',
  'uint8-rounding',
  'local-difference',
  'rotation',
  'flip',
  'hw-transpose',
]);

/** Decide the status and the causes from the search: the best explanation, the model check, float64 alongside, what remains. */
export function findings(
  f: Frame,
  r: SearchResult,
  opts: DiagnoseOptions,
  base: Measure,
  report: DiffReport,
  missing: MissingEvidence[],
  dumpShape: readonly number[],
): Findings & { notes: string[]; combined?: Diagnosis['combined'] } {
  const notes: string[] = [];
  const best = bestExplanation(r, floorOf(f));
  const usable = best && best.explained >= 0.5 ? best : undefined;
  let causes: Cause[] = usable ? causesOf(usable, r, f, dumpShape) : [];
  const md = modelDiffers(opts, f, base, best?.explained ?? 0);
  if (md.note) notes.push(md.note);
  if (md.cause) {
    // Same input on both sides: whatever relation the outputs have, the model or runtime is the cause.
    if (causes.length > 0)
      notes.push(
        `the outputs also relate by ${causes.map((c) => c.title.toLowerCase()).join(' + ')} (explains ${Math.round(100 * (best?.explained ?? 0))}%); with equal inputs that describes the model difference, not a preprocessing bug.`,
      );
    causes = [md.cause];
  }
  if (!opts.inputs && !opts.fingerprints) missing.push('model-inputs');
  const explaining = causes.length;
  // A float64 dump is always worth knowing about, next to whatever else explains the difference.
  const f64 = !md.cause && !causes.some((c) => c.id === 'float64') ? float64Cause(f, base) : undefined;
  if (f64) causes.push(f64);
  const explained = md.cause ? 1 : (usable?.explained ?? 0);
  const [lo, hi] = minMax(f.ref);
  const refMaxAbs = Math.max(Math.abs(lo), Math.abs(hi));
  const top = causes[0];
  const leftover = md.cause || !top ? 0 : top.maxAfter;
  const residualOk = !(leftover > residualBound(f.tol, refMaxAbs));
  const status: Findings['status'] = explaining === 0 ? 'unexplained' : explained >= 0.9 && residualOk ? 'explained' : 'partially-explained';
  let remaining: DifferenceLocation | undefined;
  if (status !== 'explained' && !md.cause) {
    const after = usable ? replay(f, usable) : { values: f.dump, target: f.ref };
    remaining = locate(after.values, after.target, f);
  }
  const nonFinite = report.nonFinite.a.nan + report.nonFinite.a.posInf + report.nonFinite.a.negInf;
  return {
    status,
    causes,
    explaining,
    explained,
    leftover,
    residualOk,
    ...(remaining ? { remaining } : {}),
    closest: r.singles.slice(0, 3).map((t) => ({ id: t.hyps[0].id, explained: t.explained })),
    baseMax: base.max,
    nonFinite,
    tol: f.tol,
    modelCause: md.cause !== undefined,
    missing,
    notes,
    ...(usable && usable.hyps.length > 1 && !md.cause
      ? { combined: { ids: usable.hyps.map((h) => h.id), explained: usable.explained, maxAfter: usable.m.max } }
      : {}),
  };
}
