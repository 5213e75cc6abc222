// The one way a panel page talks to the extension host: the request/reply channel, wire encoding (toWire/fromWire),
// validation of every message from the host, and reporting of malformed messages and page errors to the host's log.

import * as l10n from '@vscode/l10n';
import { fromWire, type L10nBundle, MessageChannel, toWire, validateEnvelopeWith } from '../../src/protocol';
import type { VsCodeApi } from './dom';
import { useBundle } from './translate';

/** Every panel's webview→host protocol has these two messages. */
type BaseWebviewMessage = { type: 'ready' } | { type: 'error'; message: string };

/** How a panel page connects. */
export interface ConnectOptions<TIn> {
  vscode: VsCodeApi;
  /** e.g. "result panel", for the host's log. */
  name: string;
  /** The translations from the panel's initial state (`l10nBundle`); absent in English. */
  l10nBundle?: L10nBundle | undefined;
  validate: (body: unknown) => TIn | undefined;
  handle: (msg: TIn) => void;
  /** Shows a page error to the user (the host is told too). */
  showError: (message: string) => void;
  /** Shows that a message from the host could not be read (the host's log is told either way). */
  onMalformed?: (message: string) => void;
}

/**
 * Connects the page: the panel's translations are loaded (call it before building any text), then messages from the
 * host are validated before `handle` sees them.
 */
export function connectPanel<TOut extends { type: string }, TIn>(o: ConnectOptions<TIn>): MessageChannel<TOut | BaseWebviewMessage, TIn> {
  useBundle(o.l10nBundle);
  const channel = new MessageChannel<TOut | BaseWebviewMessage, TIn>(
    (envelope) => o.vscode.postMessage(toWire(envelope)),
    (body) => {
      o.handle(body);
      return undefined;
    },
    (err) => report(err),
  );
  function report(err: unknown): void {
    const message = err instanceof Error ? `${err.message}${err.stack ? `\n${err.stack}` : ''}` : String(err);
    channel.notify({ type: 'error', message: message.slice(0, 9000) });
    o.showError(l10n.t('{0} Details are in the Tensor Parity log (Tensor Parity: Show Log).', err instanceof Error ? err.message : String(err)));
  }
  window.addEventListener('message', (ev: MessageEvent<unknown>) => {
    const envelope = validateEnvelopeWith(fromWire(ev.data), o.validate);
    if (!envelope) {
      const type = messageType(ev.data);
      channel.notify({ type: 'error', message: `The ${o.name} dropped a malformed ${type} message from the extension.` });
      o.onMalformed?.(l10n.t('This panel could not read what the extension sent ({0}). This is a bug in Tensor Parity; the log has the details.', type));
      return;
    }
    void channel.receive(envelope);
  });
  window.addEventListener('error', (ev) => report(ev.error ?? ev.message));
  window.addEventListener('unhandledrejection', (ev) => report(ev.reason));
  return channel;
}

function messageType(x: unknown): string {
  if (typeof x === 'object' && x !== null && 'body' in x) {
    const body = (x as { body: unknown }).body;
    if (typeof body === 'object' && body !== null && 'type' in body) return `"${String((body as { type: unknown }).type)}"`;
  }
  return typeof x;
}
