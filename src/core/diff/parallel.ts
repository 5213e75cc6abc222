// diffTensors over two threads for large tensors: this thread runs the first half of each pass, a helper worker thread
// the second half over the same memory (SharedArrayBuffer), and the halves' accumulators are merged.

import { availableParallelism, loadavg } from 'node:os';
import type { WorkerPool } from '../worker/pool';
import type { NdArray } from '../tensor/types';
import { diffSteps, diffTensors } from './diff';
import { heapPush, runPass1 } from './kernel';
import { runPass2 } from './pass2';
import { type FloatData, type KernelInput, type Pass1, type Pass2 } from './kernel-types';
import type { RankPlan } from './radix';
import type { DiffOptions, DiffReport } from './types';

/** Tensors with fewer values than this are diffed in one thread (starting a worker costs more than it saves). */
export const PARALLEL_MIN_VALUES = 4 * 1024 * 1024;

/** What pass 2 over part of the data gives back: its sums and its own fine histograms. */
export interface Pass2Part extends Pass2 {
  fineAbs: Uint32Array;
  firstAbs: Uint32Array;
  fineRel: Uint32Array;
  firstRel: Uint32Array;
}

let helpers: WorkerPool | undefined;

async function helperPool(): Promise<WorkerPool> {
  if (!helpers) {
    const { WorkerPool: Pool } = await import('../worker/pool');
    const { defaultWorkerScript } = await import('../worker/shared');
    helpers = new Pool({ script: defaultWorkerScript(), size: 1 });
  }
  return helpers;
}

function toShared(x: FloatData): FloatData {
  if (x.buffer instanceof SharedArrayBuffer) return x;
  const out = x instanceof Float32Array ? new Float32Array(new SharedArrayBuffer(x.byteLength)) : new Float64Array(new SharedArrayBuffer(x.byteLength));
  out.set(x);
  return out;
}

/**
 * True when a second thread can speed a diff of n values up: a large tensor, two cores or more, and a core to spare
 * (on a machine whose load average already fills every core, the helper only waits for CPU and adds a copy).
 */
export function worthSplitting(n: number): boolean {
  const cores = availableParallelism();
  return n >= PARALLEL_MIN_VALUES && cores >= 2 && loadavg()[0] <= cores - 0.5;
}

/**
 * diffTensors, with each pass split over this thread and a helper worker when worthSplitting says so (or `split` is
 * given); the report is the same up to the order of floating-point summation.
 */
export async function diffTensorsParallel(
  a: NdArray,
  b: NdArray,
  opts: DiffOptions,
  signal?: AbortSignal,
  split = worthSplitting(b.data.length),
): Promise<DiffReport> {
  if (!split || a.data.length !== b.data.length || b.data.length === 0) return diffTensors(a, b, opts);
  const { diffPass1Task, diffPass2Task } = await import('../worker/tasks');
  const pool = await helperPool();
  const steps = diffSteps(a, b, opts);
  let next = steps.next();
  let shared: KernelInput | undefined;
  while (!next.done) {
    const r = next.value;
    signal?.throwIfAborted();
    shared ??= { ...r.inp, a: toShared(r.inp.a), b: toShared(r.inp.b) };
    const n = r.inp.a.length;
    const mid = n >> 1;
    if (r.pass === 1) {
      const remote = pool.run(diffPass1Task, { inp: shared, start: mid, end: n }, signal ? { signal } : {});
      const local = runPass1(shared, 0, mid);
      next = steps.next(mergePass1([local, await remote], r.inp));
    } else {
      const { meanAbs, meanRel, planAbs, planRel } = r;
      const remote = pool.run(diffPass2Task, { inp: shared, meanAbs, meanRel, planAbs, planRel, start: mid, end: n }, signal ? { signal } : {});
      const local = runPass2(shared, meanAbs, meanRel, planAbs, planRel, 0, mid);
      next = steps.next(mergePass2(local, await remote, planAbs, planRel));
    }
  }
  return next.value;
}

/** Pass 2 over [start, end) on fresh copies of the plans' histograms (what a helper thread runs). */
export function runPass2Part(inp: KernelInput, meanAbs: number, meanRel: number, planAbs: RankPlan, planRel: RankPlan, start: number, end: number): Pass2Part {
  const p = runPass2(inp, meanAbs, meanRel, planAbs, planRel, start, end);
  return { ...p, fineAbs: planAbs.fine, firstAbs: planAbs.firstIndex, fineRel: planRel.fine, firstRel: planRel.firstIndex };
}

function mergeFine(fine: Uint32Array, first: Uint32Array, partFine: Uint32Array, partFirst: Uint32Array): void {
  for (let i = 0; i < fine.length; i++) {
    if (partFine[i] === 0) continue;
    fine[i] += partFine[i];
    if (partFirst[i] < first[i]) first[i] = partFirst[i];
  }
}

/** Adds a later part's pass-2 sums and histograms to this thread's (whose histograms live in the plans). */
export function mergePass2(local: Pass2, part: Pass2Part, planAbs: RankPlan, planRel: RankPlan): Pass2 {
  mergeFine(planAbs.fine, planAbs.firstIndex, part.fineAbs, part.firstAbs);
  mergeFine(planRel.fine, planRel.firstIndex, part.fineRel, part.firstRel);
  return { ssdAbs: local.ssdAbs + part.ssdAbs, ssdRel: local.ssdRel + part.ssdRel };
}

/** Merges pass-1 parts given in element order into what one pass over the whole tensor gives. */
export function mergePass1(parts: readonly Pass1[], inp: KernelInput): Pass1 {
  const [first, ...rest] = parts;
  const m: Pass1 = {
    ...first,
    coarseAbs: first.coarseAbs.slice(),
    coarseRel: first.coarseRel.slice(),
    firstNonFiniteA: [...first.firstNonFiniteA],
    firstNonFiniteB: [...first.firstNonFiniteB],
    heapVal: first.heapVal.slice(),
    heapIdx: first.heapIdx.slice(),
    ch: Object.fromEntries(Object.entries(first.ch).map(([k, v]) => [k, v.slice()])) as Pass1['ch'],
    spMax: first.spMax.slice(),
    spSum: first.spSum.slice(),
    spCount: first.spCount.slice(),
  };
  const n = inp.a.length;
  for (let c = 0; c < m.ch.count.length; c++) m.ch.count[c] += n / inp.channels;
  for (let i = 0; i < m.spCount.length; i++) m.spCount[i] += n / inp.hw;
  for (const p of rest) {
    for (const k of [
      'finite',
      'sumAbs',
      'sumRel',
      'failAllclose',
      'failBoth',
      'nonFinitePairs',
      'sxy',
      'sxx',
      'syy',
      'sse',
      'nanA',
      'posInfA',
      'negInfA',
      'nanB',
      'posInfB',
      'negInfB',
    ] as const)
      m[k] += p[k];
    for (const k of ['needAtolAllclose', 'needRtolAllclose', 'needAtolBoth', 'needRtolBoth', 'maxB'] as const) m[k] = Math.max(m[k], p[k]);
    m.minB = Math.min(m.minB, p.minB);
    if (p.minAbs < m.minAbs) {
      m.minAbs = p.minAbs;
      m.minAbsAt = p.minAbsAt;
    }
    if (p.maxAbs > m.maxAbs) {
      m.maxAbs = p.maxAbs;
      m.maxAbsAt = p.maxAbsAt;
    }
    if (p.minRel < m.minRel) {
      m.minRel = p.minRel;
      m.minRelAt = p.minRelAt;
    }
    if (p.maxRel > m.maxRel) {
      m.maxRel = p.maxRel;
      m.maxRelAt = p.maxRelAt;
    }
    for (let i = 0; i < 65536; i++) {
      m.coarseAbs[i] += p.coarseAbs[i];
      m.coarseRel[i] += p.coarseRel[i];
    }
    m.firstNonFiniteA = [...m.firstNonFiniteA, ...p.firstNonFiniteA].slice(0, inp.nonFiniteSamples);
    m.firstNonFiniteB = [...m.firstNonFiniteB, ...p.firstNonFiniteB].slice(0, inp.nonFiniteSamples);
    // The later part's worst elements in the order one pass would have met them: larger first, then earlier.
    const order = Array.from({ length: p.heapSize }, (_, i) => i).sort((x, y) => p.heapVal[y] - p.heapVal[x] || p.heapIdx[x] - p.heapIdx[y]);
    for (const i of order) {
      if (m.heapSize < inp.worstK || p.heapVal[i] > m.heapVal[0]) heapPush(m, inp.worstK, p.heapVal[i], p.heapIdx[i]);
    }
    const ch = m.ch;
    for (let c = 0; c < ch.count.length; c++) {
      ch.count[c] += p.ch.count[c];
      ch.sumAbs[c] += p.ch.sumAbs[c];
      ch.sumSq[c] += p.ch.sumSq[c];
      ch.fail[c] += p.ch.fail[c];
      ch.sumA[c] += p.ch.sumA[c];
      ch.sumB[c] += p.ch.sumB[c];
      if (p.ch.max[c] > ch.max[c]) {
        ch.max[c] = p.ch.max[c];
        ch.maxAt[c] = p.ch.maxAt[c];
      }
    }
    for (let i = 0; i < m.spMax.length; i++) {
      if (p.spMax[i] > m.spMax[i]) m.spMax[i] = p.spMax[i];
      m.spSum[i] += p.spSum[i];
      m.spCount[i] += p.spCount[i];
    }
  }
  return m;
}

/** Stops the helper worker (tests, or a CLI that wants to exit at once; it is unref'd when idle anyway). */
export async function closeHelperPool(): Promise<void> {
  const pool = helpers;
  helpers = undefined;
  await pool?.close();
}
