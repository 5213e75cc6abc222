// The worker thread's entry (bundled as dist/worker.js): every task the shared pool can run is listed here.
// Each handler imports its module on first use, so a worker that only diffs never loads TensorFlow.js.

import { threadId } from 'node:worker_threads';
import { handle, serveTasks, withTransfer } from './serve';
import { compareFilesTask, diagnoseTask, diffPass1Task, diffPass2Task, diffTask, inferTask, modelsCompareTask, modelsLayerTask, pingTask } from './tasks';
import { transferablesOf } from './task';

serveTasks([
  handle(pingTask, (req) => ({ echo: req.text, threadId })),
  handle(inferTask, async (req, signal, progress) => {
    const { runInference } = await import('../infer/engine');
    const res = await runInference({ ...req, signal, onProgress: progress });
    const arrays: ArrayBufferView[] = [res.inputTensor.data, res.output.data, ...(res.stages ?? []).map((s) => s.tensor.data)];
    if (res.display) arrays.push(res.display.data);
    return withTransfer(res, transferablesOf(arrays));
  }),
  handle(diffTask, async ({ a, b, opts }) => {
    const { diffTensors } = await import('../diff/diff');
    return diffTensors(a, b, opts);
  }),
  handle(compareFilesTask, async (req, signal, progress) => {
    const { compareFiles } = await import('../diff/compare-files');
    const res = await compareFiles(req, signal, progress);
    const buffers = transferablesOf([res.a.data, res.b.data]);
    if (res.heatmaps) buffers.push(res.heatmaps.maps);
    return withTransfer(res, buffers);
  }),
  handle(diffPass1Task, async ({ inp, start, end }) => {
    const { runPass1 } = await import('../diff/kernel');
    const p = runPass1(inp, start, end);
    const ch = Object.values(p.ch);
    return withTransfer(p, transferablesOf([p.coarseAbs, p.coarseRel, p.spMax, p.spSum, p.spCount, ...ch]));
  }),
  handle(diffPass2Task, async ({ inp, meanAbs, meanRel, planAbs, planRel, start, end }) => {
    const { runPass2Part } = await import('../diff/parallel');
    const p = runPass2Part(inp, meanAbs, meanRel, planAbs, planRel, start, end);
    return withTransfer(p, transferablesOf([p.fineAbs, p.firstAbs, p.fineRel, p.firstRel]));
  }),
  handle(diagnoseTask, async ({ dump, ref, opts }) => {
    const { diagnose } = await import('../diagnose/diagnose');
    return diagnose(dump, ref, opts);
  }),
  handle(modelsCompareTask, async (req, signal, progress) => {
    const { compareModelsKept } = await import('../model-compare/worker-handlers');
    return compareModelsKept(req, signal, progress);
  }),
  handle(modelsLayerTask, async (req) => {
    const { layerDetailKept } = await import('../model-compare/worker-handlers');
    const res = layerDetailKept(req.runId, req.layer, req.tolerance);
    return res?.heatmaps ? withTransfer(res, [res.heatmaps.maps]) : res;
  }),
]);
