// A real TensorFlow SavedModel (made by TF Python: scripts/golden/make_savedmodel.py) through the native backend.
// The native backend is @tensorflow/tfjs-node; where its own install cannot download libtensorflow, `npm test` builds it
// with scripts/setup-tfjs-node.sh from the tensorflow-cpu wheel. These tests need it and fail (never skip) without it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadTensorflow, type TfRuntime } from '../../src/core/infer/backend';
import { runInference } from '../../src/core/infer/engine';
import { ModelError } from '../../src/core/infer/errors';
import { loadModel } from '../../src/core/infer/model-load';
import { parseSpec } from '../../src/core/spec';
import type { Spec } from '../../src/core/spec/types';
import { parseNpy } from '../../src/core/tensor/npy';

const GOLDEN = path.resolve(__dirname, '../../../test/golden/savedmodel');
const MODEL = path.join(GOLDEN, 'classifier');
const read = (f: string): Float32Array => parseNpy(fs.readFileSync(path.join(GOLDEN, f)), f).data as Float32Array;

async function nativeRuntime(): Promise<TfRuntime> {
  const rt = await loadTensorflow();
  assert.equal(
    rt.backend,
    'tensorflow',
    `the native backend did not load (${rt.detail}); run \`npm run setup:tfjs-node\` (builds @tensorflow/tfjs-node against the tensorflow-cpu wheel)`,
  );
  return rt;
}

function spec(model: Record<string, unknown>): Spec {
  const parsed = parseSpec(
    JSON.stringify({
      model: { path: 'classifier', format: 'saved-model', ...model },
      input: { width: 8, height: 8, colorOrder: 'RGB', layout: 'NHWC', dtype: 'float32' },
      output: { kind: 'classification', activation: 'none', labels: ['cat', 'dog', 'bird'], topK: 3 },
    }),
  );
  assert.ok(parsed.spec, JSON.stringify(parsed.problems));
  return parsed.spec;
}

function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, atol: number): void {
  assert.equal(got.length, want.length);
  for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) <= atol, `element ${i}: ${got[i]} vs TF Python ${want[i]}`);
}

test('a SavedModel loads on the native backend with its signature keys as input and output names', async () => {
  const rt = await nativeRuntime();
  const model = await loadModel(rt, MODEL, spec({}).model);
  assert.deepEqual(model.inputs, [{ name: 'image', shape: [null, 8, 8, 3], dtype: 'float32' }]);
  assert.deepEqual(model.outputs, [{ name: 'probs', shape: [null, 3], dtype: 'float32' }]);
  const x = rt.tf.tensor(read('input.npy'), [1, 8, 8, 3]);
  const y = await model.predict(x, 'image', 'probs');
  assertClose(await y.data(), read('expected_probs.npy'), 1e-6);
  x.dispose();
  y.dispose();
  model.dispose();
});

test('the engine runs a tensor dump through a SavedModel and agrees with TF Python', async () => {
  await nativeRuntime();
  const result = await runInference({
    spec: spec({}),
    workspaceRoot: GOLDEN,
    input: { kind: 'tensor', file: path.join(GOLDEN, 'input.npy') },
  });
  assert.equal(result.backend, 'tensorflow');
  assert.equal(result.inputName, 'image');
  assert.equal(result.outputName, 'probs');
  assert.deepEqual(result.output.shape, [1, 3]);
  assertClose(result.output.data as Float32Array, read('expected_probs.npy'), 1e-6);
  assert.equal(result.result.kind, 'classification');
  if (result.result.kind === 'classification') assert.equal(result.result.topK[0]?.label, 'cat');
});

test('model.signature picks another signature, and an unknown one lists those the SavedModel has', async () => {
  await nativeRuntime();
  const result = await runInference({
    spec: spec({ signature: 'logits' }),
    workspaceRoot: GOLDEN,
    input: { kind: 'tensor', file: path.join(GOLDEN, 'input.npy') },
  });
  assert.equal(result.outputName, 'logits');
  assertClose(result.output.data as Float32Array, read('expected_logits.npy'), 1e-5);
  await assert.rejects(
    runInference({
      spec: spec({ signature: 'predict' }),
      workspaceRoot: GOLDEN,
      input: { kind: 'tensor', file: path.join(GOLDEN, 'input.npy') },
    }),
    (err: unknown) => {
      assert.ok(err instanceof ModelError);
      assert.match(err.message, /has no signature "predict"/);
      assert.match(err.message, /model\.signature/);
      assert.match(err.message, /serving_default, logits|logits, serving_default/);
      return true;
    },
  );
});

test('a dump whose shape does not fit the SavedModel input is refused with both shapes named', async () => {
  await nativeRuntime();
  const bad = { dtype: 'float32' as const, shape: [1, 4, 4, 3], data: new Float32Array(48) };
  await assert.rejects(runInference({ spec: spec({}), workspaceRoot: GOLDEN, input: { kind: 'tensor', file: 'small.npy', tensor: bad } }), (err: unknown) => {
    assert.ok(err instanceof Error);
    assert.match(err.message, /small\.npy/);
    assert.match(err.message, /\[1,4,4,3\]/);
    return true;
  });
});

test('a corrupt saved_model.pb on the native backend is a ModelError naming the folder and the fix', async () => {
  const rt = await nativeRuntime();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-badsm-'));
  try {
    fs.writeFileSync(path.join(dir, 'saved_model.pb'), Buffer.from('not a protobuf at all'));
    await assert.rejects(loadModel(rt, dir, spec({}).model), (err: unknown) => {
      assert.ok(err instanceof ModelError);
      assert.ok(err.message.includes(dir), err.message);
      assert.match(err.message, /tensorflowjs_converter|tf\.saved_model\.save/);
      return true;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a SavedModel whose variables/ is a symlink to a folder outside it is refused before anything is read', async () => {
  const rt = await nativeRuntime();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-smlink-'));
  try {
    const dir = path.join(base, 'model');
    const outside = path.join(base, 'secret');
    fs.mkdirSync(dir);
    fs.mkdirSync(outside);
    fs.copyFileSync(path.join(MODEL, 'saved_model.pb'), path.join(dir, 'saved_model.pb'));
    fs.writeFileSync(path.join(outside, 'variables.index'), 'secret');
    fs.symlinkSync(outside, path.join(dir, 'variables'));
    await assert.rejects(loadModel(rt, dir, spec({}).model), (err: unknown) => {
      assert.ok(err instanceof ModelError);
      assert.ok(err.message.includes(dir), err.message);
      assert.ok(err.message.includes(outside), err.message);
      assert.match(err.message, /Copy the file into the folder/);
      return true;
    });
    // A symlink that stays inside the folder is fine.
    fs.unlinkSync(path.join(dir, 'variables'));
    fs.cpSync(path.join(MODEL, 'variables'), path.join(dir, 'vars-real'), { recursive: true });
    fs.symlinkSync(path.join(dir, 'vars-real'), path.join(dir, 'variables'));
    const model = await loadModel(rt, dir, spec({}).model);
    assert.equal(model.format, 'saved-model');
    model.dispose();
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
