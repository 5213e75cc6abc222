// Refuses JSON nested deeper than any real spec before a recursive parser sees it (5,000 "[" overflowed the stack).

import { createScanner, SyntaxKind } from 'jsonc-parser';

/** Deepest nesting of arrays/objects Tensor Parity parses in tensorparity.json (real specs use 3-4 levels). */
export const MAX_JSON_DEPTH = 64;

/** Where JSON text first nests deeper than `maxDepth`, scanning iteratively (strings and comments are skipped). */
export function findExcessiveNesting(text: string, maxDepth = MAX_JSON_DEPTH): { offset: number; depth: number } | undefined {
  const scanner = createScanner(text, false);
  let depth = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      depth++;
      if (depth > maxDepth) return { offset: scanner.getTokenOffset(), depth };
    } else if ((kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}
