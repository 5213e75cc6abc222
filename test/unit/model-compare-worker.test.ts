// The model comparison in the worker pool (what the extension runs): the report, a layer's heatmap from the
// activations the worker kept, and cancellation.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { WorkerPool } from '../../src/core/worker/pool';
import { modelsCompareTask, modelsLayerTask } from '../../src/core/worker/tasks';
import { ASTRONAUT_INPUT, SELFIE, selfieWithChangedWeight } from './model-compare-helpers';

const pool = new WorkerPool({ script: join(__dirname, '../../src/core/worker/worker-main.js'), size: 1, cancelGraceMs: 300 });
after(() => pool.close());
const TOL = { atol: 1e-4, rtol: 1e-3, mode: 'allclose' as const };

test('in a worker: the changed conv is found, and clicking it gets the per-channel heatmaps of that layer', async () => {
  const changed = selfieWithChangedWeight('Conv2D_7/filter', 1.25);
  const progress: string[] = [];
  const report = await pool.run(
    modelsCompareTask,
    { a: changed, b: SELFIE, input: { kind: 'tensor', file: ASTRONAUT_INPUT }, tolerance: TOL, runId: 'r1' },
    { affinity: 'models', onProgress: (m) => progress.push(m) },
  );
  const first = report.layers?.layers[report.layers.firstDivergent];
  assert.equal(first?.name, 'Conv2D_7');
  assert.deepEqual(first?.weights, ['Conv2D_7/filter']);
  assert.ok(
    progress.some((m) => /^Running selfie/.test(m)),
    progress.join(' | '),
  );
  const detail = await pool.run(modelsLayerTask, { runId: 'r1', layer: 'Conv2D_7', tolerance: TOL }, { affinity: 'models' });
  assert.ok(detail?.heatmaps, 'a 4-D layer output gets heatmaps');
  assert.deepEqual([detail.heatmaps.height, detail.heatmaps.width, detail.heatmaps.channels], [32, 32, 24]);
  assert.ok(detail.heatmaps.maxAbs > 0);
  assert.equal(detail.report.verdict.pass, false);
  const missing = await pool.run(modelsLayerTask, { runId: 'no-such-run', layer: 'Conv2D_7', tolerance: TOL }, { affinity: 'models' });
  assert.equal(missing, undefined, 'a run the worker no longer holds gives undefined, not an error');
});

test('in a worker: aborting a comparison rejects at once with a cancellation', async () => {
  const ac = new AbortController();
  const run = pool.run(
    modelsCompareTask,
    { a: SELFIE, b: SELFIE, input: { kind: 'tensor', file: ASTRONAUT_INPUT }, tolerance: TOL, runId: 'r2' },
    { affinity: 'models', signal: ac.signal },
  );
  ac.abort();
  await assert.rejects(run, (err: Error) => /cancel/i.test(`${err.name} ${err.message}`));
});
