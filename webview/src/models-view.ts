// Renders the model comparison panel's parts: verdict and cause, the layer table with spark bars, the error-growth
// plot, weights, architecture and the selected layer's detail (heatmaps from the diff panel's code).
import * as l10n from '@vscode/l10n';
import type { ModelsLayerDetail, ModelsLayerRow, ModelsPayload, ModelsWeightRow } from '../../src/protocol';
import { renderHeatmaps } from './compare-view';
import { append, h } from './dom';
import { fmt } from './heatmap';

const SVG = 'http://www.w3.org/2000/svg';

/** Position of a relative error on the log scale 1e-8 … 1, from 0 to 1. */
export function logLevel(rel: number): number {
  if (!(rel > 0)) return 0;
  return Math.max(0, Math.min(1, (Math.log10(Math.min(rel, 1)) + 8) / 8));
}

/** The output verdict and the model-side cause with its evidence and fix. */
export function renderSummary(p: ModelsPayload): HTMLElement {
  const pass = p.output?.pass;
  const badge = pass === undefined ? l10n.t('NO OUTPUT') : pass ? l10n.t('PASS') : l10n.t('FAIL');
  return h(
    'section',
    {
      id: 'tp-models-summary',
      class: `tp-card tp-verdict-card tp-verdict-${pass === false ? 'fail' : 'pass'}`,
      'aria-labelledby': 'tp-models-cause',
    },
    h(
      'div',
      { class: 'tp-verdict-row' },
      h('span', { id: 'tp-models-verdict', class: `tp-verdict tp-verdict-badge-${pass === false ? 'fail' : 'pass'}` }, badge),
      h('span', { class: 'tp-verdict-mode' }, l10n.t('outputs compared at {0} · {1}', p.tolerance, p.runtime)),
    ),
    p.output ? h('p', { class: 'tp-verdict-message' }, p.output.message) : undefined,
    h('h2', { id: 'tp-models-cause', 'data-kind': p.cause.kind }, p.cause.title),
    p.cause.evidence.length ? h('ul', { class: 'tp-notes' }, ...p.cause.evidence.map((e) => h('li', {}, e))) : undefined,
    h('p', { class: 'tp-hint' }, l10n.t('Fix: {0}', p.cause.fix)),
  );
}

/** The error of every layer on a log scale, the first divergent layer marked. */
export function renderGrowth(p: ModelsPayload, select: (i: number) => void): HTMLElement | undefined {
  if (p.layers.length === 0) return undefined;
  const w = 600;
  const hgt = 90;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('id', 'tp-models-growth');
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', l10n.t('Relative error of each layer in execution order, log scale from 1e-8 to 1'));
  svg.classList.add('tp-growth');
  const n = p.layers.length;
  const step = w / n;
  p.layers.forEach((l, i) => {
    const level = logLevel(l.relErr);
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('x', String(i * step));
    bar.setAttribute('width', String(Math.max(step - 0.5, 0.5)));
    bar.setAttribute('y', String(hgt - level * hgt));
    bar.setAttribute('height', String(Math.max(level * hgt, l.relErr > 0 ? 1 : 0)));
    bar.setAttribute('class', i === p.firstDivergent ? 'tp-growth-first' : l.pass ? 'tp-growth-pass' : 'tp-growth-fail');
    const title = document.createElementNS(SVG, 'title');
    title.textContent = l10n.t('#{0} {1} ({2}): relative error {3}', i + 1, l.name, l.op, fmt(l.relErr));
    bar.appendChild(title);
    bar.addEventListener('click', () => select(i));
    svg.appendChild(bar);
  });
  const first = p.layers[p.firstDivergent];
  return h(
    'section',
    { id: 'tp-models-growth-section', class: 'tp-card' },
    h('h2', {}, l10n.t('How the error grows through the layers')),
    svg,
    h(
      'p',
      { class: 'tp-hint' },
      l10n.t("Relative error (max |a−b| over the layer's range) per layer in execution order, log scale 1e-8 … 1.") +
        ' ' +
        (first ? l10n.t('First outside tolerance: #{0} {1}.', p.firstDivergent + 1, first.name) : l10n.t('Every layer is within tolerance.')),
    ),
  );
}

/** The layer table: name, op, shape, max abs, relative error and a spark bar; rows are clickable. */
export function renderLayerTable(p: ModelsPayload, selected: number, select: (i: number) => void): HTMLElement {
  const rows = p.layers.map((l) => layerRow(l, l.index === p.firstDivergent, l.index === selected, select));
  const table = h(
    'table',
    { id: 'tp-models-layers', class: 'tp-table tp-layer-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, '#'),
        h('th', {}, l10n.t('layer')),
        h('th', {}, l10n.t('op')),
        h('th', {}, l10n.t('shape')),
        h('th', { class: 'tp-num' }, l10n.t('max abs')),
        h('th', { class: 'tp-num' }, l10n.t('rel. error')),
        h('th', {}, ''),
      ),
    ),
    h('tbody', {}, ...rows),
  );
  return h(
    'section',
    { id: 'tp-models-layer-section', class: 'tp-card' },
    h('h2', {}, l10n.t('Layers ({0}, tolerance {1})', p.layers.length, p.tolerance)),
    p.layers.length ? h('div', { class: 'tp-table-scroll' }, table) : h('p', { class: 'tp-hint' }, l10n.t('No layers were compared (see the notes below).')),
  );
}

function layerRow(l: ModelsLayerRow, first: boolean, selected: boolean, select: (i: number) => void): HTMLElement {
  const spark = h('span', { class: 'tp-spark', 'aria-hidden': 'true' }, h('span', { class: 'tp-spark-fill' }));
  (spark.firstChild as HTMLElement).style.width = `${(logLevel(l.relErr) * 100).toFixed(1)}%`;
  const cls = ['tp-layer-row', l.pass ? 'tp-layer-pass' : 'tp-layer-fail', first ? 'tp-layer-first' : ''].filter(Boolean).join(' ');
  const row = h(
    'tr',
    { id: `tp-layer-${l.index}`, class: cls, tabindex: 0, 'data-index': l.index, ...(selected ? { 'aria-current': 'true' } : {}) },
    h('td', { class: 'tp-num' }, String(l.index + 1)),
    h(
      'td',
      { class: 'tp-layer-name', title: l.otherName ? `${l.name} ↔ ${l.otherName}` : l.name },
      l.name,
      first ? h('span', { class: 'tp-first-tag' }, ' ' + l10n.t('first divergent')) : undefined,
      l.weightsChanged ? h('span', { class: 'tp-hint' }, ' · ' + l10n.t('weights changed: {0}', l.weightsChanged.join(', '))) : undefined,
    ),
    h('td', {}, l.op),
    h('td', { class: 'tp-mono' }, `[${l.shape.join(',')}]`),
    h('td', { class: 'tp-num' }, l.shapeMismatch ? l10n.t('shape differs') : fmt(l.maxAbs)),
    h('td', { class: 'tp-num' }, l.shapeMismatch ? '' : fmt(l.relErr)),
    h('td', {}, spark),
  );
  row.addEventListener('click', () => select(l.index));
  row.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      select(l.index);
    }
  });
  return row;
}

/** The selected layer: its verdict, heatmaps and the weights it reads. */
export function renderLayerDetail(d: ModelsLayerDetail | undefined, p: ModelsPayload): HTMLElement {
  const section = h('section', { id: 'tp-models-detail', class: 'tp-card', 'aria-live': 'polite' });
  if (!d) {
    append(
      section,
      h('h2', {}, l10n.t('Layer detail')),
      h('p', { class: 'tp-hint' }, p.layers.length ? l10n.t('Click a layer to see its error heatmap and weights.') : l10n.t('No layer to show.')),
    );
    return section;
  }
  const l = p.layers[d.index];
  append(
    section,
    h('h2', { id: 'tp-models-detail-heading' }, `#${d.index + 1} ${d.name}${l ? ` (${l.op})` : ''}`),
    h('p', { class: 'tp-verdict-message' }, d.message),
  );
  if (d.heatmaps) {
    const hm = renderHeatmaps(d.heatmaps);
    hm.mark(undefined, l10n.t("{0} of the layer's channels shown; brighter = larger |a−b|.", d.heatmaps.channels));
    append(section, hm.section);
  }
  append(
    section,
    renderWeights(
      d.weights,
      'tp-models-detail-weights',
      d.weights.length ? l10n.t('Weights this layer reads ({0})', d.weights.length) : l10n.t('This layer reads no weights.'),
    ),
  );
  return section;
}

/** A weight's status in the reader's language (the protocol's value stays in `data-status`). */
function weightStatus(status: ModelsWeightRow['status']): string {
  const words: Record<ModelsWeightRow['status'], string> = {
    identical: l10n.t('identical'),
    changed: l10n.t('changed'),
    added: l10n.t('added'),
    removed: l10n.t('removed'),
    reshaped: l10n.t('reshaped'),
  };
  return words[status];
}

/** A weights table (status, shape, max |Δ|, relative change). */
export function renderWeights(rows: ModelsWeightRow[], id: string, heading: string): HTMLElement {
  if (rows.length === 0) return h('p', { id, class: 'tp-hint' }, heading);
  return h(
    'div',
    { id },
    h('h3', {}, heading),
    h(
      'table',
      { class: 'tp-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, l10n.t('weight')),
          h('th', {}, l10n.t('status')),
          h('th', {}, l10n.t('shape')),
          h('th', { class: 'tp-num' }, l10n.t('max |Δ|')),
          h('th', { class: 'tp-num' }, l10n.t('rel. change')),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((w) =>
          h(
            'tr',
            { class: `tp-weight-${w.status}` },
            h(
              'td',
              { class: 'tp-layer-name' },
              w.otherName ? `${w.name} ↔ ${w.otherName}` : w.name,
              w.storage ? h('span', { class: 'tp-hint' }, ` · ${w.storage}`) : undefined,
            ),
            h('td', { 'data-status': w.status }, weightStatus(w.status)),
            h('td', { class: 'tp-mono' }, `[${w.shape.join(',')}]`),
            h('td', { class: 'tp-num' }, w.maxAbs === undefined ? '' : fmt(w.maxAbs)),
            h('td', { class: 'tp-num' }, w.relChange === undefined ? '' : `${fmt(w.relChange * 100)}%`),
          ),
        ),
      ),
    ),
  );
}

/** Weights summary with the changed tensors, and the architecture differences. */
export function renderModelSide(p: ModelsPayload): HTMLElement {
  return h(
    'section',
    { id: 'tp-models-structure', class: 'tp-card' },
    h('h2', {}, l10n.t('Weights')),
    h('p', { id: 'tp-models-weights-summary' }, p.weightsSummary ?? l10n.t('Not compared (see the notes).')),
    p.weights.length ? renderWeights(p.weights, 'tp-models-weights', l10n.t('Tensors that differ ({0})', p.weights.length)) : undefined,
    h('h2', {}, l10n.t('Architecture')),
    h(
      'ul',
      { id: 'tp-models-architecture', class: 'tp-notes' },
      ...(p.architecture.length ? p.architecture : [l10n.t('Graphs not compared one by one; the input and output signatures match.')]).map((s) =>
        h('li', {}, s),
      ),
    ),
  );
}
