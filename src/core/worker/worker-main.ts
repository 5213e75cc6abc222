// The worker thread's entry (bundled as dist/worker.js): every task the shared pool can run is listed here.

import { threadId } from 'node:worker_threads';
import { handle, serveTasks } from './serve';
import { pingTask } from './tasks';

serveTasks([
  handle(pingTask, (req) => ({ echo: req.text, threadId })),
]);
