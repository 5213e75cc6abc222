// Diff panel and tensor viewer messages: valid ones pass, unknown or malformed ones are dropped; the HTML shell has a
// nonce-only CSP, no remote content, and escapes its initial state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeNonFinite,
  encodeNonFinite,
  parseComparePanelState,
  validateCompareHostMessage,
  validateCompareWebviewMessage,
  validateEnvelopeWith,
  validateTensorHostMessage,
  validateTensorWebviewMessage,
} from '../../src/protocol';
import { panelHtml } from '../../src/extension/panel/html';

test('webview → host: known messages pass, unknown types, extra keys and wrong types are dropped', () => {
  assert.deepEqual(validateCompareWebviewMessage({ type: 'compareAction', action: 'openSpecField', cause: 0 }), {
    type: 'compareAction',
    action: 'openSpecField',
    cause: 0,
  });
  assert.equal(validateCompareWebviewMessage({ type: 'compareAction', action: 'runShell' }), undefined);
  assert.equal(validateCompareWebviewMessage({ type: 'ready', extra: 1 }), undefined);
  assert.equal(validateCompareWebviewMessage({ type: 'openFile', path: '/etc/passwd' }), undefined);
  assert.equal(validateCompareWebviewMessage({ type: 'toString' }), undefined);
  const req = { member: 'x', rowAxis: 1, colAxis: 2, rgbAxis: -1, fixed: [0, 0, 0, 1] };
  assert.deepEqual(validateTensorWebviewMessage({ type: 'tensorRequestSlice', request: req }), { type: 'tensorRequestSlice', request: req });
  assert.equal(validateTensorWebviewMessage({ type: 'tensorRequestSlice', request: { ...req, rgbAxis: -2 } }), undefined);
  assert.equal(validateTensorWebviewMessage({ type: 'tensorRequestSlice', request: { ...req, fixed: [0.5] } }), undefined);
  assert.equal(validateEnvelopeWith({ id: -1, body: { type: 'ready' } }, validateTensorWebviewMessage), undefined);
  assert.deepEqual(validateEnvelopeWith({ id: 3, body: { type: 'ready' } }, validateTensorWebviewMessage), {
    id: 3,
    body: { type: 'ready' },
  });
});

test('host → webview: slices and heatmaps must carry as many bytes as their sizes say', () => {
  const slice = {
    request: { member: 'x', rowAxis: 0, colAxis: 1, rgbAxis: -1, fixed: [0, 0] },
    srcHeight: 2,
    srcWidth: 2,
    height: 2,
    width: 2,
    strideY: 1,
    strideX: 1,
    channels: 1,
    values: new ArrayBuffer(16),
    min: 0,
    max: NaN,
  };
  assert.ok(validateTensorHostMessage({ type: 'tensorSlice', slice }));
  assert.equal(validateTensorHostMessage({ type: 'tensorSlice', slice: { ...slice, values: new ArrayBuffer(12) } }), undefined);
  assert.equal(validateTensorHostMessage({ type: 'tensorSlice', slice: { ...slice, values: [1, 2, 3, 4] } }), undefined);
  const heatmaps = {
    layout: 'NHWC',
    shape: [1, 2, 2, 1],
    axes: { n: 0, h: 1, w: 2, c: 3 },
    srcHeight: 2,
    srcWidth: 2,
    height: 2,
    width: 2,
    block: 1,
    channels: 1,
    maps: new ArrayBuffer(16),
    maxAbs: 1,
    channelRows: [],
  };
  const payload = {
    title: 't',
    a: { name: 'a', path: '/a' },
    b: { name: 'b', path: '/b' },
    origin: 'files',
    comparable: true,
    alignment: '',
    verdict: {
      pass: false,
      mode: 'allclose',
      atol: 1e-4,
      rtol: 1e-3,
      toleranceFrom: 'spec',
      failures: 1,
      failuresOtherMode: 0,
      message: 'FAIL',
    },
    metrics: [],
    histogram: [],
    worst: [],
    heatmaps,
    notes: [],
  };
  assert.ok(validateCompareHostMessage({ type: 'compareResult', payload }));
  assert.equal(validateCompareHostMessage({ type: 'compareResult', payload: { ...payload, heatmaps: { ...heatmaps, channels: 2 } } }), undefined);
  assert.equal(validateCompareHostMessage({ type: 'compareResult', payload: { ...payload, verdict: { ...payload.verdict, mode: 'close' } } }), undefined);
});

test('a restored diff panel accepts only a well-formed saved state', () => {
  assert.deepEqual(parseComparePanelState({ origin: 'files', a: '/a.npy', b: '/b.npy' }), { origin: 'files', a: '/a.npy', b: '/b.npy' });
  assert.equal(parseComparePanelState({ origin: 'files', a: '/a.npy' }), undefined);
  assert.equal(parseComparePanelState({ origin: 'shell', a: '/a', b: '/b' }), undefined);
  assert.equal(parseComparePanelState(null), undefined);
});

test('the viewer HTML allows only its own nonce script, no remote content, and escapes the initial state', () => {
  const html = panelHtml({
    cspSource: 'https://webview.test',
    nonce: 'abc123',
    scriptUri: 'https://webview.test/dist/webview/tensor-panel.js',
    title: 'a.npy',
    initialState: { fileName: '"><script>alert(1)</script>', path: '/x' },
    loadingText: 'Loading a.npy…',
  });
  const csp = (/Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '').replace(/&#39;/g, "'");
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:\/\/(?!webview\.test)/);
  assert.doesNotMatch(html, /<script>alert/);
  assert.equal((html.match(/<script /g) ?? []).length, 1);
  assert.match(html, /Loading a\.npy…/);
});

test("NaN and ±inf survive VS Code's JSON message transport; ArrayBuffers and look-alike strings are untouched", () => {
  const buf = new ArrayBuffer(8);
  const msg = { type: 'tensorOverview', values: [NaN, Infinity, -Infinity, 1], name: 'NaN', nested: { min: NaN }, buf };
  const wire = encodeNonFinite(msg) as { buf: ArrayBuffer };
  assert.equal(wire.buf, buf);
  const back = decodeNonFinite(JSON.parse(JSON.stringify({ ...wire, buf: 0 }))) as typeof msg;
  assert.ok(Number.isNaN(back.values[0]));
  assert.deepEqual(back.values.slice(1), [Infinity, -Infinity, 1]);
  assert.equal(back.name, 'NaN');
  assert.ok(Number.isNaN(back.nested.min));
});
