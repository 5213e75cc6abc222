// Runs the spec's model on one image or tensor dump: load, preprocess, infer, postprocess, with checks at each step.
import * as path from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import type { preprocessImage } from '../preprocess/pipeline';
import { SpecError } from '../spec/errors';
import { resolveSpecPath } from '../spec/paths';
import type { Spec } from '../spec/types';
import { loadTensorFile } from '../tensor/load';
import { toFloat32Array } from '../tensor/ndarray';
import type { NdArray } from '../tensor/types';
import { TensorFileError } from '../tensor/types';
import { loadTensorflow, type BackendName, type Tf } from './backend';
import { ModelError } from './errors';
import { checkSpecAgainstModel, fitTensorToModel, pickInput, pickOutput, showShape } from './input-checks';
import { getModel } from './model-cache';
import type { ModelTensorSig } from './model-load';
import { postprocess, type InferenceMeaning } from './postprocess';

type Preprocessed = Awaited<ReturnType<typeof preprocessImage>>;

/** What to run: an image (preprocessed per the spec) or a tensor dump fed to the model as is. */
export type InferenceInput = { kind: 'image'; file: string } | { kind: 'tensor'; file: string; tensor?: NdArray };

/** One inference request. */
export interface InferenceRequest {
  spec: Spec;
  /** Folder the spec's paths are relative to (where tensorparity.json lives). */
  workspaceRoot: string;
  /** The spec file, for messages (default: tensorparity.json in workspaceRoot). */
  specFile?: string;
  input: InferenceInput;
  /** Preferred backend; falls back tensorflow → wasm → cpu. */
  backend?: BackendName;
  signal?: AbortSignal;
  onProgress?: (msg: string) => void;
  /** Called before the model runs with each warning about a tensor input (NaN/Inf, values outside the spec's range). */
  onWarning?: (msg: string) => void;
}

/** Everything one inference produced, with the backend used and where the time went. */
export interface InferenceResult {
  backend: BackendName;
  /** Why a faster backend was skipped ('' when none was). */
  backendDetail: string;
  modelFingerprint: string;
  modelPath: string;
  inputName: string;
  inputTensor: NdArray;
  stages?: Preprocessed['stages'];
  display?: Preprocessed['display'];
  /** Where the picture sits inside the model input (keep-aspect/letterbox leave padding around it). */
  placement?: Preprocessed['placement'];
  /** Warnings about a tensor input, found before the model ran (empty for images: the spec's preprocessing made it). */
  inputWarnings: string[];
  output: NdArray;
  outputName: string;
  result: InferenceMeaning;
  timingsMs: { load: number; preprocess: number; infer: number; postprocess: number };
}

/** Runs the spec's model on one input; throws ModelError/SpecError/TensorFileError/ImageError a user can act on. */
export async function runInference(req: InferenceRequest): Promise<InferenceResult> {
  const { spec, signal } = req;
  const specFile = req.specFile ?? path.join(req.workspaceRoot, 'tensorparity.json');
  const progress = req.onProgress ?? (() => undefined);
  signal?.throwIfAborted();

  let t = performance.now();
  progress('Loading TensorFlow.js');
  const rt = await loadTensorflow(req.backend ? { prefer: req.backend } : {});
  signal?.throwIfAborted();
  const modelPath = await resolveModelPath(req.workspaceRoot, spec.model.path, specFile);
  progress(`Loading model ${path.basename(modelPath)} on ${rt.backend}`);
  const model = await getModel(rt, modelPath, spec.model);
  const inSig = pickInput(model.inputs, spec.model.inputName, modelPath, specFile);
  const outputName = pickOutput(model.outputs, spec.model.outputName, modelPath, specFile);
  const load = performance.now() - t;
  signal?.throwIfAborted();

  t = performance.now();
  let inputTensor: NdArray;
  let pre: Preprocessed | undefined;
  let inputWarnings: string[] = [];
  if (req.input.kind === 'image') {
    checkSpecAgainstModel(inSig, spec.input, specFile);
    progress(`Preprocessing ${path.basename(req.input.file)}`);
    const { preprocessImage: run } = await import('../preprocess/pipeline');
    pre = await run(req.input.file, spec.input, { maxPixels: spec.limits.maxPixels });
    inputTensor = fitTensorToModel(pre.tensor, inSig, req.input.file);
  } else {
    progress(`Reading ${path.basename(req.input.file)}`);
    const raw = req.input.tensor ?? (await readInputTensor(req.input.file, inSig, spec.model.inputName));
    inputTensor = fitTensorToModel(raw, inSig, req.input.file);
    const { inputWarnings: check } = await import('../diagnose/input-check');
    inputWarnings = check(inputTensor, spec.input, req.input.file);
    for (const w of inputWarnings) req.onWarning?.(w);
  }
  const preprocess = performance.now() - t;
  signal?.throwIfAborted();

  t = performance.now();
  progress(`Running the model on ${model.runtime ?? rt.backend}`);
  const output = await execute(rt.tf, (x) => model.predict(x, inSig.name, outputName), inputTensor, inSig);
  const infer = performance.now() - t;
  signal?.throwIfAborted();

  t = performance.now();
  const result = postprocess(output, spec.output, spec.input.layout);
  const post = performance.now() - t;

  return {
    backend: rt.backend,
    // A .tflite model runs on LiteRT.js; TensorFlow.js then only carries the tensors around it.
    backendDetail: model.runtime ? [`the model runs on ${model.runtime}`, rt.detail].filter(Boolean).join('; ') : rt.detail,
    modelFingerprint: model.fingerprint,
    modelPath,
    inputName: inSig.name,
    inputTensor,
    inputWarnings,
    ...(pre ? { stages: pre.stages, display: pre.display, placement: pre.placement } : {}),
    output,
    outputName,
    result,
    timingsMs: { load, preprocess, infer, postprocess: post },
  };
}

async function resolveModelPath(root: string, rel: string, specFile: string): Promise<string> {
  try {
    return await resolveSpecPath(root, rel);
  } catch (err) {
    if (err instanceof SpecError) throw new SpecError(`model.path in ${specFile}: ${err.message}`, specFile);
    throw err;
  }
}

async function readInputTensor(file: string, sig: ModelTensorSig, inputName: string | undefined): Promise<NdArray> {
  const known = sig.shape?.map((d, i) => (d === null && i === 0 ? 1 : d));
  const dtype: 'float32' | 'int32' | undefined = sig.dtype === 'float32' ? 'float32' : sig.dtype === 'int32' ? 'int32' : undefined;
  const shape = known && known.every((d) => d !== null) ? (known as number[]) : undefined;
  const rawLayout = dtype && shape ? { dtype, shape } : undefined;
  const loaded = await loadTensorFile(file, rawLayout ? { rawLayout, rawLayoutSource: `the model's input ${sig.name} ${showShape(known)}` } : {});
  if (loaded.tensors.size === 1) return [...loaded.tensors.values()][0] as NdArray;
  const names = [...loaded.tensors.keys()];
  const pick = [inputName, sig.name].map((n) => n?.replace(/:0$/, '')).find((n) => n !== undefined && loaded.tensors.has(n));
  if (pick) return loaded.tensors.get(pick) as NdArray;
  throw new TensorFileError(
    `${file} holds ${names.length} arrays (${names.join(', ') || 'none'}) and none is named ${sig.name}. Save the model input as its own .npy, or name it "${sig.name}" in the .npz.`,
    file,
  );
}

/** Feeds one array to the model and reads the output back, disposing every tensor it made. */
async function execute(tf: Tf, run: (x: Tensor) => Promise<Tensor>, input: NdArray, sig: ModelTensorSig): Promise<NdArray> {
  const dtype = sig.dtype === 'int32' ? 'int32' : 'float32';
  const values = dtype === 'int32' ? Int32Array.from(input.data as ArrayLike<number>) : toFloat32Array(input);
  const x = tf.tensor(values, [...input.shape], dtype);
  let y: Tensor | undefined;
  try {
    y = await run(x);
    const data = await y.data();
    const outDtype = y.dtype === 'int32' ? 'int32' : y.dtype === 'bool' ? 'bool' : 'float32';
    if (y.dtype !== 'float32' && y.dtype !== 'int32' && y.dtype !== 'bool') {
      throw new ModelError(`The model output is ${y.dtype}, which Tensor Parity cannot read. Pick a numeric output with model.outputName.`);
    }
    return { dtype: outDtype, shape: [...y.shape], data: data as Float32Array | Int32Array | Uint8Array };
  } catch (err) {
    if (err instanceof ModelError) throw err;
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ModelError(
      `The model failed on an input of shape ${showShape(input.shape)}: ${msg}. Check that the input matches what the model was exported for.`,
    );
  } finally {
    x.dispose();
    y?.dispose();
  }
}
