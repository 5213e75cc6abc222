// The result webview panel on the host side: one panel, reused per run, that shows one result or a batch.

import * as vscode from 'vscode';
import {
  BatchFile, ErrorAction, HostToWebview, MessageChannel, PanelInitialState, ResultPayload, validateWebviewEnvelope, WebviewToHost,
} from '../protocol';
import type { NdArray } from '../core/tensor/types';
import { makeNonce, panelHtml } from './panel-html';
import { savePngAs, saveTensorAs } from './save';

/** Tensors kept on the host for the save buttons. */
export interface KeptTensors {
  input: NdArray;
  output: NdArray;
}

interface Item {
  uri: vscode.Uri;
  progress?: string;
  result?: ResultPayload;
  tensors?: KeptTensors;
  error?: { message: string; actions: ErrorAction[] };
}

/** Commands the panel can ask the host to run. */
export interface PanelCommands {
  showLog(): void;
  openSpec(): void;
}

/** The single result panel. */
export class ResultPanel implements vscode.Disposable {
  private static current: ResultPanel | undefined;
  private items: Item[] = [];
  private ready = false;
  private disposed = false;
  private cancelledFrom: number | undefined;
  private readonly channel: MessageChannel<HostToWebview, WebviewToHost>;
  private readonly disposables: vscode.Disposable[] = [];

  /** Shows the panel for a new run over `files` (reusing an open panel) and returns it. */
  static open(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, commands: PanelCommands, files: vscode.Uri[]): ResultPanel {
    const existing = ResultPanel.current;
    if (existing) {
      existing.reset(files);
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel('tensorParity.result', titleFor(files), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')],
    });
    ResultPanel.current = new ResultPanel(panel, extensionUri, log, commands, files);
    return ResultPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly commands: PanelCommands,
    files: vscode.Uri[],
  ) {
    this.items = files.map((uri) => ({ uri }));
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    this.channel = new MessageChannel<HostToWebview, WebviewToHost>(
      (envelope) => Promise.resolve(panel.webview.postMessage(envelope)).catch((err: unknown) =>
        this.log.warn(`Could not post to the result panel: ${err instanceof Error ? err.message : String(err)}`)),
      (body) => this.onMessage(body),
      (err) => this.log.error(`Result panel request failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`),
    );
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const envelope = validateWebviewEnvelope(raw);
        if (!envelope) {
          this.log.warn(`Dropped a malformed message from the result panel: ${describeRaw(raw)}`);
          return;
        }
        void this.channel.receive(envelope);
      }),
      panel.onDidDispose(() => this.dispose()),
      // Without retainContextWhenHidden the webview reloads when shown again; it then sends "ready" and we resend.
      panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }),
    );
    this.render(files);
  }

  /** True while the panel is open. */
  get isOpen(): boolean {
    return ResultPanel.current === this;
  }

  private reset(files: vscode.Uri[]): void {
    this.items = files.map((uri) => ({ uri }));
    this.cancelledFrom = undefined;
    this.panel.title = titleFor(files);
    if (this.ready) this.post({ type: 'batch', files: this.batchFiles() });
    else this.render(files);
  }

  private render(files: vscode.Uri[]): void {
    this.ready = false;
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'result-panel.js'));
    const state: PanelInitialState = { title: titleFor(files), files: this.batchFiles() };
    webview.html = panelHtml({ cspSource: webview.cspSource, nonce: makeNonce(), scriptUri: script.toString(), title: state.title, initialState: state });
  }

  private batchFiles(): BatchFile[] {
    return this.items.map((it) => ({ name: baseName(it.uri), path: it.uri.fsPath }));
  }

  /** Reports progress of item `index`. */
  progress(index: number, message: string): void {
    const it = this.items[index];
    if (!it) return;
    it.progress = message;
    this.post({ type: 'progress', index, message });
  }

  /** Shows the result of item `index` and keeps its tensors for saving. */
  showResult(index: number, result: ResultPayload, tensors: KeptTensors): void {
    const it = this.items[index];
    if (!it) return;
    it.result = result;
    it.tensors = tensors;
    it.error = undefined;
    this.post({ type: 'showResult', index, result });
  }

  /** Shows an error for item `index`. */
  showError(index: number, message: string, actions: ErrorAction[]): void {
    const it = this.items[index];
    if (!it) return;
    it.error = { message, actions };
    this.post({ type: 'showError', index, message, actions });
  }

  /** Marks items from `fromIndex` on that have no result yet as cancelled. */
  cancelled(fromIndex: number): void {
    this.cancelledFrom = fromIndex;
    this.post({ type: 'cancelled', fromIndex });
  }

  private post(body: HostToWebview): void {
    if (this.ready) this.channel.notify(body);
  }

  private resendAll(): void {
    this.channel.notify({ type: 'batch', files: this.batchFiles() });
    this.items.forEach((it, index) => {
      if (it.result) this.channel.notify({ type: 'showResult', index, result: it.result });
      else if (it.error) this.channel.notify({ type: 'showError', index, message: it.error.message, actions: it.error.actions });
      else if (it.progress) this.channel.notify({ type: 'progress', index, message: it.progress });
    });
    if (this.cancelledFrom !== undefined) this.channel.notify({ type: 'cancelled', fromIndex: this.cancelledFrom });
  }

  private async onMessage(body: WebviewToHost): Promise<HostToWebview | undefined> {
    try {
      return await this.handle(body);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`Result panel request ${body.type} failed: ${err instanceof Error ? err.stack ?? message : message}`);
      return body.type === 'saveTensor' || body.type === 'exportOverlay' ? { type: 'saveDone', ok: false, message } : undefined;
    }
  }

  private async handle(body: WebviewToHost): Promise<HostToWebview | undefined> {
    switch (body.type) {
      case 'ready':
        this.ready = true;
        this.resendAll();
        return undefined;
      case 'command':
        if (body.command === 'showLog') this.commands.showLog();
        else this.commands.openSpec();
        return undefined;
      case 'error':
        this.log.error(`Result panel: ${body.message}`);
        return undefined;
      case 'saveTensor': {
        const it = this.items[body.index];
        if (!it?.tensors) return { type: 'saveDone', ok: false, message: 'There is no result to save for this image yet.' };
        const arr = body.which === 'input' ? it.tensors.input : it.tensors.output;
        const outcome = await saveTensorAs(it.uri, `.${body.which}.npy`, arr, body.which === 'input' ? 'the model input tensor' : 'the model output');
        this.log.info(`Save ${body.which} tensor of ${it.uri.fsPath}: ${outcome.message}`);
        return { type: 'saveDone', ...outcome };
      }
      case 'exportOverlay': {
        const it = this.items[body.index];
        if (!it) return { type: 'saveDone', ok: false, message: 'That image is no longer in the panel.' };
        const outcome = await savePngAs(it.uri, '.overlay.png', new Uint8Array(body.png));
        this.log.info(`Export overlay of ${it.uri.fsPath}: ${outcome.message}`);
        return { type: 'saveDone', ...outcome };
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ResultPanel.current === this) ResultPanel.current = undefined;
    this.channel.dispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.fsPath;
}

function titleFor(files: vscode.Uri[]): string {
  return files.length === 1 ? `Tensor Parity: ${baseName(files[0])}` : `Tensor Parity: ${files.length} images`;
}

function describeRaw(raw: unknown): string {
  try {
    const text = JSON.stringify(raw, (_k, v: unknown) => (v instanceof ArrayBuffer ? `<${v.byteLength} bytes>` : v));
    return (text ?? String(raw)).slice(0, 300);
  } catch {
    return typeof raw;
  }
}
