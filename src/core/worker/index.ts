// Worker threads for heavy work: a typed task pool with cancellation, crash recovery and the core error classes.

export { defineTask, transferablesOf, type Task } from './task';
export { WorkerPool, defaultPoolSize, type PoolOptions, type RunOptions } from './pool';
export { serveTasks, handle, withTransfer, type TaskHandler, type TaskFn } from './serve';
export { TaskCancelledError, WorkerCrashedError, registerWorkerError, isCancelled, serializeError, reviveError } from './errors';
export { sharedPool, closeSharedPool, defaultWorkerScript } from './shared';
