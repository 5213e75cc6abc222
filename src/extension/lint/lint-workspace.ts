// "Tensor Parity: Lint Workspace": lints every included file of every folder with a spec, with cancellable
// progress, and fills the Problems view. Open documents are left to the live linter.

import * as vscode from 'vscode';
import { globSearchPatterns } from '../../core/lint/glob';
import type { LintClient } from '../../core/lint/worker-client';
import { FindingStore, notLintedDiagnostic, toDiagnostic, type SpecContext } from './diagnostics';
import { decodeText, joinGlobs, lintLanguageOfPath, looksBinary, MAX_LINT_BYTES } from './files';
import type { LinterLoader, LintLog } from './linter-loader';
import { lintSettings, relativePathOf, settingsAllow } from './settings';
import type { SpecCache } from './spec-cache';

/** Most files one run looks at (per include pattern and folder). */
const MAX_FILES = 20_000;

/** What the workspace linter shares with the rest of the lint host. */
export interface WorkspaceLintDeps {
  loader: LinterLoader;
  specs: SpecCache;
  diagnostics: vscode.DiagnosticCollection;
  store: FindingStore;
  log: LintLog;
  /** True for documents the live linter follows (they are not read from disk). */
  isLive: (uri: vscode.Uri) => boolean;
}

/** Counts of one run. */
export interface WorkspaceLintSummary {
  files: number;
  findings: number;
  filesWithFindings: number;
  skipped: number;
  noSpec: number;
  cancelled: boolean;
}

type FileOutcome = { kind: 'linted'; findings: number } | { kind: 'skipped'; why: string } | { kind: 'no-spec' };

/** Lints files found on disk and remembers which ones it published, so they can be refreshed later. */
export class WorkspaceLint {
  /** Files the last run (or a refresh since) linted from disk: their diagnostics are refreshed after a spec change. */
  private readonly scanned = new Set<string>();

  constructor(private readonly deps: WorkspaceLintDeps) {}

  /** The command: finds files, lints them with progress, and opens the Problems view when there are findings. */
  async run(): Promise<WorkspaceLintSummary | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Tensor Parity: open a folder to lint; Lint Workspace checks the files of each workspace folder against its tensorparity.json.'),
      );
      return undefined;
    }
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Tensor Parity: Linting workspace'), cancellable: true },
      async (progress, token) => {
        progress.report({ message: vscode.l10n.t('finding files…') });
        const files = await this.findFiles(folders, token);
        const summary: WorkspaceLintSummary = { files: 0, findings: 0, filesWithFindings: 0, skipped: 0, noSpec: 0, cancelled: false };
        const linter = files.length > 0 ? await this.deps.loader.createSeparate() : undefined;
        if (files.length > 0 && !linter) return summary;
        const started = performance.now();
        try {
          for (const [i, uri] of files.entries()) {
            if (token.isCancellationRequested) {
              summary.cancelled = true;
              break;
            }
            progress.report({ message: `${i + 1}/${files.length} ${relativePathOf(uri)}`, increment: 100 / files.length });
            const outcome = await this.lintFile(linter!, uri);
            if (outcome.kind === 'linted') {
              summary.files++;
              summary.findings += outcome.findings;
              if (outcome.findings > 0) summary.filesWithFindings++;
            } else if (outcome.kind === 'skipped') {
              summary.skipped++;
              this.deps.log.info(`Lint Workspace skipped ${uri.fsPath}: ${outcome.why}`);
            } else summary.noSpec++;
            // Let the extension host answer other requests between files.
            if (i % 8 === 7) await new Promise((r) => setImmediate(r));
          }
        } finally {
          void linter?.dispose();
        }
        this.report(summary, performance.now() - started);
        return summary;
      },
    );
  }

  /** Re-reads and re-lints the files this command linted (after a spec change); open documents are skipped. */
  async refreshScanned(): Promise<void> {
    if (this.scanned.size === 0) return;
    const linter = await this.deps.loader.createSeparate();
    if (!linter) return;
    try {
      for (const [i, key] of [...this.scanned].entries()) {
        const uri = vscode.Uri.parse(key);
        if (!this.deps.isLive(uri)) await this.lintFile(linter, uri);
        if (i % 8 === 7) await new Promise((r) => setImmediate(r));
      }
    } finally {
      void linter.dispose();
    }
  }

  /** Drops the results of files that were deleted, renamed away or are no longer allowed by the lint settings. */
  prune(gone: readonly vscode.Uri[] = []): void {
    const goneKeys = gone.map((u) => u.toString());
    for (const key of [...this.scanned]) {
      const uri = vscode.Uri.parse(key);
      const removed = goneKeys.some((g) => key === g || key.startsWith(g.endsWith('/') ? g : `${g}/`));
      if (!removed && settingsAllow(lintSettings(uri), relativePathOf(uri))) continue;
      this.scanned.delete(key);
      if (this.deps.isLive(uri)) continue;
      this.deps.diagnostics.delete(uri);
      this.deps.store.delete(uri);
    }
  }

  /** A document closed: if this command had linted it, show the findings of its saved text again. */
  async restoreClosed(uri: vscode.Uri): Promise<void> {
    if (!this.scanned.has(uri.toString())) return;
    const linter = await this.deps.loader.createSeparate();
    if (!linter) return;
    try {
      await this.lintFile(linter, uri);
    } finally {
      void linter.dispose();
    }
  }

  private async findFiles(folders: readonly vscode.WorkspaceFolder[], token: vscode.CancellationToken): Promise<vscode.Uri[]> {
    const seen = new Map<string, vscode.Uri>();
    for (const folder of folders) {
      const s = lintSettings(folder.uri);
      if (!s.enable) continue;
      const exclude = joinGlobs(s.exclude);
      // The settings' globs follow the CLI's rules (a name pattern at any depth); findFiles anchors each pattern at the
      // folder, so it searches with globs that find every candidate and settingsAllow decides.
      for (const include of globSearchPatterns(s.include)) {
        const found = await vscode.workspace.findFiles(
          new vscode.RelativePattern(folder, include),
          exclude ? new vscode.RelativePattern(folder, exclude) : null,
          MAX_FILES,
          token,
        );
        for (const uri of found) {
          if (settingsAllow(s, relativePathOf(uri))) seen.set(uri.toString(), uri);
        }
      }
    }
    return [...seen.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  private async lintFile(linter: LintClient, uri: vscode.Uri): Promise<FileOutcome> {
    if (this.deps.isLive(uri)) return this.liveOutcome(uri);
    const forget = (): void => {
      this.deps.diagnostics.delete(uri);
      this.deps.store.delete(uri);
      this.scanned.delete(uri.toString());
    };
    const lang = lintLanguageOfPath(uri.path);
    if (!lang) {
      forget();
      return { kind: 'skipped', why: 'the linter does not read this language (it reads Python, C/C++, Java, JavaScript and TypeScript).' };
    }
    const resolution = await this.deps.specs.resolve(uri);
    if (resolution.kind !== 'ok') {
      forget();
      return { kind: 'no-spec' };
    }
    let bytes: Uint8Array;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_LINT_BYTES) {
        forget();
        return { kind: 'skipped', why: `it is ${(stat.size / 1048576).toFixed(1)} MB, over the 1 MB lint limit.` };
      }
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (err) {
      forget();
      return { kind: 'skipped', why: `it could not be read (${err instanceof Error ? err.message : String(err)}).` };
    }
    if (bytes.length > MAX_LINT_BYTES) {
      forget();
      return { kind: 'skipped', why: 'it is over the 1 MB lint limit.' };
    }
    if (looksBinary(bytes)) {
      forget();
      return { kind: 'skipped', why: 'it looks binary (it contains NUL bytes).' };
    }
    const key = uri.toString();
    const outcome = await linter.check({ uri: key, languageId: lang, text: decodeText(bytes) }, resolution.spec);
    linter.close(key);
    if (outcome.skipped) {
      // A note on the file (kept like findings: refreshed after a spec change, dropped when the file goes).
      if (this.deps.isLive(uri)) return this.liveOutcome(uri);
      this.deps.store.delete(uri);
      this.deps.diagnostics.set(uri, [notLintedDiagnostic(outcome.skipped.message)]);
      this.scanned.add(key);
      return { kind: 'skipped', why: outcome.skipped.message };
    }
    const findings = outcome.findings;
    if (this.deps.isLive(uri)) return this.liveOutcome(uri); // opened while we were reading: the live result wins
    const ctx: SpecContext = { specUri: resolution.specUri, text: resolution.text };
    this.deps.diagnostics.set(
      uri,
      findings.map((f) => toDiagnostic(f, ctx)),
    );
    this.deps.store.set(
      uri,
      -1,
      findings.map((finding) => ({ finding, spec: ctx })),
    );
    this.scanned.add(key);
    return { kind: 'linted', findings: findings.length };
  }

  /** An open document is the live linter's: count what it shows. */
  private liveOutcome(uri: vscode.Uri): FileOutcome {
    return { kind: 'linted', findings: this.deps.diagnostics.get(uri)?.length ?? 0 };
  }

  private report(s: WorkspaceLintSummary, ms: number): void {
    const parts = [vscode.l10n.t('{0} finding(s) in {1} of {2} file(s)', s.findings, s.filesWithFindings, s.files)];
    if (s.skipped) parts.push(vscode.l10n.t('{0} skipped (see the log)', s.skipped));
    if (s.noSpec) parts.push(vscode.l10n.t('{0} in folders without tensorparity.json', s.noSpec));
    const line = s.cancelled
      ? vscode.l10n.t('Tensor Parity: Lint Workspace cancelled; so far {0}.', parts.join(', '))
      : vscode.l10n.t('Tensor Parity: linted the workspace: {0}.', parts.join(', '));
    this.deps.log.info(`${line} (${ms.toFixed(0)} ms)`);
    vscode.window.setStatusBarMessage(line, 15_000);
    if (s.findings > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
    else if (!s.cancelled && s.files === 0 && s.noSpec > 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Tensor Parity: no folder has a tensorparity.json, so there was nothing to check. Create one with "Tensor Parity: Create Spec File".'),
      );
    }
  }
}
