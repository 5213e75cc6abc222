import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runDiagnoseCommand } from '../../src/cli/diagnose';
import type { CliIo } from '../../src/cli/diff';

const DIR = path.resolve(__dirname, '../../../test/golden/diagnose');

function collector(cwd = DIR): CliIo & { out: string; err: string } {
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

test('diagnose names the cause, the evidence and the fix, and exits 1', async () => {
  const io = collector();
  assert.equal(await runDiagnoseCommand(['bgr.npy', '--ref', 'ref.npy', '--spec', 'spec.json', '--fast'], io), 1);
  assert.match(io.out, /1\. \[channel-swap\] BGR vs RGB/);
  assert.match(io.out, /cv::cvtColor\(img, img, cv::COLOR_BGR2RGB\)/);
  assert.match(io.out, /max error 0\.0 after undoing it, 0\.7\d* before/);
});

test('diagnose --json prints the ranked causes', async () => {
  const io = collector();
  assert.equal(await runDiagnoseCommand(['bgr-nchw.npy', '--ref', 'ref.npy', '--spec', 'spec.json', '--json', '--fast'], io), 1);
  const d = JSON.parse(io.out) as { status: string; causes: { id: string }[]; dump: { shape: number[] } };
  assert.equal(d.status, 'explained');
  assert.deepEqual(d.causes.map((c) => c.id).sort(), ['channel-swap', 'layout-nchw-nhwc']);
  assert.deepEqual(d.dump.shape, [1, 3, 48, 64]);
});

test('diagnose exits 0 for clean dumps', async () => {
  const io = collector();
  assert.equal(await runDiagnoseCommand(['reciprocal.npy', '--ref', 'ref.npy', '--spec', 'spec.json'], io), 0);
  assert.match(io.out, /NUMERICAL NOISE \(not a bug\)/);
});

test('diagnose from an image and a spec, with the stage where the pipelines part ways', async () => {
  const io = collector();
  assert.equal(await runDiagnoseCommand(['scale-missing.npy', '--image', 'astronaut-192.png', '--spec', 'spec.json', '--fast'], io), 1);
  assert.match(io.out, /\[scale-255\]/);
  assert.match(io.out, /equals the reference's 'resized' stage; the pipelines part ways at 'normalized'/);
});

test('a raw big-endian Java dump read through its sidecar is diagnosed as byte order', async () => {
  const io = collector();
  assert.equal(await runDiagnoseCommand(['byte-order-java.bin', '--ref', 'ref.npy', '--spec', 'spec.json', '--fast'], io), 1);
  assert.match(io.out, /\[byte-order\]/);
  assert.match(io.out, /ByteOrder\.nativeOrder\(\)/);
});

test("a raw dump without a sidecar is read as the spec's model input and diagnosed", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-diag-raw-'));
  for (const f of ['ref.npy', 'spec.json']) fs.copyFileSync(path.join(DIR, f), path.join(tmp, f));
  fs.copyFileSync(path.join(DIR, 'byte-order-java.bin'), path.join(tmp, 'dump.bin')); // no dump.bin.json next to it
  const io = collector(tmp);
  assert.equal(await runDiagnoseCommand(['dump.bin', '--ref', 'ref.npy', '--spec', 'spec.json', '--fast'], io), 1);
  assert.match(io.out, /\[byte-order\]/);
  const noSpec = collector(tmp);
  fs.rmSync(path.join(tmp, 'spec.json'));
  assert.equal(await runDiagnoseCommand(['dump.bin', '--ref', 'ref.npy', '--fast'], noSpec), 2);
  assert.match(noSpec.err, /dump\.bin/);
  assert.match(noSpec.err, /sidecar/);
});

test('diagnose exits 2 for unusable input, naming the file and the fix', async () => {
  const noRef = collector();
  assert.equal(await runDiagnoseCommand(['bgr.npy'], noRef), 2);
  assert.match(noRef.err, /^tensor-parity diagnose: .*needs a reference: --ref <tensor> or --image <image>/);
  assert.equal(noRef.err.split('tensor-parity diagnose:').length, 2, 'the command is named once');
  const missing = collector();
  assert.equal(await runDiagnoseCommand(['nope.npy', '--ref', 'ref.npy', '--spec', 'spec.json'], missing), 2);
  assert.match(missing.err, /^tensor-parity diagnose: .*nope\.npy: file not found/);
  const sizes = collector();
  assert.equal(await runDiagnoseCommand(['ref-output.npy', '--ref', 'ref.npy', '--spec', 'spec.json'], sizes), 2);
  assert.match(sizes.err, /^tensor-parity diagnose: .*ref-output\.npy vs .*ref\.npy: Your dump has 6144 values/);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-diag-'));
  fs.copyFileSync(path.join(DIR, 'astronaut-alpha.png'), path.join(tmp, 'a.png'));
  fs.copyFileSync(path.join(DIR, 'bgr.npy'), path.join(tmp, 'bgr.npy'));
  const noSpec = collector(tmp);
  assert.equal(await runDiagnoseCommand(['bgr.npy', '--image', 'a.png'], noSpec), 2);
  assert.match(noSpec.err, /No tensorparity\.json found .* pass --spec <file>/);
  const halfInputs = collector();
  assert.equal(await runDiagnoseCommand(['bgr.npy', '--ref', 'ref.npy', '--dump-input', 'ref.npy'], halfInputs), 2);
  assert.match(halfInputs.err, /--dump-input and --ref-input go together/);
});

test('the CLI, not core, says how to give the evidence a tensor-only diagnosis lacked', async () => {
  const rd = path.resolve(__dirname, '../../../test/golden/realdumps');
  const io = collector(rd);
  assert.equal(await runDiagnoseCommand(['programs/py-gaussian-blur.npy', '--ref', 'ref.npy'], io), 1);
  assert.match(io.out, /^UNEXPLAINED: No tested cause explains the difference/m);
  assert.match(io.out, /^hint: pass --image <the image> --spec tensorparity\.json to test resize, fit, EXIF and alpha causes too\.$/m);
  assert.doesNotMatch(io.out.split('\nhint:')[0], /--image|--spec/, "the diagnosis itself speaks in the user's terms");
  const ok = collector(rd);
  await runDiagnoseCommand(['programs/cpp-total-bgr.bin', '--ref', 'ref.npy'], ok);
  assert.match(ok.out, /^EXPLAINED: Your dump matches the reference with "BGR vs RGB channel order \+ Only part of the input buffer was written" undone/m);
  assert.doesNotMatch(ok.out, /^hint:/m, 'no hint when the tensors explain it all');
});
