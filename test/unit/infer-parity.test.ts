// Parity with TensorFlow Python: the demo model run by our engine on TF-Python's own input tensors gives TF-Python's
// outputs (goldens made by scripts/golden/make_model_goldens.py), on every backend available here.
// Measured here: mean |ours − TF| ≈ 2e-7 and max ≈ 1.3e-4 at a handful of mask-edge pixels (float32 summation-order
// noise, amplified at ReLU kinks; wasm and cpu agree with each other within 2.4e-5). So every element must pass
// the demo spec's own allclose tolerance (atol 1e-4, rtol 1e-3), and the worst element must stay below 2e-4.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runInference } from '../../src/core/infer/engine';
import { loadTensorflow, type BackendName } from '../../src/core/infer/backend';
import type { Segmentation } from '../../src/core/infer/postprocess';
import { loadSpecFile } from '../../src/core/spec';
import { parseNpy } from '../../src/core/tensor/npy';

const ROOT = path.resolve(__dirname, '../../..');
const DEMO = path.join(ROOT, 'demo');
const GOLDEN = path.join(ROOT, 'test/golden/model');

interface Entry {
  image: string;
  input: string;
  output: string;
  personFraction: number;
}
const manifest = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'manifest.json'), 'utf8')) as { entries: Entry[]; threshold: number };

/** wasm and cpu always; the native backend too where @tensorflow/tfjs-node is installed. */
function availableBackends(): BackendName[] {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return ['tensorflow', 'wasm', 'cpu'];
  } catch {
    return ['wasm', 'cpu'];
  }
}

for (const backend of availableBackends()) {
  test(`demo model on ${backend} matches TF Python (allclose atol 1e-4, rtol 1e-3)`, async (t) => {
    const rt = await loadTensorflow({ prefer: backend });
    assert.equal(rt.backend, backend, `the ${backend} backend should start here (${rt.detail})`);
    const { spec } = await loadSpecFile(path.join(DEMO, 'tensorparity.json'));
    assert.ok(spec, 'the demo spec parses');
    let worst = 0;
    for (const e of manifest.entries) {
      const res = await runInference({ spec, workspaceRoot: DEMO, backend, input: { kind: 'tensor', file: path.join(GOLDEN, e.input) } });
      assert.equal(res.backend, backend);
      const want = parseNpy(fs.readFileSync(path.join(GOLDEN, e.output)));
      assert.deepEqual(res.output.shape, want.shape, `${e.output}: output shape`);
      const got = res.output.data as Float32Array;
      const ref = want.data as Float32Array;
      let maxDiff = 0;
      let sumDiff = 0;
      let outside = 0;
      for (let i = 0; i < ref.length; i++) {
        const d = Math.abs(got[i] - ref[i]);
        maxDiff = Math.max(maxDiff, d);
        sumDiff += d;
        if (!(d <= spec.tolerance.atol + spec.tolerance.rtol * Math.abs(ref[i]))) outside++;
      }
      worst = Math.max(worst, maxDiff);
      assert.equal(outside, 0, `${e.image} on ${backend}: ${outside} elements outside atol ${spec.tolerance.atol} + rtol ${spec.tolerance.rtol}`);
      assert.ok(maxDiff < 2e-4, `${e.image} on ${backend}: max |ours − TF| = ${maxDiff}`);
      assert.ok(sumDiff / ref.length < 1e-6, `${e.image} on ${backend}: mean |ours − TF| = ${sumDiff / ref.length} (a systematic difference)`);
      const seg = res.result as Segmentation;
      assert.equal(seg.kind, 'segmentation');
      assert.ok(
        Math.abs((seg.classFractions[1] ?? 0) - e.personFraction) < 1e-3,
        `${e.image}: person fraction ${seg.classFractions[1]} vs TF ${e.personFraction}`,
      );
      t.diagnostic(
        `${backend} ${e.image}: max abs diff ${maxDiff.toExponential(2)}, mean ${(sumDiff / ref.length).toExponential(2)}, infer ${res.timingsMs.infer.toFixed(0)} ms`,
      );
    }
    t.diagnostic(`${backend}: worst max abs diff ${worst.toExponential(2)}`);
  });
}
