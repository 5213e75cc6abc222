// Turns a DiffReport (and a Diagnosis) into what the diff panel shows: formatted metrics, the verdict badge, worst
// elements, per-channel error heatmaps (block-max downsampled) and diagnosis cards. Pure: no vscode import.

import { codeHint } from '../../core/diagnose/code-hints';
import { findExcessiveNesting } from '../../core/spec/depth';
import { fmtNum } from '../../core/diff/format';
import { HEATMAP_MAX_SIDE, layoutAxes } from '../../core/diff/heatmap';
import type { DiffReport } from '../../core/diff/types';
import type { Diagnosis } from '../../core/diagnose/types';
import { fmtCount, formatShape } from '../../core/tensor/ndarray';
import type { CompareCauseView, CompareDiagnosisView, CompareHeatmaps, CompareMetric, ComparePayload, ViewedFile } from '../../protocol';
import * as l10n from '../l10n';

// The heatmaps are computed in core (src/core/diff/heatmap.ts) so the worker threads can compute them too.

function at(v: { value: number; index: number[] } | undefined): string {
  return v ? l10n.t('{0} at [{1}]', fmtNum(v.value), v.index.join(', ')) : '—';
}

/** Relative error is worth showing when no reference value near 0 blows it up (max ≤ 1e4, mean ≤ 1e2). */
export function relativeMeaningful(rel: { max: { value: number }; mean: number }): boolean {
  return Number.isFinite(rel.max.value) && rel.max.value <= 1e4 && rel.mean <= 1e2;
}

/** The metrics table rows. */
export function metricsOf(r: DiffReport): CompareMetric[] {
  const rows: CompareMetric[] = [];
  const add = (id: string, label: string, value: string, hint?: string): void => {
    rows.push(hint ? { id, label, value, hint } : { id, label, value });
  };
  add('shapes', l10n.t('Shapes'), l10n.t('a {0} {1} · b {2} {3}', r.a.dtype, formatShape(r.a.shape), r.b.dtype, formatShape(r.b.shape)), r.dtypeMismatch);
  if (r.count === 0) return rows;
  const v = r.verdict;
  add(
    'failures',
    l10n.t('Outside tolerance ({0})', v.mode),
    l10n.t('{0} of {1} ({2}%)', fmtCount(v.failures), fmtCount(r.count), (100 * v.failureFraction).toPrecision(3)),
  );
  add(
    'failures-other',
    l10n.t('Outside tolerance ({0})', v.mode === 'both' ? 'allclose' : 'both'),
    fmtCount(v.failuresOtherMode),
    l10n.t('the same tolerance under the other semantics'),
  );
  if (r.abs) {
    add('max-abs', l10n.t('max |a−b|'), at(r.abs.max));
    add('mean-abs', l10n.t('mean |a−b|'), fmtNum(r.abs.mean), l10n.t('std {0}', fmtNum(r.abs.std)));
    add('median-abs', l10n.t('median |a−b|'), fmtNum(r.abs.median.value));
    add('p99-abs', l10n.t('p99 |a−b|'), fmtNum(r.abs.p99.value));
  }
  if (r.rel && relativeMeaningful(r.rel)) {
    add('max-rel', l10n.t('max relative'), at(r.rel.max), '|a−b| / |b|');
    add('mean-rel', l10n.t('mean relative'), fmtNum(r.rel.mean));
  } else if (r.rel) {
    // |a−b| / |b| explodes where the reference is about 0 (b = 0 counts as 2.2e-16): a "mean relative 2.4e+9" says nothing.
    add(
      'rel',
      l10n.t('relative |a−b| / |b|'),
      l10n.t('not meaningful here'),
      l10n.t(
        'the reference is about 0 where the tensors differ (|a−b| / |b| reaches {0} at [{1}]); judge by |a−b| above',
        fmtNum(r.rel.max.value),
        r.rel.max.index.join(', '),
      ),
    );
  }
  add('rmse', 'RMSE', fmtNum(r.rmse));
  // With NaN/Inf present the statistics leave those pairs out: say so next to the numbers, never a bare "cosine 1.0".
  const finiteOnly =
    r.finiteCount < r.count ? l10n.t('on the {0} finite pairs only; {1} hold NaN/Inf', fmtCount(r.finiteCount), fmtCount(r.count - r.finiteCount)) : undefined;
  add('cosine', l10n.t('cosine similarity'), Number.isFinite(r.cosine) ? r.cosine.toFixed(8) : fmtNum(r.cosine), finiteOnly);
  add('snr', 'SNR', `${fmtNum(r.snrDb)} dB`, finiteOnly);
  add('psnr', 'PSNR', `${fmtNum(r.psnrDb)} dB`, l10n.t('peak = reference range {0}', fmtNum(r.peak)));
  const tp = r.verdict.mode === 'both' ? r.toPass.both : r.toPass.allclose;
  const t = (x: number | null): string => (x === null ? l10n.t('none') : fmtNum(x));
  add(
    'to-pass',
    l10n.t('Tolerance that passes'),
    l10n.t('atol ≥ {0} (at rtol {1}) or rtol ≥ {2} (at atol {3})', t(tp.atolAtRtol), fmtNum(r.tolerance.rtol), t(tp.rtolAtAtol), fmtNum(r.tolerance.atol)),
  );
  for (const side of ['a', 'b'] as const) {
    const c = r.nonFinite[side];
    if (c.nan + c.posInf + c.negInf > 0) {
      add(
        `nonfinite-${side}`,
        l10n.t('NaN / inf in {0}', side),
        l10n.t('{0} NaN, {1} +inf, {2} -inf', fmtCount(c.nan), fmtCount(c.posInf), fmtCount(c.negInf)),
        c.first.length > 0 ? l10n.t('first at {0}', c.first.map((f) => `[${f.index.join(', ')}]`).join(' ')) : undefined,
      );
    }
  }
  return rows;
}

/** Where the two tensors came from and where the tolerance came from. */
export interface PayloadSource {
  a: ViewedFile;
  b: ViewedFile;
  origin: ComparePayload['origin'];
  toleranceFrom: string;
}

/** The whole diff panel payload for a report. */
export function buildDiffPayload(r: DiffReport, src: PayloadSource, heatmaps?: CompareHeatmaps): ComparePayload {
  const comparable = r.alignment.kind !== 'incompatible';
  const notes = [...r.notes];
  if (heatmaps && r.layout && heatmaps.channels < (r.channels?.length ?? 0))
    notes.push(l10n.t('heatmaps show the first {0} of {1} channels.', heatmaps.channels, r.channels?.length ?? 0));
  return {
    title: l10n.t('{0} vs {1}', src.a.name, src.b.name),
    a: src.a,
    b: src.b,
    origin: src.origin,
    comparable,
    alignment: r.alignment.kind === 'same' ? '' : r.alignment.message,
    verdict: {
      pass: r.verdict.pass,
      mode: r.verdict.mode,
      atol: r.tolerance.atol,
      rtol: r.tolerance.rtol,
      toleranceFrom: src.toleranceFrom,
      failures: r.verdict.failures,
      failuresOtherMode: r.verdict.failuresOtherMode,
      message: r.verdict.message,
    },
    metrics: metricsOf(r),
    histogram: r.histogram.map((b) => ({ lo: b.lo, hi: b.hi, count: b.count })),
    worst: r.worst.map((w) => ({ index: [...w.index], aIndex: [...w.aIndex], a: w.a, b: w.b, abs: w.abs, rel: w.rel })),
    ...(heatmaps ? { heatmaps } : {}),
    notes,
  };
}

/** The first finding among `rules` (in their order): only a rule that flags the cause itself, never a neighbour's finding. */
export function sourceForRules(
  found: ReadonlyMap<string, NonNullable<CompareCauseView['source']>>,
  rules: readonly string[],
): CompareCauseView['source'] | undefined {
  for (const r of rules) {
    const f = found.get(r);
    if (f) return f;
  }
  return undefined;
}

/** The diagnosis cards; `sourceFor` finds a linter finding for a spec field (file, zero-based line, message). */
export function diagnosisView(
  d: Diagnosis,
  sourceFor?: (rules: readonly string[]) => CompareCauseView['source'] | undefined,
  canUseImage = false,
): CompareDiagnosisView {
  const causes: CompareCauseView[] = d.causes.map((c) => {
    // Only a finding of a rule that flags this very cause; otherwise a workspace search for the calls that make it.
    const hint = codeHint(c.id);
    const src = sourceFor && hint.lintRules.length > 0 ? sourceFor(hint.lintRules) : undefined;
    return {
      id: c.id,
      title: c.title,
      explained: c.explained,
      evidence: c.evidence,
      fix: c.fix,
      ...(c.stage ? { stage: c.stage } : {}),
      ...(c.specChange ? { specPath: c.specChange.path, specValue: JSON.stringify(c.specChange.value) } : {}),
      ...(src ? { source: src } : hint.search ? { search: hint.search } : {}),
    };
  });
  const offerImage = canUseImage && (d.missing ?? []).includes('image-and-spec');
  return {
    status: d.status,
    summary: d.summary,
    causes,
    notes: [...d.notes],
    ...(d.stages ? { stages: d.stages.message } : {}),
    ...(offerImage ? { offerImage } : {}),
  };
}

// ---- Reports written by `tensor-parity diff --json` / `diagnose --json` ----

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNums = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => typeof v === 'number');

/** JSON reports spell non-finite numbers as "NaN", "inf" and "-inf": turn them back into numbers. */
export function reviveNonFinite(x: unknown): unknown {
  if (x === 'NaN') return NaN;
  if (x === 'inf' || x === '+inf') return Infinity;
  if (x === '-inf') return -Infinity;
  if (Array.isArray(x)) return x.map(reviveNonFinite);
  if (isRec(x)) {
    const out: Rec = {};
    for (const [k, v] of Object.entries(x)) out[k] = reviveNonFinite(v);
    return out;
  }
  return x;
}

function looksLikeReport(x: unknown): x is DiffReport {
  if (!isRec(x)) return false;
  const { a, b, verdict, tolerance, alignment } = x;
  return (
    isRec(a) &&
    isNums(a.shape) &&
    typeof a.dtype === 'string' &&
    isRec(b) &&
    isNums(b.shape) &&
    typeof b.dtype === 'string' &&
    isRec(verdict) &&
    typeof verdict.pass === 'boolean' &&
    typeof verdict.message === 'string' &&
    typeof verdict.failures === 'number' &&
    isRec(tolerance) &&
    typeof tolerance.atol === 'number' &&
    typeof tolerance.rtol === 'number' &&
    isRec(alignment) &&
    typeof alignment.kind === 'string' &&
    typeof x.count === 'number' &&
    Array.isArray(x.histogram) &&
    Array.isArray(x.worst) &&
    Array.isArray(x.notes) &&
    isRec(x.toPass) &&
    isRec(x.nonFinite)
  );
}

function looksLikeDiagnosis(x: unknown): x is Diagnosis {
  return (
    isRec(x) &&
    typeof x.status === 'string' &&
    typeof x.summary === 'string' &&
    Array.isArray(x.causes) &&
    x.causes.every((c) => isRec(c) && typeof c.id === 'string' && typeof c.title === 'string' && typeof c.evidence === 'string' && typeof c.fix === 'string') &&
    Array.isArray(x.notes) &&
    isRec(x.baseline)
  );
}

/** A report read from JSON: the diff report (when there is one) and the diagnosis (diagnose --json only). */
export interface ParsedReport {
  report?: DiffReport;
  diagnosis?: Diagnosis;
}

/** Reads the JSON output of `tensor-parity diff --json` or `diagnose --json`; throws a message naming the file and the fix. */
export function parseReportJson(text: string, file: string): ParsedReport {
  if (findExcessiveNesting(text, 200)) {
    throw new Error(
      l10n.t(
        '{0}: is nested far deeper than any report Tensor Parity writes; it is not a diff report. Write one with `tensor-parity diff dump.npy reference.npy --json > report.json`.',
        file,
      ),
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new Error(
      l10n.t(
        '{0}: is not valid JSON ({1}). Write the report with `tensor-parity diff dump.npy reference.npy --json > report.json`.',
        file,
        e instanceof Error ? e.message : String(e),
      ),
    );
  }
  const x = reviveNonFinite(raw);
  if (looksLikeDiagnosis(x)) {
    const report = x.baseline.report;
    return { diagnosis: x, ...(looksLikeReport(report) ? { report: withSpatialArrays(report) } : {}) };
  }
  if (looksLikeReport(x)) return { report: withSpatialArrays(x) };
  throw new Error(
    l10n.t(
      '{0}: is not a report from `tensor-parity diff --json` or `tensor-parity diagnose --json` (it has no "verdict" or "causes"). Write one with `tensor-parity diff dump.npy reference.npy --json > report.json` and open that file.',
      file,
    ),
  );
}

function withSpatialArrays(r: DiffReport): DiffReport {
  const sp = r.spatial as unknown;
  if (!isRec(sp)) return r;
  const { height, width, maxAbs, meanAbs } = sp;
  if (typeof height === 'number' && typeof width === 'number' && isNums(maxAbs) && maxAbs.length === height * width) {
    return {
      ...r,
      spatial: { height, width, maxAbs: Float32Array.from(maxAbs), meanAbs: Float32Array.from(isNums(meanAbs) ? meanAbs : maxAbs) },
    };
  }
  const { spatial: _dropped, ...rest } = r;
  return rest;
}

/** A single "max over channels" heatmap from a report's spatial map (JSON reports written with --spatial). */
export function heatmapFromSpatial(r: DiffReport, maxSide = HEATMAP_MAX_SIDE): CompareHeatmaps | undefined {
  const sp = r.spatial;
  if (!sp) return undefined;
  const H = sp.height;
  const W = sp.width;
  const block = Math.max(1, Math.ceil(Math.max(H, W) / maxSide));
  const height = Math.ceil(H / block);
  const width = Math.ceil(W / block);
  const maps = new Float32Array(height * width);
  let maxAbs = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = sp.maxAbs[y * W + x];
      const m = Math.floor(y / block) * width + Math.floor(x / block);
      if (v !== v) maps[m] = NaN;
      else if (v > maps[m]) maps[m] = v;
      if (v > maxAbs && v !== Infinity) maxAbs = v;
    }
  }
  const shape = [...r.b.shape];
  const axes = layoutAxes(shape.length, r.layout?.name) ?? { n: -1, h: -1, w: -1, c: -1 };
  return {
    layout: l10n.t('{0}, max over channels', r.layout?.name ?? l10n.t('image')),
    shape,
    axes: { ...axes, c: -1 },
    srcHeight: H,
    srcWidth: W,
    height,
    width,
    block,
    channels: 1,
    maps: maps.buffer,
    maxAbs,
    channelRows: [],
  };
}
