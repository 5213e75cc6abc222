// On the native backend a TF.js graph model runs as one TensorFlow session (src/core/infer/graph-session.ts). These
// tests use the demo model and a graph written by the real tensorflowjs_converter (scripts/golden/
// make_graph_session_model.py: _FusedConv2D with Prelu, FusedDepthwiseConv2dNative, _FusedMatMul), with TF Python's
// outputs. They need tfjs-node (`npm test` builds it first) and fail, never skip, without it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Tensor } from '@tensorflow/tfjs';
import { loadTensorflow, type NodeSavedModel, type TfRuntime } from '../../src/core/infer/backend';
import { expandTfjsOps, UnsupportedGraphError, type GraphNodeJson } from '../../src/core/infer/graph-session-ops';
import { loadModel, SESSION_RUNTIME, type LoadedModel } from '../../src/core/infer/model-load';
import { parseNpy } from '../../src/core/tensor/npy';

const ROOT = path.resolve(__dirname, '../../..');
const CONVERTED = path.join(ROOT, 'test/golden/graph-session');
const DEMO = path.join(ROOT, 'demo/models/selfie/selfie.json');
const npy = (f: string): { data: Float32Array; shape: number[] } => {
  const t = parseNpy(fs.readFileSync(f), f);
  return { data: t.data as Float32Array, shape: [...t.shape] };
};

async function nativeRuntime(): Promise<TfRuntime> {
  const rt = await loadTensorflow();
  assert.equal(rt.backend, 'tensorflow', `the native backend did not load (${rt.detail}); run \`npm run setup:tfjs-node\``);
  return rt;
}

async function run(rt: TfRuntime, model: LoadedModel, x: { data: Float32Array; shape: number[] }): Promise<Float32Array> {
  const input = rt.tf.tensor(x.data, x.shape, 'float32');
  const [inSig, outSig] = [model.inputs[0], model.outputs[0]];
  assert.ok(inSig && outSig);
  const y = await model.predict(input, inSig.name, outSig.name);
  const data = (await y.data()) as Float32Array;
  input.dispose();
  y.dispose();
  return data;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

const graphTemps = (): string[] => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('tensor-parity-graph-'));

test('the demo model runs as one TensorFlow session and gives TF.js op-by-op results and TF Python results', async () => {
  const rt = await nativeRuntime();
  const before = graphTemps();
  const spec = { path: DEMO, format: 'tfjs-graph' as const };
  const session = await loadModel(rt, DEMO, spec);
  const opByOp = await loadModel(rt, DEMO, spec, { session: false });
  assert.equal(session.runtime, SESSION_RUNTIME);
  assert.equal(opByOp.runtime, undefined);
  for (const name of ['astronaut', 'hopper']) {
    const x = npy(path.join(ROOT, `test/golden/model/${name}.input.npy`));
    const want = npy(path.join(ROOT, `test/golden/model/${name}.output.npy`)).data;
    const got = await run(rt, session, x);
    assert.ok(maxDiff(got, await run(rt, opByOp, x)) <= 1e-6, `${name}: session vs op by op`);
    assert.ok(maxDiff(got, want) <= 2e-5, `${name}: session vs TF Python ${maxDiff(got, want)}`);
  }
  session.dispose();
  opByOp.dispose();
  assert.deepEqual(graphTemps(), before, 'the temporary SavedModel folder is deleted');
});

test('a graph from tensorflowjs_converter with TF.js-only fused ops (Prelu, depthwise, matmul) matches TF Python', async () => {
  const rt = await nativeRuntime();
  const file = path.join(CONVERTED, 'model.json');
  const model = await loadModel(rt, file, { path: file, format: 'tfjs-graph' });
  assert.equal(model.runtime, SESSION_RUNTIME);
  const x = npy(path.join(CONVERTED, 'input.npy'));
  const want = npy(path.join(CONVERTED, 'expected.npy')).data;
  assert.ok(maxDiff(await run(rt, model, x), want) <= 1e-5);
  // The input's batch is open (-1): two images in one call give each image's own result.
  const two = { data: new Float32Array([...x.data, ...x.data.map((v) => 1 - v)]), shape: [2, 16, 16, 3] };
  const both = await run(rt, model, two);
  const second = await run(rt, model, { data: x.data.map((v) => 1 - v), shape: x.shape });
  assert.ok(maxDiff(both.subarray(0, 3), want) <= 1e-5);
  assert.ok(maxDiff(both.subarray(3), second) <= 1e-6);
  model.dispose();
});

test('an input with the wrong channel count is refused and the session stays in use', async () => {
  const rt = await nativeRuntime();
  const file = path.join(CONVERTED, 'model.json');
  const model = await loadModel(rt, file, { path: file, format: 'tfjs-graph' });
  await assert.rejects(() => run(rt, model, { data: new Float32Array(16 * 16 * 4), shape: [1, 16, 16, 4] }));
  assert.equal(model.runtime, SESSION_RUNTIME);
  const want = npy(path.join(CONVERTED, 'expected.npy')).data;
  assert.ok(maxDiff(await run(rt, model, npy(path.join(CONVERTED, 'input.npy'))), want) <= 1e-5);
  model.dispose();
});

test('when TensorFlow cannot load the translated graph, the model runs op by op and says nothing about a session', async () => {
  const rt = await nativeRuntime();
  const before = graphTemps();
  const node = rt.node;
  assert.ok(node);
  const failing: TfRuntime = { ...rt, node: { ...node, loadSavedModel: () => Promise.reject(new Error('Op type not registered')) } };
  const file = path.join(CONVERTED, 'model.json');
  const model = await loadModel(failing, file, { path: file, format: 'tfjs-graph' });
  assert.equal(model.runtime, undefined);
  const want = npy(path.join(CONVERTED, 'expected.npy')).data;
  assert.ok(maxDiff(await run(rt, model, npy(path.join(CONVERTED, 'input.npy'))), want) <= 1e-5);
  model.dispose();
  assert.deepEqual(graphTemps(), before);
});

test('when the session fails while running, the result comes from the op-by-op run and the session is dropped', async () => {
  const rt = await nativeRuntime();
  const node = rt.node;
  assert.ok(node);
  let disposed = 0;
  const broken: NodeSavedModel = {
    inputs: [],
    outputs: [],
    predict: (): Tensor => {
      throw new Error('Invalid argument: kernel failed');
    },
    dispose: () => void disposed++,
  };
  const failing: TfRuntime = { ...rt, node: { ...node, loadSavedModel: () => Promise.resolve(broken) } };
  const file = path.join(CONVERTED, 'model.json');
  const model = await loadModel(failing, file, { path: file, format: 'tfjs-graph' });
  assert.equal(model.runtime, SESSION_RUNTIME);
  const want = npy(path.join(CONVERTED, 'expected.npy')).data;
  assert.ok(maxDiff(await run(rt, model, npy(path.join(CONVERTED, 'input.npy'))), want) <= 1e-5);
  assert.equal(model.runtime, undefined);
  assert.equal(disposed, 1);
  model.dispose();
});

test('TF.js-only fused ops become plain TensorFlow ops that keep the fused node’s name at the end of each chain', () => {
  const topology = JSON.parse(fs.readFileSync(path.join(CONVERTED, 'model.json'), 'utf8')) as { modelTopology: { node: GraphNodeJson[] } };
  const nodes = topology.modelTopology.node;
  const expanded = expandTfjsOps(nodes);
  const ops = new Set(expanded.map((n) => n.op));
  for (const op of ['_FusedConv2D', 'FusedDepthwiseConv2dNative', '_FusedMatMul', 'Prelu']) assert.ok(!ops.has(op), op);
  for (const op of ['Conv2D', 'DepthwiseConv2dNative', 'MatMul', 'BiasAdd', 'Relu', 'Relu6', 'LeakyRelu', 'Sigmoid']) assert.ok(ops.has(op), op);
  const names = new Set(expanded.map((n) => n.name));
  for (const n of nodes) assert.ok(names.has(n.name), `${n.name} is still produced`);
  assert.equal(names.size, expanded.length, 'no duplicate names');
  const relu6 = expanded.find((n) => n.op === 'Relu6');
  assert.equal(relu6?.name, 'StatefulPartitionedCall/functional_1/depthwise_conv2d_1/depthwise');
});

test('a fused op the translation does not know leaves the graph to TF.js', () => {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const node: GraphNodeJson = {
    name: 'c',
    op: '_FusedConv2D',
    input: ['x', 'w', 's', 'o', 'm', 'v'],
    attr: { fused_ops: { list: { s: [b64('FusedBatchNorm'), b64('Relu')] } }, num_args: { i: '4' } },
  };
  assert.throws(() => expandTfjsOps([node]), UnsupportedGraphError);
  assert.throws(() => expandTfjsOps([{ ...node, input: ['x'] }]), UnsupportedGraphError);
});

test('a float64 constant (written by the converter as DT_DOUBLE, decoded as float32 by TF.js) runs in the session', async () => {
  const rt = await nativeRuntime();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-graph-double-'));
  const t = (type: string): { type: string } => ({ type });
  const topology = {
    node: [
      { name: 'x', op: 'Placeholder', attr: { dtype: t('DT_FLOAT'), shape: { shape: { dim: [{ size: '1' }, { size: '3' }] } } } },
      { name: 'c', op: 'Const', attr: { dtype: t('DT_DOUBLE'), value: { tensor: { dtype: 'DT_DOUBLE', tensorShape: { dim: [{ size: '3' }] } } } } },
      { name: 'xd', op: 'Cast', input: ['x'], attr: { SrcT: t('DT_FLOAT'), DstT: t('DT_DOUBLE') } },
      { name: 'm', op: 'Mul', input: ['xd', 'c'], attr: { T: t('DT_DOUBLE') } },
      { name: 'y', op: 'Cast', input: ['m'], attr: { SrcT: t('DT_DOUBLE'), DstT: t('DT_FLOAT') } },
    ],
    versions: { producer: 1 },
  };
  const manifest = [{ paths: ['w.bin'], weights: [{ name: 'c', shape: [3], dtype: 'float32' }] }];
  fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: topology, weightsManifest: manifest }));
  fs.writeFileSync(path.join(dir, 'w.bin'), Buffer.from(new Float32Array([0.5, -2, 3]).buffer));
  const file = path.join(dir, 'model.json');
  const model = await loadModel(rt, file, { path: file, format: 'tfjs-graph' });
  assert.equal(model.runtime, SESSION_RUNTIME);
  assert.deepEqual([...(await run(rt, model, { data: new Float32Array([2, 3, 4]), shape: [1, 3] }))], [1, -6, 12]);
  model.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});
