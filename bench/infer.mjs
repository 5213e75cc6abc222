// Bench: demo model inference on each available backend, next to TF Python on the same input in the same run.
// Needs out/ (npx tsc -p tsconfig.test.json). Writes bench/results/infer.json.
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython } from './python.mjs';
import { writeResult, median } from './results.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.TP_BENCH_RUNS ?? 30);
const modelJson = join(root, 'demo/models/selfie/selfie.json');
const inputNpy = join(root, 'test/golden/model/astronaut.input.npy');
const { loadTensorflow, getModel, clearModelCache } = require(join(root, 'out/src/core/infer/index.js'));
const { parseNpy } = require(join(root, 'out/src/core/tensor/index.js'));

const input = parseNpy(new Uint8Array(readFileSync(inputNpy)), inputNpy);
const rows = [];
const spec = { path: modelJson, format: 'tfjs-graph', inputName: 'input_1', outputName: 'activation_10' };

let tfMs;
const py = findPython(['tensorflow']);
if (py) {
  const r = spawnSync(py, [join(root, 'bench/infer_tf.py'), modelJson, inputNpy, String(RUNS)], { encoding: 'utf8' });
  if (r.status === 0) tfMs = JSON.parse(r.stdout.trim().split('\n').pop()).ms_median;
  else console.error('TF Python reference failed:', r.stderr.slice(-500));
}
console.log(`TF Python (SavedModel, same weights): ${tfMs === undefined ? 'reference unavailable' : tfMs.toFixed(2) + ' ms'}`);

for (const prefer of ['tensorflow', 'wasm', 'cpu']) {
  const rt = await loadTensorflow({ prefer });
  if (rt.backend !== prefer) { console.log(`${prefer}: not available (${rt.detail || 'fell back to ' + rt.backend})`); continue; }
  await clearModelCache();
  const model = await getModel(rt, modelJson, spec);
  const x = rt.tf.tensor(input.data, input.shape, 'float32');
  const runs = prefer === 'cpu' ? Math.min(RUNS, 5) : RUNS;
  const once = async () => { const y = await model.predict(x, 'input_1', 'activation_10'); await y.data(); y.dispose(); };
  for (let i = 0; i < 3; i++) await once();
  const times = [];
  for (let i = 0; i < runs; i++) { const t0 = performance.now(); await once(); times.push(performance.now() - t0); }
  x.dispose();
  const ms = median(times);
  const ratio = tfMs ? ms / tfMs : undefined;
  const target = prefer === 'wasm' ? 1.5 : undefined;
  rows.push({ name: `selfie 256×256 on ${prefer}`, value: ms, unit: 'ms', reference: tfMs, referenceName: 'TF Python', ratio, target });
  console.log(`${prefer}: ${ms.toFixed(2)} ms median of ${runs}${ratio ? `, ${ratio.toFixed(2)}× TF Python` : ''}${target ? ` (target ≤ ${target}×)` : ''}`);
}
writeResult('infer', 'Demo model inference (MediaPipe selfie, 1×256×256×3)', rows);
