// C++ rules: each fixture marks the findings it must produce (and every other line must stay quiet).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, checkFixture, fixture, lintText } from './lint-test-helpers';

for (const name of ['seed_fill_loop.cpp', 'color_resize.cpp', 'blob.cpp', 'blob_nchw.cpp', 'doubles.cpp', 'convert.cpp', 'syntax_error.cpp']) {
  test(`cpp fixture ${name}: exactly the marked findings`, async () => {
    await checkFixture(`cpp/${name}`);
  });
}

test('the seed fill loop says it fills only 1/3 of the tensor and the fix loops over all values', async () => {
  const fx = fixture('cpp/seed_fill_loop.cpp');
  const findings = await lintText('cpp', fx.text, fx.spec);
  const fill = findings.find((f) => f.code === 'TP503');
  assert.ok(fill);
  assert.match(fill.message, /1\/3 of the tensor/);
  assert.match(fill.message, /img\.total\(\)/);
  assert.ok(fill.fix);
  const fixed = applyEdits(fx.text, fill.fix.edits);
  assert.match(fixed, /i < img\.total\(\) \* img\.channels\(\); \+\+i\) \{ \/\/ expect/);
  const after = await lintText('cpp', fixed, fx.spec);
  assert.equal(after.filter((f) => f.code === 'TP503').length, 1, 'only the other (rows * cols) loop remains');
});
