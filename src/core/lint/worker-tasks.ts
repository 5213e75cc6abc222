// The lint worker's tasks, declared once for the host (WorkerLinter) and the worker thread (worker-main.ts).
// Only types are imported here, so declaring them never loads tree-sitter on the host.

import type { Spec } from '../spec/types';
import { defineTask } from '../worker/task';
import type { LintDocument, LintOutcome, LintSkip } from './types';

/**
 * The lint worker's V8 heap limits. A young generation of 96 MB (32 MB semi-spaces; V8's default is 16 MB) holds all a
 * full pass of a 2,000-line file allocates (about 16 MB for Java), so with the worker's idle collection (idle-gc.ts)
 * a pass runs with no garbage collection at all. `bench/lint.mjs` measures in a worker with the same limits.
 */
export const LINT_WORKER_RESOURCE_LIMITS = { maxYoungGenerationSizeMb: 96 } as const;

/** Where the worker finds tree-sitter, and the time one document may take there. */
export interface LintWorkerSetup {
  wasmDir: string;
  timeBudgetMs?: number | undefined;
  /** The workspace folder whose files the linter may read for imported module constants (none without it). */
  workspaceRoot?: string | undefined;
}

/** An open document's unsaved text, read before the file on disk when a linted file imports it. */
export interface OpenText {
  path: string;
  text: string;
}

/**
 * The findings of one lint as they cross threads. Copying thousands of finding objects costs the receiving thread
 * real time (structured clone), so new findings travel as one JSON text (`fresh`, an array) and findings the host
 * already has from the reply numbered `base` as their index in it. `items[i]` is that index, or -1 for the next
 * finding of `fresh`. `seq` numbers this reply for the next one.
 */
export interface PackedOutcome {
  seq: number;
  base?: number;
  items: number[];
  fresh: string;
  skipped?: LintSkip;
}

/** Lints one document in the worker, which keeps its tree for an incremental reparse of the next text. `have` is the seq of the last reply the host kept for this document. */
export const lintCheckTask = defineTask<{ setup: LintWorkerSetup; doc: LintDocument; spec: Spec; have?: number; open?: OpenText[] | undefined }, PackedOutcome>(
  'lint.check',
);

/** Turns a packed reply back into an outcome, reusing the findings of the reply it refers to. */
export function unpackOutcome(packed: PackedOutcome, previous: { seq: number; outcome: LintOutcome } | undefined): LintOutcome {
  const prev = packed.base !== undefined && previous?.seq === packed.base ? previous.outcome.findings : [];
  const fresh = JSON.parse(packed.fresh) as LintOutcome['findings'];
  let next = 0;
  const findings = packed.items.map((i) => {
    const f = i < 0 ? fresh[next++] : prev[i];
    if (!f) throw new Error('The lint worker referred to a finding this thread does not have.');
    return f;
  });
  return packed.skipped ? { findings, skipped: packed.skipped } : { findings };
}

/** Packs an outcome for the host: findings it already has (in `previous`, the reply numbered `previous.seq`) go as indices. */
export function packOutcome(
  outcome: LintOutcome,
  seq: number,
  previous: { seq: number; json: string[] } | undefined,
): { packed: PackedOutcome; json: string[] } {
  const json = outcome.findings.map((f) => JSON.stringify(f));
  const index = new Map<string, number>();
  previous?.json.forEach((j, i) => {
    if (!index.has(j)) index.set(j, i);
  });
  const fresh: string[] = [];
  const items = json.map((j) => {
    const i = index.get(j);
    if (i !== undefined) return i;
    fresh.push(j);
    return -1;
  });
  const packed: PackedOutcome = { seq, items, fresh: `[${fresh.join(',')}]` };
  if (previous) packed.base = previous.seq;
  if (outcome.skipped) packed.skipped = outcome.skipped;
  return { packed, json };
}

/** Forgets a document in the worker (frees its tree). */
export const lintCloseTask = defineTask<{ uri: string }, void>('lint.close');

/** Loads tree-sitter and the grammars in the worker (so a missing file shows up at once); replies with the time taken. */
export const lintLoadTask = defineTask<{ setup: LintWorkerSetup }, { loadMs: number }>('lint.load');
