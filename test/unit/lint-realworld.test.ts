// Patterns seen in public preprocessing code that the linter got wrong. Each fixture is our own minimal reproduction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

/** "line code" of each finding, in order. */
function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

test('java: a field set in the constructor is not the constant of its initializer (no "resize to 0 × 0")', async () => {
  const src = [
    'import android.graphics.Bitmap;',
    'class Scaler {',
    '  private int side = 0;',
    '  Scaler(int inputSide) { side = inputSide; }',
    '  Bitmap scale(Bitmap b) { return Bitmap.createScaledBitmap(b, side, side, true); }',
    '}',
  ].join('\n');
  const findings = await lintText('java', src, specWith({ input: { resize: { library: 'tf', method: 'bilinear' } } }));
  assert.deepEqual(findings.filter((f) => f.code === 'TP201'), []);
});

test('java: a field that is only ever assigned its initializer still gives the size', async () => {
  const src = [
    'import android.graphics.Bitmap;',
    'class Scaler {',
    '  private int side = 192;',
    '  Bitmap scale(Bitmap b) { int local = 3; local = 4; return Bitmap.createScaledBitmap(b, side, side, true); }',
    '}',
  ].join('\n');
  const findings = await lintText('java', src, specWith({ input: { resize: { library: 'tf', method: 'bilinear' } } }));
  assert.deepEqual(at(findings.filter((f) => f.code === 'TP201')), ['4 TP201']);
});

test('js: a module variable assigned inside a function is no longer the constant of its declaration', async () => {
  const src = [
    'import * as tf from "@tensorflow/tfjs";',
    'let size = 0;',
    'export function configure(s) { size = s; }',
    'export function prep(img) { return tf.image.resizeBilinear(tf.browser.fromPixels(img), [size, size]); }',
  ].join('\n');
  const findings = await lintText('javascript', src, specWith({ input: { resize: { library: 'tfjs', method: 'bilinear' } } }));
  assert.deepEqual(findings.filter((f) => f.code === 'TP201'), []);
});

test('java: int parameters used for geometry are not judged as pixels', async () => {
  const src = [
    'import android.graphics.Matrix;',
    'class Geometry {',
    '  Matrix centre(final int srcWidth, final int srcHeight) {',
    '    Matrix m = new Matrix();',
    '    m.postTranslate(-srcWidth / 2.0f, -srcHeight / 2.0f);',
    '    return m;',
    '  }',
    '  float half(float v) { return (v - 10f) / 2f; }',
    '}',
  ].join('\n');
  assert.deepEqual(await lintText('java', src, specWith()), []);
});

test('a resize to a placeholder size of 0 is not reported as a size mismatch', async () => {
  const src = [
    'import * as tf from "@tensorflow/tfjs";',
    'let size = 0;',
    'export function prep(img) { return tf.image.resizeBilinear(tf.browser.fromPixels(img), [size, size]); }',
  ].join('\n');
  const findings = await lintText('javascript', src, specWith({ input: { resize: { library: 'tfjs', method: 'bilinear' } } }));
  assert.deepEqual(findings.filter((f) => f.code === 'TP201' || f.code === 'TP202'), []);
});
