// The tasks the shared worker pool runs, declared once for the host (WorkerPool.run) and the worker (worker-main.ts).
// Only types are imported here, so declaring a task never loads TensorFlow.js or the diff code on the host.

import type { CompareFilesRequest, CompareFilesResult } from '../diff/compare-files';
import type { KernelInput, Pass1 } from '../diff/kernel-types';
import type { Pass2Part } from '../diff/parallel';
import type { RankPlan } from '../diff/radix';
import type { DiffOptions, DiffReport } from '../diff/types';
import type { DiagnoseOptions, DiagnoseRef, Diagnosis } from '../diagnose/types';
import type { InferenceRequest, InferenceResult } from '../infer/engine';
import type { NdArray } from '../tensor/types';
import type { CompareModelsRequest } from '../model-compare/compare';
import type { LayerDetailResult } from '../model-compare/worker-handlers';
import type { LayerTolerance } from '../model-compare/layers';
import type { ModelCompareReport } from '../model-compare/types';
import { defineTask } from './task';

/** Answers with its text: checks that a worker starts and replies. */
export const pingTask = defineTask<{ text: string }, { echo: string; threadId: number }>('ping');

/** Runs the spec's model on one input (the worker keeps loaded models, so run it with affinity = the model path). */
export const inferTask = defineTask<Omit<InferenceRequest, 'signal' | 'onProgress'>, InferenceResult>('infer.run');

/** Diffs two tensors. */
export const diffTask = defineTask<{ a: NdArray; b: NdArray; opts: DiffOptions }, DiffReport>('diff.tensors');

/** Loads two files (or a dump and an image), diffs them and computes the heatmaps; the tensors come back too. */
export const compareFilesTask = defineTask<CompareFilesRequest, CompareFilesResult>('diff.files');

/** Diagnoses why a dump differs from its reference. */
export const diagnoseTask = defineTask<{ dump: NdArray; ref: DiagnoseRef; opts: DiagnoseOptions }, Diagnosis>('diagnose.run');

/** Pass 1 of a diff over elements [start, end) of shared memory (the second half of diffTensorsParallel). */
export const diffPass1Task = defineTask<{ inp: KernelInput; start: number; end: number }, Pass1>('diff.pass1');

/** Pass 2 of a diff over elements [start, end) of shared memory, with its own fine histograms. */
export const diffPass2Task = defineTask<
  {
    inp: KernelInput;
    meanAbs: number;
    meanRel: number;
    planAbs: RankPlan;
    planRel: RankPlan;
    start: number;
    end: number;
  },
  Pass2Part
>('diff.pass2');

/** Compares two models (or a model and an activations dump) on one input; the worker keeps the activations for layer details under runId. */
export const modelsCompareTask = defineTask<Omit<CompareModelsRequest, 'signal' | 'onProgress' | 'keep'> & { runId: string }, ModelCompareReport>(
  'models.compare',
);

/** One layer of a kept comparison in detail (diff report and heatmaps); undefined when the worker no longer has that run. */
export const modelsLayerTask = defineTask<{ runId: string; layer: string; tolerance: LayerTolerance }, LayerDetailResult | undefined>('models.layer');
