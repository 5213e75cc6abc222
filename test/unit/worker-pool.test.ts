import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ModelError } from '../../src/core/infer/errors';
import { TensorFileError } from '../../src/core/tensor/types';
import { TaskCancelledError, WorkerCrashedError, WorkerPool, isCancelled, transferablesOf } from '../../src/core/worker';
import { LINT_WORKER_RESOURCE_LIMITS } from '../../src/core/lint/worker-tasks';
import { crashTask, doubleTask, failTask, spinTask, waitTask, whoTask, youngTask } from './worker-fixture';

const script = join(__dirname, 'worker-fixture.js');
const pool = new WorkerPool({ script, size: 2, cancelGraceMs: 300 });
after(() => pool.close());

test('a worker task returns its result, and transferred buffers move instead of being copied', async () => {
  const data = new Float32Array([1, 2.5, -3]);
  const out = await pool.run(doubleTask, { data }, { transfer: transferablesOf([data]) });
  assert.deepEqual([...out.data], [2, 5, -6]);
  assert.equal(data.length, 0, 'the sent buffer was moved to the worker');
  assert.ok(out.threadId > 0, 'ran on a worker thread');
});

test('errors come back as the same core error class with the same message and file', async () => {
  await assert.rejects(pool.run(failTask, { kind: 'model' }), (err: unknown) => {
    assert.ok(err instanceof ModelError);
    assert.equal(err.message, 'model.json is not a TFJS model. Convert it with tensorflowjs_converter.');
    assert.equal(err.file, '/m/model.json');
    return true;
  });
  await assert.rejects(
    pool.run(failTask, { kind: 'tensor' }),
    (err: unknown) => err instanceof TensorFileError && err.message.includes('a.npy is truncated') && err.file === '/t/a.npy',
  );
  await assert.rejects(
    pool.run(failTask, { kind: 'plain' }),
    (err: unknown) => err instanceof Error && err.name === 'RangeError' && err.message === 'plain failure',
  );
});

test('cancelling rejects at once with TaskCancelledError and the worker sees the cancel', async () => {
  const marker = new Int32Array(new SharedArrayBuffer(4));
  const ctrl = new AbortController();
  const running = pool.run(waitTask, { marker }, { signal: ctrl.signal });
  await pool.run(whoTask, {}); // the other worker answers while the first one waits
  ctrl.abort();
  await assert.rejects(running, (err: unknown) => err instanceof TaskCancelledError && isCancelled(err));
  for (let i = 0; i < 200 && Atomics.load(marker, 0) === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(Atomics.load(marker, 0), 1, 'the task in the worker was aborted');
  const already = new AbortController();
  already.abort();
  await assert.rejects(pool.run(whoTask, {}, { signal: already.signal }), TaskCancelledError);
});

test('a task that ignores the cancel loses its worker, and the pool keeps working', async () => {
  const ctrl = new AbortController();
  const spinning = pool.run(spinTask, {}, { signal: ctrl.signal, affinity: 'spin' });
  const before = await pool.run(whoTask, {});
  ctrl.abort();
  await assert.rejects(spinning, TaskCancelledError);
  const results = await Promise.all([pool.run(whoTask, {}), pool.run(whoTask, {}), pool.run(whoTask, {}, { affinity: 'spin' })]);
  assert.ok(results.every((id) => id > 0));
  assert.ok(before > 0);
});

test('a crashed worker fails its task with WorkerCrashedError and is replaced', async () => {
  await assert.rejects(
    pool.run(crashTask, { code: 7 }, { affinity: 'k' }),
    (err: unknown) => err instanceof WorkerCrashedError && err.message.includes('test.crash') && err.message.includes('exit code 7'),
  );
  const id = await pool.run(whoTask, {}, { affinity: 'k' });
  assert.ok(id > 0, 'a new worker took the next task');
  const out = await pool.run(doubleTask, { data: new Float32Array([4]) }, { affinity: 'k' });
  assert.deepEqual([...out.data], [8]);
});

test('tasks with the same affinity key run on the same worker', async () => {
  const ids = new Set<number>();
  for (let i = 0; i < 4; i++) ids.add(await pool.run(whoTask, {}, { affinity: 'model-a' }));
  assert.equal(ids.size, 1);
});

test('a closed pool refuses new tasks', async () => {
  const p = new WorkerPool({ script, size: 1 });
  assert.equal((await p.run(whoTask, {})) > 0, true);
  await p.close();
  await assert.rejects(p.run(whoTask, {}), /closed/);
});

test("a pool's workers get the heap limits it is given (the lint worker's larger young generation)", async () => {
  const p = new WorkerPool({ script, size: 1, resourceLimits: LINT_WORKER_RESOURCE_LIMITS });
  assert.equal(await p.run(youngTask, {}), LINT_WORKER_RESOURCE_LIMITS.maxYoungGenerationSizeMb);
  await p.close();
  const plain = new WorkerPool({ script, size: 1 });
  assert.notEqual(await plain.run(youngTask, {}), LINT_WORKER_RESOURCE_LIMITS.maxYoungGenerationSizeMb);
  await plain.close();
});

test('the shared pool finds its worker script and answers', async () => {
  const { sharedPool, closeSharedPool } = await import('../../src/core/worker');
  const { pingTask } = await import('../../src/core/worker/tasks');
  const out = await sharedPool().run(pingTask, { text: 'hello' });
  assert.equal(out.echo, 'hello');
  assert.ok(out.threadId > 0);
  await closeSharedPool();
});

test('a worker script that does not exist fails the task instead of throwing on the host', async () => {
  const p = new WorkerPool({ script: join(__dirname, 'no-such-worker.js'), size: 1 });
  await assert.rejects(p.run(whoTask, {}), (err: unknown) => err instanceof Error && /no-such-worker|Cannot find/.test(err.message));
  await p.close();
});
