// How the linter builds a document's IR under its time budget: the errors that end a lint (over budget, the runtime
// failed) and the extraction of one chunk with both checks.

import type { ExtractChunk } from './chunks';
import { ExtractCtx } from './extract-common';
import type { SyntaxNode } from './flat-tree';
import type { ChunkBase, Stmt } from './ir';
import { isRuntimeCrash } from './parser';

/** Thrown inside a lint when the document ran over its time budget. */
export class OverBudget extends Error {}

/** Thrown when the tree-sitter runtime failed; the linter replaces the runtime. */
export class RuntimeFailed extends Error {
  constructor(readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Extracts chunks of one build with a language's extractor, stopping at the deadline. An object with a method, not a
 * closure made per build: V8 specialises a hot closure's optimised code (with the extractor inlined) to the one it was
 * made for, and compiled it again after each major GC.
 */
export class ChunkExtractor implements ExtractChunk {
  constructor(
    private readonly extractFn: (ctx: ExtractCtx, n: SyntaxNode) => Stmt[],
    private readonly src: string,
    private readonly deadline: number,
  ) {}

  /** The IR of one chunk; a crash inside the runtime ends the lint, any other failure gives no statements. */
  chunk(n: SyntaxNode, ch: ChunkBase): Stmt[] {
    if (performance.now() > this.deadline) throw new OverBudget();
    try {
      return this.extractFn(new ExtractCtx(this.src, ch), n);
    } catch (err) {
      if (isRuntimeCrash(err)) throw new RuntimeFailed(err);
      return []; // e.g. nesting too deep for the stack: the rest of the file is still linted
    }
  }
}
