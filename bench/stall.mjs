// Bench: the extension host's longest event-loop stall while inference, a diff (with heatmaps) and a diagnosis run,
// on the shared worker pool (as the extension runs them) next to the same work run on the host thread in the same run.
// A 1 ms timer measures the stall: the largest gap between its ticks, minus 1 ms. Medians of TP_BENCH_RUNS (default 5).
// Needs out/ (npx tsc -p tsconfig.test.json). Writes bench/results/stall.json.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, writeResult } from './results.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => join(root, 'out/src', p);
const RUNS = Number(process.env.TP_BENCH_RUNS ?? 5);
const { WorkerPool } = require(out('core/worker/index.js'));
const { inferTask, compareFilesTask, diagnoseTask } = require(out('core/worker/tasks.js'));
const { runInference } = require(out('core/infer/engine.js'));
const { compareFiles } = require(out('core/diff/compare-files.js'));
const { diagnose } = require(out('core/diagnose/diagnose.js'));
const { loadSpecFile } = require(out('core/spec/index.js'));
const { encodeNpy } = require(out('core/tensor/npy.js'));
const { preprocessImage } = require(out('core/preprocess/pipeline.js'));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Runs fn while a 1 ms timer ticks; resolves to the longest stall in ms (largest gap between ticks minus 1 ms). */
async function stallDuring(fn) {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 1);
    last = now;
  }, 1);
  try {
    await new Promise((r) => setTimeout(r, 5));
    last = performance.now();
    worst = 0;
    await fn();
    await new Promise((r) => setTimeout(r, 5)); // the tick right after the work counts
  } finally {
    clearInterval(timer);
  }
  return Math.max(0, worst);
}

const DEMO = join(root, 'demo');
const { spec } = await loadSpecFile(join(DEMO, 'tensorparity.json'));
const image = join(DEMO, 'images/astronaut.png');
const tmp = mkdtempSync(join(tmpdir(), 'tp-stall-'));
const shape = [4, 512, 512, 3]; // 3.1M float32 values, a batch of camera frames
const n = shape.reduce((x, y) => x * y, 1);
const b = new Float32Array(n);
const a = new Float32Array(n);
let s = 1;
for (let i = 0; i < n; i++) {
  s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  b[i] = s / 4294967296;
  a[i] = b[i] + (i % 7 === 0 ? 1e-3 : 0);
}
writeFileSync(join(tmp, 'a.npy'), encodeNpy({ dtype: 'float32', shape, data: a }));
writeFileSync(join(tmp, 'b.npy'), encodeNpy({ dtype: 'float32', shape, data: b }));
const cmp = { origin: 'files', a: join(tmp, 'a.npy'), b: join(tmp, 'b.npy'), tolerance: { atol: 1e-4, rtol: 1e-3, mode: 'allclose' } };
const buggyInput = { ...spec.input, colorOrder: 'BGR' };
const dump = (await preprocessImage(image, buggyInput, spec.limits)).tensor;
const ref = (await preprocessImage(image, spec.input, spec.limits)).tensor;
const inferReq = { spec, workspaceRoot: DEMO, input: { kind: 'image', file: image }, backend: 'wasm' };

const pool = new WorkerPool({ script: out('core/worker/worker-main.js') });
const cases = [
  ['inference (demo model, wasm, one image)', () => pool.run(inferTask, inferReq, { affinity: spec.model.path }), () => runInference(inferReq)],
  [`diff ${shape.join('×')} float32 files with heatmaps`, () => pool.run(compareFilesTask, cmp), () => compareFiles(cmp)],
  [
    'diagnosis (1×256×256×3 BGR dump, reference image + spec)',
    () => pool.run(diagnoseTask, { dump, ref: { tensor: ref, image, spec }, opts: {} }),
    () => diagnose(dump, { tensor: ref, image, spec }, {}),
  ],
];
const rows = [];
try {
  for (const [name, inWorker, onHost] of cases) {
    await inWorker();
    await onHost(); // warm: models loaded, code compiled, on both sides
    const w = [];
    const h = [];
    const idle = [];
    for (let k = 0; k < RUNS; k++) {
      const t0 = performance.now();
      w.push(await stallDuring(inWorker));
      const took = performance.now() - t0;
      h.push(await stallDuring(onHost));
      // Control: the same timer while the host only waits, as long as the worker took (the machine's own scheduling).
      idle.push(await stallDuring(() => new Promise((r) => setTimeout(r, took))));
    }
    const value = median(w);
    const reference = median(h);
    const la = load();
    console.log(
      `${name}: longest host stall ${value.toFixed(1)} ms in a worker vs ${reference.toFixed(1)} ms on the host thread ` +
        `(median of ${RUNS}; target ≤ 50 ms) ${value <= 50 ? 'met' : 'MISSED'}; ` +
        `idle host over the same time: ${median(idle).toFixed(1)} ms; load average ${la}`,
    );
    rows.push({
      name: `longest host stall, ${name}`,
      value,
      unit: 'ms',
      reference,
      referenceName: 'on the host thread',
      ratio: value / reference,
      target: 50,
      targetKind: 'absolute',
      loadavg: la,
      idleStall: median(idle),
    });
  }
} finally {
  await pool.close();
  rmSync(tmp, { recursive: true, force: true });
}
writeResult('stall', 'Extension host responsiveness', rows);
