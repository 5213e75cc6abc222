// The "Create Spec File" command: writes the starter tensorparity.json into a workspace folder (never over one).

import * as vscode from 'vscode';
import { uriExists } from '../uri-exists';
import { SPEC_FILE_NAME, specTemplate } from '../../core/spec';

/** The folder the spec goes into: a clicked folder, the folder of a clicked file, the only folder, or a pick. */
async function targetFolder(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) {
    try {
      const stat = await vscode.workspace.fs.stat(arg);
      if (stat.type & vscode.FileType.Directory) return arg;
    } catch {
      // fall through to the workspace folder of the path
    }
    const folder = vscode.workspace.getWorkspaceFolder(arg);
    if (folder) return folder.uri;
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) return folders[0].uri;
  if (folders.length > 1) {
    const pick = await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Folder to create {0} in', SPEC_FILE_NAME) });
    return pick?.uri;
  }
  return undefined;
}

/** Creates (or opens, if it exists) tensorparity.json and shows it in an editor. Never rejects. */
export async function createSpecCommand(log: vscode.LogOutputChannel, arg?: unknown): Promise<void> {
  try {
    const folder = await targetFolder(arg);
    if (!folder) {
      if (!vscode.workspace.workspaceFolders?.length) {
        const choice = await vscode.window.showErrorMessage(
          vscode.l10n.t('Tensor Parity: open a folder first; {0} lives at the root of the folder with your model.', SPEC_FILE_NAME),
          vscode.l10n.t('Open Folder'),
        );
        if (choice) await vscode.commands.executeCommand('workbench.action.files.openFolder');
      }
      return;
    }
    const target = vscode.Uri.joinPath(folder, SPEC_FILE_NAME);
    if (await uriExists(target)) {
      await vscode.window.showTextDocument(target);
      void vscode.window.showInformationMessage(vscode.l10n.t('Tensor Parity: {0} already exists; opened it instead of replacing it.', target.fsPath));
      return;
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(specTemplate()));
    log.info(`Created ${target.fsPath}.`);
    const editor = await vscode.window.showTextDocument(target);
    const text = editor.document.getText();
    const at = text.indexOf('model/model.json');
    if (at >= 0) {
      const start = editor.document.positionAt(at);
      editor.selection = new vscode.Selection(start, editor.document.positionAt(at + 'model/model.json'.length));
      editor.revealRange(editor.selection);
    }
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Tensor Parity: created {0}. Set "model.path" to your model.json, then match "input" to how the model was trained.', SPEC_FILE_NAME),
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Create Spec File failed: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Tensor Parity: could not create {0}: {1}. Check that the folder is writable.', SPEC_FILE_NAME, message));
  }
}
