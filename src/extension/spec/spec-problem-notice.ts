// A broken-spec notice that goes away by itself: shown while tensorparity.json has errors, closed as soon as an edit
// or a save makes the spec valid (a plain error notification would stay until dismissed, however stale).

import * as vscode from 'vscode';
import type { SpecLookup, SpecManager } from './spec-manager';

const open = new Map<string, Promise<void>>();

/**
 * Shows "fix tensorparity.json: <first error>" until the spec is fixed, the user closes it, or 10 minutes pass;
 * opens the spec at the first error. Resolves to true when the spec was fixed (the caller may run again).
 */
export async function noticeUntilSpecFixed(specs: SpecManager, found: SpecLookup, what: string, beside = false): Promise<boolean> {
  const key = found.specUri.toString();
  const errors = found.problems.filter((p) => p.severity === 'error');
  const first = errors[0];
  const more = errors.length > 1 ? vscode.l10n.t(' (and {0} more in the Problems view)', errors.length - 1) : '';
  const doc = await vscode.workspace.openTextDocument(found.specUri);
  const range = first ? new vscode.Range(doc.positionAt(first.offset), doc.positionAt(first.offset + Math.max(0, first.length))) : undefined;
  // Next to a panel (beside = true) the spec opens in another column without taking focus, so the panel stays visible.
  await vscode.window.showTextDocument(doc, {
    ...(range ? { selection: range } : {}),
    preview: false,
    ...(beside ? { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true } : {}),
  });
  if (open.has(key)) return false; // one notice per spec file
  let fixed = false;
  const shown = vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      cancellable: true,
      title: vscode.l10n.t('Tensor Parity: fix tensorparity.json to {0}: {1}{2}', what, first?.message ?? vscode.l10n.t('the spec could not be read'), more),
    },
    (_progress, token) =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          sub.dispose();
          clearTimeout(timer);
          resolve();
        };
        const sub = specs.onDidChangeSpec(async (uri) => {
          if (uri.toString() !== key) return;
          const now = await specs.refresh(uri);
          if (now?.spec) {
            fixed = true;
            done();
          }
        });
        const timer = setTimeout(done, 10 * 60_000);
        token.onCancellationRequested(done);
      }),
  );
  open.set(key, Promise.resolve(shown));
  try {
    await shown;
  } finally {
    open.delete(key);
  }
  return fixed;
}

/**
 * For a panel that ran on a spec with errors (Compare Tensors, Compare with Reference, Compare Models): the same
 * self-closing notice, then "<again>" runs the panel again once the spec is valid. Does not wait for the user.
 */
export function noticeSpecProblemsForPanel(specs: SpecManager, found: SpecLookup, what: string, again: string, rerun: () => Promise<void>): void {
  void noticeUntilSpecFixed(specs, found, what, true).then(
    async (fixed) => {
      if (!fixed) return;
      const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Tensor Parity: tensorparity.json is valid now.'), again);
      if (choice === again) await rerun();
    },
    () => undefined,
  );
}
