// What the host sends the result panel: payloads the webview's validator accepts, standalone byte buffers,
// display images scaled down when huge, spec labels/colours, a CSP-locked page with escaped state, readable errors.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseResultInitialState, validateResultPayload } from '../../src/protocol';
import { buildResultPayload, displayImage, InferenceResultView, ownBuffer, summarizeTensor, tensorAsImage } from '../../src/extension/result/payload';
import { contentSecurityPolicy, escapeAttribute, makeNonce, panelHtml } from '../../src/extension/panel/html';
import { describeError } from '../../src/extension/errors';
import { lineStarts, offsetToPosition } from '../../src/extension/text-offsets';
import { SpecError } from '../../src/core/spec/errors';
import { TensorFileError } from '../../src/core/tensor/types';

function fakeSegmentation(): InferenceResultView {
  // Labels and probabilities are views into larger buffers, as engine outputs often are.
  const backing = new Uint8Array(100);
  const labels = backing.subarray(10, 14);
  labels.set([0, 1, 1, 1]);
  const probs = new Float32Array(10).subarray(2, 6);
  probs.set([0.1, 0.9, 0.8, 0.7]);
  return {
    backend: 'wasm',
    backendDetail: 'tfjs-node is not installed',
    modelFingerprint: 'sha256:abc',
    outputName: 'activation_10',
    inputTensor: { dtype: 'float32', shape: [1, 2, 2, 3], data: new Float32Array(12) },
    output: { dtype: 'float32', shape: [1, 2, 2, 1], data: new Float32Array([0.1, 0.9, 0.8, 0.7]) },
    display: { width: 4, height: 4, channels: 3, data: new Uint8Array(48).fill(200) },
    timingsMs: { load: 10, preprocess: 2, infer: 3, postprocess: 1 },
    result: { kind: 'segmentation', width: 2, height: 2, numClasses: 2, labels, probabilities: probs, classFractions: [0.25, 0.75] },
  };
}

test('a segmentation result becomes a payload the panel accepts, with spec labels and colours', () => {
  const payload = buildResultPayload('/w/images/astronaut.png', fakeSegmentation(), {
    labels: ['background', 'person'],
    colors: ['#00000000', '#ff3b30'],
  });
  assert.ok(validateResultPayload(payload), 'the webview validator accepts what the host builds');
  assert.equal(payload.fileName, 'astronaut.png');
  assert.equal(payload.view.kind, 'segmentation');
  if (payload.view.kind !== 'segmentation') return;
  assert.deepEqual(
    payload.view.classes.map((c) => [c.label, c.color, c.fraction]),
    [
      ['background', '#00000000', 0.25],
      ['person', '#ff3b30', 0.75],
    ],
  );
  assert.deepEqual([...new Uint8Array(payload.view.labels)], [0, 1, 1, 1], "only the view's bytes are sent, not its backing buffer");
  assert.equal(payload.view.probabilities.byteLength, 16);
  assert.equal(payload.view.probabilityChannels, 1);
  assert.deepEqual(payload.timingsMs, { load: 10, preprocess: 2, infer: 3, postprocess: 1 });
});

test('the payload lists what each preprocessing stage did, and the validator keeps only well-formed steps', () => {
  const stages = [
    { name: 'decoded', description: 'JPEG 1280×720, RGB, 8-bit' },
    { name: 'resized', description: 'pil bicubic 1280×720 → 256×256, centre-cropped (ImageOps.fit) to x=280, y=0, 720×720 first' },
  ];
  const payload = buildResultPayload('/w/images/wide.jpg', { ...fakeSegmentation(), stages }, { labels: [], colors: [] });
  assert.deepEqual(payload.preprocessing, [
    { stage: 'decoded', description: 'JPEG 1280×720, RGB, 8-bit' },
    { stage: 'resized', description: 'pil bicubic 1280×720 → 256×256, centre-cropped (ImageOps.fit) to x=280, y=0, 720×720 first' },
  ]);
  assert.deepEqual(validateResultPayload(payload)?.preprocessing, payload.preprocessing);
  assert.equal(validateResultPayload({ ...payload, preprocessing: [{ stage: 'x', description: 'y', html: '<b>' }] }), undefined);
  assert.equal(validateResultPayload({ ...payload, preprocessing: 'resized' }), undefined);
  assert.equal(buildResultPayload('/w/x.npy', fakeSegmentation(), { labels: [], colors: [] }).preprocessing, undefined);
});

test('classes without names in the spec are called "class N"', () => {
  const payload = buildResultPayload('/w/a.png', fakeSegmentation(), { labels: [], colors: [] });
  assert.ok(payload.view.kind === 'segmentation');
  assert.deepEqual(
    payload.view.classes.map((c) => c.label),
    ['class 0', 'class 1'],
  );
});

test('ownBuffer copies only when a view does not span its whole buffer', () => {
  const whole = new Uint8Array([1, 2, 3]);
  assert.equal(ownBuffer(whole), whole.buffer);
  const part = new Uint8Array([1, 2, 3, 4]).subarray(1, 3);
  assert.deepEqual([...new Uint8Array(ownBuffer(part))], [2, 3]);
});

test('huge display images are box-averaged down; grey and 16-bit images become 8-bit RGB', () => {
  const big = displayImage({ width: 8, height: 4, channels: 3, data: new Uint8Array(96).fill(90) }, 8);
  assert.deepEqual([big.width, big.height, big.channels], [4, 2, 3]);
  assert.ok(new Uint8Array(big.pixels).every((v) => v === 90));
  const grey16 = displayImage({ width: 1, height: 1, channels: 1, data: new Uint16Array([65535]) });
  assert.deepEqual([...new Uint8Array(grey16.pixels)], [255, 255, 255]);
  assert.throws(() => displayImage({ width: 2, height: 2, channels: 3, data: new Uint8Array(5) }), /expected 2×2×3/);
});

test('raw outputs are summarised as shape, range and mean', () => {
  const s = summarizeTensor({ dtype: 'float32', shape: [1, 3], data: new Float32Array([1, 2, Number.NaN]) });
  assert.match(s, /float32 \[1, 3\]/);
  assert.match(s, /min 1 · max 2 · mean 1\.5/);
  assert.match(s, /1 NaN/);
});

test('the panel page has a nonce-locked CSP and an escaped initial state that round-trips', () => {
  const nonce = makeNonce();
  assert.notEqual(nonce, makeNonce());
  const state = { title: 'Tensor Parity: "><script>alert(1)</script>', files: [{ name: "o'brien&co.png", path: "/w/o'brien&co.png" }] };
  const html = panelHtml({
    cspSource: 'https://x.vscode-cdn.net',
    nonce,
    scriptUri: 'https://x/dist/webview/result-panel.js',
    title: state.title,
    initialState: state,
  });
  assert.ok(!html.includes('<script>alert'), 'no markup injection from file names');
  const csp = contentSecurityPolicy('https://x.vscode-cdn.net', nonce);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'`));
  for (const tag of html.match(/<script[^>]*>/g) ?? []) assert.ok(tag.includes(`nonce="${nonce}"`), tag);
  const attr = /data-initial-state="([^"]*)"/.exec(html)?.[1] ?? '';
  const decoded = attr
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  assert.deepEqual(parseResultInitialState(decoded), state);
  assert.equal(escapeAttribute('<a href="x">&\''), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
});

test('errors: spec and model problems offer Open Spec; file problems keep their message; cancel is not an error', () => {
  const spec = describeError(new SpecError('model.path in /w/tensorparity.json: missing.json does not exist. Fix model.path.'));
  assert.deepEqual(spec.actions, ['openSpec', 'showLog']);
  assert.match(spec.message, /tensorparity\.json/);
  const file = describeError(new TensorFileError('/w/x.npy: truncated. Re-save the array with numpy.save.', '/w/x.npy'));
  assert.deepEqual(file.actions, ['showLog']);
  assert.equal(file.message, '/w/x.npy: truncated. Re-save the array with numpy.save.');
  const abort = new Error('aborted');
  abort.name = 'AbortError';
  assert.equal(describeError(abort).cancelled, true);
  const other = describeError(new TypeError('x is undefined'));
  assert.match(other.message, /^Inference failed: x is undefined\. The Tensor Parity log has the details\.$/);
  assert.match(other.detail, /TypeError/);
});

test('diagnostic offsets map to lines and columns for \\n, \\r\\n and \\r line ends', () => {
  const text = 'ab\ncd\r\nef\rgh';
  const starts = lineStarts(text);
  assert.deepEqual(starts, [0, 3, 7, 10]);
  assert.deepEqual(offsetToPosition(starts, text.length, 4), { line: 1, character: 1 });
  assert.deepEqual(offsetToPosition(starts, text.length, 7), { line: 2, character: 0 });
  assert.deepEqual(offsetToPosition(starts, text.length, 11), { line: 3, character: 1 });
  assert.deepEqual(offsetToPosition(starts, text.length, 999), { line: 3, character: 2 });
});

test('a tensor input is shown as an image when it is image-shaped (NHWC or NCHW), stretched to 0..255', () => {
  const r = fakeSegmentation();
  delete r.display;
  r.inputTensor = { dtype: 'float32', shape: [1, 2, 2, 3], data: new Float32Array([0, 0, 0, 1, 1, 1, 0.5, 0.5, 0.5, 1, 0, 0]) };
  const payload = buildResultPayload('/w/x.npy', r, { labels: [], colors: [] });
  assert.ok(payload.image);
  assert.deepEqual([payload.image.width, payload.image.height, payload.image.channels], [2, 2, 3]);
  assert.deepEqual([...new Uint8Array(payload.image.pixels)], [0, 0, 0, 255, 255, 255, 128, 128, 128, 255, 0, 0]);
  const planar = tensorAsImage({ dtype: 'float32', shape: [1, 3, 1, 2], data: new Float32Array([0, 1, 0, 0, 0, 1]) }, 'NCHW');
  assert.deepEqual(planar && [...planar.data], [0, 0, 0, 255, 0, 255]);
  assert.equal(tensorAsImage({ dtype: 'float32', shape: [1, 1000], data: new Float32Array(1000) }, 'NHWC'), undefined);
});
