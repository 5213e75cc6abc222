// Errors cross the thread boundary as plain data and come back as the same core error classes, with the same text.

import { TensorFileError } from '../tensor/types';
import { SpecError } from '../spec/errors';
import { ImageError } from '../preprocess/errors';
import { ModelError } from '../infer/errors';

/** An error as it travels between threads. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  /** Constructor names from the error's own class up to Error, to revive the nearest known class. */
  readonly classes: readonly string[];
  readonly stack?: string;
  /** Own properties with plain values (file, code, ...). */
  readonly props: Readonly<Record<string, string | number | boolean>>;
}

/** The user stopped the task (AbortSignal), so it has no result. */
export class TaskCancelledError extends Error {
  constructor(task: string) {
    super(`${task} was cancelled.`);
    this.name = 'AbortError';
  }
}

/** The worker thread died (crash, out of memory, exit) while running a task; a fresh worker takes the next one. */
export class WorkerCrashedError extends Error {
  constructor(task: string, detail: string) {
    super(
      `The background worker stopped unexpectedly while running ${task} (${detail}). ` +
        'Run it again; if it happens every time, the input may be too large for memory, so try a smaller one.',
    );
    this.name = 'WorkerCrashedError';
  }
}

type ErrorClass = abstract new (...args: never[]) => Error;
const known = new Map<string, ErrorClass>();

/** Lets errors of this class come back from a worker as this class (core error classes are registered already). */
export function registerWorkerError(cls: ErrorClass): void {
  known.set(cls.name, cls);
}

for (const cls of [TensorFileError, SpecError, ImageError, ModelError, TaskCancelledError, WorkerCrashedError]) {
  registerWorkerError(cls);
}

/** Turns any thrown value into data that can be posted to another thread. */
export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) {
    return { name: 'Error', message: String(err), classes: ['Error'], props: {} };
  }
  const classes: string[] = [];
  for (let p: object | null = Object.getPrototypeOf(err); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const ctor = (p as { constructor?: { name?: unknown } }).constructor;
    if (typeof ctor?.name === 'string') classes.push(ctor.name);
  }
  const props: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(err)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') props[k] = v;
  }
  return { name: err.name, message: err.message, classes, props, ...(err.stack ? { stack: err.stack } : {}) };
}

/** Rebuilds an error from a worker as the nearest registered class, with the same name, message and properties. */
export function reviveError(s: SerializedError): Error {
  const cls = s.classes.map((c) => known.get(c)).find((c) => c !== undefined);
  const err = Object.create(cls ? cls.prototype : Error.prototype) as Error;
  Object.defineProperty(err, 'message', { value: s.message, writable: true, configurable: true });
  Object.defineProperty(err, 'name', { value: s.name, writable: true, configurable: true });
  Object.assign(err, s.props);
  const here = new Error().stack?.split('\n').slice(1).join('\n') ?? '';
  err.stack = `${s.stack ?? `${s.name}: ${s.message}`}\n    --- in the worker; sent to ---\n${here}`;
  return err;
}

/** True when the error means the task was cancelled. */
export function isCancelled(err: unknown): boolean {
  return err instanceof TaskCancelledError || (err instanceof Error && err.name === 'AbortError');
}
