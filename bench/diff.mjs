// Bench: diffTensors at 1M, 16M and 64M float32 values next to numpy computing the same metrics (bench/diff_numpy.py)
// in the same run, the two interleaved one-for-one so both see the same machine load; medians. Then diagnose() on a
// 1×3×224×224 dump. Needs out/ (npx tsc -p tsconfig.test.json). Writes bench/results/diff.json.
// TP_BENCH_DIFF_SIZES picks sizes in millions (default "1,16,64").
import { createRequire } from 'module';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { median, writeResult } from './results.mjs';
import { findPython } from './python.mjs';
import { startPythonServer } from './interleave.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => path.join(root, 'out', 'src', p);
if (!fs.existsSync(out('core/diff/diff.js'))) {
  console.error('bench/diff.mjs: out/ is missing; run `npx tsc -p tsconfig.test.json` first.');
  process.exit(2);
}
const { diffTensors } = require(out('core/diff/diff.js'));
const { diffTensorsParallel, closeHelperPool, worthSplitting } = require(out('core/diff/parallel.js'));
const { encodeNpy } = require(out('core/tensor/npy.js'));
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function rand(n, seed) {
  const o = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    o[i] = s / 4294967296;
  }
  return o;
}

/** numpy as a server on the two files: `run(k)` times k runs there and resolves to their times in ms. */
function startNumpy(py, fileA, fileB) {
  const server = startPythonServer(py, [path.join(root, 'bench', 'diff_numpy.py'), fileA, fileB], 'numpy');
  return { ready: server.ready, run: async (k = 1) => (await server.request(`${k}`)).ms, close: () => server.close() };
}

const py = findPython();
if (!py) console.log('numpy reference unavailable (no python with numpy found)');
const sizes = (process.env.TP_BENCH_DIFF_SIZES ?? '1,16,64').split(',').map(Number);
const rows = [];
for (const millions of sizes) {
  const shape = [millions, 512, 682, 3]; // 1,047,552 values per million: a batch of 512×682 RGB frames
  const n = shape.reduce((x, y) => x * y, 1);
  const b = rand(n, 1);
  const noise = rand(n, 2);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = b[i] + (noise[i] - 0.5) * 2e-3;
  const A = { dtype: 'float32', shape, data: a };
  const B = { dtype: 'float32', shape, data: b };
  const opts = { atol: 1e-4, rtol: 1e-3, mode: 'allclose', worstK: 10 };
  const report = diffTensors(A, B, opts); // warm-up
  await diffTensorsParallel(A, B, opts); // starts the helper worker
  const runs = millions >= 16 ? 3 : 9;
  const ours = [];
  const single = [];
  const ref = [];
  let np;
  let dir;
  if (py) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-'));
    fs.writeFileSync(path.join(dir, 'a.npy'), encodeNpy(A));
    fs.writeFileSync(path.join(dir, 'b.npy'), encodeNpy(B));
    np = startNumpy(py, path.join(dir, 'a.npy'), path.join(dir, 'b.npy'));
  }
  try {
    const info = np ? await np.ready : undefined;
    if (info) {
      // numpy works in float32 (a − b and the tolerance test rounded to float32), ours in float64 from the float32
      // inputs: values agree to float32 precision, and a few pairs right at the tolerance boundary can count differently.
      const close = (x, y) => Math.abs(x - y) <= Math.abs(y) * 2e-7;
      const failDelta = Math.abs(info.failAllclose - report.verdict.failures);
      const agree =
        close(info.absMax, report.abs.max.value) &&
        close(info.absMedian, report.abs.median.value) &&
        close(info.absP99, report.abs.p99.value) &&
        failDelta <= Math.max(2, n * 1e-6);
      console.log(
        `${(n / 1e6).toFixed(1)}M: numbers agree with numpy to float32 precision: ${agree ? 'yes' : 'NO'} ` +
          `(max ${report.abs.max.value} vs ${info.absMax}, median ${report.abs.median.value} vs ${info.absMedian}, ` +
          `p99 ${report.abs.p99.value} vs ${info.absP99}, failures ${report.verdict.failures} vs ${info.failAllclose})`,
      );
    }
    for (let k = 0; k < runs; k++) {
      let t0 = process.hrtime.bigint();
      await diffTensorsParallel(A, B, opts); // splits only with a core to spare (worthSplitting)
      ours.push(Number(process.hrtime.bigint() - t0) / 1e6);
      t0 = process.hrtime.bigint();
      diffTensors(A, B, opts);
      single.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (np) ref.push(...(await np.run(1)));
    }
  } catch (err) {
    console.log(`numpy reference failed: ${err.message}`);
  } finally {
    np?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
  const value = median(ours);
  const reference = ref.length ? median(ref) : undefined;
  const la = load();
  const one = median(single);
  console.log(
    `diff ${shape.join('×')} float32 (${(n / 1e6).toFixed(1)}M), all metrics: ${value.toFixed(0)} ms ` +
      `(${worthSplitting(n) ? 'split over 2 threads' : 'one thread: no core to spare'}; one thread ${one.toFixed(0)} ms)` +
      (reference === undefined ? '' : `; numpy same metrics ${reference.toFixed(0)} ms → ${(value / reference).toFixed(2)}× (target ≤ 1×)`) +
      `; medians of ${runs} interleaved runs; load average ${la}`,
  );
  rows.push({
    name: `diff ${(n / 1e6).toFixed(1)}M float32, all metrics`,
    value,
    unit: 'ms',
    reference,
    referenceName: 'numpy',
    ratio: reference === undefined ? undefined : value / reference,
    target: 1,
    loadavg: la,
  });
  rows.push({
    name: `diff ${(n / 1e6).toFixed(1)}M float32, all metrics, one thread (informational)`,
    value: one,
    unit: 'ms',
    reference,
    referenceName: 'numpy',
    ratio: reference === undefined ? undefined : one / reference,
    loadavg: la,
  });
}
await closeHelperPool();

// ---- diagnose: 1×3×224×224 ----
let diagnose;
try {
  ({ diagnose } = require(out('core/diagnose/diagnose.js')));
} catch {
  diagnose = undefined;
}
if (diagnose) {
  const { parseSpec } = require(out('core/spec/parse.js'));
  const { preprocessImage } = require(out('core/preprocess/pipeline.js'));
  const specText = (over) =>
    JSON.stringify({
      model: { path: 'm.json', format: 'tfjs-graph' },
      input: {
        width: 224,
        height: 224,
        colorOrder: 'RGB',
        resize: { library: 'tf', method: 'bilinear', fit: 'stretch' },
        scale: 1 / 255,
        layout: 'NHWC',
        ...over,
      },
    });
  const spec = parseSpec(specText({})).spec;
  const buggy = parseSpec(specText({ colorOrder: 'BGR', layout: 'NCHW' })).spec;
  const image = path.join(root, 'demo', 'images', 'astronaut.png');
  const R = (await preprocessImage(image, spec.input, spec.limits)).tensor;
  const D = (await preprocessImage(image, buggy.input, buggy.limits)).tensor; // cv::imread BGR + planar fill
  const time = async (label, ref) => {
    await diagnose(D, ref, {});
    const t = [];
    let dg;
    for (let k = 0; k < 3; k++) {
      const t0 = process.hrtime.bigint();
      dg = await diagnose(D, ref, {});
      t.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    const la = load();
    rows.push({
      name: `diagnose 1×3×224×224, ${label.split(' (')[0]}`,
      value: median(t) * 1000,
      unit: 'ms',
      target: 1000,
      targetKind: 'absolute',
      loadavg: la,
    });
    console.log(
      `diagnose 1×3×224×224 BGR+NCHW dump, ${label}: ${median(t).toFixed(3)} s (median of 3, target ≤ 1 s); ` +
        `top causes: ${dg.causes
          .slice(0, 3)
          .map((c) => c.id)
          .join(', ')}; ${dg.tested.length} configurations tested; load average ${la}`,
    );
  };
  await time('reference tensor only (tensor hypotheses + pairs)', { tensor: R });
  await time('reference tensor + 512×512 image + spec (adds 21 resize kernels, EXIF, alpha, w/h)', { tensor: R, image, spec });
} else {
  console.log('diagnose not built yet');
}
writeResult('diff', 'Diff and diagnose', rows);
