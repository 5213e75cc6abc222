// The one worker pool the extension host and the CLI share, with the worker script bundled next to them.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerPool } from './pool';

let shared: WorkerPool | undefined;

/** The worker script: dist/worker.js next to the bundle, or the compiled worker-main.js when run from tsc output. */
export function defaultWorkerScript(): string {
  const bundled = join(__dirname, 'worker.js');
  return existsSync(bundled) ? bundled : join(__dirname, 'worker-main.js');
}

/** The shared pool (sized for the machine), created on first use; workers start only when a task needs one. */
export function sharedPool(): WorkerPool {
  shared ??= new WorkerPool({ script: defaultWorkerScript() });
  return shared;
}

/** Stops the shared pool's workers (on deactivate or CLI exit); the next sharedPool() call makes a new one. */
export async function closeSharedPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
