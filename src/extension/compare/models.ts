// The diff panel's "Compare the models layer by layer": the spec's model against a second model picked from the
// workspace, both run on one input in the worker pool; the model-side cause comes back as a card, with a button to
// open the full Compare Models panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelsPanelState } from '../../protocol';
import { modelsCompareTask } from '../../core/worker/tasks';
import { sharedPool } from '../../core/worker/shared';
import { describeError, isAbortError } from '../errors';
import type { SpecManager } from '../spec/spec-manager';
import { inputForDump, inputKindOf } from '../models/inputs';
import { defaultInput, specModelPath, workspaceInputs, workspaceModels } from '../models/workspace';
import { modelCauseView, secondModelChoices } from './model-offer';
import type { ComparePanel } from './panel';
import { requireTrust, UNTRUSTED_MESSAGE } from '../trust';

/** What the model comparison needs from the extension. */
export interface CompareModelsServices {
  log: vscode.LogOutputChannel;
  specs: SpecManager;
  memento: vscode.Memento;
}

let runs = 0;

/** Asks for the second model (the spec's is the reference), runs both on the workspace input and shows the cause card. Never rejects. */
export async function compareModelsForPanel(svc: CompareModelsServices, panel: ComparePanel): Promise<void> {
  if (!requireTrust()) {
    panel.send({ type: 'compareModels', models: { state: 'error', message: UNTRUSTED_MESSAGE } });
    return;
  }
  try {
    const state = await pickModels(svc, panel);
    if (!state) return;
    panel.modelsState = state;
    panel.send({
      type: 'compareModels',
      models: {
        state: 'running',
        message: vscode.l10n.t('Running {0} and {1} layer by layer on {2}…', path.basename(state.a), path.basename(state.b), path.basename(state.input)),
      },
    });
    const found = await svc.specs.findFor(vscode.Uri.file(state.input));
    const spec = found?.spec;
    if (state.inputKind === 'image' && !spec) {
      throw new Error(
        vscode.l10n.t(
          'Running the models on {0} needs a valid tensorparity.json above it to say how to preprocess it; fix the spec, or pick a .npy input in the Compare Models panel.',
          path.basename(state.input),
        ),
      );
    }
    const tolerance = spec ? { ...spec.tolerance } : { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const };
    const input = state.inputKind === 'image' && spec ? { kind: 'image' as const, file: state.input, spec } : { kind: 'tensor' as const, file: state.input };
    const abort = new AbortController();
    const sub = panel.onDidClose(() => abort.abort());
    try {
      const report = await sharedPool().run(
        modelsCompareTask,
        { a: state.a, b: state.b, input, tolerance, runId: `diff-models-${++runs}` },
        {
          signal: abort.signal,
          affinity: 'models',
          onProgress: (m) => {
            if (!panel.isDisposed) panel.send({ type: 'compareModels', models: { state: 'running', message: m } });
          },
        },
      );
      if (panel.isDisposed) return;
      panel.send({
        type: 'compareModels',
        models: { state: 'done', message: '', cause: modelCauseView(report.cause, state.a, state.b, state.input) },
      });
      svc.log.info(`Diff panel: compared models ${state.a} and ${state.b} on ${state.input}: ${report.cause.kind}: ${report.cause.title}`);
    } finally {
      sub.dispose();
    }
  } catch (err) {
    if (panel.isDisposed || isAbortError(err)) return;
    const e = describeError(err);
    svc.log.error(`Diff panel: comparing the models failed: ${err instanceof Error ? (err.stack ?? e.message) : e.message}`);
    panel.send({ type: 'compareModels', models: { state: 'error', message: e.message } });
  }
}

/** The two models and the input: the spec's model as the reference, the second from a quick pick of the workspace's models. */
async function pickModels(svc: CompareModelsServices, panel: ComparePanel): Promise<ModelsPanelState | undefined> {
  const specModel = await specModelPath(svc.specs, panel.specUri);
  if (!specModel) throw new Error(vscode.l10n.t('The spec names no model (model.path in tensorparity.json); add it, then compare the models again.'));
  const choices = secondModelChoices(await workspaceModels(true), specModel);
  if (choices.length === 0) {
    throw new Error(
      vscode.l10n.t(
        'No second model in the workspace to compare with {0}: add the deployed model (model.json, .tflite, a SavedModel folder) or an activations .npz from your own run.',
        path.basename(specModel),
      ),
    );
  }
  const choice = await vscode.window.showQuickPick(
    choices.map((m) => ({
      label: vscode.workspace.asRelativePath(m),
      description: describeModel(m),
      path: m,
    })),
    {
      title: vscode.l10n.t("Compare {0} (the spec's model) with…", path.basename(specModel)),
      placeHolder: vscode.l10n.t('The model the dump came from: TensorFlow.js model.json, .tflite, SavedModel folder or activations .npz'),
    },
  );
  if (!choice) return undefined;
  // The spec's model is the reference (b); the picked one is what produced the dump (a).
  const a = choice.path;
  const b = specModel;
  // The input the dump was made from when its name says so (astronaut.*.npy ← astronaut.png), else the usual default.
  const input = inputForDump(panel.state.a, await workspaceInputs(svc.specs)) ?? (await defaultInput(svc.specs, svc.memento, specModel));
  if (!input)
    throw new Error(vscode.l10n.t('No input to run the models on: add an image (under the tensorparity.json) or a .npy input tensor to the workspace.'));
  return { a, b, input, inputKind: inputKindOf(input) };
}

function describeModel(file: string): string {
  if (/\.tflite$/i.test(file)) return 'TFLite';
  if (/\.npz$/i.test(file)) return vscode.l10n.t('activations from your own run');
  if (/\.json$/i.test(file)) return 'TensorFlow.js';
  return 'SavedModel';
}
