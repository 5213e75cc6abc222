// JavaScript / TypeScript / TSX rules: each fixture marks the findings it must produce.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyAllFixes, applyEdits, checkFixture, fixture, lintText, specWith } from './lint-test-helpers';

for (const name of ['tfjs.js', 'tfjs_spec.js', 'sharp.ts', 'component.tsx', 'syntax_error.ts', 'canvas.ts']) {
  test(`js fixture ${name}: exactly the marked findings`, async () => {
    await checkFixture(`js/${name}`);
  });
}

test('sharp fixes add the kernel and fit the spec asks for, after which only the library note remains', async () => {
  const fx = fixture('js/sharp.ts');
  const findings = await lintText('typescript', fx.text, fx.spec);
  const onLine8 = findings.filter((f) => f.range.start.line === 7);
  const kernel = onLine8.find((f) => f.code === 'TP203');
  const fit = onLine8.find((f) => f.code === 'TP206');
  assert.ok(kernel?.fix && fit?.fix);
  assert.match(kernel.message, /lanczos3/);
  const once = applyEdits(fx.text, kernel.fix.edits);
  assert.match(once.split('\n')[7], /resize\(SIZE, SIZE, \{ kernel: 'linear' \}\)/);
  const f2 = (await lintText('typescript', once, fx.spec)).find((f) => f.range.start.line === 7 && f.code === 'TP206');
  const twice = applyEdits(once, f2!.fix!.edits);
  assert.match(twice.split('\n')[7], /resize\(SIZE, SIZE, \{ fit: 'fill', kernel: 'linear' \}\)/);
  const after = (await lintText('typescript', twice, fx.spec)).filter((f) => f.range.start.line === 7);
  assert.deepEqual(
    after.map((f) => f.code),
    ['TP204'],
  );
});

test('tfjs flag fix appends alignCorners and halfPixelCenters in order', async () => {
  const fx = fixture('js/tfjs.js');
  const f = (await lintText('javascript', fx.text, fx.spec)).find((x) => x.code === 'TP205');
  const fixed = applyEdits(fx.text, f!.fix!.edits);
  assert.match(fixed, /resizeBilinear\(tf\.browser\.fromPixels\(img\), \[H, W\], false, true\); \/\/ expect/);
});

test('tfjs: alignCorners=true with halfPixelCenters missing gets one fix for both; alone, each flag keeps its own fix', async () => {
  const spec = specWith({ input: { resize: { library: 'tf', method: 'bilinear' } } });
  const code = 'const r = tf.image.resizeBilinear(t, [224, 224], true);\nconst s = tf.image.resizeBilinear(t, [224, 224], false);\n';
  const flags = (await lintText('javascript', code, spec)).filter((f) => f.code === 'TP205');
  assert.deepEqual(
    flags.map((f) => [f.range.start.line, f.fix?.title]),
    [
      [0, 'Set alignCorners to false and halfPixelCenters to true'],
      [0, 'Set alignCorners to false and halfPixelCenters to true'],
      [1, 'Set halfPixelCenters to true'],
    ],
  );
  const fixed = applyAllFixes(code, flags);
  assert.equal(fixed, 'const r = tf.image.resizeBilinear(t, [224, 224], false, true);\nconst s = tf.image.resizeBilinear(t, [224, 224], false, true);\n');
  assert.deepEqual(
    (await lintText('javascript', fixed, spec)).filter((f) => f.code === 'TP205'),
    [],
  );
});

test('python tf.compat.v1 resize: the align_corners fix and the appended half_pixel_centers merge into one edit', async () => {
  const spec = specWith({ input: { resize: { library: 'tf', method: 'bilinear' } } });
  const code = 'import tensorflow as tf\nx = tf.compat.v1.image.resize_bilinear(img, [224, 224], align_corners=True)\n';
  const flags = (await lintText('python', code, spec)).filter((f) => f.code === 'TP205');
  assert.equal(flags.length, 2);
  assert.equal(flags[0].fix?.edits.length, 1);
  const fixed = applyAllFixes(code, flags);
  assert.match(fixed, /resize_bilinear\(img, \[224, 224\], align_corners=False, half_pixel_centers=True\)/);
  assert.deepEqual(
    (await lintText('python', fixed, spec)).filter((f) => f.code === 'TP205'),
    [],
  );
});

test('canvas loops under an NCHW spec: planes are quiet, interleaved writes are TP401', async () => {
  const fx = fixture('js/canvas.ts');
  const nchw = specWith({ input: { width: 256, height: 256, layout: 'NCHW', resize: { library: 'tfjs', method: 'bilinear' } } });
  const lines = fx.text.split('\n');
  const layout = (await lintText('typescript', fx.text, nchw)).filter((f) => f.code === 'TP401' && /loop/.test(f.message));
  assert.deepEqual(
    layout.map((f) => lines[f.range.start.line].trim()),
    ['input[i * 3] = data[i * 4] / 255;'],
  );
});

test('fit "crop": sharp\'s default cover and an explicit centred cover match it; fill gets a fix to cover; off-centre warns', async () => {
  const crop = specWith({ input: { resize: { library: 'sharp', method: 'lanczos3', fit: 'crop' } } });
  const quiet = [
    "import sharp from 'sharp';\nconst b = sharp(p).resize(224, 224).raw().toBuffer();\n",
    "import sharp from 'sharp';\nconst b = sharp(p).resize(224, 224, { fit: 'cover', position: 'centre' }).raw().toBuffer();\n",
    "import sharp from 'sharp';\nconst b = sharp(p).resize({ width: 224, height: 224, fit: sharp.fit.cover }).raw().toBuffer();\n",
  ];
  for (const src of quiet)
    assert.deepEqual(
      (await lintText('typescript', src, crop)).map((f) => f.code),
      [],
      src,
    );

  const stretch = specWith({ input: { resize: { library: 'sharp', method: 'lanczos3', fit: 'stretch' } } });
  const [cover] = await lintText('typescript', quiet[0], stretch);
  assert.equal(cover.code, 'TP206');
  assert.match(cover.message, /centre-crops to the target aspect ratio/);

  const fillSrc = "import sharp from 'sharp';\nconst b = sharp(p).resize(224, 224, { fit: 'fill' }).raw().toBuffer();\n";
  const [fill] = await lintText('typescript', fillSrc, crop);
  assert.equal(fill.code, 'TP206');
  const fixed = applyEdits(fillSrc, fill.fix!.edits);
  assert.match(fixed, /resize\(224, 224, \{ fit: 'cover' \}\)/);
  assert.deepEqual(await lintText('typescript', fixed, crop), []);

  const top = "import sharp from 'sharp';\nconst b = sharp(p).resize(224, 224, { position: 'top' }).raw().toBuffer();\n";
  const [off] = await lintText('typescript', top, crop);
  assert.equal(off.code, 'TP206');
  assert.match(off.message, /off centre/);
  const outside = "import sharp from 'sharp';\nconst b = sharp(p).resize(224, 224, { fit: 'outside' }).raw().toBuffer();\n";
  assert.deepEqual(
    (await lintText('typescript', outside, crop)).map((f) => f.code),
    ['TP206'],
  );
});

test('TypeScript: a method called on `this` is a function of the same class, and its normalisation is checked', async () => {
  const spec = specWith({});
  const code = [
    'export class Detector {',
    '  constructor(private model: tf.GraphModel) {}',
    '  prepare(img: tf.Tensor3D): tf.Tensor {',
    '    return img.toFloat().div(127.5).sub(1);',
    '  }',
    '  detect(el: HTMLImageElement) {',
    '    const x = this.prepare(tf.browser.fromPixels(el));',
    '    return this.model.predict(x.expandDims(0));',
    '  }',
    '}',
    '',
  ].join('\n');
  const codes = (await lintText('typescript', code, spec)).map((f) => `${f.range.start.line} ${f.code}`);
  assert.ok(codes.includes('3 TP301'), codes.join(', '));
  // The same class normalising as the spec says: nothing to report.
  assert.deepEqual(await lintText('typescript', code.replace('.div(127.5).sub(1)', '.div(255)'), spec), []);
});
