// Page-side code of bench/render.mjs: renders a 2048×2048 overlay with the result panel's own modules
// (toRgba, buildMaskRgbaInto, paletteFor, putRgba, drawComposite), and times each path a user triggers.

import { buildMaskRgbaInto, paletteFor, toRgba } from '../../webview/src/overlay';
import { clearTarget, drawComposite, fitCanvasToView, putRgba, releaseLayerCanvas, scratchRgba, takeLayerCanvas } from '../../webview/src/overlay-render';

/** Timings of one run, in milliseconds. */
export interface RenderTimings {
  firstPaint: number;
  recolour: number;
  redraw: number;
}

declare global {
  interface Window {
    setupRender(size: number): void;
    renderOnce(run: number): RenderTimings;
  }
}

let image: Uint8Array;
let labels: Uint8Array;
let size = 0;
const classes = [
  { label: 'background', color: '#00000000' },
  { label: 'person', color: '#ff3b30' },
  { label: 'car', color: '#4e79a7' },
  { label: 'tree', color: '#59a14f80' },
];

/** Builds a synthetic RGB image (gradients) and a 4-class label mask (discs and bands) of size × size. */
window.setupRender = (n: number): void => {
  size = n;
  image = new Uint8Array(n * n * 3);
  labels = new Uint8Array(n * n);
  for (let y = 0, p = 0; y < n; y++) {
    for (let x = 0; x < n; x++, p++) {
      image[p * 3] = (x * 255) / n;
      image[p * 3 + 1] = (y * 255) / n;
      image[p * 3 + 2] = ((x + y) * 127) / n;
      const dx = x - n / 2;
      const dy = y - n / 2;
      labels[p] = dx * dx + dy * dy < (n * n) / 9 ? 1 : y > n * 0.8 ? 2 : x < n * 0.15 ? 3 : 0;
    }
  }
};

/** A full render of the overlay, then the colour-change path, then a redraw (zoom, pan or opacity). */
window.renderOnce = (run: number): RenderTimings => {
  // A new result, as ResultStage builds it: a new view canvas, layer canvases from the pool the last result released.
  const view = document.createElement('canvas');
  const imageLayer = takeLayerCanvas(true);
  const maskLayer = takeLayerCanvas();
  const ctx = view.getContext('2d');
  if (!ctx) throw new Error('no 2D context');
  const viewSize = { width: size, height: size };
  const flush = (): void => {
    ctx.getImageData(0, 0, 1, 1);
  };
  const compose = (opacity: number): void => {
    const target = { ctx, view: viewSize, dpr: 1, transform: { scale: 1, tx: 0, ty: 0 } };
    clearTarget(target);
    drawComposite(target, { size: viewSize, base: imageLayer, overlay: maskLayer, opacity });
  };

  let t0 = performance.now();
  fitCanvasToView(view, viewSize, 1);
  // The same calls as ResultStage: RGB → RGBA into a reused buffer, then each layer into its canvas.
  putRgba(imageLayer, toRgba(image, size, size, 3, scratchRgba(size * size)), size, size, true);
  putRgba(maskLayer, buildMaskRgbaInto(scratchRgba(size * size), labels, paletteFor(classes), new Set()), size, size);
  compose(0.6);
  flush();
  const firstPaint = performance.now() - t0;

  // A colour picked in the legend: rebuild the mask layer (no host round-trip) and compose.
  t0 = performance.now();
  putRgba(
    maskLayer,
    buildMaskRgbaInto(scratchRgba(size * size), labels, paletteFor(classes, { person: run % 2 ? '#00ff00' : '#0000ff' }), new Set()),
    size,
    size,
  );
  compose(0.6);
  flush();
  const recolour = performance.now() - t0;

  // Zoom, pan or the opacity slider: compose only.
  t0 = performance.now();
  compose(0.4);
  flush();
  const redraw = performance.now() - t0;
  releaseLayerCanvas(imageLayer, maskLayer);
  return { firstPaint, recolour, redraw };
};
