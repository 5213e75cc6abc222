// Entry of the model comparison panel: verdict and model-side cause, the layer table (first divergent layer
// highlighted), the error-growth plot, weights and architecture; a click on a layer shows its heatmap and weights.

import * as l10n from '@vscode/l10n';
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
// Connect first: it loads the translations every text below is written in.
const channel = connectPanel<ModelsWebviewMessage, ModelsHostMessage>({
  vscode,
  l10nBundle: initial?.l10nBundle,
  name: 'model comparison panel',
  validate: validateModelsHostMessage,
  handle,
  showError: (message) =>
    main.replaceChildren(
      h(
        'div',
        { id: 'tp-error', class: 'tp-message tp-error', role: 'alert' },
        h('h2', { class: 'tp-message-heading' }, l10n.t('The model comparison panel hit an error')),
        h('p', { class: 'tp-message-text' }, message),
      ),
    ),
  onMalformed: (message) => {
    if (!payload) handle({ type: 'modelsError', message, actions: ['showLog'] });
  },
});
if (initial) vscode.setState(initial.restore);

let payload: ModelsPayload | undefined;
let detail: ModelsLayerDetail | undefined;
let selected = -1;
let errorBox: { message: string; actions: ModelsAction[] } | undefined;
let progressText = initial ? l10n.t('Starting…') : '';
/** Set by a click on a layer: its detail (below the table) is then scrolled into view when it arrives. */
let userPicked = false;

const title = h('h1', { id: 'tp-title', class: 'tp-title' }, initial?.title ?? l10n.t('Tensor Parity model comparison'));
const files = h('p', { id: 'tp-files', class: 'tp-meta' });
const progress = h('p', { id: 'tp-progress', class: 'tp-progress', role: 'status', 'aria-live': 'polite' });
const main = h('main', { id: 'tp-main' });
app.replaceChildren(h('header', { class: 'tp-header' }, title, files), progress, main);

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

function labels(): Record<ModelsAction, string> {
  return {
    openA: l10n.t('Reveal Model A'),
    openB: l10n.t('Reveal Model B'),
    openInput: l10n.t('Open Input'),
    pickInput: l10n.t('Change Input…'),
    showLog: l10n.t('Show Log'),
    rerun: l10n.t('Compare Again'),
  };
}

function render(): void {
  renderProgress();
  const out: (HTMLElement | undefined)[] = [];
  if (errorBox) {
    out.push(
      h(
        'div',
        { id: 'tp-error', class: 'tp-message tp-error', role: 'alert' },
        h('h2', { class: 'tp-message-heading' }, l10n.t('The models could not be compared')),
        h('p', { class: 'tp-message-text' }, errorBox.message),
        errorBox.actions.length ? h('div', { class: 'tp-actions' }, ...errorBox.actions.map((a) => button(`tp-action-${a}`, labels()[a], a))) : undefined,
      ),
    );
  }
  if (payload) {
    const p = payload;
    app.dataset.cause = p.cause.kind;
    app.dataset.firstDivergent = String(p.firstDivergent);
    app.dataset.verdict = p.output ? (p.output.pass ? 'pass' : 'fail') : 'none';
    title.textContent = l10n.t('Models: {0}', p.title);
    files.replaceChildren(
      h('span', {}, l10n.t('A (under test):') + ' '),
      h('span', { class: 'tp-path' }, `${p.a.path} (${p.a.format})`),
      h('span', { class: 'tp-hint', id: 'tp-models-runtime-a' }, ' ' + l10n.t('runs on {0}', p.a.runtime)),
      h('br'),
      h('span', {}, l10n.t('B (reference):') + ' '),
      h('span', { class: 'tp-path' }, `${p.b.path} (${p.b.format})`),
      h('span', { class: 'tp-hint', id: 'tp-models-runtime-b' }, ' ' + l10n.t('runs on {0}', p.b.runtime)),
      h('br'),
      h('span', {}, l10n.t('input:') + ' '),
      h('span', { class: 'tp-path', id: 'tp-models-input' }, p.input),
      ' ',
      button('tp-pick-input', labels().pickInput, 'pickInput'),
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
        button('tp-open-a', labels().openA, 'openA'),
        button('tp-open-b', labels().openB, 'openB'),
        button('tp-open-input', labels().openInput, 'openInput'),
        button('tp-pick-input-2', labels().pickInput, 'pickInput'),
        button('tp-rerun', labels().rerun, 'rerun'),
      ),
    );
    const notes = [...p.notes, l10n.t('Times: {0}.', p.timing)];
    out.push(
      h(
        'details',
        { id: 'tp-notes', class: 'tp-card' },
        h('summary', {}, l10n.t('Notes ({0})', notes.length)),
        h('ul', {}, ...notes.map((n) => h('li', { class: 'tp-hint' }, n))),
      ),
    );
  }
  main.replaceChildren(...out.filter((x): x is HTMLElement => x !== undefined));
}
