// The lint host turns editor change events into tree-sitter edits; after typing, the incrementally reparsed
// document must give exactly the findings a fresh parse of the same text gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from '../../src/core/lint/index';
import type { Finding, LintLanguageId } from '../../src/core/lint/types';
import { parseSpec } from '../../src/core/spec/index';
import { applyChanges, toDocumentEdits, type ContentChange } from '../../src/extension/lint/edits';
import { lineStarts, offsetToPosition } from '../../src/extension/text-offsets';

const root = join(__dirname, '..', '..', '..');
const wasmDir = join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm');
const spec = parseSpec(readFileSync(join(root, 'demo/tensorparity.json'), 'utf8')).spec!;

function change(text: string, start: number, end: number, insert: string): ContentChange {
  const starts = lineStarts(text);
  return {
    range: { start: offsetToPosition(starts, text.length, start), end: offsetToPosition(starts, text.length, end) },
    rangeOffset: start,
    rangeLength: end - start,
    text: insert,
  };
}

/** Simulates typing: each step is one change event (possibly several multi-cursor changes). */
async function typeAndCompare(
  file: string,
  lang: LintLanguageId,
  steps: ((text: string) => ContentChange[])[],
): Promise<{ incremental: Finding[]; fresh: Finding[]; text: string }> {
  const live = await createLinter({ wasmDir });
  const uri = `file:///demo/${file}`;
  let text = readFileSync(join(root, 'demo/src', file), 'utf8');
  live.lint({ uri, languageId: lang, text }, spec);
  for (const step of steps) {
    const changes = step(text);
    const next = applyChanges(text, changes);
    live.update(uri, toDocumentEdits(changes), next);
    text = next;
  }
  const incremental = live.lint({ uri, languageId: lang, text }, spec);
  live.dispose();
  const fresh = await createLinter({ wasmDir });
  const result = fresh.lint({ uri: 'fresh', languageId: lang, text }, spec);
  fresh.dispose();
  return { incremental, fresh: result, text };
}

test('editing the resize size to the spec removes TP201 after an incremental reparse, as a fresh parse does', async () => {
  const { incremental, fresh, text } = await typeAndCompare('preprocess.py', 'python', [
    // Select "224, 224" with two cursors and type 256 (VS Code sends the later change first).
    (t) => {
      const a = t.indexOf('(224, 224)') + 1;
      return [change(t, a + 5, a + 8, '2'), change(t, a, a + 3, '2')];
    },
    (t) => {
      const a = t.indexOf('(2, 2)') + 1;
      return [change(t, a + 4, a + 4, '56'), change(t, a + 1, a + 1, '56')];
    },
  ]);
  assert.match(text, /cv2\.resize\(img, \(256, 256\)\)/);
  assert.deepEqual(incremental, fresh);
  assert.ok(!incremental.some((f) => f.code === 'TP201'), `no resize-size finding is left: ${JSON.stringify(incremental.map((f) => f.code))}`);
});

test('inserting and deleting whole lines above a finding moves it with the text', async () => {
  const { incremental, fresh } = await typeAndCompare('preprocess.cpp', 'cpp', [
    (t) => {
      const at = t.indexOf('namespace {');
      return [change(t, at, at, '// a\n// b\n// c\n')];
    },
    (t) => {
      const at = t.indexOf('// b\n');
      return [change(t, at, at + 5, '')];
    },
    (t) => {
      const at = t.indexOf('cv::Mat resized;');
      return [change(t, at, at, 'int unused = 0;\r\n  ')];
    },
  ]);
  assert.deepEqual(incremental, fresh);
  const bgr = incremental.find((f) => f.code === 'TP101');
  assert.ok(bgr, 'the C++ port still reads BGR without converting');
});
