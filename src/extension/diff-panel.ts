// The diff panel on the host side: one panel per compared pair (or JSON report), restored after a window reload by
// a serializer that recomputes from the two stored paths. Watches the compared files and says when one is deleted.

import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DiffAction, DiffCauseView, DiffDiagnosisView, DiffHostMessage, DiffInitialState, DiffPanelState, DiffPayload, DiffWebviewMessage,
  encodeNonFinite, MessageChannel, parseDiffPanelState, validateDiffWebviewMessage, validateEnvelopeWith,
} from '../protocol';
import { makeNonce } from './panel-html';
import { describeIncoming, viewerHtml } from './tensor-editor-html';

/** The diff panel's webview type (also the serializer's). */
export const DIFF_VIEW_TYPE = 'tensorParity.diff';

/** What a panel asks the host to do; compare.ts implements it. */
export interface DiffPanelHost {
  log: vscode.LogOutputChannel;
  /** Computes (or re-reads) what `state` describes and feeds the panel. */
  run(panel: DiffPanel): Promise<void>;
  openSpecField(specUri: vscode.Uri, cause: DiffCauseView): Promise<void>;
}

/** One open diff panel. */
export class DiffPanel implements vscode.Disposable {
  private static readonly open = new Map<string, DiffPanel>();
  private ready = false;
  private disposed = false;
  private messages: DiffHostMessage[] = [];
  private readonly channel: MessageChannel<DiffHostMessage, DiffWebviewMessage>;
  private readonly disposables: vscode.Disposable[] = [];
  /** The spec whose tolerance applies (set by the run), for the cards' "open spec" buttons. */
  specUri: vscode.Uri | undefined;
  private causes: DiffCauseView[] = [];

  /** Shows the panel for `state` (revealing an existing one for the same files) and runs the comparison. */
  static show(extensionUri: vscode.Uri, host: DiffPanelHost, state: DiffPanelState): DiffPanel {
    const key = keyOf(state);
    const existing = DiffPanel.open.get(key);
    if (existing) {
      existing.panel.reveal(undefined, false);
      void existing.rerun();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DIFF_VIEW_TYPE, titleOf(state), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] });
    const p = new DiffPanel(panel, extensionUri, host, state);
    void p.rerun();
    return p;
  }

  /** Registers the serializer that brings diff panels back after a reload. */
  static registerSerializer(extensionUri: vscode.Uri, host: DiffPanelHost): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(DIFF_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, raw: unknown) => {
        const state = parseDiffPanelState(raw);
        panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
        if (!state) {
          host.log.warn(`A diff panel could not be restored: its saved state is ${describeIncoming(raw)}.`);
          panel.webview.html = viewerHtml({
            cspSource: panel.webview.cspSource, nonce: makeNonce(), scriptUri: '', title: 'Tensor Parity diff',
            initialState: {}, loadingText: 'This diff panel could not be restored. Run "Tensor Parity: Compare Tensors" again.',
          });
          return;
        }
        const p = new DiffPanel(panel, extensionUri, host, state);
        await p.rerun();
      },
    });
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly host: DiffPanelHost,
    readonly state: DiffPanelState,
  ) {
    DiffPanel.open.set(keyOf(state), this);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.title = titleOf(state);
    this.channel = new MessageChannel<DiffHostMessage, DiffWebviewMessage>(
      (envelope) => Promise.resolve(panel.webview.postMessage(encodeNonFinite(envelope))).catch((err: unknown) =>
        host.log.warn(`Could not post to the diff panel: ${err instanceof Error ? err.message : String(err)}`)),
      (body) => this.onMessage(body),
      (err) => host.log.error(`Diff panel request failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`),
    );
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const envelope = validateEnvelopeWith(raw, validateDiffWebviewMessage);
        if (!envelope) {
          host.log.warn(`Dropped a malformed message from the diff panel: ${describeIncoming(raw)}`);
          return;
        }
        void this.channel.receive(envelope);
      }),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => { if (!panel.visible) this.ready = false; }),
      ...this.watch(),
    );
    this.render();
  }

  private watch(): vscode.Disposable[] {
    const out: vscode.Disposable[] = [];
    const files = this.state.origin === 'report' ? [this.state.a] : [this.state.a, this.state.b];
    for (const file of new Set(files)) {
      const uri = vscode.Uri.file(file);
      const glob = path.basename(file).replace(/[[\]{}*?]/g, (c) => `[${c}]`);
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), glob));
      out.push(w,
        w.onDidDelete(() => this.send({ type: 'fileState', path: file, state: 'deleted',
          message: `${path.basename(file)} was deleted from disk. The comparison below is the last one computed.` })),
        w.onDidCreate(() => {
          this.send({ type: 'fileState', path: file, state: 'present', message: `${path.basename(file)} is back on disk; recomputing.` });
          void this.rerun();
        }),
        w.onDidChange(() => this.send({ type: 'fileState', path: file, state: 'changed',
          message: `${path.basename(file)} changed on disk. Run the comparison again to update this panel.` })));
    }
    return out;
  }

  private render(): void {
    this.ready = false;
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'diff-panel.js'));
    const init: DiffInitialState = { title: titleOf(this.state), restore: this.state };
    webview.html = viewerHtml({
      cspSource: webview.cspSource, nonce: makeNonce(), scriptUri: script.toString(), title: init.title, initialState: init,
      loadingText: `Comparing ${path.basename(this.state.a)} with ${path.basename(this.state.b)}…`,
    });
  }

  /** Runs the comparison again (after a reload, a re-created file, or the same command). */
  async rerun(): Promise<void> {
    this.messages = [];
    this.causes = [];
    await this.host.run(this);
  }

  /** Sends a message now (and keeps it to resend after the webview reloads). Returns undefined. */
  send(body: DiffHostMessage): undefined {
    if (body.type === 'diffResult' || body.type === 'diffError') this.messages = this.messages.filter((m) => m.type !== 'diffProgress');
    if (body.type === 'fileState') this.messages = this.messages.filter((m) => !(m.type === 'fileState' && m.path === body.path));
    if (body.type === 'diffDiagnosis' && body.diagnosis) this.causes = body.diagnosis.causes;
    this.messages.push(body);
    if (this.ready && !this.disposed) this.channel.notify(body);
    return undefined;
  }

  /** Progress text. */
  progress(message: string): void {
    this.messages = this.messages.filter((m) => m.type !== 'diffProgress');
    this.send({ type: 'diffProgress', message });
  }

  /** The computed comparison. */
  showResult(payload: DiffPayload): void {
    this.send({ type: 'diffResult', payload });
  }

  /** The diagnosis cards (or why there are none). */
  showDiagnosis(diagnosis: DiffDiagnosisView | undefined, message: string): void {
    this.send({ type: 'diffDiagnosis', ...(diagnosis ? { diagnosis } : {}), message });
  }

  /** A readable error instead of a result. */
  showError(message: string, actions: DiffAction[] = ['showLog']): void {
    this.send({ type: 'diffError', message, actions });
  }

  /** True once the panel was closed. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  private async onMessage(body: DiffWebviewMessage): Promise<undefined> {
    switch (body.type) {
      case 'ready':
        this.ready = true;
        for (const m of this.messages) this.channel.notify(m);
        break;
      case 'error':
        this.host.log.error(`Diff panel: ${body.message}`);
        break;
      case 'diffAction':
        await this.act(body.action, body.cause);
        break;
    }
    return undefined;
  }

  private async act(action: DiffAction, causeIndex: number | undefined): Promise<void> {
    const cause = causeIndex === undefined ? undefined : this.causes[causeIndex];
    try {
      switch (action) {
        case 'showLog': this.host.log.show(true); break;
        case 'openSpec': if (this.specUri) await vscode.window.showTextDocument(this.specUri); break;
        case 'openFileA': await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(this.state.a)); break;
        case 'openFileB': await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(this.state.b)); break;
        case 'openSpecField':
          if (cause && this.specUri) await this.host.openSpecField(this.specUri, cause);
          break;
        case 'openSource':
          if (cause?.source) {
            const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(cause.source.file));
            const line = Math.min(cause.source.line, Math.max(0, doc.lineCount - 1));
            const range = doc.lineAt(line).range;
            await vscode.window.showTextDocument(doc, { selection: range, viewColumn: vscode.ViewColumn.Beside });
          }
          break;
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.host.log.error(`Diff panel action ${action} failed: ${message}`);
      void vscode.window.showErrorMessage(`Tensor Parity: ${message}`);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (DiffPanel.open.get(keyOf(this.state)) === this) DiffPanel.open.delete(keyOf(this.state));
    this.channel.dispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

function keyOf(s: DiffPanelState): string {
  return JSON.stringify([s.origin, s.a, s.b, s.member ?? {}]);
}

function titleOf(s: DiffPanelState): string {
  if (s.origin === 'report') return `Diff report: ${path.basename(s.a)}`;
  return `Diff: ${path.basename(s.a)} ↔ ${path.basename(s.b)}`;
}
