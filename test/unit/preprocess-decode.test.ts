import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { decodeImage, type DecodedImage } from '../../src/core/preprocess/decode';
import { ImageError } from '../../src/core/preprocess/errors';
import { compare, golden, readGolden, ROOT } from './preprocess-helpers';

const opts = { applyExif: true, maxPixels: 100_000_000 };

function fixture(name: string): string {
  return golden(`fixtures/${name}`);
}

async function rejectsImage(file: string, pattern: RegExp, options = opts): Promise<ImageError> {
  let caught: unknown;
  try {
    await decodeImage(file, options);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ImageError, `expected ImageError for ${file}, got ${String(caught)}`);
  assert.equal(caught.file, file);
  assert.ok(caught.message.includes(path.basename(file)), `message names the file: ${caught.message}`);
  assert.match(caught.message, pattern);
  return caught;
}

function assertPixels(img: DecodedImage, expectedRel: string): void {
  const expected = readGolden(expectedRel);
  assert.deepEqual([img.height, img.width, img.channels], [...expected.shape], expectedRel);
  assert.equal(compare(img.data, expected.data as ArrayLike<number>).differing, 0, `${expectedRel}: pixels differ`);
}

const GOOD: [file: string, channels: number, bitDepth: 8 | 16, format: string][] = [
  ['rgb.png', 3, 8, 'png'],
  ['gray.png', 1, 8, 'png'],
  ['gray-alpha.png', 2, 8, 'png'],
  ['rgba.png', 4, 8, 'png'],
  ['palette.png', 3, 8, 'png'],
  ['palette-trns.png', 4, 8, 'png'],
  ['rgb16.png', 3, 16, 'png'],
  ['gray16.png', 1, 16, 'png'],
  ['rgb16.tif', 3, 16, 'tiff'],
  ['rgb.webp', 3, 8, 'webp'],
  ['bmp24.bmp', 3, 8, 'bmp'],
  ['bmp24-topdown.bmp', 3, 8, 'bmp'],
  ['bmp32.bmp', 3, 8, 'bmp'],
  ['bmp32-alpha.bmp', 4, 8, 'bmp'],
  ['bmp8.bmp', 3, 8, 'bmp'],
];

for (const [file, channels, bitDepth, format] of GOOD) {
  test(`${file} decodes to the pixels PIL/OpenCV read (${channels} channels, ${bitDepth}-bit)`, async () => {
    const img = await decodeImage(fixture(file), opts);
    assert.equal(img.channels, channels);
    assert.equal(img.bitDepth, bitDepth);
    assert.equal(img.format, format);
    assert.ok(bitDepth === 16 ? img.data instanceof Uint16Array : img.data instanceof Uint8Array);
    assertPixels(img, `expected/${file}.npy`);
  });
}

test('EXIF orientation 8 is applied when asked and reported either way', async () => {
  const reference = await decodeImage(path.join(ROOT, 'demo/images/astronaut.png'), opts);
  const rotatedFile = path.join(ROOT, 'demo/images/astronaut-exif-rotated.jpg');
  const applied = await decodeImage(rotatedFile, { ...opts, applyExif: true });
  const ignored = await decodeImage(rotatedFile, { ...opts, applyExif: false });
  assert.equal(applied.orientation, 8);
  assert.equal(ignored.orientation, 8);
  const meanAbs = (img: DecodedImage): number => {
    let sum = 0;
    for (let i = 0; i < img.data.length; i++) sum += Math.abs(img.data[i] - reference.data[i]);
    return sum / img.data.length;
  };
  // Applied: the JPEG matches the PNG up to compression noise. Ignored: the picture is on its side.
  assert.ok(meanAbs(applied) < 4, `applied mean |diff| ${meanAbs(applied)}`);
  assert.ok(meanAbs(ignored) > 30, `ignored mean |diff| ${meanAbs(ignored)}`);
  // Orientation 8 stores the picture turned 90° clockwise: stored (x, y) = upright (y, W−1−x).
  const w = ignored.width;
  let sum = 0;
  for (let y = 0; y < ignored.height; y += 7) {
    for (let x = 0; x < w; x += 7) {
      sum += Math.abs(ignored.data[(y * w + x) * 3] - reference.data[((w - 1 - x) * w + y) * 3]);
    }
  }
  assert.ok(sum / Math.ceil(ignored.height / 7) ** 2 < 6);
});

test('a 0-byte file says it is empty and how to fix it', async () => {
  await rejectsImage(fixture('empty.png'), /is empty \(0 bytes\).*copy or export the image again/);
});

test('a text file renamed .png is refused, listing the supported formats', async () => {
  await rejectsImage(
    fixture('text.png'),
    /not an image.*"hello world, I a".*looks like text.*Supported formats: PNG, JPEG, WebP, TIFF, GIF, AVIF and BMP.*convert it to PNG/,
  );
});

test('a truncated PNG, a truncated JPEG and a corrupt JPEG are reported as damaged', async () => {
  await rejectsImage(fixture('truncated.png'), /damaged or truncated.*Re-export or re-download/);
  await rejectsImage(fixture('truncated.jpg'), /damaged or truncated and cannot be decoded \(VipsJpeg: premature end of JPEG image\)/);
  await rejectsImage(fixture('corrupt.jpg'), /damaged or truncated.*Huffman table.*re-save it as PNG/);
});

test('a JPEG with corrupt scan data decodes but carries the decoder warning', async () => {
  const img = await decodeImage(fixture('corrupt-scan.jpg'), opts);
  assert.equal(img.width, 72);
  assert.deepEqual(img.warnings, ['VipsJpeg: Corrupt JPEG data: premature end of data segment']);
  const clean = await decodeImage(fixture('rgb.png'), opts);
  assert.equal(clean.warnings, undefined);
});

test('BMP variants we cannot read say why', async () => {
  await rejectsImage(fixture('rle.bmp'), /RLE-compressed BMP files are not supported.*Convert the image to PNG/);
  await rejectsImage(fixture('truncated.bmp'), /truncated: it needs \d+ bytes but has \d+.*Re-export/);
});

test('an image over maxPixels is refused naming the limit, its size and the setting', async () => {
  await rejectsImage(
    path.join(ROOT, 'demo/images/astronaut.png'),
    /512×512 = 262,144 pixels, over the limit of 100,000 pixels.*raise "limits\.maxPixels" in tensorparity\.json \(to at least 262144\)/,
    { applyExif: true, maxPixels: 100_000 },
  );
  await rejectsImage(fixture('bmp24.bmp'), /9×6 = 54 pixels, over the limit of 50 pixels/, { applyExif: true, maxPixels: 50 });
});

test('a huge image is refused from its header, before decoding', async () => {
  // The file is 57 bytes: a PNG header claiming 50000×50000 and no pixel data.
  await rejectsImage(fixture('huge-header.png'), /50000×50000 = 2,500,000,000 pixels, over the limit of 100,000,000/);
});

test('a missing file names the path', async () => {
  await rejectsImage(fixture('nope.png'), /does not exist/);
});
