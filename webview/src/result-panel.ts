// Entry of the result panel webview: receives results from the extension host and renders them; a batch gets a filmstrip.

import * as l10n from '@vscode/l10n';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import baseCss from './base.css';
import css from './result.css';
import {
  BatchFile,
  parseResultInitialState,
  PreviousResult,
  ResultAction,
  ResultErrorAction,
  ResultHostMessage,
  ResultPayload,
  ResultWebviewMessage,
  validateResultHostMessage,
} from '../../src/protocol';
import { connectPanel } from './connect';
import { append, bootPanel, byId, h } from './dom';
import { defaultSettings, readPanelState, serializePanelState } from './result-state';
import { actionButton, headerMeta, renderMessage, renderResult, RenderedResult, shortSummary, thumbnail } from './result-view';

interface Item {
  file: BatchFile;
  status: 'pending' | 'running' | 'done' | 'error' | 'cancelled';
  message: string;
  actions: ResultErrorAction[];
  result?: ResultPayload;
  previous?: PreviousResult | undefined;
}

const vscode = bootPanel(baseCss, css);

const app = byId('tp-app', HTMLDivElement);
const initial = parseResultInitialState(app.dataset.initialState ?? '') ?? { title: 'Tensor Parity', files: [] };
// Connect first: it loads the translations every text below is written in.
const channel = connectPanel<ResultWebviewMessage, ResultHostMessage>({
  vscode,
  l10nBundle: initial.l10nBundle,
  name: 'result panel',
  validate: validateResultHostMessage,
  handle,
  showError: (message) => renderMessage(resultRoot, 'error', message, commandButtons(['showLog']), l10n.t('The result panel hit an error')),
});
const saved = readPanelState(vscode.getState());
const settings = saved?.settings ?? defaultSettings();
let items: Item[] = [];
let selected = saved?.selected ?? 0;
let panelError: { message: string; actions: ResultAction[]; notice: boolean } | undefined;
let rendered: RenderedResult | undefined;

const title = h('h1', { id: 'tp-file-name', class: 'tp-title' }, initial.title);
const meta = h('p', { id: 'tp-meta', class: 'tp-meta' });
const filmstrip = h('nav', { id: 'tp-filmstrip', class: 'tp-filmstrip', 'aria-label': l10n.t('Images in this run') });
const resultRoot = h('section', { id: 'tp-result', class: 'tp-result', 'aria-live': 'polite', 'data-status': 'pending' });
const toast = h('p', { id: 'tp-toast', class: 'tp-toast', role: 'status', 'aria-live': 'polite' });
app.replaceChildren(h('header', { class: 'tp-header' }, title, meta), h('div', { class: 'tp-layout' }, filmstrip, resultRoot), toast);

setBatch(initial.files, true);
persist();
channel.notify({ type: 'ready' });

function handle(msg: ResultHostMessage): void {
  switch (msg.type) {
    case 'resultBatch':
      setBatch(msg.files);
      break;
    case 'resultProgress':
      updateItem(msg.index, (it) => {
        it.status = 'running';
        it.message = msg.message;
      });
      break;
    case 'resultShow':
      panelError = undefined;
      updateItem(msg.index, (it) => {
        it.status = 'done';
        it.result = msg.result;
        it.previous = msg.previous;
        it.message = '';
      });
      break;
    case 'resultNotice':
      panelError = { message: msg.message, actions: msg.actions, notice: true };
      render();
      break;
    case 'resultError':
      if (msg.index === undefined) {
        panelError = { message: msg.message, actions: msg.actions, notice: false };
        render();
      } else {
        updateItem(msg.index, (it) => {
          it.status = 'error';
          it.message = msg.message;
          it.actions = msg.actions;
        });
      }
      break;
    case 'resultChooseBaseline':
      if (items[selected]?.status === 'done') channel.notify({ type: 'resultChooseBaseline', index: selected });
      break;
    case 'resultCancelled':
      items.forEach((it, i) => {
        if (i >= msg.fromIndex && (it.status === 'pending' || it.status === 'running')) {
          it.status = 'cancelled';
          it.message = l10n.t('Cancelled before it ran.');
        }
      });
      renderFilmstrip();
      render();
      break;
    case 'resultSaveDone':
      showToast(msg.message, msg.ok);
      break;
  }
}

function setBatch(files: BatchFile[], keepSelection = false): void {
  const same = files.length === items.length && files.every((f, i) => f.path === items[i].file.path);
  items = files.map((file) => ({ file, status: 'pending', message: l10n.t('Waiting to run…'), actions: [] }));
  // A reloaded panel (or a resend of the same files) keeps its selection; a new run starts at the first file.
  selected = keepSelection || same ? Math.min(selected, Math.max(0, items.length - 1)) : 0;
  panelError = undefined;
  renderFilmstrip();
  render();
}

function updateItem(index: number, change: (it: Item) => void): void {
  const it = items[index];
  if (!it) return;
  change(it);
  renderFilmstrip();
  if (index === selected) render();
}

function statusText(it: Item): string {
  if (it.status === 'done' && it.result) return shortSummary(it.result);
  if (it.status === 'error') return l10n.t('Failed');
  if (it.status === 'cancelled') return l10n.t('Cancelled');
  return it.status === 'running' ? it.message : l10n.t('Waiting');
}

function renderFilmstrip(): void {
  filmstrip.hidden = items.length < 2;
  if (filmstrip.hidden) return;
  const focusedIndex = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.index : undefined;
  const list = h('ul', { class: 'tp-film-list' });
  items.forEach((it, i) => {
    const b = h(
      'button',
      {
        type: 'button',
        class: `tp-film-item tp-film-${it.status}`,
        'data-index': i,
        'aria-current': i === selected ? 'true' : undefined,
        title: it.file.path,
      },
      (it.result && thumbnail(it.result)) || h('span', { class: 'tp-thumb tp-thumb-empty', 'aria-hidden': 'true' }),
      h('span', { class: 'tp-film-text' }, h('span', { class: 'tp-film-name' }, it.file.name), h('span', { class: 'tp-film-status' }, statusText(it))),
    );
    b.addEventListener('click', () => select(i));
    b.addEventListener('keydown', (ev: KeyboardEvent) => {
      const step = ev.key === 'ArrowDown' || ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowUp' || ev.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      ev.preventDefault();
      select(Math.max(0, Math.min(items.length - 1, i + step)), true);
    });
    append(list, h('li', {}, b));
  });
  filmstrip.replaceChildren(h('h2', { class: 'tp-film-heading' }, l10n.t('{0} images', items.length)), list);
  if (focusedIndex !== undefined) filmstrip.querySelector<HTMLElement>(`[data-index="${focusedIndex}"]`)?.focus();
}

function select(index: number, focus = false): void {
  selected = index;
  persist();
  renderFilmstrip();
  render();
  if (focus) filmstrip.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus();
}

function render(): void {
  try {
    rendered?.dispose();
    rendered = undefined;
    resultRoot.dataset.index = String(selected);
    if (panelError) {
      title.textContent = initial.title;
      meta.textContent = '';
      if (panelError.notice) renderMessage(resultRoot, 'notice', panelError.message, commandButtons(panelError.actions), l10n.t('Result panel restored'));
      else renderMessage(resultRoot, 'error', panelError.message, commandButtons(panelError.actions));
      return;
    }
    const it = items[selected];
    if (!it) {
      renderMessage(resultRoot, 'pending', l10n.t('No image to show.'));
      return;
    }
    title.textContent = it.file.name;
    meta.textContent = it.result ? headerMeta(it.result) : '';
    if (it.status === 'done' && it.result) {
      rendered = renderResult(resultRoot, it.result, it.previous, settings, {
        saveTensor: (which) => void request({ type: 'resultSaveTensor', index: selected, which }),
        saveStages: () => void request({ type: 'resultSaveStages', index: selected }),
        exportOverlay: (png) => void exportOverlay(selected, png),
        settingsChanged: persist,
        chooseBaseline: () => channel.notify({ type: 'resultChooseBaseline', index: selected }),
      });
    } else if (it.status === 'cancelled') {
      renderMessage(resultRoot, 'cancelled', l10n.t('{0}: the run was cancelled before this file ran. Run Inference again to see it.', it.file.name));
    } else if (it.status === 'error') {
      renderMessage(resultRoot, 'error', `${it.file.name}: ${it.message}`, commandButtons(it.actions));
    } else {
      renderMessage(
        resultRoot,
        it.status === 'running' ? 'running' : 'pending',
        it.status === 'running' ? `${it.file.name}: ${it.message}` : l10n.t('{0}: waiting to run…', it.file.name),
      );
    }
  } catch (err) {
    reportError(err);
  }
}

function commandButtons(actions: ResultAction[]): HTMLElement[] {
  const labels: Record<ResultAction, string> = {
    showLog: l10n.t('Show Log'),
    openSpec: l10n.t('Open Spec'),
    rerun: l10n.t('Run Inference Again'),
    manageTrust: l10n.t('Manage Workspace Trust'),
  };
  return actions.map((a) => actionButton(`tp-action-${a}`, labels[a], () => channel.notify({ type: 'resultAction', action: a })));
}

async function request(body: ResultWebviewMessage): Promise<void> {
  try {
    const reply = await channel.request(body);
    if (reply.type === 'resultSaveDone') showToast(reply.message, reply.ok);
  } catch (err) {
    showToast(err instanceof Error ? err.message : String(err), false);
  }
}

async function exportOverlay(index: number, png: Promise<Blob | null>): Promise<void> {
  const blob = await png;
  if (!blob) {
    showToast(l10n.t('The overlay could not be rendered to PNG.'), false);
    return;
  }
  await request({ type: 'resultExportOverlay', index, png: await blob.arrayBuffer() });
}

function showToast(message: string, ok: boolean): void {
  toast.textContent = message;
  toast.classList.toggle('tp-toast-error', !ok);
}

let persistTimer = 0;
/** Saves the view settings and the file list (what a reload needs to restore the panel), at most every 150 ms. */
function persist(): void {
  if (persistTimer) return;
  persistTimer = window.setTimeout(() => {
    persistTimer = 0;
    vscode.setState(serializePanelState({ version: 1, title: initial.title, files: items.map((it) => it.file), selected, settings }));
  }, 150);
}
