// The image view of the result panel: zoomable, pannable canvas with image, mask or heatmap, and (when comparing)
// the previous result beside it or under a swipe divider, plus the hover readout.

import * as l10n from '@vscode/l10n';
import type { PreviousResult, ResultPayload } from '../../src/protocol';
import { h } from './dom';
import { buildMaskRgbaInto, Rgba, toRgba } from './overlay';
import { Disagreement, disagreementRgba } from './overlay-compare';
import { buildHeatmapRgbaInto, canHeatmap, colormapLut } from './overlay-heatmap';
import { probe, ProbeSource } from './overlay-probe';
import {
  clearTarget,
  Composite,
  drawComposite,
  drawDivider,
  fitCanvasToView,
  putRgba,
  releaseLayerCanvas,
  renderComposite,
  scratchRgba,
} from './overlay-render';
import type { ViewSettings } from './result-state';
import { centredOn, formatZoom, Size, ViewTransform, viewCentre } from './zoom';
import { ZoomController } from './zoom-controller';
import {
  HINT,
  layerCanvas,
  makeViewport,
  previousClassAt,
  probeSourceOf,
  renderProbe,
  segmentationOf,
  type Segmentation,
  type Viewport,
  zoomToolbar,
} from './result-stage-parts';

/** What the stage needs from the result view around it. */
export interface StageOptions {
  result: ResultPayload;
  previous?: PreviousResult;
  disagreement?: Disagreement;
  settings: ViewSettings;
  /** The class colours in use (spec colours with the user's picks). */
  palette(): readonly Rgba[];
  /** The previous result's colours (by its own class list). */
  previousPalette(): readonly Rgba[];
  /** The zoom or pan changed (to persist it). */
  viewChanged(): void;
}

/** The interactive image view of one result. */
export class ResultStage {
  readonly element: HTMLElement;
  readonly zoom: ZoomController;
  private readonly seg: Segmentation | undefined;
  private readonly prevSeg: Segmentation | undefined;
  private readonly size: Size;
  private readonly current: Viewport;
  private readonly before: Viewport;
  private readonly swipe: HTMLInputElement;
  private readonly swipeRow: HTMLElement;
  private readonly probeList: HTMLElement;
  private readonly zoomLabel: HTMLOutputElement;
  private readonly imageLayer: HTMLCanvasElement | undefined;
  private readonly maskLayer = layerCanvas('tp-mask-canvas');
  /** Layers only some views need, taken from the pool on first use. */
  private readonly extra: {
    heat?: HTMLCanvasElement;
    diff?: HTMLCanvasElement;
    prevImage?: HTMLCanvasElement;
    prevMask?: HTMLCanvasElement;
  } = {};
  private readonly labels: Uint8Array;
  private readonly probeSource: ProbeSource | undefined;
  private readonly cleanups: (() => void)[] = [];
  private frame = 0;
  private pointer: { x: number; y: number } | undefined;
  private disposed = false;

  constructor(private readonly o: StageOptions) {
    const { result } = o;
    this.seg = segmentationOf(result);
    this.prevSeg = segmentationOf(o.previous?.result);
    this.labels = this.seg ? new Uint8Array(this.seg.labels) : new Uint8Array(0);
    const img = result.image;
    this.size = img ? { width: img.width, height: img.height } : { width: this.seg?.width ?? 1, height: this.seg?.height ?? 1 };
    if (img) {
      this.imageLayer = layerCanvas('tp-image-canvas', img.channels === 3);
      const rgba = toRgba(new Uint8Array(img.pixels), img.width, img.height, img.channels, scratchRgba(img.width * img.height));
      putRgba(this.imageLayer, rgba, img.width, img.height, img.channels === 3);
    }
    if (this.seg) this.probeSource = probeSourceOf(this.seg, this.size, img, this.labels);
    this.current = makeViewport('tp-view-canvas', l10n.t('Current result: {0}', result.fileName), l10n.t('Current'));
    this.before = makeViewport('tp-view-canvas-previous', l10n.t('Previous result: {0}', o.previous?.label ?? ''), l10n.t('Previous'));
    this.zoom = new ZoomController({
      imageSize: () => this.size,
      viewSize: () => this.viewSize(),
      dpr: () => window.devicePixelRatio || 1,
      changed: (t, fitted) => this.onTransform(t, fitted),
      pointAt: (p) => {
        this.pointer = p;
        this.updateProbe();
      },
    });
    this.cleanups.push(this.zoom.attach(this.current.canvas), this.zoom.attach(this.before.canvas));

    this.zoomLabel = h(
      'output',
      { id: 'tp-zoom-label', class: 'tp-zoom-label', 'aria-live': 'polite', title: l10n.t('Zoom (device pixels per image pixel)') },
      '100%',
    );
    const toolbar = zoomToolbar(this.zoom, this.zoomLabel);

    this.swipe = h('input', {
      type: 'range',
      id: 'tp-swipe',
      class: 'tp-swipe',
      min: 0,
      max: 100,
      step: 1,
      value: o.settings.swipe,
      'aria-label': l10n.t('Swipe divider: previous result on the left, current on the right'),
    });
    this.swipe.addEventListener('input', () => {
      o.settings.swipe = Number(this.swipe.value);
      this.swipe.setAttribute('aria-valuetext', l10n.t('{0}% previous', o.settings.swipe));
      this.element.dataset.swipe = String(o.settings.swipe);
      o.viewChanged();
      this.schedule();
    });
    this.swipeRow = h(
      'div',
      { class: 'tp-swipe-row' },
      h('span', { 'aria-hidden': 'true' }, l10n.t('Previous')),
      this.swipe,
      h('span', { 'aria-hidden': 'true' }, l10n.t('Current')),
    );
    this.probeList = h('div', { id: 'tp-probe', class: 'tp-probe', 'aria-live': 'off' });
    const layers = h('div', { class: 'tp-layers', hidden: true, 'aria-hidden': 'true' }, this.imageLayer, this.maskLayer);
    const viewports = h('div', { class: 'tp-viewports' }, this.before.figure, this.current.figure);
    viewports.style.setProperty('--tp-aspect', `${this.size.width} / ${this.size.height}`);
    this.element = h(
      'div',
      { id: 'tp-stage', class: 'tp-stage-wrap' },
      toolbar,
      viewports,
      this.swipeRow,
      this.probeList,
      layers,
      h('p', { id: 'tp-view-hint', class: 'tp-hint tp-visually-hidden' }, HINT),
    );

    const observer = new ResizeObserver(() => this.resized());
    observer.observe(this.current.figure);
    this.cleanups.push(() => observer.disconnect());
    this.refreshOverlay();
    this.refreshCompare();
    this.updateProbe();
  }

  private viewSize(): Size {
    const r = this.current.figure.getBoundingClientRect();
    return { width: Math.max(1, r.width), height: Math.max(1, r.height) };
  }

  private get comparing(): boolean {
    return Boolean(this.o.settings.compare && this.o.previous && this.prevSeg);
  }

  private resized(): void {
    if (this.disposed) return;
    const first = this.current.canvas.dataset.zoom === undefined;
    const saved = this.o.settings.zoom;
    if (first && saved && saved.width === this.size.width && saved.height === this.size.height) {
      this.zoom.set(centredOn({ x: saved.cx, y: saved.cy }, saved.zoom, this.viewSize(), window.devicePixelRatio || 1));
    } else {
      this.zoom.resized();
    }
  }

  private onTransform(t: ViewTransform, fitted: boolean): void {
    const zoom = t.scale * (window.devicePixelRatio || 1);
    this.zoomLabel.textContent = fitted ? l10n.t('{0} (fit)', formatZoom(zoom)) : formatZoom(zoom);
    for (const v of [this.current, this.before]) {
      v.canvas.dataset.zoom = String(+zoom.toFixed(6));
      v.canvas.dataset.pan = `${+t.tx.toFixed(2)},${+t.ty.toFixed(2)}`;
      v.canvas.dataset.fitted = String(fitted);
    }
    const c = viewCentre(t, this.viewSize());
    this.o.settings.zoom = fitted ? undefined : { zoom, cx: c.x, cy: c.y, width: this.size.width, height: this.size.height };
    this.o.viewChanged();
    this.updateProbe();
    this.schedule();
  }

  /** Rebuilds the overlay layers from the labels, colours, hidden classes and heatmap choice, then redraws. */
  refreshOverlay(): void {
    const { settings } = this.o;
    const seg = this.seg;
    if (seg) {
      const rgba = scratchRgba(seg.width * seg.height);
      putRgba(this.maskLayer, buildMaskRgbaInto(rgba, this.labels, this.o.palette(), settings.hidden), seg.width, seg.height);
      if (this.heatmapClass() !== undefined) {
        const heat = buildHeatmapRgbaInto(
          scratchRgba(seg.width * seg.height),
          new Float32Array(seg.probabilities),
          seg.probabilityChannels,
          this.heatmapClass() as number,
          colormapLut(),
        );
        putRgba((this.extra.heat ??= layerCanvas()), heat, seg.width, seg.height);
      }
    }
    const prev = this.prevSeg;
    if (prev) {
      const rgba = scratchRgba(prev.width * prev.height);
      putRgba(
        (this.extra.prevMask ??= layerCanvas()),
        buildMaskRgbaInto(rgba, new Uint8Array(prev.labels), this.o.previousPalette(), settings.hidden),
        prev.width,
        prev.height,
      );
    }
    this.schedule();
  }

  /** The class drawn as a heatmap, when the setting names one the output has probabilities for. */
  heatmapClass(): number | undefined {
    const k = this.o.settings.heatmap;
    return this.seg && k !== undefined && canHeatmap(this.seg.probabilityChannels, k) ? k : undefined;
  }

  /** Applies the compare settings (on/off, swipe or side by side, disagreement highlight) and redraws. */
  refreshCompare(): void {
    const comparing = this.comparing;
    const side = comparing && this.o.settings.compareMode === 'side';
    this.before.figure.hidden = !side;
    this.current.caption.hidden = !side;
    this.swipeRow.hidden = !(comparing && !side);
    this.element.dataset.compare = comparing ? this.o.settings.compareMode : 'off';
    this.element.dataset.swipe = String(this.o.settings.swipe);
    const prev = this.o.previous?.result;
    if (comparing && prev) {
      if (prev.image && !this.extra.prevImage) {
        const pi = prev.image;
        putRgba(
          (this.extra.prevImage = layerCanvas(undefined, pi.channels === 3)),
          toRgba(new Uint8Array(pi.pixels), pi.width, pi.height, pi.channels, scratchRgba(pi.width * pi.height)),
          pi.width,
          pi.height,
          pi.channels === 3,
        );
      }
      const d = this.o.disagreement;
      if (d && !this.extra.diff) putRgba((this.extra.diff = layerCanvas()), disagreementRgba(d.different), d.width, d.height);
    }
    // Layout changed (a second view appeared or went): refit or keep the zoom once the browser has laid it out.
    requestAnimationFrame(() => this.resized());
    this.schedule();
  }

  /** Redraws once on the next animation frame, however many changes came before it. */
  schedule(): void {
    if (this.frame || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private composite(which: 'current' | 'previous', highlight: boolean): Composite {
    const { settings } = this.o;
    const opacity = settings.opacity / 100;
    if (which === 'previous') {
      const prev = this.o.previous?.result;
      const base = prev?.image ? this.extra.prevImage : undefined;
      const overlay = this.prevSeg ? this.extra.prevMask : undefined;
      const overlayRegion = this.prevSeg?.maskRegion;
      return {
        size: this.size,
        ...(base ? { base } : {}),
        ...(overlay ? { overlay } : {}),
        ...(overlayRegion ? { overlayRegion } : {}),
        opacity,
      };
    }
    const heat = this.heatmapClass() !== undefined;
    const base = this.imageLayer;
    const overlay = this.seg ? (heat ? this.extra.heat : this.maskLayer) : undefined;
    const overlayRegion = this.seg?.maskRegion;
    const diff = highlight ? this.extra.diff : undefined;
    return {
      size: this.size,
      ...(base ? { base } : {}),
      ...(overlay ? { overlay } : {}),
      ...(overlayRegion ? { overlayRegion } : {}),
      opacity,
      ...(diff ? { highlight: diff } : {}),
    };
  }

  /** Draws every visible view now. */
  draw(): void {
    const dpr = window.devicePixelRatio || 1;
    const view = this.viewSize();
    const t = this.zoom.transform;
    const highlight = this.comparing && this.o.settings.showDiff && Boolean(this.o.disagreement);
    const targets: [Viewport, 'current' | 'previous'][] = [[this.current, 'current']];
    if (!this.before.figure.hidden) targets.push([this.before, 'previous']);
    for (const [v, which] of targets) {
      fitCanvasToView(v.canvas, view, dpr);
      const ctx = v.canvas.getContext('2d');
      if (!ctx) throw new Error('The panel could not get a 2D canvas context to draw the image.');
      const target = { ctx, view, dpr, transform: t };
      clearTarget(target);
      drawComposite(target, this.composite(which, highlight));
    }
    if (this.comparing && this.o.settings.compareMode === 'swipe') {
      const ctx = this.current.canvas.getContext('2d');
      if (!ctx) return;
      const x = (this.o.settings.swipe / 100) * view.width;
      const band = { ctx, view, dpr, transform: t, clipX: [0, x] as [number, number] };
      clearTarget(band);
      drawComposite(band, this.composite('previous', highlight));
      const color = getComputedStyle(this.element).getPropertyValue('--vscode-focusBorder').trim() || '#0078d4';
      drawDivider({ ctx, view, dpr, transform: t }, x, color);
    }
  }

  private updateProbe(): void {
    const list = this.probeList;
    const p = this.pointer;
    const pt = p && this.zoom.imagePoint(p);
    const r = pt && this.probeSource ? probe(this.probeSource, pt.x, pt.y) : undefined;
    const prev = this.comparing ? this.prevSeg : undefined;
    renderProbe(list, r, this.seg ? HINT : l10n.t('Point at the image to read its pixel coordinates.'), (x, y) =>
      prev ? previousClassAt(prev, this.size, x, y) : undefined,
    );
  }

  /** The overlay as shown (image + mask or heatmap at the current opacity), at the image's resolution, as PNG. */
  composePng(): Promise<Blob | null> {
    const canvas = renderComposite(this.composite('current', false));
    return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  }

  /** Stops observing and drawing (the result was replaced). */
  dispose(): void {
    this.disposed = true;
    if (this.frame) cancelAnimationFrame(this.frame);
    for (const c of this.cleanups) c();
    const x = this.extra;
    releaseLayerCanvas(this.imageLayer, this.maskLayer, x.heat, x.diff, x.prevImage, x.prevMask);
  }
}
