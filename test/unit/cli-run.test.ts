// `tensor-parity run` in-process: the demo image end to end, output files, --json, and every kind of unusable input.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { main } from '../../src/cli/main';
import { loadTensorflow } from '../../src/core/infer/backend';
import { encodeNpy, parseNpy } from '../../src/core/tensor/npy';

const ROOT = path.resolve(__dirname, '../../..');
const DEMO = path.join(ROOT, 'demo');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-cli-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd = TMP): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd,
  });
  return { code, stdout, stderr };
}

let n = 0;
/** A fresh workspace with the demo model and a spec edited by `edit`. */
function workspace(edit: (spec: Record<string, Record<string, unknown>>) => void = () => undefined): string {
  const dir = path.join(TMP, `ws${n++}`);
  fs.cpSync(path.join(DEMO, 'models'), path.join(dir, 'models'), { recursive: true });
  const spec = JSON.parse(fs.readFileSync(path.join(DEMO, 'tensorparity.json'), 'utf8')) as Record<string, Record<string, unknown>>;
  delete spec.$schema;
  edit(spec);
  fs.writeFileSync(path.join(dir, 'tensorparity.json'), JSON.stringify(spec, null, 2));
  return dir;
}

function assertUnusable(r: Run, ...parts: string[]): void {
  assert.equal(r.code, 2, `exit code 2 expected; stderr: ${r.stderr}`);
  for (const p of parts) assert.ok(r.stderr.includes(p), `stderr should mention "${p}": ${r.stderr}`);
}

test('run on the demo image finds the spec, prints backend/shapes/timings/classes and writes mask, overlay and npy', async () => {
  const out = path.join(TMP, 'out-demo');
  const r = await cli(['run', path.join(DEMO, 'images/astronaut.png'), '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  // Without --backend the CLI runs on the fastest backend that loads here (tfjs-node when built, else wasm) and says so.
  assert.match(r.stdout, new RegExp(`backend\\s+${(await loadTensorflow()).backend}\\b`));
  assert.match(r.stdout, /input\s+input_1 \[1,256,256,3\] float32/);
  assert.match(r.stdout, /output\s+activation_10 \[1,256,256,1\] float32/);
  assert.match(r.stdout, /time\s+load [\d.]+ ms, preprocess [\d.]+ ms, infer [\d.]+ ms, postprocess [\d.]+ ms/);
  assert.match(r.stdout, /classes\s+person 54\.\d%, background 45\.\d%/);
  const mask = await sharp(path.join(out, 'astronaut.mask.png')).metadata();
  assert.deepEqual([mask.width, mask.height], [256, 256]);
  const overlay = await sharp(path.join(out, 'astronaut.overlay.png')).metadata();
  assert.deepEqual([overlay.width, overlay.height], [512, 512], 'the overlay is drawn on the original photo');
  const npy = parseNpy(fs.readFileSync(path.join(out, 'astronaut.output.npy')));
  assert.deepEqual(npy.shape, [1, 256, 256, 1]);
});

test('existing outputs are never overwritten silently; --force overwrites', async () => {
  const out = path.join(TMP, 'out-force');
  const img = path.join(DEMO, 'images/hopper.jpg');
  assert.equal((await cli(['run', img, '--out', out, '--backend', 'cpu'])).code, 0);
  const again = await cli(['run', img, '--out', out]);
  assertUnusable(again, path.join(out, 'hopper.mask.png'), 'already exists', '--force');
  const forced = await cli(['run', img, '--out', out, '--force', '--backend', 'cpu']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stdout, /backend\s+cpu/);
});

test('--json reports each input with its class fractions and written files; tensor dumps are fed as is', async () => {
  const out = path.join(TMP, 'out-json');
  const dump = path.join(ROOT, 'test/golden/model/astronaut-wide.input.npy');
  const r = await cli(['run', dump, '--spec', path.join(DEMO, 'tensorparity.json'), '--out', out, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as {
    results: { backend: string; result: { kind: string; classFractions: { label: string; fraction: number }[] }; files: string[] }[];
  };
  const [res] = json.results;
  assert.ok(res);
  assert.equal(res.backend, (await loadTensorflow()).backend);
  assert.equal(res.result.kind, 'segmentation');
  const person = res.result.classFractions.find((c) => c.label === 'person');
  assert.ok(person && Math.abs(person.fraction - 0.192) < 0.001, JSON.stringify(res.result));
  assert.deepEqual(
    res.files.map((f) => path.basename(f)),
    ['astronaut-wide.input.mask.png', 'astronaut-wide.input.overlay.png', 'astronaut-wide.input.output.npy'],
  );
});

test('a missing model names model.path and the file', async () => {
  const ws = workspace((s) => {
    (s.model as Record<string, unknown>).path = 'models/gone/model.json';
  });
  const r = await cli(['run', path.join(DEMO, 'images/hopper.jpg'), '--spec', path.join(ws, 'tensorparity.json'), '--out', path.join(ws, 'o')]);
  assertUnusable(r, 'hopper.jpg', 'model.path', 'models/gone/model.json', 'does not exist');
});

test('a model whose input contradicts the spec says which spec fields to change', async () => {
  const ws = workspace((s) => {
    s.input.width = 224;
    s.input.height = 224;
  });
  const r = await cli(['run', path.join(DEMO, 'images/hopper.jpg'), '--spec', path.join(ws, 'tensorparity.json'), '--out', path.join(ws, 'o')]);
  assertUnusable(r, "model's input input_1 is [1,256,256,3] but", 'tensorparity.json says 224×224 (input.width/height)', 'Set input.width to 256');
});

test('a corrupt image is named', async () => {
  const ws = workspace();
  const bad = path.join(ws, 'broken.png');
  fs.writeFileSync(bad, Buffer.from('\x89PNG\r\n\x1a\nthis is not really a png', 'latin1'));
  const r = await cli(['run', bad, '--out', path.join(ws, 'o')]);
  assertUnusable(r, 'broken.png');
  assert.ok(!fs.existsSync(path.join(ws, 'o')), 'nothing was written');
});

test('a dump of the wrong shape explains the transpose', async () => {
  const ws = workspace();
  const file = path.join(ws, 'chw.npy');
  fs.writeFileSync(file, encodeNpy({ dtype: 'float32', shape: [1, 3, 256, 256], data: new Float32Array(3 * 256 * 256) }));
  const r = await cli(['run', file, '--out', path.join(ws, 'o')]);
  assertUnusable(r, 'chw.npy is [1,3,256,256]', 'NCHW', 'np.transpose(x, (0, 2, 3, 1))');
});

test('no spec anywhere above the input says to create one or pass --spec', async () => {
  const lonely = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-nospec-'));
  try {
    const img = path.join(lonely, 'photo.jpg');
    fs.copyFileSync(path.join(DEMO, 'images/hopper.jpg'), img);
    const r = await cli(['run', img], lonely);
    assertUnusable(r, 'No tensorparity.json found', lonely, '--spec');
    const named = await cli(['run', img, '--spec', path.join(lonely, 'missing.json')], lonely);
    assertUnusable(named, 'missing.json does not exist');
  } finally {
    fs.rmSync(lonely, { recursive: true, force: true });
  }
});

test('a spec with errors lists them with line and column', async () => {
  const ws = workspace((s) => {
    s.input.width = 'wide';
  });
  const r = await cli(['run', path.join(DEMO, 'images/hopper.jpg'), '--spec', path.join(ws, 'tensorparity.json'), '--out', path.join(ws, 'o')]);
  assertUnusable(r, `${path.join(ws, 'tensorparity.json')}:`, 'input.width');
});

test('usage errors: no input, a missing input file, an unknown flag or backend, an unknown command', async () => {
  assertUnusable(await cli(['run']), 'give at least one image or tensor file');
  assertUnusable(await cli(['run', 'nope.png']), path.join(TMP, 'nope.png'), 'does not exist');
  const bogus = await cli(['run', 'x.png', '--bogus']);
  assertUnusable(bogus, '--bogus', 'tensor-parity run --help');
  assert.match(bogus.stderr, /^tensor-parity run: unknown option --bogus\./, 'the command is named once');
  assertUnusable(await cli(['run', 'x.png', '--backend', 'gpu']), '--backend "gpu"', 'tensorflow, wasm, cpu');
  assertUnusable(await cli(['frobnicate']), 'unknown command "frobnicate"', 'run');
});

test('--help documents the command, its options and exit codes', async () => {
  const top = await cli(['--help']);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /run\s+run the spec's model/);
  const r = await cli(['run', '--help']);
  assert.equal(r.code, 0);
  for (const flag of ['--spec', '--out', '--backend', '--force', '--json', 'Exit codes']) assert.ok(r.stdout.includes(flag), flag);
});

test('a tensor input in 0–255 for a [0, 1] model is warned about before inference, naming the file and the missing / 255', async () => {
  const src = parseNpy(fs.readFileSync(path.join(ROOT, 'test/golden/model/astronaut-wide.input.npy')));
  const scaled = Float32Array.from(src.data as Float32Array, (v) => v * 255);
  const dump = path.join(TMP, 'astronaut-x255.npy');
  fs.writeFileSync(dump, encodeNpy({ dtype: 'float32', shape: src.shape, data: scaled }));
  const r = await cli(['run', dump, '--spec', path.join(DEMO, 'tensorparity.json'), '--out', path.join(TMP, 'out-x255')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /warning: .*astronaut-x255\.npy: \d+ of \d+ values .* lie outside \[0\.0, 1\].*division by 255 \(input\.scale\) seems to be missing/);
});
