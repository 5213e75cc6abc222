// Entry of the diff panel webview: shows a comparison the extension host computed (verdict, metrics, histogram,
// heatmaps, worst elements) and then its diagnosis cards. Remembers the compared files for a window reload.

import * as l10n from '@vscode/l10n';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import baseCss from './base.css';
import css from './compare.css';
import sharedCss from './heatmap.css';
import {
  CompareAction,
  CompareDiagnosisView,
  CompareModelsView,
  CompareHostMessage,
  ComparePayload,
  CompareWebviewMessage,
  parseCompareInitialState,
  validateCompareHostMessage,
} from '../../src/protocol';
import { connectPanel } from './connect';
import { append, bootPanel, byId, h } from './dom';
import { DiffActions, locate, renderDiagnosis, renderHeatmaps, renderHistogram, renderMetrics, renderVerdict, renderWorst } from './compare-view';

const vscode = bootPanel(baseCss, sharedCss, css);

const app = byId('tp-app', HTMLDivElement);
const initial = parseCompareInitialState(app.dataset.initialState ?? '');
// The serializer restores the panel from this state after a window reload.
if (initial) vscode.setState(initial.restore);
// Connect first: it loads the translations every text below is written in.
const channel = connectPanel<CompareWebviewMessage, CompareHostMessage>({
  vscode,
  l10nBundle: initial?.l10nBundle,
  name: 'compare panel',
  validate: validateCompareHostMessage,
  handle,
  showError: (message) =>
    main.replaceChildren(
      h(
        'div',
        { id: 'tp-error', class: 'tp-message tp-error', role: 'alert' },
        h('h2', { class: 'tp-message-heading' }, l10n.t('The compare panel hit an error')),
        h('p', { class: 'tp-message-text' }, message),
      ),
    ),
  onMalformed: (message) => {
    if (!payload) handle({ type: 'compareError', message, actions: ['showLog'] });
  },
});

let payload: ComparePayload | undefined;
let diagnosis: { view?: CompareDiagnosisView; message: string } | undefined;
let models: CompareModelsView | undefined;
let errorBox: { message: string; actions: CompareAction[] } | undefined;
let progressText = initial ? l10n.t('Starting…') : '';
let mark: ((loc: ReturnType<typeof locate>, text: string) => void) | undefined;

const title = h('h1', { id: 'tp-title', class: 'tp-title' }, initial?.title ?? l10n.t('Tensor Parity diff'));
const files = h('p', { id: 'tp-files', class: 'tp-meta' });
const fileState = h('p', { id: 'tp-file-state', class: 'tp-banner', role: 'alert', hidden: true });
const progress = h('p', { id: 'tp-progress', class: 'tp-progress', role: 'status', 'aria-live': 'polite' });
const main = h('main', { id: 'tp-main', class: 'tp-diff-main' });
app.replaceChildren(h('header', { class: 'tp-header' }, title, files), fileState, progress, main);

render();
channel.notify({ type: 'ready' });

function handle(msg: CompareHostMessage): void {
  switch (msg.type) {
    case 'compareProgress':
      progressText = msg.message;
      renderProgress();
      break;
    case 'compareResult':
      payload = msg.payload;
      errorBox = undefined;
      progressText = '';
      diagnosis = undefined;
      models = undefined;
      render();
      break;
    case 'compareDiagnosis':
      diagnosis = { ...(msg.diagnosis ? { view: msg.diagnosis } : {}), message: msg.message };
      progressText = '';
      render();
      break;
    case 'compareModels':
      models = msg.models;
      app.dataset.models = msg.models.state;
      if (msg.models.cause) app.dataset.modelCause = msg.models.cause.kind;
      render();
      break;
    case 'compareError':
      errorBox = { message: msg.message, actions: msg.actions };
      progressText = '';
      render();
      break;
    case 'fileState':
      fileState.hidden = msg.state === 'present' || msg.message === '';
      fileState.textContent = msg.message;
      main.classList.toggle('tp-stale', msg.state === 'deleted');
      app.dataset.fileState = msg.state;
      break;
  }
}

function renderProgress(): void {
  progress.textContent = progressText;
  progress.hidden = progressText === '';
  main.setAttribute('aria-busy', progressText ? 'true' : 'false');
}

const actions: DiffActions = {
  highlight: (row, i) => {
    document.querySelectorAll('.tp-worst-row[aria-current]').forEach((el) => el.removeAttribute('aria-current'));
    document.getElementById(`tp-worst-${i}`)?.setAttribute('aria-current', 'true');
    const m = payload?.heatmaps;
    const loc = m ? locate(m, row.index) : undefined;
    const text = loc
      ? l10n.t('[{0}]: channel {1}, row {2}, column {3}; |a−b| = {4}', row.index.join(', '), loc.channel, loc.row, loc.col, row.abs.toPrecision(4))
      : m
        ? l10n.t('[{0}] is not shown in a heatmap (only the first {1} channels have one).', row.index.join(', '), m.channels)
        : l10n.t('[{0}] is not shown in a heatmap.', row.index.join(', '));
    mark?.(loc, text);
  },
  openSpecField: (cause) => channel.notify({ type: 'compareAction', action: 'openSpecField', cause }),
  openSource: (cause) => channel.notify({ type: 'compareAction', action: 'openSource', cause }),
  searchCode: (cause) => channel.notify({ type: 'compareAction', action: 'searchCode', cause }),
  diagnoseWithImage: () => channel.notify({ type: 'compareAction', action: 'diagnoseWithImage' }),
  compareModels: () => channel.notify({ type: 'compareAction', action: 'compareModels' }),
  openModels: () => channel.notify({ type: 'compareAction', action: 'openModels' }),
};

function button(id: string, label: string, action: CompareAction): HTMLElement {
  const b = h('vscode-button', { id, secondary: true }, label);
  b.addEventListener('click', () => channel.notify({ type: 'compareAction', action }));
  return b;
}

function render(): void {
  try {
    renderProgress();
    const out: (HTMLElement | undefined)[] = [];
    if (errorBox) {
      const labels: Record<CompareAction, string> = {
        showLog: l10n.t('Show Log'),
        openSpec: l10n.t('Open Spec'),
        openFileA: l10n.t('Open Dump'),
        openFileB: l10n.t('Open Reference'),
        openSpecField: l10n.t('Open Spec'),
        openSource: l10n.t('Open Source'),
        searchCode: l10n.t('Search the Workspace'),
        diagnoseWithImage: l10n.t('Diagnose Against an Image…'),
        compareModels: l10n.t('Compare the Models Layer by Layer…'),
        openModels: l10n.t('Open Compare Models'),
      };
      out.push(
        h(
          'div',
          { id: 'tp-error', class: 'tp-message tp-error', role: 'alert' },
          h('h2', { class: 'tp-message-heading' }, l10n.t('The comparison could not be shown')),
          h('p', { class: 'tp-message-text' }, errorBox.message),
          errorBox.actions.length ? h('div', { class: 'tp-actions' }, ...errorBox.actions.map((a) => button(`tp-action-${a}`, labels[a], a))) : undefined,
        ),
      );
    }
    mark = undefined;
    if (payload) {
      const p = payload;
      title.textContent = p.title;
      files.replaceChildren(
        h('span', {}, l10n.t('a (dump):') + ' '),
        h('span', { class: 'tp-path' }, p.a.path),
        h('br'),
        h('span', {}, l10n.t('b (reference):') + ' '),
        h('span', { class: 'tp-path' }, p.b.path),
      );
      out.push(renderVerdict(p));
      out.push(renderDiagnosis(diagnosis?.view, diagnosis?.message || l10n.t('Diagnosing…'), actions, models));
      const grid = h('div', { class: 'tp-diff-columns' });
      const left = h('div', { class: 'tp-column' }, renderMetrics(p), renderHistogram(p) ?? h('span'));
      const right = h('div', { class: 'tp-column' });
      if (p.heatmaps) {
        const hm = renderHeatmaps(p.heatmaps);
        mark = hm.mark;
        append(right, hm.section);
      } else if (p.comparable) {
        append(
          right,
          h(
            'section',
            { class: 'tp-card' },
            h('h2', {}, l10n.t('Error heatmaps')),
            h('p', { id: 'tp-no-heatmap', class: 'tp-hint' }, l10n.t('No heatmap: the tensors have fewer than two dimensions.')),
          ),
        );
      }
      append(right, renderWorst(p, actions));
      append(grid, left, right);
      out.push(grid);
      if (p.origin !== 'report')
        out.push(
          h(
            'div',
            { class: 'tp-actions' },
            button('tp-open-a', l10n.t('Open Dump'), 'openFileA'),
            button('tp-open-b', p.origin === 'image' ? l10n.t('Open Image') : l10n.t('Open Reference'), 'openFileB'),
          ),
        );
      if (p.notes.length > 0)
        out.push(
          h(
            'details',
            { id: 'tp-notes', class: 'tp-card' },
            h('summary', {}, l10n.t('How these numbers were computed ({0} notes)', p.notes.length)),
            h('ul', {}, ...p.notes.map((n) => h('li', { class: 'tp-hint' }, n))),
          ),
        );
    }
    if (!payload && errorBox && diagnosis?.view) out.push(renderDiagnosis(diagnosis.view, diagnosis.message, actions, models));
    main.replaceChildren(...out.filter((e): e is HTMLElement => e !== undefined));
    if (payload) app.dataset.verdict = !payload.comparable ? 'incomparable' : payload.verdict.pass ? 'pass' : 'fail';
  } catch (err) {
    reportError(err);
  }
}
