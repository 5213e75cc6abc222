// "Resized larger, then centre-cropped" (torchvision Resize + CenterCrop, timm crop_pct, OpenCV zoo demos) and
// "central crop, then resize" (tf.image.central_crop, TF slim eval): the geometry matches the libraries' arithmetic,
// and diagnose names the fit on dumps written by that real code (test/golden/realdumps/heldout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { centralCropRegion, cropWindow, isCropPlacement, resizeCropGeometries } from '../../src/core/diagnose/crop-alts';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { loadTensorFile } from '../../src/core/tensor/load';
import { parseSpec } from '../../src/core/spec/parse';

const DIR = path.resolve(__dirname, '../../../test/golden/realdumps/heldout');

async function run(dump: string, spec: string): Promise<Awaited<ReturnType<typeof diagnose>>> {
  const s = parseSpec(fs.readFileSync(path.join(DIR, spec), 'utf8'), spec).spec;
  assert.ok(s);
  const t = [...(await loadTensorFile(path.join(DIR, dump))).tensors.values()][0];
  return diagnose(t, { image: path.join(DIR, 'image.png'), spec: s });
}

test('the ImageNet eval geometry: Resize(256) on the shorter side then CenterCrop(224), as torchvision rounds it', () => {
  const g = resizeCropGeometries(500, 375, 224, 224, 0.875);
  // torchvision: 256 × int(256·500/375) = 341 wide; left int(round((341 − 224) / 2)) = round(58.5) = 58 (half to even).
  assert.ok(g.some((x) => x.mode === 'shorter-side' && x.side === 256 && x.width === 341 && x.height === 256 && x.left === 58 && x.top === 16));
  // cv.resize(img, (256, 256)) then image[16:240, 16:240] (the OpenCV zoo demos).
  assert.ok(g.some((x) => x.mode === 'square' && x.width === 256 && x.height === 256 && x.left === 16 && x.top === 16));
  assert.ok(g.every((x) => x.width >= 224 && x.height >= 224));
});

test('tf.image.central_crop keeps int((side − side·f) / 2) off each edge', () => {
  assert.deepEqual(centralCropRegion(120, 90, 0.875), { left: 7, top: 5, width: 106, height: 80 });
  assert.deepEqual(centralCropRegion(256, 256, 0.875), { left: 16, top: 16, width: 224, height: 224 });
});

test('a crop placement takes the window at the offset; a padded placement is not one', () => {
  const inner = { width: 4, height: 3, channels: 1, data: Float32Array.from({ length: 12 }, (_, i) => i) };
  const place = { left: -1, top: -1, width: 4, height: 3 };
  assert.ok(isCropPlacement(place, 2, 2));
  assert.deepEqual(Array.from(cropWindow(inner, 2, 2, place).data), [5, 6, 9, 10]);
  assert.ok(!isCropPlacement({ left: 2, top: 0, width: 4, height: 4 }, 8, 4));
});

test('the OpenCV zoo MobileNet demo (resize to 256, crop [16:240]) against a stretched spec: the fit is named, with the recipe', async () => {
  const d = await run('py-zoo.npy', 'spec-imagenet-cv2-nchw.json');
  assert.equal(d.status, 'explained', d.summary);
  assert.equal(d.causes[0].id, 'resize-fit');
  assert.match(d.causes[0].evidence, /then centre-cropped to 48×48 at x 3, y 3 .*87\.5%/);
  assert.match(d.causes[0].fix, /drop the larger resize and the centre crop/);
});

test('torchvision Resize + CenterCrop against an aspect-ratio crop spec: the fit is named', async () => {
  const d = await run('py-torchvision_eval.npy', 'spec-imagenet-pil-crop-nchw.json');
  assert.equal(d.status, 'explained', d.summary);
  assert.equal(d.causes[0].id, 'resize-fit');
  assert.match(d.causes[0].evidence, /torchvision Resize\(54\)\), 72×54/);
});

test('TF slim eval preprocessing (central crop, TF1 bilinear): the fit and the kernel are both named', async () => {
  const d = await run('py-slim_inception_eval.npy', 'spec-pm1-tf.json');
  assert.equal(d.status, 'explained', d.summary);
  assert.deepEqual(
    d.causes.slice(0, 2).map((c) => c.id),
    ['resize-fit', 'resize-kernel'],
  );
  assert.match(d.causes[0].evidence, /central 0\.875 of the image \(106×80 .*tf\.image\.central_crop/);
  assert.match(d.causes[1].evidence, /TF1 tf\.compat\.v1\.image\.resize_bilinear/);
});

test('a dump made exactly as the spec says is not called cropped', async () => {
  const d = await run('py-label_image.npy', 'spec-pm1-pil-bicubic.json');
  assert.deepEqual(d.causes, []);
});

test('timm eval (crop_pct 0.95, bicubic) against a bilinear crop spec: the fit and the kernel, found at a fraction other than 224/256', async () => {
  const d = await run('py-timm_eval.npy', 'spec-imagenet-pil-bilinear-crop-nchw.json');
  assert.equal(d.status, 'explained', d.summary);
  assert.deepEqual(
    d.causes.slice(0, 2).map((c) => c.id),
    ['resize-fit', 'resize-kernel'],
  );
  assert.match(d.causes[0].evidence, /torchvision Resize\(50\)\), 66×50, then centre-cropped .*95%/);
  assert.match(d.causes[1].evidence, /BICUBIC/);
});
