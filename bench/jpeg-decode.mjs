// Bench: our tf.io.decode_jpeg reproduction (src/core/preprocess/jpeg, pure TypeScript) decoding a 1920×1080 4:2:0
// JPEG and the demo's 1280×720 photo, next to tf.io.decode_jpeg itself in Python (TF 2.19, libjpeg-turbo with SIMD),
// interleaved one run for one in the same process pair so both see the same load; medians of CPU time (wall time is
// printed too). Also sharp's decode to raw
// RGB (libvips + libjpeg-turbo, accurate IDCT) for scale. Needs out/ (npx tsc -p tsconfig.test.json).
// Writes bench/results/jpeg-decode.json. TP_BENCH_RUNS (default 15).
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPythonServer } from './interleave.mjs';
import { findPython } from './python.mjs';
import { median, writeResult } from './results.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { decodeJpegTf } = require(path.join(root, 'out/src/core/preprocess/jpeg/decode.js'));
const sharp = require('sharp');
sharp.cache(false);
const RUNS = Number(process.env.TP_BENCH_RUNS ?? 15);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

const dir = mkdtempSync(path.join(tmpdir(), 'tp-bench-jpeg-'));
const big = path.join(dir, 'photo-1920x1080.jpg');
await sharp(path.join(root, 'demo/images/astronaut.png')).resize(1920, 1080, { fit: 'fill' }).jpeg({ quality: 90 }).toFile(big);
const files = { '1920×1080 (4:2:0, q90)': big, '1280×720 demo photo': path.join(root, 'demo/images/astronaut-wide.jpg') };

const script = `
import os, sys, json, time
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
import tensorflow as tf
data = {f: open(f, 'rb').read() for f in sys.argv[1:]}
for d in data.values(): tf.io.decode_jpeg(d).numpy()
print('{}', flush=True)
for line in sys.stdin:
    d = data[line.strip()]
    t0 = time.perf_counter(); c0 = time.process_time(); tf.io.decode_jpeg(d).numpy()
    cpu = (time.process_time() - c0) * 1e3; ms = (time.perf_counter() - t0) * 1e3
    print(json.dumps({'ms': ms, 'cpu': cpu}), flush=True)
`;
const py = findPython(['tensorflow']);
let server;
if (py) {
  const ref = startPythonServer(py, ['-c', script, ...Object.values(files)], 'the tf.io.decode_jpeg reference');
  server = { run: (file) => ref.request(file), close: () => ref.close() };
  await ref.ready;
} else {
  console.log('reference unavailable: no Python with tensorflow');
}

const rows = [];
try {
  for (const [label, file] of Object.entries(files)) {
    const bytes = new Uint8Array(readFileSync(file));
    for (let i = 0; i < 3; i++) decodeJpegTf(bytes, { idct: 'fast' });
    const js = [];
    const jsCpu = [];
    const tf = [];
    const tfCpu = [];
    const sh = [];
    for (let k = 0; k < RUNS; k++) {
      let t0 = performance.now();
      const c0 = process.cpuUsage();
      decodeJpegTf(bytes, { idct: 'fast' });
      const c = process.cpuUsage(c0);
      js.push(performance.now() - t0);
      jsCpu.push((c.user + c.system) / 1000);
      if (server) {
        const t = await server.run(file);
        tf.push(t.ms);
        tfCpu.push(t.cpu);
      }
      t0 = performance.now();
      await sharp(bytes).raw().toBuffer();
      sh.push(performance.now() - t0);
    }
    // CPU time is the figure (the machine is shared: wall time mostly measures waiting for a core); wall time is printed too.
    const value = median(jsCpu);
    const reference = tfCpu.length ? median(tfCpu) : undefined;
    const ratio = reference === undefined ? undefined : value / reference;
    const la = load();
    console.log(
      `decode ${label} as tf.io.decode_jpeg: ${value.toFixed(1)} ms CPU (${median(js).toFixed(1)} ms wall)` +
        (reference === undefined ? '' : `; TF ${reference.toFixed(1)} ms CPU (${median(tf).toFixed(1)} ms wall) → ${ratio.toFixed(2)}×`) +
        `; sharp (accurate IDCT, native) ${median(sh).toFixed(1)} ms; medians of ${RUNS} interleaved runs; load average ${la}`,
    );
    rows.push({
      name: `decode ${label} as tf.io.decode_jpeg, bit-exact (CPU time)`,
      value,
      unit: 'ms',
      reference,
      referenceName: 'tf.io.decode_jpeg',
      ratio,
      target: 10,
      loadavg: la,
    });
    rows.push({ name: `decode ${label} with sharp (for scale)`, value: median(sh), unit: 'ms', loadavg: la });
  }
} finally {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
}
writeResult('jpeg-decode', 'JPEG decode', rows);
