// One layer in detail: its full diff report and per-channel error heatmaps (the diff panel's spatial maps), from the
// activations a comparison kept.
import { guessLayout } from '../diff/align';
import { alignTensor, diffTensors } from '../diff/diff';
import { computeHeatmaps, type ErrorHeatmaps } from '../diff/heatmap';
import type { DiffReport } from '../diff/types';
import type { NdArray } from '../tensor/types';
import type { LayerTolerance } from './layers';

/** The activations of one comparison, kept for layer details: ours and the reference by layer name. */
export interface KeptActivations {
  ours: Map<string, NdArray>;
  reference: Map<string, NdArray>;
  /** Our layer name → the reference's name for it. */
  names: Map<string, string>;
}

/** The diff report and heatmaps of one layer; undefined when either side lacks it. */
export function layerDetail(kept: KeptActivations, layer: string, tol: LayerTolerance): { report: DiffReport; heatmaps?: ErrorHeatmaps } | undefined {
  const a = kept.ours.get(layer);
  const b = kept.reference.get(kept.names.get(layer) ?? layer);
  if (!a || !b) return undefined;
  // TensorFlow layer outputs are channels-last unless the shape clearly says otherwise.
  const layout = guessLayout(b.shape) ?? (b.shape.length === 4 ? 'NHWC' : b.shape.length === 3 ? 'HWC' : undefined);
  const report = diffTensors(a, b, { atol: tol.atol, rtol: tol.rtol, mode: tol.mode, worstK: 5, ...(layout ? { layout } : {}) });
  if (report.alignment.kind === 'incompatible') return { report };
  const heatmaps = computeHeatmaps(alignTensor(a, b.shape, report.alignment), b, report);
  return heatmaps ? { report, heatmaps } : { report };
}
