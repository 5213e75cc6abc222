// Runs what a diff panel shows with progress and cancellation: load both tensors (or preprocess the reference image),
// diffTensors + heatmaps, then diagnose, all on the shared worker pool; then the linter's source lines.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Diagnosis } from '../../core/diagnose/types';
import type { ComparePanel } from './panel';
import type { LintSources } from './sources';
import type { SpecLookup, SpecManager } from '../spec/spec-manager';
import { describeError, isAbortError } from '../errors';
import { noticeSpecProblemsForPanel } from '../spec/spec-problem-notice';
import { isModelInputSized, offersModels, secondModelChoices } from './model-offer';

/** What a run needs from the extension. */
export interface CompareServices {
  log: vscode.LogOutputChannel;
  specs: SpecManager;
  lint: LintSources;
}

/** Tensors above this many values are compared but not diagnosed in the panel (the CLI still can). */
export const DIAGNOSE_MAX_VALUES = 8 * 1024 * 1024;

class Cancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'AbortError';
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function baseName(p: string): string {
  return path.basename(p);
}

function toleranceOf(found: SpecLookup | undefined): { atol: number; rtol: number; mode: 'allclose' | 'both'; from: string } {
  const t = found?.spec?.tolerance;
  if (found && t) return { ...t, from: vscode.workspace.asRelativePath(found.specUri) };
  if (found)
    return {
      atol: 1e-4,
      rtol: 1e-3,
      mode: 'allclose',
      from: vscode.l10n.t('defaults ({0} has errors)', vscode.workspace.asRelativePath(found.specUri)),
    };
  return { atol: 1e-4, rtol: 1e-3, mode: 'allclose', from: vscode.l10n.t('defaults (no tensorparity.json found)') };
}

/** The comparison ran with default tolerances: say what to fix in the spec, and offer to compare again once it is fixed. */
function specProblems(svc: CompareServices, found: SpecLookup, panel: ComparePanel): void {
  noticeSpecProblemsForPanel(svc.specs, found, vscode.l10n.t('compare with its tolerance'), vscode.l10n.t('Compare Again'), async () => {
    if (!panel.isDisposed) await panel.rerun();
  });
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
      if (found && !spec) specProblems(svc, found, panel);
      const tol = toleranceOf(found);
      // Loading, diffing, heatmaps and the diagnosis run on a worker thread: the extension host stays responsive.
      const abort = new AbortController();
      const stop = (): void => abort.abort();
      const subs = [token.onCancellationRequested(stop), panel.onDidClose(stop)];
      const { sharedPool } = await import('../../core/worker/shared');
      const { compareFilesTask, diagnoseTask } = await import('../../core/worker/tasks');
      const run = { signal: abort.signal, onProgress: (m: string) => void step(m).catch(() => undefined) };
      try {
        const { buildDiffPayload, diagnosisView, sourceForRules } = await import('./payload');
        const { report, heatmaps, notes, a, b, layout } = await sharedPool().run(
          compareFilesTask,
          {
            origin: s.origin,
            a: s.a,
            b: s.b,
            ...(s.member ? { member: s.member } : {}),
            ...(spec ? { spec } : {}),
            tolerance: { atol: tol.atol, rtol: tol.rtol, mode: tol.mode },
          },
          run,
        );
        const payload = buildDiffPayload(
          report,
          {
            a: { name: baseName(s.a), path: s.a },
            b: { name: s.origin === 'image' ? vscode.l10n.t('{0} (preprocessed)', baseName(s.b)) : baseName(s.b), path: s.b },
            origin: s.origin,
            toleranceFrom: tol.from,
          },
          heatmaps,
        );
        payload.notes.unshift(...notes);
        panel.showResult(payload);
        svc.log.info(`Compared ${s.a} with ${s.b} in ${(performance.now() - started).toFixed(0)} ms: ${report.verdict.message}`);
        if (a.data.length > DIAGNOSE_MAX_VALUES) {
          panel.showDiagnosis(
            undefined,
            vscode.l10n.t(
              'No diagnosis: the tensors hold more than {0} values. Run `tensor-parity diagnose` in a terminal for large tensors.',
              DIAGNOSE_MAX_VALUES.toLocaleString('en-US'),
            ),
          );
          return;
        }
        await step(vscode.l10n.t('Diagnosing: testing channel order, layout, scale, dtype and resize hypotheses…'));
        // The image the reference was made from, or the one the user picked with the panel's "diagnose against an image" button.
        const image = s.origin === 'image' ? s.b : panel.diagnoseImage;
        const ref = image !== undefined && spec ? { tensor: b, image, spec } : { tensor: b, ...(spec ? { spec } : {}) };
        const { transferablesOf } = await import('../../core/worker/task');
        const d: Diagnosis = await sharedPool().run(
          diagnoseTask,
          {
            dump: a,
            ref,
            opts: { atol: tol.atol, rtol: tol.rtol, mode: tol.mode, ...(layout ? { layout } : {}) },
          },
          { ...run, transfer: transferablesOf([a.data, b.data]) },
        );
        await step(vscode.l10n.t('Looking for the source lines behind the causes…'));
        const sources = found?.spec && d.causes.length > 0 ? await svc.lint.findingsFor(found.specUri, found.spec, token) : new Map();
        const view = diagnosisView(d, (rules) => sourceForRules(sources, rules), spec !== undefined && image === undefined);
        // Model outputs that differ with nothing in the tensors to explain it: offer the layer-by-layer model comparison.
        // A dump the size of the model input is a preprocessed input: comparing the models cannot explain it.
        const inputSized =
          spec !== undefined &&
          isModelInputSized(b.shape, {
            width: spec.input.width,
            height: spec.input.height,
            channels: spec.input.colorOrder === 'GRAY' ? 1 : 3,
          });
        panel.showDiagnosis(!inputSized && offersModels(d, await hasTwoModels(svc, panel)) ? { ...view, offerModels: true } : view, '');
        svc.log.info(`Diagnosed ${s.a} in ${(performance.now() - started).toFixed(0)} ms: ${d.status}: ${d.summary}`);
      } finally {
        subs.forEach((d) => d.dispose());
      }
    } catch (err) {
      if (isAbortError(err) || token.isCancellationRequested) {
        panel.showError(vscode.l10n.t('Cancelled. Run the comparison again to see the result.'), []);
        return;
      }
      const e = describeError(err, 'comparison');
      svc.log.error(`Comparing ${s.a} with ${s.b} failed: ${e.detail}`);
      panel.showError(e.message, panel.specUri ? ['showLog', 'openSpec'] : ['showLog']);
    }
  });
}

/** The spec names a model and the workspace holds another one to compare it with. */
async function hasTwoModels(svc: CompareServices, panel: ComparePanel): Promise<boolean> {
  const { specModelPath, workspaceModels } = await import('../models/workspace');
  const specModel = await specModelPath(svc.specs, panel.specUri);
  return specModel !== undefined && secondModelChoices(await workspaceModels(true), specModel).length > 0;
}

async function showReport(svc: CompareServices, panel: ComparePanel, step: (m: string) => Promise<void>, token: vscode.CancellationToken): Promise<void> {
  const file = panel.state.a;
  await step(vscode.l10n.t('Reading {0}…', baseName(file)));
  const { buildDiffPayload, diagnosisView, heatmapFromSpatial, parseReportJson, sourceForRules } = await import('./payload');
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    throw new Error(vscode.l10n.t('{0}: cannot be read ({1}). Check that it still exists.', file, err instanceof Error ? err.message : String(err)));
  }
  const parsed = parseReportJson(text, file);
  const found = await svc.specs.findFor(vscode.Uri.file(file));
  panel.specUri = found?.specUri;
  if (found && !found.spec) specProblems(svc, found, panel);
  const r = parsed.report;
  if (r) {
    const side = (x: { dtype: string; shape: number[] }, role: string): { name: string; path: string } => ({
      name: `${role} ${x.dtype} [${x.shape.join(', ')}]`,
      path: file,
    });
    panel.showResult(
      buildDiffPayload(
        r,
        {
          a: side(r.a, 'dump'),
          b: side(r.b, 'reference'),
          origin: 'report',
          toleranceFrom: vscode.l10n.t('the report ({0})', baseName(file)),
        },
        heatmapFromSpatial(r),
      ),
    );
  } else {
    panel.showError(
      vscode.l10n.t(
        '{0} holds a diagnosis without its diff report; the cards below are all it has. Run `tensor-parity diagnose … --json` again with the current version to include the report.',
        baseName(file),
      ),
      [],
    );
  }
  const d = parsed.diagnosis;
  if (!d) {
    panel.showDiagnosis(
      undefined,
      vscode.l10n.t(
        'This report comes from `tensor-parity diff`, which does not diagnose. Run `tensor-parity diagnose <dump> --ref <reference> --json` for cause cards.',
      ),
    );
    return;
  }
  const sources = found?.spec && d.causes.length > 0 ? await svc.lint.findingsFor(found.specUri, found.spec, token) : new Map();
  panel.showDiagnosis(
    diagnosisView(d, (rules) => sourceForRules(sources, rules)),
    '',
  );
}
