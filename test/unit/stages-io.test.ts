// Saving preprocessing stages as .npy: saveStages in core, and `tensor-parity run --stages` in-process.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main';
import { preprocessImage } from '../../src/core/preprocess/pipeline';
import { saveStages, stageFileName, stageFiles } from '../../src/core/preprocess/stages-io';
import type { InputSpec } from '../../src/core/spec/types';
import { parseNpy } from '../../src/core/tensor/npy';
import { TensorFileError } from '../../src/core/tensor/types';

const ROOT = path.resolve(__dirname, '../../..');
const DEMO = path.join(ROOT, 'demo');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-stages-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

const STAGES = ['decoded', 'color', 'resized', 'normalized', 'layout'];

/** A small NCHW float16 BGR pipeline, so every stage has its own dtype or shape. */
const INPUT: InputSpec = {
  width: 40,
  height: 24,
  colorOrder: 'BGR',
  resize: { library: 'cv2', method: 'linear', fit: 'letterbox', padValue: 114 },
  scale: 1 / 255,
  mean: [0.5, 0.5, 0.5],
  std: [0.25, 0.25, 0.25],
  dtype: 'float16',
  layout: 'NCHW',
  applyExif: true,
  alpha: { mode: 'drop', background: [255, 255, 255] },
};

async function hopper(): Promise<Awaited<ReturnType<typeof preprocessImage>>> {
  return preprocessImage(path.join(DEMO, 'images/hopper.jpg'), INPUT, { maxPixels: 1e8 });
}

test("saveStages writes every stage as <base>.stage-<i>-<stage>.npy with the stage tensor's dtype, shape and bytes", async () => {
  const result = await hopper();
  const dir = path.join(TMP, 'core', 'nested');
  const files = saveStages(result, dir, 'hopper', { force: false });
  assert.deepEqual(
    files.map((f) => path.relative(dir, f)),
    STAGES.map((s, i) => `hopper.stage-${i}-${s}.npy`),
  );
  assert.deepEqual(stageFiles(result, dir, 'hopper'), files);
  files.forEach((f, i) => {
    const saved = parseNpy(fs.readFileSync(f), f);
    const stage = result.stages[i];
    assert.equal(saved.dtype, stage.tensor.dtype, f);
    assert.deepEqual(saved.shape, stage.tensor.shape, f);
    assert.deepEqual(
      Buffer.from(saved.data.buffer, saved.data.byteOffset, saved.data.byteLength),
      Buffer.from(stage.tensor.data.buffer, stage.tensor.data.byteOffset, stage.tensor.data.byteLength),
      f,
    );
  });
  assert.deepEqual(
    files.map((f) => parseNpy(fs.readFileSync(f)).dtype),
    ['uint8', 'uint8', 'float32', 'float16', 'float16'],
  );
  assert.deepEqual(parseNpy(fs.readFileSync(files[4])).shape, [1, 3, 24, 40]);
});

test('saveStages never overwrites without force and then writes nothing; force overwrites', async () => {
  const result = await hopper();
  const dir = path.join(TMP, 'clobber');
  fs.mkdirSync(dir);
  const taken = path.join(dir, stageFileName('hopper', 2, 'resized'));
  fs.writeFileSync(taken, 'mine');
  assert.throws(
    () => saveStages(result, dir, 'hopper', { force: false }),
    (e: unknown) => e instanceof TensorFileError && e.file === taken && e.message.includes(taken) && /already exists.*allow overwriting/.test(e.message),
  );
  assert.deepEqual(fs.readdirSync(dir), [path.basename(taken)], 'nothing else was written');
  assert.equal(fs.readFileSync(taken, 'utf8'), 'mine');
  saveStages(result, dir, 'hopper', { force: true });
  assert.equal(parseNpy(fs.readFileSync(taken)).dtype, 'float32');
});

test('saveStages: nothing to write for a tensor dump; a base name with folders or an unwritable folder is refused by name', async () => {
  assert.deepEqual(saveStages({}, path.join(TMP, 'none'), 'dump', { force: false }), []);
  assert.ok(!fs.existsSync(path.join(TMP, 'none')), 'no folder is created for nothing');
  const result = await hopper();
  assert.throws(() => saveStages(result, TMP, '../escape', { force: false }), /"\.\.\/escape" is not a usable base name.*plain file name/);
  const file = path.join(TMP, 'a-file');
  fs.writeFileSync(file, '');
  assert.throws(
    () => saveStages(result, path.join(file, 'sub'), 'hopper', { force: false }),
    (e: unknown) => e instanceof TensorFileError && e.message.includes(path.join(file, 'sub')) && /Choose another folder/.test(e.message),
  );
});

// ---- the CLI ----

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd: TMP,
  });
  return { code, stdout, stderr };
}

interface JsonStage {
  stage: string;
  file: string;
  shape: number[];
  dtype: string;
  description: string;
}

test('run --stages --json writes the five stage files next to the outputs and lists them with shape, dtype and description', async () => {
  const out = path.join(TMP, 'cli-json');
  const r = await cli(['run', path.join(DEMO, 'images/hopper.jpg'), '--out', out, '--stages', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const [res] = (JSON.parse(r.stdout) as { results: { files: string[]; stages: JsonStage[] }[] }).results;
  assert.ok(res);
  assert.deepEqual(
    res.files.map((f) => path.basename(f)),
    ['hopper.mask.png', 'hopper.overlay.png', 'hopper.output.npy'],
  );
  assert.deepEqual(
    res.stages.map((s) => [s.stage, path.relative(out, path.resolve(TMP, s.file)), s.dtype, s.shape]),
    [
      ['decoded', 'hopper.stage-0-decoded.npy', 'uint8', [128, 128, 3]],
      ['color', 'hopper.stage-1-color.npy', 'uint8', [128, 128, 3]],
      ['resized', 'hopper.stage-2-resized.npy', 'float32', [256, 256, 3]],
      ['normalized', 'hopper.stage-3-normalized.npy', 'float32', [256, 256, 3]],
      ['layout', 'hopper.stage-4-layout.npy', 'float32', [1, 256, 256, 3]],
    ],
  );
  assert.match(res.stages[0].description, /^JPEG 128×128, RGB, 8-bit/);
  for (const s of res.stages) assert.deepEqual(parseNpy(fs.readFileSync(path.resolve(TMP, s.file))).shape, s.shape);
});

test('run --stages refuses to overwrite a stage file (naming it, writing nothing); --force overwrites and the summary lists the stages', async () => {
  const out = path.join(TMP, 'cli-text');
  fs.mkdirSync(out);
  const taken = path.join(out, 'hopper.stage-3-normalized.npy');
  fs.writeFileSync(taken, 'mine');
  const refused = await cli(['run', path.join(DEMO, 'images/hopper.jpg'), '--out', out, '--stages']);
  assert.equal(refused.code, 2);
  assert.ok(refused.stderr.includes(`${taken} already exists. Pass --force to overwrite it`), refused.stderr);
  assert.deepEqual(fs.readdirSync(out), ['hopper.stage-3-normalized.npy']);

  const forced = await cli(['run', path.join(DEMO, 'images/hopper.jpg'), '--out', out, '--stages', '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  const rel = path.relative(TMP, out);
  assert.match(forced.stdout, new RegExp(`stages\\s+${rel}/hopper\\.stage-0-decoded\\.npy  \\[128,128,3\\] uint8  JPEG 128×128`));
  assert.match(forced.stdout, new RegExp(`\\n\\s+${rel}/hopper\\.stage-4-layout\\.npy  \\[1,256,256,3\\] float32  NHWC`));
  assert.equal(parseNpy(fs.readFileSync(taken)).dtype, 'float32');
});

test('run --stages on a tensor dump says there are no stages; without --stages nothing is listed', async () => {
  const dump = path.join(ROOT, 'test/golden/model/astronaut-wide.input.npy');
  const spec = path.join(DEMO, 'tensorparity.json');
  const r = await cli(['run', dump, '--spec', spec, '--out', path.join(TMP, 'cli-dump'), '--stages']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /stages\s+none: tensor dumps are fed to the model as they are/);
  const plain = await cli(['run', dump, '--spec', spec, '--out', path.join(TMP, 'cli-plain'), '--json']);
  assert.equal((JSON.parse(plain.stdout) as { results: { stages?: unknown }[] }).results[0]?.stages, undefined);
  assert.ok(!fs.readdirSync(path.join(TMP, 'cli-plain')).some((f) => f.includes('.stage-')));
});

test('run --help documents --stages and the stage file names', async () => {
  const r = await cli(['run', '--help']);
  assert.match(r.stdout, /--stages\s+also write every preprocessing stage/);
  assert.match(r.stdout, /<name>\.stage-<i>-<stage>\.npy/);
});
