// Bench: the demo model's TFLite conversions (float32, int8) run by Tensor Parity (LiteRT.js wasm under Node) next to
// the LiteRT Python interpreter (ai-edge-litert) on the same .tflite file and input, calls interleaved one-for-one in
// the same run so both see the same machine load. Also: one run that returns every intermediate tensor (what
// layer-by-layer comparison needs). Needs out/ (npx tsc -p tsconfig.test.json). Writes bench/results/tflite.json.
// TP_BENCH_RUNS sets the number of interleaved pairs (default 30).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython } from './python.mjs';
import { writeResult, median } from './results.mjs';
import { interleaved, loadAverage as load, startPythonServer } from './interleave.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.TP_BENCH_RUNS ?? 30);
const inputNpy = join(root, 'test/golden/model/astronaut.input.npy');
const { loadTfliteModel } = require(join(root, 'out/src/core/infer/tflite/index.js'));
const { parseNpy } = require(join(root, 'out/src/core/tensor/index.js'));
const input = parseNpy(new Uint8Array(readFileSync(inputNpy)), inputNpy);

/** The Python interpreter as a server: `run(k)` times k calls there. */
function startPy(py, model, threads) {
  const args = [join(root, 'bench/tflite_py.py'), model, inputNpy, ...(threads ? ['--threads', String(threads)] : [])];
  const server = startPythonServer(py, args, 'TFLite Python');
  return { ready: server.ready, run: (k = 1) => server.request(`${k}`), close: () => server.close() };
}

const py = findPython(['ai_edge_litert', 'numpy']);
if (!py) console.log('TFLite Python (ai-edge-litert): reference unavailable');
const rows = [];
for (const name of ['selfie_float32', 'selfie_int8']) {
  const file = join(root, `demo/models/selfie-tflite/${name}.tflite`);
  let ref, ref1;
  if (py) {
    try {
      ref = startPy(py, file);
      ref1 = startPy(py, file, 1);
      const [info] = await Promise.all([ref.ready, ref1.ready]);
      console.log(`${name}: TFLite Python ${info.litert_version}, threads ${info.threads} (${info.cpus_available} cores); load average ${load()}`);
    } catch (err) {
      console.error('TFLite Python reference failed:', err.message);
      ref?.close();
      ref1?.close();
      ref = ref1 = undefined;
    }
  }
  const t0 = performance.now();
  const model = await loadTfliteModel(file);
  const loadMs = performance.now() - t0;
  let last;
  const once = async () => {
    [last] = await model.run(input.data);
  };
  for (let i = 0; i < 3; i++) await once();
  const before = load();
  const { ms, refMs, ref1Ms, head } = await interleaved(RUNS, once, {
    ...(ref ? { ref: () => ref.run(1) } : {}),
    ...(ref1 ? { ref1: () => ref1.run(1) } : {}),
  });
  ref1?.close();
  if (head && head.some((v, i) => Math.abs(v - last.values[i]) > 1e-4))
    console.error(`${name}: output differs from TFLite Python's: ${[...last.values.slice(0, 4)]} vs ${head.slice(0, 4)}`);
  // The wasm target of the demo model (≤ 1.5× the Python reference) applies to the second model too.
  rows.push({
    name: `${name} one image, 256×256, on ${model.runtime}`,
    value: ms,
    unit: 'ms',
    reference: refMs,
    referenceName: 'TFLite Python (ai-edge-litert, default threads)',
    ratio: refMs ? ms / refMs : undefined,
    target: 1.5,
    loadavg: `${before} → ${load()}`,
  });
  if (ref1Ms)
    rows.push({
      name: `${name}: TFLite Python pinned to 1 thread (informational; LiteRT.js runs single-threaded here)`,
      value: ms,
      unit: 'ms',
      reference: ref1Ms,
      referenceName: 'TFLite Python, 1 thread',
      ratio: ms / ref1Ms,
    });
  console.log(
    `${name}: load ${loadMs.toFixed(0)} ms; run ${ms.toFixed(2)} ms median of ${RUNS}` +
      (refMs ? `; TFLite Python ${refMs.toFixed(2)} ms → ${(ms / refMs).toFixed(2)}×` : '') +
      (ref1Ms ? `; on 1 thread ${ref1Ms.toFixed(2)} ms → ${(ms / ref1Ms).toFixed(2)}×` : '') +
      `; load ${before} → ${load()}`,
  );
  // Eight images, one call each (the model's batch is 1), against eight calls in the Python interpreter.
  const before8 = load();
  const eight = async () => {
    for (let i = 0; i < 8; i++) [last] = await model.run(input.data);
  };
  const r8 = await interleaved(Math.max(5, Math.round(RUNS / 3)), eight, { ...(ref ? { ref: () => ref.run(8) } : {}) });
  ref?.close();
  rows.push({
    name: `${name} 8 images (one call each: the model's batch is 1) on ${model.runtime}`,
    value: r8.ms,
    unit: 'ms',
    reference: r8.refMs,
    referenceName: 'TFLite Python (ai-edge-litert, default threads)',
    ratio: r8.refMs ? r8.ms / r8.refMs : undefined,
    target: 1.5,
    loadavg: `${before8} → ${load()}`,
  });
  console.log(`${name}: 8 images ${r8.ms.toFixed(2)} ms` + (r8.refMs ? `; TFLite Python ${r8.refMs.toFixed(2)} ms → ${(r8.ms / r8.refMs).toFixed(2)}×` : ''));
  // Every intermediate tensor for one input (first call compiles the rewritten model; the figure is a warm call).
  await model.runWithIntermediates(input.data);
  const inter = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await model.runWithIntermediates(input.data);
    inter.push(performance.now() - s);
  }
  rows.push({
    name: `${name}: one run returning all ${model.operators().length} intermediate tensors`,
    value: median(inter),
    unit: 'ms',
    target: 2000,
    targetKind: 'absolute',
  });
  console.log(`${name}: all intermediates ${median(inter).toFixed(1)} ms (median of 5)`);
  model.dispose();
}
writeResult('tflite', 'TFLite inference (demo model → .tflite, 1×256×256×3)', rows);
