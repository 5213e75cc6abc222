// The shared worker's real tasks (inference, file comparison, diagnosis) give what the same code gives in-thread.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { compareFiles } from '../../src/core/diff/compare-files';
import { runInference } from '../../src/core/infer/engine';
import { loadSpecFile } from '../../src/core/spec';
import type { Spec } from '../../src/core/spec/types';
import { encodeNpy } from '../../src/core/tensor/npy';
import { TensorFileError, type NdArray } from '../../src/core/tensor/types';
import { TaskCancelledError, WorkerPool } from '../../src/core/worker';
import { compareFilesTask, diagnoseTask, inferTask } from '../../src/core/worker/tasks';

const ROOT = path.resolve(__dirname, '../../..');
const DEMO = path.join(ROOT, 'demo');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-worker-'));
const pool = new WorkerPool({ script: path.join(ROOT, 'out/src/core/worker/worker-main.js'), size: 2 });
after(async () => {
  await pool.close();
  fs.rmSync(TMP, { recursive: true, force: true });
});

async function demoSpec(): Promise<Spec> {
  const { spec } = await loadSpecFile(path.join(DEMO, 'tensorparity.json'));
  assert.ok(spec);
  return spec;
}

function npy(name: string, arr: NdArray): string {
  const file = path.join(TMP, name);
  fs.writeFileSync(file, encodeNpy(arr));
  return file;
}

function ramp(n: number, f: (i: number) => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return out;
}

test('inference in a worker gives the same output as in-thread, with progress, twice on the same worker', async () => {
  const spec = await demoSpec();
  const input = { kind: 'image' as const, file: path.join(DEMO, 'images/astronaut.png') };
  const progress: string[] = [];
  const opts = { affinity: path.join(DEMO, spec.model.path), onProgress: (m: string) => progress.push(m) };
  const inWorker = await pool.run(inferTask, { spec, workspaceRoot: DEMO, input, backend: 'wasm' }, opts);
  const inThread = await runInference({ spec, workspaceRoot: DEMO, input, backend: 'wasm' });
  assert.deepEqual(inWorker.output.shape, inThread.output.shape);
  assert.deepEqual([...inWorker.output.data.slice(0, 1000)], [...inThread.output.data.slice(0, 1000)]);
  assert.deepEqual(inWorker.result, inThread.result);
  assert.ok(inWorker.stages && inWorker.stages.length > 0 && inWorker.display, 'stages and the display image come back');
  assert.ok(
    progress.some((m) => m.includes('Running the model')),
    progress.join(' | '),
  );
  const again = await pool.run(inferTask, { spec, workspaceRoot: DEMO, input, backend: 'wasm' }, opts);
  assert.deepEqual(again.result, inWorker.result);
  assert.equal(again.modelFingerprint, inWorker.modelFingerprint);
});

test('a bad model path in a worker gives the same SpecError text as in-thread', async () => {
  const spec = { ...(await demoSpec()) };
  spec.model = { ...spec.model, path: 'models/missing/model.json' };
  const input = { kind: 'image' as const, file: path.join(DEMO, 'images/astronaut.png') };
  const local = await runInference({ spec, workspaceRoot: DEMO, input, backend: 'wasm' }).catch((e: unknown) => e);
  assert.ok(local instanceof Error);
  await assert.rejects(pool.run(inferTask, { spec, workspaceRoot: DEMO, input, backend: 'wasm' }), (err: unknown) => {
    assert.ok(err instanceof Error);
    assert.equal(err.constructor, local.constructor);
    assert.equal(err.message, local.message);
    return true;
  });
});

test('cancelling an inference in a worker rejects with TaskCancelledError', async () => {
  const spec = await demoSpec();
  const ctrl = new AbortController();
  const run = pool.run(
    inferTask,
    { spec, workspaceRoot: DEMO, input: { kind: 'image', file: path.join(DEMO, 'images/astronaut.png') }, backend: 'wasm' },
    { signal: ctrl.signal, onProgress: () => ctrl.abort() },
  );
  await assert.rejects(run, TaskCancelledError);
});

test('comparing two files in a worker matches the in-thread comparison, heatmaps included', async () => {
  const shape = [1, 8, 8, 3];
  const ref = ramp(192, (i) => i / 191);
  const dump = ramp(192, (i) => i / 191 + (i % 3 === 0 ? 0.01 : 0));
  const req = {
    origin: 'files' as const,
    a: npy('dump.npy', { dtype: 'float32', shape, data: dump }),
    b: npy('ref.npy', { dtype: 'float32', shape, data: ref }),
    tolerance: { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const },
  };
  const inWorker = await pool.run(compareFilesTask, req);
  const inThread = await compareFiles(req);
  assert.deepEqual(inWorker.report, inThread.report);
  assert.equal(inWorker.report.verdict.pass, false);
  assert.ok(inWorker.heatmaps && inThread.heatmaps);
  assert.deepEqual(new Float32Array(inWorker.heatmaps.maps), new Float32Array(inThread.heatmaps.maps));
  assert.deepEqual([...inWorker.a.data], [...dump]);
});

test('a missing or unreadable file in a worker comparison gives the core error with its message', async () => {
  const missing = path.join(TMP, 'nope.npy');
  const req = { origin: 'files' as const, a: missing, b: missing, tolerance: { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const } };
  const local = await compareFiles(req).catch((e: unknown) => e);
  assert.ok(local instanceof TensorFileError);
  await assert.rejects(pool.run(compareFilesTask, req), (err: unknown) => err instanceof TensorFileError && err.message === local.message);
  const bad = path.join(TMP, 'bad.npy');
  fs.writeFileSync(bad, 'not a numpy file at all');
  await assert.rejects(
    pool.run(compareFilesTask, { ...req, a: bad, b: bad }),
    (err: unknown) => err instanceof TensorFileError && err.message.includes('bad.npy'),
  );
  await assert.rejects(
    pool.run(compareFilesTask, { ...req, origin: 'image', a: npy('x.npy', { dtype: 'float32', shape: [1], data: new Float32Array(1) }) }),
    (err: unknown) => err instanceof TensorFileError && err.message.includes('tensorparity.json'),
  );
});

test('diagnosis in a worker finds a channel swap', async () => {
  const shape = [1, 4, 4, 3];
  const ref = ramp(48, (i) => (i % 3) * 0.3 + Math.floor(i / 3) * 0.01);
  const swapped = new Float32Array(48);
  for (let p = 0; p < 16; p++) for (let c = 0; c < 3; c++) swapped[p * 3 + c] = ref[p * 3 + (2 - c)];
  const d = await pool.run(diagnoseTask, {
    dump: { dtype: 'float32', shape, data: swapped },
    ref: { tensor: { dtype: 'float32', shape, data: ref } },
    opts: { layout: 'NHWC' },
  });
  assert.equal(d.causes[0]?.id, 'channel-swap', JSON.stringify(d.causes.map((c) => c.id)));
});
