// The lint worker thread's entry (bundled as dist/lint-worker.js): one linter, kept with the trees of open documents.
// Parsing and analysis run here, so the extension host never waits on tree-sitter.

import { handle, serveTasks } from '../worker/serve';
import { createLinter } from './linter';
import { fsSiblingReader, type SiblingReader } from './siblings';
import type { Linter } from './types';
import { lintCheckTask, lintCloseTask, lintLoadTask, type LintWorkerSetup } from './worker-tasks';

let current: { key: string; linter: Promise<Linter> } | undefined;
/** Unsaved texts of open documents, sent with each lint; read before the file system. */
let openTexts = new Map<string, string>();

function overlayReader(root: string): SiblingReader {
  const disk = fsSiblingReader(root);
  return { root, read: (p) => openTexts.get(p) ?? disk.read(p) };
}

function linterFor(setup: LintWorkerSetup): Promise<Linter> {
  const key = `${setup.wasmDir}\u0000${setup.timeBudgetMs ?? ''}\u0000${setup.workspaceRoot ?? ''}`;
  if (current?.key !== key) {
    void current?.linter.then((l) => l.dispose(), () => undefined);
    current = { key, linter: createLinter({ wasmDir: setup.wasmDir, timeBudgetMs: setup.timeBudgetMs, siblings: setup.workspaceRoot ? overlayReader(setup.workspaceRoot) : undefined }) };
  }
  return current.linter;
}

serveTasks([
  handle(lintLoadTask, async ({ setup }) => {
    const started = performance.now();
    await (await linterFor(setup)).ready();
    return { loadMs: performance.now() - started };
  }),
  handle(lintCheckTask, async ({ setup, doc, spec, open }, signal) => {
    const linter = await linterFor(setup);
    openTexts = new Map((open ?? []).filter((o) => o.text.length <= 256 * 1024).map((o) => [o.path, o.text]));
    await linter.ready();
    if (signal.aborted) return { findings: [] };
    return linter.check(doc, spec);
  }),
  handle(lintCloseTask, async ({ uri }) => {
    if (current) (await current.linter).close(uri);
  }),
]);
