// Bad .tflite input: every failure is a ModelError naming the file and what to do, never a crash or a hang.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ModelError } from '../../src/core/infer/errors';
import { kerasConversionCommands, kerasNeedsConversion } from '../../src/core/infer/model-formats';
import { loadModel } from '../../src/core/infer/model-load';
import { loadTensorflow } from '../../src/core/infer/backend';
import { loadTfliteBytes, loadTfliteModel } from '../../src/core/infer/tflite';
import { Flatbuffer } from '../../src/core/infer/tflite/flatbuffer';
import { formatFromPath, MODEL_FORMAT_NAMES, parseSpec } from '../../src/core/spec';

const GOLDEN = path.resolve(__dirname, '../../../test/golden/tflite');
const SCHEMA = path.resolve(__dirname, '../../../schemas/tensorparity.schema.json');
const FLOAT = fs.readFileSync(path.join(GOLDEN, 'classifier_float.tflite'));

async function rejectsWith(p: Promise<unknown>, file: string, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ModelError, `a ModelError, got ${String(e)}`);
    assert.ok(e.message.includes(file), `names the file: ${e.message}`);
    for (const re of patterns) assert.match(e.message, re);
    return true;
  });
}

test('a truncated .tflite: "not a valid .tflite model", the file and how to re-export', async () => {
  const file = path.join(GOLDEN, 'corrupt.tflite');
  await rejectsWith(loadTfliteModel(file), file, /not a valid \.tflite model/, /TFLiteConverter/);
});

test('random bytes, an empty file and a flatbuffer with another identifier are refused the same way', async () => {
  const bad: [string, Uint8Array][] = [
    ['random.tflite', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)],
    ['empty.tflite', new Uint8Array(0)],
    [
      'not-tfl3.tflite',
      (() => {
        const b = new Uint8Array(FLOAT);
        b.set([0x41, 0x42, 0x43, 0x44], 4);
        return b;
      })(),
    ],
  ];
  for (const [name, bytes] of bad) await rejectsWith(loadTfliteBytes(bytes, name), name, /not a valid \.tflite model/);
});

test('single-byte corruptions across the whole file either load or give a ModelError, and the runtime keeps working', async () => {
  for (let at = 0; at < FLOAT.byteLength; at += 5) {
    const b = new Uint8Array(FLOAT);
    b[at] ^= 0xff;
    try {
      const m = await loadTfliteBytes(b, `flip-${at}.tflite`);
      m.dispose();
    } catch (e) {
      assert.ok(e instanceof ModelError, `byte ${at}: ${String(e)}`);
      assert.match(e.message, new RegExp(`flip-${at}\\.tflite`));
    }
  }
  const m = await loadTfliteBytes(new Uint8Array(FLOAT), 'classifier_float.tflite');
  const [out] = await m.run(new Float32Array(192).fill(0.5));
  assert.equal(out.values.length, 3);
  m.dispose();
});

test('quantization parameters no converter writes (zero point outside uint8, which made the runtime spin) are refused', async () => {
  const bytes = new Uint8Array(fs.readFileSync(path.join(GOLDEN, 'classifier_uint8io.tflite')));
  const fb = new Flatbuffer(bytes);
  const tensors = fb.root().tables(2)[0].tables(0);
  const out = tensors.findIndex((t) => t.str(3) === 'StatefulPartitionedCall:0');
  const zeroPoints = tensors[out].table(4)!.ref(3);
  fb.view.setBigInt64(zeroPoints + 4, 2n ** 31n, true);
  await rejectsWith(loadTfliteBytes(bytes, 'bad-zero-point.tflite'), 'bad-zero-point.tflite', /zero point 2147483648, outside \[0, 255\]/);
});

test('a corrupt shape that would claim gigabytes, or weights whose bytes do not match their shape, are refused', async () => {
  const edit = (change: (fb: Flatbuffer) => void): Uint8Array => {
    const bytes = new Uint8Array(FLOAT);
    change(new Flatbuffer(bytes));
    return bytes;
  };
  const huge = edit((fb) => {
    const shape = fb.root().tables(2)[0].tables(0)[0].ref(0);
    fb.view.setInt32(shape + 8, 2 ** 30, true);
  });
  await rejectsWith(loadTfliteBytes(huge, 'huge.tflite'), 'huge.tflite', /would need \d+\.\d GiB/);
  const mismatch = edit((fb) => {
    const tensors = fb.root().tables(2)[0].tables(0);
    const conv = tensors.findIndex((t) => t.str(3) === 'Conv2D');
    fb.view.setInt32(tensors[conv].ref(0) + 4, 5, true); // 4 output channels stored, shape now says 5
  });
  await rejectsWith(loadTfliteBytes(mismatch, 'mismatch.tflite'), 'mismatch.tflite', /has shape \[5, 3, 3, 3\] \(540 bytes of float32\) but 432 stored bytes/);
});

test('an op LiteRT.js cannot run: the message names the op and the file and how to convert without it', async () => {
  const file = path.join(GOLDEN, 'flex_op.tflite');
  await rejectsWith(loadTfliteModel(file), file, /FlexAsString/, /SELECT_TF_OPS|TFLITE_BUILTINS/);
});

test('a missing file, wrong input sizes and wrong input names are explained', async () => {
  const missing = path.join(os.tmpdir(), 'tp-no-such-model.tflite');
  await rejectsWith(loadTfliteModel(missing), missing, /Cannot read/, /ENOENT/);
  const file = path.join(GOLDEN, 'classifier_float.tflite');
  const m = await loadTfliteModel(file);
  await rejectsWith(m.run(new Float32Array(10)), file, /needs 192 values/, /\[1, 8, 8, 3\]/, /got 10/);
  await rejectsWith(m.run({ pixels: new Float32Array(192) }), file, /No value given for input "image"/);
  await rejectsWith(m.run([new Float32Array(192), new Float32Array(192)]), file, /takes 1 input/);
  m.dispose();
});

test('spec: model.format lists every format (schema too) and is inferred from the path', () => {
  assert.deepEqual([...MODEL_FORMAT_NAMES], ['tfjs-graph', 'tfjs-layers', 'saved-model', 'tflite', 'keras']);
  const schema = JSON.parse(fs.readFileSync(SCHEMA, 'utf8')) as {
    properties: { model: { properties: { format: { examples: string[] } } } };
  };
  assert.deepEqual(schema.properties.model.properties.format.examples, [...MODEL_FORMAT_NAMES]);
  assert.equal(formatFromPath('m/model.tflite'), 'tflite');
  assert.equal(formatFromPath('m/model.keras'), 'keras');
  assert.equal(formatFromPath('m/model.h5'), 'keras');
  assert.equal(formatFromPath('m/model.json'), 'tfjs-graph');
  assert.equal(formatFromPath('m/saved'), 'saved-model');
  const parsed = parseSpec(JSON.stringify({ model: { path: 'models/a.tflite' }, input: { width: 8, height: 8 } }));
  assert.equal(parsed.spec?.model.format, 'tflite');
  const wrong = parseSpec(JSON.stringify({ model: { path: 'models/a.json', format: 'tflite' }, input: { width: 8, height: 8 } }));
  assert.ok(
    wrong.problems.some((p) => /expects a \.tflite file/.test(p.message)),
    JSON.stringify(wrong.problems),
  );
});

test('a Keras .keras/.h5 model: ModelError with the exact conversion commands to SavedModel, TFJS and TFLite', async () => {
  const rt = await loadTensorflow({ prefer: 'cpu' });
  for (const file of ['/ws/models/net.keras', '/ws/models/net.h5']) {
    await assert.rejects(loadModel(rt, file, { path: file, format: 'keras' }), (e: unknown) => {
      assert.ok(e instanceof ModelError);
      const c = kerasConversionCommands(file);
      for (const cmd of [c.savedModel, c.tfjs, c.tflite]) assert.ok(e.message.includes(cmd), `${e.message} includes ${cmd}`);
      assert.ok(e.message.includes(file));
      return true;
    });
  }
  // Each command was run once on a real Keras 3 model saved as .keras and .h5 (TF 2.19): the TFLite and SavedModel ones
  // write net.tflite / net_savedmodel; the TFJS one goes through the SavedModel, as tensorflowjs_converter expects.
  assert.match(
    kerasConversionCommands('/ws/net.h5').tfjs,
    /m\.export\('\/ws\/net_savedmodel'\)" && tensorflowjs_converter --input_format=tf_saved_model --output_format=tfjs_graph_model \/ws\/net_savedmodel \/ws\/net_tfjs$/,
  );
  assert.match(kerasConversionCommands('/ws/net.h5').tflite, /TFLiteConverter\.from_keras_model\(m\)\.convert\(\)\)"$/);
  assert.throws(() => kerasNeedsConversion('a.keras'), /keras\.saving\.load_model\('a\.keras'\)/);
});
