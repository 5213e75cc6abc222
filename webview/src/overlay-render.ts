// Drawing the result overlay with canvas 2D: layer canvases (image, mask or heatmap, disagreement) composed into a
// view canvas under a zoom/pan transform. The panel and bench/render.mjs both use this module.

import type { MaskRegion } from '../../src/protocol';
import type { Size, ViewTransform } from './zoom';

/** A canvas holding one layer's pixels at that layer's own resolution. */
export type LayerCanvas = HTMLCanvasElement | OffscreenCanvas;

/**
 * Writes RGBA pixels into `canvas`, resizing it to width × height when needed. `opaque` (for images without alpha)
 * lets the browser skip alpha handling; it only takes effect on a canvas's first use.
 */
export function putRgba(canvas: LayerCanvas, rgba: Uint8ClampedArray, width: number, height: number, opaque = false): void {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d', { alpha: !opaque }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if ('dataset' in canvas && canvas.dataset.tpAlpha === undefined) canvas.dataset.tpAlpha = opaque ? 'opaque' : 'alpha';
  if (!ctx) throw new Error('The panel could not get a 2D canvas context to draw the overlay.');
  if (rgba.length !== width * height * 4) throw new Error(`Layer has ${rgba.length} bytes, expected ${width * height * 4} for ${width}×${height}.`);
  const data = new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height);
  ctx.putImageData(data, 0, 0);
}

const scratch = new Map<number, Uint8ClampedArray>();

/**
 * A reusable RGBA buffer for `pixels` pixels, for data that is copied into a canvas right away (putImageData copies).
 * Reusing it spares a fresh 16 MB allocation, and its page faults, for every 2048×2048 layer. Keeps the last 3 sizes.
 */
export function scratchRgba(pixels: number): Uint8ClampedArray {
  const bytes = pixels * 4;
  let buf = scratch.get(bytes);
  if (buf) {
    scratch.delete(bytes);
  } else {
    buf = new Uint8ClampedArray(bytes);
    while (scratch.size >= 3) scratch.delete(scratch.keys().next().value as number);
  }
  scratch.set(bytes, buf);
  return buf;
}

const idleCanvases: HTMLCanvasElement[] = [];

/** Whether a canvas's 2D context was made opaque (alpha: false); fixed at its first getContext. */
function isOpaque(c: LayerCanvas): boolean | undefined {
  const mark = 'dataset' in c ? c.dataset.tpAlpha : undefined;
  return mark === undefined ? undefined : mark === 'opaque';
}

/**
 * A layer canvas, reused from a result that is no longer shown when one with the same opacity kind is idle: a
 * 2048×2048 canvas keeps its 16 MB backing store, so the next image of a batch does not allocate it again.
 * Give it back with releaseLayerCanvas.
 */
export function takeLayerCanvas(opaque = false): HTMLCanvasElement {
  const i = idleCanvases.findIndex((c) => isOpaque(c) === opaque);
  return i >= 0 ? idleCanvases.splice(i, 1)[0] : document.createElement('canvas');
}

/** Returns layer canvases for reuse (at most 4 are kept; ids and DOM position are cleared). */
export function releaseLayerCanvas(...canvases: (HTMLCanvasElement | undefined)[]): void {
  for (const c of canvases) {
    if (!c || idleCanvases.includes(c)) continue;
    c.remove();
    c.removeAttribute('id');
    if (idleCanvases.length < 4 && isOpaque(c) !== undefined) idleCanvases.push(c);
    else {
      c.width = 0;
      c.height = 0;
    }
  }
}

/** One picture to draw: a base image and, on top, an overlay stretched over it. */
export interface Composite {
  /** Size of the picture in image pixels; every layer is stretched to it. */
  size: Size;
  /** The image (absent → a checkerboard, for tensor inputs that are not image-shaped). */
  base?: LayerCanvas;
  /** The mask or heatmap, at model-output resolution. */
  overlay?: LayerCanvas;
  /** Part of the overlay that covers the image (letterbox/keep-aspect padding excluded); absent = all of it. */
  overlayRegion?: MaskRegion;
  /** Overlay opacity 0..1. */
  opacity: number;
  /** A second overlay drawn opaque on top (the disagreement highlight), same grid and region as `overlay`. */
  highlight?: LayerCanvas;
}

/** Where and how to draw. */
export interface DrawTarget {
  ctx: CanvasRenderingContext2D;
  /** View size in CSS pixels; the canvas holds view × dpr device pixels. */
  view: Size;
  dpr: number;
  transform: ViewTransform;
  /** Only draw the part of the view with x in [fromX, toX) (CSS pixels), for the swipe divider. */
  clipX?: [number, number];
}

let checker: CanvasPattern | null | undefined;

function checkerPattern(ctx: CanvasRenderingContext2D): CanvasPattern | null {
  if (checker !== undefined) return checker;
  const tile = document.createElement('canvas');
  tile.width = 16;
  tile.height = 16;
  const t = tile.getContext('2d');
  if (!t) return (checker = null);
  t.fillStyle = 'rgba(128,128,128,0.28)';
  t.fillRect(0, 0, 16, 16);
  t.fillStyle = 'rgba(128,128,128,0.12)';
  t.fillRect(0, 0, 8, 8);
  t.fillRect(8, 8, 8, 8);
  checker = ctx.createPattern(tile, 'repeat');
  return checker;
}

/** Clears the target (or its clip band) to transparent so the themed background shows. */
export function clearTarget(target: DrawTarget): void {
  const { ctx, view, dpr, clipX } = target;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  if (clipX) ctx.clearRect(Math.round(clipX[0] * dpr), 0, Math.round((clipX[1] - clipX[0]) * dpr), Math.round(view.height * dpr));
  else ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
}

/**
 * Draws a composite into the target under its transform. The image is smoothed only when shrunk; the overlay is
 * always drawn with nearest-neighbour sampling, so model-output pixels stay crisp squares when zoomed in.
 */
export function drawComposite(target: DrawTarget, c: Composite): void {
  const { ctx, dpr, transform: t, clipX, view } = target;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  if (clipX) {
    ctx.beginPath();
    ctx.rect(clipX[0] * dpr, 0, (clipX[1] - clipX[0]) * dpr, view.height * dpr);
    ctx.clip();
  }
  const s = t.scale * dpr;
  ctx.setTransform(s, 0, 0, s, t.tx * dpr, t.ty * dpr);
  const { width: w, height: h } = c.size;
  if (c.base) {
    ctx.imageSmoothingEnabled = s < 1;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(c.base, 0, 0, w, h);
  } else {
    const pattern = checkerPattern(ctx);
    ctx.save();
    ctx.setTransform(dpr, 0, 0, dpr, t.tx * dpr, t.ty * dpr);
    ctx.fillStyle = pattern ?? 'rgba(128,128,128,0.2)';
    ctx.fillRect(0, 0, w * t.scale, h * t.scale);
    ctx.restore();
  }
  ctx.imageSmoothingEnabled = false;
  const r = c.overlayRegion;
  const drawLayer = (layer: LayerCanvas): void => {
    if (r) ctx.drawImage(layer, r.left, r.top, r.width, r.height, 0, 0, w, h);
    else ctx.drawImage(layer, 0, 0, w, h);
  };
  if (c.overlay && c.opacity > 0) {
    ctx.globalAlpha = Math.min(1, c.opacity);
    drawLayer(c.overlay);
  }
  if (c.highlight) {
    ctx.globalAlpha = 1;
    drawLayer(c.highlight);
  }
  ctx.restore();
}

/** Draws the swipe divider: a 2-CSS-pixel line at x with a small grip, in `color`. */
export function drawDivider(target: DrawTarget, x: number, color: string): void {
  const { ctx, dpr, view } = target;
  ctx.save();
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = color;
  ctx.fillRect(Math.round(x) - 1, 0, 2, view.height);
  const gy = view.height / 2;
  ctx.beginPath();
  ctx.arc(Math.round(x), gy, 9, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = 'rgba(255,255,255,0.9)';
  ctx.fillRect(Math.round(x) - 4, gy - 4, 2, 8);
  ctx.fillRect(Math.round(x) + 2, gy - 4, 2, 8);
  ctx.restore();
}

/** Sizes a view canvas's backing store to its CSS size × dpr; returns true when it changed. */
export function fitCanvasToView(canvas: HTMLCanvasElement, view: Size, dpr: number): boolean {
  const w = Math.max(1, Math.round(view.width * dpr));
  const h = Math.max(1, Math.round(view.height * dpr));
  if (canvas.width === w && canvas.height === h) return false;
  canvas.width = w;
  canvas.height = h;
  return true;
}

/** The composite at its own resolution (1 image pixel = 1 canvas pixel), e.g. for PNG export. */
export function renderComposite(c: Composite, canvas: HTMLCanvasElement = document.createElement('canvas')): HTMLCanvasElement {
  canvas.width = Math.max(1, c.size.width);
  canvas.height = Math.max(1, c.size.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('The panel could not get a 2D canvas context to export the overlay.');
  drawComposite({ ctx, view: c.size, dpr: 1, transform: { scale: 1, tx: 0, ty: 0 } }, c);
  return canvas;
}
