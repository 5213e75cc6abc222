// Runs a model comparison for a panel in the shared worker pool (cancellable, never blocking the extension host),
// then answers layer clicks with that layer's heatmap from the activations the worker kept.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelCompareReport } from '../../core/model-compare/types';
import { modelsCompareTask, modelsLayerTask } from '../../core/worker/tasks';
import { sharedPool } from '../../core/worker/shared';
import type { SpecManager } from '../spec/spec-manager';
import { describeError, isAbortError } from '../errors';
import type { ModelsPanel } from './panel';
import { noticeSpecProblemsForPanel } from '../spec/spec-problem-notice';
import { inputLabel, layerWeightRows, modelsPayload } from './payload';
import { UNTRUSTED_MESSAGE } from '../trust';

/** What a run needs from the extension. */
export interface ModelsServices {
  log: vscode.LogOutputChannel;
  specs: SpecManager;
}

const reports = new WeakMap<ModelsPanel, ModelCompareReport>();
let runs = 0;

/** Computes what `panel` shows; never rejects (errors become a readable message in the panel). */
export async function runModelComparison(svc: ModelsServices, panel: ModelsPanel): Promise<void> {
  const s = panel.state;
  // Running a model is running the workspace's code: never in an untrusted workspace (a restored panel waits for trust).
  if (!vscode.workspace.isTrusted) {
    svc.log.info(`Compare Models ${s.a} ↔ ${s.b}: not run, the workspace is untrusted.`);
    panel.showError(UNTRUSTED_MESSAGE, ['rerun']);
    const sub = vscode.workspace.onDidGrantWorkspaceTrust(() => {
      sub.dispose();
      if (!panel.isDisposed) void panel.rerun();
    });
    panel.onDidClose(() => sub.dispose());
    return;
  }
  const abort = new AbortController();
  panel.abort = abort;
  const runId = `models-${++runs}`;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Tensor Parity: comparing models'), cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      const report = (message: string): void => {
        progress.report({ message });
        panel.progress(message);
      };
      const started = performance.now();
      try {
        const found = await svc.specs.findFor(vscode.Uri.file(s.input));
        const spec = found?.spec;
        if (found && !spec) {
          noticeSpecProblemsForPanel(svc.specs, found, vscode.l10n.t('compare models'), vscode.l10n.t('Compare Again'), async () => {
            if (!panel.isDisposed) await panel.rerun();
          });
        }
        if (s.inputKind === 'image' && !spec) {
          throw new Error(
            vscode.l10n.t(
              'Comparing models on an image needs a valid tensorparity.json above {0} to say how to preprocess it; fix or create the spec, or pick a tensor (.npy) as the input.',
              path.basename(s.input),
            ),
          );
        }
        const tolerance = spec ? { ...spec.tolerance } : { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const };
        report(vscode.l10n.t('Running {0} and {1} on {2}…', path.basename(s.a), path.basename(s.b), path.basename(s.input)));
        const input = s.inputKind === 'image' && spec ? { kind: 'image' as const, file: s.input, spec } : { kind: 'tensor' as const, file: s.input };
        const result = await sharedPool().run(
          modelsCompareTask,
          { a: s.a, b: s.b, input, tolerance, runId },
          { signal: abort.signal, affinity: 'models', onProgress: report },
        );
        if (panel.isDisposed || abort.signal.aborted) return;
        reports.set(panel, result);
        panel.runId = runId;
        panel.layerNames = result.layers?.layers.map((l) => l.name) ?? [];
        panel.showResult(modelsPayload(result, inputLabel(s.input, s.inputKind)));
        svc.log.info(`Compared models ${s.a} and ${s.b} on ${s.input} in ${(performance.now() - started).toFixed(0)} ms: ${result.cause.title}`);
        const first = result.layers?.firstDivergent ?? -1;
        if (first >= 0) await showLayer(panel, first);
      } catch (err) {
        if (isAbortError(err) || abort.signal.aborted) {
          if (!panel.isDisposed) panel.showError(vscode.l10n.t('Cancelled. Run the comparison again to see the result.'), ['rerun']);
          return;
        }
        const e = describeError(err);
        svc.log.error(`Compare Models ${s.a} ↔ ${s.b}: ${err instanceof Error ? (err.stack ?? e.message) : e.message}`);
        if (!panel.isDisposed) panel.showError(e.message, ['rerun', 'showLog']);
      }
    },
  );
}

/** Sends layer `index`'s heatmap and weights to the panel. */
export async function showLayer(panel: ModelsPanel, index: number): Promise<void> {
  const result = reports.get(panel);
  const layer = result?.layers?.layers[index];
  if (!result || !layer || !panel.runId) return;
  const tol = result.layers?.tolerance ?? { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const };
  const weights = layerWeightRows(result, layer.weights ?? []);
  try {
    const detail = await sharedPool().run(modelsLayerTask, { runId: panel.runId, layer: layer.name, tolerance: tol }, { affinity: 'models' });
    if (panel.isDisposed) return;
    if (!detail) {
      panel.showLayer({
        index,
        name: layer.name,
        message: vscode.l10n.t('The activations of this run are no longer kept; run the comparison again to see this layer.'),
        weights,
      });
      return;
    }
    const heatmaps = detail.heatmaps;
    panel.showLayer({
      index,
      name: layer.name,
      message: detail.report.verdict.message,
      weights,
      ...(heatmaps ? { heatmaps: { ...heatmaps, channelRows: heatmaps.channelRows } } : {}),
    });
  } catch (err) {
    if (!panel.isDisposed) panel.showLayer({ index, name: layer.name, message: vscode.l10n.t('No heatmap: {0}', describeError(err).message), weights });
  }
}
