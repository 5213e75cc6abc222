// The compare panel (a diff of two tensors) on the host side: one panel per compared pair (or JSON report), restored after a window reload by
// a serializer that recomputes from the two stored paths. Watches the compared files and says when one is deleted.

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelsPanelState } from '../../protocol';
import {
  CompareAction,
  CompareHostMessage,
  CompareInitialState,
  ComparePanelState,
  CompareWebviewMessage,
  CompareCauseView,
  CompareDiagnosisView,
  ComparePayload,
  parseComparePanelState,
  validateCompareWebviewMessage,
} from '../../protocol';
import { createHostWebviewPanel, HostPanel, PanelRegistry, registerPanelRestorer } from '../panel/host-panel';
import { panelL10n } from '../panel/l10n-state';

/** The diff panel's webview type (also the serializer's). */
export const COMPARE_VIEW_TYPE = 'tensorParity.diff';

/** What a panel asks the host to do; compare.ts implements it. */
export interface ComparePanelHost {
  log: vscode.LogOutputChannel;
  /** Computes (or re-reads) what `state` describes and feeds the panel. */
  run(panel: ComparePanel): Promise<void>;
  openSpecField(specUri: vscode.Uri, cause: CompareCauseView): Promise<void>;
  /** Picks the second model, compares both layer by layer and sends the model-side cause card. */
  compareModels(panel: ComparePanel): Promise<void>;
}

/** One open diff panel. */
export class ComparePanel extends HostPanel<CompareHostMessage, CompareWebviewMessage> {
  private static readonly open = new PanelRegistry<ComparePanel>();
  private messages: CompareHostMessage[] = [];
  /** The spec whose tolerance applies (set by the run), for the cards' "open spec" buttons. */
  specUri: vscode.Uri | undefined;
  private causes: CompareCauseView[] = [];
  /** An image the user picked to diagnose against (tensor-vs-tensor comparisons only; not saved with the panel). */
  diagnoseImage: string | undefined;
  /** The two models and the input of the last model comparison run from this panel (for "Open Compare Models"). */
  modelsState: ModelsPanelState | undefined;

  /** Shows the panel for `state` (revealing an existing one for the same files) and runs the comparison. */
  static show(extensionUri: vscode.Uri, host: ComparePanelHost, state: ComparePanelState): ComparePanel {
    const key = keyOf(state);
    const existing = ComparePanel.open.get(key);
    if (existing) {
      existing.reveal();
      void existing.rerun();
      return existing;
    }
    const panel = createHostWebviewPanel(COMPARE_VIEW_TYPE, titleOf(state), extensionUri, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false });
    const p = new ComparePanel(panel, extensionUri, host, state);
    void p.rerun();
    return p;
  }

  /** Registers the serializer that brings diff panels back after a reload. */
  static registerSerializer(extensionUri: vscode.Uri, host: ComparePanelHost): vscode.Disposable {
    return registerPanelRestorer(COMPARE_VIEW_TYPE, extensionUri, {
      log: host.log,
      parse: parseComparePanelState,
      restore: async (panel, state) => {
        const p = new ComparePanel(panel, extensionUri, host, state);
        await p.rerun();
      },
      unrestorable: {
        logText: (saved) => `A diff panel could not be restored: its saved state is ${saved}.`,
        title: vscode.l10n.t('Tensor Parity diff'),
        text: vscode.l10n.t('This diff panel could not be restored. Run "Tensor Parity: Compare Tensors" again.'),
      },
    });
  }

  private constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly host: ComparePanelHost,
    readonly state: ComparePanelState,
  ) {
    super(panel, extensionUri, { name: 'compare panel', log: host.log, validate: validateCompareWebviewMessage });
    ComparePanel.open.add(keyOf(state), this);
    panel.title = titleOf(state);
    for (const w of this.watch()) this._register(w);
    this.render();
  }

  private watch(): vscode.Disposable[] {
    const out: vscode.Disposable[] = [];
    const files = this.state.origin === 'report' ? [this.state.a] : [this.state.a, this.state.b];
    for (const file of new Set(files)) {
      const uri = vscode.Uri.file(file);
      const glob = path.basename(file).replace(/[[\]{}*?]/g, (c) => `[${c}]`);
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), glob));
      out.push(
        w,
        w.onDidDelete(() =>
          this.send({
            type: 'fileState',
            path: file,
            state: 'deleted',
            message: vscode.l10n.t('{0} was deleted from disk. The comparison below is the last one computed.', path.basename(file)),
          }),
        ),
        w.onDidCreate(() => {
          this.send({ type: 'fileState', path: file, state: 'present', message: vscode.l10n.t('{0} is back on disk; recomputing.', path.basename(file)) });
          void this.rerun();
        }),
        w.onDidChange(() =>
          this.send({
            type: 'fileState',
            path: file,
            state: 'changed',
            message: vscode.l10n.t('{0} changed on disk. Run the comparison again to update this panel.', path.basename(file)),
          }),
        ),
      );
    }
    return out;
  }

  private render(): void {
    const init: CompareInitialState = { title: titleOf(this.state), restore: this.state, ...panelL10n() };
    this.renderPage({
      script: 'compare-panel.js',
      title: init.title,
      initialState: init,
      loadingText: vscode.l10n.t('Comparing {0} with {1}…', path.basename(this.state.a), path.basename(this.state.b)),
    });
  }

  /** Runs the comparison again (after a reload, a re-created file, or the same command). */
  async rerun(): Promise<void> {
    this.messages = [];
    this.causes = [];
    await this.host.run(this);
  }

  /** Sends a message now (and keeps it to resend after the webview reloads). Returns undefined. */
  send(body: CompareHostMessage): undefined {
    if (body.type === 'compareResult' || body.type === 'compareError') this.messages = this.messages.filter((m) => m.type !== 'compareProgress');
    if (body.type === 'fileState') this.messages = this.messages.filter((m) => !(m.type === 'fileState' && m.path === body.path));
    if (body.type === 'compareDiagnosis' && body.diagnosis) this.causes = body.diagnosis.causes;
    if (body.type === 'compareModels') this.messages = this.messages.filter((m) => m.type !== 'compareModels');
    this.messages.push(body);
    this.connection.post(body);
    return undefined;
  }

  /** Progress text. */
  progress(message: string): void {
    this.messages = this.messages.filter((m) => m.type !== 'compareProgress');
    this.send({ type: 'compareProgress', message });
  }

  /** The computed comparison. */
  showResult(payload: ComparePayload): void {
    this.send({ type: 'compareResult', payload });
  }

  /** The diagnosis cards (or why there are none). */
  showDiagnosis(diagnosis: CompareDiagnosisView | undefined, message: string): void {
    this.send({ type: 'compareDiagnosis', ...(diagnosis ? { diagnosis } : {}), message });
  }

  /** A readable error instead of a result. */
  showError(message: string, actions: CompareAction[] = ['showLog']): void {
    this.send({ type: 'compareError', message, actions });
  }

  protected async onMessage(body: CompareWebviewMessage): Promise<undefined> {
    switch (body.type) {
      case 'ready':
        this.connection.markReady();
        for (const m of this.messages) this.connection.post(m);
        break;
      case 'error':
        this.host.log.error(`Diff panel: ${body.message}`);
        break;
      case 'compareAction':
        await this.act(body.action, body.cause);
        break;
    }
    return undefined;
  }

  private async act(action: CompareAction, causeIndex: number | undefined): Promise<void> {
    const cause = causeIndex === undefined ? undefined : this.causes[causeIndex];
    try {
      switch (action) {
        case 'showLog':
          this.host.log.show(true);
          break;
        case 'openSpec':
          if (this.specUri) await vscode.window.showTextDocument(this.specUri);
          break;
        case 'openFileA':
          await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(this.state.a));
          break;
        case 'openFileB':
          await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(this.state.b));
          break;
        case 'openSpecField':
          if (cause && this.specUri) await this.host.openSpecField(this.specUri, cause);
          break;
        case 'searchCode':
          if (cause?.search) {
            await vscode.commands.executeCommand('workbench.action.findInFiles', {
              query: cause.search.pattern,
              isRegex: true,
              triggerSearch: true,
              matchWholeWord: false,
              isCaseSensitive: false,
            });
          }
          break;
        case 'diagnoseWithImage': {
          const picked = await vscode.window.showOpenDialog({
            canSelectMany: false,
            openLabel: vscode.l10n.t('Diagnose against this image'),
            title: vscode.l10n.t('The image the reference tensor was made from'),
            filters: { [vscode.l10n.t('Images')]: ['png', 'jpg', 'jpeg', 'webp', 'bmp', 'gif', 'tif', 'tiff'] },
            defaultUri: vscode.Uri.file(path.dirname(this.state.b)),
          });
          if (picked?.[0]) {
            this.diagnoseImage = picked[0].fsPath;
            await this.rerun();
          }
          break;
        }
        case 'compareModels':
          await this.host.compareModels(this);
          break;
        case 'openModels':
          if (this.modelsState) {
            const m = this.modelsState;
            await vscode.commands.executeCommand('tensorParity.compareModels', undefined, [vscode.Uri.file(m.a), vscode.Uri.file(m.b)], m.input);
          }
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
      void vscode.window.showErrorMessage(vscode.l10n.t('Tensor Parity: {0}', message));
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    ComparePanel.open.remove(keyOf(this.state), this);
    super.dispose();
  }
}

function keyOf(s: ComparePanelState): string {
  return JSON.stringify([s.origin, s.a, s.b, s.member ?? {}]);
}

function titleOf(s: ComparePanelState): string {
  if (s.origin === 'report') return vscode.l10n.t('Diff report: {0}', path.basename(s.a));
  return vscode.l10n.t('Diff: {0} ↔ {1}', path.basename(s.a), path.basename(s.b));
}
