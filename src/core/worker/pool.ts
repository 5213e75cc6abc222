// A pool of worker threads on the host side: typed tasks, cancellation, crash recovery, lazily started workers.

import { availableParallelism } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { reviveError, TaskCancelledError, WorkerCrashedError } from './errors';
import { isFromWorker, type Task, type ToWorker } from './task';

/** How a pool starts its workers. */
export interface PoolOptions {
  /** The worker script (a .js file that calls serveTasks). */
  readonly script: string;
  /** Number of worker threads; default: the machine's cores, 1 to 4. */
  readonly size?: number;
  /** How long a cancelled task may take to stop before its worker is terminated and replaced (ms, default 1000). */
  readonly cancelGraceMs?: number;
  /** V8 heap limits of each worker (Node's defaults when absent). */
  readonly resourceLimits?: ResourceLimits;
}

/** Per-call options of WorkerPool.run. */
export interface RunOptions {
  /** Aborting it cancels the task: the promise rejects at once with TaskCancelledError. */
  readonly signal?: AbortSignal;
  /** Buffers in the request to move to the worker instead of copying (they become unusable here). */
  readonly transfer?: readonly ArrayBuffer[];
  /** Tasks with the same key run on the same worker (for example a model path, so its cache is reused). */
  readonly affinity?: string;
  /** Progress messages the task reports while it runs. */
  readonly onProgress?: (message: string) => void;
}

interface Job {
  readonly id: number;
  readonly task: string;
  readonly payload: unknown;
  readonly transfer: readonly ArrayBuffer[];
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((message: string) => void) | undefined;
  settled: boolean;
  resolve(value: unknown): void;
  reject(err: Error): void;
  detach(): void;
}

interface Slot {
  worker: Worker | undefined;
  busy: Job | undefined;
  readonly pinned: Job[];
  graceTimer: NodeJS.Timeout | undefined;
  lastError: string | undefined;
}

/** How long stopping a worker may take before the pool lets it go instead of waiting (ms). */
export const TERMINATE_WAIT_MS = 5000;

/** The number of worker threads that suits this machine: its cores, at least 1 and at most 4. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

function hashKey(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Runs tasks on worker threads so the calling thread never blocks; workers start on first use and idle unref'd. */
export class WorkerPool {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly grace: number;

  constructor(private readonly opts: PoolOptions) {
    const size = Math.max(1, Math.floor(opts.size ?? defaultPoolSize()));
    this.grace = opts.cancelGraceMs ?? 1000;
    this.slots = Array.from({ length: size }, () => ({
      worker: undefined,
      busy: undefined,
      pinned: [],
      graceTimer: undefined,
      lastError: undefined,
    }));
  }

  /** Number of worker threads this pool runs at most. */
  get size(): number {
    return this.slots.length;
  }

  /** Runs a task on a worker thread and resolves with its reply; worker errors come back as the same error classes. */
  run<Req, Res>(task: Task<Req, Res>, request: Req, opts: RunOptions = {}): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      if (this.closed) throw new Error('The worker pool is closed.');
      if (opts.signal?.aborted) throw new TaskCancelledError(task.name);
      const onAbort = (): void => this.cancel(job);
      const job: Job = {
        id: this.nextId++,
        task: task.name,
        payload: request,
        transfer: opts.transfer ?? [],
        signal: opts.signal,
        onProgress: opts.onProgress,
        settled: false,
        resolve: (v) => {
          if (!job.settled) {
            job.settled = true;
            job.detach();
            resolve(v as Res);
          }
        },
        reject: (e) => {
          if (!job.settled) {
            job.settled = true;
            job.detach();
            reject(e);
          }
        },
        detach: () => opts.signal?.removeEventListener('abort', onAbort),
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (opts.affinity !== undefined) this.slots[hashKey(opts.affinity) % this.slots.length].pinned.push(job);
      else this.queue.push(job);
      this.pump();
    });
  }

  /** Stops every worker; tasks still waiting or running reject. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = [...this.queue, ...this.slots.flatMap((s) => [...s.pinned, ...(s.busy ? [s.busy] : [])])];
    this.queue.length = 0;
    for (const job of pending) job.reject(new Error('The worker pool was closed before this task finished.'));
    await Promise.all(this.slots.map((s) => this.stopWorker(s)));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.closed) continue;
      const job = slot.pinned.shift() ?? this.queue.shift();
      if (job) this.start(slot, job);
    }
  }

  private start(slot: Slot, job: Job): void {
    slot.busy = job;
    const msg: ToWorker = { type: 'run', id: job.id, task: job.task, payload: job.payload };
    try {
      const worker = slot.worker ?? this.spawn(slot);
      worker.ref();
      worker.postMessage(msg, [...job.transfer]);
    } catch (err) {
      this.finish(slot, job);
      job.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private spawn(slot: Slot): Worker {
    const worker = new Worker(resolvePath(this.opts.script), this.opts.resourceLimits ? { resourceLimits: this.opts.resourceLimits } : undefined);
    slot.worker = worker;
    slot.lastError = undefined;
    worker.on('message', (msg: unknown) => {
      if (slot.worker !== worker || !isFromWorker(msg) || msg.type === 'ready') return;
      const job = slot.busy;
      if (!job || job.id !== msg.id) return;
      if (msg.type === 'progress') {
        if (!job.settled) job.onProgress?.(msg.message);
        return;
      }
      this.finish(slot, job);
      if (msg.type === 'done') job.resolve(msg.value);
      else job.reject(reviveError(msg.error));
    });
    worker.on('error', (err) => {
      if (slot.worker === worker) slot.lastError = err.message;
    });
    worker.on('exit', (code) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      const job = slot.busy;
      if (job) {
        this.finish(slot, job);
        job.reject(new WorkerCrashedError(job.task, slot.lastError ?? `exit code ${code}`));
      }
      this.pump();
    });
    return worker;
  }

  /** Frees the slot after a job and hands it the next one. */
  private finish(slot: Slot, job: Job): void {
    if (slot.busy !== job) return;
    slot.busy = undefined;
    if (slot.graceTimer) clearTimeout(slot.graceTimer);
    slot.graceTimer = undefined;
    slot.worker?.unref();
    queueMicrotask(() => this.pump());
  }

  private cancel(job: Job): void {
    job.reject(new TaskCancelledError(job.task));
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    for (const slot of this.slots) {
      const i = slot.pinned.indexOf(job);
      if (i >= 0) slot.pinned.splice(i, 1);
      if (slot.busy !== job || !slot.worker) continue;
      slot.worker.postMessage({ type: 'cancel', id: job.id } satisfies ToWorker);
      // A task that does not stop in time (a long synchronous loop cannot even read the message) loses its worker.
      slot.graceTimer = setTimeout(() => {
        if (slot.busy !== job) return;
        void this.stopWorker(slot);
        this.finish(slot, job);
      }, this.grace);
    }
  }

  /** Terminates the slot's worker; a worker that does not exit within TERMINATE_WAIT_MS is let go (unref'd), never awaited forever. */
  private async stopWorker(slot: Slot): Promise<void> {
    const worker = slot.worker;
    slot.worker = undefined;
    if (!worker) return;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        worker.unref();
        resolve();
      }, TERMINATE_WAIT_MS);
      timer.unref();
    });
    try {
      await Promise.race([worker.terminate().then(() => undefined), gaveUp]);
    } catch {
      // A worker that already died has nothing left to stop.
    } finally {
      clearTimeout(timer);
    }
  }
}
