import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { convertColor, removeAlpha, rgbToGray } from '../../src/core/preprocess/color';
import { decodeImage } from '../../src/core/preprocess/decode';
import { ImageError } from '../../src/core/preprocess/errors';
import { toLayout } from '../../src/core/preprocess/layout';
import { normalizePixels, toInputDtype } from '../../src/core/preprocess/normalize';
import { preprocessImage } from '../../src/core/preprocess/pipeline';
import { parseSpec, type InputSpec, type Spec } from '../../src/core/spec';
import { compare, golden, manifest, readGolden, ROOT } from './preprocess-helpers';

function demoSpec(): Spec {
  const { spec } = parseSpec(readFileSync(path.join(ROOT, 'demo/tensorparity.json'), 'utf8'));
  assert.ok(spec);
  return spec;
}

function inputSpec(overrides: Record<string, unknown>): InputSpec {
  const { spec, problems } = parseSpec(JSON.stringify({ model: { path: 'm.json' }, input: overrides }));
  assert.ok(spec, JSON.stringify(problems));
  return spec.input;
}

for (const c of manifest().pipeline) {
  test(`whole pipeline matches TF + numpy: ${c.name}`, async () => {
    const input = c.spec ? demoSpec().input : inputSpec(c.input ?? {});
    const file = c.image.startsWith('demo/') ? path.join(ROOT, c.image) : golden(c.image);
    const result = await preprocessImage(file, input, { maxPixels: 1e8 });
    const expected = readGolden(c.golden);
    assert.deepEqual(result.tensor.shape, [...expected.shape]);
    assert.equal(result.tensor.dtype, expected.dtype);
    // TF resize is reproduced bit for bit, and normalize/cast follow numpy float32 rules, so every element is equal.
    const { differing, maxAbs } = compare(result.tensor.data as ArrayLike<number>, expected.data as ArrayLike<number>);
    assert.equal(differing, 0, `${c.name}: ${differing} elements differ (max |diff| ${maxAbs} in ${expected.dtype === 'float16' ? 'half bits' : 'value'})`);
  });
}

test('the demo pipeline keeps every stage with shapes, dtypes and descriptions', async () => {
  const spec = demoSpec();
  const r = await preprocessImage(path.join(ROOT, 'demo/images/astronaut-exif-rotated.jpg'), spec.input, spec.limits);
  assert.deepEqual(
    r.stages.map((s) => [s.name, s.tensor.dtype, s.tensor.shape]),
    [
      ['decoded', 'uint8', [512, 512, 3]],
      ['color', 'uint8', [512, 512, 3]],
      ['resized', 'float32', [256, 256, 3]],
      ['normalized', 'float32', [256, 256, 3]],
      ['layout', 'float32', [1, 256, 256, 3]],
    ],
  );
  assert.equal(r.stages[4].tensor, r.tensor);
  assert.match(r.stages[0].description, /JPEG 512×512, RGB, 8-bit; EXIF orientation 8 applied/);
  assert.match(r.stages[2].description, /tf bilinear \(half-pixel centres, antialias off\) 512×512 → 256×256/);
  assert.deepEqual([r.display.width, r.display.height, r.display.channels], [512, 512, 3]);
  assert.ok(r.display.data instanceof Uint8Array);
  assert.deepEqual(r.placement, { left: 0, top: 0, width: 256, height: 256 });
});

test('letterbox reports where the picture sits; 16-bit input is read to 8 bits as the named library does', async () => {
  const input = inputSpec({ width: 32, height: 32, resize: { fit: 'letterbox', padValue: 114 } });
  const r = await preprocessImage(golden('fixtures/rgb16.png'), input, { maxPixels: 1e8 });
  assert.deepEqual(r.placement, { left: 0, top: 5, width: 32, height: 21 });
  assert.equal(r.stages[0].tensor.dtype, 'uint16');
  assert.match(r.stages[2].description, /placed at x=0, y=5 in 32×32, padded with 114/);
  assert.equal(r.stages[1].tensor.dtype, 'uint8');
  assert.match(r.stages[1].description, /16-bit/);
  assert.equal(r.display.data[0], Math.round((readGolden('expected/rgb16.png.npy').data[0] as number) / 257));
});

test('an unreadable image fails the pipeline with an ImageError naming the file', async () => {
  await assert.rejects(
    preprocessImage(golden('fixtures/text.png'), demoSpec().input, { maxPixels: 1e8 }),
    (e: unknown) => e instanceof ImageError && /text\.png/.test(e.message),
  );
});

test('colour: grey replicates to RGB, RGB swaps to BGR, RGB → GRAY uses OpenCV weights with rounding', async () => {
  const gray = await decodeImage(golden('fixtures/gray.png'), { applyExif: true, maxPixels: 1e8 });
  const rgb = convertColor(gray, 'RGB', { mode: 'drop', background: [255, 255, 255] });
  assert.equal(rgb.channels, 3);
  assert.deepEqual(Array.from(rgb.data.subarray(0, 3)), [gray.data[0], gray.data[0], gray.data[0]]);
  const px = { width: 2, height: 1, channels: 3, data: new Uint8Array([10, 20, 30, 255, 128, 0]) };
  assert.deepEqual(Array.from(convertColor(px, 'BGR', { mode: 'drop', background: [0, 0, 0] }).data), [30, 20, 10, 0, 128, 255]);
  // cv2.cvtColor(np.uint8([[[10,20,30],[255,128,0]]]), cv2.COLOR_RGB2GRAY) == [[18, 151]]
  assert.deepEqual(Array.from(rgbToGray(px).data), [18, 151]);
});

test('alpha: drop keeps colours; composite blends onto the background with rounding', () => {
  const rgba = { width: 3, height: 1, channels: 4, data: new Uint8Array([200, 100, 0, 0, 200, 100, 0, 255, 200, 100, 0, 128]) };
  assert.deepEqual(Array.from(removeAlpha(rgba, { mode: 'drop', background: [255, 255, 255] }).data), [200, 100, 0, 200, 100, 0, 200, 100, 0]);
  const white = removeAlpha(rgba, { mode: 'composite', background: [255, 255, 255] });
  // (200·128 + 255·127) / 255 = 227.4 → 227; (100·128 + 255·127)/255 = 177.2 → 177; (0 + 255·127)/255 = 127
  assert.deepEqual(Array.from(white.data), [255, 255, 255, 200, 100, 0, 227, 177, 127]);
  const la = { width: 1, height: 1, channels: 2, data: new Uint8Array([0, 0]) };
  assert.deepEqual(Array.from(removeAlpha(la, { mode: 'composite', background: [255, 0, 0] }).data), [76]);
});

test('normalize rounds each step to float32 like numpy float32 arithmetic', () => {
  const img = { width: 1, height: 1, channels: 3, data: new Float32Array([255, 128, 0]) };
  const out = normalizePixels(img, 1 / 255, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
  const f = Math.fround;
  const expect = (p: number, m: number, s: number): number => f(f(f(p * f(1 / 255)) - f(m)) / f(s));
  assert.deepEqual(Array.from(out), [expect(255, 0.485, 0.229), expect(128, 0.456, 0.224), expect(0, 0.406, 0.225)]);
  assert.equal(out[0], f(2.2489083));
});

test('dtype conversion: float16 rounds to nearest even, int types saturate and truncate', () => {
  const values = new Float32Array([-3.7, 0.5, 1.9999, 254.6, 300, NaN, 65519, 65520]);
  assert.deepEqual(Array.from(toInputDtype(values, 'uint8')), [0, 0, 1, 254, 255, 0, 255, 255]);
  assert.deepEqual(Array.from(toInputDtype(new Float32Array([-3.7, 3e9, -3e9]), 'int32')), [-3, 2147483647, -2147483648]);
  const half = toInputDtype(values, 'float16');
  assert.ok(half instanceof Uint16Array);
  assert.equal(half[1], 0x3800); // 0.5
  assert.equal(half[6], 0x7bff); // 65519 rounds down to 65504
  assert.equal(half[7], 0x7c00); // 65520 rounds to +inf, as numpy does
  assert.equal(toInputDtype(values, 'float32'), values);
});

test('layout: NHWC is [1,H,W,C]; NCHW transposes channels first', () => {
  const hwc = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]); // 2×2×3
  assert.deepEqual(toLayout(hwc, 'uint8', 2, 2, 3, 'NHWC').shape, [1, 2, 2, 3]);
  const nchw = toLayout(hwc, 'uint8', 2, 2, 3, 'NCHW');
  assert.deepEqual(nchw.shape, [1, 3, 2, 2]);
  assert.deepEqual(Array.from(nchw.data as Uint8Array), [1, 4, 7, 10, 2, 5, 8, 11, 3, 6, 9, 12]);
  assert.ok(nchw.data instanceof Uint8Array);
});
