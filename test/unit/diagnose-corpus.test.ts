// The discrepancy detective against the corpus made by scripts/golden/make_diagnose_corpus.py (real numpy/OpenCV/
// Pillow/TF pipelines with known bugs): the top cause is right for every single bug, both causes of every mixed bug
// are in the top 3, and clean cases claim nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { diagnose } from '../../src/core/diagnose/diagnose';
import type { DiagnoseOptions, DiagnoseRef } from '../../src/core/diagnose/types';
import { loadTensorFile } from '../../src/core/tensor/load';
import { parseSpec } from '../../src/core/spec/parse';
import type { NdArray } from '../../src/core/tensor/types';

const DIR = path.resolve(__dirname, '../../../test/golden/diagnose');

interface Case {
  id: string;
  kind: 'single' | 'mixed' | 'clean';
  expected: string[];
  dump: string;
  ref: string;
  image?: string;
  spec?: string;
  inputs?: { dump: string; ref: string };
  fingerprints?: { dump: string; ref: string };
  stage?: { matched?: string; firstDivergent?: string };
}

const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { cases: Case[] };

async function tensor(file: string): Promise<NdArray> {
  const l = await loadTensorFile(path.join(DIR, file));
  return [...l.tensors.values()][0];
}

async function run(c: Case): Promise<Awaited<ReturnType<typeof diagnose>>> {
  const ref: DiagnoseRef = { tensor: await tensor(c.ref) };
  if (c.image) ref.image = path.join(DIR, c.image);
  if (c.spec) {
    const parsed = parseSpec(fs.readFileSync(path.join(DIR, c.spec), 'utf8'), c.spec);
    assert.ok(parsed.spec, `${c.spec}: ${JSON.stringify(parsed.problems)}`);
    ref.spec = parsed.spec;
  }
  const opts: DiagnoseOptions = {};
  if (c.inputs) opts.inputs = { dump: await tensor(c.inputs.dump), ref: await tensor(c.inputs.ref) };
  if (c.fingerprints) opts.fingerprints = c.fingerprints;
  return diagnose(await tensor(c.dump), ref, opts);
}

test('the corpus covers every cause the detective knows', () => {
  const ids = new Set(manifest.cases.flatMap((c) => c.expected));
  for (const id of [
    'channel-swap',
    'layout-nchw-nhwc',
    'hw-transpose',
    'scale-255',
    'scale-range',
    'affine-mean-std',
    'float64',
    'float16',
    'uint8-truncation',
    'byte-order',
    'partial-fill',
    'resize-kernel',
    'wh-swap',
    'exif',
    'alpha',
    'batch-order',
    'model-differs',
  ]) {
    assert.ok(ids.has(id), `no corpus case for ${id}`);
  }
  assert.ok(manifest.cases.filter((c) => c.kind === 'clean').length >= 3);
  assert.ok(manifest.cases.filter((c) => c.kind === 'mixed').length >= 5);
});

for (const c of manifest.cases) {
  test(`corpus ${c.kind} case '${c.id}' → ${c.expected.join(' + ') || 'no cause'}`, async () => {
    const d = await run(c);
    const top = d.causes.slice(0, 3).map((x) => x.id);
    if (c.kind === 'clean') {
      assert.deepEqual(d.causes, [], d.summary);
      assert.ok(['identical', 'numeric-noise', 'within-tolerance'].includes(d.status), d.status);
    } else if (c.kind === 'single') {
      assert.equal(d.causes[0]?.id, c.expected[0], `${d.status}: ${d.summary}`);
      assert.ok(d.causes[0].evidence.length > 20 && d.causes[0].fix.length > 20);
    } else {
      for (const e of c.expected) assert.ok((top as string[]).includes(e), `${e} not in top 3 [${top.join(', ')}]: ${d.summary}`);
    }
    if (c.stage && d.stages) {
      if (c.stage.matched) assert.equal(d.stages.matched, c.stage.matched, d.stages.message);
      if (c.stage.firstDivergent) assert.equal(d.stages.firstDivergent, c.stage.firstDivergent, d.stages.message);
    }
  });
}
