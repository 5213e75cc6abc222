// The "Compare with previous result" controls: on/off, swipe or side by side, the disagreement highlight and its share.

import type { PreviousResult } from '../../src/protocol';
import { h } from './dom';
import { cssColor } from './overlay';
import { DISAGREEMENT_COLOR, Disagreement, describeDisagreement } from './overlay-compare';
import type { CompareMode, ViewSettings } from './result-state';

/** Called when any compare setting changed. */
export type CompareChanged = () => void;

/** The compare section of the side column. */
export function renderCompare(
  previous: PreviousResult,
  disagreement: Disagreement | undefined,
  settings: ViewSettings,
  labelOf: (index: number) => string,
  changed: CompareChanged,
): HTMLElement {
  const toggle = h('input', { type: 'checkbox', id: 'tp-compare', checked: settings.compare, disabled: !disagreement });
  const mode = h('select', { id: 'tp-compare-mode', class: 'tp-select', 'aria-label': 'How to compare' },
    h('option', { value: 'swipe' }, 'Swipe'),
    h('option', { value: 'side' }, 'Side by side'));
  mode.value = settings.compareMode;
  const showDiff = h('input', { type: 'checkbox', id: 'tp-show-diff', checked: settings.showDiff });
  const key = h('span', { class: 'tp-swatch', 'aria-hidden': 'true' });
  key.style.setProperty('--tp-swatch', cssColor(DISAGREEMENT_COLOR));
  const options = h('div', { class: 'tp-compare-options' },
    h('div', { class: 'tp-control tp-control-select' }, h('label', { for: 'tp-compare-mode' }, 'View'), mode),
    h('label', { class: 'tp-check' }, showDiff, key, 'Highlight disagreement'));
  const summary = h('p', { id: 'tp-disagreement', class: 'tp-disagreement', role: 'status' },
    disagreement ? describeDisagreement(disagreement, labelOf) : 'The previous result has no segmentation mask to compare with.');
  if (disagreement?.resampled) {
    summary.append(' The previous mask had another size and was resampled (nearest neighbour) onto this one.');
  }
  const sync = (): void => { options.hidden = !settings.compare; };
  toggle.addEventListener('change', () => { settings.compare = toggle.checked; sync(); changed(); });
  mode.addEventListener('change', () => { settings.compareMode = (mode.value === 'side' ? 'side' : 'swipe') as CompareMode; changed(); });
  showDiff.addEventListener('change', () => { settings.showDiff = showDiff.checked; changed(); });
  sync();
  return h('section', { id: 'tp-compare-section', class: 'tp-compare', 'aria-labelledby': 'tp-compare-heading' },
    h('h2', { id: 'tp-compare-heading' }, 'Compare'),
    h('label', { class: 'tp-check' }, toggle, 'Compare with previous result'),
    h('p', { class: 'tp-hint tp-compare-source', title: previous.result.filePath }, previous.label),
    options,
    summary);
}
