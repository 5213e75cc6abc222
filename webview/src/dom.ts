// Tiny DOM helpers for the panels: element creation without innerHTML, so no markup is ever built from data.

type Attrs = Record<string, string | number | boolean | undefined>;
type Child = Node | string | undefined | false;

/** Creates an element with attributes (false/undefined skipped, true → empty attribute) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

/** Appends children, turning strings into text nodes and skipping empty ones. */
export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** Looks up an element by id and checks its type; throws a readable error if the page is not as expected. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`The panel is missing element #${id}.`);
  return el;
}

/** The API VS Code gives a webview page. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Starts a panel page: acquires the VS Code API (once per page) and adopts the panel's stylesheets. */
export function bootPanel(...cssTexts: string[]): VsCodeApi {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssTexts.join('\n'));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return acquireVsCodeApi();
}
