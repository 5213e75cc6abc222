// The second and third noise rounds (bench/lint-noise.mjs: ImageJ, imageio, Dear ImGui, napari and more repositories
// with no model input): rounding and indexing shifts, drawing on a Graphics a paint method is handed, integer arrays
// written by a Java file that runs no model, and arithmetic on parameters in a Python file that imports no image or
// model library are not model input. Each case has a control that must still be reported.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LintLanguageId } from '../../src/core/lint/types';
import { keys, lintText, specWith } from './lint-test-helpers';

const IMAGENET = { input: { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } };

async function codes(languageId: LintLanguageId, lines: string[], override: Record<string, unknown> = IMAGENET): Promise<string[]> {
  return keys(await lintText(languageId, lines.join('\n'), specWith(override)));
}

test('python: int(x + 0.5) rounds a coordinate; the same shift at a model input and a larger one are still reported', async () => {
  const rounding = [
    'def show(data):',
    '    def format_coord(x, y):',
    '        x = int(x + 0.5)',
    '        y = int(y + 0.5)',
    '        return label(x, y)',
    '    return format_coord',
  ];
  assert.deepEqual(await codes('python', rounding), []);
  assert.deepEqual(await codes('python', ['def prep(img, model):', '    return model.predict(img - 0.5)']), ['2 TP301']);
  assert.deepEqual(await codes('python', ['def prep(x):', '    return run_model(x - 127.5)']), ['2 TP301']);
});

test('c++: codepoint + 1 handed to a helper indexes; an image shifted by 127.5 is still reported', async () => {
  const index = [
    'static void load(ImFontBaked* baked, ImWchar codepoint) {',
    '  grow_index(baked, codepoint + 1);',
    '}',
    'static float advance(ImFontBaked* baked, ImWchar codepoint) {',
    '  load(baked, (ImWchar)codepoint);',
    '  return 0.0f;',
    '}',
  ];
  assert.deepEqual(await codes('cpp', index), []);
  assert.deepEqual(await codes('cpp', ['void prep(const cv::Mat& img) {', '  consume(img - 127.5);', '}']), ['2 TP301']);
});

test('java: drawImage on the Graphics paint() is handed (or a BufferStrategy gives) draws on screen; into image.createGraphics() it resizes', async () => {
  const screen = [
    'import java.awt.*;',
    'class Picker {',
    '  public void paint(Graphics g) {',
    '    g.drawImage(ip.createImage(), 0, 0, (int) (ip.getWidth() * scale), 300, null);',
    '  }',
    '  void render(BufferStrategy strategy, BufferedImage image) {',
    '    Graphics2D draw = (Graphics2D) strategy.getDrawGraphics();',
    '    draw.drawImage(image, 0, 0, 640, 480, null);',
    '  }',
    '  void paintIcon(Graphics g, BufferedImage bi) {',
    '    Graphics2D g2 = (Graphics2D) g;',
    '    g2.drawImage(bi, 0, 0, 48, 48, null);',
    '  }',
    '}',
  ];
  assert.deepEqual(await codes('java', screen), []);
  const resize = [
    'import java.awt.*;',
    'import java.awt.image.BufferedImage;',
    'class Prep {',
    '  static BufferedImage resize(BufferedImage src) {',
    '    BufferedImage out = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);',
    '    Graphics2D g = out.createGraphics();',
    '    g.drawImage(src, 0, 0, 300, 300, null);',
    '    return out;',
    '  }',
    '}',
  ];
  const found = await codes('java', resize);
  assert.ok(found.includes('7 TP201') && found.includes('7 TP203'), found.join(', '));
});

test('java: a byte[] written a plane per colour by a file that runs no model is no input; with a model runtime it is', async () => {
  const lut = (imports: string[]): string[] => [
    ...imports,
    'class Saver {',
    '  byte[] saveLut(byte[] reds, byte[] greens, byte[] blues) {',
    '    byte[] pixels = new byte[768];',
    '    for (int i = 0; i < 256; i++) {',
    '      pixels[i] = reds[i];',
    '      pixels[i + 256] = greens[i];',
    '      pixels[i + 512] = blues[i];',
    '    }',
    '    return pixels;',
    '  }',
    '}',
  ];
  assert.deepEqual(await codes('java', lut(['import java.io.File;'])), []);
  assert.deepEqual(await codes('java', lut(['import org.tensorflow.lite.Interpreter;'])), ['6 TP401']);
});

test('python: a colormap function of x in a file that imports no image library is no normalisation; 127.5 or an image library is', async () => {
  const colormap = ['import numpy as np', 'def _g35(x): return 2 * x - 0.5', 'def _g36(x): return 2 * x - 1', 'def func_r(x): return dat(1.0 - x)'];
  assert.deepEqual(await codes('python', colormap), []);
  assert.deepEqual(await codes('python', ['import numpy as np', 'def norm(x): return (x - 127.5) / 127.5']), ['2 TP301']);
  assert.deepEqual(await codes('python', ['import cv2', 'def norm(x): return x * 2.0 - 1.0']), ['2 TP301']);
  // The spec's own constants count as pixel constants too: (x - 0.5) / 0.5 against mean 0.5 and std 0.25.
  const own = { input: { scale: 1, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] } };
  assert.deepEqual(await codes('python', ['def norm(x): return (x - 0.5) / 0.5'], own), ['1 TP301']);
});

test('java: the index of put(index, value) (or a Map key) is no value written; the value is', async () => {
  const key = [
    'import java.util.HashMap;',
    'import java.util.Map;',
    'class Bar {',
    '  private final Map<Integer, State> states = new HashMap<>();',
    '  public void update(int feederAddress, State s) {',
    '    states.put(feederAddress - 1, s);',
    '  }',
    '}',
  ];
  assert.deepEqual(await codes('java', key), []);
  const value = ['import java.nio.FloatBuffer;', 'class Fill {', '  void write(FloatBuffer buf, int i, float v) {', '    buf.put(i, v - 1.5f);', '  }', '}'];
  assert.deepEqual(await codes('java', value), ['4 TP301']);
});

test('c++: double buffers copied among themselves (a solver) are no tensor input; into an input tensor they are', async () => {
  const solver = [
    'void solve(double* _b, double* _c, int n) {',
    '  double* cl = _c + n;',
    '  double* bl = _b + n;',
    '  memcpy(cl, bl, n * sizeof(double));',
    '}',
  ];
  assert.deepEqual(await codes('cpp', solver, { input: { dtype: 'float32' } }), []);
  const input = [
    'void fill(float* input_tensor, const double* src, int n) {',
    '  double* buf = new double[n];',
    '  memcpy(input_tensor, buf, n * sizeof(double));',
    '}',
  ];
  assert.deepEqual(await codes('cpp', input, { input: { dtype: 'float32' } }), ['2 TP501']);
});

test('c++: pix ± alpha bounds an intensity band (background subtraction); frame - 128 (an int8 shift) is still reported', async () => {
  const band = [
    'const int alpha = 10;',
    'void band(const cv::Mat& frame, Word& n) {',
    '  int pix = frame.at<uchar>(0, 0);',
    '  n.min = std::max(0, pix - alpha);',
    '  n.max = std::min(255, pix + alpha);',
    '}',
  ];
  assert.deepEqual(await codes('cpp', band), []);
  assert.deepEqual(await codes('cpp', ['void prep(const cv::Mat& frame, Word& n) {', '  n.v = frame - 128;', '}']), ['2 TP301']);
});
