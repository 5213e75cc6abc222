// TP103 jpeg-decoder: TF's JPEG decoders against an explicit input.decoder in the spec, on tf.data code as users write
// it; silent when the spec names no decoder. (Decoders inside a lambda passed as an argument are not followed.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSpec } from '../../src/core/spec/parse';
import type { Spec } from '../../src/core/spec/types';
import { applyAllFixes, lintText } from './lint-test-helpers';

const PROGRAM = [
  'import tensorflow as tf',
  '',
  'def load(path):',
  '    raw = tf.io.read_file(path)',
  '    img = tf.io.decode_jpeg(raw, channels=3)',
  '    return tf.image.resize(img, (32, 32)) / 255.0',
  '',
  'def load_any(path):',
  '    img = tf.io.decode_image(tf.io.read_file(path), channels=3, expand_animations=False)',
  '    return tf.image.resize(img, (32, 32)) / 255.0',
  '',
  'def load_accurate(path):',
  '    img = tf.io.decode_jpeg(tf.io.read_file(path), channels=3, dct_method="INTEGER_ACCURATE")',
  '    return tf.image.resize(img, (32, 32)) / 255.0',
  '',
  'ds = tf.data.Dataset.from_tensor_slices(files).map(load).batch(32)',
  '',
].join('\n');
const specWith = (decoder?: string): Spec => {
  const s = parseSpec(
    JSON.stringify({
      model: { path: 'm.json' },
      input: { width: 32, height: 32, resize: { library: 'tf', method: 'bilinear' }, ...(decoder ? { decoder } : {}) },
    }),
  ).spec;
  assert.ok(s);
  return s;
};
const tp103 = async (text: string, decoder?: string) => (await lintText('python', text, specWith(decoder))).filter((f) => f.code === 'TP103');

test('a spec without a decoder: no TP103 on TF decoders', async () => {
  assert.deepEqual(await tp103(PROGRAM), []);
});

test('"decoder": "libjpeg" flags decode_jpeg / decode_image with the default fast IDCT, not dct_method="INTEGER_ACCURATE"', async () => {
  const found = await tp103(PROGRAM, 'libjpeg');
  const lines = found.map((f) => PROGRAM.split('\n')[f.range.start.line].trim());
  assert.equal(found.length, 2, lines.join('\n'));
  assert.ok(
    lines.every((l) => /decode_(jpeg|image)\(/.test(l) && !/INTEGER_ACCURATE/.test(l)),
    lines.join('\n'),
  );
  assert.match(found[0].message, /tf\.io\.decode_jpeg decodes JPEGs with the default dct_method .* input\.decoder is "libjpeg"/);
  const image = found.find((f) => /decode_image/.test(f.message));
  assert.ok(image);
  assert.match(image.message, /Use tf\.io\.decode_jpeg\(\.\.\., dct_method="INTEGER_ACCURATE"\)/);
});

test('the quick fix adds dct_method="INTEGER_ACCURATE" and the finding goes away', async () => {
  const text = 'import tensorflow as tf\nimg = tf.io.decode_jpeg(tf.io.read_file(p), channels=3)\nx = tf.image.resize(img, (32, 32)) / 255.0\n';
  const spec = specWith('libjpeg');
  const fixed = applyAllFixes(text, await lintText('python', text, spec));
  assert.match(fixed, /tf\.io\.decode_jpeg\(tf\.io\.read_file\(p\), channels=3, dct_method="INTEGER_ACCURATE"\)/);
  assert.deepEqual(await tp103(fixed, 'libjpeg'), []);
});

test('"decoder": "tf" flags dct_method="INTEGER_ACCURATE" only', async () => {
  const found = await tp103(PROGRAM, 'tf');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /dct_method="INTEGER_ACCURATE", but the spec's input\.decoder is "tf"/);
});
