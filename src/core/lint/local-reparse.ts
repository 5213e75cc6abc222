// Edits between two lints, and the re-parse of one chunk alone. tree-sitter's incremental reparse of a whole document
// cannot reuse a subtree built while its parser held several stack versions ("fragile": every C++ function whose return
// type is a type name, such as `cv::Mat f(...)`), so after a one-line edit it re-reduces every such function of the
// file: about 4 ms for 8,000 lines of C++. An edit strictly inside one chunk (a function) is re-parsed instead from
// that chunk's text alone (tree-sitter's included ranges keep the document's offsets); the document's tree is only
// edited, and brought up to date when the linter is idle (Linter.settle).

import type * as TS from '@vscode/tree-sitter-wasm';
import { changedRange } from './chunks';
import type { SyntaxNode } from './flat-tree';

/** The zero-based row and column of an offset. */
export function pointAt(text: string, offset: number): TS.Point {
  let row = 0;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    last = i;
  }
  return { row, column: offset - last - 1 };
}

/** The position of `to` in `text`, counted on from `from` at `at` (to ≥ from). */
function pointFrom(text: string, from: number, at: TS.Point, to: number): TS.Point {
  let row = at.row;
  let lineStart = from - at.column;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: to - lineStart };
}

/** The edit that turns `before` into `after` (common prefix and suffix kept). */
export function diffEdit(before: string, after: string): TS.Edit | undefined {
  if (before === after) return undefined;
  const { start: p, oldEnd, newEnd } = changedRange(before, after);
  const startPosition = pointAt(before, p); // the texts are the same up to p
  return {
    startIndex: p,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: pointFrom(before, p, startPosition, oldEnd),
    newEndPosition: pointFrom(after, p, startPosition, newEnd),
  };
}

/** Characters handed to tree-sitter per read of a partial parse (it reads again at a chunk end). */
const READ = 4096;

/**
 * Parses `text[start, end)` alone with `parser` (its language set) and returns the tree when that text is exactly one
 * named node of `type` with no syntax error, with the node; otherwise frees the tree and returns undefined. The tree is
 * the caller's to delete. `progress` is tree-sitter's progress callback (true cancels the parse).
 */
export function parseChunk(
  parser: TS.Parser,
  text: string,
  start: number,
  end: number,
  type: string,
  progress: () => boolean,
): { tree: TS.Tree; node: SyntaxNode } | undefined {
  const startPosition = pointAt(text, start);
  const endPosition = pointFrom(text, start, startPosition, end);
  const tree = parser.parse((i: number) => (i < end ? text.slice(i, Math.min(end, i + READ)) : ''), null, {
    includedRanges: [{ startIndex: start, endIndex: end, startPosition, endPosition }],
    progressCallback: progress,
  });
  if (!tree) return undefined;
  const root = tree.rootNode;
  const node = root.namedChildCount === 1 ? root.namedChild(0) : null;
  if (!node || root.hasError || node.type !== type || node.startIndex !== start || node.endIndex !== end) {
    tree.delete();
    return undefined;
  }
  return { tree, node };
}
