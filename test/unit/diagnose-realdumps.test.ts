// Dumps as real pipelines write them (Java ByteBuffer, C++/OpenCV fwrite and hand-written .npy, JS canvas RGBA,
// numpy mistakes), made by scripts/golden/make_realdump_cases.py: the right cause is ranked first, every cause of
// a mixed case is in the top 3, leftovers are not called explained, and bad files are refused with the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { diagnose } from '../../src/core/diagnose/diagnose';
import type { DiagnoseRef } from '../../src/core/diagnose/types';
import { loadTensorFile } from '../../src/core/tensor/load';
import { TensorFileError, type NdArray } from '../../src/core/tensor/types';
import { parseSpec } from '../../src/core/spec/parse';
import { runDiagnoseCommand } from '../../src/cli/diagnose';
import type { CliIo } from '../../src/cli/diff';

const DIR = path.resolve(__dirname, '../../../test/golden/realdumps');

interface Case {
  id: string;
  kind: 'single' | 'mixed' | 'clean' | 'residual' | 'incomparable' | 'unmodelled' | 'needs-image';
  expected: string[];
  dump: string;
  ref?: string;
  image?: string;
  spec?: string;
  evidence?: string;
  summary?: string;
  /** Causes that must not be named at all (e.g. TF's JPEG decoder for a cv2 dump). */
  absent?: string[];
  /** Folder of the case's manifest (programs/ for the dumps written by the C++, Java and Python programs). */
  dir?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as {
  cases: Case[];
  errors: { file: string; match: string }[];
};
// Dumps written by real C++ (OpenCV 4.6), Java and Python programs (scripts/golden/make_realdump_programs.py).
const programs = JSON.parse(fs.readFileSync(path.join(DIR, 'programs', 'manifest.json'), 'utf8')) as { cases: Case[] };
manifest.cases.push(...programs.cases.map((c) => ({ ...c, dir: 'programs' })));
// JPEG pipelines (tf.data + tf.io.decode_jpeg, cv2, PIL; scripts/golden/make_realdump_jpegtf.py).
const jpegtf = JSON.parse(fs.readFileSync(path.join(DIR, 'jpegtf', 'manifest.json'), 'utf8')) as { cases: Case[] };
manifest.cases.push(...jpegtf.cases.map((c) => ({ ...c, dir: 'jpegtf' })));
// The held-out round: real public preprocessing code never looked at while the diagnosis was built
// (scripts/golden/make_realdump_heldout.py; scored as its own group by bench/diagnose-score.mjs).
const heldout = JSON.parse(fs.readFileSync(path.join(DIR, 'heldout', 'manifest.json'), 'utf8')) as { cases: Case[] };
manifest.cases.push(...heldout.cases.map((c) => ({ ...c, dir: 'heldout' })));

async function tensor(file: string, dir = DIR): Promise<NdArray> {
  const l = await loadTensorFile(path.join(dir, file));
  return [...l.tensors.values()][0];
}

async function run(c: Case): Promise<Awaited<ReturnType<typeof diagnose>>> {
  const dir = path.join(DIR, c.dir ?? '');
  const spec = c.spec ? parseSpec(fs.readFileSync(path.join(dir, c.spec), 'utf8'), c.spec).spec : undefined;
  if (c.spec) assert.ok(spec, `${c.spec} does not parse`);
  let ref: DiagnoseRef;
  if (c.ref) ref = { tensor: await tensor(c.ref, dir), ...(spec ? { spec } : {}) };
  else if (c.image && spec) ref = { image: path.join(dir, c.image), spec };
  else throw new Error(`case ${c.id} has no reference`);
  return diagnose(await tensor(c.dump, dir), ref);
}

for (const c of manifest.cases) {
  test(`real dump ${c.kind} '${c.id}' → ${c.expected.join(' + ') || 'no cause'}`, async () => {
    const d = await run(c);
    const top = d.causes.slice(0, 3).map((x) => x.id as string);
    const why = `${d.status}: ${d.summary}`;
    switch (c.kind) {
      case 'clean':
        assert.deepEqual(d.causes, [], why);
        assert.ok(['identical', 'numeric-noise', 'within-tolerance'].includes(d.status), why);
        break;
      case 'single':
        assert.equal(d.causes[0]?.id, c.expected[0], why);
        assert.equal(d.status, 'explained', why);
        assert.ok(d.causes[0].evidence.length > 20 && d.causes[0].fix.length > 20);
        break;
      case 'mixed':
        for (const e of c.expected) assert.ok(top.includes(e), `${e} not in top 3 [${top.join(', ')}]: ${why}`);
        break;
      case 'residual':
        assert.equal(d.causes[0]?.id, c.expected[0], why);
        assert.equal(d.status, 'partially-explained', why);
        assert.match(d.summary, /still differs by up to .* another difference remains/);
        break;
      case 'incomparable':
        assert.equal(d.status, 'incomparable', why);
        break;
      case 'unmodelled':
        // A cause diagnose does not model (blur, sRGB→linear, JPEG re-encode, YUV420): no confident wrong claim.
        assert.notEqual(d.status, 'explained', why);
        assert.doesNotMatch(d.summary, /^Your dump matches/, why);
        break;
      case 'needs-image':
        // A resize or fit difference against a reference tensor alone: no confident claim, and the image is asked for.
        assert.notEqual(d.status, 'explained', why);
        assert.ok(d.missing?.includes('image-and-spec'), why);
        break;
    }
    if (c.evidence) assert.match(d.causes.map((x) => x.evidence).join('\n'), new RegExp(c.evidence), why);
    for (const a of c.absent ?? []) assert.ok(!d.causes.some((x) => x.id === a), `${a} named: ${why}`);
    if (c.summary) assert.match(d.summary, new RegExp(c.summary));
  });
}

for (const e of manifest.errors) {
  test(`a mistaken dump ${e.file} is refused with the file and the fix`, async () => {
    const file = path.join(DIR, e.file);
    await assert.rejects(loadTensorFile(file), (err: unknown) => {
      assert.ok(err instanceof TensorFileError);
      assert.ok(err.message.includes(file), err.message);
      assert.match(err.message, new RegExp(e.match));
      return true;
    });
  });
}

test('the signed-byte evidence names Java and the & 0xFF fix', async () => {
  const d = await run(manifest.cases.find((c) => c.id === 'java-signed-bytes') as Case);
  assert.match(d.causes[0].evidence, /pixel − 256/);
  assert.match(d.causes[0].fix, /& 0xFF/);
});

test('the int8 dump is read as a quantized input with its scale and zero point', async () => {
  const d = await run(manifest.cases.find((c) => c.id === 'tflite-int8') as Case);
  const q = d.causes[0].details?.quantization as { scale: number; zeroPoint: number };
  assert.ok(Math.abs(q.scale - 1 / 255) < 1e-5);
  assert.equal(q.zeroPoint, -128);
  assert.match(d.causes[0].evidence, /q \+ 128/);
});

test('NaN values are counted and located', async () => {
  const d = await run(manifest.cases.find((c) => c.id === 'nan-some') as Case);
  assert.match(d.causes[0].evidence, /^\d+ values .* are NaN where the reference is finite \(first at flat index 0, 97, 194\)/);
  assert.match(d.summary, /NaN\/Inf/);
});

test('an RGBA dump is diagnosed with the alpha channel dropped', async () => {
  const d = await run(manifest.cases.find((c) => c.id === 'cpp-bgra') as Case);
  assert.equal(d.causes[0].id, 'alpha');
  assert.match(d.causes[0].evidence, /4 values per pixel \(1, 32, 32, 4\), laid out RGBA\/BGRA \(alpha last\)/);
  assert.equal(d.causes[1].id, 'channel-swap');
  const argb = await run(manifest.cases.find((c) => c.id === 'android-argb') as Case);
  assert.match(argb.causes[0].evidence, /ARGB \(alpha first\)/);
});

function collector(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: DIR,
    stdout(t: string) {
      io.out += t;
    },
    stderr(t: string) {
      io.err += t;
    },
  };
  return io;
}

test('the CLI explains a 0-d dump and refuses a double-under-float header without a stack trace', async () => {
  const io = collector();
  assert.equal(await runDiagnoseCommand(['scalar.npy', '--ref', 'ref.npy'], io), 2);
  assert.match(io.err, /single number \(a 0-d array, value 0\.5\).*np\.save\(f, x\) with x of shape \(1, 32, 32, 3\)/);
  const bad = collector();
  assert.equal(await runDiagnoseCommand(['cpp-double-under-f4.npy', '--ref', 'ref.npy'], bad), 2);
  assert.match(bad.err, /cpp-double-under-f4\.npy: header says/);
  assert.doesNotMatch(bad.err + io.err, /internal error|    at /);
});

test('a JS dump resized by sharp with kernel "cubic" is recognised as that kernel', async () => {
  const sharp = (await import('sharp')).default;
  const px = await sharp(path.join(DIR, 'image.png')).removeAlpha().resize(32, 32, { fit: 'fill', kernel: 'cubic' }).raw().toBuffer();
  const dump: NdArray = { dtype: 'float32', shape: [1, 32, 32, 3], data: Float32Array.from(px, (v) => v / 255) };
  const spec = parseSpec(fs.readFileSync(path.join(DIR, 'spec-nhwc.json'), 'utf8'), 'spec-nhwc.json').spec;
  assert.ok(spec);
  const d = await diagnose(dump, { image: path.join(DIR, 'image.png'), spec });
  assert.equal(d.causes[0]?.id, 'resize-kernel', d.summary);
  assert.match(d.causes[0].evidence, /sharp resize cubic/);
});

test("TF's own JPEG decoder (a tf.data pipeline) is named, with the spec change and the dct_method fix", async () => {
  const d = await run(manifest.cases.find((c) => c.id === 'tf-decode-jpeg') as Case);
  assert.equal(d.status, 'explained', d.summary);
  const c = d.causes[0];
  assert.equal(c.id, 'jpeg-decoder');
  assert.match(c.evidence, /decoded by TensorFlow's JPEG decoder .*fast integer IDCT/);
  assert.match(c.fix, /dct_method='INTEGER_ACCURATE'/);
  assert.deepEqual(c.specChange, { path: 'input.decoder', value: 'tf' });
  assert.ok(!d.notes.some((n) => /A TF-decoded reference was not tested/.test(n)), d.notes.join('\n'));
});

test("tf.image.resize after TF's JPEG decoder is named as both, against a spec that says cv2", async () => {
  const d = await run(manifest.cases.find((c) => c.id === 'tfdata-decode-jpeg-vs-cv2-spec') as Case);
  assert.equal(d.status, 'explained', d.summary);
  assert.deepEqual(
    d.causes.slice(0, 2).map((c) => c.id),
    ['jpeg-decoder', 'resize-kernel'],
  );
  assert.match(d.causes[0].evidence, /decoded by TensorFlow's JPEG decoder .*then resized with tf\.image\.resize bilinear/);
  assert.match(d.summary, /Different JPEG decoder .* \+ Different resize kernel or library/);
  assert.deepEqual(d.causes[1].specChange?.path, 'input.resize');
});

test("TF's decoder with something else on top is only the closest cause, never 'matches'", async () => {
  const c = manifest.cases.find((x) => x.id === 'tfdata-decode-jpeg') as Case;
  const dir = path.join(DIR, 'jpegtf');
  const spec = parseSpec(fs.readFileSync(path.join(dir, c.spec as string), 'utf8'), c.spec).spec;
  assert.ok(spec);
  const dump = await tensor(c.dump, dir);
  const data = Float32Array.from(dump.data as Float32Array);
  // Every other pixel's green is off by 3 levels as well: the decoder explains part of the difference, not all.
  for (let p = 0; p < 32 * 32; p += 2) data[p * 3 + 1] += 0.012;
  const d = await diagnose({ ...dump, data }, { image: path.join(dir, c.image as string), spec });
  assert.equal(d.status, 'partially-explained', d.summary);
  assert.equal(d.causes[0].id, 'jpeg-decoder');
  assert.match(d.causes[0].evidence, /^Your dump comes closest to the image decoded by TensorFlow's JPEG decoder/);
  assert.match(d.summary, /^Closest: Different JPEG decoder/);
});
