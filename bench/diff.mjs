// Bench: diffTensors on two 16M-element float32 tensors next to numpy computing the same metrics in the same run,
// and diagnose() on a 1×3×224×224 dump. Build first: npx tsc -p tsconfig.test.json
import { createRequire } from 'module';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { writeResult } from './results.mjs';
import { findPython } from './python.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => path.join(root, 'out', 'src', p);
if (!fs.existsSync(out('core/diff/diff.js'))) {
  console.error('bench/diff.mjs: out/ is missing; run `npx tsc -p tsconfig.test.json` first.');
  process.exit(2);
}
const { diffTensors } = require(out('core/diff/diff.js'));
const { encodeNpy } = require(out('core/tensor/npy.js'));

function rand(n, seed) {
  const o = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; o[i] = s / 4294967296; }
  return o;
}


// ---- diff: 16M float32 ----
const shape = [16, 512, 682, 3]; // 16,760,832 elements
const n = shape.reduce((x, y) => x * y, 1);
const b = rand(n, 1);
const noise = rand(n, 2);
const a = new Float32Array(n);
for (let i = 0; i < n; i++) a[i] = b[i] + (noise[i] - 0.5) * 2e-3;
const A = { dtype: 'float32', shape, data: a };
const B = { dtype: 'float32', shape, data: b };
const opts = { atol: 1e-4, rtol: 1e-3, mode: 'allclose', worstK: 10 };
diffTensors(A, B, opts); // warm-up
const times = [];
let report;
for (let k = 0; k < 3; k++) {
  const t0 = process.hrtime.bigint();
  report = diffTensors(A, B, opts);
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
const js = Math.min(...times);
console.log(`diff 16M float32 (${shape.join('×')}), all metrics: ${js.toFixed(3)} s (best of 3)`);
const rows = [];
const py = findPython();
let npSeconds;
if (py) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-'));
  fs.writeFileSync(path.join(dir, 'a.npy'), encodeNpy(A));
  fs.writeFileSync(path.join(dir, 'b.npy'), encodeNpy(B));
  const r = spawnSync(py, [path.join(root, 'bench', 'diff_numpy.py'), path.join(dir, 'a.npy'), path.join(dir, 'b.npy'), '2'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status === 0) {
    const np = JSON.parse(r.stdout.trim().split('\n').pop());
    npSeconds = np.seconds;
    console.log(`numpy same metrics: ${np.seconds.toFixed(3)} s (best of 2)  →  ratio JS/numpy ${(js / np.seconds).toFixed(2)}× (target ≤ 1×)`);
    const agree = Math.abs(np.absMax - report.abs.max.value) < 1e-12 && Math.abs(np.absMedian - report.abs.median.value) <= np.absMedian * 1e-7 &&
      Math.abs(np.absP99 - report.abs.p99.value) <= np.absP99 * 1e-7 && np.failAllclose === report.verdict.failures;
    console.log(`numbers agree with numpy (max, median, p99, failures): ${agree ? 'yes' : 'NO'}`);
  } else {
    console.log(`numpy reference failed: ${r.stderr.trim().split('\n').pop()}`);
  }
} else {
  console.log('numpy reference unavailable (no python with numpy found)');
}

rows.push({ name: 'diff 16.7M float32, all metrics', value: js * 1000, unit: 'ms', reference: npSeconds === undefined ? undefined : npSeconds * 1000, referenceName: 'numpy', ratio: npSeconds === undefined ? undefined : js / npSeconds, target: 1 });

// ---- diagnose: 1×3×224×224 ----
let diagnose;
try { ({ diagnose } = require(out('core/diagnose/diagnose.js'))); } catch { diagnose = undefined; }
if (diagnose) {
  const { parseSpec } = require(out('core/spec/parse.js'));
  const { preprocessImage } = require(out('core/preprocess/pipeline.js'));
  const specText = (over) => JSON.stringify({
    model: { path: 'm.json', format: 'tfjs-graph' },
    input: { width: 224, height: 224, colorOrder: 'RGB', resize: { library: 'tf', method: 'bilinear', fit: 'stretch' }, scale: 1 / 255, layout: 'NHWC', ...over },
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
    rows.push({ name: `diagnose 1×3×224×224, ${label.split(' (')[0]}`, value: Math.min(...t) * 1000, unit: 'ms', target: 1000, targetKind: 'absolute' });
    console.log(`diagnose 1×3×224×224 BGR+NCHW dump, ${label}: ${Math.min(...t).toFixed(3)} s (best of 3, target ≤ 1 s); ` +
      `top causes: ${dg.causes.slice(0, 3).map((c) => c.id).join(', ')}; ${dg.tested.length} configurations tested`);
  };
  await time('reference tensor only (tensor hypotheses + pairs)', { tensor: R });
  await time('reference tensor + 512×512 image + spec (adds 21 resize kernels, EXIF, alpha, w/h)', { tensor: R, image, spec });
} else {
  console.log('diagnose not built yet');
}
writeResult('diff', 'Diff and diagnose', rows);
