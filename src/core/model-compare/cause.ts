// Names the model-side cause of an output difference from the evidence: changed weights, quantization, changed
// architecture, a runtime difference starting at one layer, or numeric noise.
import type { ArchitectureReport, LayerReport, ModelCause, WeightsReport } from './types';
import { fmt, mainStorage } from './weights';

/** Evidence for {@link modelCause}: what each comparison found (undefined = not available). */
export interface CauseEvidence {
  outputPass: boolean | undefined;
  /** Largest output error relative to the reference's value range. */
  outputRelErr: number | undefined;
  weights: WeightsReport | undefined;
  architecture: ArchitectureReport;
  layers: LayerReport | undefined;
  /** B is a dump of activations from the user's own run rather than a model. */
  againstActivations: boolean;
  /** Sides whose weights are stored quantized (e.g. "selfie_int8 stores 55 weight tensors quantized"). */
  quantized?: string[];
}

/** Float32 rounding noise stays within this error relative to a layer's value range. */
const NOISE_REL = 1e-4;

/** The cause the evidence points to, with the facts and a fix. */
export function modelCause(ev: CauseEvidence): ModelCause {
  const { weights, architecture, layers } = ev;
  const first = layers && layers.firstDivergent >= 0 ? layers.layers[layers.firstDivergent] : undefined;
  const evidence: string[] = [];
  if (weights) evidence.push(weights.summary);
  if (architecture.graphCompared || architecture.signature.length) evidence.push(...architecture.summary.slice(0, 3));
  if (first)
    evidence.push(`first layer outside tolerance: ${first.name} (${first.op}), max |error| ${fmt(first.maxAbs)}, ${fmt(first.relErr * 100)}% of its range`);
  if (layers?.growth !== undefined && Number.isFinite(layers.growth)) evidence.push(`the error grows ×${fmt(layers.growth)} from there to the last layer`);

  const quantized = weights?.entries.some((e) => e.storage) ?? false;
  // Two conversions of one model, one quantized: the QUANTIZE/DEQUANTIZE ops at its edges (and the tensors the
  // converter renamed around them) are how int8 runs, not another architecture.
  const quantizeOpsOnly =
    (quantized || (ev.quantized?.length ?? 0) > 0) && architecture.opCounts.length > 0 && architecture.opCounts.every((c) => /^(?:DE)?QUANTIZE$/.test(c.op));
  const archChanged =
    architecture.graphCompared && !quantizeOpsOnly && architecture.added.length + architecture.removed.length + architecture.opChanged.length > 0;
  const changedWeights = weights?.entries.filter((e) => e.status === 'changed' || e.status === 'reshaped') ?? [];
  const maxLayerRel = layers?.layers.reduce((m, l) => Math.max(m, l.relErr), 0);

  if (ev.outputPass === true && (!first || (maxLayerRel ?? 0) < NOISE_REL) && changedWeights.length === 0 && !archChanged) {
    const same = weights && weights.identical === weights.total && !first && (maxLayerRel ?? 0) === 0 && ev.outputRelErr === 0;
    return same
      ? {
          kind: 'identical',
          title: 'The two models give identical results on this input.',
          evidence,
          fix: 'Nothing to fix on the model side: look at preprocessing or the input instead.',
        }
      : {
          kind: 'numeric-noise',
          title: first
            ? `Float rounding: the outputs agree within tolerance; some layers (from ${first.name}) leave the per-element tolerance, but by less than ${fmt(NOISE_REL * 100)}% of their range.`
            : 'The models agree within tolerance; what differs is float rounding.',
          evidence,
          fix: 'Nothing to fix on the model side. If the outputs still differ in your app, compare the input tensors the two apps feed their models.',
        };
  }
  if (archChanged) {
    const where = first ? ` The error starts at ${first.name} (${first.op}).` : '';
    return {
      kind: 'architecture',
      title: `The models are built differently: ${architecture.summary[0] ?? 'their graphs differ'}.${where}`,
      evidence,
      fix: 'Export both from the same model code and version, then compare again.',
    };
  }
  if (changedWeights.length > 0) {
    const names = changedWeights.slice(0, 3).map((e) => e.name);
    const firstUses = first?.weightsChanged?.length ? ` ${first.name} is the first layer that diverges and reads ${first.weightsChanged.join(', ')}.` : '';
    if (quantized && changedWeights.every((e) => (e.relChange ?? 0) < 0.02)) {
      return {
        kind: 'quantization',
        title: `The weights are stored at another precision (${storageOf(weights)}): ${changedWeights.length} tensors differ by rounding.${firstUses}`,
        evidence,
        fix: 'Compare against a model exported without weight quantization, or widen the tolerance for the quantized model.',
      };
    }
    return {
      kind: 'weights',
      title: `The weights differ in ${changedWeights.length} tensor${changedWeights.length === 1 ? '' : 's'} (${names.join(', ')}${changedWeights.length > 3 ? ', …' : ''}).${firstUses}`,
      evidence,
      fix: 'Deploy the same weights as the reference: re-export from the same checkpoint, and check the model file the app actually loads.',
    };
  }
  if (first && ev.quantized?.length) {
    return {
      kind: 'quantization',
      title: `Quantization: ${ev.quantized.join('; ')}, and the error starts at ${first.name} (${first.op}).`,
      evidence: [...ev.quantized, ...evidence],
      fix: 'Expect int8 rounding: compare against the float model with a tolerance that fits quantized outputs, or calibrate the conversion with a representative dataset closer to your inputs.',
    };
  }
  if (first) {
    const noise = (maxLayerRel ?? 0) < NOISE_REL;
    if (noise) {
      return {
        kind: 'numeric-noise',
        title: `Float rounding: errors stay below ${fmt(NOISE_REL * 100)}% of each layer's range, though ${first.name} already exceeds the tolerance.`,
        evidence,
        fix: 'Widen the tolerance (atol/rtol) a little; the models compute the same thing.',
      };
    }
    const runtimeFix = `Check how ${first.op} is computed in each runtime (kernel, precision, padding, fused activation); run the same backend on both sides to confirm.`;
    if (ev.againstActivations)
      // A dump has values only: a changed weight in that layer looks the same as a runtime that computes it differently.
      return {
        kind: 'runtime',
        title: `A difference that starts at layer ${first.name} (${first.op}); the activations come from your own run, so weights were not compared: that layer's weights differ, or the runtime computes it differently.`,
        evidence,
        fix: `First check that your run and this model have the same weights in ${first.name} (the model file your app really loads, and its version). ${runtimeFix}`,
      };
    return {
      kind: 'runtime',
      title: `A runtime difference that starts at layer ${first.name} (${first.op}); weights and architecture are the same.`,
      evidence,
      fix: runtimeFix,
    };
  }
  if (ev.outputPass === false) {
    return {
      kind: 'unknown',
      title: 'The outputs differ, but no compared layer leaves tolerance and the weights match.',
      evidence,
      fix: 'Compare more layers: dump the intermediate outputs of the reference run (tools/dump_activations.py).',
    };
  }
  return { kind: 'numeric-noise', title: 'The models agree within tolerance.', evidence, fix: 'Nothing to fix on the model side.' };
}

function storageOf(w: WeightsReport | undefined): string {
  const s = mainStorage(w?.entries ?? []);
  return s ? `${s.a} vs ${s.b}` : 'another dtype';
}
