// Collects findings located by spans and turns them into line/character ranges.

import { RULE_BY_ID, type RuleId } from './codes';
import { endOf, startOf, type Expr, type Span } from './ir';
import type { Finding, LintPosition, LintSeverity } from './types';

/** A quick-fix edit by absolute offsets. */
export interface RawEdit {
  start: number;
  end: number;
  text: string;
}

/** A finding before positions are resolved. */
export interface RawFinding {
  rule: RuleId;
  message: string;
  at: Span | Expr | { start: number; end: number };
  severity?: LintSeverity;
  specPath?: string;
  fix?: { title: string; edits: RawEdit[] };
}

/** Absolute offsets of a span or expression. */
export function offsets(at: Span | Expr | { start: number; end: number }): { start: number; end: number } {
  if ('start' in at) return at;
  const sp = 'ch' in at ? at : at.sp;
  return { start: startOf(sp), end: endOf(sp) };
}

/** Start offsets of each line of a text. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  let i = text.indexOf('\n');
  while (i >= 0) {
    starts.push(i + 1);
    i = text.indexOf('\n', i + 1);
  }
  return starts;
}

/** Converts an offset to a zero-based line/character position. */
export function positionAt(starts: readonly number[], offset: number): LintPosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

/** Accumulates findings, dropping duplicates of the same rule at the same place. */
export class Reporter {
  private readonly items: RawFinding[] = [];
  private readonly seen = new Set<string>();

  /** Adds a finding unless the same rule already reported the same range. */
  add(f: RawFinding): void {
    const { start, end } = offsets(f.at);
    const key = `${f.rule}:${start}:${end}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push({ ...f, at: { start, end } });
  }

  /** True when a finding of `rule` covers the offset range. */
  has(rule: RuleId, at: Span | Expr): boolean {
    const { start, end } = offsets(at);
    return this.seen.has(`${rule}:${start}:${end}`);
  }

  /** Resolved findings in document order. */
  findings(text: string): Finding[] {
    const starts = lineStarts(text);
    const out = this.items.map((f): Finding & { _o: number } => {
      const { start, end } = offsets(f.at);
      const info = RULE_BY_ID.get(f.rule)!;
      const finding: Finding & { _o: number } = {
        code: info.code, rule: f.rule, severity: f.severity ?? info.severity, message: f.message,
        range: { start: positionAt(starts, start), end: positionAt(starts, end) }, _o: start,
      };
      if (f.specPath) finding.specPath = f.specPath;
      if (f.fix) {
        finding.fix = {
          title: f.fix.title,
          edits: f.fix.edits.map((e) => ({ range: { start: positionAt(starts, e.start), end: positionAt(starts, e.end) }, newText: e.text })),
        };
      }
      return finding;
    });
    out.sort((a, b) => a._o - b._o || a.code.localeCompare(b.code));
    return out.map(({ _o, ...f }) => { void _o; return f; });
  }
}
