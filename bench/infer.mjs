// Bench: demo model inference on each available backend, next to TF Python on the same input in the same run.
// The machine is shared, so TF Python runs as a server and its calls are interleaved one-for-one with ours: both sides
// see the same load, and the ratio is taken over the same window. Needs out/ (npx tsc -p tsconfig.test.json).
// Writes bench/results/infer.json. TP_BENCH_RUNS sets the number of interleaved pairs (default 30).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython } from './python.mjs';
import { writeResult } from './results.mjs';
import { interleaved, loadAverage as load, startPythonServer } from './interleave.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.TP_BENCH_RUNS ?? 30);
const modelJson = join(root, 'demo/models/selfie/selfie.json');
const inputNpy = join(root, 'test/golden/model/astronaut.input.npy');
const { loadTensorflow, getModel, clearModelCache } = require(join(root, 'out/src/core/infer/index.js'));
const { loadModel } = require(join(root, 'out/src/core/infer/model-load.js'));
const { parseNpy } = require(join(root, 'out/src/core/tensor/index.js'));

const input = parseNpy(new Uint8Array(readFileSync(inputNpy)), inputNpy);
const spec = { path: modelJson, format: 'tfjs-graph', inputName: 'input_1', outputName: 'activation_10' };

/** TF Python as a server: `run(k, batch)` times k calls there and resolves to their times in ms. */
function startTf(py, threads) {
  const args = [join(root, 'bench/infer_tf.py'), modelJson, inputNpy, '0', '--serve', ...(threads ? ['--threads', String(threads)] : [])];
  const server = startPythonServer(py, args, 'TF Python');
  return { ready: server.ready, run: (k = 1, batch = 1) => server.request(`${k} ${batch}`), close: () => server.close() };
}

const py = findPython(['tensorflow']);
let tf, tf1, info;
if (py) {
  try {
    tf = startTf(py);
    tf1 = startTf(py, 1);
    [info] = await Promise.all([tf.ready, tf1.ready]);
    console.log(
      `TF Python ${info.tf_version}: intra-op threads ${info.intra_op_threads || `default (${info.cpus_available} cores)`}, ` +
        `inter-op ${info.inter_op_threads || 'default'}, oneDNN ${info.onednn ?? 'unknown'}; load average ${load()}`,
    );
  } catch (err) {
    console.error('TF Python reference failed:', err.message);
    tf?.close();
    tf1?.close();
    tf = tf1 = undefined;
  }
}
if (!tf) console.log('TF Python (SavedModel, same weights): reference unavailable');

/** Runs `ours` and each TF server once per round, alternately, and returns every side's median. */
async function interleavedWithTf(rounds, ours, batch) {
  // The demo model's input is fixed at batch 1: a batch of 8 images is 8 calls on both sides.
  const r = await interleaved(rounds, ours, {
    ...(tf ? { ref: () => tf.run(batch, 1) } : {}),
    ...(tf1 && batch === 1 ? { ref1: () => tf1.run(1) } : {}),
  });
  return { ms: r.ms, tfMs: r.refMs, tf1Ms: r.ref1Ms, head: r.head };
}

const rows = [];
const row = (name, ms, ref, target, extra = {}) => {
  const ratio = ref ? ms / ref : undefined;
  rows.push({ name, value: ms, unit: 'ms', reference: ref, referenceName: 'TF Python', ratio, target, ...extra });
  return ratio;
};
for (const prefer of ['tensorflow', 'wasm', 'cpu']) {
  const rt = await loadTensorflow({ prefer });
  if (rt.backend !== prefer) {
    console.log(`${prefer}: not available (${rt.detail || 'fell back to ' + rt.backend})`);
    continue;
  }
  await clearModelCache();
  const variants = [['', await getModel(rt, modelJson, spec)]];
  if (prefer === 'wasm') variants.push([', graph as converted (no fusion)', await loadModel(rt, modelJson, spec, { optimizeGraph: false })]);
  // tfjs-node runs the graph as one TensorFlow session; the op-by-op run (one eager call per op) is shown beside it.
  if (prefer === 'tensorflow') variants.push([', op by op (informational)', await loadModel(rt, modelJson, spec, { session: false })]);
  console.log(`${prefer}: runs on ${variants[0][1].runtime ?? `TensorFlow.js (${prefer})`}`);
  for (const batch of [1, 8]) {
    const x = rt.tf.tensor(input.data, input.shape, 'float32');
    for (const [label, model] of batch === 1 ? variants : variants.slice(0, 1)) {
      let last;
      const once = async () => {
        for (let k = 0; k < batch; k++) {
          const y = await model.predict(x, 'input_1', 'activation_10');
          last = await y.data();
          y.dispose();
        }
      };
      for (let i = 0; i < 3; i++) await once();
      const before = load();
      const rounds = prefer === 'cpu' ? Math.min(RUNS, batch === 1 ? 5 : 2) : batch === 1 ? RUNS : Math.max(5, RUNS >> 2);
      const r = await interleavedWithTf(rounds, once, batch);
      const target = label ? undefined : prefer === 'wasm' ? 1.5 : prefer === 'tensorflow' ? 1.2 : undefined;
      const name = `selfie ${batch === 1 ? 'one image' : `${batch} images (one call each: the model's batch is 1)`} on ${prefer === 'tensorflow' ? 'tfjs-node' : prefer}${label}`;
      const ratio = row(name, r.ms, r.tfMs, target, { loadavg: `${before} → ${load()}` });
      if (r.head && r.head.some((v, i) => Math.abs(v - last[i]) > 1e-3))
        console.error(`${name}: output differs from TF Python's: ${[...last.slice(0, 4)]} vs ${r.head.slice(0, 4)}`);
      console.log(
        `${name}: ${r.ms.toFixed(2)} ms median of ${rounds}` +
          (r.tfMs ? `; TF Python ${r.tfMs.toFixed(2)} ms interleaved → ${ratio.toFixed(2)}×${target ? ` (target ≤ ${target}×)` : ''}` : '') +
          (r.tf1Ms ? `; TF Python on 1 thread ${r.tf1Ms.toFixed(2)} ms → ${(r.ms / r.tf1Ms).toFixed(2)}×` : '') +
          `; load ${before} → ${load()}`,
      );
      if (prefer === 'wasm' && !label && batch === 1 && r.tf1Ms) {
        row('TF Python itself pinned to 1 thread (informational: the reference above uses all cores)', r.tf1Ms, r.tfMs, undefined);
      }
    }
    x.dispose();
  }
}
tf?.close();
tf1?.close();
writeResult('infer', 'Demo model inference (MediaPipe selfie, 1×256×256×3)', rows);
