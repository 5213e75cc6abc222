// Zoom and pan math for the result panel's image view. Pure (no DOM), so the unit tests run it in Node.
// A transform maps image pixels to CSS pixels of the view: screen = image × scale + (tx, ty).

/** Image → view mapping: screen = image × scale + translation, in CSS pixels. */
export interface ViewTransform {
  scale: number;
  tx: number;
  ty: number;
}

/** A width and height in pixels. */
export interface Size {
  width: number;
  height: number;
}

/** Smallest zoom (device pixels per image pixel). */
export const MIN_ZOOM = 1 / 32;
/** Largest zoom (device pixels per image pixel). */
export const MAX_ZOOM = 64;

/** The zoom levels the +/− buttons and keys step through (device pixels per image pixel). */
export const ZOOM_STEPS: readonly number[] = [1 / 32, 1 / 16, 1 / 8, 1 / 6, 1 / 4, 1 / 3, 1 / 2, 2 / 3, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];

/** Clamps a CSS scale so that the zoom (scale × devicePixelRatio) stays within MIN_ZOOM..MAX_ZOOM. */
export function clampScale(scale: number, dpr = 1): number {
  if (!Number.isFinite(scale) || scale <= 0) return 1 / dpr;
  return Math.min(MAX_ZOOM / dpr, Math.max(MIN_ZOOM / dpr, scale));
}

/** The transform that shows the whole image centred in the view (never zero or negative). */
export function fitTransform(image: Size, view: Size, dpr = 1): ViewTransform {
  const iw = Math.max(1, image.width);
  const ih = Math.max(1, image.height);
  const vw = Math.max(1, view.width);
  const vh = Math.max(1, view.height);
  const scale = clampScale(Math.min(vw / iw, vh / ih), dpr);
  return { scale, tx: (vw - iw * scale) / 2, ty: (vh - ih * scale) / 2 };
}

/** The transform that shows the image at `zoom` device pixels per image pixel, keeping the image point under the view centre. */
export function zoomTo(t: ViewTransform, zoom: number, view: Size, dpr = 1): ViewTransform {
  return zoomAt(t, clampScale(zoom / dpr, dpr) / t.scale, view.width / 2, view.height / 2, dpr);
}

/** Zooms by `factor` around the view point (cx, cy): that point shows the same image pixel before and after. */
export function zoomAt(t: ViewTransform, factor: number, cx: number, cy: number, dpr = 1): ViewTransform {
  const scale = clampScale(t.scale * factor, dpr);
  const k = scale / t.scale;
  return { scale, tx: cx - (cx - t.tx) * k, ty: cy - (cy - t.ty) * k };
}

/** Moves the image by (dx, dy) CSS pixels. */
export function panBy(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { scale: t.scale, tx: t.tx + dx, ty: t.ty + dy };
}

/**
 * Keeps at least `margin` CSS pixels of the image inside the view (or the whole image when it is smaller than
 * the margin), so a drag can never lose the picture.
 */
export function clampPan(t: ViewTransform, image: Size, view: Size, margin = 48): ViewTransform {
  const w = image.width * t.scale;
  const h = image.height * t.scale;
  const mx = Math.min(margin, w, view.width);
  const my = Math.min(margin, h, view.height);
  const tx = Math.min(view.width - mx, Math.max(mx - w, t.tx));
  const ty = Math.min(view.height - my, Math.max(my - h, t.ty));
  return { scale: t.scale, tx, ty };
}

/** The image point (fractional pixels) under view point (sx, sy). */
export function viewToImage(t: ViewTransform, sx: number, sy: number): { x: number; y: number } {
  return { x: (sx - t.tx) / t.scale, y: (sy - t.ty) / t.scale };
}

/** The view point of image point (x, y). */
export function imageToView(t: ViewTransform, x: number, y: number): { x: number; y: number } {
  return { x: x * t.scale + t.tx, y: y * t.scale + t.ty };
}

/** The next zoom step above (direction 1) or below (−1) the current zoom; stays put at the limits. */
export function stepZoom(zoom: number, direction: 1 | -1): number {
  const eps = 1e-6;
  if (direction > 0) return ZOOM_STEPS.find((z) => z > zoom * (1 + eps)) ?? MAX_ZOOM;
  for (let i = ZOOM_STEPS.length - 1; i >= 0; i--) if (ZOOM_STEPS[i] < zoom * (1 - eps)) return ZOOM_STEPS[i];
  return MIN_ZOOM;
}

/** The zoom factor for one wheel event: smooth for trackpads, about ×1.2 per mouse-wheel notch. */
export function wheelZoomFactor(deltaY: number, deltaMode = 0): number {
  const pixels = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  const clamped = Math.max(-300, Math.min(300, pixels));
  return Math.exp(-clamped * 0.0018);
}

/** A zoom for display: "100%", "250%", "12.5%", "3.1%". */
export function formatZoom(zoom: number): string {
  const pct = zoom * 100;
  if (!Number.isFinite(pct)) return '–';
  if (pct >= 100) return `${Math.round(pct)}%`;
  if (pct >= 10) return `${+pct.toFixed(1)}%`;
  return `${+pct.toFixed(2)}%`;
}

/** The image point at the centre of the view, for saving a view that a reload can restore. */
export function viewCentre(t: ViewTransform, view: Size): { x: number; y: number } {
  return viewToImage(t, view.width / 2, view.height / 2);
}

/** The transform at `zoom` that puts image point `centre` in the middle of the view. */
export function centredOn(centre: { x: number; y: number }, zoom: number, view: Size, dpr = 1): ViewTransform {
  const scale = clampScale(zoom / dpr, dpr);
  return { scale, tx: view.width / 2 - centre.x * scale, ty: view.height / 2 - centre.y * scale };
}
