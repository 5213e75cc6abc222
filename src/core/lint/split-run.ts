// The two-half parse of a large new document, as the linter runs it: the second half goes to the helper thread, the
// first is parsed here meanwhile, and the two flat trees are merged. Only when the machine has an idle core: on a busy
// machine the two halves would share one core and take longer than the whole. The wait for the helper is bounded by
// half the time the first half took; when the helper is late or a half is refused, the document is parsed whole here,
// reusing the first half's nodes (tree-sitter reparses only what the first half did not cover).

import type * as TS from '@vscode/tree-sitter-wasm';
import { FlatTree } from './flat-tree';
import { OverBudget, RuntimeFailed } from './linter-build';
import type { ParseHelper } from './parse-helper';
import { isRuntimeCrash, type Runtime } from './parser';
import { familyOf } from './scope-names';
import { includedRanges, mergeHalves } from './split-parse';
import { planSplit, SPLIT_MIN_CHARS } from './split-scan';
import type { LintDocument } from './types';

/** The first half's tree, and the whole document's flat tree when the halves merged. */
export interface Halves {
  first: TS.Tree;
  flat?: FlatTree | undefined;
}

/**
 * Parses `doc` (the parser's language set) in two halves when it is large and the helper is ready; undefined
 * otherwise. Without `flat`, the caller parses the document whole with `first` as the old tree, then deletes it.
 * `meanwhile` gets the first half's tree and the split point while the helper still parses the second half; it must
 * not throw.
 */
export function parseInHalves(
  rt: Runtime,
  helper: ParseHelper,
  doc: LintDocument,
  deadline: number,
  meanwhile?: (first: FlatTree, mid: number) => void,
): Halves | undefined {
  const wasm = rt.wasm;
  const plan = wasm && doc.text.length >= SPLIT_MIN_CHARS && helper.ready && helper.spareCore() ? planSplit(doc.text, familyOf(doc.languageId)) : undefined;
  if (!wasm || !plan) return undefined;
  const id = helper.request(doc.languageId, doc.text, plan.second, deadline - performance.now());
  if (id === undefined) return undefined;
  const t0 = performance.now();
  let over = false;
  let first: TS.Tree | null;
  try {
    first = rt.parser.parse(doc.text, null, {
      includedRanges: includedRanges(doc.text, plan.first),
      progressCallback: () => (over = performance.now() > deadline),
    });
  } catch (err) {
    throw new RuntimeFailed(err);
  }
  if (!first) {
    if (!over) return undefined;
    rt.parser.reset();
    throw new OverBudget();
  }
  if (first.rootNode.hasError) return { first };
  let a: FlatTree;
  try {
    a = FlatTree.read(wasm, first, first.rootNode, doc.text, doc.text.length >> 1);
  } catch (err) {
    first.delete();
    throw isRuntimeCrash(err) ? new RuntimeFailed(err) : err;
  }
  meanwhile?.(a, plan.mid);
  const b = helper.take(id, helper.always ? deadline - performance.now() : Math.max(2, (performance.now() - t0) / 2));
  return { first, flat: b && mergeHalves(a, b, plan) };
}
