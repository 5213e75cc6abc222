// The HTML shell of a webview panel: strict CSP with a per-load nonce, initial state in an escaped data- attribute.
// Pure (no vscode import) so unit tests can check the CSP and the escaping.

import { randomBytes } from 'node:crypto';

/** A fresh base64 nonce for one load of a webview. */
export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/** Escapes text for use inside a double-quoted HTML attribute (also safe in text content). */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The Content-Security-Policy of every panel: nothing but our own script/styles, images from the webview or blobs. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} blob: data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

/** Inputs of {@link panelHtml}. */
export interface PanelHtmlOptions {
  cspSource: string;
  nonce: string;
  /** The webview URI of the panel's bundled script. */
  scriptUri: string;
  title: string;
  /** Serialised into data-initial-state on #tp-app. */
  initialState: unknown;
  /** Shown until the script replaces it (default: the result panel's loading line). */
  loadingText?: string;
}

/** The panel document. Until the script runs, it shows a readable "loading" line instead of a blank page. */
export function panelHtml(o: PanelHtmlOptions): string {
  const state = escapeAttribute(JSON.stringify(o.initialState));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttribute(o.title)}</title>
<style nonce="${escapeAttribute(o.nonce)}">
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 20px; }
.tp-boot { color: var(--vscode-descriptionForeground); }
</style>
</head>
<body>
<div id="tp-app" data-initial-state="${state}">
<p class="tp-boot">${escapeAttribute(o.loadingText ?? 'Loading the Tensor Parity result panel…')}</p>
<noscript><p>This view needs JavaScript, which VS Code enables for it; close and reopen it if you see this.</p></noscript>
</div>
${o.scriptUri ? `<script type="module" nonce="${escapeAttribute(o.nonce)}" src="${escapeAttribute(o.scriptUri)}"></script>` : ''}
</body>
</html>`;
}
