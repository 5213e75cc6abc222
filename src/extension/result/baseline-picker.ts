// "Choose baseline…" in the result panel: a recent result, the image a dump came from, or a reference tensor.
// The best match (same file, then the same image name) comes first; a picked file is run through the model.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PreviousResult, ResultPayload } from '../../protocol';
import { rankByStem, stemMatch, withoutWeights } from '../compare/baseline';
import { rankBaselines, type RememberedResult } from './payload';

const t = vscode.l10n.t;
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.venv/**,**/dist/**,**/out/**}';
const IMAGES = '**/*.{png,jpg,jpeg,webp,bmp,tif,tiff,gif,PNG,JPG,JPEG}';
const TENSORS = '**/*.{npy,npz,bin,raw}';

/** Runs the model on a file and returns its result (undefined when it failed or was cancelled; the caller reports). */
export type RunForBaseline = (file: vscode.Uri) => Promise<ResultPayload | undefined>;

interface Pick extends vscode.QuickPickItem {
  baseline?: PreviousResult;
  find?: 'image' | 'tensor';
}

function jsonSiblings(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => n.toLowerCase().endsWith('.json'))
      .slice(0, 50)
      .flatMap((n) => {
        const f = path.join(dir, n);
        return fs.statSync(f).size < 16 * 1024 * 1024 ? [fs.readFileSync(f, 'utf8')] : [];
      });
  } catch {
    return [];
  }
}

/** Asks which baseline to compare `result` with; undefined when the user cancels. */
export async function chooseBaseline(
  history: readonly RememberedResult[],
  result: ResultPayload,
  current: PreviousResult | undefined,
  run: RunForBaseline | undefined,
): Promise<PreviousResult | undefined> {
  const recent = rankBaselines(history, result);
  const items: Pick[] = [];
  if (recent.length) items.push({ label: t('Recent results'), kind: vscode.QuickPickItemKind.Separator });
  recent.forEach((b, i) => {
    const detail = [i === 0 ? t('best match') : '', current?.result === b.result ? t('in use') : ''].filter(Boolean).join(' · ');
    items.push({ label: `$(history) ${b.result.fileName}`, description: b.label, ...(detail ? { detail } : {}), baseline: b });
  });
  if (run) {
    items.push({ label: t('Run the model on…'), kind: vscode.QuickPickItemKind.Separator });
    items.push({
      label: `$(file-media) ${t('The image the dump came from…')}`,
      detail: t('Images named like {0} first', result.fileName),
      find: 'image',
    });
    items.push({
      label: `$(file-binary) ${t('A reference tensor…')}`,
      detail: t('A .npy/.npz/.bin/.raw dump; model weight files are not offered'),
      find: 'tensor',
    });
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: t('Compare {0} with…', result.fileName),
    placeHolder: t('Choose the baseline'),
  });
  if (!pick) return undefined;
  if (pick.baseline) return pick.baseline;
  if (!pick.find || !run) return undefined;
  const all = (await vscode.workspace.findFiles(pick.find === 'image' ? IMAGES : TENSORS, EXCLUDE, 500))
    .map((u) => u.fsPath)
    .filter((p) => p !== result.filePath && !p.endsWith('.json'));
  const files = rankByStem(result.filePath, pick.find === 'tensor' ? withoutWeights(all, jsonSiblings) : all);
  const file = await vscode.window.showQuickPick(
    files.map((p, i) => ({
      label: `${pick.find === 'image' ? '$(file-media)' : '$(file-binary)'} ${path.basename(p)}`,
      description: vscode.workspace.asRelativePath(path.dirname(p)),
      ...(i === 0 && stemMatch(result.filePath, p) > 0 ? { detail: t('best match: same image name') } : {}),
      path: p,
    })),
    { title: pick.find === 'image' ? t('Which image did {0} come from?', result.fileName) : t('Which tensor is the reference?') },
  );
  if (!file) return undefined;
  const payload = await run(vscode.Uri.file(file.path));
  if (!payload) return undefined;
  if (payload.view.kind !== 'segmentation') {
    void vscode.window.showWarningMessage(
      t('Tensor Parity: {0} gave no segmentation mask, so it cannot be a baseline for {1}.', payload.fileName, result.fileName),
    );
    return undefined;
  }
  return {
    label: pick.find === 'image' ? t('The image {0} (chosen)', payload.fileName) : t('The reference tensor {0} (chosen)', payload.fileName),
    result: payload,
  };
}
