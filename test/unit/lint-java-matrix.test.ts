// Android's getResizedBitmap idiom: a Matrix scaled by newWidth / width and Bitmap.createBitmap(bm, 0, 0, width,
// height, matrix, filter) resize to newWidth × newHeight, checked like Bitmap.createScaledBitmap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keys, lintText, specWith } from './lint-test-helpers';

const helper = (scale: string[], createArgs: string): string[] => [
  'import android.graphics.Bitmap;',
  'import android.graphics.Matrix;',
  'class Classifier {',
  '  public Bitmap getResizedBitmap(Bitmap bm, int newWidth, int newHeight) {',
  '    int width = bm.getWidth();',
  '    int height = bm.getHeight();',
  ...scale,
  `    return Bitmap.createBitmap(${createArgs});`,
  '  }',
  '  void classify(Bitmap bitmap) {',
  '    run(getResizedBitmap(bitmap, 300, 300));',
  '  }',
  '}',
];

test('java: a Matrix scaled to newWidth / width resizes createBitmap to the size the caller passes', async () => {
  const idiom = helper(
    [
      '    float scaleWidth = ((float) newWidth) / width;',
      '    float scaleHeight = ((float) newHeight) / height;',
      '    Matrix matrix = new Matrix();',
      '    matrix.postScale(scaleWidth, scaleHeight);',
    ],
    'bm, 0, 0, width, height, matrix, false',
  );
  assert.deepEqual(keys(await lintText('java', idiom.join('\n'), specWith({}))), ['11 TP201']);
  // The spec's own size: nothing to report.
  assert.deepEqual(keys(await lintText('java', idiom.join('\n'), specWith({ input: { width: 300, height: 300 } }))), []);
  // Inline: m.setScale((float) newWidth / bm.getWidth(), …) with createBitmap over bm.getWidth() × bm.getHeight().
  const inline = helper(
    ['    Matrix m = new Matrix();', '    m.setScale((float) newWidth / bm.getWidth(), (float) newHeight / bm.getHeight());'],
    'bm, 0, 0, bm.getWidth(), bm.getHeight(), m, true',
  );
  assert.deepEqual(keys(await lintText('java', inline.join('\n'), specWith({}))), ['9 TP201']);
});

test('java: a Matrix that only rotates, or scales by a constant factor, is no resize to a size', async () => {
  const rotate = helper(['    Matrix matrix = new Matrix();', '    matrix.postRotate(90);'], 'bm, 0, 0, width, height, matrix, true');
  assert.deepEqual(keys(await lintText('java', rotate.join('\n'), specWith({}))), []);
  const half = helper(['    Matrix matrix = new Matrix();', '    matrix.setScale(0.5f, 0.5f);'], 'bm, 0, 0, width, height, matrix, true');
  assert.deepEqual(keys(await lintText('java', half.join('\n'), specWith({}))), []);
});

test('java: a helper called with the class constants (getResizedBitmap(bm, INPUT_SIZE, INPUT_SIZE)) resizes to them', async () => {
  const text = [
    'import android.graphics.Bitmap;',
    'class Classifier {',
    '  private static final int INPUT_SIZE = 300;',
    '  Bitmap resize(Bitmap bm, int newWidth, int newHeight) {',
    '    return Bitmap.createScaledBitmap(bm, newWidth, newHeight, true);',
    '  }',
    '  void classify(Bitmap bitmap) {',
    '    run(resize(bitmap, INPUT_SIZE, INPUT_SIZE));',
    '  }',
    '}',
  ].join('\n');
  assert.deepEqual(keys(await lintText('java', text, specWith({}))), ['5 TP201']);
  assert.deepEqual(keys(await lintText('java', text, specWith({ input: { width: 300, height: 300 } }))), []);
});
