// JavaScript / TypeScript / TSX rules: each fixture marks the findings it must produce.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, checkFixture, fixture, lintText } from './lint-test-helpers';

for (const name of ['tfjs.js', 'tfjs_spec.js', 'sharp.ts', 'component.tsx', 'syntax_error.ts']) {
  test(`js fixture ${name}: exactly the marked findings`, async () => {
    await checkFixture(`js/${name}`);
  });
}

test('sharp fixes add the kernel and fit the spec asks for, after which only the library note remains', async () => {
  const fx = fixture('js/sharp.ts');
  const findings = await lintText('typescript', fx.text, fx.spec);
  const onLine8 = findings.filter((f) => f.range.start.line === 7);
  const kernel = onLine8.find((f) => f.code === 'TP203');
  const fit = onLine8.find((f) => f.code === 'TP206');
  assert.ok(kernel?.fix && fit?.fix);
  assert.match(kernel.message, /lanczos3/);
  const once = applyEdits(fx.text, kernel.fix.edits);
  assert.match(once.split('\n')[7], /resize\(SIZE, SIZE, \{ kernel: 'linear' \}\)/);
  const f2 = (await lintText('typescript', once, fx.spec)).find((f) => f.range.start.line === 7 && f.code === 'TP206');
  const twice = applyEdits(once, f2!.fix!.edits);
  assert.match(twice.split('\n')[7], /resize\(SIZE, SIZE, \{ fit: 'fill', kernel: 'linear' \}\)/);
  const after = (await lintText('typescript', twice, fx.spec)).filter((f) => f.range.start.line === 7);
  assert.deepEqual(after.map((f) => f.code), ['TP204']);
});

test('tfjs flag fix appends alignCorners and halfPixelCenters in order', async () => {
  const fx = fixture('js/tfjs.js');
  const f = (await lintText('javascript', fx.text, fx.spec)).find((x) => x.code === 'TP205');
  const fixed = applyEdits(fx.text, f!.fix!.edits);
  assert.match(fixed, /resizeBilinear\(tf\.browser\.fromPixels\(img\), \[H, W\], false, true\); \/\/ expect/);
});
