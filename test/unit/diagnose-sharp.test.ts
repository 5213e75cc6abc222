// Diagnosis against a JS pipeline that resizes with sharp on the file itself (JPEG shrink-on-load included).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { parseSpec } from '../../src/core/spec';
import type { Spec } from '../../src/core/spec/types';
import type { NdArray } from '../../src/core/tensor/types';

const IMAGE = path.resolve(__dirname, '../../../demo/images/astronaut-wide.jpg'); // 1280×720: 12.8× shrink → 1/8 decode

function spec(library: string, method: string): Spec {
  const parsed = parseSpec(
    JSON.stringify({
      model: { path: 'model.json' },
      input: { width: 100, height: 60, colorOrder: 'RGB', resize: { library, method }, scale: 1 / 255 },
    }),
  );
  assert.ok(parsed.spec, JSON.stringify(parsed.problems));
  return parsed.spec;
}

/** What a Node.js pipeline writes: sharp(file).resize(100, 60, { fit: 'fill' }) (lanczos3), / 255 into a Float32Array. */
async function jsDump(): Promise<NdArray> {
  const { data, info } = await sharp(IMAGE).rotate().resize(100, 60, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.channels, 3);
  const f = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) f[i] = data[i] / 255;
  return { dtype: 'float32', shape: [1, 60, 100, 3], data: f };
}

test("a sharp dump of a JPEG matches a sharp spec's reference (shrink-on-load reproduced)", async () => {
  const d = await diagnose(await jsDump(), { image: IMAGE, spec: spec('sharp', 'lanczos3') }, {});
  // x / 255 in the dump vs x × (1/255) in float32 in the reference: at most float32 rounding apart, no cause claimed.
  assert.ok(d.status === 'identical' || d.status === 'numeric-noise', d.summary);
  assert.equal(d.causes.length, 0);
  assert.ok(d.baseline.maxAbs < 1e-6, `max error ${d.baseline.maxAbs}`);
});

test("against a TF bilinear spec, the sharp dump is fully explained by sharp's lanczos3 resize", async () => {
  const d = await diagnose(await jsDump(), { image: IMAGE, spec: spec('tf', 'bilinear') }, {});
  assert.equal(d.status, 'explained', d.summary);
  assert.equal(d.causes[0]?.id, 'resize-kernel');
  assert.match(d.summary, /sharp resize \(lanczos3 default\)/);
  assert.ok((d.causes[0]?.maxAfter ?? 1) < 1e-6, `max error after ${d.causes[0]?.maxAfter}`);
});

test('against a sharp nearest spec, the right sharp kernel is named', async () => {
  const d = await diagnose(await jsDump(), { image: IMAGE, spec: spec('sharp', 'nearest') }, {});
  assert.equal(d.causes[0]?.id, 'resize-kernel', d.summary);
  assert.match(d.summary, /lanczos3/);
});
