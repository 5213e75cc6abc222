// Typed task names and the messages the host and a worker thread exchange.

import type { SerializedError } from './errors';

/** A named kind of work a worker thread can do; Req and Res are the request and reply types (checked at compile time). */
export interface Task<Req, Res> {
  readonly name: string;
  /** Never set: carries the request type. */
  readonly request?: Req;
  /** Never set: carries the reply type. */
  readonly reply?: Res;
}

/** Declares a task; the same object names it on the host (WorkerPool.run) and in the worker (handle). */
export function defineTask<Req, Res>(name: string): Task<Req, Res> {
  return { name };
}

/** Host → worker: run a task, or stop the one with this id. */
export type ToWorker =
  { readonly type: 'run'; readonly id: number; readonly task: string; readonly payload: unknown } | { readonly type: 'cancel'; readonly id: number };

/** Worker → host: a task's reply or its error. */
export type FromWorker =
  | { readonly type: 'done'; readonly id: number; readonly value: unknown }
  | { readonly type: 'fail'; readonly id: number; readonly error: SerializedError }
  | { readonly type: 'progress'; readonly id: number; readonly message: string }
  | { readonly type: 'ready' };

/** True when a value posted by a worker is one of the FromWorker messages. */
export function isFromWorker(msg: unknown): msg is FromWorker {
  if (typeof msg !== 'object' || msg === null) return false;
  const type = (msg as { type?: unknown }).type;
  return type === 'done' || type === 'fail' || type === 'progress' || type === 'ready';
}

/** True when a value posted by the host is one of the ToWorker messages. */
export function isToWorker(msg: unknown): msg is ToWorker {
  if (typeof msg !== 'object' || msg === null) return false;
  const m = msg as { type?: unknown; id?: unknown };
  return (m.type === 'run' || m.type === 'cancel') && typeof m.id === 'number';
}

/** The ArrayBuffers behind these arrays that can be moved (not copied) to another thread: whole, non-shared buffers. */
export function transferablesOf(arrays: readonly ArrayBufferView[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of arrays) {
    const buf = a.buffer;
    if (!(buf instanceof ArrayBuffer)) continue;
    // A view over part of a bigger buffer (Node's Buffer pool, a slice of a file) is copied instead: moving it
    // would detach memory the sender still uses.
    if (a.byteOffset !== 0 || a.byteLength !== buf.byteLength) continue;
    out.add(buf);
  }
  return [...out];
}
