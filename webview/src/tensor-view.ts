// Pieces of the tensor viewer: header, statistics, histogram, slice controls, slice image with probe, value grid,
// and the rank-0/1 views. Each returns elements; the entry (tensor-panel.ts) decides what to show.

import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { TensorOverview, TensorSliceView, TensorVectorView } from '../../src/protocol';
import { append, h } from './dom';
import { barChart, ColormapName, colorbar, colorRange, envelopePlot, fmt, fmtCount, paintValues } from './heatmap';

function fmtBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${fmtCount(n)} bytes` : `${v.toFixed(1)} ${units[u]}`;
}

/** The header: dtype, shape, byte order, memory order, format, size. */
export function renderHeader(o: TensorOverview): HTMLElement {
  const dl = h('dl', { id: 'tp-header', class: 'tp-details' });
  const row = (term: string, id: string, value: string): void => append(dl, h('dt', {}, term), h('dd', { id }, value));
  row('Shape', 'tp-shape', `[${o.shape.join(', ')}]`);
  row('Dtype', 'tp-dtype', o.dtype);
  row('Byte order', 'tp-byte-order', o.byteOrder === 'none' ? 'not applicable (1-byte values)' : `${o.byteOrder}-endian`);
  row('Memory order', 'tp-order', o.fortranOrder ? 'Fortran (column-major; shown in C order)' : 'C (row-major)');
  row('Format', 'tp-format', o.format === 'raw' ? `raw dump${o.layoutFrom ? ` (layout from ${o.layoutFrom})` : ''}` : `.${o.format}`);
  row('Values', 'tp-count', `${fmtCount(o.shape.reduce((a, b) => a * b, 1))} (${fmtBytes(o.fileBytes)} on disk)`);
  if (o.guessedLayout) row('Looks like', 'tp-guessed-layout', `${o.guessedLayout} image`);
  return dl;
}

/** The statistics list and histogram (or a "computing" line). */
export function renderStats(o: TensorOverview): HTMLElement {
  const box = h(
    'section',
    { id: 'tp-stats-section', class: 'tp-card', 'aria-labelledby': 'tp-stats-heading' },
    h('h2', { id: 'tp-stats-heading' }, 'Statistics'),
  );
  const s = o.stats;
  if (!s) {
    append(box, h('p', { id: 'tp-stats-pending', class: 'tp-hint', role: 'status' }, 'Computing statistics over every value…'));
    return box;
  }
  const dl = h('dl', { id: 'tp-stats', class: 'tp-details tp-stats' });
  const row = (term: string, key: string, value: string): void => append(dl, h('dt', {}, term), h('dd', { id: `tp-stat-${key}` }, value));
  row('min', 'min', fmt(s.min));
  row('max', 'max', fmt(s.max));
  row('mean', 'mean', fmt(s.mean));
  row('std', 'std', fmt(s.std));
  row('zeros', 'zeros', fmtCount(s.zeros));
  row('NaN', 'nan', fmtCount(s.nan));
  row('±inf', 'inf', `${fmtCount(s.posInf)} / ${fmtCount(s.negInf)}`);
  append(box, dl);
  if (s.finite === 0) {
    const what =
      s.count === 0
        ? 'The tensor is empty (a dimension is 0).'
        : `All ${fmtCount(s.count)} values are NaN or infinite: there is no finite value to plot. A NaN-only dump usually means the code wrote it before computing it, or divided 0 by 0.`;
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
          `Histogram of the ${fmtCount(s.finite)} finite values from ${fmt(hg.lo)} to ${fmt(hg.hi)} (log-scaled bar heights)`,
        ),
        h('figcaption', { class: 'tp-axis-labels' }, h('span', {}, fmt(hg.lo)), h('span', {}, 'value (bar height: log count)'), h('span', {}, fmt(hg.hi))),
      ),
    );
  }
  return box;
}

/** A select of the .npz members. */
export function renderMemberPicker(o: TensorOverview, onPick: (member: string) => void): HTMLElement {
  const select = h('vscode-single-select', { id: 'tp-member', 'aria-label': 'Array in this .npz archive' });
  for (const m of o.members) append(select, h('vscode-option', { value: m, selected: m === o.member }, m));
  select.addEventListener('change', () => {
    const v = (select as HTMLElement & { value: string }).value;
    if (v && v !== o.member) onPick(v);
  });
  return h('div', { class: 'tp-control-row' }, h('label', { for: 'tp-member', class: 'tp-control-label' }, `Array (${o.members.length} in archive)`), select);
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
    'aria-label': `Slice ${indexText(slice, 0, 0).replace(/\b0\b/g, '…')} as an image; use the arrow keys to read values`,
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
    'Point at the image (or focus it and use the arrow keys) to read a value.',
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
        ? `, shown every ${slice.strideY === slice.strideX ? slice.strideY : `${slice.strideY}×${slice.strideX}`}th value (${slice.height} × ${slice.width})`
        : '') +
      (slice.channels > 1 ? `, ${slice.channels} channels as colour` : '') +
      (Number.isNaN(slice.min) ? '; no finite value in this slice (NaN shows magenta)' : ''),
  );
  const label = slice.channels > 1 ? 'value (each channel)' : 'value';
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
      h('h2', {}, 'Value'),
      h('p', { id: 'tp-scalar', class: 'tp-scalar' }, values.length > 0 ? fmt(values[0]) : '(none)'),
      h('p', { class: 'tp-hint' }, 'A rank-0 (scalar) tensor holds a single value.'),
    );
  }
  const box = h('section', { class: 'tp-card' }, h('h2', {}, `All ${fmtCount(v.length)} values`));
  if (v.length > 1) {
    append(
      box,
      envelopePlot(
        'tp-line-plot',
        new Float64Array(v.mins),
        new Float64Array(v.maxs),
        `Line plot of the ${fmtCount(v.length)} values${v.buckets < v.length ? ` (min and max of ${v.buckets} groups)` : ''}`,
      ),
    );
  }
  const list = h('ol', { id: 'tp-values', class: 'tp-values', start: 0, tabindex: 0, 'aria-label': 'Values by index' });
  values.forEach((x, i) => append(list, h('li', { value: i }, h('span', { class: 'tp-index' }, `[${i}]`), ` ${fmt(x)}`)));
  append(box, list);
  if (values.length < v.length) append(box, h('p', { class: 'tp-hint' }, `Listing the first ${fmtCount(values.length)} of ${fmtCount(v.length)} values.`));
  return box;
}
