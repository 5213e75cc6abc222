// The status bar item that shows which TensorFlow.js backend runs the models; clicking it shows the log.

import * as vscode from 'vscode';

const NOT_LOADED_TOOLTIP = 'TensorFlow.js loads on the first inference. Backends are tried in this order: '
  + 'tensorflow (native, @tensorflow/tfjs-node), wasm, cpu. Click to show the Tensor Parity log.';

/** The backend indicator in the status bar. */
export class BackendStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tensorParity.backend', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Tensor Parity Backend';
    this.item.command = 'tensorParity.showLog';
    this.item.text = '$(circuit-board) TF.js: not loaded';
    this.item.tooltip = NOT_LOADED_TOOLTIP;
    this.item.show();
  }

  /** Shows that TensorFlow.js is loading. */
  setLoading(): void {
    if (this.item.text.includes('not loaded')) this.item.text = '$(loading~spin) TF.js: loading…';
  }

  /** Shows the backend in use; `detail` explains why faster backends were skipped. */
  setBackend(backend: string, detail: string): void {
    this.item.text = `$(circuit-board) TF.js: ${backend}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**Tensor Parity** runs models on the TensorFlow.js **${backend}** backend.`);
    if (detail) md.appendMarkdown('\n\nFaster backends were skipped: ').appendText(detail);
    md.appendMarkdown('\n\nClick to show the Tensor Parity log.');
    this.item.tooltip = md;
    this.item.backgroundColor = undefined;
  }

  /** Shows that loading failed (a run error unrelated to the backend keeps the previous text). */
  setFailed(message: string): void {
    if (!this.item.text.includes('loading')) return;
    this.item.text = '$(circuit-board) TF.js: failed';
    this.item.tooltip = `TensorFlow.js did not start: ${message}\nClick to show the Tensor Parity log.`;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  }

  /** Restores "not loaded" when a run ended before the backend was known. */
  settle(): void {
    if (this.item.text.includes('loading')) {
      this.item.text = '$(circuit-board) TF.js: not loaded';
      this.item.tooltip = NOT_LOADED_TOOLTIP;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
