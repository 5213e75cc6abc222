// The lint worker thread's entry (bundled as dist/lint-worker.js): one linter, kept with the trees of open documents.
// Parsing and analysis run here, so the extension host never waits on tree-sitter.

import { handle, serveTasks } from '../worker/serve';
import { collectYoungGarbage } from './idle-gc';
import { createLinter } from './linter';
import { fsSiblingReader, type SiblingReader } from './siblings';
import type { Linter } from './types';
import { lintCheckTask, lintCloseTask, lintLoadTask, packOutcome, type LintWorkerSetup } from './worker-tasks';

/** The last reply sent per document (its seq and findings as JSON), so the next one can refer to unchanged findings. */
const sent = new Map<string, { seq: number; json: string[] }>();
let seq = 0;

let current: { key: string; linter: Promise<Linter> } | undefined;
/** Unsaved texts of open documents, sent with each lint; read before the file system. */
let openTexts = new Map<string, string>();

function overlayReader(root: string): SiblingReader {
  const disk = fsSiblingReader(root);
  return { root, read: (p) => openTexts.get(p) ?? disk.read(p) };
}

let collectPending = false;

/**
 * Once the reply is posted and no message is waiting (an immediate runs after the pending messages' tasks): brings
 * the trees of edited documents up to date (Linter.settle) and collects young garbage, so the next document's full
 * pass starts with an empty young generation (see idle-gc.ts).
 */
function collectWhenIdle(): void {
  if (collectPending) return;
  collectPending = true;
  setImmediate(() => {
    collectPending = false;
    void current?.linter.then(
      (l) => {
        l.settle();
        collectYoungGarbage();
      },
      () => collectYoungGarbage(),
    );
  });
}

function linterFor(setup: LintWorkerSetup): Promise<Linter> {
  const key = `${setup.wasmDir}\u0000${setup.timeBudgetMs ?? ''}\u0000${setup.workspaceRoot ?? ''}`;
  if (current?.key !== key) {
    void current?.linter.then(
      (l) => l.dispose(),
      () => undefined,
    );
    current = {
      key,
      linter: createLinter({
        wasmDir: setup.wasmDir,
        timeBudgetMs: setup.timeBudgetMs,
        siblings: setup.workspaceRoot ? overlayReader(setup.workspaceRoot) : undefined,
        parallelParse: true,
      }),
    };
  }
  return current.linter;
}

serveTasks([
  handle(lintLoadTask, async ({ setup }) => {
    const started = performance.now();
    await (await linterFor(setup)).ready();
    return { loadMs: performance.now() - started };
  }),
  handle(lintCheckTask, async ({ setup, doc, spec, have, open }, signal) => {
    const linter = await linterFor(setup);
    openTexts = new Map((open ?? []).filter((o) => o.text.length <= 256 * 1024).map((o) => [o.path, o.text]));
    await linter.ready();
    const outcome = signal.aborted ? { findings: [] } : linter.check(doc, spec);
    const last = sent.get(doc.uri);
    // Refer to the last reply only when the host kept it (a cancelled request's reply never reached it).
    const { packed, json } = packOutcome(outcome, ++seq, last && last.seq === have ? last : undefined);
    sent.set(doc.uri, { seq: packed.seq, json });
    collectWhenIdle();
    return packed;
  }),
  handle(lintCloseTask, async ({ uri }) => {
    sent.delete(uri);
    if (current) (await current.linter).close(uri);
    collectWhenIdle();
  }),
]);
