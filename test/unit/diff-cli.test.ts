import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runDiffCommand, CliIo } from '../../src/cli/diff';
import { encodeNpy } from '../../src/core/tensor/npy';
import { NdArray } from '../../src/core/tensor/types';

function collector(cwd: string): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
  };
  return io;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-diff-cli-'));
const save = (name: string, arr: NdArray): string => {
  fs.writeFileSync(path.join(dir, name), encodeNpy(arr));
  return name;
};
const f32 = (shape: number[], values: number[]): NdArray => ({ dtype: 'float32', shape, data: Float32Array.from(values) });

save('ref.npy', f32([1, 2, 2, 3], [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 0.5]));
save('same.npy', f32([1, 2, 2, 3], [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 0.5]));
save('off.npy', f32([1, 2, 2, 3], [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 0.9]));
save('small.npy', f32([5], [1, 2, 3, 4, 5]));

test('diff exits 0 within tolerance and 1 outside, naming both files', async () => {
  const io = collector(dir);
  assert.equal(await runDiffCommand(['same.npy', 'ref.npy'], io), 0);
  assert.match(io.out, /PASS/);
  const io2 = collector(dir);
  assert.equal(await runDiffCommand(['off.npy', 'ref.npy', '--atol', '1e-3'], io2), 1);
  assert.match(io2.out, /FAIL: 1 of 12/);
  assert.match(io2.out, /off\.npy/);
  assert.match(io2.out, /worst/);
  assert.match(io2.out, /Why do they differ\? tensor-parity diagnose off\.npy --ref ref\.npy/);
  assert.doesNotMatch(io.out, /Why do they differ/);
});

test('diff --json prints a parseable report with the verdict and stats', async () => {
  const io = collector(dir);
  assert.equal(await runDiffCommand(['off.npy', 'ref.npy', '--json', '--mode=both'], io), 1);
  const j = JSON.parse(io.out) as { verdict: { pass: boolean; mode: string }; abs: { max: { value: number } }; snrDb: unknown };
  assert.equal(j.verdict.pass, false);
  assert.equal(j.verdict.mode, 'both');
  assert.ok(Math.abs(j.abs.max.value - 0.4) < 1e-6);
  const io2 = collector(dir);
  await runDiffCommand(['same.npy', 'ref.npy', '--json'], io2);
  assert.equal((JSON.parse(io2.out) as { snrDb: unknown }).snrDb, 'inf');
});

test('diff exits 2 for unusable input with the file and the fix named', async () => {
  const io = collector(dir);
  assert.equal(await runDiffCommand(['missing.npy', 'ref.npy'], io), 2);
  assert.match(io.err, /^tensor-parity diff: .*missing\.npy: file not found/);
  const io2 = collector(dir);
  assert.equal(await runDiffCommand(['small.npy', 'ref.npy'], io2), 2);
  assert.match(io2.err, /^tensor-parity diff: .*small\.npy vs .*ref\.npy: a has 5 values/);
  const io3 = collector(dir);
  assert.equal(await runDiffCommand(['same.npy', 'ref.npy', '--mode', 'strict'], io3), 2);
  assert.match(io3.err, /--mode allclose/);
  assert.equal(io3.err.split('tensor-parity diff:').length, 2, 'the command is named once');
  const io4 = collector(dir);
  assert.equal(await runDiffCommand(['same.npy'], io4), 2);
  assert.match(io4.err, /needs two tensor files/);
  const io5 = collector(dir);
  assert.equal(await runDiffCommand(['same.npy', 'ref.npy', '--atol', 'tiny'], io5), 2);
  assert.match(io5.err, /--atol tiny is not a number/);
});

test('diff --kind segmentation adds argmax agreement and IoU', async () => {
  save('seg-ref.npy', f32([1, 2, 2, 2], [0.9, 0.1, 0.2, 0.8, 0.3, 0.7, 0.6, 0.4]));
  save('seg-dump.npy', f32([1, 2, 2, 2], [0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.6, 0.4]));
  const io = collector(dir);
  assert.equal(await runDiffCommand(['seg-dump.npy', 'seg-ref.npy', '--kind', 'segmentation'], io), 1);
  assert.match(io.out, /segmentation: 1 of 4 pixels \(25\.0%\) get a different class/);
  assert.match(io.out, /class 1: IoU 0\.5000/);
  const bad = collector(dir);
  assert.equal(await runDiffCommand(['seg-dump.npy', 'seg-ref.npy', '--kind', 'detection'], bad), 2);
  assert.match(bad.err, /--kind segmentation or --kind classification/);
});
