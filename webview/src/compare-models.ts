// The diff panel's model side: the offer to compare the two models layer by layer, its progress, and the model-side
// cause card (with the button that opens the Compare Models panel).

import type { DiffDiagnosisView, DiffModelsView } from '../../src/protocol';
import { append, h } from './dom';

/** Callbacks of the model-side section. */
export interface ModelsSideActions {
  compareModels(): void;
  openModels(): void;
}

const KIND_LABEL: Record<string, string> = {
  weights: 'Weights differ',
  quantization: 'Quantization',
  architecture: 'Architecture differs',
  runtime: 'Runtime difference',
  'numeric-noise': 'Numeric noise',
  identical: 'Models agree',
  unknown: 'Not found on the model side',
};

function button(id: string, label: string, onClick: () => void): HTMLElement {
  const b = h('vscode-button', { id, secondary: true }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** The summary line when the model comparison explains the difference, else undefined (the diagnosis' own summary stays). */
export function modelSummary(m: DiffModelsView | undefined): string | undefined {
  const c = m?.state === 'done' ? m.cause : undefined;
  return c?.explains ? `Explained on the model side: ${c.title}` : undefined;
}

/** The offer, its progress or error, or the model-side cause card; undefined when the diagnosis offers nothing. */
export function renderModelSide(d: DiffDiagnosisView, m: DiffModelsView | undefined, actions: ModelsSideActions): HTMLElement | undefined {
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
          'If these are model outputs and the inputs agree, the models themselves differ. Run both models on the same input, layer by layer, to find where and why. ',
        ),
        offer('Compare the models layer by layer…'),
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
      h('p', { id: 'tp-model-side-error', class: 'tp-message-text', role: 'alert' }, m.message || 'The models could not be compared.'),
      h('div', { class: 'tp-actions' }, offer('Compare the models again…')),
    );
    return box;
  }
  const c = m.cause;
  append(
    box,
    h(
      'article',
      { id: 'tp-model-cause', class: 'tp-cause tp-model-cause', 'data-kind': c.kind, 'aria-labelledby': 'tp-model-cause-title' },
      h('p', { class: 'tp-hint' }, `Model side · ${KIND_LABEL[c.kind] ?? c.kind} · ${c.a} vs ${c.b} on ${c.input}`),
      h('h3', { id: 'tp-model-cause-title' }, c.title),
      c.evidence.length ? h('ul', { class: 'tp-evidence' }, ...c.evidence.map((e) => h('li', {}, e))) : undefined,
      h('p', { class: 'tp-fix' }, h('strong', {}, 'Fix: '), c.fix),
      h(
        'div',
        { class: 'tp-actions' },
        button('tp-open-models', 'Open Compare Models', () => actions.openModels()),
        offer('Compare with another model…'),
      ),
    ),
  );
  return box;
}
