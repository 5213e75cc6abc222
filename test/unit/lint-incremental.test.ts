// Incremental linting: update() (tree.edit + reparse with the old tree) and lint() of changed text give exactly
// what a fresh lint of the same text gives, positions are UTF-16 code units, and a document can be closed and reopened.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinter } from '../../src/core/lint/linter';
import type { DocumentEdit, LintLanguageId } from '../../src/core/lint/types';
import { fixture, specWith, WASM_DIR } from './lint-test-helpers';

function point(text: string, offset: number): { row: number; column: number } {
  const before = text.slice(0, offset);
  const row = before.split('\n').length - 1;
  return { row, column: offset - (before.lastIndexOf('\n') + 1) };
}

function replaceEdit(text: string, start: number, end: number, insert: string): { edit: DocumentEdit; next: string } {
  const next = text.slice(0, start) + insert + text.slice(end);
  return {
    next,
    edit: {
      startIndex: start,
      oldEndIndex: end,
      newEndIndex: start + insert.length,
      startPosition: point(text, start),
      oldEndPosition: point(text, end),
      newEndPosition: point(next, start + insert.length),
    },
  };
}

const SNIPPETS: Record<string, string[]> = {
  python: ['2', '\n', 'x = cv2.resize(img, (7, 7))\n', ')', '# ', 'def f(a):\n    return a / 127.5\n'],
  cpp: ['2', '\n', 'cv::resize(a, b, cv::Size(7, 7));\n', '}', '// ', 'const int W = 99;\n'],
  java: ['2', '\n', 'Bitmap.createScaledBitmap(b, 7, 7, false);\n', '}', '// ', 'static final int INPUT_SIZE = 99;\n'],
  typescript: ['2', '\n', 'tf.image.resizeBilinear(t, [7, 7]);\n', ')', '// ', 'const SIZE = 99;\n'],
};

for (const [languageId, rel] of [
  ['python', 'python/normalize.py'],
  ['cpp', 'cpp/seed_fill_loop.cpp'],
  ['java', 'java/Classifier.java'],
  ['typescript', 'js/sharp.ts'],
] as [LintLanguageId, string][]) {
  test(`${languageId}: 25 random edits through update() match a fresh lint after each edit`, async () => {
    const fx = fixture(rel);
    const live = await createLinter({ wasmDir: WASM_DIR });
    const fresh = await createLinter({ wasmDir: WASM_DIR });
    let text = fx.text;
    live.lint({ uri: 'live', languageId, text }, fx.spec);
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let k = 0; k < 25; k++) {
      const start = rnd(text.length);
      const del = rnd(3) === 0 ? Math.min(text.length - start, 1 + rnd(6)) : 0;
      const insert = del > 0 && rnd(2) === 0 ? '' : SNIPPETS[languageId][rnd(SNIPPETS[languageId].length)];
      const { edit, next } = replaceEdit(text, start, start + del, insert);
      text = next;
      if (k % 3 === 2) live.update('live', [edit], text);
      else live.update('live', edit, text);
      const got = live.lint({ uri: 'live', languageId, text }, fx.spec);
      const want = fresh.lint({ uri: `fresh${k}`, languageId, text }, fx.spec);
      fresh.close(`fresh${k}`);
      assert.deepEqual(got, want, `after edit ${k} (${JSON.stringify(insert)} at ${start})`);
    }
    live.dispose();
    fresh.dispose();
  });
}

test('lint() of changed text without update() reparses incrementally and matches a fresh lint', async () => {
  const spec = specWith({});
  const l = await createLinter({ wasmDir: WASM_DIR });
  const a = 'import cv2\n\ndef f(img):\n    return cv2.resize(img, (224, 224))\n\ndef g(img):\n    return cv2.resize(img, (224, 224))\n';
  assert.deepEqual(l.lint({ uri: 'u', languageId: 'python', text: a }, spec), []);
  const b = a.replace('(224, 224))\n\ndef g', '(100, 224))\n\ndef g');
  const findings = l.lint({ uri: 'u', languageId: 'python', text: b }, spec);
  assert.deepEqual(
    findings.map((f) => [f.code, f.range.start.line]),
    [['TP201', 3]],
  );
  const c = `# a comment line\n${b}`;
  const moved = l.lint({ uri: 'u', languageId: 'python', text: c }, spec);
  assert.deepEqual(
    moved.map((f) => [f.code, f.range.start.line]),
    [['TP201', 4]],
  );
  assert.equal(moved[0].fix?.edits[0].range.start.line, 4);
  l.dispose();
});

test('several edits of one change event are applied in order', async () => {
  const spec = specWith({});
  const l = await createLinter({ wasmDir: WASM_DIR });
  const t0 = 'import cv2\nx = cv2.resize(img, (224, 224))\ny = cv2.resize(img, (224, 224))\n';
  l.lint({ uri: 'u', languageId: 'python', text: t0 }, spec);
  const first = replaceEdit(t0, t0.indexOf('224'), t0.indexOf('224') + 3, '10');
  const at = first.next.lastIndexOf('224');
  const second = replaceEdit(first.next, at, at + 3, '20');
  l.update('u', [first.edit, second.edit], second.next);
  const findings = l.lint({ uri: 'u', languageId: 'python', text: second.next }, spec);
  assert.deepEqual(
    findings.map((f) => f.range.start.line),
    [1, 2],
  );
  assert.match(findings[0].message, /width 10 × height 224/);
  assert.match(findings[1].message, /width 224 × height 20/);
  l.dispose();
});

test('edits given with VS Code positions ({line, character}) work too', async () => {
  const spec = specWith({});
  const l = await createLinter({ wasmDir: WASM_DIR });
  const t0 = 'import cv2\nx = cv2.resize(img, (224, 224))\n';
  l.lint({ uri: 'u', languageId: 'python', text: t0 }, spec);
  const s = t0.indexOf('224');
  const t1 = `${t0.slice(0, s)}300${t0.slice(s + 3)}`;
  l.update(
    'u',
    {
      startIndex: s,
      oldEndIndex: s + 3,
      newEndIndex: s + 3,
      startPosition: { line: 1, character: 20 },
      oldEndPosition: { line: 1, character: 23 },
      newEndPosition: { line: 1, character: 23 },
    },
    t1,
  );
  assert.deepEqual(
    l.lint({ uri: 'u', languageId: 'python', text: t1 }, spec).map((f) => f.code),
    ['TP201'],
  );
  l.update(
    'unknown-uri',
    {
      startIndex: 0,
      oldEndIndex: 0,
      newEndIndex: 1,
      startPosition: { line: 0, character: 0 },
      oldEndPosition: { line: 0, character: 0 },
      newEndPosition: { line: 0, character: 1 },
    },
    'x',
  );
  l.dispose();
});

test('positions are UTF-16 code units, as VS Code counts them', async () => {
  const spec = specWith({});
  const l = await createLinter({ wasmDir: WASM_DIR });
  const text = 'import cv2\nlabel = "héllo 😀"; x = cv2.resize(img, (1, 2))\n';
  const [f] = l.lint({ uri: 'u', languageId: 'python', text }, spec);
  const line = text.split('\n')[1];
  assert.equal(f.range.start.line, 1);
  assert.equal(f.range.start.character, line.indexOf('(1, 2)'));
  assert.equal(f.range.end.character, line.indexOf('(1, 2)') + 6);
  l.dispose();
});

test('a reparse after an edit reads the text in pieces: characters outside the BMP across a piece boundary still match a fresh lint', async () => {
  const spec = specWith({});
  const l = await createLinter({ wasmDir: WASM_DIR });
  // Comments of emoji (two UTF-16 units each) at every parity, so some surrogate pair straddles each 1,024-unit read.
  const block = (i: number): string => `# ${'😀'.repeat(40 + (i % 3))}${'x'.repeat(i % 2)}\nv${i} = cv2.resize(img, (${i + 1}, 7))\n`;
  let text = 'import cv2\n' + Array.from({ length: 120 }, (_, i) => block(i)).join('');
  l.lint({ uri: 'u', languageId: 'python', text }, spec);
  for (const at of [text.indexOf('(60, 7)'), text.indexOf('(3, 7)'), text.lastIndexOf('(120, 7)')]) {
    const { edit, next } = replaceEdit(text, at + 1, at + 3, '224');
    l.update('u', edit, next);
    text = next;
    const fresh = await createLinter({ wasmDir: WASM_DIR });
    assert.deepEqual(l.lint({ uri: 'u', languageId: 'python', text }, spec), fresh.lint({ uri: 'f', languageId: 'python', text }, spec));
    fresh.dispose();
  }
  assert.ok(text.length > 8 * 1024);
  l.dispose();
});

test('close() forgets the tree; the next lint parses from scratch; a new language id starts over', async () => {
  const spec = specWith({});
  const l = await createLinter({ wasmDir: WASM_DIR });
  const py = 'import cv2\nx = cv2.resize(img, (1, 1))\n';
  assert.equal(l.lint({ uri: 'u', languageId: 'python', text: py }, spec).length, 1);
  l.close('u');
  l.close('never-opened');
  assert.equal(l.lint({ uri: 'u', languageId: 'python', text: py }, spec).length, 1);
  const cpp = 'void f(cv::Mat a) { cv::resize(a, a, cv::Size(1, 1)); }\n';
  assert.deepEqual(
    l.lint({ uri: 'u', languageId: 'cpp', text: cpp }, spec).map((f) => f.code),
    ['TP201'],
  );
  l.dispose();
});

test('changing the spec re-checks unchanged code', async () => {
  const l = await createLinter({ wasmDir: WASM_DIR });
  const py = 'import cv2\ndef f(img):\n    return cv2.resize(img, (320, 240))\n';
  assert.equal(l.lint({ uri: 'u', languageId: 'python', text: py }, specWith({ input: { width: 320, height: 240 } })).length, 0);
  assert.deepEqual(
    l.lint({ uri: 'u', languageId: 'python', text: py }, specWith({ input: { width: 240, height: 320 } })).map((f) => f.code),
    ['TP202'],
  );
  l.dispose();
});

test('an unchanged document re-lints to the same findings; another spec or an edit elsewhere recomputes exactly what a fresh lint gives', async () => {
  const base = fixture('cpp/doubles.cpp');
  const fx = { ...base, text: `${base.text}\nvoid other(int n) {\n  int x = n;\n}\n` };
  const other = specWith({
    input: { width: 256, height: 256, scale: 1 / 127.5, mean: [1, 1, 1], resize: { library: 'cv2', method: 'area' } },
  });
  const live = await createLinter({ wasmDir: WASM_DIR });
  const fresh = await createLinter({ wasmDir: WASM_DIR });
  const freshLint = (text: string, spec: typeof other): unknown => {
    const r = fresh.lint({ uri: 'f', languageId: 'cpp', text }, spec);
    fresh.close('f');
    return r;
  };
  const first = live.lint({ uri: 'live', languageId: 'cpp', text: fx.text }, fx.spec);
  assert.ok(
    first.some((f) => f.code === 'TP501'),
    'the fixture has structural (float64) findings',
  );
  const again = live.lint({ uri: 'live', languageId: 'cpp', text: fx.text }, fx.spec);
  assert.deepEqual(again, first);
  again.length = 0; // a caller changing its array must not change the next result
  assert.deepEqual(live.lint({ uri: 'live', languageId: 'cpp', text: fx.text }, fx.spec), first);
  assert.deepEqual(live.lint({ uri: 'live', languageId: 'cpp', text: fx.text }, other), freshLint(fx.text, other));
  assert.deepEqual(live.lint({ uri: 'live', languageId: 'cpp', text: fx.text }, fx.spec), first);
  // Edit the last function only: findings of make() (kept from the cache) still match a fresh lint.
  const at = fx.text.lastIndexOf('}');
  const { edit, next } = replaceEdit(fx.text, at, at, '  int unused = 0;\n');
  live.update('live', edit, next);
  const edited = live.lint({ uri: 'live', languageId: 'cpp', text: next }, fx.spec);
  assert.deepEqual(edited, freshLint(next, fx.spec));
  assert.deepEqual(
    edited.map((f) => f.code),
    first.map((f) => f.code),
  );
  live.dispose();
  fresh.dispose();
});
