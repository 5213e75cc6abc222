// Renders one inference result into the result panel: the zoomable image view, the overlay controls and legend,
// compare with the previous result, the top-k table, details and actions.

import * as l10n from '@vscode/l10n';
import type { PreviousResult, ResultPayload, ResultView } from '../../src/protocol';
import { append, h } from './dom';
import { formatMs, formatPercent, paletteFor, personFraction, Rgba, toRgba } from './overlay';
import { compareMasks, Disagreement } from './overlay-compare';
import { putRgba } from './overlay-render';
import { renderCompare } from './result-compare';
import { renderHeatmapControl, renderLegend, renderOpacity } from './result-legend';
import { ResultStage } from './result-stage';
import type { ViewSettings } from './result-state';

/** Callbacks the rendered result uses. */
export interface ViewActions {
  saveTensor(which: 'input' | 'output'): void;
  saveStages(): void;
  exportOverlay(png: Promise<Blob | null>): void;
  settingsChanged(): void;
  /** Asks the host for the baseline picker (recent results, the image a dump came from, a reference tensor). */
  chooseBaseline(): void;
}

/** A rendered result; dispose it before rendering another into the same root. */
export interface RenderedResult {
  dispose(): void;
}

/** Sets the result root's data- attributes that tests and tools read. */
function setResultData(root: HTMLElement, result: ResultPayload, disagreement: Disagreement | undefined): void {
  root.dataset.kind = result.view.kind;
  if (result.view.kind === 'segmentation') {
    root.dataset.classFractions = JSON.stringify(result.view.classes.map((c) => ({ index: c.index, label: c.label, fraction: c.fraction })));
    const person = personFraction(result.view.classes);
    if (person !== undefined) root.dataset.personFraction = String(person);
  }
  if (result.view.kind === 'classification') {
    root.dataset.topLabel = result.view.topK[0]?.label ?? '';
  }
  if (disagreement) {
    root.dataset.disagreementFraction = String(disagreement.fraction);
    root.dataset.disagreementCount = String(disagreement.count);
  }
}

function totalMs(t: Record<string, number>): number {
  return t.total ?? Object.values(t).reduce((a, b) => a + b, 0);
}

function renderDetails(result: ResultPayload): HTMLElement {
  const dl = h('dl', { id: 'tp-details', class: 'tp-details' });
  const row = (term: string, value: string, attrs: Record<string, string> = {}): void => append(dl, h('dt', {}, term), h('dd', attrs, value));
  row(l10n.t('File'), result.filePath, { class: 'tp-path' });
  row(l10n.t('Backend'), result.backend + (result.backendDetail ? ` (${result.backendDetail})` : ''), { id: 'tp-backend' });
  row(l10n.t('Input'), `${result.input.dtype} [${result.input.shape.join(', ')}]`);
  row(l10n.t('Output'), `${result.outputName || 'output'}: ${result.output.dtype} [${result.output.shape.join(', ')}]`);
  const timings = Object.entries(result.timingsMs)
    .map(([k, v]) => `${k} ${formatMs(v)}`)
    .join(' · ');
  row(l10n.t('Timings'), timings || '–', { id: 'tp-timings' });
  row(l10n.t('Model fingerprint'), result.modelFingerprint || '–', { id: 'tp-fingerprint', class: 'tp-mono' });
  for (const step of result.preprocessing ?? [])
    row(l10n.t('Preprocessing: {0}', step.stage), step.description, { class: 'tp-stage', 'data-stage': step.stage });
  return dl;
}

function renderTopK(view: Extract<ResultView, { kind: 'classification' }>): HTMLElement {
  const body = h('tbody');
  for (const [rank, row] of view.topK.entries()) {
    const bar = h('span', { class: 'tp-bar', 'aria-hidden': 'true' });
    bar.style.setProperty('--tp-bar', `${Math.max(0, Math.min(1, row.probability)) * 100}%`);
    append(
      body,
      h(
        'tr',
        {},
        h('td', { class: 'tp-num' }, String(rank + 1)),
        h('td', {}, row.label),
        h('td', { class: 'tp-num' }, String(row.index)),
        h('td', { class: 'tp-prob' }, bar, h('span', {}, formatPercent(row.probability))),
      ),
    );
  }
  return h(
    'table',
    { id: 'tp-topk', class: 'tp-topk' },
    h('caption', {}, l10n.t('Top {0} classes', view.topK.length)),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, '#'),
        h('th', { scope: 'col' }, l10n.t('Label')),
        h('th', { scope: 'col' }, l10n.t('Index')),
        h('th', { scope: 'col' }, l10n.t('Probability')),
      ),
    ),
    body,
  );
}

function button(id: string, label: string, onClick: () => void, secondary = true): HTMLElement {
  const b = h('vscode-button', { id, secondary });
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** Compares the current mask with the previous result's, when both are segmentations. */
function disagreementOf(result: ResultPayload, previous: PreviousResult | undefined): Disagreement | undefined {
  const cur = result.view;
  const prev = previous?.result.view;
  if (cur.kind !== 'segmentation' || prev?.kind !== 'segmentation') return undefined;
  return compareMasks(
    { labels: new Uint8Array(cur.labels), width: cur.width, height: cur.height },
    { labels: new Uint8Array(prev.labels), width: prev.width, height: prev.height },
  );
}

/** Renders a finished result into `root` (the #tp-result element), replacing its content. */
export function renderResult(
  root: HTMLElement,
  result: ResultPayload,
  previous: PreviousResult | undefined,
  settings: ViewSettings,
  actions: ViewActions,
): RenderedResult {
  root.replaceChildren();
  for (const key of Object.keys(root.dataset)) if (key !== 'status' && key !== 'index') delete root.dataset[key];
  const disagreement = disagreementOf(result, previous);
  setResultData(root, result, disagreement);
  root.dataset.status = 'done';
  const view = result.view;
  const classes = view.kind === 'segmentation' ? view.classes : [];
  const prevView = previous?.result.view;
  const prevClasses = prevView?.kind === 'segmentation' ? prevView.classes : [];
  const palette = (): readonly Rgba[] => paletteFor(classes, settings.colors);
  const stage = new ResultStage({
    result,
    ...(disagreement && previous ? { previous, disagreement } : {}),
    settings,
    palette,
    previousPalette: () => paletteFor(prevClasses, settings.colors),
    viewChanged: () => actions.settingsChanged(),
  });
  const side = h('div', { class: 'tp-side' });
  if (view.kind === 'segmentation') {
    const controls = {
      opacityChanged: () => {
        stage.schedule();
        actions.settingsChanged();
      },
      overlayChanged: () => {
        stage.refreshOverlay();
        actions.settingsChanged();
      },
    };
    append(
      side,
      renderOpacity(settings, controls),
      renderHeatmapControl(view, settings, controls),
      h('h2', {}, l10n.t('Classes')),
      renderLegend(view, settings, palette, controls),
    );
    const labelOf = (i: number): string => view.classes[i]?.label ?? l10n.t('class {0}', i);
    append(
      side,
      renderCompare(
        previous,
        disagreement,
        settings,
        labelOf,
        () => {
          stage.refreshCompare();
          actions.settingsChanged();
        },
        actions.chooseBaseline,
      ),
    );
  } else if (view.kind === 'classification') {
    append(side, renderTopK(view));
  } else {
    append(
      side,
      h('h2', {}, l10n.t('Output')),
      h('p', { id: 'tp-raw', class: 'tp-mono' }, view.summary),
      h('p', { class: 'tp-hint' }, l10n.t('Set "output.kind" in tensorparity.json to "segmentation" or "classification" to see this output drawn.')),
    );
  }
  const buttons = h(
    'div',
    { class: 'tp-actions', role: 'group', 'aria-label': l10n.t('Save') },
    button('tp-save-input', l10n.t('Save input tensor (.npy)'), () => actions.saveTensor('input')),
    button('tp-save-output', l10n.t('Save output (.npy)'), () => actions.saveTensor('output')),
    button('tp-save-stages', l10n.t('Save stages (.npy)'), () => actions.saveStages()),
  );
  if (view.kind === 'segmentation') {
    append(
      buttons,
      button('tp-export-overlay', l10n.t('Export overlay (.png)'), () => actions.exportOverlay(stage.composePng())),
    );
  }
  append(side, buttons, renderDetails(result));
  const main = h('div', { class: view.kind === 'segmentation' || result.image ? 'tp-main' : 'tp-main tp-main-noimage' });
  if (view.kind === 'segmentation' || result.image) append(main, stage.element);
  append(main, side);
  append(root, main);
  return { dispose: () => stage.dispose() };
}

/** A one-line summary of a result for the header. */
export function headerMeta(result: ResultPayload): string {
  const parts = [`TF.js ${result.backend}`, l10n.t('{0} total', formatMs(totalMs(result.timingsMs)))];
  if (result.view.kind === 'segmentation') {
    const person = personFraction(result.view.classes);
    if (person !== undefined) parts.push(l10n.t('person {0}', formatPercent(person)));
  }
  if (result.view.kind === 'classification' && result.view.topK[0]) {
    parts.push(`${result.view.topK[0].label} ${formatPercent(result.view.topK[0].probability)}`);
  }
  return parts.join(' · ');
}

/** A few words about a result for the filmstrip: the person share, the top class, or "Done". */
export function shortSummary(result: ResultPayload): string {
  const view = result.view;
  if (view.kind === 'segmentation') {
    const person = personFraction(view.classes);
    if (person !== undefined) return l10n.t('person {0}', formatPercent(person));
    const top = [...view.classes].sort((a, b) => b.fraction - a.fraction).find((c) => c.index !== 0);
    return top ? `${top.label} ${formatPercent(top.fraction)}` : l10n.t('Done');
  }
  if (view.kind === 'classification' && view.topK[0]) return `${view.topK[0].label} ${formatPercent(view.topK[0].probability)}`;
  return l10n.t('Done');
}

/** Renders a readable message (progress, notice or error) into `root`. */
export function renderMessage(
  root: HTMLElement,
  status: 'pending' | 'running' | 'error' | 'cancelled' | 'notice',
  text: string,
  buttons: HTMLElement[] = [],
  heading = l10n.t('Inference failed'),
): void {
  root.replaceChildren();
  for (const key of Object.keys(root.dataset)) if (key !== 'index') delete root.dataset[key];
  root.dataset.status = status;
  const cls = status === 'error' ? 'tp-message tp-error' : status === 'notice' ? 'tp-message tp-notice' : 'tp-message';
  const role = status === 'error' ? 'alert' : 'status';
  const withHeading = status === 'error' || status === 'notice';
  append(
    root,
    h(
      'div',
      { id: 'tp-message', class: cls, role },
      withHeading ? h('h2', { class: 'tp-message-heading' }, heading) : undefined,
      h('p', { class: 'tp-message-text' }, text),
      buttons.length ? h('div', { class: 'tp-actions' }, ...buttons) : undefined,
    ),
  );
}

/** A small thumbnail canvas of a result image for the filmstrip. */
export function thumbnail(result: ResultPayload, height = 40): HTMLCanvasElement | undefined {
  if (!result.image) return undefined;
  const { width: w, height: ht, channels, pixels } = result.image;
  const full = document.createElement('canvas');
  putRgba(full, toRgba(new Uint8Array(pixels), w, ht, channels), w, ht);
  const thumb = h('canvas', { class: 'tp-thumb', 'aria-hidden': 'true' });
  thumb.height = height;
  thumb.width = Math.max(1, Math.round((w / ht) * height));
  thumb.getContext('2d')?.drawImage(full, 0, 0, thumb.width, thumb.height);
  return thumb;
}

export { button as actionButton };
