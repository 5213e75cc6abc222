// Editor change events → tree-sitter edits for the linter's incremental reparse. Pure (no vscode import).

import type { DocumentEdit } from '../../core/lint/types';

/** The parts of a vscode.TextDocumentContentChangeEvent the conversion reads. */
export interface ContentChange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** Where inserted `text` ends when it starts at `start` (lines split on \n; \r\n counts once). */
export function endAfterInsert(start: { line: number; character: number }, text: string): { line: number; character: number } {
  const lastNl = text.lastIndexOf('\n');
  if (lastNl < 0) return { line: start.line, character: start.character + text.length };
  let lines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return { line: start.line + lines, character: text.length - lastNl - 1 };
}

/**
 * Converts the content changes of one change event to linter edits, in the same order.
 * VS Code applies an event's changes one after another, so each change is already relative to the text the
 * previous ones produced; the edits keep that order and can be given to Linter.update as they are.
 */
export function toDocumentEdits(changes: readonly ContentChange[]): DocumentEdit[] {
  return changes.map((c) => ({
    startIndex: c.rangeOffset,
    oldEndIndex: c.rangeOffset + c.rangeLength,
    newEndIndex: c.rangeOffset + c.text.length,
    startPosition: { line: c.range.start.line, character: c.range.start.character },
    oldEndPosition: { line: c.range.end.line, character: c.range.end.character },
    newEndPosition: endAfterInsert(c.range.start, c.text),
  }));
}

/** Applies content changes to a text the way VS Code does (one after another); used to check edits in tests. */
export function applyChanges(text: string, changes: readonly ContentChange[]): string {
  let out = text;
  for (const c of changes) out = out.slice(0, c.rangeOffset) + c.text + out.slice(c.rangeOffset + c.rangeLength);
  return out;
}
