// The one way a host-side panel talks to its webview: the request/reply channel, wire encoding (toWire/fromWire),
// validation of every incoming message against the panel's protocol, and the "ready" handshake (a webview reloads
// when it is shown again without retainContextWhenHidden, then says "ready" and the panel resends its state).

import * as vscode from 'vscode';
import { fromWire, MessageChannel, toWire, validateEnvelopeWith } from '../../protocol';
import { Disposable } from './disposable';

/** How a panel connects: its display name for the log, its validator and its message handler. */
export interface PanelConnectionOptions<TOut, TIn> {
  /** e.g. "result panel": used in log lines. */
  name: string;
  log: vscode.LogOutputChannel;
  validate: (body: unknown) => TIn | undefined;
  handle: (body: TIn) => Promise<TOut | undefined> | TOut | undefined;
}

/** A webview's message channel, validated in both directions' types, that only posts once the webview is ready. */
export class PanelConnection<TOut, TIn> extends Disposable {
  private ready = false;
  private readonly channel: MessageChannel<TOut, TIn>;

  constructor(panel: vscode.WebviewPanel, options: PanelConnectionOptions<TOut, TIn>) {
    super();
    const { name, log } = options;
    this.channel = new MessageChannel<TOut, TIn>(
      (envelope) =>
        Promise.resolve(panel.webview.postMessage(toWire(envelope))).catch((err: unknown) =>
          log.warn(`Could not post to the ${name}: ${err instanceof Error ? err.message : String(err)}`),
        ),
      (body) => options.handle(body),
      (err) => log.error(`${name} request failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    );
    this._register({ dispose: () => this.channel.dispose() });
    this._register(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const envelope = validateEnvelopeWith(fromWire(raw), options.validate);
        if (!envelope) {
          log.warn(`Dropped a malformed message from the ${name}: ${describeIncoming(raw)}`);
          return;
        }
        void this.channel.receive(envelope);
      }),
    );
    this._register(
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
    );
  }

  /** True once the webview said "ready" (and has not reloaded since). */
  get isReady(): boolean {
    return this.ready && !this.isDisposed;
  }

  /** Called by the panel when its webview says "ready"; posts are delivered from now on. */
  markReady(): void {
    this.ready = true;
  }

  /** Called when the panel replaces its HTML: the new document must say "ready" before anything is posted. */
  markReloading(): void {
    this.ready = false;
  }

  /** Posts `body` if the webview is ready; otherwise drops it (the panel resends its state on "ready"). */
  post(body: TOut): void {
    if (this.isReady) this.channel.notify(body);
  }

  /** Sends a request and resolves with the webview's reply. */
  request(body: TOut): Promise<TIn> {
    return this.channel.request(body);
  }
}

/** Short description of an incoming message for the log (ArrayBuffers as sizes, at most 300 characters). */
export function describeIncoming(raw: unknown): string {
  try {
    const text = JSON.stringify(raw, (_k, v: unknown) => (v instanceof ArrayBuffer ? `<${v.byteLength} bytes>` : v));
    return (text ?? String(raw)).slice(0, 300);
  } catch {
    return typeof raw;
  }
}
