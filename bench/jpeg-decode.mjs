// Bench: our tf.io.decode_jpeg reproduction (src/core/preprocess/jpeg, pure TypeScript) decoding a 1920×1080 4:2:0
// JPEG and the demo's 1280×720 photo, next to tf.io.decode_jpeg itself in Python (TF 2.19, libjpeg-turbo with SIMD),
// interleaved one run for one in the same process pair so both see the same load; medians. Also sharp's decode to raw
// RGB (libvips + libjpeg-turbo, accurate IDCT) for scale. Needs out/ (npx tsc -p tsconfig.test.json).
// Writes bench/results/jpeg-decode.json. TP_BENCH_RUNS (default 15).
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
    t0 = time.perf_counter(); tf.io.decode_jpeg(d).numpy(); ms = (time.perf_counter() - t0) * 1e3
    print(json.dumps({'ms': ms}), flush=True)
`;
const py = findPython(['tensorflow']);
let server;
if (py) {
  const child = spawn(py, ['-c', script, ...Object.values(files)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting = [];
  child.stderr.on('data', () => undefined);
  createInterface({ input: child.stdout }).on('line', (l) => {
    if (l.startsWith('{')) waiting.shift()?.(JSON.parse(l));
  });
  const next = () => new Promise((r) => waiting.push(r));
  const ready = next();
  server = {
    async run(file) {
      const r = next();
      child.stdin.write(`${file}\n`);
      return (await r).ms;
    },
    close() {
      child.stdin.end();
    },
  };
  await ready;
} else {
  console.log('reference unavailable: no Python with tensorflow');
}

const rows = [];
try {
  for (const [label, file] of Object.entries(files)) {
    const bytes = new Uint8Array(readFileSync(file));
    for (let i = 0; i < 3; i++) decodeJpegTf(bytes, { idct: 'fast' });
    const js = [];
    const tf = [];
    const sh = [];
    for (let k = 0; k < RUNS; k++) {
      let t0 = performance.now();
      decodeJpegTf(bytes, { idct: 'fast' });
      js.push(performance.now() - t0);
      if (server) tf.push(await server.run(file));
      t0 = performance.now();
      await sharp(bytes).raw().toBuffer();
      sh.push(performance.now() - t0);
    }
    const value = median(js);
    const reference = tf.length ? median(tf) : undefined;
    const ratio = reference === undefined ? undefined : value / reference;
    const la = load();
    console.log(
      `decode ${label} as tf.io.decode_jpeg: ${value.toFixed(1)} ms` +
        (reference === undefined ? '' : `; TF ${reference.toFixed(1)} ms → ${ratio.toFixed(2)}×`) +
        `; sharp (accurate IDCT, native) ${median(sh).toFixed(1)} ms; medians of ${RUNS} interleaved runs; load average ${la}`,
    );
    rows.push({
      name: `decode ${label} as tf.io.decode_jpeg, bit-exact`,
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
