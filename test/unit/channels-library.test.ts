// Channel handling per library: grey, grey+alpha, RGBA, palette (with tRNS) and 16-bit PNGs become the 3- or 1-channel
// picture cv2.imread(IMREAD_COLOR), Image.open().convert('RGB'/'L') and tf.io.decode_image(channels=3) produce.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { convertColor, convertColorAs, rgbToGray, to8Bit, type IntImage } from '../../src/core/preprocess/color';
import { decodeImage } from '../../src/core/preprocess/decode';
import type { ResizeLibrary } from '../../src/core/spec/types';
import { parseNpy } from '../../src/core/tensor/npy';

const ROOT = path.resolve(__dirname, '../../..');
const GOLDEN = path.join(ROOT, 'test/golden/decode');
const DROP = { mode: 'drop' as const, background: [255, 255, 255] as [number, number, number] };

interface ChannelCase {
  name: string;
  file: string;
  note: string;
  pilMode: string;
  refs: Record<'cv2' | 'pil' | 'tf', { rgb: string; gray?: string }>;
}
const manifest = JSON.parse(readFileSync(path.join(GOLDEN, 'manifest.json'), 'utf8')) as { channels: ChannelCase[] };

function ref(rel: string): { shape: readonly number[]; data: Uint8Array } {
  const arr = parseNpy(new Uint8Array(readFileSync(path.join(ROOT, rel))), rel);
  assert.ok(arr.data instanceof Uint8Array, `${rel} is uint8`);
  return { shape: arr.shape, data: arr.data };
}

/** Index of the first differing element, or -1. */
function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : Math.min(a.length, b.length);
}

function assertSame(img: IntImage, expectedRel: string, what: string): void {
  const expected = ref(expectedRel);
  assert.deepEqual([img.height, img.width, img.channels], [...expected.shape], `${what}: shape`);
  assert.ok(img.data instanceof Uint8Array, `${what}: 8-bit output`);
  const at = firstDiff(img.data, expected.data);
  assert.equal(at, -1, `${what}: element ${at} is ${img.data[at]}, the library gives ${expected.data[at]}`);
}

for (const c of manifest.channels) {
  test(`${c.name} (${c.note}) reads as cv2, Pillow and TensorFlow read it, in RGB, BGR and GRAY`, async () => {
    const decoded = await decodeImage(path.join(ROOT, c.file), { applyExif: false, maxPixels: 1e8 });
    for (const lib of ['cv2', 'pil', 'tf'] as const) {
      const rgb = convertColorAs(decoded, lib, 'RGB', DROP, decoded.bitDepth);
      assertSame(rgb.image, c.refs[lib].rgb, `${c.name} as ${lib} RGB`);
      const bgr = convertColorAs(decoded, lib, 'BGR', DROP, decoded.bitDepth).image.data;
      for (let i = 0; i < bgr.length; i += 3) {
        assert.deepEqual([bgr[i], bgr[i + 1], bgr[i + 2]], [rgb.image.data[i + 2], rgb.image.data[i + 1], rgb.image.data[i]]);
      }
      const gray = c.refs[lib].gray;
      if (gray !== undefined) assertSame(convertColorAs(decoded, lib, 'GRAY', DROP, decoded.bitDepth).image, gray, `${c.name} as ${lib} GRAY`);
    }
    // tfjs follows tf.node.decodeImage (TensorFlow's own decoder).
    assertSame(convertColorAs(decoded, 'tfjs', 'RGB', DROP, decoded.bitDepth).image, c.refs.tf.rgb, `${c.name} as tfjs RGB`);
  });
}

test('as sharp: the same pixels as sharp(f).toColourspace("srgb").removeAlpha().raw()', async () => {
  for (const c of manifest.channels) {
    const file = path.join(ROOT, c.file);
    const decoded = await decodeImage(file, { applyExif: false, maxPixels: 1e8 });
    const ours = convertColorAs(decoded, 'sharp', 'RGB', DROP, decoded.bitDepth).image.data;
    const theirs = await sharp(file).toColourspace('srgb').removeAlpha().raw().toBuffer();
    assert.equal(firstDiff(ours, theirs), -1, `${c.name} as sharp`);
  }
});

test('every step is described, naming the library call it follows', async () => {
  const steps = async (name: string, lib: ResizeLibrary, order: 'RGB' | 'BGR' | 'GRAY' = 'RGB'): Promise<string> => {
    const d = await decodeImage(path.join(GOLDEN, 'png', name), { applyExif: false, maxPixels: 1e8 });
    return convertColorAs(d, lib, order, DROP, d.bitDepth).steps.join('; ');
  };
  assert.equal(
    await steps('rgba16.png', 'cv2', 'BGR'),
    '16-bit → 8-bit by keeping the high byte (v >> 8), as cv2.imread(f, cv2.IMREAD_COLOR) does; alpha dropped, as cv2.imread(f, cv2.IMREAD_COLOR) does; RGB → BGR (channels swapped)',
  );
  assert.match(
    await steps('gray16.png', 'pil'),
    /^16-bit grey → 8-bit clipped at 255, as Pillow's I;16 → RGB\/L conversion does.*; grey → RGB \(replicated\)$/,
  );
  assert.match(await steps('gray-alpha8.png', 'tf'), /^alpha dropped, as tf\.io\.decode_image\(bytes, channels=3\) does; grey → RGB/);
  assert.match(await steps('rgb8.png', 'pil', 'GRAY'), /Image\.convert\('L'\)/);
  assert.equal(await steps('rgb8.png', 'tf'), 'already RGB, 8-bit');
});

test("composite mode blends onto the background after the 8-bit read (the library read, then the spec's compositing)", () => {
  const la16: IntImage = { width: 2, height: 1, channels: 2, data: new Uint16Array([0xffff, 0, 0x8000, 0xffff]) };
  const out = convertColorAs(la16, 'cv2', 'RGB', { mode: 'composite', background: [255, 255, 255] }, 16);
  // Pixel 0 is transparent white-on-white; pixel 1 is opaque 0x80.
  assert.deepEqual(Array.from(out.image.data), [255, 255, 255, 128, 128, 128]);
  assert.match(out.steps.join('; '), /alpha composited on \[255, 255, 255\]/);
});

test('to8Bit keeps the high byte, or clips at 255 for Pillow grey', () => {
  const img: IntImage = { width: 4, height: 1, channels: 1, data: new Uint16Array([0, 255, 256, 65535]) };
  assert.deepEqual(Array.from(to8Bit(img).data), [0, 0, 1, 255]);
  assert.deepEqual(Array.from(to8Bit(img, true).data), [0, 255, 255, 255]);
});

test("RGB → grey uses OpenCV 5's 15-bit weights for 8- and 16-bit pixels (the old 14-bit ones are off by one here)", () => {
  // cv2.cvtColor(np.uint8([[[0, 12, 4]]]), COLOR_RGB2GRAY) = 8; the 14-bit formula gives 7.
  const px: IntImage = { width: 1, height: 1, channels: 3, data: new Uint8Array([0, 12, 4]) };
  assert.deepEqual(Array.from(rgbToGray(px).data), [8]);
  // cv2.cvtColor(np.uint16([[[1000, 40000, 65535]]]), COLOR_RGB2GRAY) = 31249 (sums exceed 2^31 before the shift).
  const px16: IntImage = { width: 1, height: 1, channels: 3, data: new Uint16Array([1000, 40000, 65535]) };
  assert.deepEqual(Array.from(rgbToGray(px16).data), [31249]);
  assert.deepEqual(Array.from(convertColor(px, 'GRAY', DROP).data), [8]);
});
