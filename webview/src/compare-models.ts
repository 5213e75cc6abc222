// The diff panel's model side: the offer to compare the two models layer by layer, its progress, and the model-side
// cause card (with the button that opens the Compare Models panel).

import * as l10n from '@vscode/l10n';
import type { CompareDiagnosisView, CompareModelsView } from '../../src/protocol';
import { append, h } from './dom';

/** Callbacks of the model-side section. */
export interface ModelsSideActions {
  compareModels(): void;
  openModels(): void;
}

function kindLabel(kind: string): string {
  const labels: Record<string, string> = {
    weights: l10n.t('Weights differ'),
    quantization: l10n.t('Quantization'),
    architecture: l10n.t('Architecture differs'),
    runtime: l10n.t('Runtime difference'),
    'numeric-noise': l10n.t('Numeric noise'),
    identical: l10n.t('Models agree'),
    unknown: l10n.t('Not found on the model side'),
  };
  return labels[kind] ?? kind;
}

function button(id: string, label: string, onClick: () => void): HTMLElement {
  const b = h('vscode-button', { id, secondary: true }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** The summary line when the model comparison explains the difference, else undefined (the diagnosis' own summary stays). */
export function modelSummary(m: CompareModelsView | undefined): string | undefined {
  const c = m?.state === 'done' ? m.cause : undefined;
  return c?.explains ? l10n.t('Explained on the model side: {0}', c.title) : undefined;
}

/** The offer, its progress or error, or the model-side cause card; undefined when the diagnosis offers nothing. */
export function renderModelSide(d: CompareDiagnosisView, m: CompareModelsView | undefined, actions: ModelsSideActions): HTMLElement | undefined {
  if (!d.offerModels && !m) return undefined;
  const box = h('div', { id: 'tp-model-side', class: 'tp-model-side', 'data-state': m?.state ?? 'offer' });
  const offer = (label: string): HTMLElement => button('tp-compare-models', label, () => actions.compareModels());
  if (!m) {
    append(
      box,
      h(
        'div',
        { class: 'tp-actions' },
        h(
          'span',
          { class: 'tp-hint' },
          l10n.t(
            'If these are model outputs and the inputs agree, the models themselves differ. Run both models on the same input, layer by layer, to find where and why.',
          ) + ' ',
        ),
        offer(l10n.t('Compare the models layer by layer…')),
      ),
    );
    return box;
  }
  if (m.state === 'running') {
    append(box, h('p', { id: 'tp-model-side-progress', class: 'tp-progress', role: 'status', 'aria-live': 'polite' }, m.message));
    return box;
  }
  if (m.state === 'error' || !m.cause) {
    append(
      box,
      h('p', { id: 'tp-model-side-error', class: 'tp-message-text', role: 'alert' }, m.message || l10n.t('The models could not be compared.')),
      h('div', { class: 'tp-actions' }, offer(l10n.t('Compare the models again…'))),
    );
    return box;
  }
  const c = m.cause;
  append(
    box,
    h(
      'article',
      { id: 'tp-model-cause', class: 'tp-cause tp-model-cause', 'data-kind': c.kind, 'aria-labelledby': 'tp-model-cause-title' },
      h('p', { class: 'tp-hint' }, l10n.t('Model side · {0} · {1} vs {2} on {3}', kindLabel(c.kind), c.a, c.b, c.input)),
      h('h3', { id: 'tp-model-cause-title' }, c.title),
      c.evidence.length ? h('ul', { class: 'tp-evidence' }, ...c.evidence.map((e) => h('li', {}, e))) : undefined,
      h('p', { class: 'tp-fix' }, h('strong', {}, l10n.t('Fix:') + ' '), c.fix),
      h(
        'div',
        { class: 'tp-actions' },
        button('tp-open-models', l10n.t('Open Compare Models'), () => actions.openModels()),
        offer(l10n.t('Compare with another model…')),
      ),
    ),
  );
  return box;
}
