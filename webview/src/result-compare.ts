// The "Compare with baseline" controls: which baseline is in use and a button to choose another, on/off, swipe or
// side by side, the disagreement highlight and its share.

import * as l10n from '@vscode/l10n';
import type { PreviousResult } from '../../src/protocol';
import { h } from './dom';
import { cssColor } from './overlay';
import { DISAGREEMENT_COLOR, Disagreement, describeDisagreement } from './overlay-compare';
import type { CompareMode, ViewSettings } from './result-state';

/** Called when any compare setting changed. */
export type CompareChanged = () => void;

/** The compare section of the side column. */
export function renderCompare(
  previous: PreviousResult | undefined,
  disagreement: Disagreement | undefined,
  settings: ViewSettings,
  labelOf: (index: number) => string,
  changed: CompareChanged,
  choose: () => void,
): HTMLElement {
  const chooseButton = h('vscode-button', { id: 'tp-choose-baseline', secondary: true, class: 'tp-choose-baseline' });
  chooseButton.textContent = previous ? l10n.t('Choose another baseline…') : l10n.t('Choose baseline…');
  chooseButton.addEventListener('click', choose);
  if (!previous) {
    return h(
      'section',
      { id: 'tp-compare-section', class: 'tp-compare', 'aria-labelledby': 'tp-compare-heading' },
      h('h2', { id: 'tp-compare-heading' }, l10n.t('Compare')),
      h(
        'p',
        { class: 'tp-hint', id: 'tp-baseline' },
        l10n.t('No baseline yet: compare with a recent result, the image a dump came from, or a reference tensor.'),
      ),
      chooseButton,
    );
  }
  const toggle = h('input', { type: 'checkbox', id: 'tp-compare', checked: settings.compare, disabled: !disagreement });
  const mode = h(
    'select',
    { id: 'tp-compare-mode', class: 'tp-select', 'aria-label': l10n.t('How to compare') },
    h('option', { value: 'swipe' }, l10n.t('Swipe')),
    h('option', { value: 'side' }, l10n.t('Side by side')),
  );
  mode.value = settings.compareMode;
  const showDiff = h('input', { type: 'checkbox', id: 'tp-show-diff', checked: settings.showDiff });
  const key = h('span', { class: 'tp-swatch', 'aria-hidden': 'true' });
  key.style.setProperty('--tp-swatch', cssColor(DISAGREEMENT_COLOR));
  const options = h(
    'div',
    { class: 'tp-compare-options' },
    h('div', { class: 'tp-control tp-control-select' }, h('label', { for: 'tp-compare-mode' }, l10n.t('View')), mode),
    h('label', { class: 'tp-check' }, showDiff, key, l10n.t('Highlight disagreement')),
  );
  const summary = h(
    'p',
    { id: 'tp-disagreement', class: 'tp-disagreement', role: 'status' },
    disagreement ? describeDisagreement(disagreement, labelOf) : l10n.t('The baseline has no segmentation mask to compare with.'),
  );
  if (disagreement?.resampled) {
    summary.append(' ' + l10n.t('The baseline mask had another size and was resampled (nearest neighbour) onto this one.'));
  }
  const sync = (): void => {
    options.hidden = !settings.compare;
  };
  toggle.addEventListener('change', () => {
    settings.compare = toggle.checked;
    sync();
    changed();
  });
  mode.addEventListener('change', () => {
    settings.compareMode = (mode.value === 'side' ? 'side' : 'swipe') as CompareMode;
    changed();
  });
  showDiff.addEventListener('change', () => {
    settings.showDiff = showDiff.checked;
    changed();
  });
  sync();
  return h(
    'section',
    { id: 'tp-compare-section', class: 'tp-compare', 'aria-labelledby': 'tp-compare-heading' },
    h('h2', { id: 'tp-compare-heading' }, l10n.t('Compare')),
    h('label', { class: 'tp-check' }, toggle, l10n.t('Compare with baseline')),
    h('p', { class: 'tp-hint tp-compare-source', id: 'tp-baseline', title: previous.result.filePath }, l10n.t('Baseline: {0}', previous.label)),
    chooseButton,
    options,
    summary,
  );
}
