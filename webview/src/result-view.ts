// Renders one inference result into the result panel: image + mask overlay, legend, top-k table, details, actions.

import type { ClassSummary, ResultPayload, ResultView } from '../../src/protocol';
import { append, h } from './dom';
import { buildMaskRgba, classColor, cssColor, formatMs, formatPercent, personFraction, probeMask, Rgba, toRgba } from './overlay';

/** What the user can change on a result, kept across images of a batch. */
export interface ViewSettings {
  /** Mask opacity, 0..100. */
  opacity: number;
  /** Class indices hidden from the overlay. */
  hidden: Set<number>;
}

/** Callbacks the rendered result uses. */
export interface ViewActions {
  saveTensor(which: 'input' | 'output'): void;
  exportOverlay(png: Promise<Blob | null>): void;
  settingsChanged(): void;
}

type Segmentation = Extract<ResultView, { kind: 'segmentation' }>;

/** Draws interleaved pixels into a canvas of the same size. */
function putPixels(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray, width: number, height: number): void {
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('The panel could not get a 2D canvas context.');
  const data = new ImageData(width, height);
  data.data.set(rgba);
  ctx.putImageData(data, 0, 0);
}

/** Sets the result root's data- attributes that tests and tools read. */
function setResultData(root: HTMLElement, result: ResultPayload): void {
  root.dataset.kind = result.view.kind;
  if (result.view.kind === 'segmentation') {
    root.dataset.classFractions = JSON.stringify(result.view.classes.map((c) => ({ index: c.index, label: c.label, fraction: c.fraction })));
    const person = personFraction(result.view.classes);
    if (person !== undefined) root.dataset.personFraction = String(person);
  }
  if (result.view.kind === 'classification') {
    root.dataset.topLabel = result.view.topK[0]?.label ?? '';
  }
}

function totalMs(t: Record<string, number>): number {
  return t.total ?? Object.values(t).reduce((a, b) => a + b, 0);
}

function renderDetails(result: ResultPayload): HTMLElement {
  const dl = h('dl', { id: 'tp-details', class: 'tp-details' });
  const row = (term: string, value: string, attrs: Record<string, string> = {}): void =>
    append(dl, h('dt', {}, term), h('dd', attrs, value));
  row('File', result.filePath, { class: 'tp-path' });
  row('Backend', result.backend + (result.backendDetail ? ` (${result.backendDetail})` : ''), { id: 'tp-backend' });
  row('Input', `${result.input.dtype} [${result.input.shape.join(', ')}]`);
  row('Output', `${result.outputName || 'output'}: ${result.output.dtype} [${result.output.shape.join(', ')}]`);
  const timings = Object.entries(result.timingsMs).map(([k, v]) => `${k} ${formatMs(v)}`).join(' · ');
  row('Timings', timings || '–', { id: 'tp-timings' });
  row('Model fingerprint', result.modelFingerprint || '–', { id: 'tp-fingerprint', class: 'tp-mono' });
  return dl;
}

function renderLegend(view: Segmentation, palette: readonly Rgba[], settings: ViewSettings, redraw: () => void): HTMLElement {
  const list = h('ul', { id: 'tp-legend', class: 'tp-legend', 'aria-label': 'Classes (press to show or hide in the overlay)' });
  view.classes.forEach((c: ClassSummary, i: number) => {
    const colour = palette[i];
    const transparent = colour[3] === 0;
    const swatch = h('span', { class: transparent ? 'tp-swatch tp-swatch-none' : 'tp-swatch', 'aria-hidden': 'true' });
    swatch.style.setProperty('--tp-swatch', cssColor(colour));
    const button = h('button', {
      type: 'button', class: 'tp-legend-toggle', 'aria-pressed': String(!settings.hidden.has(i)),
      title: transparent ? `${c.label} is not drawn (its colour is transparent)` : `Show or hide ${c.label}`,
    }, swatch, h('span', { class: 'tp-legend-label' }, c.label), h('span', { class: 'tp-legend-fraction' }, formatPercent(c.fraction)));
    button.addEventListener('click', () => {
      if (settings.hidden.has(i)) settings.hidden.delete(i);
      else settings.hidden.add(i);
      button.setAttribute('aria-pressed', String(!settings.hidden.has(i)));
      redraw();
    });
    append(list, h('li', { class: 'tp-legend-item', 'data-class-index': i, 'data-fraction': c.fraction }, button));
  });
  return list;
}

function renderTopK(view: Extract<ResultView, { kind: 'classification' }>): HTMLElement {
  const body = h('tbody');
  for (const [rank, row] of view.topK.entries()) {
    const bar = h('span', { class: 'tp-bar', 'aria-hidden': 'true' });
    bar.style.setProperty('--tp-bar', `${Math.max(0, Math.min(1, row.probability)) * 100}%`);
    append(body, h('tr', {},
      h('td', { class: 'tp-num' }, String(rank + 1)),
      h('td', {}, row.label),
      h('td', { class: 'tp-num' }, String(row.index)),
      h('td', { class: 'tp-prob' }, bar, h('span', {}, formatPercent(row.probability)))));
  }
  return h('table', { id: 'tp-topk', class: 'tp-topk' },
    h('caption', {}, `Top ${view.topK.length} classes`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'Label'),
      h('th', { scope: 'col' }, 'Index'), h('th', { scope: 'col' }, 'Probability'))),
    body);
}

/** The image + overlay canvases; returns the stage and a function that redraws the mask. */
function renderStage(result: ResultPayload, settings: ViewSettings, palette: readonly Rgba[]): {
  stage: HTMLElement; redrawMask: () => void; applyOpacity: () => void; composePng: () => Promise<Blob | null>;
} {
  const imageCanvas = h('canvas', { id: 'tp-image-canvas', class: 'tp-image-canvas', role: 'img', 'aria-label': `Input image ${result.fileName}` });
  const maskCanvas = h('canvas', { id: 'tp-mask-canvas', class: 'tp-mask-canvas', 'aria-hidden': 'true' });
  const probe = h('p', { id: 'tp-probe', class: 'tp-probe', 'aria-live': 'off' }, 'Point at the image to read the class under the cursor.');
  const stage = h('div', { class: 'tp-stage' }, imageCanvas, maskCanvas);
  const view = result.view;
  if (result.image) {
    const { width, height, channels, pixels } = result.image;
    putPixels(imageCanvas, toRgba(new Uint8Array(pixels), width, height, channels), width, height);
  } else if (view.kind === 'segmentation') {
    imageCanvas.width = view.width;
    imageCanvas.height = view.height;
    imageCanvas.classList.add('tp-no-image');
  } else {
    imageCanvas.width = 1;
    imageCanvas.height = 1;
    stage.hidden = true;
  }
  const labels = view.kind === 'segmentation' ? new Uint8Array(view.labels) : new Uint8Array(0);
  const redrawMask = (): void => {
    if (view.kind !== 'segmentation') return;
    putPixels(maskCanvas, buildMaskRgba(labels, palette, settings.hidden), view.width, view.height);
  };
  const applyOpacity = (): void => { maskCanvas.style.opacity = String(settings.opacity / 100); };
  if (view.kind === 'segmentation') {
    const probs = new Float32Array(view.probabilities);
    stage.addEventListener('mousemove', (ev: MouseEvent) => {
      const rect = maskCanvas.getBoundingClientRect();
      const x = Math.floor(((ev.clientX - rect.left) / rect.width) * view.width);
      const y = Math.floor(((ev.clientY - rect.top) / rect.height) * view.height);
      if (x < 0 || y < 0 || x >= view.width || y >= view.height) return;
      const hit = probeMask(labels, probs, view.probabilityChannels, view.width, x, y);
      const name = view.classes[hit.label]?.label ?? `class ${hit.label}`;
      probe.textContent = `Mask pixel (${x}, ${y}): ${name}` + (hit.probability === undefined ? '' : `, p = ${hit.probability.toFixed(3)}`);
    });
  } else {
    probe.hidden = true;
  }
  redrawMask();
  applyOpacity();
  const composePng = (): Promise<Blob | null> => {
    const out = document.createElement('canvas');
    out.width = imageCanvas.width;
    out.height = imageCanvas.height;
    const ctx = out.getContext('2d');
    if (!ctx) return Promise.resolve(null);
    ctx.drawImage(imageCanvas, 0, 0);
    ctx.globalAlpha = settings.opacity / 100;
    ctx.drawImage(maskCanvas, 0, 0, out.width, out.height);
    return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
  };
  return { stage: h('div', { class: 'tp-stage-wrap' }, stage, probe), redrawMask, applyOpacity, composePng };
}

function button(id: string, label: string, onClick: () => void, secondary = true): HTMLElement {
  const b = h('vscode-button', { id, secondary });
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** Renders a finished result into `root` (the #tp-result element), replacing its content. */
export function renderResult(root: HTMLElement, result: ResultPayload, settings: ViewSettings, actions: ViewActions): void {
  root.replaceChildren();
  for (const key of Object.keys(root.dataset)) if (key !== 'status' && key !== 'index') delete root.dataset[key];
  setResultData(root, result);
  root.dataset.status = 'done';
  const view = result.view;
  const palette = view.kind === 'segmentation'
    ? view.classes.map((_, i) => classColor(view.classes.map((c) => c.color), i))
    : [];
  const { stage, redrawMask, applyOpacity, composePng } = renderStage(result, settings, palette);
  const side = h('div', { class: 'tp-side' });
  if (view.kind === 'segmentation') {
    const slider = h('input', { type: 'range', id: 'tp-opacity', min: 0, max: 100, step: 5, value: settings.opacity, 'aria-describedby': 'tp-opacity-value' });
    const valueText = h('output', { id: 'tp-opacity-value', for: 'tp-opacity' }, `${settings.opacity}%`);
    slider.addEventListener('input', () => {
      settings.opacity = Number(slider.value);
      valueText.textContent = `${settings.opacity}%`;
      applyOpacity();
      actions.settingsChanged();
    });
    append(side,
      h('div', { class: 'tp-control' }, h('label', { for: 'tp-opacity' }, 'Mask opacity'), slider, valueText),
      h('h2', {}, 'Classes'),
      renderLegend(view, palette, settings, () => { redrawMask(); actions.settingsChanged(); }));
  } else if (view.kind === 'classification') {
    append(side, renderTopK(view));
  } else {
    append(side, h('h2', {}, 'Output'), h('p', { id: 'tp-raw', class: 'tp-mono' }, view.summary),
      h('p', { class: 'tp-hint' }, 'Set "output.kind" in tensorparity.json to "segmentation" or "classification" to see this output drawn.'));
  }
  const buttons = h('div', { class: 'tp-actions', role: 'group', 'aria-label': 'Save' },
    button('tp-save-input', 'Save input tensor (.npy)', () => actions.saveTensor('input')),
    button('tp-save-output', 'Save output (.npy)', () => actions.saveTensor('output')));
  if (view.kind === 'segmentation' && result.image) {
    append(buttons, button('tp-export-overlay', 'Export overlay (.png)', () => actions.exportOverlay(composePng())));
  }
  append(side, buttons, renderDetails(result));
  append(root, h('div', { class: 'tp-main' }, stage, side));
}

/** A one-line summary of a result for the header. */
export function headerMeta(result: ResultPayload): string {
  const parts = [`TF.js ${result.backend}`, `${formatMs(totalMs(result.timingsMs))} total`];
  if (result.view.kind === 'segmentation') {
    const person = personFraction(result.view.classes);
    if (person !== undefined) parts.push(`person ${formatPercent(person)}`);
  }
  if (result.view.kind === 'classification' && result.view.topK[0]) {
    parts.push(`${result.view.topK[0].label} ${formatPercent(result.view.topK[0].probability)}`);
  }
  return parts.join(' · ');
}

/** A few words about a result for the filmstrip: the person share, the top class, or "Done". */
export function shortSummary(result: ResultPayload): string {
  const view = result.view;
  if (view.kind === 'segmentation') {
    const person = personFraction(view.classes);
    if (person !== undefined) return `person ${formatPercent(person)}`;
    const top = [...view.classes].sort((a, b) => b.fraction - a.fraction).find((c) => c.index !== 0);
    return top ? `${top.label} ${formatPercent(top.fraction)}` : 'Done';
  }
  if (view.kind === 'classification' && view.topK[0]) return `${view.topK[0].label} ${formatPercent(view.topK[0].probability)}`;
  return 'Done';
}

/** Renders a readable message (progress or error) into `root`. */
export function renderMessage(
  root: HTMLElement, status: 'pending' | 'running' | 'error' | 'cancelled', text: string, buttons: HTMLElement[] = [], heading = 'Inference failed',
): void {
  root.replaceChildren();
  for (const key of Object.keys(root.dataset)) if (key !== 'index') delete root.dataset[key];
  root.dataset.status = status;
  const cls = status === 'error' ? 'tp-message tp-error' : 'tp-message';
  const role = status === 'error' ? 'alert' : 'status';
  append(root, h('div', { id: 'tp-message', class: cls, role },
    status === 'error' ? h('h2', { class: 'tp-message-heading' }, heading) : undefined,
    h('p', { class: 'tp-message-text' }, text),
    buttons.length ? h('div', { class: 'tp-actions' }, ...buttons) : undefined));
}

/** A small thumbnail canvas of a result image for the filmstrip. */
export function thumbnail(result: ResultPayload, height = 40): HTMLCanvasElement | undefined {
  if (!result.image) return undefined;
  const { width: w, height: ht, channels, pixels } = result.image;
  const full = document.createElement('canvas');
  putPixels(full, toRgba(new Uint8Array(pixels), w, ht, channels), w, ht);
  const thumb = h('canvas', { class: 'tp-thumb', 'aria-hidden': 'true' });
  thumb.height = height;
  thumb.width = Math.max(1, Math.round((w / ht) * height));
  thumb.getContext('2d')?.drawImage(full, 0, 0, thumb.width, thumb.height);
  return thumb;
}

export { button as actionButton };
