// Comparing two models layer by layer on the demo model: TF Python goldens, a deliberately changed layer, and bad input.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { kerasConversionCommands } from '../../src/core/infer/model-formats';
import { compareModels } from '../../src/core/model-compare';
import { encodeNpz } from '../../src/core/tensor/npz';
import { parseNpz } from '../../src/core/tensor/npz';
import type { NdArray } from '../../src/core/tensor/types';
import { ASTRONAUT_INPUT, SELFIE, selfieWithChangedWeight, selfieWithInputSize } from './model-compare-helpers';

const GOLDEN = path.resolve(__dirname, '../../../test/golden/layers');
const TOL = { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const };
const input = { kind: 'tensor' as const, file: ASTRONAUT_INPUT };

interface GoldenNode {
  name: string;
  op: string;
  shape: number[];
  maxAbs: number;
}

test('every layer of the demo model matches TF Python (tfjs-graph-converter + tools/dump_activations.py) within 1e-4 of its range', async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'selfie-astronaut.json'), 'utf8')) as {
    nodes: GoldenNode[];
    samplesPerNode: number;
  };
  const samples = parseNpz(fs.readFileSync(path.join(GOLDEN, 'selfie-astronaut.samples.npz')));
  // TF Python saved 512 values per node at fixed flat indices; compare ours at the same indices.
  const { runLayers } = await import('./model-compare-run');
  const ours = await runLayers(SELFIE, ASTRONAUT_INPUT);
  assert.equal(ours.size, manifest.nodes.length, 'the same nodes are fetched as TF Python ran');
  const K = manifest.samplesPerNode;
  let worst = { name: '', rel: 0 };
  for (const node of manifest.nodes) {
    const mine = ours.get(node.name);
    assert.ok(mine, `node ${node.name} (${node.op}) was not fetched`);
    assert.deepEqual([...mine.shape], node.shape, `shape of ${node.name}`);
    const want = samples.get(node.name)?.data as Float32Array;
    const n = mine.data.length;
    for (let i = 0; i < want.length; i++) {
      const at = n <= K ? i : Math.floor((i * (n - 1)) / (K - 1));
      const err = Math.abs((mine.data[at] as number) - (want[i] as number));
      const rel = err / Math.max(node.maxAbs, 1e-6);
      if (rel > worst.rel) worst = { name: node.name, rel };
      assert.ok(rel <= 1e-4, `${node.name}[${at}]: ${mine.data[at]} here, ${want[i]} in TF Python`);
    }
  }
  assert.ok(worst.rel < 1e-4, JSON.stringify(worst));
});

test('a model with one changed conv kernel: the first divergent layer is that conv, and the weights diff names the kernel', async () => {
  const changed = selfieWithChangedWeight('Conv2D_7/filter', 1.25);
  const r = await compareModels({ a: changed, b: SELFIE, input, tolerance: TOL });
  const first = r.layers?.layers[r.layers.firstDivergent];
  assert.equal(first?.name, 'Conv2D_7');
  assert.deepEqual(first?.weightsChanged, ['Conv2D_7/filter']);
  assert.equal(r.weights?.identical, 135);
  assert.match(r.weights?.summary ?? '', /^135 of 136 weight tensors identical; Conv2D_7\/filter changed by up to /);
  assert.ok(
    r.layers?.layers.slice(0, r.layers.firstDivergent).every((l) => l.maxAbs === 0),
    'layers before it are identical',
  );
  assert.equal(r.cause.kind, 'weights');
  assert.match(r.cause.title, /Conv2D_7 is the first layer that diverges and reads Conv2D_7\/filter/);
  assert.equal(r.architecture.summary[0], 'same architecture: 224 nodes, same ops in the same order, same inputs and outputs');
  assert.equal(r.output?.verdict.pass, false);
});

test('the same model twice: identical outputs, weights and layers', async () => {
  const r = await compareModels({ a: SELFIE, b: SELFIE, input, tolerance: TOL });
  assert.equal(r.cause.kind, 'identical');
  assert.equal(r.layers?.firstDivergent, -1);
  assert.equal(r.layers?.layers.length, 224);
  assert.equal(r.weights?.summary, '136 of 136 weight tensors identical');
});

test('a model against an activations .npz with wrapper-scoped names (as a frozen Keras graph writes them)', async () => {
  const { runLayers } = await import('./model-compare-run');
  const ours = await runLayers(SELFIE, ASTRONAUT_INPUT);
  const dump = new Map<string, NdArray>();
  for (const name of ['conv2d_1', 're_lu', 'depthwise_conv2d', 'activation_10']) dump.set(`StatefulPartitionedCall/model/${name}:0`, ours.get(name) as NdArray);
  const relu = ours.get('re_lu') as NdArray;
  const bumped = Float32Array.from(relu.data as Float32Array, (v, i) => (i === 7 ? v + 0.5 : v));
  dump.set('StatefulPartitionedCall/model/re_lu:0', { dtype: 'float32', shape: relu.shape, data: bumped });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-act-')), 'activations.npz');
  fs.writeFileSync(file, encodeNpz(dump));
  const r = await compareModels({ a: SELFIE, b: file, input, tolerance: TOL });
  assert.deepEqual(
    r.layers?.layers.map((l) => l.name),
    ['conv2d_1', 're_lu', 'depthwise_conv2d', 'activation_10'],
  );
  assert.equal(r.layers?.layers[r.layers.firstDivergent]?.name, 're_lu');
  assert.equal(r.layers?.layers[1]?.otherName, 'StatefulPartitionedCall/model/re_lu:0');
  assert.equal(r.cause.kind, 'runtime');
  assert.match(r.cause.title, /starts at layer re_lu \(Relu\); the activations come from your own run/);
});

test('bad input: an activations .npz whose names match no layer says which names were expected', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-act-')), 'act.npz');
  const x: NdArray = { dtype: 'float32', shape: [2], data: new Float32Array(2) };
  fs.writeFileSync(
    file,
    encodeNpz(
      new Map([
        ['layer_one', x],
        ['layer_two', x],
      ]),
    ),
  );
  await assert.rejects(compareModels({ a: SELFIE, b: file, input, tolerance: TOL }), (err: Error) => {
    assert.equal(err.name, 'TensorFileError');
    assert.match(err.message, new RegExp(`No array in ${file.replace(/[.]/g, '\\.')} matches a layer of selfie`));
    assert.match(err.message, /it holds 2 arrays \(layer_one, layer_two\)/);
    assert.match(err.message, /the layers are named Conv2D, conv2d_1, mul, add, Relu6/);
    assert.match(err.message, /tools\/dump_activations\.py/);
    return true;
  });
});

test('bad input: two models with different input signatures name both inputs and both files', async () => {
  const small = selfieWithInputSize(128);
  await assert.rejects(compareModels({ a: SELFIE, b: small, input, tolerance: TOL }), (err: Error) => {
    assert.equal(err.name, 'ModelError');
    assert.match(
      err.message,
      /take different inputs: selfie takes input_1 \[1,256,256,3\] float32 \(.*demo\/models\/selfie\/selfie\.json\), selfie takes input_1 \[1,128,128,3\] float32/,
    );
    assert.match(err.message, /compare models exported for the same input shape/);
    return true;
  });
});

const escapeRe = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('bad input: a missing model, a Keras file, an unknown file and two activation dumps each say what to give', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bad-'));
  const h5 = path.join(dir, 'model.h5');
  fs.writeFileSync(h5, 'x');
  const txt = path.join(dir, 'notes.txt');
  fs.writeFileSync(txt, 'x');
  const npz = path.join(dir, 'a.npz');
  fs.writeFileSync(npz, encodeNpz(new Map([['x', { dtype: 'float32', shape: [1], data: new Float32Array(1) } as NdArray]])));
  const cases: [string, string, RegExp][] = [
    [path.join(dir, 'missing.json'), SELFIE, /missing\.json does not exist/],
    // The commands of a spec's Keras model (run for real by scripts/golden/make_keras_tflite_goldens.py), then the dump.
    [h5, SELFIE, new RegExp(`to TFLite \\(runs here as is\\): ${escapeRe(kerasConversionCommands(h5).tflite)} ; to a SavedModel`)],
    [h5, SELFIE, /python tools\/dump_activations\.py .*model\.h5 input\.npy activations\.npz/],
    [txt, SELFIE, /not a model Tensor Parity can compare: give a model\.json, a \.tflite, a SavedModel folder, or an activations \.npz/],
    [npz, npz, /both activation dumps\. Give at least one model/],
  ];
  for (const [a, b, want] of cases) {
    await assert.rejects(compareModels({ a, b, input, tolerance: TOL }), (err: Error) => {
      assert.equal(err.name, 'ModelError');
      assert.match(err.message, want);
      return true;
    });
  }
});
