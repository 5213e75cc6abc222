// Diff panel payload: what the panel shows for real dumps (demo/dumps, made by numpy/cv2/TF), heatmap locations,
// mismatched pairs, and reports read back from `tensor-parity diff/diagnose --json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadTensorFile } from '../../src/core/tensor/load';
import { makeNdArray } from '../../src/core/tensor/ndarray';
import type { NdArray } from '../../src/core/tensor/types';
import { diffTensors } from '../../src/core/diff/diff';
import { diffReportToJson } from '../../src/core/diff/format';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { diagnosisToJson } from '../../src/core/diagnose/format';
import { buildDiffPayload, diagnosisView, heatmapFromSpatial, metricsOf, parseReportJson, relativeMeaningful } from '../../src/extension/compare/payload';
import { alignedDump, computeHeatmaps, layoutAxes } from '../../src/core/diff/heatmap';
import { validateCompareHostMessage } from '../../src/protocol';

const root = path.resolve(__dirname, '..', '..', '..');
const dumps = path.join(root, 'demo', 'dumps');
const tol = { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const };
const src = {
  a: { name: 'a.npy', path: '/x/a.npy' },
  b: { name: 'b.npy', path: '/x/b.npy' },
  origin: 'files' as const,
  toleranceFrom: 'tensorparity.json',
};

async function demo(name: string): Promise<NdArray> {
  const loaded = await loadTensorFile(path.join(dumps, name));
  return [...loaded.tensors.values()][0];
}

test('a BGR-swapped C++ dump fails against the TF reference, and the heatmaps put the worst element where the diff found it', async () => {
  const ref = await demo('astronaut.reference.npy');
  const bgr = await demo('astronaut.cpp-bgr.npy');
  const report = diffTensors(bgr, ref, { ...tol, layout: 'NHWC' });
  const aligned = alignedDump(bgr, ref, report);
  assert.ok(aligned);
  const maps = computeHeatmaps(aligned, ref, report);
  assert.ok(maps);
  const p = buildDiffPayload(report, src, maps);
  assert.equal(p.verdict.pass, false);
  assert.equal(p.comparable, true);
  assert.equal(p.verdict.mode, 'allclose');
  assert.equal(maps.channels, 3);
  assert.deepEqual([maps.height, maps.width, maps.block], [256, 256, 1]);
  const ids = p.metrics.map((m) => m.id);
  for (const id of ['failures', 'max-abs', 'mean-abs', 'rmse', 'cosine', 'psnr', 'to-pass'])
    assert.ok(ids.includes(id), `metrics should include ${id}: ${ids.join(', ')}`);
  // The worst element's |a-b| is the largest value in its channel's heatmap at its pixel.
  const w = p.worst[0];
  const v = new Float32Array(maps.maps);
  const [, y, x, c] = w.index;
  const mapValue = v[c * 256 * 256 + y * 256 + x];
  assert.ok(Math.abs(mapValue - w.abs) <= 1e-6 * Math.max(1, w.abs), `heatmap ${mapValue} at [${w.index}] should equal the worst |a-b| ${w.abs}`);
  assert.ok(Math.abs(maps.maxAbs - report.abs!.max.value) < 1e-6);
  assert.ok(validateCompareHostMessage({ type: 'compareResult', payload: p }), "the payload passes the panel's validation");
  // Channel 1 (G) is the same in BGR and RGB, so its map is almost flat compared with channels 0 and 2.
  assert.ok(maps.channelRows[1].meanAbs < maps.channelRows[0].meanAbs / 10);
});

test('diagnosis cards for the demo pair name the channel swap and the spec field it would change', async () => {
  const ref = await demo('astronaut.reference.npy');
  const bgr = await demo('astronaut.cpp-bgr.npy');
  const d = await diagnose(bgr, { tensor: ref }, tol);
  const view = diagnosisView(d, (rules) => (rules.includes('color-order') ? { file: '/ws/src/preprocess.cpp', line: 11, message: 'TP101: BGR' } : undefined));
  assert.equal(view.causes[0].id, 'channel-swap');
  assert.equal(view.causes[0].specPath, 'input.colorOrder');
  assert.deepEqual(view.causes[0].source, { file: '/ws/src/preprocess.cpp', line: 11, message: 'TP101: BGR' });
  assert.ok(view.causes[0].explained > 0.9);
});

test("a mismatched pair is not comparable and says why, in the engine's words", () => {
  const a = makeNdArray('float32', [1, 224, 224, 3]);
  const b = makeNdArray('float32', [1, 256, 256, 3]);
  const report = diffTensors(a, b, tol);
  assert.equal(alignedDump(a, b, report), undefined);
  const p = buildDiffPayload(report, src);
  assert.equal(p.comparable, false);
  assert.ok(validateCompareHostMessage({ type: 'compareResult', payload: p }));
  assert.match(p.alignment, /150528 values .*196608.*cannot be compared element by element/);
  assert.equal(p.heatmaps, undefined);
});

test('large planes are block-max downsampled and NCHW layouts map the channel axis', () => {
  const shape = [1, 2, 600, 300];
  const b = makeNdArray('float32', shape);
  const a = makeNdArray('float32', shape);
  (a.data as Float32Array)[1 * 600 * 300 + 599 * 300 + 299] = 5; // channel 1, last pixel
  (a.data as Float32Array)[0] = NaN;
  const report = diffTensors(a, b, { ...tol, layout: 'NCHW' });
  const maps = computeHeatmaps(a, b, report);
  assert.ok(maps);
  assert.deepEqual(maps.axes, { n: 0, c: 1, h: 2, w: 3 });
  assert.equal(maps.block, 3);
  assert.deepEqual([maps.height, maps.width], [200, 100]);
  const v = new Float32Array(maps.maps);
  assert.equal(v[200 * 100 + 199 * 100 + 99], 5);
  assert.ok(Number.isNaN(v[0]), 'a NaN pair shows as NaN in its block');
  assert.equal(maps.maxAbs, 5);
  assert.deepEqual(layoutAxes(2, undefined), { n: -1, h: 0, w: 1, c: -1 });
  assert.equal(layoutAxes(1, undefined), undefined);
});

test('reports written by `diff --json --spatial` and `diagnose --json` read back into the same panel', async () => {
  const ref = await demo('astronaut.reference.npy');
  const bgr = await demo('astronaut.cpp-bgr.npy');
  const report = diffTensors(bgr, ref, { ...tol, layout: 'NHWC' });
  const json = JSON.stringify(diffReportToJson(report, true));
  const parsed = parseReportJson(json, '/x/report.json');
  assert.ok(parsed.report);
  assert.equal(parsed.diagnosis, undefined);
  const p = buildDiffPayload(parsed.report, src, heatmapFromSpatial(parsed.report));
  assert.equal(p.verdict.pass, false);
  assert.equal(p.verdict.failures, report.verdict.failures);
  assert.equal(p.heatmaps?.channels, 1);
  assert.equal(p.heatmaps?.width, 256);
  assert.ok(validateCompareHostMessage({ type: 'compareResult', payload: p }), "a report payload passes the panel's validation");
  const d = await diagnose(bgr, { tensor: ref }, tol);
  const fromDiagnose = parseReportJson(JSON.stringify(diagnosisToJson(d)), '/x/d.json');
  assert.equal(fromDiagnose.diagnosis?.causes[0].id, 'channel-swap');
  assert.ok(fromDiagnose.report, 'diagnose --json embeds the baseline diff report');
});

test('a JSON file that is not a report names the file and the command that writes one', () => {
  assert.throws(
    () => parseReportJson('{"model": {}}', '/x/tensorparity.json'),
    /\/x\/tensorparity\.json: is not a report .*tensor-parity diff dump\.npy reference\.npy --json/,
  );
  assert.throws(() => parseReportJson('{oops', '/x/r.json'), /\/x\/r\.json: is not valid JSON/);
});

test('relative metrics are explained, not printed, when the reference is about 0 where the tensors differ', () => {
  const ref = makeNdArray('float32', [1, 8], new Float32Array([0, 0, 0, 0, 0.5, 0.5, 1, 1]));
  const dump = makeNdArray('float32', [1, 8], new Float32Array([0.01, 0.02, 0, 0, 0.5, 0.5, 1, 1]));
  const rows = metricsOf(diffTensors(dump, ref, tol));
  assert.equal(
    rows.find((r) => r.id === 'mean-rel'),
    undefined,
    'no "mean relative 1e+13"',
  );
  const rel = rows.find((r) => r.id === 'rel');
  assert.equal(rel?.value, 'not meaningful here');
  assert.match(rel?.hint ?? '', /the reference is about 0 where the tensors differ .*judge by \|a−b\| above/);
  const close = makeNdArray('float32', [1, 4], new Float32Array([0.5, 0.51, 1, 1.02]));
  const ok = metricsOf(diffTensors(close, makeNdArray('float32', [1, 4], new Float32Array([0.5, 0.5, 1, 1])), tol));
  assert.ok(
    ok.find((r) => r.id === 'mean-rel'),
    'an ordinary reference keeps its relative metrics',
  );
  assert.ok(relativeMeaningful({ max: { value: 0.02 }, mean: 0.01 }));
  assert.ok(!relativeMeaningful({ max: { value: 4.5e13 }, mean: 2.4e9 }));
});
