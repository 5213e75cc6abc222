// The host↔webview protocol: every incoming message is validated strictly, replies find their request,
// and byte payloads travel as ArrayBuffers whose lengths match what they claim to hold.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  fromWire,
  MessageChannel,
  MessageEnvelope,
  parseResultInitialState,
  ResultHostMessage,
  ResultPayload,
  ResultWebviewMessage,
  toWire,
  validateEnvelopeWith,
  validateResultHostMessage,
  validateResultPayload,
  validateResultWebviewMessage,
} from '../../src/protocol';

// What every panel does with what arrives: fromWire, then the envelope and the panel's message validator.
const validateWebviewEnvelope = (x: unknown) => validateEnvelopeWith(fromWire(x), validateResultWebviewMessage);
const validateHostEnvelope = (x: unknown) => validateEnvelopeWith(fromWire(x), validateResultHostMessage);

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

function segPayload(overrides: Partial<ResultPayload> = {}): ResultPayload {
  return {
    fileName: 'a.png',
    filePath: '/w/a.png',
    backend: 'wasm',
    backendDetail: '',
    modelFingerprint: 'sha256:1',
    outputName: 'out',
    timingsMs: { load: 1, infer: 2 },
    input: { shape: [1, 2, 2, 3], dtype: 'float32' },
    output: { shape: [1, 2, 2, 1], dtype: 'float32' },
    image: { width: 2, height: 2, channels: 3, pixels: new ArrayBuffer(12) },
    view: {
      kind: 'segmentation',
      width: 2,
      height: 2,
      numClasses: 2,
      labels: new Uint8Array([0, 1, 1, 0]).buffer,
      probabilities: new Float32Array([0.1, 0.9, 0.8, 0.2]).buffer,
      probabilityChannels: 1,
      classes: [
        { index: 0, label: 'background', color: '#00000000', fraction: 0.5 },
        { index: 1, label: 'person', color: '#ff0000', fraction: 0.5 },
      ],
    },
    ...overrides,
  };
}

test('the webview messages the host accepts', () => {
  assert.deepEqual(validateResultWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(validateResultWebviewMessage({ type: 'resultSaveTensor', index: 2, which: 'output' }), {
    type: 'resultSaveTensor',
    index: 2,
    which: 'output',
  });
  assert.deepEqual(validateResultWebviewMessage({ type: 'resultSaveStages', index: 1 }), { type: 'resultSaveStages', index: 1 });
  assert.deepEqual(validateResultWebviewMessage({ type: 'resultAction', action: 'openSpec' }), { type: 'resultAction', action: 'openSpec' });
  assert.deepEqual(validateResultWebviewMessage({ type: 'error', message: 'boom' }), { type: 'error', message: 'boom' });
  const overlay = validateResultWebviewMessage({ type: 'resultExportOverlay', index: 0, png: PNG.buffer });
  assert.equal(overlay?.type, 'resultExportOverlay');
});

test('an exported overlay may arrive as a typed array and is normalised to exactly its bytes', () => {
  const big = new Uint8Array(32);
  big.set(PNG, 4);
  const msg = validateResultWebviewMessage(fromWire({ type: 'resultExportOverlay', index: 1, png: big.subarray(4, 4 + PNG.length) }));
  assert.ok(msg && msg.type === 'resultExportOverlay');
  assert.deepEqual(new Uint8Array(msg.png), PNG);
});

test('malformed or unknown webview messages are dropped', () => {
  const bad: unknown[] = [
    null,
    42,
    'ready',
    [],
    {},
    { type: 'nope' },
    { type: 'ready', extra: 1 },
    { type: 'resultSaveTensor', index: -1, which: 'input' },
    { type: 'resultSaveTensor', index: 1.5, which: 'input' },
    { type: 'resultSaveTensor', index: 0, which: 'weights' },
    { type: 'resultSaveTensor', index: '0', which: 'input' },
    { type: 'resultSaveStages', index: -1 },
    { type: 'resultSaveStages', index: 0, dir: '/etc' },
    { type: 'resultAction', action: 'workbench.action.quit' },
    { type: 'error', message: 7 },
    { type: 'error', message: 'x'.repeat(20_000) },
    { type: 'resultExportOverlay', index: 0, png: [0x89, 0x50] },
    { type: 'resultExportOverlay', index: 0, png: new Uint8Array(16).buffer },
    { type: 'resultExportOverlay', index: 0, png: 'iVBORw0KGgo=' },
  ];
  for (const x of bad) assert.equal(validateResultWebviewMessage(x), undefined, JSON.stringify(x));
});

test('envelopes need a non-negative integer id and a valid body', () => {
  assert.deepEqual(validateWebviewEnvelope({ id: 3, body: { type: 'ready' } }), { id: 3, body: { type: 'ready' } });
  assert.deepEqual(validateWebviewEnvelope({ id: 4, inReplyTo: 1, body: { type: 'ready' } }), {
    id: 4,
    inReplyTo: 1,
    body: { type: 'ready' },
  });
  assert.equal(validateWebviewEnvelope({ body: { type: 'ready' } }), undefined);
  assert.equal(validateWebviewEnvelope({ id: -1, body: { type: 'ready' } }), undefined);
  assert.equal(validateWebviewEnvelope({ id: 1, inReplyTo: 'x', body: { type: 'ready' } }), undefined);
  assert.equal(validateWebviewEnvelope({ id: 1, body: { type: 'ready' }, extra: true }), undefined);
  assert.equal(validateWebviewEnvelope({ id: 1, body: { type: 'bogus' } }), undefined);
});

test('a result payload survives validation and byte lengths must match the stated sizes', () => {
  const ok = segPayload();
  assert.ok(validateResultPayload(ok));
  assert.ok(validateResultHostMessage({ type: 'resultShow', index: 0, result: ok }));
  const shortLabels = segPayload();
  if (shortLabels.view.kind === 'segmentation') shortLabels.view.labels = new ArrayBuffer(3);
  assert.equal(validateResultPayload(shortLabels), undefined);
  const shortImage = segPayload({ image: { width: 2, height: 2, channels: 3, pixels: new ArrayBuffer(11) } });
  assert.equal(validateResultPayload(shortImage), undefined);
  const numberArray = segPayload({ image: { width: 1, height: 1, channels: 3, pixels: [1, 2, 3] as unknown as ArrayBuffer } });
  assert.equal(validateResultPayload(numberArray), undefined, 'bytes must be an ArrayBuffer, never a JSON array');
  const badFraction = segPayload();
  if (badFraction.view.kind === 'segmentation') badFraction.view.classes[0].fraction = 1.5;
  assert.equal(validateResultPayload(badFraction), undefined);
  const cls = segPayload({ view: { kind: 'classification', topK: [{ index: 3, label: 'cat', probability: 0.9 }] } });
  assert.ok(validateResultPayload(cls));
});

test('host messages: errors, progress and save replies', () => {
  assert.deepEqual(validateResultHostMessage({ type: 'resultError', message: 'm', actions: ['showLog'] }), {
    type: 'resultError',
    message: 'm',
    actions: ['showLog'],
  });
  assert.equal(validateResultHostMessage({ type: 'resultError', message: 'm', actions: ['rm -rf'] }), undefined);
  assert.deepEqual(validateResultHostMessage({ type: 'resultProgress', index: 1, message: 'Loading' }), {
    type: 'resultProgress',
    index: 1,
    message: 'Loading',
  });
  assert.deepEqual(validateResultHostMessage({ type: 'resultSaveDone', ok: false, message: 'Save cancelled.' }), {
    type: 'resultSaveDone',
    ok: false,
    message: 'Save cancelled.',
  });
  assert.equal(validateHostEnvelope({ id: 1, body: { type: 'resultBatch', files: [{ name: 1 }] } }), undefined);
});

test('request/reply: the reply resolves the request that asked for it', async () => {
  const hostQueue: MessageEnvelope<ResultHostMessage>[] = [];
  const webQueue: MessageEnvelope<ResultWebviewMessage>[] = [];
  const web = new MessageChannel<ResultWebviewMessage, ResultHostMessage>(
    (e) => webQueue.push(e),
    () => undefined,
  );
  const host = new MessageChannel<ResultHostMessage, ResultWebviewMessage>(
    (e) => hostQueue.push(e),
    (body) => (body.type === 'resultSaveTensor' ? { type: 'resultSaveDone', ok: true, message: `saved ${body.which}` } : undefined),
  );
  const first = web.request({ type: 'resultSaveTensor', index: 0, which: 'input' });
  const second = web.request({ type: 'resultSaveTensor', index: 0, which: 'output' });
  // Deliver through the validators, in reverse order, as the other side would.
  for (const e of webQueue.reverse()) await host.receive(validateWebviewEnvelope(e) as MessageEnvelope<ResultWebviewMessage>);
  for (const e of hostQueue) await web.receive(validateHostEnvelope(toWire(e)) as MessageEnvelope<ResultHostMessage>);
  assert.deepEqual(await first, { type: 'resultSaveDone', ok: true, message: 'saved input' });
  assert.deepEqual(await second, { type: 'resultSaveDone', ok: true, message: 'saved output' });
});

test('closing the panel rejects pending requests with a readable error, and handler errors are reported', async () => {
  const errors: unknown[] = [];
  const ch = new MessageChannel<ResultWebviewMessage, ResultHostMessage>(
    () => undefined,
    () => {
      throw new Error('handler broke');
    },
    (e) => errors.push(e),
  );
  const pending = ch.request({ type: 'resultSaveTensor', index: 0, which: 'input' });
  ch.dispose();
  await assert.rejects(pending, /panel was closed/);
  await ch.receive({ id: 1, body: { type: 'resultSaveDone', ok: true, message: '' } });
  assert.equal(errors.length, 1);
});

test('the initial state embedded in the page parses, and garbage yields undefined', () => {
  assert.deepEqual(parseResultInitialState('{"title":"T","files":[{"name":"a.png","path":"/a.png"}]}'), {
    title: 'T',
    files: [{ name: 'a.png', path: '/a.png' }],
  });
  assert.equal(parseResultInitialState('{'), undefined);
  assert.equal(parseResultInitialState('{"title":"T","files":"a.png"}'), undefined);
});

test('a cancelled run tells the panel from which item on nothing will run', () => {
  assert.deepEqual(validateResultHostMessage({ type: 'resultCancelled', fromIndex: 2 }), { type: 'resultCancelled', fromIndex: 2 });
  assert.equal(validateResultHostMessage({ type: 'resultCancelled', fromIndex: -2 }), undefined);
});
