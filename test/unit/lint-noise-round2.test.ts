// The second noise round (bench/lint-noise.mjs: ImageJ, imageio, Dear ImGui and three more repositories with no model
// input): rounding and indexing shifts, drawing on a Graphics a paint method is handed, and integer arrays written by
// a Java file that runs no model are not model input. Each case has a control that must still be reported.
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

test('java: drawImage on the Graphics paint() is handed draws on screen; into image.createGraphics() it resizes', async () => {
  const screen = [
    'import java.awt.*;',
    'class Picker {',
    '  public void paint(Graphics g) {',
    '    g.drawImage(ip.createImage(), 0, 0, (int) (ip.getWidth() * scale), 300, null);',
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
