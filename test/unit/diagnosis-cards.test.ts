// Diagnosis cards lead to the right code: a card links only a linter finding of a rule that flags its own cause
// (channel swap → the imread/color-order finding, never the fill loop that shares its spec field); without one it
// offers a workspace search; a tensor-only diagnosis offers to diagnose against an image, in the panel, not in core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { diagnosisView, sourceForRules } from '../../src/extension/compare/payload';
import { validateCompareHostMessage, validateCompareWebviewMessage } from '../../src/protocol';
import type { NdArray } from '../../src/core/tensor/types';

const H = 12;
const W = 16;
function image(): Float32Array {
  return Float32Array.from({ length: H * W * 3 }, (_, i) => ((i * 37) % 251) / 255);
}
const t = (data: Float32Array): NdArray => ({ dtype: 'float32', shape: [1, H, W, 3], data });

// What the linter found in the workspace: a partial-fill loop flagged on input.colorOrder, and the imread line.
const fillLoop = { file: '/ws/src/fill.cpp', line: 40, message: 'TP301: loop bounded by img.total()' };
const imread = { file: '/ws/src/load.cpp', line: 7, message: 'TP101: cv::imread gives BGR' };

test('a channel-swap card links the color-order finding, not the fill loop that names the same spec field', async () => {
  const ref = image();
  const bgr = Float32Array.from(ref, (_, i) => ref[i - (i % 3) + (2 - (i % 3))]);
  const d = await diagnose(t(bgr), { tensor: t(ref) });
  assert.equal(d.causes[0].id, 'channel-swap');
  const found = new Map([
    ['partial-fill', fillLoop],
    ['color-order', imread],
  ]);
  const view = diagnosisView(d, (rules) => sourceForRules(found, rules));
  assert.deepEqual(view.causes[0].source, imread);
  const onlyFill = diagnosisView(d, (rules) => sourceForRules(new Map([['partial-fill', fillLoop]]), rules));
  assert.equal(onlyFill.causes[0].source, undefined, 'no unrelated line');
  assert.match(onlyFill.causes[0].search?.words ?? '', /imread/);
  assert.ok(new RegExp(onlyFill.causes[0].search?.pattern ?? '$^').test('cv::Mat img = cv::imread(path);'));
  assert.ok(validateCompareHostMessage({ type: 'compareDiagnosis', diagnosis: onlyFill, message: '' }));
});

test('a cause no linter rule flags (a rotated input) offers a search, and a tensor-only diagnosis offers an image', async () => {
  const ref = image();
  const rot = new Float32Array(ref.length);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < 3; c++) rot[((H - 1 - y) * W + (W - 1 - x)) * 3 + c] = ref[(y * W + x) * 3 + c];
  const d = await diagnose(t(rot), { tensor: t(ref) });
  assert.equal(d.causes[0].id, 'rotation');
  assert.ok(d.missing.includes('image-and-spec'));
  const view = diagnosisView(d, () => fillLoop, true);
  assert.equal(view.causes[0].source, undefined, 'a rotation has no linter rule: never some other finding');
  assert.match(view.causes[0].search?.words ?? '', /rotate/);
  assert.equal(view.offerImage, true);
  assert.equal(diagnosisView(d, undefined, false).offerImage, undefined, 'no spec: no image button');
  assert.ok(validateCompareHostMessage({ type: 'compareDiagnosis', diagnosis: view, message: '' }));
  assert.ok(validateCompareWebviewMessage({ type: 'compareAction', action: 'diagnoseWithImage' }));
  assert.ok(validateCompareWebviewMessage({ type: 'compareAction', action: 'searchCode', cause: 0 }));
  assert.ok(!validateCompareWebviewMessage({ type: 'compareAction', action: 'runShell', cause: 0 }));
});
