// Pieces of the tensor viewer: header, statistics, histogram, slice controls, slice image with probe, value grid,
// and the rank-0/1 views. Each returns elements; the entry (tensor-panel.ts) decides what to show.

import * as l10n from '@vscode/l10n';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { TensorOverview, TensorSliceView, TensorVectorView } from '../../src/protocol';
import { append, h } from './dom';
import { barChart, ColormapName, colorbar, colorRange, envelopePlot, fmt, fmtCount, paintValues } from './heatmap';

function fmtBytes(n: number): string {
  const units = ['', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? l10n.t('{0} bytes', fmtCount(n)) : `${v.toFixed(1)} ${units[u]}`;
}

/** The header: dtype, shape, byte order, memory order, format, size. */
export function renderHeader(o: TensorOverview): HTMLElement {
  const dl = h('dl', { id: 'tp-header', class: 'tp-details' });
  const row = (term: string, id: string, value: string): void => append(dl, h('dt', {}, term), h('dd', { id }, value));
  row(l10n.t('Shape'), 'tp-shape', `[${o.shape.join(', ')}]`);
  row(l10n.t('Dtype'), 'tp-dtype', o.dtype);
  row(l10n.t('Byte order'), 'tp-byte-order', o.byteOrder === 'none' ? l10n.t('not applicable (1-byte values)') : l10n.t('{0}-endian', o.byteOrder));
  row(l10n.t('Memory order'), 'tp-order', o.fortranOrder ? l10n.t('Fortran (column-major; shown in C order)') : l10n.t('C (row-major)'));
  row(
    l10n.t('Format'),
    'tp-format',
    o.format === 'raw' ? (o.layoutFrom ? l10n.t('raw dump (layout from {0})', o.layoutFrom) : l10n.t('raw dump')) : `.${o.format}`,
  );
  row(l10n.t('Values'), 'tp-count', l10n.t('{0} ({1} on disk)', fmtCount(o.shape.reduce((a, b) => a * b, 1)), fmtBytes(o.fileBytes)));
  if (o.guessedLayout) row(l10n.t('Looks like'), 'tp-guessed-layout', l10n.t('{0} image', o.guessedLayout));
  return dl;
}

/** The statistics list and histogram (or a "computing" line). */
export function renderStats(o: TensorOverview): HTMLElement {
  const box = h(
    'section',
    { id: 'tp-stats-section', class: 'tp-card', 'aria-labelledby': 'tp-stats-heading' },
    h('h2', { id: 'tp-stats-heading' }, l10n.t('Statistics')),
  );
  const s = o.stats;
  if (!s) {
    append(box, h('p', { id: 'tp-stats-pending', class: 'tp-hint', role: 'status' }, l10n.t('Computing statistics over every value…')));
    return box;
  }
  const dl = h('dl', { id: 'tp-stats', class: 'tp-details tp-stats' });
  const row = (term: string, key: string, value: string): void => append(dl, h('dt', {}, term), h('dd', { id: `tp-stat-${key}` }, value));
  row(l10n.t('min'), 'min', fmt(s.min));
  row(l10n.t('max'), 'max', fmt(s.max));
  row(l10n.t('mean'), 'mean', fmt(s.mean));
  row(l10n.t('std'), 'std', fmt(s.std));
  row(l10n.t('zeros'), 'zeros', fmtCount(s.zeros));
  row('NaN', 'nan', fmtCount(s.nan));
  row('±inf', 'inf', `${fmtCount(s.posInf)} / ${fmtCount(s.negInf)}`);
  append(box, dl);
  if (s.finite === 0) {
    const what =
      s.count === 0
        ? l10n.t('The tensor is empty (a dimension is 0).')
        : l10n.t(
            'All {0} values are NaN or infinite: there is no finite value to plot. A NaN-only dump usually means the code wrote it before computing it, or divided 0 by 0.',
            fmtCount(s.count),
          );
    append(box, h('p', { id: 'tp-no-finite', class: 'tp-message tp-warning', role: 'note' }, what));
  } else if (o.histogram) {
    const hg = o.histogram;
    const bw = (hg.hi - hg.lo) / Math.max(1, hg.counts.length);
    const titles = hg.counts.map((c, i) => `[${fmt(hg.lo + i * bw)}, ${fmt(hg.lo + (i + 1) * bw)}): ${fmtCount(c)}`);
    append(
      box,
      h(
        'figure',
        { class: 'tp-figure' },
        barChart(
          'tp-histogram',
          hg.counts,
          titles,
          l10n.t('Histogram of the {0} finite values from {1} to {2} (log-scaled bar heights)', fmtCount(s.finite), fmt(hg.lo), fmt(hg.hi)),
        ),
        h(
          'figcaption',
          { class: 'tp-axis-labels' },
          h('span', {}, fmt(hg.lo)),
          h('span', {}, l10n.t('value (bar height: log count)')),
          h('span', {}, fmt(hg.hi)),
        ),
      ),
    );
  }
  return box;
}

/** A select of the .npz members. */
export function renderMemberPicker(o: TensorOverview, onPick: (member: string) => void): HTMLElement {
  const select = h('vscode-single-select', { id: 'tp-member', 'aria-label': l10n.t('Array in this .npz archive') });
  for (const m of o.members) append(select, h('vscode-option', { value: m, selected: m === o.member }, m));
  select.addEventListener('change', () => {
    const v = (select as HTMLElement & { value: string }).value;
    if (v && v !== o.member) onPick(v);
  });
  return h(
    'div',
    { class: 'tp-control-row' },
    h('label', { for: 'tp-member', class: 'tp-control-label' }, l10n.t('Array ({0} in archive)', o.members.length)),
    select,
  );
}

/** Per-axis index of a value under the probe, as text like "[0, 12, 40, :]". */
export function indexText(slice: TensorSliceView, y: number, x: number): string {
  const r = slice.request;
  return `[${r.fixed.map((v, k) => (k === r.rowAxis ? y * slice.strideY : k === r.colAxis ? x * slice.strideX : k === r.rgbAxis ? ':' : v)).join(', ')}]`;
}

/** The value(s) at a displayed pixel, as text. */
export function valueText(slice: TensorSliceView, values: Float32Array, y: number, x: number): string {
  const o = (y * slice.width + x) * slice.channels;
  const vs: string[] = [];
  for (let c = 0; c < slice.channels; c++) vs.push(fmt(values[o + c]));
  return vs.length === 1 ? vs[0] : `(${vs.join(', ')})`;
}

/** The slice image with colour scale, a probe line (mouse or arrow keys), and what part of the tensor it shows. */
export function renderSliceImage(slice: TensorSliceView, cmap: ColormapName): HTMLElement {
  const values = new Float32Array(slice.values);
  const canvas = h('canvas', {
    id: 'tp-slice-canvas',
    class: 'tp-slice-canvas',
    tabindex: 0,
    role: 'img',
    'aria-label': l10n.t('Slice {0} as an image; use the arrow keys to read values', indexText(slice, 0, 0).replace(/\b0\b/g, '…')),
    'data-width': slice.width,
    'data-height': slice.height,
    'data-channels': slice.channels,
  });
  const [lo, hi] = slice.channels === 1 ? colorRange(slice.min, slice.max, cmap) : colorRange(slice.min, slice.max, 'gray');
  paintValues(canvas, values, slice.width, slice.height, slice.channels, lo, hi, cmap);
  const zoom = Math.max(1, Math.floor(448 / Math.max(slice.width, slice.height, 1)));
  canvas.style.width = `${slice.width * zoom}px`;
  canvas.dataset.painted = 'true';
  const probe = h(
    'p',
    { id: 'tp-probe', class: 'tp-probe', 'aria-live': 'polite' },
    l10n.t('Point at the image (or focus it and use the arrow keys) to read a value.'),
  );
  let cx = 0;
  let cy = 0;
  const show = (x: number, y: number): void => {
    cx = Math.max(0, Math.min(slice.width - 1, x));
    cy = Math.max(0, Math.min(slice.height - 1, y));
    probe.textContent = `${indexText(slice, cy, cx)} = ${valueText(slice, values, cy, cx)}`;
  };
  canvas.addEventListener('mousemove', (ev: MouseEvent) => {
    const r = canvas.getBoundingClientRect();
    show(Math.floor(((ev.clientX - r.left) / r.width) * slice.width), Math.floor(((ev.clientY - r.top) / r.height) * slice.height));
  });
  canvas.addEventListener('keydown', (ev: KeyboardEvent) => {
    const step = ev.shiftKey ? 8 : 1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const m = moves[ev.key];
    if (!m) return;
    ev.preventDefault();
    show(cx + m[0], cy + m[1]);
  });
  const sampled = slice.strideX > 1 || slice.strideY > 1;
  const info = h(
    'p',
    { id: 'tp-slice-info', class: 'tp-hint' },
    `${slice.srcHeight} × ${slice.srcWidth}` +
      (sampled
        ? ', ' +
          l10n.t(
            'shown every {0}th value ({1} × {2})',
            slice.strideY === slice.strideX ? String(slice.strideY) : `${slice.strideY}×${slice.strideX}`,
            slice.height,
            slice.width,
          )
        : '') +
      (slice.channels > 1 ? ', ' + l10n.t('{0} channels as colour', slice.channels) : '') +
      (Number.isNaN(slice.min) ? '; ' + l10n.t('no finite value in this slice (NaN shows magenta)') : ''),
  );
  const label = slice.channels > 1 ? l10n.t('value (each channel)') : l10n.t('value');
  return h(
    'div',
    { class: 'tp-slice' },
    h('div', { class: 'tp-stage' }, canvas),
    colorbar('tp-colorbar', slice.channels > 1 ? 'gray' : cmap, lo, hi, label),
    probe,
    info,
  );
}

/** A rank-0 tensor's value, or a rank-1 tensor as a line plot and an indexed list. */
export function renderVector(v: TensorVectorView, rank: number): HTMLElement {
  const values = new Float64Array(v.values);
  if (rank === 0) {
    return h(
      'section',
      { class: 'tp-card' },
      h('h2', {}, l10n.t('Value')),
      h('p', { id: 'tp-scalar', class: 'tp-scalar' }, values.length > 0 ? fmt(values[0]) : l10n.t('(none)')),
      h('p', { class: 'tp-hint' }, l10n.t('A rank-0 (scalar) tensor holds a single value.')),
    );
  }
  const box = h('section', { class: 'tp-card' }, h('h2', {}, l10n.t('All {0} values', fmtCount(v.length))));
  if (v.length > 1) {
    append(
      box,
      envelopePlot(
        'tp-line-plot',
        new Float64Array(v.mins),
        new Float64Array(v.maxs),
        v.buckets < v.length
          ? l10n.t('Line plot of the {0} values (min and max of {1} groups)', fmtCount(v.length), v.buckets)
          : l10n.t('Line plot of the {0} values', fmtCount(v.length)),
      ),
    );
  }
  const list = h('ol', { id: 'tp-values', class: 'tp-values', start: 0, tabindex: 0, 'aria-label': l10n.t('Values by index') });
  values.forEach((x, i) => append(list, h('li', { value: i }, h('span', { class: 'tp-index' }, `[${i}]`), ` ${fmt(x)}`)));
  append(box, list);
  if (values.length < v.length)
    append(box, h('p', { class: 'tp-hint' }, l10n.t('Listing the first {0} of {1} values.', fmtCount(values.length), fmtCount(v.length))));
  return box;
}
