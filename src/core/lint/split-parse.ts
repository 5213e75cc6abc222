// A large new document parsed in two halves (split-scan.ts plans them): each half is the document with tree-sitter's
// included ranges, so its nodes keep the document's offsets and its members are parsed in their real context. The two
// flat trees are merged into the tree a whole parse gives: the first half's nodes up to the split line, the second's
// from it. A half with a syntax error, or halves that do not meet at a member boundary, give no tree: the document is
// then parsed whole.

import type * as TS from '@vscode/tree-sitter-wasm';
import type { FlatSink } from './flat-heap';
import { FlatTree } from './flat-tree';
import { pointAt } from './local-reparse';
import type { HalfRanges, SplitPlan } from './split-scan';

/** The arrays of a FlatTree and how many entries are used (as a helper thread sends them). */
export type FlatArrays = Omit<FlatSink, 'grow'> & { size: number };

const NONE = -1;

/** tree-sitter's included ranges for a half. */
export function includedRanges(text: string, half: HalfRanges): TS.Range[] {
  return half.map(([s, e]) => ({ startIndex: s, endIndex: e, startPosition: pointAt(text, s), endPosition: pointAt(text, e) }));
}

/**
 * Parses one half with `parser` (its language set); null when cancelled by `progress` or when the half has a syntax
 * error (error recovery may reach across the split: the document is then parsed whole).
 */
export function parseHalf(parser: TS.Parser, text: string, half: HalfRanges, progress: () => boolean): TS.Tree | null {
  const tree = parser.parse(text, null, { includedRanges: includedRanges(text, half), progressCallback: progress });
  if (tree && tree.rootNode.hasError) {
    tree.delete();
    return null;
  }
  return tree;
}

/**
 * The entries from the root down to the deepest node that strictly contains `mid` (its children do not), then into
 * its child of type `block` that starts after `mid` when there is one (see SplitPlan.block).
 */
function pathTo(t: FlatTree | FlatArrays, mid: number, block: number): number[] {
  const path = [0];
  for (let n = 0; ;) {
    let into = NONE;
    let after = NONE;
    for (let c = t.firstChild[n]!; c !== NONE; c = t.next[c]!) {
      if (t.start[c]! < mid && t.end[c]! > mid) {
        into = c;
        break;
      }
      if (t.start[c]! >= mid && t.type[c] === block && after === NONE) after = c;
    }
    if (into === NONE) {
      if (after !== NONE) path.push(after);
      return path;
    }
    path.push((n = into));
  }
}

/** The entries of `a` at the same places as `path` in `b` (same start and type at each level), or undefined. */
function alongside(a: FlatArrays, b: FlatArrays, path: number[], mid: number): number[] | undefined {
  const out = [0];
  for (let k = 1; k < path.length; k++) {
    const y = path[k]!;
    let x = NONE;
    for (let c = a.firstChild[out[k - 1]!]!; c !== NONE; c = a.next[c]!) {
      if (a.type[c] !== b.type[y]) continue;
      // A block the second half starts at its member: the first half's is the one that starts before the split.
      if (a.start[c] === b.start[y] || (k === path.length - 1 && b.start[y]! >= mid && a.start[c]! < mid)) x = c;
    }
    if (x === NONE) return undefined;
    out.push(x);
  }
  return out;
}

/** The children of `n`, in order. */
function children(t: FlatArrays, n: number): number[] {
  const out: number[] = [];
  for (let c = t.firstChild[n]!; c !== NONE; c = t.next[c]!) out.push(c);
  return out;
}

/**
 * The whole document's flat tree from its two halves, or undefined when they do not meet cleanly. Up to the split
 * line the first half's nodes are the document's; from it on, the second half's (the second half holds all the rest
 * of the document in the same context; the first half reads the blocks' ends only to close them cleanly). The halves
 * must have the same nodes from the root down to the block that holds the split line, and no node across the split.
 */
export function mergeHalves(a: FlatTree, b: FlatArrays, plan: SplitPlan): FlatTree | undefined {
  const { mid } = plan;
  const open = plan.second.length > 1 ? plan.second[0]![1] : 0;
  const block = plan.block === undefined ? NONE : a.info.lang.idForNodeType(plan.block, true);
  const pb = pathTo(b, mid, block ?? NONE);
  const pa = alongside(a, b, pb, mid);
  if (!pa) return undefined;
  const ft = new FlatTree(a.info.lang, a.src);
  const off = a.size;
  ft.grow(a.size + b.size);
  ft.type.set(a.type.subarray(0, a.size));
  ft.field.set(a.field.subarray(0, a.size));
  ft.start.set(a.start.subarray(0, a.size));
  ft.end.set(a.end.subarray(0, a.size));
  ft.firstChild.set(a.firstChild.subarray(0, a.size));
  ft.next.set(a.next.subarray(0, a.size));
  ft.type.set(b.type.subarray(0, b.size), off);
  ft.field.set(b.field.subarray(0, b.size), off);
  ft.start.set(b.start.subarray(0, b.size), off);
  ft.end.set(b.end.subarray(0, b.size), off);
  for (let i = 0; i < b.size; i++) {
    const f = b.firstChild[i]!;
    const nx = b.next[i]!;
    ft.firstChild[off + i] = f === NONE ? NONE : f + off;
    ft.next[off + i] = nx === NONE ? NONE : nx + off;
  }
  ft.size = a.size + b.size;
  for (let k = 0; k < pa.length; k++) {
    const x = pa[k]!;
    const y = pb[k]!;
    if (a.type[x] !== b.type[y] || a.field[x] !== b.field[y]) return undefined;
    ft.end[x] = b.end[y]!;
    // Children: the first half's before the split (and the path's next node), the second half's after it.
    const list: number[] = [];
    const nextA = pa[k + 1] ?? NONE;
    const nextB = pb[k + 1] ?? NONE;
    for (const c of children(a, x)) {
      if (c === nextA) list.push(c);
      else if (a.end[c]! <= mid) list.push(c);
      else if (a.start[c]! < mid) return undefined;
    }
    for (const c of children(b, y)) {
      if (c === nextB) continue;
      if (b.start[c]! >= mid) list.push(c + off);
      else if (b.end[c]! > open) return undefined;
    }
    ft.firstChild[x] = list[0] ?? NONE;
    for (let i = 0; i < list.length; i++) ft.next[list[i]!] = list[i + 1] ?? NONE;
  }
  return ft;
}
