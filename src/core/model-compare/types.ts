// Types of a two-model comparison: outputs, weights, architecture and the layer-by-layer error.
import type { DiffReport } from '../diff/types';
import type { ToleranceMode } from '../spec/types';

/** How a model file was recognised. 'activations' is an .npz of intermediate outputs from the user's own run. */
export type CompareFormat = 'tfjs-graph' | 'tfjs-layers' | 'saved-model' | 'tflite' | 'activations';

/** One side of the comparison as the user named it. */
export interface ModelSide {
  /** Absolute path of the model.json, SavedModel folder or activations .npz. */
  path: string;
  /** Short name for messages and column headers (file or folder name). */
  label: string;
  format: CompareFormat;
  fingerprint: string;
  inputs: SignatureTensor[];
  outputs: SignatureTensor[];
  /** What ran this side: "LiteRT.js (…)" for a .tflite, "TensorFlow.js (wasm)", or the user's own run for activations. */
  runtime: string;
}

/** One input or output of a model signature. */
export interface SignatureTensor {
  name: string;
  shape: (number | null)[] | undefined;
  dtype: string;
  /** Quantization of the tensor, when the format records one (e.g. "int8 scale 0.0039 zero point -128"). */
  quantization?: string;
}

/** One node of a graph in execution order (constants excluded). */
export interface GraphLayer {
  name: string;
  op: string;
  /** Names of the nodes or weights it reads. */
  inputs: string[];
  /** The weight tensors among its inputs. */
  weights: string[];
}

/** What happened to one weight tensor between model A and model B. */
export interface WeightEntry {
  /** Name in A (or in B for an added tensor). */
  name: string;
  /** Name in B when it was matched under another name. */
  otherName?: string;
  status: 'identical' | 'changed' | 'added' | 'removed' | 'reshaped';
  shape: number[];
  otherShape?: number[];
  /** How the pair was found: same name, or the same shape at the same position among the unmatched. */
  matchedBy?: 'name' | 'shape-order';
  /** Largest |a - b| (changed only). */
  maxAbs?: number;
  /** maxAbs / max |a| (changed only). */
  relChange?: number;
  /** Storage dtype of each side when they differ (e.g. float32 vs float16-quantized). */
  storage?: { a: string; b: string };
}

/** The weights diff with its one-line summary. */
export interface WeightsReport {
  entries: WeightEntry[];
  total: number;
  identical: number;
  changed: number;
  added: number;
  removed: number;
  /** e.g. "47 of 52 weight tensors identical; conv_3/kernel changed by up to 0.8". */
  summary: string;
}

/** A difference between the two model signatures. */
export interface SignatureChange {
  kind: 'input' | 'output';
  name: string;
  what: 'added' | 'removed' | 'shape' | 'dtype' | 'quantization';
  a?: string;
  b?: string;
}

/** Op counts and node lists that differ between two graphs, plus signature differences. */
export interface ArchitectureReport {
  /** Ops (by type) with their count in A and B, only where the counts differ. */
  opCounts: { op: string; a: number; b: number }[];
  /** Nodes only in A / only in B (by name, constants excluded). */
  removed: string[];
  added: string[];
  /** Nodes present in both but run in another relative order. */
  reordered: string[];
  /** Nodes present in both under the same name whose op type differs. */
  opChanged: { name: string; a: string; b: string }[];
  signature: SignatureChange[];
  /** False when one side has no graph to compare (SavedModel, activations): only the signature was compared. */
  graphCompared: boolean;
  summary: string[];
}

/** The error of one layer's output, B's value taken as the reference. */
export interface LayerError {
  /** Name in A (the model under test). */
  name: string;
  /** Name in B or in the activations file when it differs. */
  otherName?: string;
  op: string;
  shape: number[];
  count: number;
  maxAbs: number;
  meanAbs: number;
  /** maxAbs / max |reference|: the largest error relative to the layer's value range. */
  relErr: number;
  /** Elements outside tolerance (NaN counts). */
  failures: number;
  pass: boolean;
  /** Set when this layer reads a weight tensor that differs between the models. */
  weightsChanged?: string[];
  /** Every weight tensor this layer reads (when it reads any). */
  weights?: string[];
  /** Set when the shapes differ and nothing could be compared. */
  shapeMismatch?: string;
}

/** The layer-by-layer comparison. */
export interface LayerReport {
  layers: LayerError[];
  /** Index into layers of the first layer outside tolerance, or -1. */
  firstDivergent: number;
  tolerance: { atol: number; rtol: number; mode: ToleranceMode };
  /** Layers of A with no counterpart in B (or the activations file). */
  unmatched: string[];
  /** Names in B / the activations file that matched no layer of A. */
  unmatchedOther: string[];
  /** relErr of the last compared layer divided by relErr at the first divergent layer (undefined without divergence). */
  growth?: number;
}

/** The model-side cause named from the evidence. */
export interface ModelCause {
  kind: 'identical' | 'weights' | 'quantization' | 'architecture' | 'runtime' | 'numeric-noise' | 'unknown';
  /** One sentence a user reads. */
  title: string;
  /** The facts it rests on. */
  evidence: string[];
  /** What to do next. */
  fix: string;
}

/** Everything a model comparison found. */
export interface ModelCompareReport {
  a: ModelSide;
  b: ModelSide;
  /** Which file the input came from and the tensor's shape. */
  input: { file: string; shape: number[]; dtype: string };
  /** Output of A compared with output of B (undefined when B is an activations file without the output). */
  output?: DiffReport;
  outputName?: { a: string; b: string };
  weights?: WeightsReport;
  architecture: ArchitectureReport;
  layers?: LayerReport;
  /** Why a part was skipped (e.g. weights of a SavedModel cannot be read here). */
  notes: string[];
  cause: ModelCause;
  backend: string;
  timingsMs: { load: number; run: number; compare: number };
}
