// The compare commands: "Compare Tensors" on two Explorer files, "Compare with Reference" on one dump (reference
// picked from the workspace, a dialog, or an image preprocessed by the spec), and "Open Diff Report (JSON)".

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ComparePanelState } from '../../protocol';
import { rankByStem, stemMatch, withoutWeights } from './baseline';
import { runComparison } from './run';
import { LintSources, openSpecField } from './sources';
import { ComparePanel, ComparePanelHost } from './panel';
import type { SpecManager } from '../spec/spec-manager';

/** What the compare commands need from the extension. */
export interface CompareRegistration {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  specs: SpecManager;
  /** Workspace state (the input last picked for a model comparison). */
  memento: vscode.Memento;
}

const TENSOR_EXTS = ['.npy', '.npz', '.bin', '.raw'];
const IMAGE_GLOB = '**/*.{png,jpg,jpeg,webp,bmp,tif,tiff,gif,PNG,JPG,JPEG}';
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.venv/**,**/dist/**,**/out/**}';

/** The .json files in a folder (model.json and raw-dump sidecars), read for their weightsManifest. */
function jsonSiblings(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => n.toLowerCase().endsWith('.json'))
      .slice(0, 50)
      .flatMap((n) => {
        const file = path.join(dir, n);
        return fs.statSync(file).size < 16 * 1024 * 1024 ? [fs.readFileSync(file, 'utf8')] : [];
      });
  } catch {
    return [];
  }
}

function isTensorFile(uri: vscode.Uri): boolean {
  return TENSOR_EXTS.includes(path.extname(uri.fsPath).toLowerCase());
}

/** Which of two files is the reference: a name that says so (reference, ref, golden, expected, python, tf), else the first. */
export function orderPair(first: string, second: string): { dump: string; reference: string } {
  const refLike = (p: string): boolean => /(^|[._\-\s])(ref|reference|golden|expected|truth|python|py|tf|numpy)([._\-\s]|$)/i.test(path.basename(p));
  if (refLike(second) && !refLike(first)) return { dump: first, reference: second };
  return { dump: second, reference: first };
}

/** The active tab's file when it is a tensor file (custom editor or otherwise). */
function activeTensor(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  return uri && isTensorFile(uri) ? uri : undefined;
}

/** Registers the commands, the panel serializer and the report opener. */
export function registerCompare(context: vscode.ExtensionContext, reg: CompareRegistration): void {
  const lint = new LintSources(path.join(reg.extensionUri.fsPath, 'dist', 'tree-sitter'), reg.log);
  const host: ComparePanelHost = {
    log: reg.log,
    run: (panel) => runComparison({ log: reg.log, specs: reg.specs, lint }, panel),
    openSpecField: (specUri, cause) => openSpecField(specUri, cause),
    compareModels: async (panel) => (await import('./models')).compareModelsForPanel({ log: reg.log, specs: reg.specs, memento: reg.memento }, panel),
  };
  const show = (state: ComparePanelState): void => {
    ComparePanel.show(reg.extensionUri, host, state);
  };
  const guard =
    (name: string, fn: (...args: unknown[]) => Promise<void>) =>
    async (...args: unknown[]): Promise<void> => {
      try {
        await fn(...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        reg.log.error(`${name} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Tensor Parity: {0}', message), vscode.l10n.t('Show Log')).then((c) => {
          if (c) reg.log.show(true);
        });
      }
    };
  context.subscriptions.push(
    { dispose: () => lint.dispose() },
    ComparePanel.registerSerializer(reg.extensionUri, host),
    vscode.commands.registerCommand(
      'tensorParity.compareTensors',
      guard('Compare Tensors', (clicked, selection) => compareTensors(reg, show, clicked, selection)),
    ),
    vscode.commands.registerCommand(
      'tensorParity.compareWithReference',
      guard('Compare with Reference', (clicked) => compareWithReference(reg, show, clicked)),
    ),
    vscode.commands.registerCommand(
      'tensorParity.openDiffReport',
      guard('Open Diff Report', (clicked) => openDiffReport(show, clicked)),
    ),
  );
}

async function compareTensors(reg: CompareRegistration, show: (s: ComparePanelState) => void, clicked: unknown, selection: unknown): Promise<void> {
  let files: vscode.Uri[] = [];
  if (Array.isArray(selection) && selection.length > 0) files = selection.filter((u): u is vscode.Uri => u instanceof vscode.Uri);
  else if (clicked instanceof vscode.Uri) files = [clicked];
  if (files.length === 0) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    files =
      (await vscode.window.showOpenDialog({
        canSelectMany: true,
        openLabel: vscode.l10n.t('Compare'),
        title: vscode.l10n.t('Pick two tensor files: a dump and its reference'),
        filters: { [vscode.l10n.t('Tensor files')]: TENSOR_EXTS.map((e) => e.slice(1)) },
        ...(folder ? { defaultUri: folder } : {}),
      })) ?? [];
    if (files.length === 0) return;
  }
  const bad = files.find((f) => !isTensorFile(f));
  if (bad) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Tensor Parity: {0} is not a tensor file. Compare Tensors reads .npy, .npz and raw .bin/.raw dumps (with a <file>.json sidecar).',
        path.basename(bad.fsPath),
      ),
    );
    return;
  }
  if (files.length === 1) return compareWithReference(reg, show, files[0]);
  if (files.length > 2) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Tensor Parity: {0} files are selected; Compare Tensors compares two. Select a dump and its reference (click one, Ctrl/Cmd-click the other).',
        files.length,
      ),
    );
    return;
  }
  const { dump, reference } = orderPair(files[0].fsPath, files[1].fsPath);
  show({ origin: 'files', a: dump, b: reference });
}

interface RefPick extends vscode.QuickPickItem {
  kind?: vscode.QuickPickItemKind;
  action: 'file' | 'browse' | 'image';
  uri?: vscode.Uri;
}

async function compareWithReference(reg: CompareRegistration, show: (s: ComparePanelState) => void, clicked: unknown): Promise<void> {
  const dump = clicked instanceof vscode.Uri && isTensorFile(clicked) ? clicked : activeTensor();
  if (!dump) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Tensor Parity: open or right-click a tensor dump (.npy, .npz, .bin, .raw) to compare it with a reference.'),
    );
    return;
  }
  const found = await reg.specs.findFor(dump);
  let imageOk = false;
  if (found?.spec) {
    const { loadTensorFile } = await import('../../core/tensor/load');
    const { numel } = await import('../../core/tensor/ndarray');
    try {
      const t = [...(await loadTensorFile(dump.fsPath)).tensors.values()][0];
      const i = found.spec.input;
      imageOk = t !== undefined && numel(t.shape) === i.width * i.height * (i.colorOrder === 'GRAY' ? 1 : 3);
    } catch {
      imageOk = false;
    }
  }
  const found500 = (await vscode.workspace.findFiles('**/*.{npy,npz,bin,raw}', EXCLUDE, 500))
    .map((u) => u.fsPath)
    .filter((p) => p !== dump.fsPath && !p.endsWith('.json'));
  // Model weights (*.bin listed by a model.json) are not tensors to compare with; the same-stem file comes first.
  const candidates = rankByStem(dump.fsPath, withoutWeights(found500, jsonSiblings));
  const dir = path.dirname(dump.fsPath);
  const items: RefPick[] = candidates.map((p, i) => ({
    label: `$(file-binary) ${path.basename(p)}`,
    description: vscode.workspace.asRelativePath(path.dirname(p)),
    ...(i === 0 && stemMatch(dump.fsPath, p) > 0 ? { detail: vscode.l10n.t('Best match: same image name as {0}', path.basename(dump.fsPath)) } : {}),
    action: 'file',
    uri: vscode.Uri.file(p),
  }));
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, action: 'browse' });
  if (imageOk)
    items.push({
      label: `$(file-media) ${vscode.l10n.t('An image, preprocessed by the spec…')}`,
      detail: vscode.l10n.t(
        'Diagnose {0} against what {1} makes of an image',
        path.basename(dump.fsPath),
        vscode.workspace.asRelativePath(found?.specUri ?? dump),
      ),
      action: 'image',
    });
  items.push({
    label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`,
    detail: vscode.l10n.t('Pick the reference tensor file with a dialog'),
    action: 'browse',
  });
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Compare {0} with…', path.basename(dump.fsPath)),
    placeHolder: vscode.l10n.t('Choose the reference tensor (the expected values)'),
    matchOnDescription: true,
  });
  if (!pick) return;
  if (pick.action === 'file' && pick.uri) return show({ origin: 'files', a: dump.fsPath, b: pick.uri.fsPath });
  if (pick.action === 'browse') {
    const chosen = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: vscode.l10n.t('Use as Reference'),
      filters: { [vscode.l10n.t('Tensor files')]: TENSOR_EXTS.map((e) => e.slice(1)) },
      defaultUri: vscode.Uri.file(dir),
    });
    if (chosen?.[0]) show({ origin: 'files', a: dump.fsPath, b: chosen[0].fsPath });
    return;
  }
  const images = rankByStem(
    dump.fsPath,
    (await vscode.workspace.findFiles(IMAGE_GLOB, EXCLUDE, 500)).map((u) => u.fsPath),
  );
  const imgItems: RefPick[] = images.map((p, i) => ({
    label: `$(file-media) ${path.basename(p)}`,
    description: vscode.workspace.asRelativePath(path.dirname(p)),
    ...(i === 0 && stemMatch(dump.fsPath, p) > 0 ? { detail: vscode.l10n.t('Best match: the dump is named after this image') } : {}),
    action: 'file',
    uri: vscode.Uri.file(p),
  }));
  imgItems.push({ label: `$(folder-opened) ${vscode.l10n.t('Browse…')}`, action: 'browse' });
  const img = await vscode.window.showQuickPick(imgItems, {
    title: vscode.l10n.t('Which image did the dump come from?'),
    placeHolder: vscode.l10n.t('The image is preprocessed as tensorparity.json says, then compared and diagnosed'),
  });
  if (!img) return;
  let imageUri = img.uri;
  if (img.action === 'browse') {
    imageUri = (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: vscode.l10n.t('Use Image'),
        filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp', 'bmp', 'tif', 'tiff', 'gif'] },
      })
    )?.[0];
  }
  if (imageUri) show({ origin: 'image', a: dump.fsPath, b: imageUri.fsPath });
}

async function openDiffReport(show: (s: ComparePanelState) => void, clicked: unknown): Promise<void> {
  let file = clicked instanceof vscode.Uri ? clicked : vscode.window.activeTextEditor?.document.uri;
  if (!file || path.extname(file.fsPath).toLowerCase() !== '.json') {
    file = (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        openLabel: vscode.l10n.t('Open Report'),
        filters: { [vscode.l10n.t('JSON report')]: ['json'] },
      })
    )?.[0];
  }
  if (file) show({ origin: 'report', a: file.fsPath, b: file.fsPath });
}
