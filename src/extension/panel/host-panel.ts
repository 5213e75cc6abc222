// The shape every host-side webview panel shares: the vscode panel, its connection and its HTML page (HostPanel),
// created with the same options, kept one per key (PanelRegistry) and brought back after a window reload by a
// serializer (registerPanelRestorer).

import * as vscode from 'vscode';
import { describeIncoming, PanelConnection, PanelConnectionOptions } from './connection';
import { Disposable } from './disposable';
import { makeNonce, panelHtml } from './html';

/** Webview options of a panel: scripts on, resources only from dist/webview (and the extension folders in `extraRoots`). */
export function panelWebviewOptions(extensionUri: vscode.Uri, extraRoots: readonly string[] = []): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), ...extraRoots.map((r) => vscode.Uri.joinPath(extensionUri, r))],
  };
}

/** Opens a new webview panel with the extension's icon; its context is not kept while hidden (the webview reloads, says "ready" and gets its state again). */
export function createHostWebviewPanel(
  viewType: string,
  title: string,
  extensionUri: vscode.Uri,
  show: { viewColumn: vscode.ViewColumn; preserveFocus: boolean },
  extraRoots: readonly string[] = [],
): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(viewType, title, show, { ...panelWebviewOptions(extensionUri, extraRoots), retainContextWhenHidden: false });
  panel.iconPath = panelIcon(extensionUri);
  return panel;
}

/** The tab icon of the panels the extension opens (a custom editor keeps its file's icon). */
function panelIcon(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
}

/** What a panel page shows: its script in dist/webview, title, initial state and the text shown until the script runs. */
export interface PanelPage {
  script: string;
  title: string;
  initialState: unknown;
  loadingText: string;
}

/**
 * Base of a host-side webview panel: owns the vscode panel and its connection; disposing either disposes both. The
 * result, compare and models panels (opened by the extension) and the tensor viewer (a custom editor, whose panel VS
 * Code opens) all extend it.
 */
export abstract class HostPanel<TOut, TIn> extends Disposable {
  protected readonly connection: PanelConnection<TOut, TIn>;

  protected constructor(
    protected readonly panel: vscode.WebviewPanel,
    protected readonly extensionUri: vscode.Uri,
    connection: Omit<PanelConnectionOptions<TOut, TIn>, 'handle'>,
  ) {
    super();
    this.connection = this._register(new PanelConnection<TOut, TIn>(panel, { ...connection, handle: (body) => this.onMessage(body) }));
    this._register(panel.onDidDispose(() => this.dispose()));
  }

  /** Handles one validated message from the webview (the reply, if the message was a request). */
  protected abstract onMessage(body: TIn): Promise<TOut | undefined> | TOut | undefined;

  /** Replaces the webview's HTML with `page`; nothing is posted until the new page says "ready". */
  protected renderPage(page: PanelPage): void {
    this.connection.markReloading();
    const webview = this.panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', page.script));
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: script.toString(),
      title: page.title,
      initialState: page.initialState,
      loadingText: page.loadingText,
    });
  }

  /** Brings the panel to the front. */
  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  /** Calls `listener` when the user closes the panel (to cancel work done for it). */
  onDidClose(listener: () => void): vscode.Disposable {
    return this.panel.onDidDispose(listener);
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    this.panel.dispose();
  }
}

/** The open panels of one type, one per key (the same files reveal the panel already showing them). */
export class PanelRegistry<P> {
  private readonly open = new Map<string, P>();

  /** The panel open for `key`. */
  get(key: string): P | undefined {
    return this.open.get(key);
  }

  /** Records `panel` as the one open for `key`. */
  add(key: string, panel: P): void {
    this.open.set(key, panel);
  }

  /** Forgets `panel` (only if it is still the one open for `key`). */
  remove(key: string, panel: P): void {
    if (this.open.get(key) === panel) this.open.delete(key);
  }
}

/** How a panel type is restored after a window reload. */
export interface PanelRestorer<S> {
  log: vscode.LogOutputChannel;
  /** The folders besides dist/webview the webview may load from. */
  extraRoots?: readonly string[];
  /** The saved webview state, validated; undefined when it cannot be used. */
  parse(raw: unknown): S | undefined;
  /** Rebuilds the panel from its state. */
  restore(panel: vscode.WebviewPanel, state: S): Promise<void>;
  /** What the log says and the page shows when the state cannot be used (needed when parse can say undefined). */
  unrestorable?: { logText: (saved: string) => string; title: string; text: string };
}

/** Registers the serializer that brings panels of `viewType` back after a reload (or says how to open one again). */
export function registerPanelRestorer<S>(viewType: string, extensionUri: vscode.Uri, r: PanelRestorer<S>): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(viewType, {
    deserializeWebviewPanel: async (panel: vscode.WebviewPanel, raw: unknown) => {
      const state = r.parse(raw);
      panel.webview.options = panelWebviewOptions(extensionUri, r.extraRoots);
      if (state === undefined) {
        if (!r.unrestorable) return;
        r.log.warn(r.unrestorable.logText(describeIncoming(raw)));
        panel.webview.html = panelHtml({
          cspSource: panel.webview.cspSource,
          nonce: makeNonce(),
          scriptUri: '',
          title: r.unrestorable.title,
          initialState: {},
          loadingText: r.unrestorable.text,
        });
        return;
      }
      panel.iconPath = panelIcon(extensionUri);
      await r.restore(panel, state);
    },
  });
}
