// Saving files the user asked for: a save dialog next to the source file, and never a silent overwrite.

import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { uriExists } from '../uri-exists';
import { encodeNpy, saveNpyNoClobber } from '../../core/tensor';
import type { NdArray } from '../../core/tensor/types';
import { saveStages, stageFiles } from '../../core/preprocess/stages-io';
import type { PreprocessStage } from '../../core/preprocess/types';

/** The outcome shown to the user (and sent back to the panel). */
export interface SaveOutcome {
  ok: boolean;
  message: string;
}

/** `<dir>/<stem><suffix>`, adding -1, -2 … so the suggested name does not exist yet. */
export async function freeNameNextTo(source: vscode.Uri, suffix: string): Promise<vscode.Uri> {
  const dir = vscode.Uri.joinPath(source, '..');
  const base = source.path.split('/').pop() ?? 'tensor';
  const stem = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  for (let i = 0; i < 100; i++) {
    const candidate = vscode.Uri.joinPath(dir, `${stem}${i === 0 ? '' : `-${i}`}${suffix}`);
    if (!(await uriExists(candidate))) return candidate;
  }
  return vscode.Uri.joinPath(dir, `${stem}${suffix}`);
}

/**
 * Asks where to save, confirms with a modal dialog before replacing an existing file,
 * and writes without overwriting when the user did not confirm a replacement.
 */
async function saveWithDialog(
  defaultUri: vscode.Uri,
  filters: Record<string, string[]>,
  title: string,
  write: (target: vscode.Uri, replace: boolean) => Promise<void>,
): Promise<SaveOutcome> {
  const target = await vscode.window.showSaveDialog({ defaultUri, filters, title, saveLabel: vscode.l10n.t('Save') });
  if (!target) return { ok: false, message: vscode.l10n.t('Save cancelled.') };
  const name = target.path.split('/').pop() ?? target.fsPath;
  let replace = false;
  if (await uriExists(target)) {
    const replaceLabel = vscode.l10n.t('Replace');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} already exists. Replace it?', name),
      { modal: true, detail: vscode.l10n.t('{0}\n\nThe existing file will be overwritten.', target.fsPath) },
      replaceLabel,
    );
    if (choice !== replaceLabel) return { ok: false, message: vscode.l10n.t('Kept the existing {0}; nothing was saved.', name) };
    replace = true;
  }
  try {
    await write(target, replace);
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  return { ok: true, message: vscode.l10n.t('Saved {0}', target.fsPath) };
}

/** Saves a tensor as .npy via a save dialog; `suffix` like ".input.npy" names the suggested file next to `source`. */
export async function saveTensorAs(source: vscode.Uri, suffix: string, arr: NdArray, what: string): Promise<SaveOutcome> {
  const defaultUri = await freeNameNextTo(source, suffix);
  return saveWithDialog(defaultUri, { [vscode.l10n.t('NumPy array')]: ['npy'] }, vscode.l10n.t('Save {0} as .npy', what), async (target, replace) => {
    if (!replace && target.scheme === 'file') await saveNpyNoClobber(target.fsPath, arr);
    else await vscode.workspace.fs.writeFile(target, encodeNpy(arr));
  });
}

/** Saves PNG bytes via a save dialog (for the overlay export). */
export async function savePngAs(source: vscode.Uri, suffix: string, png: Uint8Array): Promise<SaveOutcome> {
  const defaultUri = await freeNameNextTo(source, suffix);
  return saveWithDialog(defaultUri, { [vscode.l10n.t('PNG image')]: ['png'] }, vscode.l10n.t('Export overlay as PNG'), async (target, replace) => {
    if (!replace && target.scheme === 'file') {
      try {
        await fsp.writeFile(target.fsPath, png, { flag: 'wx' });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST')
          throw new Error(vscode.l10n.t('{0} appeared while saving; Tensor Parity did not overwrite it. Save again to choose.', target.fsPath));
        throw new Error(vscode.l10n.t('Could not write {0} ({1}). Check the folder exists and is writable.', target.fsPath, code ?? String(err)));
      }
    } else {
      await vscode.workspace.fs.writeFile(target, png);
    }
  });
}

/** Saves every preprocessing stage as `<image>.stage-<i>-<stage>.npy` into a folder the user picks; asks before replacing. */
export async function saveStagesTo(source: vscode.Uri, stages: readonly PreprocessStage[]): Promise<SaveOutcome> {
  const picked = await vscode.window.showOpenDialog({
    defaultUri: vscode.Uri.joinPath(source, '..'),
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    openLabel: vscode.l10n.t('Save stages here'),
    title: vscode.l10n.t('Save the {0} preprocessing stages of {1} as .npy', stages.length, path.basename(source.fsPath)),
  });
  const dir = picked?.[0];
  if (!dir) return { ok: false, message: vscode.l10n.t('Nothing was saved.') };
  const base = path.basename(source.fsPath).replace(/\.[^.]+$/, '');
  const result = { stages };
  const existing = stageFiles(result, dir.fsPath, base).filter((f) => fs.existsSync(f));
  if (existing.length > 0) {
    const replaceLabel = vscode.l10n.t('Replace');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} stage file(s) already exist in {1} ({2}…). Replace them?', existing.length, dir.fsPath, path.basename(existing[0])),
      { modal: true },
      replaceLabel,
    );
    if (choice !== replaceLabel) return { ok: false, message: vscode.l10n.t('Kept the existing stage files; nothing was saved.') };
  }
  try {
    const files = saveStages(result, dir.fsPath, base, { force: existing.length > 0 });
    return { ok: true, message: vscode.l10n.t('Saved {0} stages to {1}', files.length, dir.fsPath) };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
