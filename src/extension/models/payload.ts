// Turns a model comparison report into what the panel shows (pure: no vscode, so unit tests can check it).
import * as path from 'node:path';
import type { ModelCompareReport, WeightEntry } from '../../core/model-compare/types';
import type { ModelsPayload, ModelsWeightRow } from '../../protocol';
import * as l10n from '../l10n';

/** Most weight rows sent to the panel (the non-identical ones first). */
export const MAX_WEIGHT_ROWS = 500;

/** The panel payload of a report; `inputLabel` says which file fed both models. */
export function modelsPayload(r: ModelCompareReport, inputLabel: string): ModelsPayload {
  const layers = r.layers;
  const tol = layers?.tolerance ?? r.output?.tolerance;
  return {
    title: l10n.t('{0} ↔ {1}', r.a.label, r.b.label),
    a: { label: r.a.label, path: r.a.path, format: r.a.format, runtime: r.a.runtime },
    b: { label: r.b.label, path: r.b.path, format: r.b.format, runtime: r.b.runtime },
    input: inputLabel,
    ...(r.output ? { output: { pass: r.output.verdict.pass, message: r.output.verdict.message } } : {}),
    cause: { kind: r.cause.kind, title: r.cause.title, evidence: r.cause.evidence, fix: r.cause.fix },
    ...(r.weights ? { weightsSummary: r.weights.summary } : {}),
    weights: (r.weights?.entries ?? [])
      .filter((e) => e.status !== 'identical')
      .slice(0, MAX_WEIGHT_ROWS)
      .map(weightRow),
    architecture: r.architecture.summary,
    layers: (layers?.layers ?? []).map((l, index) => ({
      index,
      name: l.name,
      ...(l.otherName ? { otherName: l.otherName } : {}),
      op: l.op,
      shape: l.shape,
      maxAbs: l.maxAbs,
      relErr: l.relErr,
      failures: l.failures,
      pass: l.pass,
      ...(l.weightsChanged ? { weightsChanged: l.weightsChanged } : {}),
      ...(l.shapeMismatch ? { shapeMismatch: l.shapeMismatch } : {}),
    })),
    firstDivergent: layers?.firstDivergent ?? -1,
    tolerance: tol ? l10n.t('atol {0}, rtol {1} ({2})', tol.atol, tol.rtol, tol.mode) : '',
    notes: r.notes,
    backend: r.backend,
    runtime: runtimeLine(r.a, r.b),
    timing: l10n.t('load {0} ms, run {1} ms, compare {2} ms', Math.round(r.timingsMs.load), Math.round(r.timingsMs.run), Math.round(r.timingsMs.compare)),
  };
}

/** What ran the two sides, in the user's words: "both on TensorFlow.js (wasm)" or "a on LiteRT.js (…), b on TensorFlow.js (wasm)". */
export function runtimeLine(a: { label: string; runtime: string }, b: { label: string; runtime: string }): string {
  if (a.runtime === b.runtime) return l10n.t('both on {0}', a.runtime);
  return l10n.t('{0} on {1}, {2} on {3}', a.label, a.runtime, b.label, b.runtime);
}

/** A weight entry as a table row. */
export function weightRow(e: WeightEntry): ModelsWeightRow {
  return {
    name: e.name,
    status: e.status,
    shape: e.shape,
    ...(e.otherName ? { otherName: e.otherName } : {}),
    ...(e.maxAbs !== undefined ? { maxAbs: e.maxAbs } : {}),
    ...(e.relChange !== undefined ? { relChange: e.relChange } : {}),
    ...(e.storage ? { storage: l10n.t('{0} vs {1}', e.storage.a, e.storage.b) } : {}),
  };
}

/** The weights one layer reads, as rows (identical ones included, so the detail shows all of them). */
export function layerWeightRows(r: ModelCompareReport, layerWeights: string[]): ModelsWeightRow[] {
  const byName = new Map((r.weights?.entries ?? []).map((e) => [e.name, e]));
  return layerWeights.flatMap((w) => {
    const e = byName.get(w);
    return e ? [weightRow(e)] : [];
  });
}

/** "astronaut.png (preprocessed as tensorparity.json says)" or the tensor file's name. */
export function inputLabel(file: string, kind: 'tensor' | 'image'): string {
  return kind === 'image' ? l10n.t('{0} (preprocessed as tensorparity.json says)', path.basename(file)) : path.basename(file);
}
