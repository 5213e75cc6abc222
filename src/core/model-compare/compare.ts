// compareModels: runs two models (or one model and a dump of its activations) on the same input and compares
// outputs, weights, architecture and every layer in execution order.
import * as path from 'node:path';
import { loadTensorflow, type BackendName, type TfRuntime } from '../infer/backend';
import { ModelError } from '../infer/errors';
import { fitTensorToModel } from '../infer/input-checks';
import { diffTensors } from '../diff/diff';
import type { Spec, ToleranceMode } from '../spec/types';
import { loadTensorFile } from '../tensor/load';
import type { NdArray } from '../tensor/types';
import { TensorFileError } from '../tensor/types';
import { diffArchitecture, shapesCompatible, showShape } from './architecture';
import { modelCause } from './cause';
import { compareLayers, type LayerValue } from './layers';
import type { KeptActivations } from './layer-detail';
import { openSide, runSide, type OpenedSide } from './sources';
import type { ArchitectureReport, LayerReport, ModelCompareReport, ModelSide, WeightsReport } from './types';
import { diffWeights, readWeights, type WeightTensor } from './weights';

/** The input both models get: a tensor file fed as is, or an image preprocessed per a spec. */
export type CompareInput = { kind: 'tensor'; file: string } | { kind: 'image'; file: string; spec: Spec };

/** One comparison request. `a` is the model under test, `b` the reference (a model or an activations .npz). */
export interface CompareModelsRequest {
  a: string;
  b: string;
  input: CompareInput;
  tolerance: { atol: number; rtol: number; mode: ToleranceMode };
  backend?: BackendName;
  signal?: AbortSignal;
  onProgress?: (msg: string) => void;
  /** Receives every layer's activations of both sides (to show one layer in detail later). */
  keep?: (kept: KeptActivations) => void;
}

/** Compares two models on one input; throws ModelError/TensorFileError/SpecError/ImageError a user can act on. */
export async function compareModels(req: CompareModelsRequest): Promise<ModelCompareReport> {
  const progress = req.onProgress ?? (() => undefined);
  const signal = req.signal;
  let t = performance.now();
  progress('Loading TensorFlow.js');
  const rt = await loadTensorflow(req.backend ? { prefer: req.backend } : {});
  signal?.throwIfAborted();
  let a = await openSide(rt, path.resolve(req.a));
  let b: OpenedSide;
  try {
    b = await openSide(rt, path.resolve(req.b));
  } catch (err) {
    a.dispose();
    throw err;
  }
  const notes: string[] = [];
  try {
    if (a.format === 'activations' && b.format === 'activations') {
      throw new ModelError(
        `${a.path} and ${b.path} are both activation dumps. Give at least one model (a model.json, a SavedModel folder or a .tflite file) and the input to run it on; ${path.basename(b.path)} can stay as the reference.`,
        a.path,
      );
    }
    if (a.format === 'activations') {
      [a, b] = [b, a];
      notes.push(`${b.label} is an activations dump, so it is the reference and ${a.label} the model under test.`);
    }
    checkSameInput(a, b);
    const load = performance.now() - t;
    signal?.throwIfAborted();

    t = performance.now();
    progress(`Preparing the input ${path.basename(req.input.file)}`);
    const x = await readInput(req.input, a);
    const outA = a.outputs[0]?.name ?? '';
    const outB = b.outputs[0]?.name ?? '';
    progress(`Running ${a.label}`);
    const runA = await runSide(
      rt,
      a,
      x,
      outA,
      (a.layers ?? []).map((l) => l.name),
    );
    signal?.throwIfAborted();
    let refLayers: Map<string, NdArray>;
    let refOutput: NdArray | undefined;
    if (b.activations) {
      refLayers = b.activations;
      refOutput = b.activations.get(outA) ?? b.activations.get(`${outA}:0`);
    } else {
      progress(`Running ${b.label}`);
      const runB = await runSide(
        rt,
        b,
        x,
        outB,
        (b.layers ?? []).map((l) => l.name),
      );
      refLayers = runB.layers;
      refOutput = runB.output;
    }
    const run = performance.now() - t;
    signal?.throwIfAborted();

    t = performance.now();
    progress('Comparing');
    // A TFLite conversion fuses ops (conv + bias + activation), renames tensors and stores kernels in another layout:
    // its graph and weights are not comparable one by one with the source model's, but its layers' outputs are.
    const crossFormat = b.format !== 'activations' && (a.format === 'tflite') !== (b.format === 'tflite');
    if (crossFormat)
      notes.push(
        `${a.label} is a ${a.format} and ${b.label} a ${b.format}: a conversion fuses and renames ops and re-lays weights, so graphs and weights are not compared one by one${a.layers && b.layers ? '; layers are lined up by the names the converter kept' : ''}.`,
      );
    const weights = crossFormat ? undefined : weightsDiff(rt, a, b, notes);
    const architecture = b.activations
      ? activationsArchitecture(b.label)
      : diffArchitecture(crossFormat ? undefined : a.layers, crossFormat ? undefined : b.layers, a, b);
    if (!architecture.graphCompared && !b.activations && !crossFormat)
      notes.push(
        `Only signatures were compared: ${[a, b]
          .filter((s) => !s.layers)
          .map((s) => s.label)
          .join(' and ')} has no TensorFlow.js graph to read.`,
      );
    const layers = layerDiff(a, b, runA.layers, refLayers, weights, req, notes);
    // A dump without the output's name (a Keras dump names it after the last layer): the layer paired with our
    // model's output value is the reference output.
    if (!refOutput && b.activations && layers) {
      refOutput = outputFromLayers(runA.output, runA.layers, layers, b.activations);
      if (refOutput)
        notes.push(
          `${b.label} has no array named ${outA}; the output of ${a.label} is compared with ${outputNameIn(layers, runA.layers, runA.output)}, the array lined up with it.`,
        );
    }
    const output = refOutput ? diffTensors(runA.output, refOutput, { ...req.tolerance }) : undefined;
    if (!refOutput) notes.push(`${b.label} has no array named ${outA} (the output of ${a.label}), so outputs are compared only through the layers.`);
    req.keep?.({
      ours: runA.layers,
      reference: refLayers,
      names: new Map((layers?.layers ?? []).map((l) => [l.name, l.otherName ?? l.name])),
    });
    const compare = performance.now() - t;
    const cause = modelCause({
      outputPass: output?.verdict.pass,
      outputRelErr: output ? (output.abs?.max.value ?? 0) / Math.max(output.peak, Number.MIN_VALUE) : undefined,
      weights,
      architecture,
      layers,
      againstActivations: b.format === 'activations',
      quantized: [a, b].flatMap((s) =>
        s.tflite && s.tflite.quantizedWeights > 0 ? [`${s.label} stores ${s.tflite.quantizedWeights} weight tensors quantized`] : [],
      ),
    });
    return {
      a: sideOf(a, rt.backend),
      b: sideOf(b, rt.backend),
      input: { file: req.input.file, shape: [...x.shape], dtype: x.dtype },
      ...(output ? { output, outputName: { a: outA, b: b.activations ? outA : outB } } : {}),
      ...(weights ? { weights } : {}),
      architecture,
      ...(layers ? { layers } : {}),
      notes,
      cause,
      backend: rt.backend,
      timingsMs: { load, run, compare },
    };
  } finally {
    a.dispose();
    b.dispose();
  }
}

/** Both models must take the same input, since one tensor is fed to both. */
function checkSameInput(a: OpenedSide, b: OpenedSide): void {
  if (b.format === 'activations') return;
  const ia = a.inputs[0];
  const ib = b.inputs[0];
  if (!ia || !ib) return;
  const what = (s: OpenedSide): string => s.inputs.map((i) => `${i.name} ${showShape(i.shape)} ${i.dtype}`).join(', ');
  // A quantized input takes real values too (they are quantized with its scale and zero point before the run).
  const dtypeOk = ia.dtype === ib.dtype || ia.quantization !== undefined || ib.quantization !== undefined;
  if (a.inputs.length !== b.inputs.length || !shapesCompatible(ia.shape, ib.shape) || !dtypeOk) {
    throw new ModelError(
      `${a.label} and ${b.label} take different inputs: ${a.label} takes ${what(a)} (${a.path}), ${b.label} takes ${what(b)} (${b.path}). ` +
        'Both models get the same input tensor, so compare models exported for the same input shape and dtype.',
      b.path,
    );
  }
}

async function readInput(input: CompareInput, a: OpenedSide): Promise<NdArray> {
  const first = a.inputs[0] ?? { name: 'input', shape: undefined, dtype: 'float32' };
  const sig = first.quantization ? { ...first, dtype: 'float32' } : first;
  if (input.kind === 'image') {
    const { preprocessImage } = await import('../preprocess/pipeline');
    const pre = await preprocessImage(input.file, input.spec.input, { maxPixels: input.spec.limits.maxPixels });
    return fitTensorToModel(pre.tensor, sig, input.file);
  }
  const loaded = await loadTensorFile(input.file);
  const arrays = loaded.tensors;
  const pick = arrays.size === 1 ? [...arrays.values()][0] : (arrays.get(sig.name) ?? arrays.get(`${sig.name}:0`));
  if (!pick) {
    throw new TensorFileError(
      `${input.file} holds ${arrays.size} arrays (${[...arrays.keys()].join(', ') || 'none'}) and none is named ${sig.name}, the input of ${a.label}. Save the input as its own .npy.`,
      input.file,
    );
  }
  return fitTensorToModel(pick, sig, input.file);
}

function weightsDiff(rt: TfRuntime, a: OpenedSide, b: OpenedSide, notes: string[]): WeightsReport | undefined {
  const read = (s: OpenedSide): WeightTensor[] | undefined => (s.tfjs ? readWeights(rt.tf, s.tfjs) : s.tflite ? s.tflite.weights() : undefined);
  const wa = read(a);
  const wb = read(b);
  if (wa && wb) return diffWeights(wa, wb);
  const missing = [a, b].filter((s) => !s.tfjs && !s.tflite);
  if (b.format !== 'activations')
    notes.push(
      `Weights were not compared: ${missing.map((s) => s.label).join(' and ')} is a ${missing[0]?.format}, whose weights Tensor Parity cannot read; convert it with tensorflowjs_converter to compare weights.`,
    );
  return undefined;
}

function layerDiff(
  a: OpenedSide,
  b: OpenedSide,
  ours: Map<string, NdArray>,
  ref: Map<string, NdArray>,
  weights: WeightsReport | undefined,
  req: CompareModelsRequest,
  notes: string[],
): LayerReport | undefined {
  if (!a.layers) {
    notes.push(
      `Layer by layer needs a TensorFlow.js graph model as the model under test; ${a.label} is a ${a.format}. Dump its activations with tools/dump_activations.py and compare a graph model against them.`,
    );
    return undefined;
  }
  if (ref.size === 0) {
    notes.push(
      `Layer by layer needs the layers of ${b.label} too: dump them with tools/dump_activations.py (python tools/dump_activations.py ${path.basename(b.path)} input.npy activations.npz) and compare against that .npz.`,
    );
    return undefined;
  }
  const changed = new Set((weights?.entries ?? []).filter((e) => e.status === 'changed' || e.status === 'reshaped').map((e) => e.name));
  const values: LayerValue[] = [];
  for (const l of a.layers) {
    const value = ours.get(l.name);
    if (!value) continue;
    const w = l.weights.filter((n) => changed.has(n));
    values.push({
      name: l.name,
      op: l.op,
      value,
      ...(w.length ? { weightsChanged: w } : {}),
      ...(l.weights.length ? { weights: l.weights } : {}),
    });
  }
  const report = compareLayers(values, ref, req.tolerance);
  if (report.layers.length === 0) {
    const expected = values
      .slice(0, 12)
      .map((v) => v.name)
      .join(', ');
    const got = [...ref.keys()].slice(0, 8).join(', ');
    throw new TensorFileError(
      `No array in ${b.path} matches a layer of ${a.label}: it holds ${ref.size} arrays (${got}${ref.size > 8 ? ', …' : ''}), ` +
        `but the layers are named ${expected}${values.length > 12 ? `, … (${values.length} in all)` : ''}. ` +
        'Save each layer under its layer or node name (tools/dump_activations.py does), e.g. np.savez("activations.npz", **{"conv2d_1": value}).',
      b.path,
    );
  }
  return report;
}

function sideOf(s: OpenedSide, backend: string): ModelSide {
  return {
    path: s.path,
    label: s.label,
    format: s.format,
    fingerprint: s.fingerprint,
    inputs: s.inputs,
    outputs: s.outputs,
    runtime: runtimeOf(s, backend),
  };
}

/** What runs a side, as the user knows it: LiteRT.js for .tflite, TensorFlow.js and its backend otherwise. */
export function runtimeOf(s: Pick<OpenedSide, 'format' | 'tflite' | 'model'>, backend: string): string {
  if (s.tflite) return s.tflite.model.runtime;
  if (s.format === 'activations') return 'your own run (activations file)';
  return s.model?.runtime ?? `TensorFlow.js (${backend})`;
}

/** The report's layer whose value is our model's output (same shape and values), if it was lined up. */
function outputLayer(output: NdArray, ours: Map<string, NdArray>, report: LayerReport): LayerReport['layers'][number] | undefined {
  for (let k = report.layers.length - 1; k >= 0; k--) {
    const l = report.layers[k];
    const v = l ? ours.get(l.name) : undefined;
    if (!l || !v || l.shapeMismatch !== undefined) continue;
    if (v.shape.join(',') !== output.shape.join(',') || v.data.length !== output.data.length) continue;
    let same = true;
    for (let i = 0; i < v.data.length && same; i++) same = Number(v.data[i]) === Number(output.data[i]);
    if (same) return l;
  }
  return undefined;
}

/** The reference array lined up with our output value (a dump that names its output after its last layer). */
function outputFromLayers(output: NdArray, ours: Map<string, NdArray>, report: LayerReport, ref: Map<string, NdArray>): NdArray | undefined {
  const l = outputLayer(output, ours, report);
  return l ? ref.get(l.otherName ?? l.name) : undefined;
}

/** The reference name lined up with our output value (for the note). */
function outputNameIn(report: LayerReport, ours: Map<string, NdArray>, output: NdArray): string {
  const l = outputLayer(output, ours, report);
  return l ? (l.otherName ?? l.name) : '';
}

/** An activations file has values only: no graph and no signature to diff. */
function activationsArchitecture(label: string): ArchitectureReport {
  return {
    opCounts: [],
    removed: [],
    added: [],
    reordered: [],
    opChanged: [],
    signature: [],
    graphCompared: false,
    summary: [`${label} is an activations file: it has no graph or signature to compare`],
  };
}
