// The inference engine end to end on the demo model: images, tensor dumps, the checks it makes, abort and memory.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { loadTensorflow } from '../../src/core/infer/backend';
import { runInference, type InferenceRequest } from '../../src/core/infer/engine';
import { ModelError } from '../../src/core/infer/errors';
import type { Segmentation } from '../../src/core/infer/postprocess';
import { loadSpecFile } from '../../src/core/spec';
import type { Spec } from '../../src/core/spec/types';
import { encodeNpy, parseNpy } from '../../src/core/tensor/npy';
import type { NdArray } from '../../src/core/tensor/types';

const ROOT = path.resolve(__dirname, '../../..');
const DEMO = path.join(ROOT, 'demo');
const GOLDEN = path.join(ROOT, 'test/golden/model');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-engine-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

async function demoSpec(): Promise<Spec> {
  const { spec } = await loadSpecFile(path.join(DEMO, 'tensorparity.json'));
  assert.ok(spec);
  return spec;
}

function req(spec: Spec, input: InferenceRequest['input'], extra: Partial<InferenceRequest> = {}): InferenceRequest {
  return { spec, workspaceRoot: DEMO, input, backend: 'wasm', ...extra };
}

function dump(name: string, arr: NdArray): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, encodeNpy(arr));
  return file;
}

async function rejectsWith(p: Promise<unknown>, ...parts: string[]): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof Error);
    for (const part of parts) assert.ok(err.message.includes(part), `message should mention "${part}": ${err.message}`);
    return true;
  });
}

test('an image is preprocessed per the spec, run, and segmented like TF Python on the same photo', async () => {
  const spec = await demoSpec();
  const progress: string[] = [];
  const res = await runInference(req(spec, { kind: 'image', file: path.join(DEMO, 'images/astronaut.png') }, { onProgress: (m) => progress.push(m) }));
  assert.equal(res.backend, 'wasm');
  assert.equal(res.outputName, 'activation_10');
  assert.deepEqual(res.inputTensor.shape, [1, 256, 256, 3]);
  assert.deepEqual(res.output.shape, [1, 256, 256, 1]);
  assert.ok(res.stages && res.stages.length > 0, 'preprocessing stages are returned for the UI');
  assert.ok(res.display, 'a display image is returned for overlays');
  const seg = res.result as Segmentation;
  const manifest = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'manifest.json'), 'utf8')) as {
    entries: { image: string; personFraction: number }[];
  };
  const tfFraction = manifest.entries.find((e) => e.image.endsWith('/astronaut.png'))?.personFraction ?? NaN;
  assert.ok(Math.abs((seg.classFractions[1] ?? 0) - tfFraction) < 0.005, `person fraction ${seg.classFractions[1]} vs TF ${tfFraction}`);
  assert.ok(progress.some((m) => m.includes('Loading model')) && progress.some((m) => m.includes('Running the model')));
  assert.match(res.modelFingerprint, /^[0-9a-f]{16}$/);
});

test('a dump without the batch axis is accepted and gives the same output', async () => {
  const spec = await demoSpec();
  const golden = parseNpy(fs.readFileSync(path.join(GOLDEN, 'hopper.input.npy')));
  const withBatch = await runInference(req(spec, { kind: 'tensor', file: 'hopper.input.npy', tensor: golden }));
  const noBatch = await runInference(req(spec, { kind: 'tensor', file: 'hopper.npy', tensor: { ...golden, shape: [256, 256, 3] } }));
  assert.deepEqual(noBatch.inputTensor.shape, [1, 256, 256, 3]);
  assert.deepEqual(noBatch.output.data, withBatch.output.data);
});

test('dumps with the wrong layout, shape or dtype are explained with the fix', async () => {
  const spec = await demoSpec();
  const n = 256 * 256 * 3;
  const nchw = dump('nchw.npy', { dtype: 'float32', shape: [1, 3, 256, 256], data: new Float32Array(n) });
  await rejectsWith(
    runInference(req(spec, { kind: 'tensor', file: nchw })),
    'nchw.npy is [1,3,256,256]',
    'input_1 is [1,256,256,3]',
    'np.transpose(x, (0, 2, 3, 1))',
  );
  const small = dump('small.npy', { dtype: 'float32', shape: [1, 128, 128, 3], data: new Float32Array(128 * 128 * 3) });
  await rejectsWith(runInference(req(spec, { kind: 'tensor', file: small })), 'small.npy is [1,128,128,3]', 'Dump the tensor exactly as it enters the model');
  const flat = dump('flat.npy', { dtype: 'float32', shape: [n], data: new Float32Array(n) });
  await rejectsWith(runInference(req(spec, { kind: 'tensor', file: flat })), 'flat.npy', 'np.reshape(x, (1,256,256,3))');
  const f64 = dump('f64.npy', { dtype: 'float64', shape: [1, 256, 256, 3], data: new Float64Array(n) });
  await rejectsWith(runInference(req(spec, { kind: 'tensor', file: f64 })), 'f64.npy holds float64', 'x.astype(np.float32)');
});

test('a spec that contradicts the model input is reported against the spec fields', async () => {
  const spec = await demoSpec();
  const image = { kind: 'image', file: path.join(DEMO, 'images/hopper.jpg') } as const;
  await rejectsWith(
    runInference(req({ ...spec, input: { ...spec.input, width: 224, height: 224 } }, image)),
    "model's input input_1 is [1,256,256,3] but",
    'tensorparity.json says 224×224 (input.width/height)',
    'Set input.width to 256',
  );
  await rejectsWith(runInference(req({ ...spec, input: { ...spec.input, layout: 'NCHW' } }, image)), 'which is NHWC', 'Set input.layout to "NHWC"');
  await rejectsWith(
    runInference(req({ ...spec, input: { ...spec.input, colorOrder: 'GRAY' } }, image)),
    'input.colorOrder "GRAY"',
    'set input.colorOrder to "RGB" or "BGR"',
  );
  await rejectsWith(runInference(req({ ...spec, model: { ...spec.model, inputName: 'image' } }, image)), 'model.inputName "image"', 'it has: input_1');
});

test('a model path outside the workspace or missing is refused with the spec field named', async () => {
  const spec = await demoSpec();
  const image = { kind: 'image', file: path.join(DEMO, 'images/hopper.jpg') } as const;
  await rejectsWith(runInference(req({ ...spec, model: { ...spec.model, path: '../package.json' } }, image)), 'model.path', 'leave the workspace folder');
  await rejectsWith(
    runInference(req({ ...spec, model: { ...spec.model, path: 'models/none.json' } }, image)),
    'model.path',
    'models/none.json',
    'does not exist',
  );
});

test('an aborted request stops before running the model', async () => {
  const spec = await demoSpec();
  const ctl = new AbortController();
  const input = { kind: 'image', file: path.join(DEMO, 'images/hopper.jpg') } as const;
  const seen: string[] = [];
  const p = runInference(
    req(spec, input, {
      signal: ctl.signal,
      onProgress: (m) => {
        seen.push(m);
        if (m.startsWith('Preprocessing')) ctl.abort();
      },
    }),
  );
  await assert.rejects(p, (err: unknown) => (err as Error).name === 'AbortError');
  assert.ok(!seen.some((m) => m.startsWith('Running')), 'the model did not run');
});

test('inference leaves no tensors behind', async () => {
  const spec = await demoSpec();
  const rt = await loadTensorflow({ prefer: 'wasm' });
  const file = path.join(GOLDEN, 'astronaut.input.npy');
  await runInference(req(spec, { kind: 'tensor', file })); // model loaded and cached
  const before = rt.tf.memory().numTensors;
  await runInference(req(spec, { kind: 'tensor', file }));
  await runInference(req(spec, { kind: 'image', file: path.join(DEMO, 'images/hopper.jpg') }));
  assert.equal(rt.tf.memory().numTensors, before);
});

test('a model error is a ModelError', async () => {
  const spec = await demoSpec();
  const file = dump('int.npy', { dtype: 'int64', shape: [1, 256, 256, 3], data: new BigInt64Array(256 * 256 * 3) });
  await assert.rejects(runInference(req(spec, { kind: 'tensor', file })), (err: unknown) => err instanceof ModelError && err.file === file);
});

test('a letterboxed image reports where the picture sits in the model input, so overlays line up', async () => {
  const spec = await demoSpec();
  const letterbox = { ...spec, input: { ...spec.input, resize: { ...spec.input.resize, fit: 'letterbox' as const } } };
  const res = await runInference(req(letterbox, { kind: 'image', file: path.join(DEMO, 'images/astronaut-wide.jpg') }));
  // 1280×720 into 256×256: the picture is 256 wide and 144 high, centred vertically.
  assert.deepEqual(res.placement, { left: 0, top: 56, width: 256, height: 144 });
  const stretched = await runInference(req(spec, { kind: 'image', file: path.join(DEMO, 'images/astronaut-wide.jpg') }));
  assert.deepEqual(stretched.placement, { left: 0, top: 0, width: 256, height: 256 });
});
