// The lint worker's tasks, declared once for the host (WorkerLinter) and the worker thread (worker-main.ts).
// Only types are imported here, so declaring them never loads tree-sitter on the host.

import type { Spec } from '../spec/types';
import { defineTask } from '../worker/task';
import type { LintDocument, LintOutcome } from './types';

/** Where the worker finds tree-sitter, and the time one document may take there. */
export interface LintWorkerSetup {
  wasmDir: string;
  timeBudgetMs?: number;
  /** The workspace folder whose files the linter may read for imported module constants (none without it). */
  workspaceRoot?: string;
}

/** An open document's unsaved text, read before the file on disk when a linted file imports it. */
export interface OpenText {
  path: string;
  text: string;
}

/** Lints one document in the worker, which keeps its tree for an incremental reparse of the next text. */
export const lintCheckTask = defineTask<{ setup: LintWorkerSetup; doc: LintDocument; spec: Spec; open?: OpenText[] }, LintOutcome>('lint.check');

/** Forgets a document in the worker (frees its tree). */
export const lintCloseTask = defineTask<{ uri: string }, void>('lint.close');

/** Loads tree-sitter and the grammars in the worker (so a missing file shows up at once); replies with the time taken. */
export const lintLoadTask = defineTask<{ setup: LintWorkerSetup }, { loadMs: number }>('lint.load');
