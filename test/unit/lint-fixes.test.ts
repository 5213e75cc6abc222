// Quick fixes: applying a finding's fix yields code the linter accepts for that rule, and leaves other code alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LintLanguageId } from '../../src/core/lint/types';
import type { Spec } from '../../src/core/spec/types';
import { applyEdits, lintText, specWith } from './lint-test-helpers';

interface Case {
  name: string;
  languageId: LintLanguageId;
  spec: Spec;
  code: string;
  rule: string;
  expect: RegExp;
}

const CASES: Case[] = [
  {
    name: 'cv2.imread gets a cvtColor line after it (module alias kept)',
    languageId: 'python',
    spec: specWith({}),
    rule: 'TP101',
    code: 'import cv2 as cv\nimport numpy as np\n\ndef f(p, m):\n    img = cv.imread(p)\n    return m.predict(img[None].astype(np.float32) / 255.0)\n',
    expect: /    img = cv\.imread\(p\)\n    img = cv\.cvtColor\(img, cv\.COLOR_BGR2RGB\)\n/,
  },
  {
    name: 'cv::imread gets a cv::cvtColor line',
    languageId: 'cpp',
    spec: specWith({}),
    rule: 'TP101',
    code: 'void f(const std::string& p, cv::dnn::Net& net) {\n  cv::Mat img = cv::imread(p);\n  net.setInput(cv::dnn::blobFromImage(img, 1.0 / 255, cv::Size(224, 224)));\n}\n',
    expect: /  cv::Mat img = cv::imread\(p\);\n  cv::cvtColor\(img, img, cv::COLOR_BGR2RGB\);\n/,
  },
  {
    name: 'Image.open gets .convert("RGB")',
    languageId: 'python',
    spec: specWith({ input: { resize: { library: 'pil', method: 'bicubic' } } }),
    rule: 'TP102',
    code: 'from PIL import Image\nim = Image.open("a.png").resize((224, 224))\nx = model.predict(im)\n',
    expect: /Image\.open\("a\.png"\)\.convert\("RGB"\)\.resize/,
  },
  {
    name: 'a literal cv2 dsize becomes the spec size in (w, h) order',
    languageId: 'python',
    spec: specWith({ input: { width: 320, height: 240 } }),
    rule: 'TP202',
    code: 'import cv2\nx = cv2.resize(img, (240, 320))\n',
    expect: /cv2\.resize\(img, \(320, 240\)\)/,
  },
  {
    name: 'a literal tf size becomes [h, w]',
    languageId: 'python',
    spec: specWith({ input: { width: 320, height: 240, resize: { library: 'tf', method: 'bilinear' } } }),
    rule: 'TP201',
    code: 'import tensorflow as tf\nx = tf.image.resize(img, [224, 224])\n',
    expect: /tf\.image\.resize\(img, \[240, 320\]\)/,
  },
  {
    name: 'cv2.resize gets the spec interpolation as a keyword',
    languageId: 'python',
    spec: specWith({ input: { resize: { library: 'cv2', method: 'area' } } }),
    rule: 'TP203',
    code: 'import cv2\nx = cv2.resize(img, (224, 224))\n',
    expect: /cv2\.resize\(img, \(224, 224\), interpolation=cv2\.INTER_AREA\)/,
  },
  {
    name: 'a cv2 interpolation constant is replaced',
    languageId: 'python',
    spec: specWith({}),
    rule: 'TP203',
    code: 'import cv2\nx = cv2.resize(img, (224, 224), interpolation=cv2.INTER_NEAREST)\n',
    expect: /interpolation=cv2\.INTER_LINEAR\)/,
  },
  {
    name: 'cv::resize gets fx, fy and the interpolation',
    languageId: 'cpp',
    spec: specWith({ input: { resize: { library: 'cv2', method: 'cubic' } } }),
    rule: 'TP203',
    code: 'void f(cv::Mat a) { cv::resize(a, a, cv::Size(224, 224)); }\n',
    expect: /cv::resize\(a, a, cv::Size\(224, 224\), 0, 0, cv::INTER_CUBIC\)/,
  },
  {
    name: 'PIL resize gets the spec resample',
    languageId: 'python',
    spec: specWith({ input: { resize: { library: 'pil', method: 'bilinear' } } }),
    rule: 'TP203',
    code: 'from PIL import Image\nim = Image.open(p).convert("RGB").resize((224, 224))\n',
    expect: /\.resize\(\(224, 224\), resample=Image\.Resampling\.BILINEAR\)/,
  },
  {
    name: 'keras load_img gets the spec interpolation',
    languageId: 'python',
    spec: specWith({ input: { resize: { library: 'pil', method: 'bilinear' } } }),
    rule: 'TP203',
    code: 'from tensorflow.keras.utils import load_img\nim = load_img(p, target_size=(224, 224))\n',
    expect: /load_img\(p, target_size=\(224, 224\), interpolation="bilinear"\)/,
  },
  {
    name: 'tf.image.resize gets antialias=True',
    languageId: 'python',
    spec: specWith({ input: { resize: { library: 'tf', method: 'bilinear', antialias: true } } }),
    rule: 'TP205',
    code: 'import tensorflow as tf\nx = tf.image.resize(img, [224, 224])\n',
    expect: /tf\.image\.resize\(img, \[224, 224\], antialias=True\)/,
  },
  {
    name: 'a lone division by the wrong constant gets the spec scale',
    languageId: 'python',
    spec: specWith({ input: { scale: 1 / 127.5 } }),
    rule: 'TP301',
    code: 'import cv2\nimport numpy as np\ndef f(p, m):\n    x = cv2.cvtColor(cv2.imread(p), cv2.COLOR_BGR2RGB).astype(np.float32) / 255.0\n    return m.predict(x[None])\n',
    expect: /\.astype\(np\.float32\) \/ 127\.5\n/,
  },
  {
    name: 'a float suffix is kept when fixing a C++ scale',
    languageId: 'cpp',
    spec: specWith({ input: { scale: 1 / 127.5 } }),
    rule: 'TP301',
    code: 'void f(const std::string& p, float* t) {\n  cv::Mat img = cv::imread(p, cv::IMREAD_COLOR_RGB);\n  auto d = interp->typed_input_tensor<float>(0);\n  for (int i = 0; i < 10; ++i) d[i] = img.data[i] / 255.0f;\n}\n',
    expect: /img\.data\[i\] \/ 127\.5f;/,
  },
  {
    name: 'astype(np.float64) becomes float32',
    languageId: 'python',
    spec: specWith({}),
    rule: 'TP501',
    code: 'import numpy as np\nimport cv2\ndef f(p, m):\n    x = cv2.cvtColor(cv2.imread(p), cv2.COLOR_BGR2RGB).astype(np.float64) / 255.0\n    return m.predict(x[None])\n',
    expect: /\.astype\(np\.float32\) \/ 255\.0/,
  },
  {
    name: 'uint8 / 255.0 gets a float32 cast first',
    languageId: 'python',
    spec: specWith({}),
    rule: 'TP501',
    code: 'import numpy as np\nimport cv2\ndef f(p, m):\n    img = cv2.cvtColor(cv2.imread(p), cv2.COLOR_BGR2RGB)\n    x = img / 255.0\n    return m.predict(x[None])\n',
    expect: /x = img\.astype\(np\.float32\) \/ 255\.0/,
  },
  {
    name: 'Bitmap filter becomes true for a bilinear spec',
    languageId: 'java',
    spec: specWith({ input: { resize: { library: 'tf', method: 'bilinear' } } }),
    rule: 'TP203',
    code: 'class C { Bitmap f(Bitmap b) { return Bitmap.createScaledBitmap(b, 224, 224, false); } }\n',
    expect: /createScaledBitmap\(b, 224, 224, true\)/,
  },
  {
    name: 'ResizeOp size is written as (h, w)',
    languageId: 'java',
    spec: specWith({ input: { width: 320, height: 240, resize: { library: 'tf', method: 'bilinear' } } }),
    rule: 'TP202',
    code: 'class C { Object f() { return new ResizeOp(320, 240, ResizeOp.ResizeMethod.BILINEAR); } }\n',
    expect: /new ResizeOp\(240, 320,/,
  },
  {
    name: 'a tfjs size literal becomes [h, w]',
    languageId: 'javascript',
    spec: specWith({ input: { width: 320, height: 240, resize: { library: 'tfjs', method: 'bilinear' } } }),
    rule: 'TP202',
    code: 'const r = tf.image.resizeBilinear(t, [320, 240]);\n',
    expect: /resizeBilinear\(t, \[240, 320\]\)/,
  },
  {
    name: 'sharp gets the kernel inside an existing options object',
    languageId: 'typescript',
    spec: specWith({ input: { resize: { library: 'sharp', method: 'cubic', fit: 'stretch' } } }),
    rule: 'TP203',
    code: 'import sharp from "sharp";\nconst b = sharp(p).resize({ width: 224, height: 224, fit: "fill" });\n',
    expect: /resize\(\{ kernel: 'cubic', width: 224/,
  },
];

for (const c of CASES) {
  test(`fix: ${c.name}`, async () => {
    const before = await lintText(c.languageId, c.code, c.spec);
    const f = before.find((x) => x.code === c.rule);
    assert.ok(f, `expected ${c.rule}, got ${before.map((x) => `${x.code} ${x.message}`).join('; ')}`);
    assert.ok(f.fix, `${c.rule} has no fix`);
    const fixed = applyEdits(c.code, f.fix.edits);
    assert.match(fixed, c.expect);
    const after = await lintText(c.languageId, fixed, c.spec);
    assert.deepEqual(
      after.filter((x) => x.code === c.rule).map((x) => x.message),
      [],
      'the fix should satisfy the rule',
    );
  });
}

test('no fix is offered where a rewrite could be wrong: sizes from constants, mean/std chains', async () => {
  const spec = specWith({ input: { width: 320, height: 240, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } });
  const sized = await lintText('python', 'import cv2\nS = 224\nx = cv2.resize(img, (S, S))\n', spec);
  assert.equal(sized[0].code, 'TP201');
  assert.equal(sized[0].fix, undefined);
  const norm = await lintText(
    'python',
    'import cv2\nimport numpy as np\ndef f(p, m):\n    x = cv2.cvtColor(cv2.imread(p), cv2.COLOR_BGR2RGB).astype(np.float32) / 255.0\n    return m.predict(x[None])\n',
    spec,
  );
  const n = norm.find((x) => x.code === 'TP301');
  assert.ok(n);
  assert.equal(n.fix, undefined);
});
