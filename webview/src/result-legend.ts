// The side controls of a segmentation result: opacity, what to draw (class colours or a class's probability heatmap,
// with its colour scale) and the class legend with show/hide toggles and colour pickers.

import * as l10n from '@vscode/l10n';
import type { ResultView } from '../../src/protocol';
import { append, h } from './dom';
import { cssColor, formatPercent, Rgba, rgbaToHex } from './overlay';
import { canHeatmap, colormapGradient, probabilityRange } from './overlay-heatmap';
import type { ViewSettings } from './result-state';

type Segmentation = Extract<ResultView, { kind: 'segmentation' }>;

/** Callbacks of the controls. */
export interface LegendActions {
  /** The opacity changed (no layer rebuild needed). */
  opacityChanged(): void;
  /** Class visibility, colours or the heatmap choice changed: rebuild the overlay layers. */
  overlayChanged(): void;
}

function swatch(colour: Rgba): HTMLElement {
  const el = h('span', { class: colour[3] === 0 ? 'tp-swatch tp-swatch-none' : 'tp-swatch', 'aria-hidden': 'true' });
  el.style.setProperty('--tp-swatch', cssColor(colour));
  return el;
}

/** A colour picker of a class drawn transparent is dimmed and says so (its swatch would otherwise show black). */
function markTransparent(input: HTMLInputElement, colour: Rgba, label: string): void {
  const none = colour[3] === 0;
  input.classList.toggle('tp-color-none', none);
  input.setAttribute('aria-label', none ? l10n.t('Colour of {0} (not drawn; pick a colour to draw it)', label) : l10n.t('Colour of {0}', label));
  input.title = none ? l10n.t('{0} is not drawn; pick a colour to draw it', label) : l10n.t('Colour of {0}', label);
}

/** The opacity slider with its value. */
export function renderOpacity(settings: ViewSettings, actions: LegendActions): HTMLElement {
  const slider = h('input', {
    type: 'range',
    id: 'tp-opacity',
    min: 0,
    max: 100,
    step: 5,
    value: settings.opacity,
    'aria-describedby': 'tp-opacity-value',
    'aria-valuetext': `${settings.opacity}%`,
  });
  const valueText = h('output', { id: 'tp-opacity-value', for: 'tp-opacity' }, `${settings.opacity}%`);
  slider.addEventListener('input', () => {
    settings.opacity = Number(slider.value);
    valueText.textContent = `${settings.opacity}%`;
    slider.setAttribute('aria-valuetext', `${settings.opacity}%`);
    actions.opacityChanged();
  });
  return h('div', { class: 'tp-control' }, h('label', { for: 'tp-opacity' }, l10n.t('Overlay opacity')), slider, valueText);
}

/** The "Show" selector (class colours or one class's probability) and the heatmap colour scale. */
export function renderHeatmapControl(view: Segmentation, settings: ViewSettings, actions: LegendActions): HTMLElement {
  const usable = view.classes.filter((c) => canHeatmap(view.probabilityChannels, c.index));
  const select = h(
    'select',
    { id: 'tp-heatmap', class: 'tp-select', disabled: usable.length === 0 },
    h('option', { value: '' }, l10n.t('Class colours (mask)')),
    ...usable.map((c) => h('option', { value: c.index }, l10n.t('Probability of {0}', c.label))),
  );
  const current = settings.heatmap !== undefined && canHeatmap(view.probabilityChannels, settings.heatmap) ? settings.heatmap : undefined;
  select.value = current === undefined ? '' : String(current);
  const scale = h('div', { id: 'tp-heatmap-scale', class: 'tp-scale', role: 'img' });
  const probs = new Float32Array(view.probabilities);
  const updateScale = (): void => {
    const k = settings.heatmap;
    scale.hidden = k === undefined || !canHeatmap(view.probabilityChannels, k);
    if (scale.hidden || k === undefined) return;
    const label = view.classes[k]?.label ?? l10n.t('class {0}', k);
    const range = probabilityRange(probs, view.probabilityChannels, k);
    const bar = h('div', { class: 'tp-scale-bar', 'aria-hidden': 'true' });
    bar.style.setProperty('--tp-gradient', colormapGradient());
    scale.setAttribute('aria-label', l10n.t('Colour scale: dark purple is probability 0 of {0}, yellow is 1', label));
    scale.replaceChildren(
      bar,
      h('div', { class: 'tp-scale-ticks', 'aria-hidden': 'true' }, h('span', {}, '0'), h('span', {}, '0.5'), h('span', {}, '1')),
      h(
        'p',
        { class: 'tp-scale-caption' },
        `p(${label})` + (range ? ': ' + l10n.t('{0} to {1} in this image', range.min.toFixed(3), range.max.toFixed(3)) : ''),
      ),
    );
  };
  select.addEventListener('change', () => {
    settings.heatmap = select.value === '' ? undefined : Number(select.value);
    updateScale();
    actions.overlayChanged();
  });
  updateScale();
  const note = usable.length === 0 ? h('p', { class: 'tp-hint' }, l10n.t('This output has no per-class probabilities to draw as a heatmap.')) : undefined;
  return h(
    'div',
    { class: 'tp-heatmap' },
    h('div', { class: 'tp-control tp-control-select' }, h('label', { for: 'tp-heatmap' }, l10n.t('Show')), select),
    note,
    scale,
  );
}

/** The class legend: a show/hide toggle and a colour picker per class, plus "Reset colours". */
export function renderLegend(view: Segmentation, settings: ViewSettings, palette: () => readonly Rgba[], actions: LegendActions): HTMLElement {
  const list = h('ul', { id: 'tp-legend', class: 'tp-legend', 'aria-label': l10n.t('Classes') });
  const reset = h('button', { type: 'button', id: 'tp-reset-colors', class: 'tp-link-button' }, l10n.t('Reset colours'));
  const picked = (): boolean => view.classes.some((c) => Object.prototype.hasOwnProperty.call(settings.colors, c.label));
  const rows: { button: HTMLButtonElement; input: HTMLInputElement; sw: HTMLElement; index: number }[] = [];
  const refreshSwatches = (): void => {
    const pal = palette();
    for (const r of rows) {
      const next = swatch(pal[r.index]);
      r.sw.replaceWith(next);
      r.sw = next;
      r.input.value = rgbaToHex(pal[r.index]);
      markTransparent(r.input, pal[r.index], view.classes[r.index].label);
      r.button.title =
        pal[r.index][3] === 0
          ? l10n.t('{0} is not drawn (its colour is transparent); pick a colour to draw it', view.classes[r.index].label)
          : l10n.t('Show or hide {0}', view.classes[r.index].label);
    }
    reset.hidden = !picked();
  };
  view.classes.forEach((c, i) => {
    const colour = palette()[i];
    const sw = swatch(colour);
    const button = h(
      'button',
      {
        type: 'button',
        id: `tp-toggle-${i}`,
        class: 'tp-legend-toggle',
        'aria-pressed': String(!settings.hidden.has(i)),
        'aria-label': l10n.t('{0}: shown in the overlay (press to hide), {1} of pixels', c.label, formatPercent(c.fraction)),
      },
      sw,
      h('span', { class: 'tp-legend-label' }, c.label),
      h('span', { class: 'tp-legend-fraction' }, formatPercent(c.fraction)),
    );
    const setLabel = (): void =>
      button.setAttribute(
        'aria-label',
        settings.hidden.has(i)
          ? l10n.t('{0}: hidden from the overlay (press to show), {1} of pixels', c.label, formatPercent(c.fraction))
          : l10n.t('{0}: shown in the overlay (press to hide), {1} of pixels', c.label, formatPercent(c.fraction)),
      );
    setLabel();
    button.addEventListener('click', () => {
      if (settings.hidden.has(i)) settings.hidden.delete(i);
      else settings.hidden.add(i);
      button.setAttribute('aria-pressed', String(!settings.hidden.has(i)));
      setLabel();
      actions.overlayChanged();
    });
    const input = h('input', { type: 'color', id: `tp-color-${i}`, class: 'tp-color', value: rgbaToHex(colour) });
    markTransparent(input, colour, c.label);
    input.addEventListener('input', () => {
      settings.colors[c.label] = input.value.toLowerCase();
      refreshSwatches();
      actions.overlayChanged();
    });
    const row = { button, input, sw, index: i };
    rows.push(row);
    append(list, h('li', { class: 'tp-legend-item', 'data-class-index': i, 'data-fraction': c.fraction }, button, input));
  });
  reset.addEventListener('click', () => {
    for (const c of view.classes) delete settings.colors[c.label];
    refreshSwatches();
    actions.overlayChanged();
  });
  reset.hidden = !picked();
  return h('div', { class: 'tp-legend-wrap' }, list, reset);
}
