// The result webview panel on the host side: one panel, reused per run, that shows one result or a batch.
// It remembers recent results to offer "Compare with previous result", and is restored after a window reload by
// a webview panel serializer that re-runs the saved files (trusted workspace) or explains why it cannot.

import * as vscode from 'vscode';
import {
  BatchFile,
  PreviousResult,
  ResultAction,
  ResultErrorAction,
  ResultHostMessage,
  ResultInitialState,
  ResultPayload,
  ResultWebviewMessage,
  validateResultWebviewMessage,
} from '../../protocol';
import type { NdArray } from '../../core/tensor/types';
import type { PreprocessStage } from '../../core/preprocess/types';
import { createHostWebviewPanel, HostPanel, registerPanelRestorer } from '../panel/host-panel';
import { savePngAs, saveStagesTo, saveTensorAs } from '../panel/save';
import { chooseBaseline, type RunForBaseline } from './baseline-picker';
import { pickPrevious, remember, RememberedResult, restoredFilePaths } from './payload';
import { panelL10n } from '../panel/l10n-state';

/** The webview panel type, also the serializer's key (package.json activates on onWebviewPanel:tensorParity.result). */
export const RESULT_VIEW_TYPE = 'tensorParity.result';

/** Tensors kept on the host for the save buttons. */
export interface KeptTensors {
  input: NdArray;
  output: NdArray;
  /** The preprocessing stages of an image input (decoded → … → layout); absent for tensor dumps. */
  stages?: readonly PreprocessStage[];
}

interface Item {
  uri: vscode.Uri;
  progress?: string;
  result?: ResultPayload;
  previous?: PreviousResult | undefined;
  tensors?: KeptTensors;
  error?: { message: string; actions: ResultErrorAction[] } | undefined;
}

/** Commands the panel can ask the host to run. */
export interface PanelCommands {
  showLog(): void;
  openSpec(): void;
  /** Runs the model on a file chosen as baseline ("Choose baseline…"); absent where the panel cannot run models. */
  runForBaseline?: RunForBaseline;
}

/** The part of the result panel one run writes to (see ResultPanel.currentBatch). */
export interface ResultBatch {
  /** Reports progress of item `index`. */
  progress(index: number, message: string): void;
  /** Shows the result of item `index`. */
  showResult(index: number, result: ResultPayload, tensors: KeptTensors): void;
  /** Shows an error for item `index`. */
  showError(index: number, message: string, actions: ResultErrorAction[]): void;
  /** Marks items from `fromIndex` on that have no result yet as cancelled. */
  cancelled(fromIndex: number): void;
}

/** The single result panel. */
export class ResultPanel extends HostPanel<ResultHostMessage, ResultWebviewMessage> {
  private static current: ResultPanel | undefined;
  private items: Item[] = [];
  private cancelledFrom: number | undefined;
  private notice: { message: string; actions: ResultAction[] } | undefined;
  private readonly history: RememberedResult[] = [];
  /** Counts runs that took this panel over; a run's writes count only while it is the newest. */
  private generation = 0;

  /** "Choose Baseline" (command and keybinding): asks the open result panel for the picker of the result it shows. */
  static chooseBaseline(): void {
    const current = ResultPanel.current;
    if (current) current.post({ type: 'resultChooseBaseline' });
    else
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Tensor Parity: run inference first; the result panel then compares its result with a baseline.'),
      );
  }

  /** Shows the panel for a new run over `files` (reusing an open panel) and returns it. */
  static open(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, commands: PanelCommands, files: vscode.Uri[]): ResultPanel {
    const existing = ResultPanel.current;
    if (existing) {
      existing.commands = commands;
      existing.reset(files);
      existing.reveal(true);
      return existing;
    }
    const panel = createHostWebviewPanel(
      RESULT_VIEW_TYPE,
      titleFor(files),
      extensionUri,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      RESOURCE_ROOTS,
    );
    ResultPanel.current = new ResultPanel(panel, extensionUri, log, commands, files);
    return ResultPanel.current;
  }

  /**
   * Registers the serializer that brings result panels back after a window reload: the webview state holds the
   * file paths (never the result buffers), and the restored panel re-runs them in a trusted workspace.
   */
  static registerSerializer(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, commands: PanelCommands): vscode.Disposable {
    return registerPanelRestorer(RESULT_VIEW_TYPE, extensionUri, {
      log,
      extraRoots: RESOURCE_ROOTS,
      parse: restoredFilePaths,
      restore: async (panel, paths) => {
        try {
          const files = paths.map((p) => vscode.Uri.file(p));
          const restored = new ResultPanel(panel, extensionUri, log, commands, files);
          if (!ResultPanel.current) ResultPanel.current = restored;
          await restored.afterRestore();
        } catch (err) {
          log.error(`Restoring the result panel failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        }
      },
    });
  }

  private constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private commands: PanelCommands,
    files: vscode.Uri[],
  ) {
    super(panel, extensionUri, { name: 'result panel', log, validate: validateResultWebviewMessage });
    this.items = files.map((uri) => ({ uri }));
    this.render(files);
  }

  /** True while the panel is open. */
  get isOpen(): boolean {
    return ResultPanel.current === this;
  }

  /**
   * What the run that just opened the panel writes to. Once a newer run takes the panel over, the older run's writes
   * are dropped (a result it still finishes is kept as a baseline for later results, never shown on a new item).
   */
  currentBatch(): ResultBatch {
    const generation = this.generation;
    const live = (): boolean => generation === this.generation;
    return {
      progress: (index, message) => {
        if (live()) this.progress(index, message);
      },
      showResult: (index, result, tensors) => {
        if (live()) this.showResult(index, result, tensors);
        else remember(this.history, result);
      },
      showError: (index, message, actions) => {
        if (live()) this.showError(index, message, actions);
      },
      cancelled: (fromIndex) => {
        if (live()) this.cancelled(fromIndex);
      },
    };
  }

  private reset(files: vscode.Uri[]): void {
    this.generation++;
    this.items = files.map((uri) => ({ uri }));
    this.cancelledFrom = undefined;
    this.notice = undefined;
    this.panel.title = titleFor(files);
    if (this.connection.isReady) this.post({ type: 'resultBatch', files: this.batchFiles() });
    else this.render(files);
  }

  private render(files: vscode.Uri[]): void {
    const state: ResultInitialState = { title: titleFor(files), files: this.batchFiles(), ...panelL10n() };
    this.renderPage({
      script: 'result-panel.js',
      title: state.title,
      initialState: state,
      loadingText: vscode.l10n.t('Loading the Tensor Parity result panel…'),
    });
  }

  private batchFiles(): BatchFile[] {
    return this.items.map((it) => ({ name: baseName(it.uri), path: it.uri.fsPath }));
  }

  /** Reports progress of item `index`. */
  progress(index: number, message: string): void {
    const it = this.items[index];
    if (!it) return;
    it.progress = message;
    this.post({ type: 'resultProgress', index, message });
  }

  /** Shows the result of item `index` and keeps its tensors for saving. */
  showResult(index: number, result: ResultPayload, tensors: KeptTensors): void {
    const it = this.items[index];
    if (!it) return;
    it.result = result;
    // Stages of a large photo weigh several times the image: keep them for the newest result only.
    for (const other of this.items) if (other.tensors?.stages) other.tensors = { input: other.tensors.input, output: other.tensors.output };
    it.tensors = tensors;
    it.error = undefined;
    it.previous = pickPrevious(this.history, result);
    remember(this.history, result);
    this.post(showResultMessage(index, result, it.previous));
  }

  /** After a window reload: re-runs the saved files, or says in the panel why it cannot. */
  private async afterRestore(): Promise<void> {
    const files = this.items.map((it) => it.uri);
    if (files.length === 0) {
      return this.showNotice(
        vscode.l10n.t(
          'This Tensor Parity panel came back after the window reloaded, but it had no saved result to show. Right-click an image in the Explorer and choose "Tensor Parity: Run Inference".',
        ),
        [],
      );
    }
    const present: vscode.Uri[] = [];
    for (const f of files) {
      try {
        await vscode.workspace.fs.stat(f);
        present.push(f);
      } catch {
        this.log.warn(`Restored result panel: ${f.fsPath} no longer exists.`);
      }
    }
    if (present.length === 0) {
      const what =
        files.length === 1
          ? vscode.l10n.t('{0} no longer exists', files[0].fsPath)
          : vscode.l10n.t('none of its {0} files exist any more (first: {1})', files.length, files[0].fsPath);
      return this.showNotice(
        vscode.l10n.t('This Tensor Parity panel came back after the window reloaded, but {0}. Run Inference on another image from the Explorer.', what),
        [],
      );
    }
    if (!vscode.workspace.isTrusted) {
      const names = present.length === 1 ? baseName(present[0]) : vscode.l10n.t('{0} images', present.length);
      this.showNotice(
        vscode.l10n.t(
          "This panel showed the result for {0} before the window reloaded. Tensor Parity doesn't run models in an untrusted workspace, so it cannot run it again now. Trust this folder (Manage Workspace Trust) and the result comes back, or press Run Inference Again.",
          names,
        ),
        ['manageTrust', 'rerun'],
      );
      const sub = vscode.workspace.onDidGrantWorkspaceTrust(() => {
        sub.dispose();
        if (!this.isDisposed) this.rerun();
      });
      this._register(sub);
      return;
    }
    this.log.info(`Restored result panel: running ${present.map((f) => f.fsPath).join(', ')} again.`);
    this.rerun(present);
  }

  private showNotice(message: string, actions: ResultAction[]): void {
    this.notice = { message, actions };
    this.post({ type: 'resultNotice', message, actions });
  }

  /** Runs the panel's files again through the normal command (it checks trust and finds the spec). */
  private rerun(files = this.items.map((it) => it.uri)): void {
    if (files.length === 0) return;
    ResultPanel.current = this; // the run goes to this panel (ResultPanel.open reuses the current one)
    const command = files.every((f) => TENSOR_FILE.test(f.path)) ? 'tensorParity.runInferenceOnTensor' : 'tensorParity.runInference';
    void vscode.commands.executeCommand(command, undefined, files);
  }

  /** Shows an error for item `index`. */
  showError(index: number, message: string, actions: ResultErrorAction[]): void {
    const it = this.items[index];
    if (!it) return;
    it.error = { message, actions };
    this.post({ type: 'resultError', index, message, actions });
  }

  /** Marks items from `fromIndex` on that have no result yet as cancelled. */
  cancelled(fromIndex: number): void {
    this.cancelledFrom = fromIndex;
    this.post({ type: 'resultCancelled', fromIndex });
  }

  private post(body: ResultHostMessage): void {
    this.connection.post(body);
  }

  private resendAll(): void {
    this.connection.post({ type: 'resultBatch', files: this.batchFiles() });
    this.items.forEach((it, index) => {
      if (it.result) this.connection.post(showResultMessage(index, it.result, it.previous));
      else if (it.error) this.connection.post({ type: 'resultError', index, message: it.error.message, actions: it.error.actions });
      else if (it.progress) this.connection.post({ type: 'resultProgress', index, message: it.progress });
    });
    if (this.cancelledFrom !== undefined) this.connection.post({ type: 'resultCancelled', fromIndex: this.cancelledFrom });
    if (this.notice) this.connection.post({ type: 'resultNotice', ...this.notice });
  }

  protected async onMessage(body: ResultWebviewMessage): Promise<ResultHostMessage | undefined> {
    try {
      return await this.handle(body);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`Result panel request ${body.type} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
      return body.type === 'resultSaveTensor' || body.type === 'resultSaveStages' || body.type === 'resultExportOverlay'
        ? { type: 'resultSaveDone', ok: false, message }
        : undefined;
    }
  }

  private async handle(body: ResultWebviewMessage): Promise<ResultHostMessage | undefined> {
    switch (body.type) {
      case 'ready':
        this.connection.markReady();
        this.resendAll();
        return undefined;
      case 'resultAction':
        if (body.action === 'showLog') this.commands.showLog();
        else if (body.action === 'openSpec') this.commands.openSpec();
        else if (body.action === 'manageTrust') void vscode.commands.executeCommand('workbench.trust.manage');
        else this.rerun();
        return undefined;
      case 'resultChooseBaseline': {
        const it = this.items[body.index];
        if (!it?.result) return undefined;
        const chosen = await chooseBaseline(this.history, it.result, it.previous, this.commands.runForBaseline);
        if (!chosen || this.items[body.index] !== it) return undefined;
        it.previous = chosen;
        this.log.info(`Result panel: ${it.uri.fsPath} is now compared with ${chosen.result.filePath} (${chosen.label}).`);
        this.post(showResultMessage(body.index, it.result, chosen));
        return undefined;
      }
      case 'error':
        this.log.error(`Result panel: ${body.message}`);
        return undefined;
      case 'resultSaveTensor': {
        const it = this.items[body.index];
        if (!it?.tensors) return { type: 'resultSaveDone', ok: false, message: vscode.l10n.t('There is no result to save for this image yet.') };
        const arr = body.which === 'input' ? it.tensors.input : it.tensors.output;
        const outcome = await saveTensorAs(
          it.uri,
          `.${body.which}.npy`,
          arr,
          body.which === 'input' ? vscode.l10n.t('the model input tensor') : vscode.l10n.t('the model output'),
        );
        this.log.info(`Save ${body.which} tensor of ${it.uri.fsPath}: ${outcome.message}`);
        return { type: 'resultSaveDone', ...outcome };
      }
      case 'resultSaveStages': {
        const it = this.items[body.index];
        if (!it?.tensors?.stages?.length) {
          const message = vscode.l10n.t(
            'Preprocessing stages are kept for the newest image result only (tensor dumps have none): run inference on this image again, then save its stages.',
          );
          return { type: 'resultSaveDone', ok: false, message };
        }
        const outcome = await saveStagesTo(it.uri, it.tensors.stages);
        this.log.info(`Save stages of ${it.uri.fsPath}: ${outcome.message}`);
        return { type: 'resultSaveDone', ...outcome };
      }
      case 'resultExportOverlay': {
        const it = this.items[body.index];
        if (!it) return { type: 'resultSaveDone', ok: false, message: vscode.l10n.t('That image is no longer in the panel.') };
        const outcome = await savePngAs(it.uri, '.overlay.png', new Uint8Array(body.png));
        this.log.info(`Export overlay of ${it.uri.fsPath}: ${outcome.message}`);
        return { type: 'resultSaveDone', ...outcome };
      }
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    if (ResultPanel.current === this) ResultPanel.current = undefined;
    super.dispose();
  }
}

const TENSOR_FILE = /\.(npy|npz|bin|raw)$/i;

/** The result panel also loads from media/ (besides dist/webview). */
const RESOURCE_ROOTS = ['media'];

function showResultMessage(index: number, result: ResultPayload, previous: PreviousResult | undefined): ResultHostMessage {
  return previous ? { type: 'resultShow', index, result, previous } : { type: 'resultShow', index, result };
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.fsPath;
}

function titleFor(files: vscode.Uri[]): string {
  return files.length === 1 ? vscode.l10n.t('Tensor Parity: {0}', baseName(files[0])) : vscode.l10n.t('Tensor Parity: {0} images', files.length);
}
