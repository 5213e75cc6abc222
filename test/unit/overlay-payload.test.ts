// What the host sends for the overlay beyond the basics: raw output values when an activation changed them, the
// letterbox region, the previous result to compare with, panel notices, and the file list a restored panel re-runs.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ResultPayload, validateResultHostMessage, validatePreviousResult, validateResultWebviewMessage } from '../../src/protocol';
import {
  buildResultPayload,
  InferenceResultView,
  maskRegionFor,
  pickPrevious,
  rawOutputValues,
  remember,
  RememberedResult,
  restoredFilePaths,
} from '../../src/extension/result/payload';

function segmentation(inputShape = [1, 2, 2, 3], labels = [0, 1, 1, 1]): InferenceResultView {
  return {
    backend: 'cpu',
    backendDetail: '',
    modelFingerprint: 'f',
    outputName: 'out',
    inputTensor: { dtype: 'float32', shape: inputShape, data: new Float32Array(inputShape.reduce((a, b) => a * b, 1)) },
    output: { dtype: 'float32', shape: [1, 2, 2, 2], data: new Float32Array([2, -2, 0, 1, -1, 3, 0.5, 0.5]) },
    timingsMs: { infer: 1 },
    result: {
      kind: 'segmentation',
      width: 2,
      height: 2,
      numClasses: 2,
      labels: Uint8Array.from(labels),
      probabilities: new Float32Array(8).fill(0.5),
      classFractions: [0.25, 0.75],
    },
  };
}

const spec = { labels: ['background', 'person'], colors: ['#00000000', '#ff3b30'] };

test('raw output values are sent in H×W×C order only when an activation changed them', () => {
  const r = segmentation();
  const plain = buildResultPayload('/w/a.png', r, { ...spec, activation: 'none' });
  assert.ok(plain.view.kind === 'segmentation' && plain.view.rawValues === undefined);
  const soft = buildResultPayload('/w/a.png', r, { ...spec, activation: 'softmax' });
  assert.ok(soft.view.kind === 'segmentation' && soft.view.rawValues);
  assert.deepEqual([...new Float32Array(soft.view.rawValues)], [2, -2, 0, 1, -1, 3, 0.5, 0.5]);
  // NCHW outputs are reordered to match the probabilities.
  const nchw = rawOutputValues({ dtype: 'float32', shape: [1, 2, 1, 2], data: new Float32Array([1, 2, 10, 20]) }, 'NCHW', 'sigmoid', 4);
  assert.deepEqual(nchw && [...nchw], [1, 10, 2, 20]);
  assert.equal(rawOutputValues(r.output, 'NHWC', 'softmax', 6), undefined, 'a size mismatch sends nothing rather than wrong values');
});

test('letterbox placement becomes the image region of the mask, in mask pixels', () => {
  const input = { dtype: 'float32' as const, shape: [1, 256, 256, 3], data: new Float32Array(0) };
  assert.deepEqual(maskRegionFor({ left: 0, top: 64, width: 256, height: 128 }, input, 'NHWC', 128, 128), {
    left: 0,
    top: 32,
    width: 128,
    height: 64,
  });
  assert.equal(maskRegionFor({ left: 0, top: 0, width: 256, height: 256 }, input, 'NHWC', 128, 128), undefined, 'stretch: the whole mask');
  assert.equal(maskRegionFor(undefined, input, 'NHWC', 128, 128), undefined);
  const payload = buildResultPayload('/w/a.png', { ...segmentation(), placement: { left: 0, top: 0, width: 2, height: 1 } }, spec);
  assert.ok(payload.view.kind === 'segmentation');
  assert.deepEqual(payload.view.maskRegion, { left: 0, top: 0, width: 2, height: 1 });
});

function payload(file: string, inputShape?: number[], labels?: number[]): ResultPayload {
  return buildResultPayload(file, segmentation(inputShape, labels), spec);
}

test('the baseline offered for comparison: the same file first, then the same image name, else a tensor dump of the same shape', () => {
  const history: RememberedResult[] = [];
  assert.equal(pickPrevious(history, payload('/w/a.png')), undefined, 'nothing to compare on the first run');
  remember(history, payload('/w/a.png'), new Date(2026, 0, 1, 9, 5, 7));
  remember(history, payload('/w/b.png'), new Date(2026, 0, 1, 9, 6, 0));
  const again = pickPrevious(history, payload('/w/a.png'));
  assert.equal(again?.result.filePath, '/w/a.png');
  assert.equal(again?.label, 'Previous run of a.png at 09:05:07');
  assert.equal(pickPrevious(history, payload('/w/c.png')), undefined, 'two different images are not compared');
  const dump = pickPrevious(history, payload('/w/dumps/x.input.npy'));
  assert.equal(dump?.result.filePath, '/w/b.png', 'a tensor dump is compared with the newest image of the same input shape');
  assert.match(dump?.label ?? '', /b\.png at 09:06:00 \(same input shape \[1, 2, 2, 3\]\)/);
  const named = pickPrevious(history, payload('/w/dumps/a.cpp-bgr.npy'));
  assert.equal(named?.result.filePath, '/w/a.png', 'the image the dump is named after beats a newer image of the same shape');
  assert.match(named?.label ?? '', /a\.png at 09:05:07 \(same image name\)/);
  assert.equal(pickPrevious(history, payload('/w/x.npy', [1, 4, 4, 3])), undefined, 'another input shape is not offered');
  assert.ok(validatePreviousResult(again), 'the webview accepts what the host offers');
});

test('the history keeps one entry per file and only the newest few', () => {
  const history: RememberedResult[] = [];
  for (const f of ['/a.png', '/b.png', '/a.png', '/c.png', '/d.png', '/e.png']) remember(history, payload(f), new Date(), 4);
  assert.deepEqual(
    history.map((h) => h.result.filePath),
    ['/a.png', '/c.png', '/d.png', '/e.png'],
  );
});

test('resultShow with a previous result, notices and the new panel commands pass validation; bad ones do not', () => {
  const result = payload('/w/a.png');
  const previous = { label: 'Previous run', result: payload('/w/a.png', undefined, [1, 1, 1, 1]) };
  const msg = validateResultHostMessage({ type: 'resultShow', index: 0, result, previous });
  assert.ok(msg?.type === 'resultShow' && msg.previous?.label === 'Previous run');
  assert.equal(validateResultHostMessage({ type: 'resultShow', index: 0, result, previous: { label: 'x', result: { ...result, view: 'bad' } } }), undefined);
  assert.deepEqual(validateResultHostMessage({ type: 'resultNotice', message: 'Restored.', actions: ['manageTrust', 'rerun'] }), {
    type: 'resultNotice',
    message: 'Restored.',
    actions: ['manageTrust', 'rerun'],
  });
  assert.equal(validateResultHostMessage({ type: 'resultNotice', message: 'x', actions: ['format disk'] }), undefined);
  assert.equal(validateResultHostMessage({ type: 'resultError', message: 'x', actions: ['rerun'] }), undefined, 'errors keep their own two buttons');
  assert.deepEqual(validateResultWebviewMessage({ type: 'resultAction', action: 'rerun' }), { type: 'resultAction', action: 'rerun' });
  assert.equal(validateResultWebviewMessage({ type: 'resultAction', action: 'eval' }), undefined);
  const wrongRaw = { ...result, view: { ...result.view, rawValues: new ArrayBuffer(3) } };
  assert.equal(validateResultHostMessage({ type: 'resultShow', index: 0, result: wrongRaw }), undefined, 'raw values must match the probabilities');
});

test('a restored panel re-runs the file paths its webview saved, ignoring junk', () => {
  assert.deepEqual(
    restoredFilePaths({
      files: [{ name: 'a.png', path: '/w/a.png' }, { path: '' }, { path: 5 }, 'x', { path: '/w/a.png' }, { path: '/w/b.png' }],
    }),
    ['/w/a.png', '/w/b.png'],
  );
  assert.deepEqual(restoredFilePaths(undefined), []);
  assert.deepEqual(restoredFilePaths({ files: 'a.png' }), []);
});
