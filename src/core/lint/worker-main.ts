// The lint worker thread's entry (bundled as dist/lint-worker.js): one linter, kept with the trees of open documents.
// Parsing and analysis run here, so the extension host never waits on tree-sitter.

import { handle, serveTasks } from '../worker/serve';
import { createLinter } from './linter';
import type { Linter } from './types';
import { lintCheckTask, lintCloseTask, lintLoadTask, type LintWorkerSetup } from './worker-tasks';

let current: { key: string; linter: Promise<Linter> } | undefined;

function linterFor(setup: LintWorkerSetup): Promise<Linter> {
  const key = `${setup.wasmDir}\u0000${setup.timeBudgetMs ?? ''}`;
  if (current?.key !== key) {
    void current?.linter.then((l) => l.dispose(), () => undefined);
    current = { key, linter: createLinter({ wasmDir: setup.wasmDir, timeBudgetMs: setup.timeBudgetMs }) };
  }
  return current.linter;
}

serveTasks([
  handle(lintLoadTask, async ({ setup }) => {
    const started = performance.now();
    await (await linterFor(setup)).ready();
    return { loadMs: performance.now() - started };
  }),
  handle(lintCheckTask, async ({ setup, doc, spec }, signal) => {
    const linter = await linterFor(setup);
    await linter.ready();
    if (signal.aborted) return { findings: [] };
    return linter.check(doc, spec);
  }),
  handle(lintCloseTask, async ({ uri }) => {
    if (current) (await current.linter).close(uri);
  }),
]);
