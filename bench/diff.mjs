// Bench: diffTensors on two 16M-element float32 tensors next to numpy computing the same metrics in the same run,
// and diagnose() on a 1×3×224×224 dump. Build first: npx tsc -p tsconfig.test.json
import { createRequire } from 'module';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileURLToPath } from 'url';

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

function findPython() {
  for (const py of ['/work/pyenv/bin/python', 'python3']) {
    const r = spawnSync(py, ['-c', 'import numpy'], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return undefined;
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
const py = findPython();
if (py) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-'));
  fs.writeFileSync(path.join(dir, 'a.npy'), encodeNpy(A));
  fs.writeFileSync(path.join(dir, 'b.npy'), encodeNpy(B));
  const r = spawnSync(py, [path.join(root, 'bench', 'diff_numpy.py'), path.join(dir, 'a.npy'), path.join(dir, 'b.npy'), '2'], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  if (r.status === 0) {
    const np = JSON.parse(r.stdout.trim().split('\n').pop());
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

// ---- diagnose: 1×3×224×224 ----
let diagnose;
try { ({ diagnose } = require(out('core/diagnose/diagnose.js'))); } catch { diagnose = undefined; }
if (diagnose) {
  const hw = 224 * 224;
  const ref = new Float32Array(hw * 3);
  const base = rand(hw * 3, 5);
  // a smooth image so resampling and layout hypotheses are meaningful
  for (let y = 0; y < 224; y++) for (let x = 0; x < 224; x++) for (let c = 0; c < 3; c++) {
    ref[(y * 224 + x) * 3 + c] = 0.5 + 0.4 * Math.sin((x + 7 * c) / 17) * Math.cos((y - 5 * c) / 23) + 0.02 * base[(y * 224 + x) * 3 + c];
  }
  // dump: BGR and NCHW (the C++ OpenCV classic)
  const dump = new Float32Array(hw * 3);
  for (let p = 0; p < hw; p++) for (let c = 0; c < 3; c++) dump[c * hw + p] = ref[p * 3 + (2 - c)];
  const D = { dtype: 'float32', shape: [1, 3, 224, 224], data: dump };
  const R = { dtype: 'float32', shape: [1, 224, 224, 3], data: ref };
  await diagnose(D, { tensor: R }, {});
  const t = [];
  let dg;
  for (let k = 0; k < 3; k++) {
    const t0 = process.hrtime.bigint();
    dg = await diagnose(D, { tensor: R }, {});
    t.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  console.log(`diagnose 1×3×224×224 (all tensor hypotheses + pairs): ${Math.min(...t).toFixed(3)} s (best of 3, target ≤ 1 s); ` +
    `top causes: ${dg.causes.slice(0, 3).map((c) => c.id).join(', ')}`);
} else {
  console.log('diagnose not built yet');
}
