// Python rules: each fixture marks the findings it must produce (and every other line must stay quiet).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, checkFixture, lintText, specWith } from './lint-test-helpers';

const FIXTURES = [
  'color.py',
  'color_bgr.py',
  'resize_cv2.py',
  'resize_libs.py',
  'pil.py',
  'normalize.py',
  'float64.py',
  'layout.py',
  'layout_nchw.py',
  'keras.py',
  'keras_caffe.py',
  'syntax_error.py',
];

for (const name of FIXTURES) {
  test(`python fixture ${name}: exactly the marked findings`, async () => {
    await checkFixture(`python/${name}`);
  });
}

test('messages name the spec value and the code value', async () => {
  const spec = specWith({ input: { width: 320, height: 240 } });
  const [f] = await lintText('python', 'import cv2\nx = cv2.resize(img, (240, 320))\n', spec);
  assert.equal(f.code, 'TP202');
  assert.equal(f.rule, 'resize-size-order');
  assert.equal(f.specPath, 'input.width');
  assert.match(f.message, /\(240, 320\)/);
  assert.match(f.message, /320 × 240/);
  assert.match(f.message, /\(width, height\)/);
});

test('normalisation message shows both mappings', async () => {
  const spec = specWith({});
  const src =
    'import cv2\nimport numpy as np\ndef f(p, m):\n    x = cv2.cvtColor(cv2.imread(p), cv2.COLOR_BGR2RGB).astype(np.float32) / 127.5\n    return m.predict(x[None])\n';
  const [f] = await lintText('python', src, spec);
  assert.equal(f.code, 'TP301');
  assert.match(f.message, /\/ 127\.5/);
  assert.match(f.message, /0\.00784314·p/);
  assert.match(f.message, /0\.00392157·p/);
});

test('import aliases resolve: cv2 as cv, from PIL import Image as I, numpy as np', async () => {
  const spec = specWith({ input: { resize: { library: 'pil', method: 'bilinear' } } });
  const src = 'from PIL import Image as I\nimport numpy as np\nim = I.open("a.png").convert("RGB").resize((224, 224), I.BILINEAR)\n';
  assert.deepEqual(await lintText('python', src, spec), []);
  const wrong = src.replace('(224, 224)', '(200, 224)');
  assert.deepEqual(
    (await lintText('python', wrong, spec)).map((f) => f.code),
    ['TP201'],
  );
});

test('a name from another module is not mistaken for a library function', async () => {
  const spec = specWith({});
  const src = 'from mylib import resize\nx = resize(img, (1, 1))\nclass C:\n    def resize(self, a, b):\n        return a\n';
  assert.deepEqual(await lintText('python', src, spec), []);
});

test('an empty file and a file of comments give no findings', async () => {
  const spec = specWith({});
  assert.deepEqual(await lintText('python', '', spec), []);
  assert.deepEqual(await lintText('python', '# cv2.resize(img, (1, 1))\n"""cv2.imread(x)"""\n', spec), []);
});

test('fit "crop": ImageOps.fit, smart_resize, load_img(keep_aspect_ratio=True) and crop_to_aspect_ratio=True match it; with "stretch" they warn', async () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      'from PIL import Image, ImageOps\nim = ImageOps.fit(Image.open(p).convert("RGB"), (224, 224), Image.Resampling.BICUBIC)\n',
      { library: 'pil', method: 'bicubic' },
    ],
    ['from PIL import Image, ImageOps\nim = ImageOps.fit(Image.open(p), (224, 224))\n', { library: 'pil', method: 'bicubic' }],
    ['import keras\nx = keras.preprocessing.image.smart_resize(a, (224, 224))\n', { library: 'tf', method: 'bilinear' }],
    ['from tensorflow.keras.utils import load_img\nx = load_img(p, target_size=(224, 224), keep_aspect_ratio=True)\n', { library: 'pil', method: 'nearest' }],
    ['import keras\nlayer = keras.layers.Resizing(224, 224, crop_to_aspect_ratio=True)\n', { library: 'tf', method: 'bilinear' }],
  ];
  for (const [src, resize] of cases) {
    const crop = await lintText('python', src, specWith({ input: { resize: { ...resize, fit: 'crop' } } }));
    assert.deepEqual(
      crop.map((f) => f.code),
      [],
      src,
    );
    const stretch = await lintText('python', src, specWith({ input: { resize: { ...resize, fit: 'stretch' } } }));
    const fit = stretch.filter((f) => f.code === 'TP206');
    assert.equal(fit.length, 1, src);
    assert.match(fit[0].message, /centre-crops to the target aspect ratio/);
    assert.match(fit[0].message, /input\.resize\.fit is "stretch"/);
  }
});

test('fit "crop": a stretching resize warns, and the keras fixes switch the crop flag on or off', async () => {
  const crop = specWith({ input: { resize: { library: 'tf', method: 'bilinear', fit: 'crop' } } });
  const [tf] = await lintText('python', 'import tensorflow as tf\nx = tf.image.resize(a, (224, 224))\n', crop);
  assert.equal(tf.code, 'TP206');
  assert.match(tf.message, /stretches to the exact size.*"crop".*Crop to the aspect ratio first \(PIL ImageOps\.fit, keras smart_resize\)/);

  const pilCrop = specWith({ input: { resize: { library: 'pil', method: 'nearest', fit: 'crop' } } });
  const loadSrc = 'from tensorflow.keras.utils import load_img\nx = load_img(p, target_size=(224, 224))\n';
  const [load] = await lintText('python', loadSrc, pilCrop);
  assert.equal(load.code, 'TP206');
  assert.ok(load.fix);
  const fixed = applyEdits(loadSrc, load.fix.edits);
  assert.match(fixed, /load_img\(p, target_size=\(224, 224\), keep_aspect_ratio=True\)/);
  assert.deepEqual(await lintText('python', fixed, pilCrop), []);
  const pilStretch = specWith({ input: { resize: { library: 'pil', method: 'nearest', fit: 'stretch' } } });
  const [back] = await lintText('python', fixed, pilStretch);
  assert.equal(back.code, 'TP206');
  const unfixed = applyEdits(fixed, back.fix!.edits);
  assert.match(unfixed, /keep_aspect_ratio=False\)/);
  assert.deepEqual(await lintText('python', unfixed, pilStretch), []);

  const layerSrc = 'import keras\nlayer = keras.layers.Resizing(224, 224)\n';
  const [layer] = await lintText('python', layerSrc, crop);
  assert.equal(layer.code, 'TP206');
  const layerFixed = applyEdits(layerSrc, layer.fix!.edits);
  assert.match(layerFixed, /Resizing\(224, 224, crop_to_aspect_ratio=True\)/);
  assert.deepEqual(await lintText('python', layerFixed, crop), []);
});
