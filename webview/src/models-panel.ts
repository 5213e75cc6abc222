// Entry of the model comparison panel: verdict and model-side cause, the layer table (first divergent layer
// highlighted), the error-growth plot, weights and architecture; a click on a layer shows its heatmap and weights.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import baseCss from './base.css';
import sharedCss from './heatmap.css';
import css from './models.css';
import {
  ModelsAction,
  ModelsHostMessage,
  ModelsLayerDetail,
  ModelsPayload,
  ModelsWebviewMessage,
  parseModelsInitialState,
  validateModelsHostMessage,
} from '../../src/protocol';
import { connectPanel } from './connect';
import { append, bootPanel, byId, h } from './dom';
import { renderGrowth, renderLayerDetail, renderLayerTable, renderModelSide, renderSummary } from './models-view';

const vscode = bootPanel(baseCss, sharedCss, css);

const app = byId('tp-app', HTMLDivElement);
const initial = parseModelsInitialState(app.dataset.initialState ?? '');
if (initial) vscode.setState(initial.restore);

let payload: ModelsPayload | undefined;
let detail: ModelsLayerDetail | undefined;
let selected = -1;
let errorBox: { message: string; actions: ModelsAction[] } | undefined;
let progressText = initial ? 'Starting…' : '';
/** Set by a click on a layer: its detail (below the table) is then scrolled into view when it arrives. */
let userPicked = false;

const title = h('h1', { id: 'tp-title', class: 'tp-title' }, initial?.title ?? 'Tensor Parity model comparison');
const files = h('p', { id: 'tp-files', class: 'tp-meta' });
const progress = h('p', { id: 'tp-progress', class: 'tp-progress', role: 'status', 'aria-live': 'polite' });
const main = h('main', { id: 'tp-main' });
app.replaceChildren(h('header', { class: 'tp-header' }, title, files), progress, main);

const channel = connectPanel<ModelsWebviewMessage, ModelsHostMessage>({
  vscode,
  name: 'model comparison panel',
  validate: validateModelsHostMessage,
  handle,
  showError: (message) =>
    main.replaceChildren(
      h(
        'div',
        { id: 'tp-error', class: 'tp-message tp-error', role: 'alert' },
        h('h2', { class: 'tp-message-heading' }, 'The model comparison panel hit an error'),
        h('p', { class: 'tp-message-text' }, message),
      ),
    ),
  onMalformed: (message) => {
    if (!payload) handle({ type: 'modelsError', message, actions: ['showLog'] });
  },
});
render();
channel.notify({ type: 'ready' });

function handle(msg: ModelsHostMessage): void {
  switch (msg.type) {
    case 'modelsProgress':
      progressText = msg.message;
      renderProgress();
      break;
    case 'modelsResult':
      payload = msg.payload;
      detail = undefined;
      selected = -1;
      errorBox = undefined;
      progressText = '';
      render();
      break;
    case 'modelsLayer':
      detail = msg.detail;
      selected = msg.detail.index;
      app.dataset.detail = String(msg.detail.index);
      // Only the detail changes: keep the layer table (and its scroll position) as it is.
      if (payload && document.getElementById('tp-models-detail')) {
        document.getElementById('tp-models-detail')?.replaceWith(renderLayerDetail(detail, payload));
        document.querySelectorAll('.tp-layer-row[aria-current]').forEach((el) => el.removeAttribute('aria-current'));
        document.getElementById(`tp-layer-${selected}`)?.setAttribute('aria-current', 'true');
      } else render();
      if (userPicked) document.getElementById('tp-models-detail')?.scrollIntoView({ block: 'nearest' });
      userPicked = false;
      break;
    case 'modelsError':
      errorBox = { message: msg.message, actions: msg.actions };
      progressText = '';
      app.dataset.error = 'true';
      render();
      break;
  }
}

function select(index: number): void {
  selected = index;
  userPicked = true;
  document.querySelectorAll('.tp-layer-row[aria-current]').forEach((el) => el.removeAttribute('aria-current'));
  document.getElementById(`tp-layer-${index}`)?.setAttribute('aria-current', 'true');
  channel.notify({ type: 'modelsSelectLayer', index });
}

function renderProgress(): void {
  progress.textContent = progressText;
  progress.hidden = progressText === '';
  main.setAttribute('aria-busy', progressText ? 'true' : 'false');
}

function button(id: string, label: string, action: ModelsAction): HTMLElement {
  const b = h('vscode-button', { id, secondary: true }, label);
  b.addEventListener('click', () => channel.notify({ type: 'modelsAction', action }));
  return b;
}

const LABELS: Record<ModelsAction, string> = {
  openA: 'Reveal Model A',
  openB: 'Reveal Model B',
  openInput: 'Open Input',
  pickInput: 'Change Input…',
  showLog: 'Show Log',
  rerun: 'Compare Again',
};

function render(): void {
  renderProgress();
  const out: (HTMLElement | undefined)[] = [];
  if (errorBox) {
    out.push(
      h(
        'div',
        { id: 'tp-error', class: 'tp-message tp-error', role: 'alert' },
        h('h2', { class: 'tp-message-heading' }, 'The models could not be compared'),
        h('p', { class: 'tp-message-text' }, errorBox.message),
        errorBox.actions.length ? h('div', { class: 'tp-actions' }, ...errorBox.actions.map((a) => button(`tp-action-${a}`, LABELS[a], a))) : undefined,
      ),
    );
  }
  if (payload) {
    const p = payload;
    app.dataset.cause = p.cause.kind;
    app.dataset.firstDivergent = String(p.firstDivergent);
    app.dataset.verdict = p.output ? (p.output.pass ? 'pass' : 'fail') : 'none';
    title.textContent = `Models: ${p.title}`;
    files.replaceChildren(
      h('span', {}, 'A (under test): '),
      h('span', { class: 'tp-path' }, `${p.a.path} (${p.a.format})`),
      h('span', { class: 'tp-hint', id: 'tp-models-runtime-a' }, ` runs on ${p.a.runtime}`),
      h('br'),
      h('span', {}, 'B (reference): '),
      h('span', { class: 'tp-path' }, `${p.b.path} (${p.b.format})`),
      h('span', { class: 'tp-hint', id: 'tp-models-runtime-b' }, ` runs on ${p.b.runtime}`),
      h('br'),
      h('span', {}, 'input: '),
      h('span', { class: 'tp-path', id: 'tp-models-input' }, p.input),
      ' ',
      button('tp-pick-input', LABELS.pickInput, 'pickInput'),
    );
    out.push(renderSummary(p));
    const columns = h('div', { class: 'tp-models-columns' });
    append(
      columns,
      h('div', { class: 'tp-column' }, renderGrowth(p, select) ?? h('span'), renderLayerTable(p, selected, select)),
      h(
        'div',
        { class: 'tp-models-detail-columns' },
        h('div', { class: 'tp-column' }, renderLayerDetail(detail, p)),
        h('div', { class: 'tp-column' }, renderModelSide(p)),
      ),
    );
    out.push(columns);
    out.push(
      h(
        'div',
        { class: 'tp-actions' },
        button('tp-open-a', LABELS.openA, 'openA'),
        button('tp-open-b', LABELS.openB, 'openB'),
        button('tp-open-input', LABELS.openInput, 'openInput'),
        button('tp-pick-input-2', LABELS.pickInput, 'pickInput'),
        button('tp-rerun', LABELS.rerun, 'rerun'),
      ),
    );
    const notes = [...p.notes, `Times: ${p.timing}.`];
    out.push(
      h(
        'details',
        { id: 'tp-notes', class: 'tp-card' },
        h('summary', {}, `Notes (${notes.length})`),
        h('ul', {}, ...notes.map((n) => h('li', { class: 'tp-hint' }, n))),
      ),
    );
  }
  main.replaceChildren(...out.filter((x): x is HTMLElement => x !== undefined));
}
