// `tensor-parity compare-models` in-process: the demo image through the spec, --json, exit codes, and unusable input.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main';
import { ASTRONAUT_INPUT, SELFIE, selfieWithChangedWeight } from './model-compare-helpers';

const ROOT = path.resolve(__dirname, '../../..');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-cmp-cli-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], cwd = ROOT): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['compare-models', ...args], {
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

test('compare-models on the demo image (preprocessed per demo/tensorparity.json) names the changed layer and exits 1', async () => {
  const changed = selfieWithChangedWeight('Conv2D_7/filter', 1.25);
  const r = await cli([changed, 'demo/models/selfie/selfie.json', '--image', 'demo/images/astronaut.png']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /Cause: The weights differ in 1 tensor \(Conv2D_7\/filter\)\. Conv2D_7 is the first layer that diverges/);
  assert.match(r.stdout, /Weights: 135 of 136 weight tensors identical; Conv2D_7\/filter changed by up to /);
  assert.match(r.stdout, /first outside tolerance: #29 Conv2D_7 \(Conv2D\)/);
  assert.match(r.stdout, /Error growth \(relative error per layer, log scale 1e-8 … 1\):/);
  assert.match(r.stdout, /input: .*astronaut\.png \(1, 256, 256, 3\) float32/);
});

test('compare-models --json: the same model twice exits 0 with every layer within tolerance', async () => {
  const r = await cli([SELFIE, SELFIE, '--input', ASTRONAUT_INPUT, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout) as {
    cause: { kind: string };
    layers: { firstDivergent: number; layers: unknown[] };
    output: { verdict: { pass: boolean } };
  };
  assert.equal(j.cause.kind, 'identical');
  assert.equal(j.layers.firstDivergent, -1);
  assert.equal(j.layers.layers.length, 224);
  assert.equal(j.output.verdict.pass, true);
});

test('compare-models: unusable command lines exit 2 with the fix', async () => {
  const cases: [string[], RegExp][] = [
    [
      [SELFIE, '--input', ASTRONAUT_INPUT],
      /give two models \(got 1\), e\.g\. tensor-parity compare-models deployed\/model\.json reference\/model\.json --input x\.npy/,
    ],
    [[SELFIE, SELFIE], /give exactly one of --input <tensor\.npy> or --image <photo>/],
    [[SELFIE, SELFIE, '--input', ASTRONAUT_INPUT, '--image', 'x.png'], /give exactly one of --input/],
    [[SELFIE, SELFIE, '--input', ASTRONAUT_INPUT, '--atol', 'big'], /--atol big is not a number >= 0/],
    [[SELFIE, SELFIE, '--input', ASTRONAUT_INPUT, '--mode', 'close'], /--mode close is unknown/],
    [[SELFIE, SELFIE, '--input', 'nope.npy'], /nope\.npy does not exist\. Check the --input path/],
    [[SELFIE, path.join(TMP, 'other.json'), '--input', ASTRONAUT_INPUT], /other\.json does not exist\. Check the path of the model to compare/],
    [[SELFIE, SELFIE, '--image', 'demo/images/astronaut.png', '--spec', path.join(TMP, 'none.json')], /none\.json/],
  ];
  for (const [args, want] of cases) {
    const r = await cli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, want);
  }
});

test('compare-models: an input tensor of the wrong shape names the file and the model input', async () => {
  const bad = path.join(TMP, 'small.npy');
  const { encodeNpy } = await import('../../src/core/tensor/npy');
  fs.writeFileSync(bad, encodeNpy({ dtype: 'float32', shape: [1, 8, 8, 3], data: new Float32Array(192) }));
  const r = await cli([SELFIE, SELFIE, '--input', bad]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /small\.npy is \[1,8,8,3\] but the model's input input_1 is \[1,256,256,3\]/);
});

test('diagnose with equal inputs and both models names the model-side cause from a layer-by-layer run', async () => {
  const changed = selfieWithChangedWeight('Conv2D_7/filter', 1.25);
  const { runLayers } = await import('./model-compare-run');
  const { encodeNpy } = await import('../../src/core/tensor/npy');
  const out = (await runLayers(changed, ASTRONAUT_INPUT)).get('activation_10');
  assert.ok(out);
  const dump = path.join(TMP, 'changed.output.npy');
  fs.writeFileSync(dump, encodeNpy(out));
  const ref = path.join(ROOT, 'test/golden/model/astronaut.output.npy');
  let stdout = '';
  let stderr = '';
  const code = await main(
    ['diagnose', dump, '--ref', ref, '--dump-input', ASTRONAUT_INPUT, '--ref-input', ASTRONAUT_INPUT, '--dump-model', changed, '--ref-model', SELFIE],
    {
      stdout: (s) => {
        stdout += s;
      },
      stderr: (s) => {
        stderr += s;
      },
      cwd: ROOT,
    },
  );
  assert.equal(code, 1, stderr);
  assert.match(
    stdout,
    /Model side \(both models run layer by layer on the dump's input\): The weights differ in 1 tensor \(Conv2D_7\/filter\)\. Conv2D_7 is the first layer that diverges/,
  );
});

test('compare-models: an unknown option lists the known ones', async () => {
  const r = await cli([SELFIE, SELFIE, '--input', ASTRONAUT_INPUT, '--layers']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^tensor-parity compare-models: unknown option --layers\. Options: --input <value>, --image <value>/);
});
