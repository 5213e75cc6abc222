// Patterns from the seventh held-out round of real files (test/corpus/lint/cases.json, round "heldout-7") that the
// linter missed or got wrong before. Each fixture is our own minimal reproduction, with a matching spec (no finding)
// and a different one (one finding per deviation, on the line a person would fix).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { createLinter } from '../../src/core/lint/linter';
import { fsSiblingReader } from '../../src/core/lint/siblings';
import type { Linter } from '../../src/core/lint/types';
import { keys as at, lintText, specWith, WASM_DIR } from './lint-test-helpers';

const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };

const PY_SHADOWED_SIZE = [
  'import numpy as np',
  'from PIL import Image',
  '',
  'target_size = (200, 200)',
  '',
  'def prepare_image(img, target_size):',
  '    img = img.resize(target_size, Image.NEAREST)',
  '    return img',
  '',
  'def preprocess(session, path):',
  "    img = Image.open(path).convert('RGB')",
  '    img = prepare_image(img, target_size)',
  '    x = np.array(img).astype(np.float32) / 255.0',
  "    return session.run(None, {'x': x[None]})",
].join('\n');

test('python: a parameter passed a module constant of its own name takes that constant (def f(img, size) called as f(img, size))', async () => {
  const spec = { input: { width: 200, height: 200, resize: { library: 'pil', method: 'nearest' } } };
  assert.deepEqual(at(await lintText('python', PY_SHADOWED_SIZE, specWith(spec))), []);
  const findings = await lintText('python', PY_SHADOWED_SIZE, specWith({ input: { ...spec.input, width: 224, height: 224 } }));
  assert.deepEqual(at(findings), ['7 TP201']);
  assert.match(findings[0]!.message, /width 200 × height 200.*224 × 224/);
  // Two different module assignments of the name: the parameter stays unknown (no size finding, no guess).
  const twice = PY_SHADOWED_SIZE.replace('target_size = (200, 200)', 'target_size = (200, 200)\nif np.random.rand() > 2:\n    target_size = (64, 64)');
  assert.deepEqual(at(await lintText('python', twice, specWith({ input: { ...spec.input, width: 224, height: 224 } }))), []);
});

const PY_ALBU = [
  'import cv2',
  'import albumentations as A',
  'from albumentations.pytorch import ToTensorV2',
  '',
  'H, W = 160, 240',
  'tfm = A.Compose([',
  '    A.Resize(height=H, width=W),',
  '    A.Normalize(mean=[0.0, 0.0, 0.0], std=[1.0, 1.0, 1.0], max_pixel_value=255.0),',
  '    ToTensorV2(),',
  '])',
  '',
  'def predict(sess, path):',
  '    img = cv2.cvtColor(cv2.imread(path), cv2.COLOR_BGR2RGB)',
  "    x = tfm(image=img)['image'].unsqueeze(0).numpy()",
  "    return sess.run(None, {'input': x})",
].join('\n');

test('python: an albumentations Compose applied as tfm(image=img) is checked: Resize(height, width), Normalize, ToTensorV2', async () => {
  const spec = { input: { width: 240, height: 160, layout: 'NCHW' } };
  assert.deepEqual(at(await lintText('python', PY_ALBU, specWith(spec))), []);
  const findings = await lintText(
    'python',
    PY_ALBU,
    specWith({ input: { width: 224, height: 224, ...IMAGENET, layout: 'NHWC', resize: { library: 'cv2', method: 'area' } } }),
  );
  assert.deepEqual(at(findings), ['7 TP201', '7 TP203', '8 TP301', '9 TP401']);
  assert.match(findings[0]!.message, /A\.Resize resizes to width 240 × height 160 \(it takes \(height, width\)\)/);
  assert.match(findings[1]!.message, /INTER_LINEAR/);
  // Normalize's defaults are ImageNet's mean and std on 0–255 pixels: A.Normalize() matches an ImageNet spec.
  const defaults = PY_ALBU.replace('A.Normalize(mean=[0.0, 0.0, 0.0], std=[1.0, 1.0, 1.0], max_pixel_value=255.0)', 'A.Normalize()');
  assert.deepEqual(at(await lintText('python', defaults, specWith({ input: { ...spec.input, ...IMAGENET } }))), []);
  assert.deepEqual(at(await lintText('python', defaults, specWith(spec))), ['8 TP301']);
  // An augmentation pipeline (a flip, anything not modelled) is left alone, whatever the spec.
  const augment = PY_ALBU.replace('    ToTensorV2(),', '    A.HorizontalFlip(p=0.5),\n    ToTensorV2(),');
  assert.deepEqual(at(await lintText('python', augment, specWith({ input: { width: 224, height: 224, ...IMAGENET, layout: 'NCHW' } }))), []);
  // A call with image= of something that is not an albumentations Compose is not one.
  const other = PY_ALBU.replace('tfm = A.Compose([', 'tfm = make_pipeline([');
  assert.deepEqual(at(await lintText('python', other, specWith({ input: { width: 224, height: 224, ...IMAGENET, layout: 'NCHW' } }))), []);
});

const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-heldout7-'));
after(() => fs.rmSync(ROOT, { recursive: true, force: true }));
let sibLinter: Promise<Linter> | undefined;

async function lintWithSiblings(files: Record<string, string[]>, main: string, override: Record<string, unknown>): Promise<string[]> {
  for (const [rel, lines] of Object.entries(files)) {
    const p = path.join(ROOT, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, lines.join('\n'));
  }
  sibLinter ??= createLinter({ wasmDir: WASM_DIR, siblings: fsSiblingReader(ROOT) });
  const l = await sibLinter;
  const p = path.join(ROOT, main);
  const uri = pathToFileURL(p).href;
  const out = l.lint({ uri, languageId: 'python', text: fs.readFileSync(p, 'utf8') }, specWith(override));
  l.close(uri);
  return out.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

test('python: an albumentations Compose imported from a sibling module is checked where this file applies it', async () => {
  const files = {
    'unet/transforms.py': [
      'import albumentations as A',
      'from albumentations.pytorch import ToTensorV2',
      'IMAGE_HEIGHT = 160',
      'IMAGE_WIDTH = 240',
      'inference_transform = A.Compose([',
      '    A.Resize(height=IMAGE_HEIGHT, width=IMAGE_WIDTH),',
      '    A.Normalize(mean=[0.0, 0.0, 0.0], std=[1.0, 1.0, 1.0], max_pixel_value=255.0),',
      '    ToTensorV2(),',
      '])',
    ],
    'unet/utils.py': [
      'import numpy as np',
      'import torch',
      'from transforms import inference_transform',
      '',
      'def preprocess(img):',
      "    arr = np.array(img.convert('RGB'), dtype=np.uint8)",
      '    aug = inference_transform(image=arr)',
      "    return aug['image'].unsqueeze(0)",
      '',
      'def predict(img, model):',
      '    with torch.no_grad():',
      '        return torch.sigmoid(model(preprocess(img)))',
    ],
  };
  assert.deepEqual(await lintWithSiblings(files, 'unet/utils.py', { input: { width: 240, height: 160, layout: 'NCHW' } }), []);
  assert.deepEqual(await lintWithSiblings(files, 'unet/utils.py', { input: { width: 256, height: 256, ...IMAGENET, layout: 'NCHW' } }), ['7 TP201', '7 TP301']);
});

test('python: a model tensor turned back into a picture (permute(1, 2, 0), × 255, Image.fromarray) is not resized as model input', async () => {
  const src = [
    'import numpy as np',
    'import albumentations as A',
    'from albumentations.pytorch import ToTensorV2',
    'from PIL import Image',
    'tfm = A.Compose([A.Resize(160, 240), A.Normalize(mean=(0, 0, 0), std=(1, 1, 1)), ToTensorV2()])',
    '',
    'def run(model, img):',
    "    x = tfm(image=np.array(img.convert('RGB')))['image'].unsqueeze(0)",
    '    mask = model(x)',
    '    pic = (x.squeeze(0).permute(1, 2, 0).numpy() * 255).astype(np.uint8)',
    '    return mask, Image.fromarray(pic).resize(img.size, resample=Image.NEAREST)',
  ].join('\n');
  const spec = { input: { width: 240, height: 160, layout: 'NCHW' } };
  assert.deepEqual(at(await lintText('python', src, specWith(spec))), []);
  // The resize of the input itself is still checked.
  assert.deepEqual(at(await lintText('python', src, specWith({ input: { ...spec.input, width: 224, height: 224 } }))), ['5 TP201']);
});

const JAVA_QUANTIZE = [
  'import org.tensorflow.lite.DataType;',
  'import org.tensorflow.lite.support.common.ops.CastOp;',
  'import org.tensorflow.lite.support.common.ops.NormalizeOp;',
  'import org.tensorflow.lite.support.common.ops.QuantizeOp;',
  'import org.tensorflow.lite.support.image.ImageProcessor;',
  'import org.tensorflow.lite.support.image.TensorImage;',
  'import org.tensorflow.lite.support.image.ops.ResizeOp;',
  'class Icons {',
  '  ImageProcessor build() {',
  '    return new ImageProcessor.Builder()',
  '        .add(new ResizeOp(224, 224, ResizeOp.ResizeMethod.NEAREST_NEIGHBOR))',
  '        .add(new NormalizeOp(new float[] {0.0f}, new float[] {255.0f}))',
  '        .add(new QuantizeOp(0f, 0.003921569f))',
  '        .add(new CastOp(DataType.UINT8))',
  '        .build();',
  '  }',
  '}',
].join('\n');

test('java: a QuantizeOp after a NormalizeOp is part of the scaling (÷ 255 then quantized by 1/255 is the 0–255 pixels)', async () => {
  const spec = { input: { resize: { library: 'tf', method: 'nearest' }, scale: 1, dtype: 'uint8' } };
  assert.deepEqual(at(await lintText('java', JAVA_QUANTIZE, specWith(spec))), []);
  const findings = await lintText('java', JAVA_QUANTIZE, specWith({ input: { ...spec.input, scale: 1 / 255, dtype: 'float32' } }));
  assert.deepEqual(at(findings), ['12 TP301']);
  assert.match(findings[0]!.message, /then QuantizeOp\(0, 0\.003921569\) computes \(p − 0\) \/ 1/);
  // No rewrite of the NormalizeOp alone is offered: the QuantizeOp would undo it.
  assert.equal(findings[0]!.fix, undefined);
  // A QuantizeOp whose parameters the code reads from the tensor (not literals): the scaling is unknown, no finding.
  const fromTensor = JAVA_QUANTIZE.replace('new QuantizeOp(0f, 0.003921569f)', 'new QuantizeOp(zeroPoint, scale)');
  assert.deepEqual(at(await lintText('java', fromTensor, specWith({ input: { ...spec.input, scale: 1 / 255, dtype: 'float32' } }))), []);
  // Without a QuantizeOp the NormalizeOp alone is judged as before, with its rewrite.
  const plain = JAVA_QUANTIZE.replace('        .add(new QuantizeOp(0f, 0.003921569f))\n', '');
  const alone = await lintText('java', plain, specWith(spec));
  assert.deepEqual(at(alone), ['12 TP301']);
  assert.equal(alone[0]!.fix?.title, 'Use NormalizeOp(0f, 1f)');
});

const JAVA_LOOP_SHIFT = [
  'import android.graphics.Bitmap;',
  'import java.nio.ByteBuffer;',
  'import java.nio.ByteOrder;',
  'class Prep {',
  '  static ByteBuffer toBuffer(Bitmap image, int channels) {',
  '    ByteBuffer input = ByteBuffer.allocateDirect(image.getWidth() * image.getHeight() * channels * 4);',
  '    input.order(ByteOrder.nativeOrder());',
  '    int[] px = new int[image.getWidth() * image.getHeight()];',
  '    image.getPixels(px, 0, image.getWidth(), 0, 0, image.getWidth(), image.getHeight());',
  '    for (int j = 0; j < px.length; j++) {',
  '      for (int k = channels - 1; k >= 0; k--) {',
  '        input.putFloat(((px[j] >> 8 * k) & 0xFF) / 255.0f);',
  '      }',
  '    }',
  '    return input;',
  '  }',
  '}',
].join('\n');

test('java: a channel unpacked as (p >> 8 * k) & 0xFF in a loop over k writes R, G, B counting down and B, G, R counting up', async () => {
  assert.deepEqual(at(await lintText('java', JAVA_LOOP_SHIFT, specWith({}))), []);
  const bgr = await lintText('java', JAVA_LOOP_SHIFT, specWith({ input: { colorOrder: 'BGR', scale: 1 } }));
  assert.deepEqual(at(bgr), ['12 TP101', '12 TP301']);
  assert.match(bgr[0]!.message, /written in R, G, B order/);
  const up = JAVA_LOOP_SHIFT.replace('int k = channels - 1; k >= 0; k--', 'int k = 0; k < 3; k++');
  assert.deepEqual(at(await lintText('java', up, specWith({ input: { colorOrder: 'BGR' } }))), []);
  assert.deepEqual(at(await lintText('java', up, specWith({}))), ['12 TP101']);
  // A loop that does not step through the channels one by one (k -= 2), or a shift by a parameter: nothing is known.
  const twos = JAVA_LOOP_SHIFT.replace('k--', 'k -= 2');
  assert.deepEqual(at(await lintText('java', twos, specWith({ input: { colorOrder: 'BGR', scale: 1 } }))), []);
  const param = JAVA_LOOP_SHIFT.replace('>> 8 * k', '>> 8 * channels');
  assert.deepEqual(at(await lintText('java', param, specWith({ input: { colorOrder: 'BGR', scale: 1 } }))), []);
});

const CPP_FROM_BLOB = [
  '#include <opencv2/opencv.hpp>',
  '#include <torch/script.h>',
  'torch::Tensor prep(cv::Mat &frame, int w, int h) {',
  '  cv::Mat img;',
  '  cv::resize(frame, img, cv::Size(w, h));',
  '  cv::cvtColor(img, img, cv::COLOR_BGR2RGB);',
  '  img.convertTo(img, CV_32F, 1.0 / 255.0);',
  '  torch::Tensor t = torch::from_blob(img.data, {1, h, w, 3}, torch::kFloat32);',
  '  t = t.permute({0, 3, 1, 2});',
  '  return t.clone();',
  '}',
].join('\n');

test('cpp: torch::from_blob(img.data, {1, H, W, 3}) then permute({0, 3, 1, 2}) is a channels-first tensor', async () => {
  const spec = { input: { layout: 'NCHW' } };
  assert.deepEqual(at(await lintText('cpp', CPP_FROM_BLOB, specWith(spec))), []);
  const findings = await lintText('cpp', CPP_FROM_BLOB, specWith({ input: { layout: 'NHWC' } }));
  assert.deepEqual(at(findings), ['9 TP401']);
  assert.match(findings[0]!.message, /permute\(\{0, 3, 1, 2\}\) makes the tensor channels-first/);
  // Without the permute the tensor stays channels-last: no layout change to judge (a returned tensor that no model call
  // of this file takes is not judged for a missing transpose).
  const noPermute = CPP_FROM_BLOB.replace('  t = t.permute({0, 3, 1, 2});\n', '');
  assert.deepEqual(at(await lintText('cpp', noPermute, specWith({ input: { layout: 'NHWC' } }))), []);
  assert.deepEqual(at(await lintText('cpp', noPermute, specWith(spec))), []);
  // A shape that reads the HWC bytes as {1, 3, H, W} is not followed as a layout (nothing is claimed about it).
  const chwShape = noPermute.replace('{1, h, w, 3}', '{1, 3, h, w}');
  assert.deepEqual(at(await lintText('cpp', chwShape, specWith({ input: { layout: 'NHWC' } }))), []);
});
