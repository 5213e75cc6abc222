// Locates a spec field (e.g. "input.width") in tensorparity.json text, for related information and "open at field".
// Pure (no vscode import).

import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { findExcessiveNesting } from '../../core/spec/depth';

/** Where a field's value is in the spec text. `path` is the part of the requested path that exists in the file. */
export interface SpecFieldLocation {
  offset: number;
  length: number;
  /** The dotted path found; shorter than the requested one when the field is not written (a default applies). */
  path: string;
  /** True when the requested field itself is in the file. */
  exact: boolean;
}

/** Splits "input.mean.0" into ["input", "mean", 0]. */
export function splitSpecPath(path: string): (string | number)[] {
  return path
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Cache of parsed spec texts (a spec is parsed once per version of its text). */
const trees = new Map<string, Node | undefined>();

function treeOf(text: string): Node | undefined {
  if (trees.has(text)) return trees.get(text);
  if (findExcessiveNesting(text)) return undefined; // parseTree recurses: never hand it hostile nesting
  const tree = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (trees.size > 8) trees.clear();
  trees.set(text, tree);
  return tree;
}

/**
 * Finds the value of `path` in the spec text, or of its nearest written parent; undefined when the text does not
 * parse to an object. A leading byte-order mark is allowed (offsets count it, as an editor does).
 */
export function findSpecField(text: string, path: string): SpecFieldLocation | undefined {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const root = treeOf(bom ? text.slice(1) : text);
  if (!root || root.type !== 'object') return undefined;
  const parts = splitSpecPath(path);
  for (let n = parts.length; n >= 1; n--) {
    const node = findNodeAtLocation(root, parts.slice(0, n));
    if (node) {
      return { offset: node.offset + bom, length: node.length, path: parts.slice(0, n).join('.'), exact: n === parts.length };
    }
  }
  return { offset: root.offset + bom, length: 1, path: '', exact: parts.length === 0 };
}
