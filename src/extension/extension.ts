// Extension entry point. Activation only registers things: no TensorFlow.js, no sharp, no engine import here.

import * as vscode from 'vscode';
import { registerCompare } from './compare/commands';
import { createSpecCommand } from './spec/create-spec';
import { createSpecForModelCommand, openDemoSpecCommand } from './spec/create-spec-for-model';
import { useTranslator } from './l10n';
import { registerLint } from './lint';
import { registerModels } from './models/commands';
import { runInferenceCommand, Services } from './result/run';
import { ResultPanel } from './result/panel';
import { SpecManager } from './spec/spec-manager';
import { BACKEND_MENU_COMMAND, BackendStatus } from './status-bar';
import { registerTensorEditor } from './tensor-viewer/editor';

/** What activate() returns (read by tests through the extension's exports). */
export interface TensorParityApi {
  /** Time spent inside activate(), in milliseconds. */
  activationMs: number;
}

/** Registers commands, the log, the status bar item and the spec watcher. */
export function activate(context: vscode.ExtensionContext): TensorParityApi {
  const started = performance.now();
  // The vscode-free modules (payload builders, error text) translate through l10n.ts: route it to VS Code's bundle.
  useTranslator(vscode.l10n.t);
  const log = vscode.window.createOutputChannel('Tensor Parity', { log: true });
  const status = new BackendStatus(context.extensionUri.fsPath);
  const specs = new SpecManager(log);
  const svc: Services = { extensionUri: context.extensionUri, log, status, specs };

  context.subscriptions.push(
    log,
    status,
    specs,
    vscode.commands.registerCommand('tensorParity.runInference', (clicked?: unknown, selection?: unknown) =>
      runInferenceCommand(svc, 'image', clicked, selection),
    ),
    vscode.commands.registerCommand('tensorParity.runInferenceOnTensor', (clicked?: unknown, selection?: unknown) =>
      runInferenceCommand(svc, 'tensor', clicked, selection),
    ),
    vscode.commands.registerCommand('tensorParity.createSpec', (arg?: unknown) => createSpecCommand(log, arg)),
    vscode.commands.registerCommand('tensorParity.createSpecForModel', (arg?: unknown) => createSpecForModelCommand(log, arg)),
    vscode.commands.registerCommand('tensorParity.openDemoSpec', () => openDemoSpecCommand(context.extensionUri)),
    vscode.commands.registerCommand('tensorParity.showLog', () => log.show(true)),
    vscode.commands.registerCommand('tensorParity.chooseBaseline', () => ResultPanel.chooseBaseline()),
    vscode.commands.registerCommand(BACKEND_MENU_COMMAND, () => status.showMenu(() => log.show(true))),
    ResultPanel.registerSerializer(context.extensionUri, log, {
      showLog: () => log.show(true),
      openSpec: () => {
        if (svc.lastSpec) void vscode.window.showTextDocument(svc.lastSpec);
      },
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => log.info('Workspace trusted: inference is enabled.')),
  );

  registerLint(context, { log, specs });
  registerCompare(context, { extensionUri: context.extensionUri, log, specs, memento: context.workspaceState });
  registerModels(context, { extensionUri: context.extensionUri, log, specs, memento: context.workspaceState });
  context.subscriptions.push(registerTensorEditor(context.extensionUri, log));

  // Diagnostics for existing spec files: parsed after activation returns, off the activation path.
  // The backend item shows only in workspaces with a spec; the context key drives menus and keybindings too.
  const scan = setTimeout(() => void specs.scan().then(() => showWhereSpec(status)), 0);
  let presence: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push(
    {
      dispose: () => {
        clearTimeout(scan);
        clearTimeout(presence);
      },
    },
    specs.onDidChangeSpec(() => {
      clearTimeout(presence);
      presence = setTimeout(() => void showWhereSpec(status), 300);
    }),
  );

  const activationMs = performance.now() - started;
  const pkg: unknown = context.extension.packageJSON;
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? String(pkg.version) : '';
  log.info(
    `Tensor Parity ${version} activated in ${activationMs.toFixed(2)} ms` +
      ` (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted: inference disabled'}).`,
  );
  return { activationMs };
}

/** Shows the backend item (and sets `tensorParity.workspaceHasSpec`) when the workspace holds a tensorparity.json. */
async function showWhereSpec(status: BackendStatus): Promise<void> {
  const found = await vscode.workspace.findFiles('**/tensorparity.json', '**/node_modules/**', 1).then(
    (f) => f.length > 0,
    () => false,
  );
  status.setVisible(found);
  await vscode.commands.executeCommand('setContext', 'tensorParity.workspaceHasSpec', found);
}

/** Stops the worker threads (inference, diff, diagnosis); the subscriptions are disposed by VS Code. */
export async function deactivate(): Promise<void> {
  // Subscriptions are disposed by VS Code; the worker threads (inference, diff, diagnosis) stop here.
  const { closeSharedPool } = await import('../core/worker/shared');
  await closeSharedPool();
}
