// Bench: Java2D resize semantics (our kernels) on a 1920×1080 RGB image → 256×256 uint8, next to the real Java2D
// (OpenJDK, scripts/golden/java2d/Resize.java --bench) doing the same resize in the same run. Needs javac/java for the
// reference. Build first: npx tsc -p tsconfig.test.json
import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { photoLikeImage } from './photo.mjs';
import { writeResult } from './results.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kernelJs = path.join(root, 'out', 'src', 'core', 'preprocess', 'kernels', 'java2d.js');
if (!existsSync(kernelJs)) {
  console.error('bench/java2d.mjs: out/ is missing; run `npx tsc -p tsconfig.test.json` first.');
  process.exit(2);
}
const { java2dResize } = require(kernelJs);
const sharp = require('sharp');

const W = 1920,
  H = 1080,
  OW = 256,
  OH = 256,
  RUNS = Number(process.env.TP_BENCH_RUNS ?? 10);

const img = photoLikeImage(W, H);
const methods = {
  'g2d-nearest': 'nearest',
  'g2d-bilinear': 'bilinear',
  'g2d-bicubic': 'bicubic',
  smooth: 'area',
  replicate: 'replicate',
  'atop-nearest': 'affine-nearest',
  'atop-bilinear': 'affine-bilinear',
  'atop-bicubic': 'affine-bicubic',
};

const ours = {};
for (const [name, method] of Object.entries(methods)) {
  for (let i = 0; i < 2; i++) java2dResize(img, OW, OH, method);
  let best = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    java2dResize(img, OW, OH, method);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ours[name] = best;
}

let ref = {};
const dir = mkdtempSync(path.join(tmpdir(), 'tp-bench-java2d-'));
const png = path.join(dir, 'img.png');
await sharp(Buffer.from(img.data), { raw: { width: W, height: H, channels: 3 } })
  .png({ compressionLevel: 1 })
  .toFile(png);
const javac = spawnSync('javac', ['-d', dir, path.join(root, 'scripts', 'golden', 'java2d', 'Resize.java')], { encoding: 'utf8' });
if (javac.status === 0) {
  const r = spawnSync('java', ['-Djava.awt.headless=true', '-cp', dir, 'Resize', '--bench', String(RUNS), png, String(OW), String(OH)], { encoding: 'utf8' });
  if (r.status === 0) {
    for (const line of r.stdout.trim().split('\n')) {
      const [name, ns] = line.split(' ');
      ref[name] = Number(ns) / 1e6;
    }
  } else console.error(`reference unavailable: java failed: ${r.stderr.slice(-400)}`);
} else {
  console.log('reference unavailable: no javac (install a JDK to compare with the real Java2D)');
}

const rows = [];
console.log(`1920×1080 RGB uint8 → 256×256 uint8 (min of ${RUNS} runs, ms): our Java2D kernels vs OpenJDK's Java2D`);
for (const [name, ms] of Object.entries(ours)) {
  const refMs = ref[name];
  const ratio = refMs ? ms / refMs : undefined;
  console.log(
    `${name.padEnd(14)} ${ms.toFixed(2).padStart(8)} ms` +
      (refMs ? `   Java2D ${refMs.toFixed(2)} ms   ratio ${ratio.toFixed(2)}×` : '   reference unavailable'),
  );
  rows.push({
    name: `java2d ${methods[name]} (${name}) → 256×256`,
    value: ms,
    unit: 'ms',
    ...(refMs ? { reference: refMs, referenceName: 'OpenJDK Java2D', ratio } : {}),
  });
}
writeResult('java2d', 'Resize 1920×1080 RGB with Java2D semantics', rows);
