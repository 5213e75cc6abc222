// "Create Spec for Your Model": reads a model's input signature, asks colour order, size, normalisation and the
// resize library, then writes tensorparity.json next to the workspace folder's root (never over one without asking).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { ModelError } from '../../core/infer/errors';
import { SPEC_FILE_NAME } from '../../core/spec';
import { guessImageInput, NORMALISATIONS, readModelSignature, specFromAnswers, type NormalisationKey } from '../../core/spec/from-model';
import type { ColorOrder, ResizeLibrary } from '../../core/spec/types';
import { uriExists } from '../uri-exists';

const t = vscode.l10n.t;

async function pickModel(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && /\.json$/i.test(arg.path)) return arg;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const picked = await vscode.window.showOpenDialog({
    title: t('Tensor Parity: pick your model (the model.json tensorflowjs_converter wrote)'),
    canSelectMany: false,
    filters: { [t('TensorFlow.js model')]: ['json'] },
    ...(folder ? { defaultUri: folder } : {}),
  });
  return picked?.[0];
}

async function pickOne<T extends string>(title: string, items: { value: T; label: string; detail?: string }[], preferred?: T): Promise<T | undefined> {
  const ordered = preferred ? [...items.filter((i) => i.value === preferred), ...items.filter((i) => i.value !== preferred)] : items;
  const pick = await vscode.window.showQuickPick(
    ordered.map((i) => ({ ...i, ...(i.value === preferred ? { description: t('suggested') } : {}) })),
    { title, ignoreFocusOut: true },
  );
  return pick?.value;
}

async function askSize(guessW?: number, guessH?: number): Promise<{ width: number; height: number } | undefined> {
  const parse = (s: string): { width: number; height: number } | undefined => {
    const m = /^\s*(\d{1,5})\s*[x×,]\s*(\d{1,5})\s*$/i.exec(s);
    return m && Number(m[1]) > 0 && Number(m[2]) > 0 ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
  };
  const value = await vscode.window.showInputBox({
    title: t('Input size the model expects (width × height)'),
    prompt:
      guessW && guessH ? t('The model declares {0} × {1}.', guessW, guessH) : t('The model does not fix its input size; enter the size it was trained at.'),
    value: guessW && guessH ? `${guessW}x${guessH}` : '224x224',
    ignoreFocusOut: true,
    validateInput: (s) => (parse(s) ? undefined : t('Write width x height, for example 224x224.')),
  });
  return value === undefined ? undefined : parse(value);
}

/** Runs the questions and writes the spec. Never rejects; errors name the file and the fix. */
export async function createSpecForModelCommand(log: vscode.LogOutputChannel, arg?: unknown): Promise<void> {
  try {
    const model = await pickModel(arg);
    if (!model) return;
    const sig = readModelSignature(model.fsPath);
    let input = sig.inputs[0];
    if (sig.inputs.length > 1) {
      const name = await pickOne(
        t('Which input takes the image?'),
        sig.inputs.map((i) => ({ value: i.name, label: i.name, detail: `[${i.shape.join(', ')}] ${i.dtype}` })),
      );
      if (!name) return;
      input = sig.inputs.find((i) => i.name === name) ?? input;
    }
    const guess = guessImageInput(input);
    const colorOrder = await pickOne<ColorOrder>(
      t('Colour order the model was trained with ({0}: [{1}])', input.name, input.shape.join(', ')),
      [
        { value: 'RGB', label: 'RGB', detail: t('PIL, Keras, tf.image, browsers and most trained models') },
        { value: 'BGR', label: 'BGR', detail: t('OpenCV-decoded training images, Caffe models') },
        { value: 'GRAY', label: t('Grayscale'), detail: t('one channel') },
      ],
      guess.channels === 1 ? 'GRAY' : 'RGB',
    );
    if (!colorOrder) return;
    const size = await askSize(guess.width, guess.height);
    if (!size) return;
    const normalisation = await pickOne<NormalisationKey>(
      t('Normalisation: value = (pixel × scale − mean) / std'),
      (Object.keys(NORMALISATIONS) as NormalisationKey[]).map((k) => ({ value: k, label: NORMALISATIONS[k].label })),
      '0..1',
    );
    if (!normalisation) return;
    const library = await pickOne<ResizeLibrary>(
      t('Which library resized the images when the model was trained?'),
      [
        { value: 'tf', label: 'TensorFlow (tf.image.resize, Keras)', detail: 'bilinear' },
        { value: 'cv2', label: 'OpenCV (cv2.resize)', detail: 'INTER_LINEAR' },
        { value: 'pil', label: 'Pillow (Image.resize)', detail: 'bicubic' },
        { value: 'tfjs', label: 'TensorFlow.js (tf.image.resizeBilinear)', detail: 'bilinear' },
        { value: 'sharp', label: 'sharp (Node)', detail: 'lanczos3' },
        { value: 'java2d', label: 'Java2D (Graphics2D.drawImage)', detail: 'nearest, no interpolation hint' },
      ],
      'tf',
    );
    if (!library) return;

    const folder = vscode.workspace.getWorkspaceFolder(model)?.uri ?? vscode.Uri.joinPath(model, '..');
    const target = vscode.Uri.joinPath(folder, SPEC_FILE_NAME);
    const modelPath = path.relative(folder.fsPath, model.fsPath).split(path.sep).join('/');
    const text = specFromAnswers({ modelPath, signature: sig, inputName: input.name, colorOrder, ...size, normalisation, library });
    if (await uriExists(target)) {
      const replace = t('Replace');
      const answer = await vscode.window.showWarningMessage(
        t('{0} already exists. Replace it with a spec for {1}?', target.fsPath, modelPath),
        { modal: true, detail: t('The current file is overwritten; Cancel keeps it and opens it.') },
        replace,
      );
      if (answer !== replace) {
        await vscode.window.showTextDocument(target);
        return;
      }
    }
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    log.info(`Created ${target.fsPath} for ${model.fsPath}.`);
    await vscode.window.showTextDocument(target);
    void vscode.window.showInformationMessage(
      t('Tensor Parity: wrote {0} for {1}. Right-click an image and choose Run Inference to try it.', SPEC_FILE_NAME, modelPath),
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Create Spec for Your Model failed: ${message}`);
    void vscode.window.showErrorMessage(
      err instanceof ModelError
        ? t('Tensor Parity: {0} "Create Spec File" writes a starter tensorparity.json to fill in by hand.', message)
        : t('Tensor Parity: {0}', message),
    );
  }
}

/** Opens the demo's tensorparity.json: the workspace's demo/ spec, else any spec in the workspace, else offers the demo folder. */
export async function openDemoSpecCommand(extensionUri: vscode.Uri): Promise<void> {
  const found = await vscode.workspace.findFiles(`**/${SPEC_FILE_NAME}`, '**/node_modules/**', 20);
  const demo = found.find((u) => /\/demo\/tensorparity\.json$/.test(u.path)) ?? found[0];
  if (demo) {
    await vscode.window.showTextDocument(demo);
    return;
  }
  const bundled = vscode.Uri.joinPath(extensionUri, 'demo');
  const open = t('Open the demo folder');
  if (await uriExists(vscode.Uri.joinPath(bundled, SPEC_FILE_NAME))) {
    const answer = await vscode.window.showInformationMessage(
      t('This workspace has no {0}. Open the demo that ships with Tensor Parity?', SPEC_FILE_NAME),
      open,
    );
    if (answer === open) await vscode.commands.executeCommand('vscode.openFolder', bundled, { forceNewWindow: true });
    return;
  }
  void vscode.window.showInformationMessage(
    t('This workspace has no {0}. Create one for your model with "Tensor Parity: Create Spec for Your Model".', SPEC_FILE_NAME),
  );
}
