// Entry of the tensor viewer (custom editor): header, statistics, slice image with layout/channel/colormap/index
// controls, value grid; rank 0/1 as value/list. The host computes; this page only draws what it receives.

import * as l10n from '@vscode/l10n';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import baseCss from './base.css';
import css from './tensor.css';
import sharedCss from './heatmap.css';
import {
  checkSliceRequest,
  parseTensorInitialState,
  planeAxes,
  TensorHostMessage,
  TensorOverview,
  TensorSliceRequest,
  TensorSliceView,
  TensorVectorView,
  TensorWebviewMessage,
  validateTensorHostMessage,
  ViewLayout,
} from '../../src/protocol';
import { connectPanel } from './connect';
import { append, bootPanel, byId, h } from './dom';
import { ColormapName } from './heatmap';
import { renderHeader, renderMemberPicker, renderSliceImage, renderStats, renderVector } from './tensor-view';
import { attachCrosshair, ValueGrid } from './value-grid';

const vscode = bootPanel(baseCss, sharedCss, css);

const app = byId('tp-app', HTMLDivElement);
const initial = parseTensorInitialState(app.dataset.initialState ?? '') ?? { fileName: 'tensor', path: '' };
// Connect first: it loads the translations every text below is written in.
const channel = connectPanel<TensorWebviewMessage, TensorHostMessage>({
  vscode,
  l10nBundle: initial.l10nBundle,
  name: 'tensor viewer',
  validate: validateTensorHostMessage,
  handle,
  showError: (message) =>
    main.replaceChildren(
      h(
        'div',
        { id: 'tp-error', class: 'tp-message tp-error', role: 'alert' },
        h('h2', { class: 'tp-message-heading' }, l10n.t('The tensor viewer hit an error')),
        h('p', { class: 'tp-message-text' }, message),
      ),
    ),
  onMalformed: (message) => {
    if (!overview) handle({ type: 'tensorError', message });
  },
});
const saved = readSaved(vscode.getState());
let colormap: ColormapName = saved.colormap;
let overview: TensorOverview | undefined;
let slice: TensorSliceView | undefined;
let vector: TensorVectorView | undefined;
let pending: string | undefined;
let savedRequest: TensorSliceRequest | undefined = saved.request;
let grid: { key: string; grid: ValueGrid } | undefined;
let mark: ((y: number, x: number) => void) | undefined;

const title = h('h1', { id: 'tp-file-name', class: 'tp-title' }, initial.fileName);
const fileState = h('p', { id: 'tp-file-state', class: 'tp-banner', role: 'alert', hidden: true });
const main = h(
  'main',
  { id: 'tp-main', class: 'tp-main-tensor', 'aria-busy': 'true' },
  h('p', { class: 'tp-hint', role: 'status' }, l10n.t('Loading {0}…', initial.fileName)),
);
app.replaceChildren(h('header', { class: 'tp-header' }, title, h('p', { class: 'tp-meta tp-path' }, initial.path)), fileState, main);

channel.notify({ type: 'ready' });

function handle(msg: TensorHostMessage): void {
  try {
    switch (msg.type) {
      case 'tensorLoading':
        main.replaceChildren(h('p', { class: 'tp-hint', role: 'status' }, msg.message));
        break;
      case 'tensorError':
        overview = undefined;
        main.setAttribute('aria-busy', 'false');
        main.replaceChildren(
          h(
            'div',
            { id: 'tp-error', class: 'tp-message tp-error', role: 'alert' },
            h('h2', { class: 'tp-message-heading' }, l10n.t('Cannot show {0}', initial.fileName)),
            h('p', { class: 'tp-message-text' }, msg.message),
            msg.hint ? h('p', { id: 'tp-error-hint', class: 'tp-message-text' }, msg.hint) : undefined,
          ),
        );
        break;
      case 'tensorOverview': {
        const changed = !overview || overview.member !== msg.overview.member || overview.shape.join() !== msg.overview.shape.join();
        overview = msg.overview;
        if (changed) {
          slice = undefined;
          vector = undefined;
          pending = undefined;
        }
        if (changed && savedRequest && savedRequest.member === overview.member && !checkSliceRequest(savedRequest, overview.shape)) {
          request(savedRequest);
        }
        savedRequest = undefined;
        render();
        break;
      }
      case 'tensorSlice':
        if (pending !== undefined && pending !== key(msg.slice.request)) return;
        pending = undefined;
        slice = msg.slice;
        persist();
        render();
        break;
      case 'tensorVector':
        vector = msg.vector;
        render();
        break;
      case 'tensorCells':
        grid?.grid.receive(msg.cells);
        break;
      case 'fileState':
        fileState.hidden = msg.state !== 'deleted';
        fileState.textContent = msg.message;
        main.classList.toggle('tp-stale', msg.state === 'deleted');
        app.dataset.fileState = msg.state;
        break;
    }
  } catch (err) {
    reportError(err);
  }
}

function key(r: TensorSliceRequest): string {
  return JSON.stringify([r.member, r.rowAxis, r.colAxis, r.rgbAxis, r.fixed]);
}

function request(r: TensorSliceRequest): void {
  pending = key(r);
  main.setAttribute('aria-busy', 'true');
  channel.notify({ type: 'tensorRequestSlice', request: r });
}

/** The layout, channel and indices the current slice shows. */
function viewOf(o: TensorOverview, s: TensorSliceView): { layout: ViewLayout; channelAxis: number; channel: number | 'rgb' } {
  const r = s.request;
  const nhwc = planeAxes(o.shape, 'NHWC');
  const layout: ViewLayout = nhwc && nhwc.rowAxis === r.rowAxis && nhwc.colAxis === r.colAxis ? 'NHWC' : 'NCHW';
  const axes = planeAxes(o.shape, layout);
  const channelAxis = axes?.channelAxis ?? -1;
  return { layout, channelAxis, channel: r.rgbAxis >= 0 ? 'rgb' : channelAxis >= 0 ? r.fixed[channelAxis] : 0 };
}

function requestView(o: TensorOverview, layout: ViewLayout, ch: number | 'rgb', fixed: number[]): void {
  const axes = planeAxes(o.shape, layout);
  if (!axes) return;
  const c = axes.channelAxis;
  const size = c >= 0 ? o.shape[c] : 0;
  const rgb = ch === 'rgb' && (size === 3 || size === 4);
  const f = fixed.map((v, k) => Math.min(v, Math.max(0, o.shape[k] - 1)));
  if (c >= 0) f[c] = rgb || ch === 'rgb' ? 0 : Math.min(ch, size - 1);
  request({ member: o.member, rowAxis: axes.rowAxis, colAxis: axes.colAxis, rgbAxis: rgb ? c : -1, fixed: f });
}

function toggle(id: string, label: string, pressed: boolean, onClick: () => void, extra: Record<string, string> = {}): HTMLElement {
  const b = h('button', { type: 'button', id, class: 'tp-toggle', 'aria-pressed': String(pressed), ...extra }, label);
  b.addEventListener('click', onClick);
  return b;
}

function renderControls(o: TensorOverview, s: TensorSliceView): HTMLElement {
  const v = viewOf(o, s);
  const box = h('div', { id: 'tp-controls', class: 'tp-controls' });
  if (o.shape.length >= 3) {
    append(
      box,
      h(
        'div',
        { class: 'tp-control-row', role: 'group', 'aria-label': l10n.t('Layout') },
        h('span', { class: 'tp-control-label' }, l10n.t('Layout')),
        ...(['NHWC', 'NCHW'] as const).map((l) =>
          toggle(`tp-layout-${l.toLowerCase()}`, o.shape.length === 3 ? l.slice(1) : l, v.layout === l, () => requestView(o, l, v.channel, s.request.fixed)),
        ),
      ),
    );
  }
  if (v.channelAxis >= 0) {
    const size = o.shape[v.channelAxis];
    const group = h(
      'div',
      { id: 'tp-channels', class: 'tp-control-row', role: 'group', 'aria-label': l10n.t('Channel (axis {0})', v.channelAxis) },
      h('span', { class: 'tp-control-label' }, l10n.t('Channel (axis {0})', v.channelAxis)),
    );
    if (size === 3 || size === 4)
      append(
        group,
        toggle('tp-channel-rgb', size === 3 ? 'RGB' : 'RGBA', v.channel === 'rgb', () => requestView(o, v.layout, 'rgb', s.request.fixed), {
          'data-channel': 'rgb',
        }),
      );
    if (size <= 32) {
      for (let c = 0; c < size; c++)
        append(
          group,
          toggle(`tp-channel-${c}`, String(c), v.channel === c, () => requestView(o, v.layout, c, s.request.fixed), {
            'data-channel': String(c),
          }),
        );
    } else {
      append(
        group,
        slider('tp-channel-slider', size, v.channel === 'rgb' ? 0 : v.channel, (c) => requestView(o, v.layout, c, s.request.fixed)),
      );
    }
    append(box, group);
  }
  const r = s.request;
  o.shape.forEach((size, k) => {
    if (k === r.rowAxis || k === r.colAxis || k === v.channelAxis || size <= 1) return;
    append(
      box,
      h(
        'div',
        { class: 'tp-control-row' },
        h('label', { class: 'tp-control-label', for: `tp-axis-${k}` }, l10n.t('Index on axis {0}', k)),
        slider(`tp-axis-${k}`, size, r.fixed[k], (i) => {
          const f = [...r.fixed];
          f[k] = i;
          requestView(o, v.layout, v.channel, f);
        }),
      ),
    );
  });
  const select = h('vscode-single-select', { id: 'tp-colormap', 'aria-label': l10n.t('Colormap'), disabled: v.channel === 'rgb' });
  for (const [value, label] of [
    ['gray', l10n.t('Gray')],
    ['viridis', l10n.t('Viridis')],
    ['diverging', l10n.t('Diverging (around 0)')],
  ] as const) {
    append(select, h('vscode-option', { value, selected: value === colormap }, label));
  }
  select.addEventListener('change', () => {
    const val = (select as HTMLElement & { value: string }).value;
    if (val === 'gray' || val === 'viridis' || val === 'diverging') {
      colormap = val;
      persist();
      render();
    }
  });
  append(box, h('div', { class: 'tp-control-row' }, h('label', { class: 'tp-control-label', for: 'tp-colormap' }, l10n.t('Colormap')), select));
  return box;
}

function slider(id: string, size: number, value: number, onChange: (v: number) => void): HTMLElement {
  const input = h('input', { type: 'range', id, min: 0, max: size - 1, step: 1, value });
  const out = h('output', { for: id }, `${value} / ${size - 1}`);
  let timer: number | undefined;
  input.addEventListener('input', () => {
    out.textContent = `${input.value} / ${size - 1}`;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => onChange(Number(input.value)), 120);
  });
  return h('span', { class: 'tp-slider' }, input, out);
}

function render(): void {
  const o = overview;
  if (!o) return;
  const focused = document.activeElement?.id;
  const left = h('div', { class: 'tp-column' }, renderHeader(o));
  if (o.members.length > 1)
    append(
      left,
      renderMemberPicker(o, (m) => {
        slice = undefined;
        channel.notify({ type: 'tensorSelectMember', member: m });
      }),
    );
  append(left, renderStats(o));
  const right = h('div', { class: 'tp-column tp-column-wide' });
  const rank = o.shape.length;
  if (rank < 2) {
    append(right, vector ? renderVector(vector, rank) : h('p', { class: 'tp-hint' }, l10n.t('Loading values…')));
  } else if (slice && slice.request.member === o.member) {
    const image = renderSliceImage(slice, colormap);
    append(
      right,
      h(
        'section',
        { id: 'tp-view', class: 'tp-card', 'aria-labelledby': 'tp-view-heading' },
        h('h2', { id: 'tp-view-heading' }, rank === 2 ? l10n.t('Image') : l10n.t('Slice of a rank-{0} tensor', rank)),
        renderControls(o, slice),
        image,
      ),
    );
    append(right, valuesCard(slice, image));
  } else {
    append(right, h('p', { class: 'tp-hint', role: 'status' }, l10n.t('Preparing the slice image…')));
  }
  main.replaceChildren(h('div', { class: 'tp-columns' }, left, right));
  main.setAttribute('aria-busy', pending ? 'true' : 'false');
  app.dataset.member = o.member;
  if (focused) document.getElementById(focused)?.focus();
}

/** The value grid of the current plane (kept across renders, so blocks and scroll position survive), wired to the image. */
function valuesCard(s: TensorSliceView, image: HTMLElement): HTMLElement {
  const k = key(s.request);
  if (grid?.key !== k) {
    const g: ValueGrid = new ValueGrid(
      s,
      (request, row0, col0, rows, cols) => channel.notify({ type: 'tensorRequestCells', request, row0, col0, rows, cols }),
      (y, x) => mark?.(y, x),
    );
    grid = { key: k, grid: g };
  }
  const g = grid.grid;
  const stage = image.querySelector<HTMLElement>('.tp-stage');
  mark = stage ? attachCrosshair(stage, s, (y, x) => g.reveal(y, x)) : undefined;
  const { scrollTop, scrollLeft } = g.element;
  requestAnimationFrame(() => {
    g.element.scrollTop = scrollTop;
    g.element.scrollLeft = scrollLeft;
  });
  return h(
    'section',
    { class: 'tp-card', 'aria-labelledby': 'tp-values-heading' },
    h('h2', { id: 'tp-values-heading' }, l10n.t('Values')),
    h(
      'p',
      { class: 'tp-hint' },
      l10n.t(
        '{0} exact values; the row and column under the mouse are marked in the image (click the image to jump here).',
        `${s.srcHeight} × ${s.srcWidth}${s.channels > 1 ? ` × ${s.channels}` : ''}`,
      ),
    ),
    g.element,
  );
}

function persist(): void {
  vscode.setState({ colormap, request: slice?.request });
}

function readSaved(x: unknown): { colormap: ColormapName; request?: TensorSliceRequest } {
  const s = typeof x === 'object' && x !== null ? (x as { colormap?: unknown; request?: unknown }) : {};
  const cm = s.colormap === 'gray' || s.colormap === 'viridis' || s.colormap === 'diverging' ? s.colormap : 'viridis';
  const r = s.request as TensorSliceRequest | undefined;
  const ok =
    r !== undefined &&
    typeof r === 'object' &&
    typeof r.member === 'string' &&
    Array.isArray(r.fixed) &&
    r.fixed.every((v) => Number.isInteger(v) && v >= 0) &&
    [r.rowAxis, r.colAxis, r.rgbAxis].every((v) => Number.isInteger(v));
  return ok ? { colormap: cm, request: r } : { colormap: cm };
}
