// TF's JPEG decoder as the preprocessing uses it: spec "decoder": "tf" reproduces a real tf.data pipeline, EXIF and
// unsupported files are handled, and hostile bytes only ever give a JpegFormatError (never a crash, hang or pixels
// from nowhere).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { decodeImage } from '../../src/core/preprocess/decode';
import { decodeJpegTf, JpegFormatError } from '../../src/core/preprocess/jpeg/decode';
import { applyOrientation } from '../../src/core/preprocess/jpeg/orient';
import { preprocessImage } from '../../src/core/preprocess/pipeline';
import { parseSpec } from '../../src/core/spec/parse';
import { parseNpy } from '../../src/core/tensor/npy';

const ROOT = path.resolve(__dirname, '../../..');
const JPEGTF = path.join(ROOT, 'test/golden/realdumps/jpegtf');

test('spec "decoder": "tf" reproduces the tf.data pipeline (tf.io.decode_jpeg + tf.image.resize) that wrote the dump', async () => {
  const spec = parseSpec(readFileSync(path.join(JPEGTF, 'spec-tf-decoder.json'), 'utf8'), 'spec-tf-decoder.json').spec;
  assert.ok(spec);
  assert.equal(spec.input.decoder, 'tf');
  const ours = await preprocessImage(path.join(JPEGTF, 'photo.jpg'), spec.input, spec.limits);
  const dump = parseNpy(readFileSync(path.join(JPEGTF, 'tfdata-decode-jpeg.photo.npy')));
  assert.deepEqual(ours.tensor.shape, dump.shape);
  let max = 0;
  for (let i = 0; i < dump.data.length; i++) max = Math.max(max, Math.abs(Number(ours.tensor.data[i]) - Number(dump.data[i])));
  assert.ok(max < 1e-6, `max difference ${max}`);
  assert.match(ours.stages[0].description, /decoded as tf\.io\.decode_jpeg does/);
  // The default decoder (accurate IDCT) does not: the difference is what diagnosis names.
  const { decoder: _omit, ...rest } = spec.input;
  const accurate = await preprocessImage(path.join(JPEGTF, 'photo.jpg'), rest, spec.limits);
  let diff = 0;
  for (let i = 0; i < dump.data.length; i++) diff = Math.max(diff, Math.abs(Number(accurate.tensor.data[i]) - Number(dump.data[i])));
  assert.ok(diff > 1 / 255, `accurate IDCT differs by ${diff}`);
});

test('the accurate IDCT equals sharp (libjpeg-turbo) on the demo photos, and EXIF orientation is applied as sharp does', async () => {
  for (const name of ['hopper.jpg', 'astronaut-exif-rotated.jpg']) {
    const file = path.join(ROOT, 'demo/images', name);
    const sharpDecoded = await decodeImage(file, { applyExif: true, maxPixels: 1e8 });
    const px = decodeJpegTf(new Uint8Array(readFileSync(file)), { idct: 'accurate' });
    const turned = applyOrientation(px.data, px.width, px.height, px.channels, sharpDecoded.orientation ?? 1);
    assert.deepEqual([turned.width, turned.height], [sharpDecoded.width, sharpDecoded.height], name);
    assert.ok(Buffer.from(turned.data).equals(Buffer.from(sharpDecoded.data as Uint8Array)), `${name}: accurate IDCT differs from sharp`);
  }
  const tf = await decodeImage(path.join(ROOT, 'demo/images/astronaut-exif-rotated.jpg'), { applyExif: true, maxPixels: 1e8, decoder: 'tf' });
  assert.equal(tf.decoder, 'tf');
  assert.equal(tf.orientation, 8);
});

test("a CMYK JPEG asked for with TF's decoder falls back to the accurate decoder and says why", async () => {
  const file = path.join(ROOT, 'test/golden/decode/jpeg/cmyk-q90.jpg');
  const d = await decodeImage(file, { applyExif: true, maxPixels: 1e8, decoder: 'tf' });
  assert.equal(d.decoder, undefined);
  assert.match(
    d.decoderNote ?? '',
    /TensorFlow's JPEG decoder is not reproduced for this file \(it has 4 colour components \(CMYK\/YCCK is not reproduced\)\)/,
  );
});

test('bad JPEG bytes give a JpegFormatError that says what is wrong', () => {
  const bad: [Uint8Array, RegExp][] = [
    [new Uint8Array([0x89, 0x50, 0x4e, 0x47]), /does not start with a JPEG SOI marker/],
    [new Uint8Array([0xff, 0xd8, 0xff]), /ends before any image data/],
    [
      new Uint8Array(readFileSync(path.join(ROOT, 'test/bad-input/files/images/jpeg-65500x65500.jpg'))),
      /over the decoder's limit|runs past the end|ends before/,
    ],
    [new Uint8Array(readFileSync(path.join(ROOT, 'test/golden/preprocess-v1/fixtures/truncated.jpg'))), /truncated/],
  ];
  for (const [bytes, why] of bad)
    assert.throws(
      () => decodeJpegTf(bytes, { idct: 'fast' }),
      (e: unknown) => e instanceof JpegFormatError && why.test(e.message),
    );
  for (const f of readdirSync(path.join(ROOT, 'test/bad-input/files/images'))) {
    const bytes = new Uint8Array(readFileSync(path.join(ROOT, 'test/bad-input/files/images', f)));
    assert.throws(() => decodeJpegTf(bytes, { idct: 'fast' }), JpegFormatError, f);
  }
});

test('mutated JPEGs (seeded) never crash or hang the decoder: pixels or a JpegFormatError', () => {
  const sources = ['cv-420-rst.jpg', 'cv-420-progressive.jpg', 'pil-422-q95.jpg', 'cv-grey-progressive-rst.jpg'].map(
    (n) => new Uint8Array(readFileSync(path.join(ROOT, 'test/golden/jpeg-tf/jpeg', n))),
  );
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  let decoded = 0;
  for (let i = 0; i < 400; i++) {
    const src = sources[i % sources.length];
    const m = src.slice(0, rand(4) === 0 ? rand(src.length) + 1 : src.length);
    for (let k = 0, edits = 1 + rand(8); k < edits; k++) m[rand(m.length)] = rand(256);
    try {
      const px = decodeJpegTf(m, { idct: i % 2 ? 'fast' : 'accurate', maxPixels: 1 << 20 });
      assert.equal(px.data.length, px.width * px.height * px.channels);
      decoded++;
    } catch (e) {
      assert.ok(e instanceof JpegFormatError, `mutation ${i}: ${String(e)}`);
    }
  }
  assert.ok(decoded > 0);
});

test('with "decoder": "tf", a truncated or non-JPEG file is refused with an error that names the file and what to do', async () => {
  const spec = parseSpec(readFileSync(path.join(JPEGTF, 'spec-tf-decoder.json'), 'utf8'), 'spec-tf-decoder.json').spec;
  assert.ok(spec);
  const dir = mkdtempSync(path.join(tmpdir(), 'tp-jpeg-tf-bad-'));
  try {
    const cut = path.join(dir, 'cut.jpg');
    const whole = readFileSync(path.join(JPEGTF, 'photo.jpg'));
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    await assert.rejects(
      preprocessImage(cut, spec.input, spec.limits),
      (e: unknown) => e instanceof Error && /cut\.jpg is damaged or truncated.*Re-export/.test(e.message),
    );
    const text = path.join(dir, 'notes.jpg');
    writeFileSync(text, 'not a picture');
    await assert.rejects(
      preprocessImage(text, spec.input, spec.limits),
      (e: unknown) => e instanceof Error && /notes\.jpg is not an image.*convert it to PNG/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
