// Turns model files into a runnable model with a uniform interface: tfjs graph, tfjs layers, SavedModel or .tflite.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GraphModel, LayersModel, Tensor } from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec/types';
import type { NodeSavedModel, SavedModelMetaGraph, SavedModelSignatureDef, SavedModelTensorInfo, TfNodeApi, TfRuntime } from './backend';
import { containPathSync } from '../spec/paths';
import { ModelError } from './errors';
import { optimizeGraph, releaseDirectConvs } from './graph-optimize';
import { loadGraphSession, runGraphSession, type GraphSession } from './graph-session';
import { kerasConversionCommands, kerasNeedsConversion, loadTfliteAsLoadedModel } from './model-formats';
import { fileModelHandler, fingerprintOf, readTfjsModel, tfjsFormatFor, type TfjsModelFiles } from './model-io';

/** One model input or output: name, shape (null for an unknown dimension) and tfjs dtype. */
export interface ModelTensorSig {
  name: string;
  shape: (number | null)[] | undefined;
  dtype: string;
}

/** A model ready to run, whatever format it came from. */
export interface LoadedModel {
  format: ModelSpec['format'];
  inputs: ModelTensorSig[];
  outputs: ModelTensorSig[];
  /** Files the model was read from (model.json + shards, or the SavedModel's files). */
  files: string[];
  fingerprint: string;
  /** What runs the model when it is not TensorFlow.js (e.g. "LiteRT.js (compat wasm, ...)" for .tflite). */
  runtime?: string;
  /** Runs the model on one input and returns the named output tensor (the caller disposes it). */
  predict(x: Tensor, inputName: string, outputName: string): Promise<Tensor>;
  dispose(): void;
}

/** The SavedModel → tfjs graph conversion command, for messages. */
export function conversionCommand(dir: string): string {
  return `tensorflowjs_converter --input_format=tf_saved_model --output_format=tfjs_graph_model ${dir} ${dir}_tfjs`;
}

/** Options for {@link loadModel}. */
export interface LoadModelOptions {
  /**
   * Fuse Conv2D/DepthwiseConv2dNative + bias Add (+ Relu/Relu6/Sigmoid), rewrite non-overlapping Conv2DBackpropInput
   * and dispatch fused convs straight to their kernel before a graph model runs on wasm or cpu (default true).
   * Same maths; only float rounding differs.
   */
  optimizeGraph?: boolean;
  /**
   * On the native backend, run a graph model as one TensorFlow session (its graph and weights handed to TensorFlow as
   * a SavedModel) rather than op by op (default true). Falls back to op by op when the graph cannot be translated.
   */
  session?: boolean;
}

/** What LoadedModel.runtime says when a graph model runs as one TensorFlow session. */
export const SESSION_RUNTIME = 'TensorFlow (tfjs-node), the whole graph as one session';

/** Loads the model at an absolute path according to spec.model.format. */
export async function loadModel(rt: TfRuntime, modelPath: string, spec: ModelSpec, opts: LoadModelOptions = {}): Promise<LoadedModel> {
  if (spec.format === 'saved-model') return loadSavedModel(rt, modelPath, spec);
  if (spec.format === 'tflite') return loadTfliteAsLoadedModel(rt, modelPath, spec);
  if (spec.format === 'keras') kerasNeedsConversion(modelPath);
  const files = readTfjsModel(modelPath, tfjsFormatFor(spec.format));
  const optimize = files.format === 'graph-model' && (opts.optimizeGraph ?? true) && rt.backend !== 'tensorflow';
  const directIds: number[] = [];
  const handler = optimize ? { load: () => optimizeGraph(rt.tf, files.artifacts, directIds) } : fileModelHandler(files);
  try {
    if (files.format === 'graph-model') {
      const model = await rt.tf.loadGraphModel(handler);
      let session: GraphSession | undefined;
      if (rt.backend === 'tensorflow' && rt.node && (opts.session ?? true)) {
        const io = { inputs: model.inputs.map((i) => i.name), outputs: model.outputs.map((o) => o.name) };
        const loaded = await loadGraphSession(rt.node, model, files.artifacts.modelTopology, io);
        if (typeof loaded !== 'string') session = loaded;
      }
      return wrapGraph(model, spec, files.files, files.fingerprint, () => releaseDirectConvs(directIds), session);
    }
    const model = await rt.tf.loadLayersModel(handler);
    return wrapLayers(model, spec, files.files, files.fingerprint);
  } catch (err) {
    releaseDirectConvs(directIds);
    if (err instanceof ModelError) throw err;
    const keras3 = files.format === 'layers-model' ? keras3Writer(files) : undefined;
    if (keras3 !== undefined) {
      const c = kerasConversionCommands('model.keras');
      throw new ModelError(
        `${files.modelJsonPath} is a layers model written by ${keras3}, which TensorFlow.js 4.x cannot load (${firstLine(err)}: ` +
          `Keras 3 saves the input as batch_shape, TensorFlow.js reads Keras 2's batch_input_shape; tensorflow/tfjs#8494). ` +
          `Convert the Keras model (model.keras below: your .keras or .h5 file) to a graph model instead: ${c.tfjs} ; or to a .tflite, which runs here as is: ${c.tflite}`,
        files.modelJsonPath,
      );
    }
    throw new ModelError(
      `TensorFlow.js could not load ${files.modelJsonPath}: ${firstLine(err)}. Re-export it with tensorflowjs_converter 4.x; if it uses ops TensorFlow.js lacks, check the converter's warnings.`,
      files.modelJsonPath,
    );
  }
}

/** "keras v3.15.1" when a layers model's topology was written by Keras 3 (TensorFlow.js 4.x reads Keras 2 configs). */
function keras3Writer(files: TfjsModelFiles): string | undefined {
  const by = files.artifacts.generatedBy ?? '';
  const topo = files.artifacts.modelTopology as { keras_version?: unknown } | undefined;
  const version = typeof topo?.keras_version === 'string' ? topo.keras_version : '';
  if (/^keras v3\./i.test(by)) return by;
  if (/^3\./.test(version)) return `keras v${version}`;
  return undefined;
}

function wrapGraph(
  model: GraphModel,
  spec: ModelSpec,
  files: string[],
  fingerprint: string,
  release: () => void,
  session: GraphSession | undefined,
): LoadedModel {
  const outputs = model.outputs.map((o) => ({ name: stripIndex(o.name), shape: normShape(o.shape), dtype: o.dtype }));
  const opByOp = async (x: Tensor, inputName: string, outputName: string): Promise<Tensor> => {
    const feed = { [inputName]: x };
    try {
      return model.execute(feed, outputName) as Tensor;
    } catch (err) {
      // Models with control flow (while/if) only run asynchronously.
      if (!/executeAsync/.test(firstLine(err))) throw err;
      return (await model.executeAsync(feed, outputName)) as Tensor;
    }
  };
  const loaded: LoadedModel = {
    format: spec.format,
    inputs: model.inputs.map((i) => ({ name: stripIndex(i.name), shape: normShape(i.shape), dtype: i.dtype })),
    outputs,
    files,
    fingerprint,
    ...(session ? { runtime: SESSION_RUNTIME } : {}),
    async predict(x, inputName, outputName) {
      if (!session) return opByOp(x, inputName, outputName);
      let sessionError: unknown;
      try {
        const y = runGraphSession(session, x, inputName, outputName);
        if (y) return y;
      } catch (err) {
        sessionError = err;
      }
      // Not in the session's signature, or TensorFlow refused the translated graph: run op by op. When that works,
      // the session is dropped for good; when it fails too, the input is at fault and the session stays.
      const y = await opByOp(x, inputName, outputName);
      if (sessionError !== undefined) {
        session.model.dispose();
        session = undefined;
        delete loaded.runtime;
      }
      return y;
    },
    dispose: () => {
      session?.model.dispose();
      model.dispose();
      release();
    },
  };
  return loaded;
}

function wrapLayers(model: LayersModel, spec: ModelSpec, files: string[], fingerprint: string): LoadedModel {
  return {
    format: spec.format,
    inputs: model.inputs.map((i, k) => ({ name: model.inputNames[k] ?? i.name, shape: normShape(i.shape), dtype: i.dtype })),
    outputs: model.outputs.map((o, k) => ({ name: model.outputNames[k] ?? o.name, shape: normShape(o.shape), dtype: o.dtype })),
    files,
    fingerprint,
    async predict(x, _inputName, outputName) {
      const out = model.predict(x);
      if (!Array.isArray(out)) return out;
      const k = Math.max(0, model.outputNames.indexOf(outputName));
      out.forEach((t, i) => i !== k && t.dispose());
      return out[k] as Tensor;
    },
    dispose: () => model.dispose(),
  };
}

async function loadSavedModel(rt: TfRuntime, dir: string, spec: ModelSpec): Promise<LoadedModel> {
  const pb = path.join(dir, 'saved_model.pb');
  if (!fs.existsSync(pb)) {
    throw new ModelError(
      `${dir} is not a TensorFlow SavedModel (no saved_model.pb inside). Point model.path at the SavedModel folder, or set model.format to "tfjs-graph" for a model.json.`,
      dir,
    );
  }
  checkSavedModelContained(dir);
  if (!rt.node) {
    throw new ModelError(
      `${dir} is a SavedModel, which needs the native backend (@tensorflow/tfjs-node), but it is not available here (${rt.detail || `running on ${rt.backend}`}). ` +
        `Install @tensorflow/tfjs-node, or convert the model once and set model.format to "tfjs-graph": ${conversionCommand(dir)}`,
      dir,
    );
  }
  const signature = spec.signature ?? 'serving_default';
  const sig = await savedModelSignature(rt.node, dir, signature);
  let model: NodeSavedModel;
  try {
    model = await rt.node.loadSavedModel(dir, ['serve'], signature);
  } catch (err) {
    throw new ModelError(
      `tfjs-node could not load the SavedModel ${dir} (tags "serve", signature "${signature}"): ${firstLine(err)}. Check model.signature, or convert it: ${conversionCommand(dir)}`,
      dir,
    );
  }
  const files = listFiles(dir);
  // Inputs and outputs are named by their signature keys (e.g. "x"), which is what predict() takes and returns;
  // tfjs-node's model.inputs carry graph tensor names ("serving_default_x") instead.
  const sigTensors = (m: Record<string, SavedModelTensorInfo>): ModelTensorSig[] =>
    Object.entries(m).map(([key, info]) => ({ name: key, shape: dimSizes(info.shape), dtype: info.dtype }));
  return {
    format: 'saved-model',
    inputs: sigTensors(sig.inputs),
    outputs: sigTensors(sig.outputs),
    files,
    fingerprint: fingerprintOf(files.map((f) => fs.readFileSync(f))),
    async predict(x, inputName, outputName) {
      const out = model.predict({ [inputName]: x });
      if (Array.isArray(out)) return out[0] as Tensor;
      if (isTensor(out)) return out;
      const picked = out[outputName] ?? Object.values(out)[0];
      for (const t of Object.values(out)) if (t !== picked) t.dispose();
      if (!picked) throw new ModelError(`The SavedModel ${dir} returned no outputs.`, dir);
      return picked;
    },
    dispose: () => model.dispose(),
  };
}

/** The signature `name` of the SavedModel's "serve" meta graph; a ModelError lists the ones there are. */
async function savedModelSignature(node: TfNodeApi, dir: string, name: string): Promise<SavedModelSignatureDef> {
  let graphs: SavedModelMetaGraph[];
  try {
    graphs = await node.getMetaGraphsFromSavedModel(dir);
  } catch (err) {
    throw new ModelError(
      `tfjs-node could not read the SavedModel ${dir}: ${firstLine(err)}. Re-export it with tf.saved_model.save, or convert it: ${conversionCommand(dir)}`,
      dir,
    );
  }
  const serve = graphs.find((g) => g.tags.includes('serve'));
  if (!serve) {
    const tags = graphs.map((g) => `[${g.tags.join(', ')}]`).join(', ') || 'none';
    throw new ModelError(
      `The SavedModel ${dir} has no meta graph tagged "serve" (tags: ${tags}). Export it with tf.saved_model.save, which tags it "serve".`,
      dir,
    );
  }
  const sig = serve.signatureDefs[name];
  if (!sig) {
    const names = Object.keys(serve.signatureDefs).filter((k) => !k.startsWith('__'));
    throw new ModelError(
      `The SavedModel ${dir} has no signature "${name}". Set model.signature in tensorparity.json to one of: ${names.join(', ') || '(none)'}.`,
      dir,
    );
  }
  return sig;
}

/** Sizes of a tfjs-node shape (Dim objects or numbers), null for unknown (-1) dimensions. */
function dimSizes(shape: readonly unknown[] | undefined): (number | null)[] | undefined {
  return shape?.map((d) => {
    const n = Number(d);
    return Number.isFinite(n) && n >= 0 ? n : null;
  });
}

/**
 * Refuses a SavedModel folder holding a symlink (e.g. `variables/` or a shard) that resolves outside the folder: the
 * native loader would follow it and read a file from elsewhere on the machine.
 */
export function checkSavedModelContained(dir: string, maxEntries = 10_000): void {
  let seen = 0;
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (++seen > maxEntries) {
        throw new ModelError(`${dir} holds over ${maxEntries} files; a SavedModel has a few. Point model.path at the SavedModel folder itself.`, dir);
      }
      const sub = path.join(rel, entry.name);
      if (entry.isSymbolicLink()) {
        const r = containPathSync(dir, sub);
        if (!r.ok) throw new ModelError(`The SavedModel ${dir} is refused: ${r.message}. Copy the file into the folder instead of linking to it.`, dir);
      } else if (entry.isDirectory()) walk(sub);
    }
  };
  walk('');
}

/** Every file under a folder, sorted, for fingerprinting and change detection. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

function isTensor(v: unknown): v is Tensor {
  return typeof v === 'object' && v !== null && 'dataSync' in v && 'shape' in v;
}

function stripIndex(name: string): string {
  return name.replace(/:0$/, '');
}

function normShape(shape: readonly (number | null)[] | undefined): (number | null)[] | undefined {
  return shape?.map((d) => (d === null || d < 0 ? null : d));
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
