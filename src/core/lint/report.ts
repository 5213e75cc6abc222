// Collects findings located by spans and turns them into line/character ranges.

import { RULE_BY_ID, type RuleId } from './codes';
import { endOf, startOf, type ChunkBase, type Expr, type Span } from './ir';
import { slot } from './memo';
import type { Finding, LintPosition, LintSeverity } from './types';

/** A quick-fix edit, relative to a chunk so it stays valid when edits elsewhere move the chunk. */
export interface RawEdit {
  ch: ChunkBase;
  s: number;
  e: number;
  text: string;
}

/** An edit of absolute offsets [start, end) inside the chunk of `anchor`. */
export function edit(anchor: Span, start: number, end: number, text: string): RawEdit {
  return { ch: anchor.ch, s: start - anchor.ch.base, e: end - anchor.ch.base, text };
}

/** A finding before positions are resolved. */
export interface RawFinding {
  rule: RuleId;
  message: string;
  at: Span | Expr;
  severity?: LintSeverity;
  specPath?: string;
  /** Undefined when the rule could not build a safe edit for this case. */
  fix?: { title: string; edits: RawEdit[] } | undefined;
}

/** Absolute offsets of a span or expression. */
export function offsets(at: Span | Expr): { start: number; end: number } {
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

/** Accumulates findings (into the unit being analysed, when one is set); duplicates are dropped when resolving. */
export class Reporter {
  private readonly items: RawFinding[] = [];
  /** Where findings of the unit (function) being analysed also go, for incremental re-analysis. */
  unit: RawFinding[] | undefined;

  /** Adds a finding. */
  add(f: RawFinding): void {
    this.items.push(f);
    this.unit?.push(f);
  }

  /** Takes back a finding of the unit being analysed (false when it is not there: another unit's findings stay). */
  withdraw(f: RawFinding): boolean {
    const inUnit = this.unit ? this.unit.indexOf(f) : -1;
    if (this.unit && inUnit < 0) return false;
    const i = this.items.lastIndexOf(f);
    if (i < 0) return false;
    this.items.splice(i, 1);
    if (this.unit) this.unit.splice(inUnit, 1);
    return true;
  }

  /** How many findings have been reported so far (a mark for `takeSince`). */
  get size(): number {
    return this.items.length;
  }

  /** Takes back the findings reported since the marks `size` and the unit's length gave. */
  takeSince(start: number, unitStart: number): RawFinding[] {
    this.unit?.splice(unitStart);
    return this.items.splice(start);
  }

  /** Runs `fn` and returns the findings it reported instead of keeping them. */
  capture(fn: () => void): RawFinding[] {
    const start = this.items.length;
    const unitStart = this.unit?.length ?? 0;
    fn();
    this.unit?.splice(unitStart);
    return this.items.splice(start);
  }

  /** Adds findings kept from an earlier run. */
  addAll(fs: readonly RawFinding[]): void {
    for (const f of fs) this.items.push(f);
  }

  /** Resolved findings in document order, one per rule and range. */
  findings(text: string, skip?: (rule: string, start: number) => boolean): Finding[] {
    const starts = lineStarts(text);
    // One per rule and range; a range is one number while its end is below 2^26 (exact: start × 2^26 + end < 2^53).
    const seen = new Map<RuleId, Set<number | string>>();
    const out: { f: Finding; o: number }[] = [];
    for (const f of this.items) {
      const sp = 'ch' in f.at ? f.at : f.at.sp;
      const start = sp.ch.base + sp.s;
      const end = sp.ch.base + sp.e;
      if (skip?.(f.rule, start)) continue;
      let ranges = seen.get(f.rule);
      if (!ranges) seen.set(f.rule, (ranges = new Set()));
      const key = end < 67108864 ? start * 67108864 + end : `${start}:${end}`;
      if (ranges.has(key)) continue;
      ranges.add(key);
      // A finding of an unchanged function keeps its resolved form while its lines have not moved.
      const memo = RESOLVED.get(f);
      const finding =
        memo && memo.start === start && memo.end === end && stillAt(starts, memo.finding, f, start, end) ? memo.finding : resolve(starts, f, start, end);
      if (finding !== memo?.finding) RESOLVED.set(f, { start, end, finding });
      out.push({ f: finding, o: start });
    }
    out.sort((a, b) => a.o - b.o || (a.f.code < b.f.code ? -1 : a.f.code > b.f.code ? 1 : 0));
    return out.map((x) => x.f);
  }
}

/** The last resolved form of a raw finding, with the offsets it was resolved at. */
const RESOLVED = slot<RawFinding, { start: number; end: number; finding: Finding }>('resolved');

/** True when `pos` is still the position of `offset` under these line starts. */
function samePosition(starts: readonly number[], offset: number, pos: LintPosition): boolean {
  const line = starts[pos.line];
  return line !== undefined && line + pos.character === offset && (pos.line + 1 >= starts.length || starts[pos.line + 1] > offset);
}

/** True when a finding resolved earlier (range and fix edits) has the same positions under these line starts. */
function stillAt(starts: readonly number[], finding: Finding, f: RawFinding, start: number, end: number): boolean {
  if (!samePosition(starts, start, finding.range.start) || !samePosition(starts, end, finding.range.end)) return false;
  const edits = f.fix?.edits ?? [];
  const resolved = finding.fix?.edits ?? [];
  if (edits.length !== resolved.length) return false;
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i];
    const r = resolved[i].range;
    if (!samePosition(starts, e.ch.base + e.s, r.start) || !samePosition(starts, e.ch.base + e.e, r.end)) return false;
  }
  return true;
}

function resolve(starts: readonly number[], f: RawFinding, start: number, end: number): Finding {
  const info = RULE_BY_ID.get(f.rule)!;
  const finding: Finding = {
    code: info.code,
    rule: f.rule,
    severity: f.severity ?? info.severity,
    message: f.message,
    range: { start: positionAt(starts, start), end: positionAt(starts, end) },
  };
  if (f.specPath) finding.specPath = f.specPath;
  if (f.fix) {
    finding.fix = {
      title: f.fix.title,
      edits: f.fix.edits.map((e) => ({
        range: { start: positionAt(starts, e.ch.base + e.s), end: positionAt(starts, e.ch.base + e.e) },
        newText: e.text,
      })),
    };
  }
  return finding;
}
