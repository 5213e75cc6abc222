// Whether a file or folder exists, through VS Code's file system (works for remote and virtual workspaces).

import * as vscode from 'vscode';

/** True when `uri` names an existing file or folder. */
export async function uriExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
