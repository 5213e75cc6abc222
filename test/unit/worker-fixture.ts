// A worker script for worker-pool.test.ts: tasks that reply, fail, stop on cancel, ignore cancel, and crash.

import { resourceLimits, threadId } from 'node:worker_threads';
import { ModelError } from '../../src/core/infer/errors';
import { TensorFileError } from '../../src/core/tensor/types';
import { defineTask } from '../../src/core/worker/task';
import { handle, serveTasks, withTransfer } from '../../src/core/worker/serve';

/** Doubles the values and moves the result back. */
export const doubleTask = defineTask<{ data: Float32Array }, { data: Float32Array; threadId: number }>('test.double');
/** Throws the error class named in the request. */
export const failTask = defineTask<{ kind: 'model' | 'tensor' | 'plain' }, never>('test.fail');
/** Waits until cancelled, then reports that it saw the cancel. */
export const waitTask = defineTask<{ marker: Int32Array }, never>('test.wait');
/** Spins forever without looking at the signal. */
export const spinTask = defineTask<Record<string, never>, never>('test.spin');
/** Ends the worker thread. */
export const crashTask = defineTask<{ code: number }, never>('test.crash');
/** Answers with the worker's thread id. */
export const whoTask = defineTask<Record<string, never>, number>('test.who');
/** Answers with the young-generation limit the worker was started with (MB; 0 for V8's default). */
export const youngTask = defineTask<Record<string, never>, number>('test.young');

serveTasks([
  handle(doubleTask, ({ data }) => {
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = data[i] * 2;
    return withTransfer({ data: out, threadId }, [out.buffer]);
  }),
  handle(failTask, ({ kind }) => {
    if (kind === 'model') throw new ModelError('model.json is not a TFJS model. Convert it with tensorflowjs_converter.', '/m/model.json');
    if (kind === 'tensor') throw new TensorFileError('a.npy is truncated: re-export it with np.save.', '/t/a.npy');
    throw new RangeError('plain failure');
  }),
  handle(
    waitTask,
    ({ marker }, signal) =>
      new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => {
          Atomics.store(marker, 0, 1);
          reject(new Error('stopped'));
        });
      }),
  ),
  handle(spinTask, () => {
    for (;;) {
      /* ignores the cancel */
    }
  }),
  handle(crashTask, ({ code }) => process.exit(code)),
  handle(whoTask, () => threadId),
  handle(youngTask, () => resourceLimits.maxYoungGenerationSizeMb ?? 0),
]);
