// Zoom and pan of the result panel's image view: fit, zoom around the pointer, steps, 1:1, pan limits, readable labels.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  centredOn,
  clampPan,
  clampScale,
  fitTransform,
  formatZoom,
  imageToView,
  MAX_ZOOM,
  MIN_ZOOM,
  panBy,
  stepZoom,
  viewCentre,
  viewToImage,
  wheelZoomFactor,
  zoomAt,
  zoomTo,
} from '../../webview/src/zoom';

const close = (a: number, b: number, eps = 1e-9): boolean => Math.abs(a - b) <= eps;

test('fit shows the whole image centred, limited by the tighter side', () => {
  const t = fitTransform({ width: 512, height: 256 }, { width: 800, height: 600 });
  assert.equal(t.scale, 800 / 512);
  assert.equal(t.tx, 0);
  assert.equal(t.ty, (600 - 256 * t.scale) / 2);
  const tall = fitTransform({ width: 100, height: 400 }, { width: 800, height: 200 });
  assert.equal(tall.scale, 0.5);
  assert.equal(tall.tx, (800 - 50) / 2);
  const empty = fitTransform({ width: 0, height: 0 }, { width: 0, height: 0 });
  assert.ok(empty.scale > 0 && Number.isFinite(empty.tx), 'a zero-size image or view never yields a broken transform');
});

test('zooming around a point keeps the image pixel under that point', () => {
  const t = { scale: 2, tx: 10, ty: -30 };
  const before = viewToImage(t, 123, 77);
  const z = zoomAt(t, 3, 123, 77);
  assert.equal(z.scale, 6);
  const after = viewToImage(z, 123, 77);
  assert.ok(close(before.x, after.x) && close(before.y, after.y), `${JSON.stringify(before)} vs ${JSON.stringify(after)}`);
  const back = imageToView(z, after.x, after.y);
  assert.ok(close(back.x, 123) && close(back.y, 77));
});

test('zoom is clamped, and 1:1 accounts for the device pixel ratio', () => {
  assert.equal(clampScale(1e9), MAX_ZOOM);
  assert.equal(clampScale(1e-9), MIN_ZOOM);
  assert.equal(clampScale(Number.NaN, 2), 0.5);
  assert.equal(zoomAt({ scale: 60, tx: 0, ty: 0 }, 10, 0, 0).scale, MAX_ZOOM);
  // On a 2× screen one image pixel per device pixel is half a CSS pixel.
  const one = zoomTo({ scale: 3, tx: 0, ty: 0 }, 1, { width: 400, height: 300 }, 2);
  assert.equal(one.scale, 0.5);
  assert.equal(clampScale(100, 2), MAX_ZOOM / 2);
});

test('the +/− steps walk through round zoom levels and stop at the limits', () => {
  assert.equal(stepZoom(1, 1), 1.5);
  assert.equal(stepZoom(1, -1), 2 / 3);
  assert.equal(stepZoom(1.11, 1), 1.5);
  assert.equal(stepZoom(1.11, -1), 1);
  assert.equal(stepZoom(MAX_ZOOM, 1), MAX_ZOOM);
  assert.equal(stepZoom(MIN_ZOOM, -1), MIN_ZOOM);
});

test('wheel: scrolling up zooms in, down zooms out, line and page modes are scaled, huge deltas are tamed', () => {
  assert.ok(wheelZoomFactor(-100) > 1);
  assert.ok(wheelZoomFactor(100) < 1);
  assert.ok(close(wheelZoomFactor(100) * wheelZoomFactor(-100), 1));
  assert.equal(wheelZoomFactor(3, 1), wheelZoomFactor(48, 0));
  assert.equal(wheelZoomFactor(1e6), wheelZoomFactor(300));
});

test('panning moves the image; the pan limit keeps part of the image in view', () => {
  assert.deepEqual(panBy({ scale: 2, tx: 1, ty: 2 }, 10, -5), { scale: 2, tx: 11, ty: -3 });
  const image = { width: 100, height: 100 };
  const view = { width: 400, height: 300 };
  const far = clampPan({ scale: 1, tx: 5000, ty: -5000 }, image, view, 48);
  assert.equal(far.tx, 400 - 48, 'at least 48 px of the image stay visible on the right');
  assert.equal(far.ty, 48 - 100, 'and at the top');
  const inside = { scale: 1, tx: 20, ty: 30 };
  assert.deepEqual(clampPan(inside, image, view), inside, 'a visible image is left alone');
});

test('a saved view (zoom + centre) restores to the same centre', () => {
  const view = { width: 640, height: 480 };
  const t = centredOn({ x: 200, y: 150 }, 4, view);
  const c = viewCentre(t, view);
  assert.ok(close(c.x, 200) && close(c.y, 150));
  assert.equal(t.scale, 4);
});

test('zoom labels read naturally', () => {
  assert.equal(formatZoom(1), '100%');
  assert.equal(formatZoom(2.5), '250%');
  assert.equal(formatZoom(1.1111), '111%');
  assert.equal(formatZoom(0.625), '62.5%');
  assert.equal(formatZoom(1 / 32), '3.13%');
  assert.equal(formatZoom(Number.NaN), '–');
});
