// The pieces of the result panel's image view that need no stage state: layer canvases, the viewports, the zoom
// toolbar, the probe source and the hover readout.

import * as l10n from '@vscode/l10n';
import type { MaskRegion, ResultPayload, ResultView } from '../../src/protocol';
import { append, h } from './dom';
import { imageToMask, ProbeReadout, ProbeSource, probeRows } from './overlay-probe';
import { takeLayerCanvas } from './overlay-render';
import type { Size } from './zoom';
import type { ZoomController } from './zoom-controller';

/** The segmentation view of a result. */
export type Segmentation = Extract<ResultView, { kind: 'segmentation' }>;

/** One viewport of the stage: the figure, its canvas and its caption. */
export interface Viewport {
  figure: HTMLElement;
  canvas: HTMLCanvasElement;
  caption: HTMLElement;
}

/** The stage's hint, shown in the readout until the pointer is over a segmentation. */
export const HINT = l10n.t(
  'Point at the image to read the pixel, its class and the model output there. With the image focused: + and − zoom, arrow keys pan, 0 fits, 1 shows 1:1.',
);

/** A pooled off-screen layer canvas, hidden from assistive technology. */
export function layerCanvas(id?: string, opaque = false): HTMLCanvasElement {
  const c = takeLayerCanvas(opaque);
  if (id) c.id = id;
  c.className = 'tp-layer';
  c.setAttribute('aria-hidden', 'true');
  return c;
}

/** The result's segmentation view, if it has one. */
export function segmentationOf(r: ResultPayload | undefined): Segmentation | undefined {
  return r?.view.kind === 'segmentation' ? r.view : undefined;
}

/** The probe geometry's `region` for a segmentation: present only when the image does not cover the whole mask. */
export function regionOf(seg: Segmentation): { region?: MaskRegion } {
  return seg.maskRegion ? { region: seg.maskRegion } : {};
}

/** What the hover readout reads from: image pixels, labels, probabilities and raw values of a segmentation. */
export function probeSourceOf(seg: Segmentation, size: Size, img: ResultPayload['image'], labels: Uint8Array): ProbeSource {
  return {
    geometry: {
      imageWidth: size.width,
      imageHeight: size.height,
      maskWidth: seg.width,
      maskHeight: seg.height,
      ...regionOf(seg),
    },
    ...(img ? { image: { pixels: new Uint8Array(img.pixels), channels: img.channels } } : {}),
    labels,
    probabilities: new Float32Array(seg.probabilities),
    probabilityChannels: seg.probabilityChannels,
    ...(seg.rawValues ? { rawValues: new Float32Array(seg.rawValues) } : {}),
    classNames: seg.classes.map((c) => c.label),
  };
}

/** A focusable, labelled canvas in a figure with a caption. */
export function makeViewport(id: string, label: string, captionText: string): Viewport {
  const canvas = h('canvas', {
    id,
    class: 'tp-view-canvas',
    tabindex: 0,
    role: 'img',
    'aria-label': label,
    'aria-describedby': 'tp-view-hint',
  });
  const caption = h('figcaption', { class: 'tp-viewport-caption' }, captionText);
  const figure = h('figure', { class: 'tp-viewport' }, canvas, caption);
  return { figure, canvas, caption };
}

/** The zoom toolbar: −, the zoom label, +, Fit, 1:1. */
export function zoomToolbar(zoom: ZoomController, zoomLabel: HTMLOutputElement): HTMLElement {
  const tool = (id: string, text: string, label: string, run: () => void): HTMLButtonElement => {
    const b = h('button', { type: 'button', id, class: 'tp-tool', 'aria-label': label, title: label }, text);
    b.addEventListener('click', run);
    return b;
  };
  return h(
    'div',
    { class: 'tp-toolbar', role: 'toolbar', 'aria-label': l10n.t('Zoom'), 'aria-controls': 'tp-view-canvas' },
    tool('tp-zoom-out', '−', l10n.t('Zoom out (−)'), () => zoom.step(-1)),
    zoomLabel,
    tool('tp-zoom-in', '+', l10n.t('Zoom in (+)'), () => zoom.step(1)),
    tool('tp-zoom-fit', l10n.t('Fit'), l10n.t('Fit the image in the view (0)'), () => zoom.fit()),
    tool('tp-zoom-1to1', '1:1', l10n.t('One image pixel per screen pixel (1)'), () => zoom.oneToOne()),
  );
}

/** Fills the hover readout with the probe's rows (and the previous result's class), or the hint when nothing is under the pointer. */
export function renderProbe(list: HTMLElement, r: ProbeReadout | undefined, hint: string, previousClass: (x: number, y: number) => string | undefined): void {
  if (!r) {
    for (const k of Object.keys(list.dataset)) delete list.dataset[k];
    list.replaceChildren(h('p', { class: 'tp-probe-hint' }, hint));
    return;
  }
  const rows = probeRows(r);
  const prev = previousClass(r.image.x, r.image.y);
  if (prev !== undefined) rows.push([l10n.t('Previous class'), prev]);
  const dl = h('dl', { class: 'tp-probe-rows' });
  for (const [term, value] of rows) append(dl, h('div', { class: 'tp-probe-row' }, h('dt', {}, term), h('dd', {}, value)));
  list.replaceChildren(dl);
  list.dataset.imageX = String(r.image.x);
  list.dataset.imageY = String(r.image.y);
  if (r.mask) {
    list.dataset.maskX = String(r.mask.x);
    list.dataset.maskY = String(r.mask.y);
    list.dataset.className = r.className ?? '';
    if (r.probability !== undefined) list.dataset.probability = String(r.probability);
  } else {
    delete list.dataset.maskX;
    delete list.dataset.maskY;
  }
}

/** The previous result's class name at an image pixel, when the pixel falls on its mask. */
export function previousClassAt(prev: Segmentation, size: Size, ix: number, iy: number): string | undefined {
  const m = imageToMask({ imageWidth: size.width, imageHeight: size.height, maskWidth: prev.width, maskHeight: prev.height, ...regionOf(prev) }, ix, iy);
  if (!m) return undefined;
  const label = new Uint8Array(prev.labels)[m.y * prev.width + m.x];
  return prev.classes[label]?.label ?? l10n.t('class {0}', label);
}
