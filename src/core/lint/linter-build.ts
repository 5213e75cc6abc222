// How the linter builds a document's IR under its time budget: the errors that end a lint (over budget, the runtime
// failed) and the extraction of one chunk with both checks.

import type { ContainerOf, ExtractChunk } from './chunks';
import { ExtractCtx } from './extract-common';
import { cppContainer, extractCpp } from './extract-cpp';
import { extractJava, javaContainer } from './extract-java';
import { extractJs, jsContainer } from './extract-js';
import { extractPython, pythonContainer } from './extract-python';
import type { SyntaxNode } from './flat-tree';
import type { ChunkBase, Stmt } from './ir';
import { isRuntimeCrash } from './parser';
import type { Family } from './scope-names';

/** A language family's extractor: one chunk's IR, and where a container node keeps its members. */
export interface Extractor {
  extract: (ctx: ExtractCtx, n: SyntaxNode) => Stmt[];
  container: ContainerOf;
}

/** The extractor of each language family. */
export const EXTRACTORS: Record<Family, Extractor> = {
  python: { extract: extractPython, container: pythonContainer },
  cpp: { extract: extractCpp, container: cppContainer },
  java: { extract: extractJava, container: javaContainer },
  js: { extract: extractJs, container: jsContainer },
};

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
