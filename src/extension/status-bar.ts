// The status bar item that shows which TensorFlow.js backend runs the models. It is shown only in workspaces with a
// tensorparity.json; clicking it offers: switch backend, why the native backend is not active, and the command that
// enables it.

import * as vscode from 'vscode';
import { nativeSetupCommand, tfjsNodeInstalled, whyNotNative } from '../core/infer/native-advice';

/** Command the status item runs (the backend menu). */
export const BACKEND_MENU_COMMAND = 'tensorParity.backendMenu';

const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

function notLoadedTooltip(): string {
  return vscode.l10n.t(
    'TensorFlow.js loads on the first inference. Backends are tried in this order: tensorflow (native, @tensorflow/tfjs-node), wasm, cpu. Click to switch backend or enable the native one.',
  );
}

/** The backend indicator in the status bar. */
export class BackendStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tensorParity.backend', vscode.StatusBarAlignment.Right, 100);
  private backend: string | undefined;
  private detail = '';
  private visible = false;
  /** What the item shows; kept here because the (translated) text cannot be searched for it. */
  private phase: 'idle' | 'loading' | 'failed' | 'ready' = 'idle';

  constructor(private readonly extensionDir: string = '') {
    this.item.name = vscode.l10n.t('Tensor Parity Backend');
    this.item.command = BACKEND_MENU_COMMAND;
    this.show('$(circuit-board)', vscode.l10n.t('TF.js: not loaded'), notLoadedTooltip());
  }

  /** Shows or hides the item (shown only in workspaces with a spec, or once a model has run). */
  setVisible(visible: boolean): void {
    this.visible = visible || this.backend !== undefined;
    if (this.visible) this.item.show();
    else this.item.hide();
  }

  private show(icon: string, text: string, tooltip: string | vscode.MarkdownString, label?: string): void {
    this.item.text = `${icon} ${text}`;
    this.item.tooltip = tooltip;
    // Screen readers read this, not the codicon syntax or the Markdown of the tooltip.
    this.item.accessibilityInformation = { label: label ?? `${vscode.l10n.t('Tensor Parity')}: ${text}`, role: 'button' };
  }

  /** Shows that TensorFlow.js is loading. */
  setLoading(): void {
    if (this.backend !== undefined || this.phase === 'failed') return;
    this.phase = 'loading';
    this.show('$(loading~spin)', vscode.l10n.t('TF.js: loading…'), notLoadedTooltip());
  }

  /** Shows the backend in use; `detail` explains why faster backends were skipped. */
  setBackend(backend: string, detail: string): void {
    this.backend = backend;
    this.detail = detail;
    this.phase = 'ready';
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(vscode.l10n.t('**Tensor Parity** runs models on the TensorFlow.js **{0}** backend.', backend));
    if (detail) md.appendMarkdown('\n\n').appendText(vscode.l10n.t('Faster backends were skipped: {0}', detail));
    md.appendMarkdown('\n\n').appendText(vscode.l10n.t('Click to switch backend or enable the native one.'));
    this.show(
      '$(circuit-board)',
      vscode.l10n.t('TF.js: {0}', backend),
      md,
      vscode.l10n.t('Tensor Parity runs models on the TensorFlow.js {0} backend. Activate to switch backend.', backend),
    );
    this.item.backgroundColor = undefined;
    this.setVisible(true);
  }

  /** Shows that loading failed (a run error unrelated to the backend keeps the previous text). */
  setFailed(message: string): void {
    if (this.phase !== 'loading') return;
    this.phase = 'failed';
    this.detail = message;
    this.show('$(circuit-board)', vscode.l10n.t('TF.js: failed'), vscode.l10n.t('TensorFlow.js did not start: {0}\nClick to switch backend.', message));
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  }

  /** Restores "not loaded" when a run ended before the backend was known. */
  settle(): void {
    if (this.phase !== 'loading') return;
    this.phase = 'idle';
    this.show('$(circuit-board)', vscode.l10n.t('TF.js: not loaded'), notLoadedTooltip());
  }

  /** The backend menu: switch backend, why the native backend is not active, the command that enables it, the log. */
  async showMenu(showLog: () => void): Promise<void> {
    const preference = vscode.workspace.getConfiguration('tensorParity').get<string>('backend', 'auto');
    const setup = nativeSetupCommand(this.extensionDir);
    const installed = tfjsNodeInstalled(this.extensionDir);
    const why = whyNotNative({ backend: this.backend, detail: this.detail, preference, installed });
    type Item = vscode.QuickPickItem & { run: () => Promise<void> | void };
    const items: Item[] = [
      {
        label: `$(arrow-swap) ${vscode.l10n.t('Switch backend…')}`,
        description: vscode.l10n.t('now: {0}', preference),
        run: () => this.switchBackend(preference),
      },
    ];
    if (this.backend !== 'tensorflow') {
      items.push(
        {
          label: `$(question) ${vscode.l10n.t('Why is the native backend (tfjs-node) not active?')}`,
          detail: why,
          run: () => this.explain(why, setup.command, setup.cwd),
        },
        {
          label: `$(terminal) ${vscode.l10n.t('Enable the native backend')}`,
          description: setup.command,
          detail: setup.why,
          run: () => this.typeInTerminal(setup.command, setup.cwd),
        },
      );
    }
    items.push({ label: `$(output) ${vscode.l10n.t('Show the Tensor Parity log')}`, run: showLog });
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Tensor Parity backend: {0}', this.backend ?? vscode.l10n.t('not loaded')),
      matchOnDetail: true,
    });
    await pick?.run();
  }

  private async switchBackend(current: string): Promise<void> {
    const descriptions: Record<string, string> = {
      auto: vscode.l10n.t('Fastest available: native, else wasm, else cpu'),
      tensorflow: vscode.l10n.t('Native TensorFlow (@tensorflow/tfjs-node)'),
      wasm: vscode.l10n.t('WebAssembly'),
      cpu: vscode.l10n.t('Plain JavaScript: slowest, always available'),
    };
    const pick = await vscode.window.showQuickPick(
      BACKENDS.map((b) => ({
        label: b,
        description: descriptions[b],
        picked: b === current,
        ...(b === current ? { detail: vscode.l10n.t('current setting') } : {}),
      })),
      { title: vscode.l10n.t('Run models on which TensorFlow.js backend?') },
    );
    if (!pick || pick.label === current) return;
    await vscode.workspace.getConfiguration('tensorParity').update('backend', pick.label, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Tensor Parity: tensorParity.backend is now "{0}" in your user settings; it applies from the next inference (reload the window if a backend already ran).',
        pick.label,
      ),
    );
  }

  private async explain(why: string, command: string, cwd: string): Promise<void> {
    const type = vscode.l10n.t('Type it in a terminal');
    const copy = vscode.l10n.t('Copy command');
    const answer = await vscode.window.showInformationMessage(`${why} ${vscode.l10n.t('To enable it, run `{0}` in {1}.', command, cwd)}`, type, copy);
    if (answer === type) this.typeInTerminal(command, cwd);
    else if (answer === copy) await vscode.env.clipboard.writeText(command);
  }

  private typeInTerminal(command: string, cwd: string): void {
    const term = vscode.window.createTerminal({ name: vscode.l10n.t('Tensor Parity: native backend'), cwd });
    term.show();
    // Typed, not run: the user reads it and presses Enter.
    term.sendText(command, false);
  }

  dispose(): void {
    this.item.dispose();
  }
}
