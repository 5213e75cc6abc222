// The host side of the lint worker: the same lint as createLinter's, run on a worker thread so the caller's thread
// never parses. Cancellable; a lint that does not answer in time, or a worker that dies, gives a "not linted" outcome
// for that document and a fresh worker for the next one.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Spec } from '../spec/types';
import { isCancelled, WorkerCrashedError } from '../worker/errors';
import { WorkerPool } from '../worker/pool';
import { DEFAULT_TIME_BUDGET_MS, type LintDocument, type LintOutcome } from './types';
import { LINT_WORKER_RESOURCE_LIMITS, lintCheckTask, lintCloseTask, lintLoadTask, unpackOutcome, type LintWorkerSetup, type OpenText } from './worker-tasks';

/** Loading tree-sitter may take this much longer than one lint before it counts as hung (ms). */
const LOAD_EXTRA_MS = 20_000;

/** A linter the caller awaits: check() never blocks the calling thread. */
export interface LintClient {
  /** Lints a document (the worker reparses incrementally from its previous text); rejects only when `signal` aborts or the linter cannot load. */
  check(doc: LintDocument, spec: Spec, signal?: AbortSignal): Promise<LintOutcome>;
  /** Forgets a document and frees its tree. */
  close(uri: string): void;
  /** Stops the worker. */
  dispose(): Promise<void>;
}

/** Options of WorkerLinter. */
export interface WorkerLinterOptions extends LintWorkerSetup {
  /** The worker script; default dist/lint-worker.js next to the bundle, or the compiled worker-main.js. */
  script?: string;
  /** How long a lint may go without an answer before its worker is stopped and replaced (ms); default the time budget + 3 s. */
  hangMs?: number;
  /** Unsaved texts of open documents in the workspace (the editor's), read before the files on disk. */
  openTexts?: () => OpenText[];
}

/** The lint worker script: dist/lint-worker.js next to the bundle, or worker-main.js when run from tsc output. */
export function defaultLintWorkerScript(): string {
  const bundled = join(__dirname, 'lint-worker.js');
  return existsSync(bundled) ? bundled : join(__dirname, 'worker-main.js');
}

/** Lints on one worker thread that keeps the open documents' trees. */
export class WorkerLinter implements LintClient {
  private readonly pool: WorkerPool;
  private readonly setup: LintWorkerSetup;
  private readonly hangMs: number;
  /** The last reply kept per document: the worker's next reply may refer to its findings. */
  private readonly kept = new Map<string, { seq: number; outcome: LintOutcome }>();
  private readonly openTexts: (() => OpenText[]) | undefined;

  constructor(opts: WorkerLinterOptions) {
    this.setup = { wasmDir: opts.wasmDir, timeBudgetMs: opts.timeBudgetMs, workspaceRoot: opts.workspaceRoot };
    this.openTexts = opts.openTexts;
    this.hangMs = opts.hangMs ?? (opts.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS) + 3000;
    // A running lint cannot read a cancel message; it ends within its time budget, so give it that long before a restart.
    this.pool = new WorkerPool({
      script: opts.script ?? defaultLintWorkerScript(),
      size: 1,
      cancelGraceMs: 2000,
      resourceLimits: LINT_WORKER_RESOURCE_LIMITS,
    });
  }

  /** Starts the worker and loads tree-sitter there; rejects with the reason when it cannot load. Resolves with the load time (ms). */
  async load(): Promise<number> {
    const stop = new AbortController();
    const limitMs = this.hangMs + LOAD_EXTRA_MS;
    const timer = setTimeout(() => stop.abort(), limitMs);
    try {
      return (await this.pool.run(lintLoadTask, { setup: this.setup }, { signal: stop.signal })).loadMs;
    } catch (err) {
      if (stop.signal.aborted && isCancelled(err)) {
        throw new Error(
          `The linter's parser (tree-sitter) did not load within ${(limitMs / 1000).toFixed(0)} s in ${this.setup.wasmDir}; lint again, or reload the window.`,
        );
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async check(doc: LintDocument, spec: Spec, signal?: AbortSignal): Promise<LintOutcome> {
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    if (signal?.aborted) stop.abort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => stop.abort(), this.hangMs);
    const previous = this.kept.get(doc.uri);
    if (!previous) this.kept.set(doc.uri, { seq: -1, outcome: { findings: [] } });
    try {
      const packed = await this.pool.run(
        lintCheckTask,
        {
          setup: this.setup,
          doc: { uri: doc.uri, languageId: doc.languageId, text: doc.text },
          spec,
          ...(previous ? { have: previous.seq } : {}),
          open: this.openTexts?.(),
        },
        { signal: stop.signal },
      );
      const outcome = unpackOutcome(packed, previous);
      if (this.kept.has(doc.uri)) this.kept.set(doc.uri, { seq: packed.seq, outcome });
      return outcome;
    } catch (err) {
      if (signal?.aborted) throw err;
      if (isCancelled(err)) {
        return {
          findings: [],
          skipped: {
            reason: 'too-slow',
            message: `not linted: linting gave no answer within ${(this.hangMs / 1000).toFixed(1)} s, so it was stopped (very deeply nested or generated code?). Split the file, or exclude it from linting.`,
          },
        };
      }
      if (err instanceof WorkerCrashedError) {
        return {
          findings: [],
          skipped: {
            reason: 'parser-crash',
            message: `not linted: the lint worker stopped on this file (${err.message}) and was restarted; other files are linted as usual.`,
          },
        };
      }
      throw err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  close(uri: string): void {
    if (!this.kept.delete(uri)) return;
    this.pool.run(lintCloseTask, { uri }).catch(() => undefined);
  }

  async dispose(): Promise<void> {
    this.kept.clear();
    await this.pool.close();
  }
}
