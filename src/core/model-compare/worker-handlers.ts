// The model comparison as worker tasks: the worker keeps the last runs' activations so the panel can ask for one
// layer's heatmap without running the models again.
import type { DiffReport } from '../diff/types';
import type { ErrorHeatmaps } from '../diff/heatmap';
import { compareModels, type CompareModelsRequest } from './compare';
import { layerDetail, type KeptActivations } from './layer-detail';
import type { LayerTolerance } from './layers';
import type { ModelCompareReport } from './types';

/** A layer's diff report (without its per-pixel map) and heatmaps. */
export interface LayerDetailResult {
  report: DiffReport;
  heatmaps?: ErrorHeatmaps;
}

/** How many runs' activations a worker keeps (each is every layer of both models). */
const KEEP_RUNS = 2;
const kept = new Map<string, KeptActivations>();

/** Runs compareModels and keeps its activations under runId. */
export async function compareModelsKept(
  req: Omit<CompareModelsRequest, 'signal' | 'onProgress' | 'keep'> & { runId: string },
  signal: AbortSignal,
  progress: (m: string) => void,
): Promise<ModelCompareReport> {
  const { runId, ...rest } = req;
  const report = await compareModels({
    ...rest,
    signal,
    onProgress: progress,
    keep: (k) => {
      kept.set(runId, k);
      while (kept.size > KEEP_RUNS) kept.delete(kept.keys().next().value as string);
    },
  });
  if (report.output) delete report.output.spatial;
  return report;
}

/** One layer of a kept run in detail, or undefined when this worker no longer holds that run. */
export function layerDetailKept(runId: string, layer: string, tol: LayerTolerance): LayerDetailResult | undefined {
  const k = kept.get(runId);
  if (!k) return undefined;
  const d = layerDetail(k, layer, tol);
  if (!d) return undefined;
  delete d.report.spatial;
  return d;
}
