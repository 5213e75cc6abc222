// Typed reads from a jsonc-parser tree that record located problems instead of throwing.

import { getNodeValue, type Node } from 'jsonc-parser';
import type { SpecProblem } from './types';

/** A span of the spec text. */
export interface Span {
  offset: number;
  length: number;
}

/** One JSON object of the spec: its properties by key, and where to point when a key is missing. */
export interface ObjectReader {
  readonly path: string;
  readonly node: Node;
  /** Where a problem about a missing key points: the parent's key, or the opening brace of the root. */
  readonly anchor: Span;
  readonly props: Map<string, { key: Node; value: Node }>;
}

/** Most warnings listed for one spec file. */
const MAX_WARNINGS = 100;

/** Collects problems while reading a spec tree. */
export class ProblemSink {
  readonly problems: SpecProblem[] = [];

  /** Records an error at `span`. */
  error(path: string, span: Span, message: string): void {
    this.problems.push({ message, path, offset: span.offset, length: span.length, severity: 'error' });
  }

  private warnings = 0;
  private overflow?: SpecProblem;

  /** Records a warning at `span`; past MAX_WARNINGS one summary warning counts the rest (a hostile file has 20,000). */
  warning(path: string, span: Span, message: string): void {
    this.warnings++;
    if (this.warnings <= MAX_WARNINGS) {
      this.problems.push({ message, path, offset: span.offset, length: span.length, severity: 'warning' });
      return;
    }
    const more = this.warnings - MAX_WARNINGS;
    if (!this.overflow) {
      this.overflow = { message: '', path, offset: span.offset, length: span.length, severity: 'warning' };
      this.problems.push(this.overflow);
    }
    this.overflow.message = `${more} more warning${more === 1 ? '' : 's'} like the ones above are not listed; fix those first.`;
  }

  /** True when any error (not warning) was recorded. */
  hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }
}

/** Joins a JSON path: "" + "model" → "model", "input" + "width" → "input.width". */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** Describes a JSON node's type the way a user reads it. */
export function describeType(node: Node): string {
  if (node.type === 'array') return 'an array';
  if (node.type === 'object') return 'an object';
  if (node.type === 'null') return 'null';
  return `${node.type === 'string' ? 'the string' : 'the ' + node.type} ${JSON.stringify(getNodeValue(node))}`;
}

/** Wraps an object node, warning about duplicate keys (the last one wins, as in JSON.parse). */
export function readObject(sink: ProblemSink, node: Node, path: string, anchor: Span): ObjectReader {
  const props = new Map<string, { key: Node; value: Node }>();
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (!key || !value || typeof key.value !== 'string') continue;
    if (props.has(key.value)) {
      sink.warning(joinPath(path, key.value), key, `Duplicate key "${key.value}": only the last one is used. Remove the other.`);
    }
    props.set(key.value, { key, value });
  }
  return { path, node, anchor, props };
}

/** Reads a nested object; records an error when the value is not an object. Returns undefined when absent or wrong. */
export function readSection(sink: ProblemSink, parent: ObjectReader, key: string): ObjectReader | undefined {
  const entry = parent.props.get(key);
  if (!entry) return undefined;
  const path = joinPath(parent.path, key);
  if (entry.value.type !== 'object') {
    sink.error(path, entry.value, `"${path}" must be an object ({ ... }), not ${describeType(entry.value)}.`);
    return undefined;
  }
  return readObject(sink, entry.value, path, entry.key);
}

/** Records a missing required field at the parent's anchor. */
export function reportMissing(sink: ProblemSink, parent: ObjectReader, key: string, hint: string): void {
  const path = joinPath(parent.path, key);
  sink.error(path, parent.anchor, `Missing required field "${path}": ${hint}`);
}

/** Reads a string, optionally one of `choices`. */
export function readString(sink: ProblemSink, obj: ObjectReader, key: string, choices?: readonly string[]): string | undefined {
  const entry = obj.props.get(key);
  if (!entry) return undefined;
  const path = joinPath(obj.path, key);
  const node = entry.value;
  if (node.type !== 'string') {
    const expected = choices ? `one of ${quoteList(choices)}` : 'a string';
    sink.error(path, node, `"${path}" must be ${expected}, not ${describeType(node)}.`);
    return undefined;
  }
  const value = node.value as string;
  if (choices && !choices.includes(value)) {
    sink.error(path, node, `"${path}" must be one of ${quoteList(choices)}; got "${value}".${didYouMean(value, choices)}`);
    return undefined;
  }
  return value;
}

/** Options for readNumber. */
export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  /** Reject exactly `min` (for "greater than"). */
  exclusiveMin?: boolean;
  /** Sentence appended to range errors, e.g. the reason for a limit. */
  why?: string;
}

/** Reads a finite number within `rule`'s range. */
export function readNumber(sink: ProblemSink, obj: ObjectReader, key: string, rule: NumberRule = {}): number | undefined {
  const entry = obj.props.get(key);
  if (!entry) return undefined;
  return checkNumber(sink, entry.value, joinPath(obj.path, key), rule);
}

/** Checks one number node against a rule; used for fields and array elements. */
export function checkNumber(sink: ProblemSink, node: Node, path: string, rule: NumberRule): number | undefined {
  const what = rule.integer ? 'an integer' : 'a number';
  if (node.type !== 'number') {
    sink.error(path, node, `"${path}" must be ${what}, not ${describeType(node)}.`);
    return undefined;
  }
  const value = node.value as number;
  const tooLow = rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min);
  const tooHigh = rule.max !== undefined && value > rule.max;
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) || tooLow || tooHigh) {
    sink.error(path, node, `"${path}" must be ${what}${rangeText(rule)}; got ${String(value)}.${rule.why ? ' ' + rule.why : ''}`);
    return undefined;
  }
  return value;
}

function rangeText(rule: NumberRule): string {
  const { min, max } = rule;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return rule.exclusiveMin ? ` greater than ${min}` : ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

/** Reads a boolean. */
export function readBoolean(sink: ProblemSink, obj: ObjectReader, key: string): boolean | undefined {
  const entry = obj.props.get(key);
  if (!entry) return undefined;
  const path = joinPath(obj.path, key);
  if (entry.value.type !== 'boolean') {
    sink.error(path, entry.value, `"${path}" must be true or false, not ${describeType(entry.value)}.`);
    return undefined;
  }
  return entry.value.value as boolean;
}

/** Reads an array node; returns its elements or undefined (recording an error) when not an array. */
export function readArray(sink: ProblemSink, obj: ObjectReader, key: string, what: string): Node[] | undefined {
  const entry = obj.props.get(key);
  if (!entry) return undefined;
  const path = joinPath(obj.path, key);
  if (entry.value.type !== 'array') {
    sink.error(path, entry.value, `"${path}" must be an array of ${what}, not ${describeType(entry.value)}.`);
    return undefined;
  }
  return entry.value.children ?? [];
}

/** Reads an array of numbers, each checked with `rule`. Undefined when any element is wrong. */
export function readNumberArray(sink: ProblemSink, obj: ObjectReader, key: string, rule: NumberRule = {}): number[] | undefined {
  const items = readArray(sink, obj, key, 'numbers');
  if (!items) return undefined;
  const path = joinPath(obj.path, key);
  const values = items.map((item, i) => checkNumber(sink, item, joinPath(path, i), rule));
  return values.every((v): v is number => v !== undefined) ? values : undefined;
}

/** Reads an array of strings, each optionally matching `pattern` (described by `patternText`). */
export function readStringArray(sink: ProblemSink, obj: ObjectReader, key: string, pattern?: RegExp, patternText?: string): string[] | undefined {
  const items = readArray(sink, obj, key, 'strings');
  if (!items) return undefined;
  const path = joinPath(obj.path, key);
  let ok = true;
  const values = items.map((item, i) => {
    const itemPath = joinPath(path, i);
    if (item.type !== 'string') {
      sink.error(itemPath, item, `"${itemPath}" must be a string, not ${describeType(item)}.`);
      ok = false;
      return '';
    }
    const value = item.value as string;
    if (pattern && !pattern.test(value)) {
      sink.error(itemPath, item, `"${itemPath}" must be ${patternText ?? 'well formed'}; got "${value}".`);
      ok = false;
    }
    return value;
  });
  return ok ? values : undefined;
}

/** Warns about keys the spec does not define, suggesting the closest known key. */
export function warnUnknownKeys(sink: ProblemSink, obj: ObjectReader, known: readonly string[]): void {
  for (const [name, { key }] of obj.props) {
    if (known.includes(name)) continue;
    const where = obj.path === '' ? 'at the top level of the spec' : `in "${obj.path}"`;
    sink.warning(joinPath(obj.path, name), key, `Unknown field "${name}" ${where}; it is ignored.${didYouMean(name, known)}`);
  }
}

/** Formats choices as "a", "b", "c". */
export function quoteList(choices: readonly string[]): string {
  return choices.map((c) => `"${c}"`).join(', ');
}

/** " Did you mean "x"?" for the closest candidate within a small edit distance, else "". */
export function didYouMean(value: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(value.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const allowed = Math.max(2, Math.floor(value.length / 3));
  return best !== undefined && bestDistance <= allowed ? ` Did you mean "${best}"?` : '';
}

/** Levenshtein distance, with a transposition of neighbours counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
    }
  }
  return d[a.length][b.length];
}
