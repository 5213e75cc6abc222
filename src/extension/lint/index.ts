// Registers inline preprocessing diagnostics: live linting of open documents, quick fixes, Lint Workspace.
// Activation only wires listeners; the linter (tree-sitter and its grammars) loads on the first lint.

import * as vscode from 'vscode';
import type { SpecManager } from '../spec/spec-manager';
import { LintCodeActions, lintCodeActionMetadata, OPEN_SPEC_FIELD_COMMAND, openSpecField } from './code-actions';
import { FindingStore } from './diagnostics';
import { LinterLoader, wasmDirOf } from './linter-loader';
import { LiveLint } from './live-lint';
import { WorkspaceLint } from './lint-workspace';
import { SpecCache } from './spec-cache';
import { SpecOffer } from './spec-offer';

/** Languages whose documents get quick fixes (the live linter decides per document what it lints). */
const SELECTOR: vscode.DocumentSelector = ['python', 'cpp', 'c', 'cuda-cpp', 'java', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact'].map(
  (language) => ({ language }),
);

/** What the lint host needs from the extension. */
export interface LintHostServices {
  log: vscode.LogOutputChannel;
  specs: SpecManager;
}

/** Sets up inline diagnostics, quick fixes and the Lint Workspace command. Cheap: loads nothing. */
export function registerLint(context: vscode.ExtensionContext, svc: LintHostServices): void {
  const { log } = svc;
  const diagnostics = vscode.languages.createDiagnosticCollection('tensorParity.lint');
  const store = new FindingStore();
  const specs = new SpecCache(svc.specs);
  let shown = false;
  const loader = new LinterLoader(
    wasmDirOf(context.extensionUri.fsPath),
    log,
    (message) => {
      if (shown) return;
      shown = true;
      void vscode.window
        .showErrorMessage(vscode.l10n.t('{0}. Reinstall the extension; the Tensor Parity log has the details.', message), vscode.l10n.t('Show Log'))
        .then((c) => {
          if (c) log.show(true);
        });
    },
    () => ({
      // Imported module constants come from the first workspace folder: unsaved open documents first, then the disk.
      workspaceRoot: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      openTexts: () =>
        vscode.workspace.textDocuments
          .filter((d) => d.isDirty && d.uri.scheme === 'file')
          .slice(0, 32)
          .map((d) => ({ path: d.uri.fsPath, text: d.getText() })),
    }),
  );
  const offer = new SpecOffer(context.workspaceState, log);
  // eslint-disable-next-line prefer-const -- the live linter's callback below needs it before it is created
  let workspace: WorkspaceLint | undefined;
  const live = new LiveLint({
    loader,
    specs,
    diagnostics,
    store,
    offer,
    log,
    onClosedWorkspaceFile: (uri) => void workspace?.restoreClosed(uri),
  });
  workspace = new WorkspaceLint({
    loader,
    specs,
    diagnostics,
    store,
    log,
    isLive: (uri) => live.isLive(uri),
  });
  const ws = workspace;
  let refresh: ReturnType<typeof setTimeout> | undefined;

  context.subscriptions.push(
    diagnostics,
    specs,
    live,
    {
      dispose: () => {
        loader.dispose();
        store.clear();
      },
    },
    svc.specs.onDidChangeSpec(() => {
      specs.invalidate();
      live.lintAllOpen(100, 'spec');
      if (refresh) clearTimeout(refresh);
      refresh = setTimeout(() => void ws.refreshScanned(), 500);
    }),
    {
      dispose: () => {
        if (refresh) clearTimeout(refresh);
      },
    },
    vscode.workspace.onDidDeleteFiles((e) => ws.prune(e.files)),
    vscode.workspace.onDidRenameFiles((e) => ws.prune(e.files.map((f) => f.oldUri))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('tensorParity.lint')) ws.prune();
    }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new LintCodeActions(store), lintCodeActionMetadata()),
    vscode.commands.registerCommand('tensorParity.lintWorkspace', () => ws.run()),
    vscode.commands.registerCommand(OPEN_SPEC_FIELD_COMMAND, (specUri: unknown, field: unknown) => openSpecField(specUri, field)),
  );
  // Documents opened before activation (the one that activated us, for one) are linted after activate() returns.
  const first = setTimeout(() => live.start(), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(first) });
}
