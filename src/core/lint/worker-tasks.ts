// The lint worker's tasks, declared once for the host (WorkerLinter) and the worker thread (worker-main.ts).
// Only types are imported here, so declaring them never loads tree-sitter on the host.

import type { Spec } from '../spec/types';
import { defineTask } from '../worker/task';
import type { LintDocument, LintOutcome } from './types';

/** Where the worker finds tree-sitter, and the time one document may take there. */
export interface LintWorkerSetup {
  wasmDir: string;
  timeBudgetMs?: number | undefined;
}

/** Lints one document in the worker, which keeps its tree for an incremental reparse of the next text. */
export const lintCheckTask = defineTask<{ setup: LintWorkerSetup; doc: LintDocument; spec: Spec }, LintOutcome>('lint.check');

/** Forgets a document in the worker (frees its tree). */
export const lintCloseTask = defineTask<{ uri: string }, void>('lint.close');

/** Loads tree-sitter and the grammars in the worker (so a missing file shows up at once); replies with the time taken. */
export const lintLoadTask = defineTask<{ setup: LintWorkerSetup }, { loadMs: number }>('lint.load');
