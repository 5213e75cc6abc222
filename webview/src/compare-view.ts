// Sections of the diff panel: verdict badge, metrics table, error histogram, per-channel heatmaps with a location
// marker, worst-elements table, diagnosis cards. Each returns elements; compare-panel.ts wires them together.

import * as l10n from '@vscode/l10n';
import type { CompareCauseView, CompareDiagnosisView, CompareHeatmaps, CompareModelsView, ComparePayload, CompareWorstRow } from '../../src/protocol';
import { modelSummary, renderModelSide, type ModelsSideActions } from './compare-models';
import { append, h } from './dom';
import { barChart, colorbar, fmt, fmtCount, paintValues } from './heatmap';

/** Callbacks of the rendered sections. */
export interface DiffActions extends ModelsSideActions {
  highlight(row: CompareWorstRow, rowIndex: number): void;
  openSpecField(cause: number): void;
  openSource(cause: number): void;
  searchCode(cause: number): void;
  diagnoseWithImage(): void;
}

/** The pass/fail badge with the tolerance semantics that decided it. */
export function renderVerdict(p: ComparePayload): HTMLElement {
  const v = p.verdict;
  const state = !p.comparable ? 'incomparable' : v.pass ? 'pass' : 'fail';
  const label = !p.comparable ? l10n.t('CANNOT COMPARE') : v.pass ? l10n.t('PASS') : l10n.t('FAIL');
  const semantics =
    v.mode === 'both'
      ? l10n.t('Polygraphy "both": an element fails only when |a−b| > atol AND |a−b|/|b| > rtol')
      : l10n.t('numpy allclose: an element passes when |a−b| ≤ atol + rtol·|b|');
  return h(
    'section',
    { id: 'tp-verdict-section', class: `tp-card tp-verdict-card tp-verdict-${state}`, 'aria-labelledby': 'tp-verdict' },
    h(
      'div',
      { class: 'tp-verdict-row' },
      h(
        'span',
        {
          id: 'tp-verdict',
          class: `tp-verdict tp-verdict-badge-${state}`,
          role: 'status',
          'data-pass': String(v.pass && p.comparable),
          'data-mode': v.mode,
        },
        label,
      ),
      h(
        'span',
        { id: 'tp-verdict-mode', class: 'tp-verdict-mode' },
        l10n.t('{0} · atol {1} · rtol {2} · from {3}', v.mode === 'both' ? 'both' : 'allclose', fmt(v.atol), fmt(v.rtol), v.toleranceFrom),
      ),
    ),
    p.comparable ? h('p', { id: 'tp-verdict-message', class: 'tp-verdict-message' }, v.message) : undefined,
    p.comparable
      ? h(
          'p',
          { class: 'tp-hint' },
          semantics + (v.failures !== v.failuresOtherMode ? '. ' + l10n.t('Under the other semantics {0} elements fail.', fmtCount(v.failuresOtherMode)) : '.'),
        )
      : undefined,
    p.alignment
      ? h(
          'p',
          { id: 'tp-alignment', class: p.comparable ? 'tp-hint' : 'tp-message tp-error' },
          p.comparable ? l10n.t('Shapes: {0}.', p.alignment) : p.alignment,
        )
      : undefined,
  );
}

/** The metrics table. */
export function renderMetrics(p: ComparePayload): HTMLElement {
  const body = h('tbody');
  for (const m of p.metrics) {
    append(
      body,
      h('tr', { 'data-metric': m.id }, h('th', { scope: 'row' }, m.label), h('td', { class: 'tp-mono' }, m.value), h('td', { class: 'tp-hint' }, m.hint ?? '')),
    );
  }
  return h(
    'section',
    { class: 'tp-card', 'aria-labelledby': 'tp-metrics-heading' },
    h('h2', { id: 'tp-metrics-heading' }, l10n.t('Metrics')),
    h(
      'table',
      { id: 'tp-metrics', class: 'tp-table' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, l10n.t('Metric')), h('th', { scope: 'col' }, l10n.t('Value')), h('th', { scope: 'col' }, l10n.t('Note'))),
      ),
      body,
    ),
  );
}

function decade(v: number): string {
  if (v === 0) return '0';
  const e = Math.round(Math.log10(v));
  return Math.abs(Math.log10(v) - e) < 1e-6 ? `1e${e}` : fmt(v);
}

/** The log-binned |a−b| histogram; bins at or above atol are drawn hot. */
export function renderHistogram(p: ComparePayload): HTMLElement | undefined {
  const bins = p.histogram;
  if (bins.length === 0) return undefined;
  const counts = bins.map((b) => b.count);
  const titles = bins.map((b) => (b.hi === 0 ? l10n.t('exactly 0: {0}', fmtCount(b.count)) : `[${decade(b.lo)}, ${decade(b.hi)}): ${fmtCount(b.count)}`));
  const total = counts.reduce((x, y) => x + y, 0);
  const chart = barChart(
    'tp-histogram',
    counts,
    titles,
    l10n.t('Histogram of |a−b| over {0} finite pairs in {1} decade bins; bars at or above atol {2} are red', fmtCount(total), bins.length, fmt(p.verdict.atol)),
    (i) => bins[i].hi !== 0 && bins[i].lo >= p.verdict.atol,
  );
  const first = bins[0];
  const last = bins[bins.length - 1];
  return h(
    'section',
    { class: 'tp-card', 'aria-labelledby': 'tp-hist-heading' },
    h('h2', { id: 'tp-hist-heading' }, l10n.t('Error histogram |a−b| (log bins)')),
    h(
      'figure',
      { class: 'tp-figure' },
      chart,
      h(
        'figcaption',
        { class: 'tp-axis-labels' },
        h('span', {}, first.hi === 0 ? '0' : decade(first.lo)),
        h('span', {}, l10n.t('bar height: log count')),
        h('span', {}, decade(last.hi)),
      ),
    ),
  );
}

/** Where a worst element sits in the heatmaps: channel, map row/column, and the source row/column. */
export function locate(m: CompareHeatmaps, index: readonly number[]): { channel: number; y: number; x: number; row: number; col: number } | undefined {
  if (m.axes.h < 0 || m.axes.w < 0 || index.length !== m.shape.length) return undefined;
  const row = index[m.axes.h];
  const col = index[m.axes.w];
  const channel = m.axes.c >= 0 ? index[m.axes.c] : 0;
  if (channel >= m.channels) return undefined;
  return { channel, row, col, y: Math.floor(row / m.block), x: Math.floor(col / m.block) };
}

/** One canvas per channel with a shared colour scale; returns the section and a function that marks a location. */
export function renderHeatmaps(m: CompareHeatmaps): { section: HTMLElement; mark: (loc: ReturnType<typeof locate>, text: string) => void } {
  const all = new Float32Array(m.maps);
  const plane = m.width * m.height;
  const hi = m.maxAbs > 0 ? m.maxAbs : 1;
  const grid = h('div', { id: 'tp-heatmaps', class: 'tp-heatmap-grid' });
  const marker = h('span', { id: 'tp-heat-marker', class: 'tp-heat-marker', hidden: true, 'aria-hidden': 'true' });
  const stages: HTMLElement[] = [];
  for (let c = 0; c < m.channels; c++) {
    const canvas = h('canvas', {
      id: `tp-heatmap-${c}`,
      class: 'tp-heatmap-canvas',
      role: 'img',
      'aria-label': l10n.t('Largest |a−b| per pixel of channel {0}', c),
    });
    paintValues(canvas, all.subarray(c * plane, (c + 1) * plane), m.width, m.height, 1, 0, hi, 'inferno');
    canvas.style.aspectRatio = `${m.width} / ${m.height}`;
    const row = m.channelRows.find((r) => r.channel === c);
    const stage = h('div', { class: 'tp-stage tp-heat-stage' }, canvas);
    stages.push(stage);
    append(
      grid,
      h(
        'figure',
        { class: 'tp-heat-figure', 'data-channel': c },
        stage,
        h(
          'figcaption',
          {},
          m.axes.c >= 0 ? l10n.t('channel {0}', c) : m.layout,
          row
            ? h('span', { class: 'tp-hint' }, ' · ' + l10n.t('max {0} · mean {1} · {2} fail', fmt(row.maxAbs), fmt(row.meanAbs), fmtCount(row.failures)))
            : undefined,
        ),
      ),
    );
  }
  const where = h('p', { id: 'tp-heat-location', class: 'tp-probe', 'aria-live': 'polite' }, l10n.t('Pick a row in "Worst elements" to mark it here.'));
  const section = h(
    'section',
    { id: 'tp-heatmap-section', class: 'tp-card', 'aria-labelledby': 'tp-heat-heading' },
    h(
      'h2',
      { id: 'tp-heat-heading' },
      m.block > 1 ? l10n.t('Error heatmaps ({0}, each pixel the max of {1}×{1})', m.layout, m.block) : l10n.t('Error heatmaps ({0})', m.layout),
    ),
    grid,
    colorbar('tp-heatmap-scale', 'inferno', 0, hi, l10n.t('|a−b| (magenta: NaN)')),
    where,
  );
  const mark = (loc: ReturnType<typeof locate>, text: string): void => {
    where.textContent = text;
    if (!loc) {
      marker.hidden = true;
      return;
    }
    const stage = stages[loc.channel];
    stage.appendChild(marker);
    marker.hidden = false;
    marker.style.left = `${((loc.x + 0.5) / m.width) * 100}%`;
    marker.style.top = `${((loc.y + 0.5) / m.height) * 100}%`;
    marker.dataset.channel = String(loc.channel);
    marker.dataset.row = String(loc.row);
    marker.dataset.col = String(loc.col);
    stage.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };
  return { section, mark };
}

/** The worst-elements table; each row is a button-like row that marks its location. */
export function renderWorst(p: ComparePayload, actions: DiffActions): HTMLElement | undefined {
  if (p.worst.length === 0) return undefined;
  const body = h('tbody');
  p.worst.forEach((w, i) => {
    const moved = w.aIndex.join() !== w.index.join();
    const tr = h(
      'tr',
      {
        id: `tp-worst-${i}`,
        class: 'tp-worst-row',
        tabindex: 0,
        'data-index': `[${w.index.join(', ')}]`,
        'aria-label': l10n.t('Element [{0}]: mark it in the heatmaps', w.index.join(', ')),
      },
      h('td', { class: 'tp-num' }, String(i + 1)),
      h('td', { class: 'tp-mono' }, `[${w.index.join(', ')}]`, moved ? h('span', { class: 'tp-hint' }, ` (a[${w.aIndex.join(', ')}])`) : undefined),
      h('td', { class: 'tp-num tp-mono' }, fmt(w.a)),
      h('td', { class: 'tp-num tp-mono' }, fmt(w.b)),
      h('td', { class: 'tp-num tp-mono' }, fmt(w.abs)),
      // A reference of about 0 makes |a−b| / |b| meaningless (1e+9 and up): say why instead of printing it.
      w.rel > 1e4
        ? h('td', { class: 'tp-num tp-hint', title: l10n.t('|a−b| / |b| = {0}: the reference is about 0 here', fmt(w.rel)) }, 'b ≈ 0')
        : h('td', { class: 'tp-num tp-mono' }, fmt(w.rel)),
    );
    const go = (): void => actions.highlight(w, i);
    tr.addEventListener('click', go);
    tr.addEventListener('keydown', (ev: KeyboardEvent) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        go();
      }
      const step = ev.key === 'ArrowDown' ? 1 : ev.key === 'ArrowUp' ? -1 : 0;
      if (step) {
        ev.preventDefault();
        document.getElementById(`tp-worst-${i + step}`)?.focus();
      }
    });
    append(body, tr);
  });
  return h(
    'section',
    { class: 'tp-card', 'aria-labelledby': 'tp-worst-heading' },
    h('h2', { id: 'tp-worst-heading' }, l10n.t('Worst {0} elements', p.worst.length)),
    h(
      'table',
      { id: 'tp-worst', class: 'tp-table' },
      h('caption', {}, l10n.t('Click a row (or press Enter on it) to mark the element in the heatmaps.')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['#', l10n.t('index (reference shape)'), l10n.t('a (dump)'), l10n.t('b (reference)'), '|a−b|', l10n.t('relative')].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      body,
    ),
  );
}

function cardButton(id: string, label: string, onClick: () => void): HTMLElement {
  const b = h('vscode-button', { id, secondary: true }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** One diagnosis card: title, how much it explains, evidence, the code fix, the spec change, and its buttons. */
function causeCard(c: CompareCauseView, i: number, actions: DiffActions): HTMLElement {
  const pct = Math.round(100 * Math.max(0, Math.min(1, c.explained)));
  const bar = h('span', { class: 'tp-explained-bar', 'aria-hidden': 'true' });
  bar.style.setProperty('--tp-explained', `${pct}%`);
  const buttons = h('div', { class: 'tp-actions' });
  if (c.specPath)
    append(
      buttons,
      cardButton(`tp-cause-${i}-spec`, l10n.t('Open tensorparity.json at {0}', c.specPath), () => actions.openSpecField(i)),
    );
  if (c.source)
    append(
      buttons,
      cardButton(`tp-cause-${i}-source`, l10n.t('Open {0}:{1}', c.source.file.split(/[\\/]/).pop() ?? '', c.source.line + 1), () => actions.openSource(i)),
    );
  if (!c.source && c.search)
    append(
      buttons,
      cardButton(`tp-cause-${i}-search`, l10n.t('Search the workspace for {0}', c.search.words), () => actions.searchCode(i)),
    );
  return h(
    'article',
    { id: `tp-cause-${i}`, class: 'tp-cause', 'data-cause': c.id, 'aria-labelledby': `tp-cause-${i}-title` },
    h('h3', { id: `tp-cause-${i}-title` }, c.title),
    h(
      'p',
      { class: 'tp-explained' },
      bar,
      h('span', {}, l10n.t('explains {0}% of the error', pct)),
      c.stage ? h('span', { class: 'tp-hint' }, ' · ' + l10n.t('diverges at the {0} stage', c.stage)) : undefined,
    ),
    h('p', { class: 'tp-evidence' }, h('strong', {}, l10n.t('Evidence:') + ' '), c.evidence),
    h('p', { class: 'tp-fix' }, h('strong', {}, l10n.t('Fix in code:') + ' '), c.fix),
    c.specPath
      ? h(
          'p',
          { class: 'tp-spec-change' },
          h('strong', {}, l10n.t('Or, if the dump is right:') + ' '),
          l10n.t('set {0} to {1} in tensorparity.json', c.specPath, c.specValue ?? '…'),
        )
      : undefined,
    c.source ? h('p', { class: 'tp-hint' }, l10n.t('Linter: {0}', c.source.message)) : undefined,
    buttons.childElementCount > 0 ? buttons : undefined,
  );
}

/** The diagnosis: status, summary, stage trace, cards, notes. */
export function renderDiagnosis(d: CompareDiagnosisView | undefined, message: string, actions: DiffActions, models?: CompareModelsView): HTMLElement {
  const explained = d ? modelSummary(models) : undefined;
  const box = h(
    'section',
    {
      id: 'tp-diagnosis',
      class: 'tp-card',
      'aria-labelledby': 'tp-diagnosis-heading',
      'data-status': explained ? 'model-explained' : (d?.status ?? 'none'),
    },
    h('h2', { id: 'tp-diagnosis-heading' }, l10n.t('Diagnosis')),
  );
  if (!d) {
    append(box, h('p', { id: 'tp-diagnosis-summary', class: 'tp-hint' }, message));
    return box;
  }
  // Once the model comparison explains the difference, the diagnosis is no longer "unexplained": say what did.
  append(box, h('p', { id: 'tp-diagnosis-summary', class: 'tp-summary' }, explained ?? d.summary));
  if (d.stages) append(box, h('p', { id: 'tp-stage-trace', class: 'tp-hint' }, d.stages));
  const cards = h('div', { id: 'tp-causes', class: 'tp-causes' });
  d.causes.forEach((c, i) => append(cards, causeCard(c, i, actions)));
  if (d.causes.length > 0) append(box, cards);
  if (d.offerImage) {
    const b = cardButton('tp-diagnose-image', l10n.t('Diagnose against an image…'), () => actions.diagnoseWithImage());
    append(
      box,
      h(
        'div',
        { class: 'tp-actions' },
        h(
          'span',
          { class: 'tp-hint' },
          l10n.t('Only the tensors were compared. With the image the reference was made from, the resize, fit, EXIF and alpha causes are tested too.') + ' ',
        ),
        b,
      ),
    );
  }
  const side = renderModelSide(d, models, actions);
  if (side) append(box, side);
  if (d.notes.length > 0) append(box, h('ul', { class: 'tp-notes' }, ...d.notes.map((n) => h('li', { class: 'tp-hint' }, n))));
  return box;
}
