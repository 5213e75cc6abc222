// Bench: a decoded 1920×1080 RGB image → 256×256 float32 normalised tensor with each resize semantics, next to
// Python OpenCV (and Pillow) doing the same work in the same run. Build first: npx tsc -p tsconfig.test.json
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPython } from './python.mjs';
import { photoLikeImage } from './photo.mjs';
import { writeResult } from './results.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kernelsJs = path.join(root, 'out', 'src', 'core', 'preprocess', 'kernels', 'index.js');
if (!existsSync(kernelsJs)) {
  console.error('bench/resize.mjs: out/ is missing; run `npx tsc -p tsconfig.test.json` first.');
  process.exit(2);
}
const { resizeKernel, resizeWithSharp } = require(kernelsJs);

const W = 1920,
  H = 1080,
  OW = 256,
  OH = 256,
  RUNS = Number(process.env.TP_BENCH_RUNS ?? 25);
const MEAN = [0.485, 0.456, 0.406],
  STD = [0.229, 0.224, 0.225];

const img = photoLikeImage(W, H);

/** (pixel / 255 - mean[c]) / std[c], NHWC: a lookup table per channel for uint8, arithmetic for float. */
const lut = [0, 1, 2].map((c) => Float32Array.from({ length: 256 }, (_, v) => (v / 255 - MEAN[c]) / STD[c]));
function normalise(out) {
  const t = new Float32Array(OW * OH * 3);
  const d = out.data;
  if (d instanceof Uint8Array) {
    const l0 = lut[0],
      l1 = lut[1],
      l2 = lut[2];
    for (let i = 0; i < t.length; i += 3) {
      t[i] = l0[d[i]];
      t[i + 1] = l1[d[i + 1]];
      t[i + 2] = l2[d[i + 2]];
    }
  } else {
    for (let i = 0; i < t.length; i += 3) {
      t[i] = (d[i] / 255 - MEAN[0]) / STD[0];
      t[i + 1] = (d[i + 1] / 255 - MEAN[1]) / STD[1];
      t[i + 2] = (d[i + 2] / 255 - MEAN[2]) / STD[2];
    }
  }
  return t;
}

const cases = [
  ['cv2', 'linear'],
  ['cv2', 'area'],
  ['cv2', 'nearest'],
  ['cv2', 'nearest-exact'],
  ['cv2', 'linear-exact'],
  ['cv2', 'cubic'],
  ['cv2', 'lanczos4'],
  ['pil', 'bilinear'],
  ['pil', 'bicubic'],
  ['pil', 'lanczos'],
  ['tf', 'bilinear'],
  ['tf', 'area'],
  ['tf', 'bicubic'],
  ['tf', 'bilinear', { antialias: true }],
  ['tf', 'lanczos3', { antialias: true }],
  ['tfjs', 'bilinear'],
  ['tfjs', 'nearest'],
  ['sharp', 'lanczos3'],
  ['sharp', 'linear'],
];

const label = (lib, m, o) => `${lib} ${m}${o?.antialias ? ' antialias' : ''}`;
const js = {};
for (const [lib, m, o] of cases) {
  const once = lib === 'sharp' ? async () => normalise(await resizeWithSharp(img, OW, OH, m)) : async () => normalise(resizeKernel(lib, m, img, OW, OH, o));
  const runs = lib === 'cv2' && ['linear', 'area', 'nearest'].includes(m) ? RUNS : Math.max(5, RUNS >> 2);
  for (let i = 0; i < 3; i++) await once();
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await once();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  js[label(lib, m, o)] = Math.min(...ts);
}

// Reference: OpenCV (default threads, as users run it) and Pillow doing resize + the same normalisation.
let ref = {};
const py = (() => {
  for (const mods of [['cv2', 'numpy', 'PIL']]) {
    const p = findPython(mods);
    if (p) return p;
  }
  return undefined;
})();
if (py) {
  const dir = mkdtempSync(path.join(tmpdir(), 'tp-bench-resize-'));
  const raw = path.join(dir, 'img.raw');
  writeFileSync(raw, img.data);
  const script = `
import sys, json, time
import numpy as np, cv2
from PIL import Image
img = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(${H}, ${W}, 3)
mean = np.array(${JSON.stringify(MEAN)}, np.float32); std = np.array(${JSON.stringify(STD)}, np.float32)
runs = int(sys.argv[2])
def best(f, n):
    for _ in range(3): f()
    ts = []
    for _ in range(n):
        t0 = time.perf_counter(); f(); ts.append((time.perf_counter() - t0) * 1e3)
    return min(ts)
norm = lambda r: (r.astype(np.float32) / 255.0 - mean) / std
out = {}
flags = {'linear': cv2.INTER_LINEAR, 'area': cv2.INTER_AREA, 'nearest': cv2.INTER_NEAREST, 'nearest-exact': cv2.INTER_NEAREST_EXACT,
         'linear-exact': cv2.INTER_LINEAR_EXACT, 'cubic': cv2.INTER_CUBIC, 'lanczos4': cv2.INTER_LANCZOS4}
for name, fl in flags.items():
    out['cv2 ' + name] = best(lambda: norm(cv2.resize(img, (${OW}, ${OH}), interpolation=fl)), runs)
cv2.setNumThreads(1)
for name in ('linear', 'area', 'nearest'):
    out['1thread cv2 ' + name] = best(lambda: norm(cv2.resize(img, (${OW}, ${OH}), interpolation=flags[name])), runs)
pim = Image.fromarray(img)
for name, fl in (('bilinear', Image.Resampling.BILINEAR), ('bicubic', Image.Resampling.BICUBIC), ('lanczos', Image.Resampling.LANCZOS)):
    out['pil ' + name] = best(lambda: norm(np.asarray(pim.resize((${OW}, ${OH}), fl))), max(5, runs // 4))
print(json.dumps(out))
`;
  const r = spawnSync(py, ['-c', script, raw, String(RUNS)], { encoding: 'utf8' });
  if (r.status === 0) ref = JSON.parse(r.stdout.trim().split('\n').pop());
  else console.error(`reference unavailable: ${py} failed: ${r.stderr.slice(-400)}`);
} else {
  console.log('reference unavailable: no Python with cv2, numpy and PIL (set TP_PYTHON or run scripts/setup-python.sh)');
}

const rows = [];
console.log(`1920×1080 RGB uint8 → 256×256 float32 normalised (min of runs, ms; OpenCV with its default threads)`);
for (const [name, ms] of Object.entries(js)) {
  const refMs = ref[name];
  const targeted = ['cv2 linear', 'cv2 area', 'cv2 nearest'].includes(name);
  const ratio = refMs ? ms / refMs : undefined;
  const one = ref[`1thread ${name}`];
  console.log(
    `${name.padEnd(26)} ${ms.toFixed(2).padStart(8)} ms` +
      (refMs
        ? `   ${name.startsWith('pil') ? 'Pillow' : 'OpenCV'} ${refMs.toFixed(2)} ms   ratio ${ratio.toFixed(2)}×`
        : name.startsWith('cv2') || name.startsWith('pil')
          ? '   reference unavailable'
          : '') +
      (one ? `   (1-thread OpenCV ${one.toFixed(2)} ms, ratio ${(ms / one).toFixed(2)}×)` : '') +
      (targeted && ratio ? (ratio <= 2 ? '   target ≤ 2× met' : '   target ≤ 2× MISSED') : ''),
  );
  rows.push({
    name: `${name} → 256×256 float32`,
    value: ms,
    unit: 'ms',
    ...(refMs ? { reference: refMs, referenceName: name.startsWith('pil') ? 'Pillow' : 'OpenCV', ratio } : {}),
    ...(targeted ? { target: 2, targetKind: 'ratio' } : {}),
  });
}
writeResult('resize', 'Resize 1920×1080 RGB', rows);
