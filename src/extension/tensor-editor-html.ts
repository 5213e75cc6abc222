// The HTML shell of the diff panel and the tensor viewer: the shared strict CSP with a per-load nonce, the initial
// state in an escaped data- attribute, and a readable line until the script runs. Pure (no vscode import).

import { contentSecurityPolicy, escapeAttribute } from './panel-html';

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

/** The document of a diff panel or tensor viewer. */
export function viewerHtml(o: ViewerHtmlOptions): string {
  const nonce = escapeAttribute(o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttribute(o.title)}</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px; }
.tp-boot { color: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<div id="tp-app" data-initial-state="${escapeAttribute(JSON.stringify(o.initialState))}">
<p class="tp-boot">${escapeAttribute(o.loadingText)}</p>
<noscript><p>This view needs JavaScript, which VS Code enables for it; close and reopen it if you see this.</p></noscript>
</div>
${o.scriptUri ? `<script type="module" nonce="${nonce}" src="${escapeAttribute(o.scriptUri)}"></script>` : ''}
</body>
</html>`;
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
