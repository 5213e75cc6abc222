// Runs what a diff panel shows, on the extension host with progress and cancellation: load both tensors (or
// preprocess the reference image), diffTensors + heatmaps, then diagnose and the linter's source lines.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiffLayout, DiffReport } from '../../core/diff/types';
import type { Diagnosis } from '../../core/diagnose/types';
import type { Spec } from '../../core/spec/types';
import type { NdArray } from '../../core/tensor/types';
import { specRawLayout } from '../../core/tensor/spec-layout';
import type { ComparePanel } from './panel';
import type { LintSources } from './sources';
import type { SpecLookup, SpecManager } from '../spec-manager';
import { describeError, isAbortError } from '../errors';

/** What a run needs from the extension. */
export interface CompareServices {
  log: vscode.LogOutputChannel;
  specs: SpecManager;
  lint: LintSources;
}

/** Tensors above this many values are compared but not diagnosed in the panel (the CLI still can). */
export const DIAGNOSE_MAX_VALUES = 8 * 1024 * 1024;

class Cancelled extends Error {
  constructor() { super('Cancelled.'); this.name = 'AbortError'; }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function baseName(p: string): string {
  return path.basename(p);
}

/** Loads one tensor of a file: the named .npz member, else the first (with a note naming the others). */
async function loadMember(file: string, member: string | undefined, spec: Spec | undefined, notes: string[]): Promise<NdArray> {
  const { loadTensorFile } = await import('../../core/tensor/load');
  const raw = specRawLayout(spec);
  const loaded = await loadTensorFile(file, raw ? { rawLayout: raw } : undefined);
  if (loaded.layoutFrom === 'options') notes.push(`${baseName(file)} has no sidecar; read as the model input in tensorparity.json (${raw?.dtype} [${raw?.shape.join(', ')}]).`);
  const names = [...loaded.tensors.keys()];
  const name = member !== undefined && loaded.tensors.has(member) ? member : names[0];
  const t = name === undefined ? undefined : loaded.tensors.get(name);
  if (!t || name === undefined) throw new Error(`${file}: holds no arrays. Save at least one with np.savez(f, name=arr).`);
  if (names.length > 1) notes.push(`${baseName(file)} holds ${names.length} arrays (${names.join(', ')}); compared "${name}".`);
  return t;
}

function layoutFor(spec: Spec | undefined, shape: readonly number[]): DiffLayout | undefined {
  if (!spec) return undefined;
  const l = spec.input.layout;
  if (shape.length === 4) return l;
  if (shape.length === 3) return l === 'NHWC' ? 'HWC' : 'CHW';
  return undefined;
}

function toleranceOf(found: SpecLookup | undefined): { atol: number; rtol: number; mode: 'allclose' | 'both'; from: string } {
  const t = found?.spec?.tolerance;
  if (found && t) return { ...t, from: vscode.workspace.asRelativePath(found.specUri) };
  if (found) return { atol: 1e-4, rtol: 1e-3, mode: 'allclose', from: `defaults (${vscode.workspace.asRelativePath(found.specUri)} has errors)` };
  return { atol: 1e-4, rtol: 1e-3, mode: 'allclose', from: 'defaults (no tensorparity.json found)' };
}

/** Computes what `panel` shows; never rejects (errors become a readable message in the panel). */
export async function runComparison(svc: CompareServices, panel: ComparePanel): Promise<void> {
  const s = panel.state;
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Tensor Parity', cancellable: true }, async (progress, token) => {
    const step = async (message: string): Promise<void> => {
      if (token.isCancellationRequested || panel.isDisposed) throw new Cancelled();
      progress.report({ message });
      panel.progress(message);
      await tick();
    };
    const started = performance.now();
    try {
      if (s.origin === 'report') {
        await showReport(svc, panel, step, token);
        return;
      }
      const found = await svc.specs.findFor(vscode.Uri.file(s.origin === 'image' ? s.a : s.b));
      panel.specUri = found?.specUri;
      const spec = found?.spec;
      const tol = toleranceOf(found);
      const notes: string[] = [];
      await step(`Reading ${baseName(s.a)}…`);
      const a = await loadMember(s.a, s.member?.a, spec, notes);
      let b: NdArray;
      if (s.origin === 'image') {
        if (!spec) throw new Error(`Comparing with an image needs a valid tensorparity.json next to ${baseName(s.a)} (or above it); fix or create the spec, then compare again.`);
        await step(`Preprocessing ${baseName(s.b)} as tensorparity.json says…`);
        const { decodeImage } = await import('../../core/preprocess/decode');
        const { preprocessDecoded } = await import('../../core/preprocess/pipeline');
        const decoded = await decodeImage(s.b, { applyExif: spec.input.applyExif, maxPixels: spec.limits.maxPixels });
        b = preprocessDecoded(decoded, spec.input).tensor;
      } else {
        await step(`Reading ${baseName(s.b)}…`);
        b = await loadMember(s.b, s.member?.b, undefined, notes);
      }
      await step('Comparing…');
      const { diffTensors } = await import('../../core/diff/diff');
      const { alignedDump, buildDiffPayload, computeHeatmaps, diagnosisView } = await import('./payload');
      const layout = layoutFor(spec, b.shape);
      let report: DiffReport;
      try {
        report = diffTensors(a, b, { atol: tol.atol, rtol: tol.rtol, mode: tol.mode, ...(layout ? { layout } : {}) });
      } catch {
        report = diffTensors(a, b, { atol: tol.atol, rtol: tol.rtol, mode: tol.mode });
      }
      const aligned = alignedDump(a, b, report);
      const heatmaps = aligned ? computeHeatmaps(aligned, b, report) : undefined;
      const payload = buildDiffPayload(report, {
        a: { name: baseName(s.a), path: s.a }, b: { name: s.origin === 'image' ? `${baseName(s.b)} (preprocessed)` : baseName(s.b), path: s.b },
        origin: s.origin, toleranceFrom: tol.from,
      }, heatmaps);
      payload.notes.unshift(...notes);
      panel.showResult(payload);
      svc.log.info(`Compared ${s.a} with ${s.b} in ${(performance.now() - started).toFixed(0)} ms: ${report.verdict.message}`);
      if (a.data.length > DIAGNOSE_MAX_VALUES) {
        panel.showDiagnosis(undefined, `No diagnosis: the tensors hold more than ${DIAGNOSE_MAX_VALUES.toLocaleString('en-US')} values. Run \`tensor-parity diagnose\` in a terminal for large tensors.`);
        return;
      }
      await step('Diagnosing: testing channel order, layout, scale, dtype and resize hypotheses…');
      const { diagnose } = await import('../../core/diagnose/diagnose');
      const ref = s.origin === 'image' && spec ? { tensor: b, image: s.b, spec } : { tensor: b, ...(spec ? { spec } : {}) };
      const d: Diagnosis = await diagnose(a, ref, { atol: tol.atol, rtol: tol.rtol, mode: tol.mode, ...(layout ? { layout } : {}) });
      await step('Looking for the source lines behind the causes…');
      const sources = found?.spec && d.causes.some((c) => c.specChange) ? await svc.lint.findingsFor(found.specUri, found.spec, token) : new Map();
      const { sourceForPath } = await import('./sources');
      panel.showDiagnosis(diagnosisView(d, (p) => sourceForPath(sources, p)), '');
      svc.log.info(`Diagnosed ${s.a} in ${(performance.now() - started).toFixed(0)} ms: ${d.status}: ${d.summary}`);
    } catch (err) {
      if (isAbortError(err) || token.isCancellationRequested) {
        panel.showError('Cancelled. Run the comparison again to see the result.', []);
        return;
      }
      const e = describeError(err);
      const message = e.message.replace(/^Inference failed: /, 'The comparison failed: ');
      svc.log.error(`Comparing ${s.a} with ${s.b} failed: ${e.detail}`);
      panel.showError(message, panel.specUri ? ['showLog', 'openSpec'] : ['showLog']);
    }
  });
}

async function showReport(svc: CompareServices, panel: ComparePanel, step: (m: string) => Promise<void>, token: vscode.CancellationToken): Promise<void> {
  const file = panel.state.a;
  await step(`Reading ${baseName(file)}…`);
  const { buildDiffPayload, diagnosisView, heatmapFromSpatial, parseReportJson } = await import('./payload');
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot be read (${err instanceof Error ? err.message : String(err)}). Check that it still exists.`);
  }
  const parsed = parseReportJson(text, file);
  const found = await svc.specs.findFor(vscode.Uri.file(file));
  panel.specUri = found?.specUri;
  const r = parsed.report;
  if (r) {
    const side = (x: { dtype: string; shape: number[] }, role: string): { name: string; path: string } => ({ name: `${role} ${x.dtype} [${x.shape.join(', ')}]`, path: file });
    panel.showResult(buildDiffPayload(r, {
      a: side(r.a, 'dump'), b: side(r.b, 'reference'), origin: 'report',
      toleranceFrom: `the report (${baseName(file)})`,
    }, heatmapFromSpatial(r)));
  } else {
    panel.showError(`${baseName(file)} holds a diagnosis without its diff report; the cards below are all it has. Run \`tensor-parity diagnose … --json\` again with the current version to include the report.`, []);
  }
  const d = parsed.diagnosis;
  if (!d) {
    panel.showDiagnosis(undefined, 'This report comes from `tensor-parity diff`, which does not diagnose. Run `tensor-parity diagnose <dump> --ref <reference> --json` for cause cards.');
    return;
  }
  const sources = found?.spec && d.causes.some((c) => c.specChange) ? await svc.lint.findingsFor(found.specUri, found.spec, token) : new Map();
  const { sourceForPath } = await import('./sources');
  panel.showDiagnosis(diagnosisView(d, (p) => sourceForPath(sources, p)), '');
}
