// Workspace trust: in an untrusted workspace Tensor Parity never loads or runs a model.

import * as vscode from 'vscode';

/** The message shown when a run is refused in an untrusted workspace. */
export const UNTRUSTED_MESSAGE = vscode.l10n.t(
  "Tensor Parity doesn't run models in an untrusted workspace. Trust this folder (Manage Workspace Trust) to run inference.",
);

/** True when the workspace is trusted; otherwise explains why nothing runs, offering to manage trust. */
export function requireTrust(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, vscode.l10n.t('Manage Workspace Trust')).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
