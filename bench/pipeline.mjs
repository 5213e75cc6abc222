// Bench: the whole JPEG → model-input tensor pipeline (decode, RGB, cv2 INTER_AREA / INTER_LINEAR to 256×256, scale,
// mean/std, NHWC float32) as preprocessImage runs it, next to the cv2 + numpy code a user would write, interleaved one
// run for one in the same process pair so both see the same load; medians. Also cv2 INTER_AREA alone on the decoded
// pixels. Needs out/ (npx tsc -p tsconfig.test.json). Writes bench/results/pipeline.json. TP_BENCH_RUNS (default 15).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPythonServer } from './interleave.mjs';
import { findPython } from './python.mjs';
import { median, writeResult } from './results.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => path.join(root, 'out/src', p);
const { preprocessImage } = require(out('core/preprocess/pipeline.js'));
const { decodeImage } = require(out('core/preprocess/decode.js'));
const { resizeKernel } = require(out('core/preprocess/kernels/index.js'));
const { parseSpec } = require(out('core/spec/parse.js'));
const sharp = require('sharp');
// libvips caches the results of recent operations: off, so every run decodes the JPEG as a first run would.
sharp.cache(false);
const RUNS = Number(process.env.TP_BENCH_RUNS ?? 15);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const MEAN = [0.485, 0.456, 0.406],
  STD = [0.229, 0.224, 0.225];

const dir = mkdtempSync(path.join(tmpdir(), 'tp-bench-pipeline-'));
const jpeg = path.join(dir, 'photo-1920x1080.jpg');
await sharp(path.join(root, 'demo/images/astronaut.png')).resize(1920, 1080, { fit: 'fill' }).jpeg({ quality: 90 }).toFile(jpeg);

const specFor = (method) =>
  parseSpec(
    JSON.stringify({
      model: { path: 'm.json', format: 'tfjs-graph' },
      input: {
        width: 256,
        height: 256,
        colorOrder: 'RGB',
        resize: { library: 'cv2', method, fit: 'stretch' },
        scale: 1 / 255,
        mean: MEAN,
        std: STD,
        layout: 'NHWC',
        applyExif: false,
      },
    }),
  ).spec;

const script = `
import sys, json, time
import numpy as np, cv2
f = sys.argv[1]
mean = np.array(${JSON.stringify(MEAN)}, np.float32); std = np.array(${JSON.stringify(STD)}, np.float32)
flags = {'area': cv2.INTER_AREA, 'linear': cv2.INTER_LINEAR}
def pipeline(m):
    img = cv2.cvtColor(cv2.imread(f, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    r = cv2.resize(img, (256, 256), interpolation=flags[m])
    return ((r.astype(np.float32) / 255.0 - mean) / std)[None]
decoded = cv2.cvtColor(cv2.imread(f, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
cases = {'pipeline area': lambda: pipeline('area'), 'pipeline linear': lambda: pipeline('linear'),
         'resize area': lambda: cv2.resize(decoded, (256, 256), interpolation=cv2.INTER_AREA)}
for c in cases.values(): c()
print('{}', flush=True)
for line in sys.stdin:
    c = cases[line.strip()]
    c0 = time.process_time(); t0 = time.perf_counter(); c(); ms = (time.perf_counter() - t0) * 1e3
    print(json.dumps({'ms': ms, 'cpu': (time.process_time() - c0) * 1e3}), flush=True)
`;
const py = findPython(['cv2', 'numpy']);
let server;
if (py) {
  const ref = startPythonServer(py, ['-c', script, jpeg], 'the cv2 pipeline reference');
  server = { run: (name) => ref.request(name), close: () => ref.close() };
  await ref.ready;
} else {
  console.log('reference unavailable: no Python with cv2 and numpy');
}

const decoded = await decodeImage(jpeg, { applyExif: false, maxPixels: 1e8 });
const ours = {
  'pipeline area': () => preprocessImage(jpeg, specFor('area').input, { maxPixels: 1e8 }),
  'pipeline linear': () => preprocessImage(jpeg, specFor('linear').input, { maxPixels: 1e8 }),
  'resize area': () => resizeKernel('cv2', 'area', decoded, 256, 256),
};
const labels = {
  'pipeline area': 'JPEG 1920×1080 → 1×256×256×3 float32 (cv2 INTER_AREA, mean/std)',
  'pipeline linear': 'JPEG 1920×1080 → 1×256×256×3 float32 (cv2 INTER_LINEAR, mean/std)',
  'resize area': 'cv2 INTER_AREA 1920×1080 RGB → 256×256 (resize only)',
};
const targets = { 'pipeline area': 1.2, 'pipeline linear': 1.2, 'resize area': 2 };
const rows = [];
try {
  for (const [name, fn] of Object.entries(ours)) {
    for (let i = 0; i < 3; i++) await fn();
    const js = [];
    const ref = [];
    const jsCpu = [];
    const refCpu = [];
    for (let k = 0; k < RUNS; k++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      js.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      jsCpu.push((c.user + c.system) / 1e3);
      if (server) {
        const r = await server.run(name);
        ref.push(r.ms);
        refCpu.push(r.cpu);
      }
    }
    const value = median(js);
    const reference = ref.length ? median(ref) : undefined;
    const ratio = reference === undefined ? undefined : value / reference;
    // CPU time (all threads of each process) is what a busy machine does not distort: printed next to the wall time.
    const cpu = median(jsCpu);
    const refCpuMs = refCpu.length ? median(refCpu) : undefined;
    const la = load();
    console.log(
      `${labels[name]}: ${value.toFixed(1)} ms` +
        (reference === undefined
          ? ''
          : `; OpenCV ${reference.toFixed(1)} ms → ${ratio.toFixed(2)}× ` + `(target ≤ ${targets[name]}×) ${ratio <= targets[name] ? 'met' : 'MISSED'}`) +
        (refCpuMs === undefined ? '' : `; CPU ${cpu.toFixed(1)} vs ${refCpuMs.toFixed(1)} ms → ${(cpu / refCpuMs).toFixed(2)}×`) +
        `; medians of ${RUNS} interleaved runs; load average ${la}`,
    );
    rows.push({
      name: labels[name],
      value,
      unit: 'ms',
      reference,
      referenceName: 'OpenCV',
      ratio,
      target: targets[name],
      loadavg: la,
      cpu,
      referenceCpu: refCpuMs,
    });
  }
} finally {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
}
writeResult('pipeline', 'Preprocessing', rows);
