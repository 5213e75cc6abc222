// "Tensor Parity: Compare Models": two models picked in the Explorer (or one, plus the spec's model), on an input
// found in the workspace (an image preprocessed per the spec, or a tensor), shown in the model comparison panel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelsPanelState } from '../../protocol';
import type { SpecManager } from '../spec/spec-manager';
import { ModelsPanel, type ModelsPanelHost } from './panel';
import { runModelComparison, showLayer } from './run';
import { defaultInput, pickInput, specModelPath, workspaceModels } from './workspace';
import { inputKindOf } from './inputs';
import { requireTrust } from '../trust';

/** What the command needs from the extension. */
export interface ModelsRegistration {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  specs: SpecManager;
  /** Workspace state: remembers the input the user picked. */
  memento: vscode.Memento;
}

/** Registers the command and the panel serializer. */
export function registerModels(context: vscode.ExtensionContext, reg: ModelsRegistration): void {
  const host: ModelsPanelHost = {
    log: reg.log,
    run: (panel) => runModelComparison({ log: reg.log, specs: reg.specs }, panel),
    layer: (panel, index) => showLayer(panel, index),
    pickInput: async (panel) => {
      const picked = await pickInput(reg.specs, reg.memento, panel.state.input);
      if (!picked || picked.input === panel.state.input) return;
      ModelsPanel.show(reg.extensionUri, host, { ...panel.state, ...picked });
      panel.dispose();
    },
  };
  context.subscriptions.push(
    ModelsPanel.registerSerializer(reg.extensionUri, host),
    vscode.commands.registerCommand('tensorParity.compareModels', async (clicked: unknown, selection: unknown, input?: unknown) => {
      try {
        if (!requireTrust()) return;
        const state = await pickState(reg, clicked, selection, typeof input === 'string' ? input : undefined);
        if (state) ModelsPanel.show(reg.extensionUri, host, state);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        reg.log.error(`Compare Models failed: ${message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Tensor Parity: {0}', message), vscode.l10n.t('Show Log')).then((c) => {
          if (c) reg.log.show(true);
        });
      }
    }),
  );
}

/** Which of two models is the reference: a name that says so (reference, float, saved_model, original…), else the first. */
export function orderModels(first: string, second: string): { a: string; b: string } {
  const refLike = (p: string): boolean =>
    /(^|[._\-\s/])(ref|reference|golden|expected|original|float|fp32|saved_?model|python|tf)([._\-\s/]|$)/i.test(p.split(path.sep).slice(-2).join('/'));
  if (refLike(first) && !refLike(second)) return { a: second, b: first };
  return { a: first, b: second };
}

async function pickState(reg: ModelsRegistration, clicked: unknown, selection: unknown, input: string | undefined): Promise<ModelsPanelState | undefined> {
  let picked: string[] = [];
  if (Array.isArray(selection) && selection.length > 0) picked = selection.filter((u): u is vscode.Uri => u instanceof vscode.Uri).map((u) => u.fsPath);
  else if (clicked instanceof vscode.Uri) picked = [clicked.fsPath];
  if (picked.length > 2) throw new Error(vscode.l10n.t('Select two models to compare ({0} are selected).', picked.length));
  // A selected tensorparity.json stands for the model it names (two specs: their two models).
  picked = await Promise.all(picked.map(async (p) => (path.basename(p) === 'tensorparity.json' ? await modelOfSpec(reg, p) : p)));
  const specModel = await specModelPath(reg.specs);
  if (picked.length === 0 && specModel) picked = [specModel];
  // One model clicked: compare it with the spec's model (the one-click case: right-click a .tflite).
  if (picked.length === 1 && specModel && path.resolve(specModel) !== path.resolve(picked[0] as string)) picked.push(specModel);
  if (picked.length < 2) {
    const others = (await workspaceModels(true)).filter((m) => !picked.includes(m));
    if (picked.length === 1 && others.length === 1) picked.push(others[0] as string);
    else {
      const choice = await vscode.window.showQuickPick(
        others.map((m) => ({ label: vscode.workspace.asRelativePath(m), path: m })),
        {
          title: picked.length ? vscode.l10n.t('Compare {0} with…', path.basename(picked[0] as string)) : vscode.l10n.t('Pick the first model'),
          placeHolder: vscode.l10n.t('TensorFlow.js model.json, .tflite, SavedModel folder or activations .npz'),
        },
      );
      if (!choice) return undefined;
      picked.push(choice.path);
      if (picked.length < 2) return pickState(reg, vscode.Uri.file(choice.path), undefined, input);
    }
  }
  const { a, b } = orderModels(picked[0] as string, picked[1] as string);
  const chosenInput = input ?? (await defaultInput(reg.specs, reg.memento, a));
  if (!chosenInput) {
    throw new Error(
      vscode.l10n.t('No input found: add an image (with a tensorparity.json saying how to preprocess it) or a .npy input tensor to the workspace.'),
    );
  }
  return { a, b, input: chosenInput, inputKind: inputKindOf(chosenInput) };
}

/** The model a tensorparity.json names; an error says what to fix when the spec has none. */
async function modelOfSpec(reg: ModelsRegistration, specFile: string): Promise<string> {
  const found = await reg.specs.findFor(vscode.Uri.file(specFile));
  const rel = found?.spec?.model.path;
  if (!rel) throw new Error(vscode.l10n.t('{0} has errors or names no model (model.path); fix it, then compare again.', specFile));
  return path.resolve(path.dirname(specFile), rel);
}
