// Model files and inputs in the workspace for a model comparison: TFJS model.json files, .tflite files, SavedModel
// folders and activations .npz; images and .npy tensors to run them on, with the user's last choice remembered.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SpecManager } from '../spec/spec-manager';
import { inputKindOf, orderInputs } from './inputs';

/** Folders never searched for models or inputs. */
export const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.venv/**,**/dist/**,**/out/**}';
const IMAGE_GLOB = '**/*.{png,jpg,jpeg,webp,bmp,PNG,JPG,JPEG}';
/** Where the input the user last picked for a model comparison is remembered (workspace state). */
export const INPUT_KEY = 'tensorParity.modelsInput';

/** The model tensorparity.json names, when the workspace has a valid spec. */
export async function specModelPath(specs: SpecManager, near?: vscode.Uri): Promise<string | undefined> {
  const uris = near ? [near] : await vscode.workspace.findFiles('**/tensorparity.json', EXCLUDE, 5);
  for (const uri of uris) {
    const found = await specs.findFor(uri);
    const rel = found?.spec?.model.path;
    if (found && rel) return path.resolve(path.dirname(found.specUri.fsPath), rel);
  }
  return undefined;
}

/** Model files in the workspace: TFJS model.json files, .tflite files, SavedModel folders and (with `activations`) .npz files. */
export async function workspaceModels(activations = false): Promise<string[]> {
  const [jsons, tflites, pbs, npzs] = await Promise.all([
    vscode.workspace.findFiles('**/*.json', EXCLUDE, 2000),
    vscode.workspace.findFiles('**/*.tflite', EXCLUDE, 200),
    vscode.workspace.findFiles('**/saved_model.pb', EXCLUDE, 200),
    activations ? vscode.workspace.findFiles('**/*.npz', EXCLUDE, 200) : Promise.resolve([]),
  ]);
  const tfjs = jsons.map((u) => u.fsPath).filter((f) => path.basename(f) !== 'tensorparity.json' && looksLikeTfjs(f));
  return [...tfjs, ...tflites.map((u) => u.fsPath), ...pbs.map((u) => path.dirname(u.fsPath)), ...npzs.map((u) => u.fsPath)].sort();
}

function looksLikeTfjs(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(4096);
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, n).toString('utf8').includes('"modelTopology"');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** Images and .npy tensors a comparison can run on (images only under a valid spec, which says how to preprocess them). */
export async function workspaceInputs(specs: SpecManager): Promise<string[]> {
  const [images, tensors] = await Promise.all([vscode.workspace.findFiles(IMAGE_GLOB, EXCLUDE, 500), vscode.workspace.findFiles('**/*.npy', EXCLUDE, 500)]);
  const withSpec: string[] = [];
  for (const u of images) if ((await specs.findFor(u))?.spec) withSpec.push(u.fsPath);
  return [...withSpec.sort(), ...tensors.map((u) => u.fsPath).sort()];
}

/** The input for a comparison: the one the user picked last (if still on disk), else the first image under the spec's folder, else a .npy. */
export async function defaultInput(specs: SpecManager, memento: vscode.Memento, model: string): Promise<string | undefined> {
  const remembered = memento.get<string>(INPUT_KEY);
  if (remembered && fs.existsSync(remembered)) return remembered;
  const found = await specs.findFor(vscode.Uri.file(model));
  const root = found ? vscode.Uri.file(path.dirname(found.specUri.fsPath)) : vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) return undefined;
  const images = found?.spec ? await vscode.workspace.findFiles(new vscode.RelativePattern(root, IMAGE_GLOB), EXCLUDE, 50) : [];
  if (images.length) return images.map((u) => u.fsPath).sort()[0];
  const tensors = await vscode.workspace.findFiles(new vscode.RelativePattern(root, '**/*.npy'), EXCLUDE, 50);
  return tensors.map((u) => u.fsPath).sort()[0];
}

/** Asks which image or tensor to run both models on (the current one first) and remembers the answer; undefined when dismissed. */
export async function pickInput(
  specs: SpecManager,
  memento: vscode.Memento,
  current?: string,
): Promise<{ input: string; inputKind: 'tensor' | 'image' } | undefined> {
  const inputs = orderInputs(await workspaceInputs(specs), current ?? memento.get<string>(INPUT_KEY));
  if (inputs.length === 0) {
    throw new Error(
      vscode.l10n.t('No input found: add an image (with a tensorparity.json saying how to preprocess it) or a .npy input tensor to the workspace.'),
    );
  }
  const choice = await vscode.window.showQuickPick(
    inputs.map((f) => ({
      label: vscode.workspace.asRelativePath(f),
      description: inputKindOf(f) === 'image' ? vscode.l10n.t('image, preprocessed as tensorparity.json says') : vscode.l10n.t('tensor'),
      ...(f === current ? { detail: vscode.l10n.t('the current input') } : {}),
      path: f,
    })),
    { title: vscode.l10n.t('Run both models on…'), placeHolder: vscode.l10n.t('An image (preprocessed per the spec) or a .npy input tensor') },
  );
  if (!choice) return undefined;
  await memento.update(INPUT_KEY, choice.path);
  return { input: choice.path, inputKind: inputKindOf(choice.path) };
}
