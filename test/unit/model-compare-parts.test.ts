// The pure parts of a model comparison: architecture diff, weights diff, name alignment, layer errors and the cause.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignNames } from '../../src/core/model-compare/align-names';
import { diffArchitecture } from '../../src/core/model-compare/architecture';
import { modelCause } from '../../src/core/model-compare/cause';
import { compareLayers } from '../../src/core/model-compare/layers';
import type { GraphLayer } from '../../src/core/model-compare/types';
import { diffWeights, type WeightTensor } from '../../src/core/model-compare/weights';
import type { NdArray } from '../../src/core/tensor/types';

const L = (name: string, op: string): GraphLayer => ({ name, op, inputs: [], weights: [] });
const sig = (shape: number[], dtype = 'float32') => ({
  inputs: [{ name: 'x', shape, dtype }],
  outputs: [{ name: 'y', shape: [1, 10], dtype: 'float32' }],
});
const W = (name: string, shape: number[], values: number[], storage = 'float32'): WeightTensor => ({
  name,
  shape,
  storage,
  values: Float32Array.from(values),
});
const nd = (values: number[], shape = [values.length]): NdArray => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

test('architecture: added, removed, op-changed and reordered nodes, and input shape/dtype changes', () => {
  const a = [L('conv1', 'Conv2D'), L('relu1', 'Relu'), L('pool', 'MaxPool'), L('conv2', 'Conv2D'), L('out', 'Sigmoid')];
  const b = [L('conv1', 'Conv2D'), L('relu1', 'Relu6'), L('conv2', 'Conv2D'), L('pool', 'MaxPool'), L('bn', 'FusedBatchNormV3'), L('out', 'Sigmoid')];
  const r = diffArchitecture(a, b, sig([1, 224, 224, 3]), sig([1, 192, 192, 3], 'int32'));
  assert.deepEqual(r.added, ['bn']);
  assert.deepEqual(r.removed, []);
  assert.deepEqual(r.opChanged, [{ name: 'relu1', a: 'Relu', b: 'Relu6' }]);
  assert.equal(r.reordered.length, 1);
  assert.ok(['pool', 'conv2'].includes(r.reordered[0] as string));
  assert.deepEqual(r.opCounts, [
    { op: 'FusedBatchNormV3', a: 0, b: 1 },
    { op: 'Relu', a: 1, b: 0 },
    { op: 'Relu6', a: 0, b: 1 },
  ]);
  assert.deepEqual(
    r.signature.map((s) => `${s.kind} ${s.what} ${s.a} ${s.b}`),
    ['input shape [1,224,224,3] [1,192,192,3]', 'input dtype float32 int32'],
  );
  assert.ok(r.summary.includes('1 node only in B: bn'));
  assert.ok(r.summary.includes('input x shape differs: [1,224,224,3] in A, [1,192,192,3] in B'));
});

test('architecture: without a graph on one side only the signatures are compared, and say so', () => {
  const r = diffArchitecture([L('a', 'Relu')], undefined, sig([1, 4]), sig([1, 4]));
  assert.equal(r.graphCompared, false);
  assert.deepEqual(r.summary, []);
});

test('weights: matched by name, then renamed tensors by shape and order; changed by max abs and relative change', () => {
  const a = [W('conv/kernel', [2, 2], [1, 2, 3, 4]), W('conv/bias', [2], [0, 0]), W('dense/kernel', [3], [1, 1, 1]), W('old/w', [5], [0, 0, 0, 0, 0])];
  const b = [W('conv/kernel', [2, 2], [1, 2, 3, 4.8]), W('conv/bias', [2], [0, 0]), W('fc/kernel', [3], [1, 1, 1]), W('extra', [7], [0, 0, 0, 0, 0, 0, 0])];
  const r = diffWeights(a, b);
  assert.equal(r.summary, '2 of 5 weight tensors identical; conv/kernel changed by up to 0.8; 1 added; 1 removed');
  const renamed = r.entries.find((e) => e.name === 'dense/kernel');
  assert.deepEqual([renamed?.otherName, renamed?.status, renamed?.matchedBy], ['fc/kernel', 'identical', 'shape-order']);
  const conv = r.entries.find((e) => e.name === 'conv/kernel');
  assert.ok(Math.abs((conv?.relChange ?? 0) - 0.2) < 1e-6);
});

test('weights: another storage precision is reported with the tensor', () => {
  const r = diffWeights([W('k', [2], [1, 2])], [W('k', [2], [1, 2.001], 'float16-quantized float32')]);
  assert.deepEqual(r.entries[0]?.storage, { a: 'float32', b: 'float16-quantized float32' });
  assert.match(r.summary, /stored as float32 vs float16-quantized float32/);
});

test('names: exact, then without ":0" and wrapper scopes, then a Keras layer name with the last node of its scope', () => {
  const ours = ['model/conv2d/Conv2D', 'model/conv2d/BiasAdd', 'model/conv2d/Relu', 'dense', 'out'];
  const theirs = ['conv2d', 'StatefulPartitionedCall/model/dense:0', 'out', 'unrelated'];
  assert.deepEqual([...alignNames(ours, theirs)].sort(), [
    ['dense', 'StatefulPartitionedCall/model/dense:0'],
    ['model/conv2d/Relu', 'conv2d'],
    ['out', 'out'],
  ]);
});

test('names: a dump of graph nodes against our layer names takes the last node inside each layer', () => {
  const m = alignNames(['conv', 'relu'], ['conv/Conv2D:0', 'conv/BiasAdd:0', 'relu/Relu:0']);
  assert.equal(m.get('conv'), 'conv/BiasAdd:0');
  assert.equal(m.get('relu'), 'relu/Relu:0');
});

test('layers: first layer outside tolerance, relative error against the range, NHWC vs NCHW dumps, NaN, growth', () => {
  const ours = [
    { name: 'l1', op: 'Conv2D', value: nd([1, 2, 3, 4], [1, 2, 2, 1]) },
    {
      name: 'l2',
      op: 'Relu',
      value: nd(
        Array.from({ length: 12 }, (_, i) => i),
        [1, 2, 2, 3],
      ),
    },
    { name: 'l3', op: 'Add', value: nd([10, 20]) },
    { name: 'l4', op: 'Sigmoid', value: nd([NaN, 1]) },
  ];
  const ref = new Map<string, NdArray>([
    ['l1', nd([1, 2, 3, 4], [1, 2, 2, 1])],
    // A channels-first dump of the same values (one off by 1e-4): ref[c][h][w] = ours[h][w][c].
    [
      'l2',
      nd(
        Array.from({ length: 12 }, (_, k) => {
          const c = Math.floor(k / 4);
          const h = Math.floor((k % 4) / 2);
          const w = k % 2;
          return h * 6 + w * 3 + c + (k === 11 ? 1e-4 : 0);
        }),
        [1, 3, 2, 2],
      ),
    ],
    ['l3', nd([10, 22])],
    ['l4', nd([NaN, 1])],
  ]);
  const r = compareLayers(ours, ref, { atol: 1e-3, rtol: 0, mode: 'allclose' });
  assert.deepEqual(
    r.layers.map((l) => l.pass),
    [true, true, false, true],
  );
  assert.equal(r.firstDivergent, 2);
  assert.equal(r.layers[2]?.maxAbs, 2);
  assert.ok(Math.abs((r.layers[2]?.relErr ?? 0) - 2 / 22) < 1e-9);
  assert.equal(r.layers[3]?.failures, 0, 'NaN on both sides agrees');
  assert.equal(r.growth, 0);
});

test('cause: identical weights and graph with a divergence well above float noise is a runtime difference at that layer', () => {
  const layers = compareLayers([{ name: 'c', op: 'Conv2D', value: nd([1, 2]) }], new Map([['c', nd([1, 2.5])]]), {
    atol: 1e-4,
    rtol: 1e-3,
    mode: 'allclose',
  });
  const arch = diffArchitecture([L('c', 'Conv2D')], [L('c', 'Conv2D')], sig([1, 2]), sig([1, 2]));
  const weights = diffWeights([W('k', [1], [1])], [W('k', [1], [1])]);
  const cause = modelCause({ outputPass: false, outputRelErr: 0.2, weights, architecture: arch, layers, againstActivations: false });
  assert.equal(cause.kind, 'runtime');
  assert.match(cause.title, /starts at layer c \(Conv2D\); weights and architecture are the same/);
});

test('cause: quantized weights that differ only by rounding are named quantization', () => {
  const weights = diffWeights([W('k', [2], [1, 2])], [W('k', [2], [1, 2.001], 'float16-quantized float32')]);
  const arch = diffArchitecture([L('c', 'Conv2D')], [L('c', 'Conv2D')], sig([1, 2]), sig([1, 2]));
  const cause = modelCause({
    outputPass: false,
    outputRelErr: 0.01,
    weights,
    architecture: arch,
    layers: undefined,
    againstActivations: false,
  });
  assert.equal(cause.kind, 'quantization');
});

test('names: a TFLite fused output ("re_lu;conv2d_1_1;Conv2D_2;Const_85") pairs with the last of its ops on the other side', () => {
  const tfjs = ['Conv2D_2', 'conv2d_1_1', 're_lu', 'add', 'Relu6'];
  const tflite = ['re_lu;conv2d_1_1;Conv2D_2;Const_85', 'Relu6;add'];
  const m = alignNames(tflite, tfjs);
  assert.equal(m.get('re_lu;conv2d_1_1;Conv2D_2;Const_85'), 're_lu');
  assert.equal(m.get('Relu6;add'), 'Relu6');
  const back = alignNames(tfjs, tflite);
  assert.equal(back.get('re_lu'), 're_lu;conv2d_1_1;Conv2D_2;Const_85');
  assert.equal(back.get('Relu6'), 'Relu6;add');
  assert.equal(back.get('add'), undefined);
});
