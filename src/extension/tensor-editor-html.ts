// The HTML shell of the diff panel and the tensor viewer: the shared strict CSP with a per-load nonce, the initial
// state in an escaped data- attribute, and a readable line until the script runs. Pure (no vscode import).

import { panelHtml } from './panel-html';

/** Inputs of {@link viewerHtml}. */
export interface ViewerHtmlOptions {
  cspSource: string;
  nonce: string;
  /** The webview URI of the bundled script ('' for a static message page). */
  scriptUri: string;
  title: string;
  /** Serialised into data-initial-state on #tp-app. */
  initialState: unknown;
  /** Shown until the script replaces it, e.g. "Loading astronaut.npy…". */
  loadingText: string;
}

/** The document of a diff panel or tensor viewer: the shared panel shell with its own loading line. */
export function viewerHtml(o: ViewerHtmlOptions): string {
  return panelHtml(o);
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
