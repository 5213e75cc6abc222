// Finds, parses and watches tensorparity.json files in every workspace folder; their problems become Diagnostics.

import * as vscode from 'vscode';
import { uriExists } from '../uri-exists';
import { parseSpec, SPEC_FILE_NAME } from '../../core/spec';
import type { Spec, SpecProblem } from '../../core/spec/types';
import { lineStarts, offsetToPosition } from '../text-offsets';

/** A parsed spec and where it lives. */
export interface SpecLookup {
  specUri: vscode.Uri;
  /** The folder the spec's relative paths are resolved against (the spec file's folder). */
  root: vscode.Uri;
  spec?: Spec;
  problems: SpecProblem[];
}

/** Keeps diagnostics of every spec file up to date and finds the spec that applies to a file. */
export class SpecManager implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('tensorParity');
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.diagnostics, this.changed];
  /** Fires with a spec file's uri when it is created, changed on disk, edited in an editor or deleted. */
  readonly onDidChangeSpec = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${SPEC_FILE_NAME}`);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.refresh(uri).then(() => this.changed.fire(uri))),
      watcher.onDidChange((uri) => void this.refresh(uri).then(() => this.changed.fire(uri))),
      watcher.onDidDelete((uri) => {
        this.diagnostics.delete(uri);
        this.changed.fire(uri);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!isSpecUri(e.document.uri) || e.contentChanges.length === 0) return;
        this.publish(e.document.uri, e.document.getText(), e.document);
        this.changed.fire(e.document.uri);
      }),
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (isSpecUri(doc.uri)) this.publish(doc.uri, doc.getText(), doc);
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (isSpecUri(doc.uri)) void this.refresh(doc.uri).then(() => this.changed.fire(doc.uri));
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.scan()),
    );
  }

  /** Parses every spec in the workspace once (called shortly after activation, off the activation path). */
  async scan(): Promise<void> {
    try {
      const found = await vscode.workspace.findFiles(`**/${SPEC_FILE_NAME}`, '**/node_modules/**', 200);
      for (const uri of found) await this.refresh(uri);
      this.log.info(`Found ${found.length} ${SPEC_FILE_NAME} file(s) in the workspace.`);
    } catch (err) {
      this.log.warn(`Scanning for ${SPEC_FILE_NAME} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Re-reads one spec file (from its open editor when there is one) and republishes its diagnostics. */
  async refresh(uri: vscode.Uri): Promise<SpecLookup | undefined> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.publish(uri, open.getText(), open);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch {
      this.diagnostics.delete(uri);
      return undefined;
    }
    return this.publish(uri, new TextDecoder('utf-8').decode(bytes));
  }

  /** The spec for `file`: the nearest tensorparity.json in its folder or a parent, up to its workspace folder. */
  async findFor(file: vscode.Uri): Promise<SpecLookup | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(file);
    const stop = folder?.uri.path;
    let dir = vscode.Uri.joinPath(file, '..');
    for (let guard = 0; guard < 64; guard++) {
      const candidate = vscode.Uri.joinPath(dir, SPEC_FILE_NAME);
      if (await uriExists(candidate)) return this.refresh(candidate);
      if (stop === undefined || dir.path === stop || !dir.path.startsWith(stop)) break;
      const parent = vscode.Uri.joinPath(dir, '..');
      if (parent.path === dir.path) break;
      dir = parent;
    }
    return undefined;
  }

  private publish(uri: vscode.Uri, rawText: string, doc?: vscode.TextDocument): SpecLookup {
    // A BOM is one UTF-16 unit that parseSpec does not see; shift offsets back by it.
    const bom = rawText.charCodeAt(0) === 0xfeff ? 1 : 0;
    const text = bom ? rawText.slice(1) : rawText;
    let parsed: { spec?: Spec; problems: SpecProblem[] };
    try {
      parsed = parseSpec(text, uri.fsPath);
    } catch (err) {
      const message = vscode.l10n.t('Tensor Parity could not check this spec: {0}', err instanceof Error ? err.message : String(err));
      this.log.error(message);
      parsed = { problems: [{ message, path: '', offset: 0, length: 0, severity: 'error' }] };
    }
    const starts = doc ? undefined : lineStarts(rawText);
    const pos = (offset: number): vscode.Position => {
      if (doc) return doc.positionAt(offset + bom);
      const p = offsetToPosition(starts as number[], rawText.length, offset + bom);
      return new vscode.Position(p.line, p.character);
    };
    const diags = parsed.problems.map((p) => {
      const range = new vscode.Range(pos(p.offset), pos(p.offset + Math.max(0, p.length)));
      const sev = p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
      const d = new vscode.Diagnostic(range, p.message, sev);
      d.source = 'Tensor Parity';
      if (p.path) d.code = p.path;
      return d;
    });
    this.diagnostics.set(uri, diags);
    return { specUri: uri, root: vscode.Uri.joinPath(uri, '..'), ...(parsed.spec ? { spec: parsed.spec } : {}), problems: parsed.problems };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** True for a file named tensorparity.json (any folder). */
export function isSpecUri(uri: vscode.Uri): boolean {
  return uri.path.endsWith(`/${SPEC_FILE_NAME}`) && (uri.scheme === 'file' || uri.scheme === 'vscode-remote' || uri.scheme === 'untitled');
}
