// The model comparison panel's messages: what the host builds from a real report validates, malformed messages do not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareModels } from '../../src/core/model-compare';
import { modelsPayload } from '../../src/extension/models/payload';
import { fromWire, parseModelsPanelState, toWire, validateModelsHostMessage, validateModelsWebviewMessage } from '../../src/protocol';
import { ASTRONAUT_INPUT, SELFIE, selfieWithChangedWeight } from './model-compare-helpers';

test('the payload of a real comparison survives the wire and validates; the first divergent row is the changed conv', async () => {
  const r = await compareModels({
    a: selfieWithChangedWeight('Conv2D_7/filter', 1.25),
    b: SELFIE,
    input: { kind: 'tensor', file: ASTRONAUT_INPUT },
    tolerance: { atol: 1e-4, rtol: 1e-3, mode: 'allclose' },
  });
  const payload = modelsPayload(r, 'astronaut.input.npy');
  const msg = validateModelsHostMessage(fromWire(toWire({ type: 'modelsResult', payload })));
  assert.ok(msg && msg.type === 'modelsResult');
  assert.equal(msg.payload.layers[msg.payload.firstDivergent]?.name, 'Conv2D_7');
  assert.deepEqual(
    msg.payload.weights.map((w) => [w.name, w.status]),
    [['Conv2D_7/filter', 'changed']],
  );
  assert.equal(msg.payload.cause.kind, 'weights');
});

test('malformed panel messages are rejected', () => {
  assert.equal(validateModelsWebviewMessage({ type: 'modelsSelectLayer', index: -1 }), undefined);
  assert.equal(validateModelsWebviewMessage({ type: 'modelsSelectLayer', index: '3' }), undefined);
  assert.equal(validateModelsWebviewMessage({ type: 'modelsAction', action: 'deleteEverything' }), undefined);
  assert.deepEqual(validateModelsWebviewMessage({ type: 'modelsSelectLayer', index: 4 }), { type: 'modelsSelectLayer', index: 4 });
  assert.equal(
    validateModelsHostMessage({
      type: 'modelsLayer',
      detail: { index: 0, name: 'x', message: '', weights: [], heatmaps: { maps: 'not a buffer' } },
    }),
    undefined,
  );
  assert.equal(parseModelsPanelState({ a: '/a', b: '/b', input: '/x.png', inputKind: 'video' }), undefined);
  assert.deepEqual(parseModelsPanelState({ a: '/a', b: '/b', input: '/x.png', inputKind: 'image' }), {
    a: '/a',
    b: '/b',
    input: '/x.png',
    inputKind: 'image',
  });
});
