// Editor change events → linter edits: the incremental reparse must see exactly the edits VS Code applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChanges, endAfterInsert, toDocumentEdits, type ContentChange } from '../../src/extension/lint/edits';
import { lineStarts, offsetToPosition } from '../../src/extension/text-offsets';

function change(text: string, start: number, end: number, insert: string): ContentChange {
  const starts = lineStarts(text);
  return {
    range: { start: offsetToPosition(starts, text.length, start), end: offsetToPosition(starts, text.length, end) },
    rangeOffset: start,
    rangeLength: end - start,
    text: insert,
  };
}

test('typing one character becomes an insert edit at its offset and position', () => {
  const text = 'img = cv2.resize(img, (224, 224))\n';
  const [e] = toDocumentEdits([change(text, 24, 25, '5')]);
  assert.deepEqual(e, {
    startIndex: 24,
    oldEndIndex: 25,
    newEndIndex: 25,
    startPosition: { line: 0, character: 24 },
    oldEndPosition: { line: 0, character: 25 },
    newEndPosition: { line: 0, character: 25 },
  });
});

test('pasting several lines ends the edit on the last pasted line', () => {
  const text = 'a\nb\n';
  const [e] = toDocumentEdits([change(text, 2, 3, 'x = 1\ny = 2\nz')]);
  assert.equal(e.newEndIndex, 2 + 'x = 1\ny = 2\nz'.length);
  assert.deepEqual(e.newEndPosition, { line: 3, character: 1 });
  assert.deepEqual(e.oldEndPosition, { line: 1, character: 1 });
});

test('CRLF insertions count each line break once', () => {
  assert.deepEqual(endAfterInsert({ line: 4, character: 7 }, 'a\r\nbc\r\n'), { line: 6, character: 0 });
  assert.deepEqual(endAfterInsert({ line: 4, character: 7 }, 'abc'), { line: 4, character: 10 });
});

test('a deletion keeps the start and ends where it started', () => {
  const text = 'first\nsecond\nthird\n';
  const [e] = toDocumentEdits([change(text, 3, 15, '')]);
  assert.equal(e.newEndIndex, 3);
  assert.deepEqual(e.newEndPosition, { line: 0, character: 3 });
  assert.deepEqual(e.oldEndPosition, { line: 2, character: 2 });
});

test('multi-cursor changes stay in the order VS Code applies them, each relative to the text before it', () => {
  // Two cursors replace both 224s with 256: VS Code sends the later range first.
  const text = 'x = cv2.resize(img, (224, 224))\n';
  const first = change(text, 26, 29, '256');
  const afterFirst = applyChanges(text, [first]);
  const second = change(afterFirst, 21, 24, '256');
  const edits = toDocumentEdits([first, second]);
  assert.equal(applyChanges(text, [first, second]), 'x = cv2.resize(img, (256, 256))\n');
  assert.deepEqual(
    edits.map((e) => e.startIndex),
    [26, 21],
  );
});
