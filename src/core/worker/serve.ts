// The worker-thread side: runs the tasks the host posts, one reply per task, and aborts a task on request.

import { parentPort } from 'node:worker_threads';
import { serializeError } from './errors';
import { isToWorker, type FromWorker, type Task } from './task';

/** A reply plus the ArrayBuffers to move (not copy) back to the host. */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly buffers: readonly ArrayBuffer[],
  ) {}
}

/** Wraps a reply so the listed buffers are moved to the host instead of copied. */
export function withTransfer<T>(value: T, buffers: readonly ArrayBuffer[]): Transfer<T> {
  return new Transfer(value, buffers);
}

/** How a worker runs one kind of task; the signal aborts when the host cancels, progress reaches RunOptions.onProgress. */
export type TaskFn<Req, Res> = (req: Req, signal: AbortSignal, progress: (message: string) => void) => Res | Transfer<Res> | Promise<Res | Transfer<Res>>;

/** A task and the function that does it, as the worker script lists them. */
export interface TaskHandler {
  readonly name: string;
  readonly run: (req: unknown, signal: AbortSignal, progress: (message: string) => void) => unknown;
}

/** Pairs a task with the function that does it (typed against the task's request and reply). */
export function handle<Req, Res>(task: Task<Req, Res>, fn: TaskFn<Req, Res>): TaskHandler {
  return { name: task.name, run: (req, signal, progress) => fn(req as Req, signal, progress) };
}

/** Serves these tasks to the host on this worker thread; does nothing on the main thread. */
export function serveTasks(handlers: readonly TaskHandler[]): void {
  const port = parentPort;
  if (!port) return;
  const byName = new Map(handlers.map((h) => [h.name, h]));
  const running = new Map<number, AbortController>();
  const post = (msg: FromWorker, transfer: readonly ArrayBuffer[] = []): void => {
    try {
      port.postMessage(msg, [...transfer]);
    } catch (err) {
      if (msg.type === 'done') port.postMessage({ type: 'fail', id: msg.id, error: serializeError(err) } satisfies FromWorker);
      else throw err;
    }
  };
  port.on('message', (msg: unknown) => {
    if (!isToWorker(msg)) return;
    if (msg.type === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    const { id, task, payload } = msg;
    const handler = byName.get(task);
    if (!handler) {
      post({ type: 'fail', id, error: serializeError(new Error(`This worker has no task named "${task}".`)) });
      return;
    }
    const ctrl = new AbortController();
    running.set(id, ctrl);
    void (async () => {
      try {
        const progress = (message: string): void => {
          if (!ctrl.signal.aborted) post({ type: 'progress', id, message });
        };
        const out = await handler.run(payload, ctrl.signal, progress);
        if (out instanceof Transfer) post({ type: 'done', id, value: out.value }, out.buffers);
        else post({ type: 'done', id, value: out });
      } catch (err) {
        post({ type: 'fail', id, error: serializeError(err) });
      } finally {
        running.delete(id);
      }
    })();
  });
  port.postMessage({ type: 'ready' } satisfies FromWorker);
}
