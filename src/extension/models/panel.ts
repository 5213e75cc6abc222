// The model comparison panel on the host side: one panel per (model A, model B, input), restored after a window
// reload by a serializer that runs the comparison again. A click on a layer asks the host for its heatmap.

import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ModelsAction,
  ModelsHostMessage,
  ModelsInitialState,
  ModelsLayerDetail,
  ModelsPanelState,
  ModelsPayload,
  ModelsWebviewMessage,
  parseModelsPanelState,
  validateModelsWebviewMessage,
} from '../../protocol';
import { createHostWebviewPanel, HostPanel, PanelRegistry, registerPanelRestorer } from '../panel/host-panel';
import { panelL10n } from '../panel/l10n-state';

/** The model comparison panel's webview type (also the serializer's). */
export const MODELS_VIEW_TYPE = 'tensorParity.models';

/** What a panel asks the host to do; run.ts implements it. */
export interface ModelsPanelHost {
  log: vscode.LogOutputChannel;
  /** Runs the comparison `panel.state` describes and feeds the panel. */
  run(panel: ModelsPanel): Promise<void>;
  /** The detail of layer `index` of the panel's last run. */
  layer(panel: ModelsPanel, index: number): Promise<void>;
  /** Asks for another input and shows the comparison on it. */
  pickInput(panel: ModelsPanel): Promise<void>;
}

/** One open model comparison panel. */
export class ModelsPanel extends HostPanel<ModelsHostMessage, ModelsWebviewMessage> {
  private static readonly open = new PanelRegistry<ModelsPanel>();
  private messages: ModelsHostMessage[] = [];
  /** Set by the run: the worker run whose activations back layer details, and the report's layer names. */
  runId: string | undefined;
  layerNames: string[] = [];
  /** Aborts the comparison in flight (a rerun or closing the panel cancels it). */
  abort: AbortController | undefined;

  /** Shows the panel for `state` (revealing an existing one) and runs the comparison. */
  static show(extensionUri: vscode.Uri, host: ModelsPanelHost, state: ModelsPanelState): ModelsPanel {
    const existing = ModelsPanel.open.get(keyOf(state));
    if (existing) {
      existing.reveal();
      void existing.rerun();
      return existing;
    }
    const panel = createHostWebviewPanel(MODELS_VIEW_TYPE, titleOf(state), extensionUri, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false });
    const p = new ModelsPanel(panel, extensionUri, host, state);
    void p.rerun();
    return p;
  }

  /** Registers the serializer that brings model comparison panels back after a reload. */
  static registerSerializer(extensionUri: vscode.Uri, host: ModelsPanelHost): vscode.Disposable {
    return registerPanelRestorer(MODELS_VIEW_TYPE, extensionUri, {
      log: host.log,
      parse: parseModelsPanelState,
      restore: async (panel, state) => {
        const p = new ModelsPanel(panel, extensionUri, host, state);
        await p.rerun();
      },
      unrestorable: {
        logText: (saved) => `A model comparison panel could not be restored: its saved state is ${saved}.`,
        title: vscode.l10n.t('Tensor Parity model comparison'),
        text: vscode.l10n.t('This panel could not be restored. Run "Tensor Parity: Compare Models" again.'),
      },
    });
  }

  private constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly host: ModelsPanelHost,
    readonly state: ModelsPanelState,
  ) {
    super(panel, extensionUri, { name: 'model comparison panel', log: host.log, validate: validateModelsWebviewMessage });
    ModelsPanel.open.add(keyOf(state), this);
    this.render();
  }

  private render(): void {
    const init: ModelsInitialState = { title: titleOf(this.state), restore: this.state, ...panelL10n() };
    this.renderPage({
      script: 'models-panel.js',
      title: init.title,
      initialState: init,
      loadingText: vscode.l10n.t('Comparing {0} with {1}…', path.basename(this.state.a), path.basename(this.state.b)),
    });
  }

  /** Runs the comparison again (cancelling one in flight). */
  async rerun(): Promise<void> {
    this.abort?.abort();
    this.messages = [];
    await this.host.run(this);
  }

  /** Sends a message now (and keeps it to resend after the webview reloads). */
  send(body: ModelsHostMessage): void {
    if (body.type !== 'modelsProgress') this.messages = this.messages.filter((m) => m.type !== 'modelsProgress');
    if (body.type === 'modelsLayer') this.messages = this.messages.filter((m) => m.type !== 'modelsLayer');
    this.messages.push(body);
    this.connection.post(body);
  }

  /** Progress text. */
  progress(message: string): void {
    this.messages = this.messages.filter((m) => m.type !== 'modelsProgress');
    this.send({ type: 'modelsProgress', message });
  }

  /** The computed comparison. */
  showResult(payload: ModelsPayload): void {
    this.send({ type: 'modelsResult', payload });
  }

  /** One layer's detail. */
  showLayer(detail: ModelsLayerDetail): void {
    this.send({ type: 'modelsLayer', detail });
  }

  /** A readable error instead of a result. */
  showError(message: string, actions: ModelsAction[] = ['showLog']): void {
    this.send({ type: 'modelsError', message, actions });
  }

  protected async onMessage(body: ModelsWebviewMessage): Promise<undefined> {
    switch (body.type) {
      case 'ready':
        this.connection.markReady();
        for (const m of this.messages) this.connection.post(m);
        break;
      case 'error':
        this.host.log.error(`Model comparison panel: ${body.message}`);
        break;
      case 'modelsSelectLayer':
        await this.host.layer(this, body.index);
        break;
      case 'modelsAction':
        await this.act(body.action);
        break;
    }
    return undefined;
  }

  private async act(action: ModelsAction): Promise<void> {
    try {
      switch (action) {
        case 'showLog':
          this.host.log.show(true);
          break;
        case 'openA':
          await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(this.state.a));
          break;
        case 'openB':
          await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(this.state.b));
          break;
        case 'openInput':
          await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(this.state.input));
          break;
        case 'pickInput':
          await this.host.pickInput(this);
          break;
        case 'rerun':
          await this.rerun();
          break;
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.host.log.error(`Model comparison panel action ${action} failed: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('Tensor Parity: {0}', message));
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.abort?.abort();
    ModelsPanel.open.remove(keyOf(this.state), this);
    super.dispose();
  }
}

function keyOf(s: ModelsPanelState): string {
  return JSON.stringify([s.a, s.b, s.input]);
}

function titleOf(s: ModelsPanelState): string {
  const name = (p: string): string => (path.basename(p) === 'model.json' ? path.basename(path.dirname(p)) : path.basename(p));
  return vscode.l10n.t('Models: {0} ↔ {1}', name(s.a), name(s.b));
}
