// The linter's parsing of one document: a new document's tree (in two halves at once when it is large, see
// split-run.ts), a parse with a deadline, and the IR after an edit inside one chunk from that chunk re-parsed alone.

import type * as TS from '@vscode/tree-sitter-wasm';
import { extractAhead, localEdit, type CachedChunk, type ChunkState } from './chunks';
import type { FlatTree } from './flat-tree';
import type { AnalysisCache } from './incremental';
import type { Stmt } from './ir';
import { ChunkExtractor, EXTRACTORS, OverBudget, RuntimeFailed } from './linter-build';
import { parseChunk } from './local-reparse';
import type { ParseHelper } from './parse-helper';
import type { Runtime } from './parser';
import { familyOf, type Family } from './scope-names';
import { parseInHalves } from './split-run';
import type { Finding, LintDocument, LintLanguageId } from './types';

/** What the linter keeps of an open document. */
export interface DocState extends ChunkState {
  languageId: LintLanguageId;
  text: string;
  tree: TS.Tree;
  /** The tree was edited since its last parse and not reparsed (lints since then re-parsed only the edited chunk). */
  stale?: boolean | undefined;
  /** The tree holds the first half only (split-run.ts): settle() parses the whole document when idle. */
  partial?: boolean | undefined;
  /** The whole document's tree read from its two halves, for its first build. */
  flat?: FlatTree | undefined;
  analysis: AnalysisCache;
  /** The findings of the last lint, valid while the text and the spec stay the same. */
  memo?: { text: string; specKey: string; findings: Finding[]; sibFiles: string[] | undefined; sibKey: string | undefined } | undefined;
}

/** Characters handed to tree-sitter per read during a reparse (its lexer asks again at a chunk end, mid-character too). */
const REPARSE_READ = 1024;

/** Parses with a deadline: tree-sitter's progress callback cancels a parse that runs over it. */
export function parseText(rt: Runtime, text: string, old: TS.Tree | null, deadline: number): TS.Tree | null {
  let over = false;
  let tree: TS.Tree | null;
  try {
    // A reparse reads the text near the edit only: tree-sitter's own reader for a string copies up to 5,120 characters
    // into wasm memory each time its lexer moves past a reused subtree.
    const input = old ? (index: number): string => text.slice(index, index + REPARSE_READ) : text;
    tree = rt.parser.parse(input, old, { progressCallback: () => (over = performance.now() > deadline) });
  } catch (err) {
    throw new RuntimeFailed(err);
  }
  if (tree) return tree;
  if (over) {
    rt.parser.reset();
    throw new OverBudget();
  }
  return null;
}

/**
 * A new document's tree (the parser's language set): parsed in two halves at once when it is large and the helper is
 * ready (then `flat` is the whole document's tree and `tree` holds the first half), or whole.
 */
export function parseNew(
  rt: Runtime,
  helper: ParseHelper | undefined,
  doc: LintDocument,
  deadline: number,
): { tree: TS.Tree; flat?: FlatTree; chunks?: Map<string, CachedChunk[]> | undefined } | null {
  let chunks: Map<string, CachedChunk[]> | undefined;
  // While the helper parses the second half, the first half's chunks are extracted (the build reuses them).
  const ahead = (first: FlatTree, mid: number): void => {
    const ex = EXTRACTORS[familyOf(doc.languageId)];
    chunks = new Map();
    try {
      extractAhead(chunks, first.node(0), doc.text, mid, ex.container, new ChunkExtractor(ex.extract, doc.text, deadline));
    } catch {
      // Over budget or a failure: the build extracts the rest and meets the same error.
    }
  };
  const halves = helper ? parseInHalves(rt, helper, doc, deadline, ahead) : undefined;
  if (halves?.flat) return { tree: halves.first, flat: halves.flat, chunks };
  try {
    const tree = parseText(rt, doc.text, halves?.first ?? null, deadline);
    return tree && (chunks ? { tree, chunks } : { tree });
  } finally {
    halves?.first.delete();
  }
}

/** The IR after an edit strictly inside one chunk, from that chunk re-parsed alone (local-reparse.ts), or undefined. */
export function localBuild(rt: Runtime, state: DocState, family: Family, deadline: number, gen: number): Stmt[] | undefined {
  const ex = EXTRACTORS[family];
  const src = state.text;
  rt.parser.setLanguage(rt.languages.get(state.languageId) ?? null);
  let part: ReturnType<typeof parseChunk>;
  let over = false;
  try {
    return localEdit(state, src, ex.container, gen, new ChunkExtractor(ex.extract, src, deadline), (start, end, type) => {
      try {
        part = parseChunk(rt.parser, src, start, end, type, () => (over = performance.now() > deadline));
      } catch (err) {
        throw new RuntimeFailed(err);
      }
      if (!part && over) {
        rt.parser.reset();
        throw new OverBudget();
      }
      return part?.node;
    });
  } finally {
    part?.tree.delete();
  }
}
