// Manual NCHW/NHWC loops in JS and Java (issue #11 part 3): nested pixel loops writing a flat input array are checked
// against the spec's layout, for a channel loop (c * H * W + y * W + x) and for three writes at constant offsets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText, specWith } from './lint-test-helpers';

function at(findings: { code: string; range: { start: { line: number } } }[]): string[] {
  return findings.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

const JS_PLANES = [
  'async function run(session, img) {',
  "  const ctx = document.createElement('canvas').getContext('2d');",
  '  ctx.drawImage(img, 0, 0, 224, 224);',
  '  const { data } = ctx.getImageData(0, 0, 224, 224);',
  '  const W = 224, H = 224;',
  '  const input = new Float32Array(3 * H * W);',
  '  for (let y = 0; y < H; y++) {',
  '    for (let x = 0; x < W; x++) {',
  '      const i = (y * W + x) * 4;',
  '      for (let c = 0; c < 3; c++) {',
  '        input[c * H * W + y * W + x] = data[i + c] / 255;',
  '      }',
  '    }',
  '  }',
  "  return session.run({ input: new ort.Tensor('float32', input, [1, 3, H, W]) });",
  '}',
].join('\n');

test('js: a channel loop writing planes (c * H * W + y * W + x) is NCHW: reported under an NHWC spec only', async () => {
  const f = await lintText('javascript', JS_PLANES, specWith());
  assert.deepEqual(at(f), ['11 TP401']);
  assert.match(f[0].message, /channels-first \(NCHW\).*input\.layout is NHWC/);
  assert.deepEqual(await lintText('javascript', JS_PLANES, specWith({ input: { layout: 'NCHW' } })), []);
});

test('js: interleaved writes ((y * W + x) * 3 + c) are NHWC: reported under an NCHW spec only', async () => {
  const src = JS_PLANES.replace('input[c * H * W + y * W + x]', 'input[(y * W + x) * 3 + c]');
  assert.deepEqual(at(await lintText('javascript', src, specWith({ input: { layout: 'NCHW' } }))), ['11 TP401']);
  assert.deepEqual(await lintText('javascript', src, specWith()), []);
});

const JAVA_OFFSETS = [
  'class Prep {',
  '  static final int SIZE = 224;',
  '  float[] toInput(int[] pixels) {',
  '    float[] out = new float[3 * SIZE * SIZE];',
  '    for (int y = 0; y < SIZE; y++) {',
  '      for (int x = 0; x < SIZE; x++) {',
  '        int p = pixels[y * SIZE + x];',
  '        int idx = y * SIZE + x;',
  '        out[idx] = ((p >> 16) & 0xFF) / 255.0f;',
  '        out[idx + SIZE * SIZE] = ((p >> 8) & 0xFF) / 255.0f;',
  '        out[idx + 2 * SIZE * SIZE] = (p & 0xFF) / 255.0f;',
  '      }',
  '    }',
  '    return out;',
  '  }',
  '}',
].join('\n');

test('java: three writes a plane apart (idx, idx + H*W, idx + 2*H*W) are NCHW', async () => {
  assert.deepEqual(at(await lintText('java', JAVA_OFFSETS, specWith())), ['9 TP401']);
  assert.deepEqual(await lintText('java', JAVA_OFFSETS, specWith({ input: { layout: 'NCHW' } })), []);
});

test('java: a loop whose bounds or allocation are not known, or that fills another size, is not judged', async () => {
  const unknown = JAVA_OFFSETS.replace('new float[3 * SIZE * SIZE]', 'new float[n]').replace('int[] pixels', 'int[] pixels, int n');
  assert.deepEqual(await lintText('java', unknown, specWith()), []);
  const other = JAVA_OFFSETS.replace('new float[3 * SIZE * SIZE]', 'new float[4 * SIZE * SIZE]');
  assert.deepEqual(await lintText('java', other, specWith()), []);
});
