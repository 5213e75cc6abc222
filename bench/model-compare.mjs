// Bench: layer-by-layer comparison of the demo model with a copy whose Conv2D_7 kernel is scaled (all 224 layers,
// weights and architecture too), next to the Python a user would write (tfjs-graph-converter + dump_activations +
// numpy) in the same run; and the demo's one-click comparison (the int8 .tflite on LiteRT.js against the TensorFlow.js
// model, every operator output lined up). Target: ≤ 2 s per comparison. Needs out/ (npx tsc -p tsconfig.test.json).
// Writes bench/results/model-compare.json. TP_BENCH_RUNS sets the number of runs (default 5).
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython } from './python.mjs';
import { writeResult, median } from './results.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.TP_BENCH_RUNS ?? 5);
const { compareModels } = require(join(root, 'out/src/core/model-compare/index.js'));
const { selfieWithChangedWeight, SELFIE, ASTRONAUT_INPUT } = require(join(root, 'out/test/unit/model-compare-helpers.js'));

const changed = selfieWithChangedWeight('Conv2D_7/filter', 1.25);
const req = {
  a: changed,
  b: SELFIE,
  input: { kind: 'tensor', file: ASTRONAUT_INPUT },
  tolerance: { atol: 1e-4, rtol: 1e-3, mode: 'allclose' },
};
let report = await compareModels(req); // warm-up: loads TensorFlow.js
const ms = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  report = await compareModels(req);
  ms.push(performance.now() - t0);
}
const ours = median(ms);
const first = report.layers.layers[report.layers.firstDivergent]?.name;
console.log(`compare-models (${report.backend}): ${ours.toFixed(0)} ms median of ${RUNS}; ${report.layers.layers.length} layers, first divergent ${first}`);

// The demo's one click: the int8 .tflite (LiteRT.js, every operator output) against the TensorFlow.js model.
const tfliteReq = { ...req, a: join(root, 'demo/models/selfie-tflite/selfie_int8.tflite') };
let tfliteReport = await compareModels(tfliteReq); // warm-up: loads LiteRT.js
const tfliteMs = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  tfliteReport = await compareModels(tfliteReq);
  tfliteMs.push(performance.now() - t0);
}
const tfliteOurs = median(tfliteMs);
console.log(
  `compare-models selfie_int8.tflite vs selfie.json: ${tfliteOurs.toFixed(0)} ms median of ${RUNS}; ${tfliteReport.layers.layers.length} layers, cause ${tfliteReport.cause.kind}`,
);

let ref;
const py = findPython(['tensorflow']);
if (py) {
  const r = spawnSync(py, [join(root, 'bench/model_compare_tf.py'), changed, SELFIE, ASTRONAUT_INPUT, String(RUNS)], { encoding: 'utf8' });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  if (line) {
    const out = JSON.parse(line);
    ref = median(out.ms);
    console.log(`Python (tfjs-graph-converter + dump_activations + numpy): ${ref.toFixed(0)} ms median; first divergent ${out.first}`);
    if (out.first !== first) console.error(`first divergent layer differs: ours ${first}, Python ${out.first}`);
  } else console.error(`Python reference failed: ${r.stderr.slice(-800)}`);
} else console.log('Python reference unavailable');

writeResult('model-compare', 'Layer-by-layer model comparison (demo model vs a copy with one changed conv, 224 layers)', [
  {
    name: `compare-models on ${report.backend} (outputs, weights, architecture, every layer)`,
    value: ours,
    unit: 'ms',
    reference: ref,
    referenceName: 'Python + numpy',
    ratio: ref ? ours / ref : undefined,
    target: 2000,
    targetKind: 'absolute',
  },
  {
    name: `the demo's one click: selfie_int8.tflite (LiteRT.js) vs selfie.json (${report.backend}), ${tfliteReport.layers.layers.length} layers lined up`,
    value: tfliteOurs,
    unit: 'ms',
    target: 2000,
    targetKind: 'absolute',
  },
]);
