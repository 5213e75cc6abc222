// The tasks the shared worker pool runs, declared once for the host (WorkerPool.run) and the worker (worker-main.ts).

import { defineTask } from './task';

/** Answers with its text: checks that a worker starts and replies. */
export const pingTask = defineTask<{ text: string }, { echo: string; threadId: number }>('ping');
