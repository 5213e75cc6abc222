// Wires pointer, wheel and keyboard input on the view canvases to a zoom/pan transform. The math lives in zoom.ts.

import { clampPan, fitTransform, panBy, Size, stepZoom, ViewTransform, viewToImage, wheelZoomFactor, zoomAt, zoomTo } from './zoom';

/** What the controller needs from the stage that owns it. */
export interface ZoomHost {
  /** Image size in image pixels. */
  imageSize(): Size;
  /** Size of one view in CSS pixels. */
  viewSize(): Size;
  dpr(): number;
  /** Called after every change of the transform (`fitted` = the view follows "fit" on resize). */
  changed(t: ViewTransform, fitted: boolean): void;
  /** The pointer (or the keyboard focus point) is over view point (x, y); undefined when it left. */
  pointAt(p: { x: number; y: number } | undefined): void;
}

const KEY_PAN = 40;

/** Owns the transform of the image views and turns user input into zoom and pan. */
export class ZoomController {
  private t: ViewTransform = { scale: 1, tx: 0, ty: 0 };
  private fitted = true;
  private drag: { id: number; x: number; y: number; moved: boolean } | undefined;

  constructor(private readonly host: ZoomHost) {}

  /** The current transform. */
  get transform(): ViewTransform {
    return this.t;
  }

  /** True while the view follows "fit" (no zoom or pan by the user since). */
  get isFitted(): boolean {
    return this.fitted;
  }

  /** Zoom in device pixels per image pixel. */
  get zoom(): number {
    return this.t.scale * this.host.dpr();
  }

  /** Sets a transform (clamped so the image stays in view). */
  set(t: ViewTransform, fitted = false): void {
    this.t = fitted ? t : clampPan(t, this.host.imageSize(), this.host.viewSize());
    this.fitted = fitted;
    this.host.changed(this.t, fitted);
  }

  /** Shows the whole image. */
  fit(): void {
    this.set(fitTransform(this.host.imageSize(), this.host.viewSize(), this.host.dpr()), true);
  }

  /** One image pixel per device pixel, keeping the view centre. */
  oneToOne(): void {
    this.set(zoomTo(this.t, 1, this.host.viewSize(), this.host.dpr()));
  }

  /** Steps the zoom in (1) or out (−1) around the view centre. */
  step(direction: 1 | -1): void {
    this.set(zoomTo(this.t, stepZoom(this.zoom, direction), this.host.viewSize(), this.host.dpr()));
  }

  /** Re-applies fit after the view was resized, if the user has not zoomed; else keeps the transform in bounds. */
  resized(): void {
    if (this.fitted) this.fit();
    else this.set(this.t);
  }

  /** Attaches the input handlers to a view canvas; returns a function that detaches them. */
  attach(canvas: HTMLCanvasElement): () => void {
    const local = (ev: MouseEvent): { x: number; y: number } => {
      const r = canvas.getBoundingClientRect();
      return { x: ev.clientX - r.left, y: ev.clientY - r.top };
    };
    const onWheel = (ev: WheelEvent): void => {
      ev.preventDefault();
      const p = local(ev);
      this.set(zoomAt(this.t, wheelZoomFactor(ev.deltaY, ev.deltaMode), p.x, p.y, this.host.dpr()));
      this.host.pointAt(p);
    };
    const onDown = (ev: PointerEvent): void => {
      if (ev.button !== 0) return;
      canvas.setPointerCapture(ev.pointerId);
      this.drag = { id: ev.pointerId, x: ev.clientX, y: ev.clientY, moved: false };
      canvas.classList.add('tp-dragging');
    };
    const onMove = (ev: PointerEvent): void => {
      const d = this.drag;
      if (d && d.id === ev.pointerId) {
        const dx = ev.clientX - d.x;
        const dy = ev.clientY - d.y;
        if (!d.moved && Math.abs(dx) + Math.abs(dy) < 3) return;
        d.moved = true;
        d.x = ev.clientX;
        d.y = ev.clientY;
        this.set(panBy(this.t, dx, dy));
      }
      this.host.pointAt(local(ev));
    };
    const onUp = (ev: PointerEvent): void => {
      if (this.drag?.id !== ev.pointerId) return;
      this.drag = undefined;
      canvas.classList.remove('tp-dragging');
      if (canvas.hasPointerCapture(ev.pointerId)) canvas.releasePointerCapture(ev.pointerId);
    };
    const onLeave = (): void => {
      if (!this.drag) this.host.pointAt(undefined);
    };
    const onDblClick = (ev: MouseEvent): void => {
      const p = local(ev);
      this.set(zoomAt(this.t, ev.shiftKey ? 0.5 : 2, p.x, p.y, this.host.dpr()));
    };
    const onKey = (ev: KeyboardEvent): void => {
      if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
      const fast = ev.shiftKey ? 5 : 1;
      const handled = ((): boolean => {
        switch (ev.key) {
          case '+':
          case '=':
            this.step(1);
            return true;
          case '-':
          case '_':
            this.step(-1);
            return true;
          case '0':
            this.fit();
            return true;
          case '1':
            this.oneToOne();
            return true;
          case 'ArrowLeft':
            this.set(panBy(this.t, KEY_PAN * fast, 0));
            return true;
          case 'ArrowRight':
            this.set(panBy(this.t, -KEY_PAN * fast, 0));
            return true;
          case 'ArrowUp':
            this.set(panBy(this.t, 0, KEY_PAN * fast));
            return true;
          case 'ArrowDown':
            this.set(panBy(this.t, 0, -KEY_PAN * fast));
            return true;
          default:
            return false;
        }
      })();
      if (!handled) return;
      ev.preventDefault();
      const v = this.host.viewSize();
      this.host.pointAt({ x: v.width / 2, y: v.height / 2 });
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerup', onUp);
    canvas.addEventListener('pointercancel', onUp);
    canvas.addEventListener('pointerleave', onLeave);
    canvas.addEventListener('dblclick', onDblClick);
    canvas.addEventListener('keydown', onKey);
    return () => {
      canvas.removeEventListener('wheel', onWheel);
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointercancel', onUp);
      canvas.removeEventListener('pointerleave', onLeave);
      canvas.removeEventListener('dblclick', onDblClick);
      canvas.removeEventListener('keydown', onKey);
    };
  }

  /** The image point under view point p. */
  imagePoint(p: { x: number; y: number }): { x: number; y: number } {
    return viewToImage(this.t, p.x, p.y);
  }
}
