// Bench: diagnose() at realistic sizes (1×1024×1024×3 and 1×224×224×3 dumps, with the image and the spec) and the
// diagnosis score on the corpus written by real programs (bench/diagnose-score.mjs). Build first: npx tsc -p tsconfig.test.json
import { createRequire } from 'module';
import * as fs from 'fs';
import * as path from 'path';
import * as os from 'os';
import { fileURLToPath } from 'url';
import { writeResult } from './results.mjs';
import { scoreCorpus } from './diagnose-score.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => path.join(root, 'out', 'src', p);
if (!fs.existsSync(out('core/diagnose/diagnose.js'))) {
  console.error('bench/diagnose.mjs: out/ is missing; run `npx tsc -p tsconfig.test.json` first.');
  process.exit(2);
}
const { diagnose } = require(out('core/diagnose/diagnose.js'));
const { parseSpec } = require(out('core/spec/parse.js'));
const { preprocessImage } = require(out('core/preprocess/pipeline.js'));
const image = path.join(root, 'demo', 'images', 'astronaut.png');
const rows = [];

/** One warm-up diagnosis, then the best wall and CPU time of three (and the last diagnosis). */
async function timeBestOf3(D, ref) {
  await diagnose(D, ref, {});
  const t = [];
  const cpu = [];
  let d;
  for (let k = 0; k < 3; k++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    d = await diagnose(D, ref, {});
    const c = process.cpuUsage(c0);
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
    cpu.push((c.user + c.system) / 1000);
  }
  return { d, best: Math.min(...t), bestCpu: Math.min(...cpu) };
}

// A cv::imread (BGR) dump filled planar (NCHW) for an NHWC model, and one resized by another library (cv2 INTER_AREA
// for a TF bilinear spec), the case that needs the image alternatives.
async function timeDiagnose(size, target) {
  const text = (over) =>
    JSON.stringify({
      model: { path: 'm.json', format: 'tfjs-graph' },
      input: {
        width: size,
        height: size,
        colorOrder: 'RGB',
        resize: { library: 'tf', method: 'bilinear', fit: 'stretch' },
        scale: 1 / 255,
        layout: 'NHWC',
        ...over,
      },
    });
  const spec = parseSpec(text({})).spec;
  const cases = [
    ['BGR + NCHW dump', parseSpec(text({ colorOrder: 'BGR', layout: 'NCHW' })).spec],
    ['cv2 INTER_AREA dump', parseSpec(text({ resize: { library: 'cv2', method: 'area', fit: 'stretch' } })).spec],
  ];
  const R = (await preprocessImage(image, spec.input, spec.limits)).tensor;
  for (const [label, buggy] of cases) {
    const D = (await preprocessImage(image, buggy.input, buggy.limits)).tensor;
    const ref = { tensor: R, image, spec };
    const { d, best, bestCpu } = await timeBestOf3(D, ref);
    const isTarget = label.startsWith('BGR');
    // CPU time is printed too: on a loaded shared machine the wall time mostly measures waiting for a core.
    console.log(
      `diagnose 1×${size}×${size}×3 ${label}, with image and spec: ${best.toFixed(0)} ms wall, ${bestCpu.toFixed(0)} ms CPU ` +
        `(best of 3${isTarget ? `, target ≤ ${target} ms` : ''}); ${d.status}: ${d.causes
          .slice(0, 3)
          .map((c) => c.id)
          .join(', ')}`,
    );
    rows.push({
      name: `diagnose 1×${size}×${size}×3 ${label}, image + spec`,
      value: best,
      unit: 'ms',
      ...(isTarget ? { target, targetKind: 'absolute' } : {}),
    });
    rows.push({ name: `diagnose 1×${size}×${size}×3 ${label}, image + spec (CPU time)`, value: bestCpu, unit: 'ms' });
  }
}

await timeDiagnose(224, 500);
await timeJpeg(224);
await timeDiagnose(1024, 1500);

// A tf.data dump from a JPEG (TF's decoder, fast IDCT) against the default spec (accurate IDCT): the case where the
// reference is re-made with TF's JPEG decoder. CPU time, as above.
async function timeJpeg(size) {
  const jpg = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-diag-')), 'astronaut.jpg');
  await require('sharp')(image).jpeg({ quality: 90 }).toFile(jpg);
  const text = (over) =>
    JSON.stringify({
      model: { path: 'm.json', format: 'tfjs-graph' },
      input: { width: size, height: size, resize: { library: 'tf', method: 'bilinear', fit: 'stretch' }, scale: 1 / 255, ...over },
    });
  const spec = parseSpec(text({})).spec;
  const tfSpec = parseSpec(text({ decoder: 'tf' })).spec;
  const ref = { tensor: (await preprocessImage(jpg, spec.input, spec.limits)).tensor, image: jpg, spec };
  const D = (await preprocessImage(jpg, tfSpec.input, tfSpec.limits)).tensor;
  const { d, best, bestCpu } = await timeBestOf3(D, ref);
  const label = `diagnose 1×${size}×${size}×3 tf.data dump (TF's JPEG decoder) from a 512×512 JPEG, image + spec`;
  console.log(`${label}: ${best.toFixed(0)} ms wall, ${bestCpu.toFixed(0)} ms CPU (best of 3); ${d.status}: ${d.causes.map((c) => c.id).join(', ')}`);
  rows.push({ name: label, value: best, unit: 'ms' });
  rows.push({ name: `${label} (CPU time)`, value: bestCpu, unit: 'ms' });
  fs.rmSync(path.dirname(jpg), { recursive: true, force: true });
}

const score = await scoreCorpus();
const kinds = ['single', 'mixed', 'clean', 'residual', 'unmodelled'];
for (const r of score.filter((x) => !x.ok)) console.log(`corpus miss: ${r.kind} ${r.id}: ${r.status} [${r.causes.join(', ')}]`);
for (const k of kinds) {
  const rs = score.filter((r) => r.kind === k && r.group === 'built');
  if (rs.length === 0) continue;
  const ok = rs.filter((r) => r.ok).length;
  console.log(`corpus ${k}: ${ok}/${rs.length}`);
  rows.push({ name: `corpus score, ${k} (${rs.length} real-program dumps)`, value: (100 * ok) / rs.length, unit: '%' });
}
// The held-out round (real public preprocessing code, test/golden/realdumps/heldout): one figure over all its kinds.
const held = score.filter((r) => r.group === 'heldout');
if (held.length > 0) {
  const ok = held.filter((r) => r.ok).length;
  console.log(`held-out: ${ok}/${held.length}`);
  rows.push({ name: `held-out score (${held.length} cases from real public pipelines)`, value: (100 * ok) / held.length, unit: '%' });
}
writeResult('diagnose', 'Diagnose', rows);
