// The "Run Inference" commands: pick files, find their spec, run the engine with progress and cancellation,
// and show results in the panel. Errors become notifications with buttons; nothing rejects unhandled.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackendName, InferenceResult } from '../../core/infer';
import type { Spec } from '../../core/spec/types';
import type { ResultPayload } from '../../protocol';
import { describeError, isAbortError } from '../errors';
import { buildResultPayload } from './payload';
import { ResultPanel } from './panel';
import type { SpecLookup, SpecManager } from '../spec/spec-manager';
import type { BackendStatus } from '../status-bar';
import { noticeUntilSpecFixed } from '../spec/spec-problem-notice';
import { requireTrust } from '../trust';

/** Shared state the commands use. */
export interface Services {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  status: BackendStatus;
  specs: SpecManager;
  /** The spec of the most recent run, for "Open Spec" buttons. */
  lastSpec?: vscode.Uri;
}

/** Image file extensions the run commands accept (lower case, with dot). */
export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp', '.bmp', '.tif', '.tiff', '.gif'];
/** Tensor file extensions the run commands accept (lower case, with dot). */
export const TENSOR_EXTENSIONS = ['.npy', '.npz', '.bin', '.raw'];

type InputKind = 'image' | 'tensor';

function extOf(uri: vscode.Uri): string {
  const base = uri.path.split('/').pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot).toLowerCase();
}

function nameOf(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.fsPath;
}

/** The resource of the active editor tab (text, custom editors such as the image preview, or a binary file). */
function activeResource(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

/** The files a command invocation means: the Explorer selection, the clicked file, the active editor, or a dialog. */
async function pickFiles(kind: InputKind, clicked: unknown, selection: unknown): Promise<vscode.Uri[] | undefined> {
  const accepted = kind === 'image' ? IMAGE_EXTENSIONS : TENSOR_EXTENSIONS;
  let files: vscode.Uri[] = [];
  if (Array.isArray(selection) && selection.length > 0) files = selection.filter((u): u is vscode.Uri => u instanceof vscode.Uri);
  else if (clicked instanceof vscode.Uri) files = [clicked];
  else {
    const active = activeResource();
    if (active && accepted.includes(extOf(active))) files = [active];
  }
  if (files.length === 0) {
    const filters: Record<string, string[]> =
      kind === 'image'
        ? { [vscode.l10n.t('Images')]: IMAGE_EXTENSIONS.map((e) => e.slice(1)) }
        : { [vscode.l10n.t('Tensor files')]: TENSOR_EXTENSIONS.map((e) => e.slice(1)) };
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    files =
      (await vscode.window.showOpenDialog({
        canSelectMany: true,
        filters,
        openLabel: vscode.l10n.t('Run Inference'),
        ...(folder ? { defaultUri: folder } : {}),
      })) ?? [];
    if (files.length === 0) return undefined;
  }
  const usable = files.filter((f) => accepted.includes(extOf(f)));
  if (usable.length === 0) {
    const want = accepted.join(', ');
    void vscode.window.showErrorMessage(
      kind === 'image'
        ? vscode.l10n.t('Tensor Parity: {0} is not a supported image file. Choose a {1} file.', nameOf(files[0]), want)
        : vscode.l10n.t('Tensor Parity: {0} is not a supported tensor file. Choose a {1} file.', nameOf(files[0]), want),
    );
    return undefined;
  }
  return usable;
}

/** Offers to create a spec when none applies to `file`. */
async function offerCreateSpec(file: vscode.Uri): Promise<void> {
  const folder = vscode.workspace.getWorkspaceFolder(file);
  const where = folder ? vscode.l10n.t('in {0}', folder.name) : vscode.l10n.t('for this file (it is outside the open workspace folders)');
  const create = vscode.l10n.t('Create Spec File');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      'Tensor Parity: no tensorparity.json found {0}. The spec tells Tensor Parity which model to run on {1} and how to prepare the input.',
      where,
      nameOf(file),
    ),
    create,
  );
  if (choice === create) await vscode.commands.executeCommand('tensorParity.createSpec', folder?.uri);
}

/** Logs the spec's errors and shows a notice (with the spec opened at the first error) until the spec is fixed. */
async function reportSpecProblems(svc: Services, found: SpecLookup, files: vscode.Uri[], kind: InputKind): Promise<void> {
  const errors = found.problems.filter((p) => p.severity === 'error');
  svc.log.error(`${found.specUri.fsPath}: ${errors.length} problem(s):\n${errors.map((p) => `  ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
  const fixed = await noticeUntilSpecFixed(svc.specs, found, vscode.l10n.t('run inference'));
  if (!fixed) return;
  const again = vscode.l10n.t('Run Inference Again');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Tensor Parity: tensorparity.json is valid now.'), again);
  if (choice === again) await runInferenceCommand(svc, kind, undefined, files);
}

/** The backend the settings ask for, as a request field; empty for "auto". */
function backendPreference(): { backend?: BackendName } {
  const value = vscode.workspace.getConfiguration('tensorParity').get<string>('backend', 'auto');
  return value === 'tensorflow' || value === 'wasm' || value === 'cpu' ? { backend: value } : {};
}

function maxPixelsSetting(specMax: number): number {
  const info = vscode.workspace.getConfiguration('tensorParity').inspect<number>('maxImagePixels');
  const user = info?.workspaceFolderValue ?? info?.workspaceValue ?? info?.globalValue;
  return typeof user === 'number' && user > 0 ? user : specMax;
}

/** Runs the command for `kind` on the clicked file or the Explorer multi-selection. Never rejects. */
export async function runInferenceCommand(svc: Services, kind: InputKind, clicked?: unknown, selection?: unknown): Promise<void> {
  try {
    if (!requireTrust()) return;
    const files = await pickFiles(kind, clicked, selection);
    if (!files) return;
    const found = await svc.specs.findFor(files[0]);
    if (!found) return offerCreateSpec(files[0]);
    svc.lastSpec = found.specUri;
    if (!found.spec) return reportSpecProblems(svc, found, files, kind);
    await runBatch(svc, kind, files, found);
  } catch (err) {
    const e = describeError(err);
    svc.log.error(`Run Inference failed: ${e.detail}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Tensor Parity: {0}', e.message), vscode.l10n.t('Show Log')).then((c) => {
      if (c) svc.log.show(true);
    });
  }
}

async function runBatch(svc: Services, kind: InputKind, files: vscode.Uri[], found: SpecLookup): Promise<void> {
  const spec = found.spec;
  if (!spec) return;
  const effectiveSpec = { ...spec, limits: { ...spec.limits, maxPixels: maxPixelsSetting(spec.limits.maxPixels) } };
  const panel = ResultPanel.open(
    svc.extensionUri,
    svc.log,
    {
      showLog: () => svc.log.show(true),
      openSpec: () => void vscode.window.showTextDocument(found.specUri),
      runForBaseline: (file) => runForBaseline(svc, found, effectiveSpec, file),
    },
    files,
  ).currentBatch();
  const failures: { file: vscode.Uri; message: string; actions: ('showLog' | 'openSpec')[] }[] = [];
  let done = 0;
  let cancelled = false;
  const n = files.length;
  svc.log.info(`Running ${spec.model.path} (spec ${found.specUri.fsPath}) on ${n} ${kind === 'image' ? 'image' : 'tensor file'}${n === 1 ? '' : 's'}.`);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Tensor Parity', cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      progress.report({ message: vscode.l10n.t('Loading the inference engine…') });
      svc.status.setLoading();
      // Inference runs on the shared worker pool (the host stays responsive); runs of one model share a worker, which
      // keeps the model loaded between runs.
      const { sharedPool } = await import('../../core/worker/shared');
      const { inferTask } = await import('../../core/worker/tasks');
      const modelKey = path.resolve(found.root.fsPath, spec.model.path);
      for (let i = 0; i < n && !abort.signal.aborted; i++) {
        const file = files[i];
        const prefix = n > 1 ? vscode.l10n.t('Image {0} of {1} ({2}): ', i + 1, n, nameOf(file)) : '';
        const step = (message: string): void => {
          progress.report({ message: `${prefix}${message}…` });
          panel.progress(i, message);
        };
        step(vscode.l10n.t('Starting'));
        try {
          const started = performance.now();
          const result: InferenceResult = await sharedPool().run(
            inferTask,
            {
              spec: effectiveSpec,
              workspaceRoot: found.root.fsPath,
              specFile: found.specUri.fsPath,
              input: { kind, file: file.fsPath },
              ...backendPreference(),
            },
            { signal: abort.signal, onProgress: step, affinity: modelKey },
          );
          svc.status.setBackend(result.backend, result.backendDetail);
          // A tensor input with NaN/Inf or values outside the spec's range: the output is not worth reading as is.
          for (const w of result.inputWarnings ?? []) {
            svc.log.warn(w);
            void vscode.window.showWarningMessage(vscode.l10n.t('Tensor Parity: {0}', w));
          }
          const payload = buildResultPayload(file.fsPath, result, spec.output, undefined, spec.input.layout);
          panel.showResult(i, payload, {
            input: result.inputTensor,
            output: result.output,
            ...(result.stages ? { stages: result.stages } : {}),
          });
          const t = result.timingsMs;
          svc.log.info(
            `${file.fsPath}: ${result.backend}, load ${t.load.toFixed(1)} ms, preprocess ${t.preprocess.toFixed(1)} ms, infer ${t.infer.toFixed(1)} ms, postprocess ${t.postprocess.toFixed(1)} ms, total ${(performance.now() - started).toFixed(1)} ms; ${summaryOf(result)}`,
          );
          done++;
        } catch (err) {
          if (isAbortError(err) || abort.signal.aborted) {
            cancelled = true;
            panel.cancelled(i);
            break;
          }
          const e = describeError(err);
          svc.log.error(`${file.fsPath}: ${e.detail}`);
          panel.showError(i, e.message, e.actions);
          failures.push({ file, message: e.message, actions: e.actions });
        }
        if (n > 1) progress.report({ increment: 100 / n });
      }
      if (abort.signal.aborted && !cancelled) {
        cancelled = true;
        panel.cancelled(done + failures.length);
      }
    } catch (err) {
      // The engine module itself failed to load (broken install): every item fails the same way.
      const e = describeError(err);
      svc.log.error(`Loading the inference engine failed: ${e.detail}`);
      svc.status.setFailed(e.message);
      failures.push({ file: files[0], message: e.message, actions: ['showLog'] });
      files.forEach((_, i) => panel.showError(i, e.message, ['showLog']));
    } finally {
      sub.dispose();
      svc.status.settle();
    }
  });
  if (cancelled) {
    svc.log.info(`Cancelled after ${done} of ${n}.`);
    void vscode.window.showInformationMessage(
      n > 1 ? vscode.l10n.t('Tensor Parity: inference cancelled after {0} of {1} images.', done, n) : vscode.l10n.t('Tensor Parity: inference cancelled.'),
    );
    return;
  }
  if (failures.length > 0) await notifyFailures(svc, found, failures, n);
}

/** Runs the model on one file chosen as a baseline in the result panel; errors become a notification. */
async function runForBaseline(svc: Services, found: SpecLookup, spec: Spec, file: vscode.Uri): Promise<ResultPayload | undefined> {
  const kind: InputKind = TENSOR_EXTENSIONS.includes(extOf(file)) ? 'tensor' : 'image';
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Tensor Parity: baseline {0}', nameOf(file)),
      cancellable: true,
    },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        const engine = await import('../../core/infer/engine');
        const result = await engine.runInference({
          spec,
          workspaceRoot: found.root.fsPath,
          specFile: found.specUri.fsPath,
          input: { kind, file: file.fsPath },
          ...backendPreference(),
          signal: abort.signal,
          onProgress: (message) => progress.report({ message }),
        });
        return buildResultPayload(file.fsPath, result, spec.output, undefined, spec.input.layout);
      } catch (err) {
        if (isAbortError(err) || abort.signal.aborted) return undefined;
        const e = describeError(err);
        svc.log.error(`Baseline ${file.fsPath}: ${e.detail}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('Tensor Parity: the baseline {0} could not run: {1}', nameOf(file), e.message));
        return undefined;
      } finally {
        sub.dispose();
      }
    },
  );
}

function summaryOf(r: InferenceResult): string {
  const res = r.result;
  if (res.kind === 'segmentation') return `mask ${res.width}×${res.height}, class fractions [${res.classFractions.map((f) => f.toFixed(4)).join(', ')}]`;
  if (res.kind === 'classification') return `top-1 ${res.topK[0]?.label ?? '?'} (${(res.topK[0]?.probability ?? 0).toFixed(4)})`;
  return `output [${r.output.shape.join(', ')}]`;
}

async function notifyFailures(
  svc: Services,
  found: SpecLookup,
  failures: { file: vscode.Uri; message: string; actions: ('showLog' | 'openSpec')[] }[],
  n: number,
): Promise<void> {
  const first = failures[0];
  const text =
    n === 1
      ? vscode.l10n.t('Tensor Parity: {0}', first.message)
      : vscode.l10n.t('Tensor Parity: {0} of {1} images failed. {2}: {3}', failures.length, n, nameOf(first.file), first.message);
  const openSpec = vscode.l10n.t('Open Spec');
  const showLog = vscode.l10n.t('Show Log');
  const buttons = [...new Set(failures.flatMap((f) => f.actions))].map((a) => (a === 'openSpec' ? openSpec : showLog));
  const choice = await vscode.window.showErrorMessage(text, ...buttons);
  if (choice === openSpec) await vscode.window.showTextDocument(found.specUri);
  if (choice === showLog) svc.log.show(true);
}
