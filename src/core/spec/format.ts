// Turns located spec problems into "file:line:col: severity: message" lines for the CLI and logs.

import type { SpecProblem } from './types';

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Formats one problem as "file:line:col: error: message (at path)". */
export function formatSpecProblem(problem: SpecProblem, text: string, file: string): string {
  const { line, column } = lineColumn(text, problem.offset);
  const at = problem.path ? ` [${problem.path}]` : '';
  return `${file}:${line}:${column}: ${problem.severity}: ${problem.message}${at}`;
}
