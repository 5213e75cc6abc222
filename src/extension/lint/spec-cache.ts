// Which spec applies to a source file, cached per folder until a tensorparity.json changes.

import * as vscode from 'vscode';
import type { Spec } from '../../core/spec/types';
import type { SpecManager } from '../spec/spec-manager';
import { decodeText } from './files';

/** The spec a file is checked against, or why there is none. */
export type SpecResolution =
  | { kind: 'ok'; spec: Spec; specUri: vscode.Uri; /** The spec's text, for locating fields. */ text: string }
  | { kind: 'none'; folder?: vscode.WorkspaceFolder }
  | { kind: 'broken'; specUri: vscode.Uri };

/** Resolves specs through the SpecManager (nearest tensorparity.json up to the workspace folder) and caches them. */
export class SpecCache implements vscode.Disposable {
  private readonly byDir = new Map<string, Promise<SpecResolution>>();
  private readonly disposables: vscode.Disposable[] = [];

  /** The owner calls invalidate() when a spec changes (before re-linting), so the order of listeners never matters. */
  constructor(private readonly specs: SpecManager) {
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()));
  }

  /** The spec for a file (looked up once per folder). */
  resolve(file: vscode.Uri): Promise<SpecResolution> {
    const dir = vscode.Uri.joinPath(file, '..').toString();
    let hit = this.byDir.get(dir);
    if (!hit) {
      hit = this.lookup(file);
      this.byDir.set(dir, hit);
    }
    return hit;
  }

  /** Forgets every cached lookup (a spec was created, edited or deleted). */
  invalidate(): void {
    this.byDir.clear();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.byDir.clear();
  }

  private async lookup(file: vscode.Uri): Promise<SpecResolution> {
    const found = await this.specs.findFor(file);
    if (!found) {
      const folder = vscode.workspace.getWorkspaceFolder(file);
      return { kind: 'none', ...(folder ? { folder } : {}) };
    }
    if (!found.spec) return { kind: 'broken', specUri: found.specUri };
    return { kind: 'ok', spec: found.spec, specUri: found.specUri, text: await specText(found.specUri) };
  }
}

async function specText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return decodeText(await vscode.workspace.fs.readFile(uri));
  } catch {
    return '';
  }
}
