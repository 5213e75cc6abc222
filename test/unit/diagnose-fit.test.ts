// The "image fitted differently" cause against dumps made by scripts/golden/make_diagnose_fit.py with the real
// libraries (PIL ImageOps.fit, keras smart_resize, tf.image.resize_with_pad / preserve_aspect_ratio, cv2.resize):
// a different fit is the top cause with the right evidence and spec change, fit + BGR has both causes in the top 3,
// and dumps that fit like the spec claim nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { diagnose } from '../../src/core/diagnose/diagnose';
import type { DiagnoseRef } from '../../src/core/diagnose/types';
import { renderDiagnosisText } from '../../src/core/diagnose/format';
import { loadTensorFile } from '../../src/core/tensor/load';
import { parseSpec } from '../../src/core/spec/parse';
import type { NdArray } from '../../src/core/tensor/types';

const DIR = path.resolve(__dirname, '../../../test/golden/diagnose-fit');

interface Case {
  id: string;
  kind: 'single' | 'mixed' | 'clean';
  expected: string[];
  dump: string;
  ref: string | null;
  image: string;
  spec: string;
  evidence?: string;
  specChange?: { path: string; value?: unknown };
  notCause?: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { cases: Case[] };

async function tensor(file: string): Promise<NdArray> {
  const l = await loadTensorFile(path.join(DIR, file));
  return [...l.tensors.values()][0];
}

async function run(c: Case): Promise<Awaited<ReturnType<typeof diagnose>>> {
  const parsed = parseSpec(fs.readFileSync(path.join(DIR, c.spec), 'utf8'), c.spec);
  assert.ok(parsed.spec, `${c.spec}: ${JSON.stringify(parsed.problems)}`);
  const image = path.join(DIR, c.image);
  const ref: DiagnoseRef = c.ref ? { tensor: await tensor(c.ref), image, spec: parsed.spec } : { image, spec: parsed.spec };
  return diagnose(await tensor(c.dump), ref);
}

test('the fit corpus has single, mixed and clean cases', () => {
  for (const kind of ['single', 'mixed', 'clean']) assert.ok(manifest.cases.filter((c) => c.kind === kind).length >= 2, kind);
});

for (const c of manifest.cases) {
  test(`fit ${c.kind} case '${c.id}' → ${c.expected.join(' + ') || 'no cause'}`, async () => {
    const d = await run(c);
    const why = `${d.status}: ${d.summary}`;
    const top = d.causes.slice(0, 3).map((x) => x.id as string);
    if (c.kind === 'clean') {
      assert.deepEqual(d.causes, [], why);
      assert.ok(['identical', 'numeric-noise', 'within-tolerance'].includes(d.status), why);
      return;
    }
    if (c.kind === 'single') {
      assert.equal(d.causes[0]?.id, c.expected[0], why);
      assert.equal(d.status, 'explained', why);
      assert.ok(d.causes[0].maxAfter <= 1e-5, `max error after ${d.causes[0].maxAfter}: ${why}`);
      assert.ok(d.causes[0].fix.length > 40, d.causes[0].fix);
      assert.equal(d.causes[0].stage, 'resized');
    } else {
      for (const e of c.expected) assert.ok(top.includes(e), `${e} not in top 3 [${top.join(', ')}]: ${why}`);
    }
    if (c.notCause) assert.ok(!d.causes.some((x) => x.id === c.notCause), `${c.notCause} claimed: ${why}`);
    if (c.evidence) assert.match(d.causes[0].evidence, new RegExp(c.evidence), d.causes[0].evidence);
    if (c.specChange) {
      assert.equal(d.causes[0].specChange?.path, c.specChange.path, d.causes[0].evidence);
      if (c.specChange.value !== undefined) assert.deepEqual(d.causes[0].specChange?.value, c.specChange.value);
    }
  });
}

test('a centre-cropped dump for a stretching spec names both fits and how to crop or stretch in each language', async () => {
  const c = manifest.cases.find((x) => x.id === 'smart-resize-vs-stretch');
  assert.ok(c);
  const d = await run(c);
  const cause = d.causes[0];
  assert.match(cause.evidence, /the spec says fit "stretch"/);
  assert.match(cause.fix, /cv::resize\(img, out, cv::Size\(40, 40\)\)/);
  assert.match(cause.fix, /smart_resize/);
  const text = renderDiagnosisText(d, { dump: c.dump, ref: c.ref ?? '' });
  assert.match(text, /\[resize-fit\] Image fitted differently/);
  assert.match(text, /set input\.resize\.fit to "crop" in tensorparity\.json/);
});

test('a stretched dump for a crop spec (Teachable Machine) says to centre-crop: ImageOps.fit, smart_resize, OpenCV, Android', async () => {
  const c = manifest.cases.find((x) => x.id === 'tm-stretch-vs-crop');
  assert.ok(c);
  const cause = (await run(c)).causes[0];
  assert.match(cause.fix, /ImageOps\.fit\(img, \(40, 40\)/);
  assert.match(cause.fix, /cv::Rect/);
  assert.match(cause.fix, /ThumbnailUtils\.extractThumbnail/);
});

test("skipResizeSearch still tests other fits with the spec's kernel, not the kernel combinations", async () => {
  const c = manifest.cases.find((x) => x.id === 'smart-resize-vs-stretch');
  assert.ok(c && c.ref);
  const parsed = parseSpec(fs.readFileSync(path.join(DIR, c.spec), 'utf8'), c.spec);
  assert.ok(parsed.spec);
  const d = await diagnose(
    await tensor(c.dump),
    { tensor: await tensor(c.ref), image: path.join(DIR, c.image), spec: parsed.spec },
    { skipResizeSearch: true },
  );
  assert.equal(d.causes[0]?.id, 'resize-fit', d.summary);
  assert.ok(!d.tested.some((t) => /fit "[a-z-]+"(, padded with \d+)? with /.test(t.variant)), 'kernel combinations tested');
});
