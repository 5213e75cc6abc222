// Opens one side of a comparison: a TFJS graph/layers model, a SavedModel folder, or an activations .npz.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GraphModel, Tensor } from '@tensorflow/tfjs';
import type { TfRuntime } from '../infer/backend';
import { ModelError } from '../infer/errors';
import { kerasConversionCommands } from '../infer/model-formats';
import { loadModel, type LoadedModel } from '../infer/model-load';
import { fileModelHandler, readTfjsModel, type TfjsModelFiles } from '../infer/model-io';
import { loadTensorFile } from '../tensor/load';
import { toFloat32Array } from '../tensor/ndarray';
import type { NdArray } from '../tensor/types';
import { graphLayers } from './graph';
import { openTflite, type TfliteSide } from './sources-tflite';
import type { CompareFormat, GraphLayer, SignatureTensor } from './types';

/** A loaded side: what it is, its signature, and how to run it (models) or its values (activations). */
export interface OpenedSide {
  path: string;
  label: string;
  format: CompareFormat;
  fingerprint: string;
  inputs: SignatureTensor[];
  outputs: SignatureTensor[];
  /** Graph models: model.json and weights, the node list, and the tfjs model fetching any node. */
  tfjs?: TfjsModelFiles;
  layers?: GraphLayer[];
  graph?: GraphModel;
  /** SavedModel and layers models: runs the model to its output only. */
  model?: LoadedModel;
  /** .tflite models (LiteRT.js): every operator output can be fetched, constants read as weights. */
  tflite?: TfliteSide;
  /** Activations files: every array by name. */
  activations?: Map<string, NdArray>;
  dispose(): void;
}

/** What a path holds, from its name and contents; throws a ModelError naming the file and the fix. */
export function detectFormat(file: string): CompareFormat {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ModelError(`${file} does not exist. Check the path of the model to compare.`, file);
  }
  if (stat.isDirectory()) {
    if (fs.existsSync(path.join(file, 'saved_model.pb'))) return 'saved-model';
    if (fs.existsSync(path.join(file, 'model.json'))) return readTfjsModel(file).format === 'graph-model' ? 'tfjs-graph' : 'tfjs-layers';
    throw new ModelError(
      `${file} is a folder with neither saved_model.pb (a SavedModel) nor model.json (a TensorFlow.js model). Point at the model itself.`,
      file,
    );
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.npz') return 'activations';
  if (ext === '.json') return readTfjsModel(file).format === 'graph-model' ? 'tfjs-graph' : 'tfjs-layers';
  if (ext === '.tflite') return 'tflite';
  if (ext === '.h5' || ext === '.keras') {
    // The same commands as a spec's Keras model gets (each was run on real .keras and .h5 files).
    const c = kerasConversionCommands(file);
    throw new ModelError(
      `${file} is a Keras file, which only Python's Keras can read (TensorFlow.js and LiteRT.js cannot). Convert it once, then compare the result: ` +
        `to TFLite (runs here as is): ${c.tflite} ; to a SavedModel (needs @tensorflow/tfjs-node): ${c.savedModel} ; ` +
        `or to TensorFlow.js: ${c.tfjs}. For its layers, dump them from the same file: python tools/dump_activations.py ${file} input.npy activations.npz`,
      file,
    );
  }
  throw new ModelError(
    `${file} is not a model Tensor Parity can compare: give a model.json, a .tflite, a SavedModel folder, or an activations .npz (tools/dump_activations.py writes one).`,
    file,
  );
}

/** Opens a side for comparison; graph models are loaded without graph rewrites so every node can be fetched. */
export async function openSide(rt: TfRuntime, file: string): Promise<OpenedSide> {
  const format = detectFormat(file);
  const label = labelOf(file);
  if (format === 'activations') {
    const loaded = await loadTensorFile(file);
    const activations = loaded.tensors;
    const fp = `${fs.statSync(file).size}:${fs.statSync(file).mtimeMs}`;
    return { path: file, label, format, fingerprint: fp, inputs: [], outputs: [], activations, dispose: () => undefined };
  }
  if (format === 'tflite') {
    const tflite = await openTflite(file);
    return {
      path: file,
      label,
      format,
      fingerprint: tflite.fingerprint,
      tflite,
      layers: tflite.layers,
      inputs: tflite.inputs,
      outputs: tflite.outputs,
      dispose: () => tflite.model.dispose(),
    };
  }
  if (format === 'tfjs-graph') {
    const tfjs = readTfjsModel(file, 'graph-model');
    let graph: GraphModel;
    try {
      graph = await rt.tf.loadGraphModel(fileModelHandler(tfjs));
    } catch (err) {
      throw new ModelError(
        `TensorFlow.js could not load ${tfjs.modelJsonPath}: ${firstLine(err)}. Re-export it with tensorflowjs_converter 4.x.`,
        tfjs.modelJsonPath,
      );
    }
    const sig = (t: { name: string; shape?: number[]; dtype: string }): SignatureTensor => ({
      name: t.name.replace(/:\d+$/, ''),
      shape: t.shape?.map((d) => (d < 0 ? null : d)),
      dtype: t.dtype,
    });
    return {
      path: tfjs.modelJsonPath,
      label,
      format,
      fingerprint: tfjs.fingerprint,
      tfjs,
      graph,
      layers: graphLayers(tfjs),
      inputs: graph.inputs.map(sig),
      outputs: graph.outputs.map(sig),
      dispose: () => graph.dispose(),
    };
  }
  const model = await loadModel(rt, file, { path: file, format }, { optimizeGraph: false });
  const tfjs = format === 'tfjs-layers' ? readTfjsModel(file, 'layers-model') : undefined;
  return {
    path: file,
    label,
    format,
    fingerprint: model.fingerprint,
    model,
    ...(tfjs ? { tfjs } : {}),
    inputs: model.inputs,
    outputs: model.outputs,
    dispose: () => model.dispose(),
  };
}

/** Runs a model side on x; graph models also return every named layer's output. */
export async function runSide(
  rt: TfRuntime,
  side: OpenedSide,
  x: NdArray,
  outputName: string,
  layerNames: string[],
): Promise<{ output: NdArray; layers: Map<string, NdArray> }> {
  if (side.tflite) {
    try {
      return await side.tflite.run(x);
    } catch (err) {
      if (err instanceof ModelError) throw err;
      throw new ModelError(`${side.label} failed on an input of shape [${x.shape.join(',')}]: ${firstLine(err)}.`, side.path);
    }
  }
  const tf = rt.tf;
  const dtype = side.inputs[0]?.dtype === 'int32' ? 'int32' : 'float32';
  const input = tf.tensor(dtype === 'int32' ? Int32Array.from(x.data as ArrayLike<number>) : toFloat32Array(x), [...x.shape], dtype);
  const inputName = side.inputs[0]?.name ?? '';
  const made: Tensor[] = [];
  try {
    if (side.graph) {
      const names = [outputName, ...layerNames.filter((n) => n !== outputName)];
      let outs: Tensor | Tensor[];
      try {
        outs = side.graph.execute({ [inputName]: input }, names);
      } catch (err) {
        if (!/executeAsync/.test(firstLine(err))) throw err;
        outs = await side.graph.executeAsync({ [inputName]: input }, names);
      }
      const list = Array.isArray(outs) ? outs : [outs];
      made.push(...list);
      const values = await Promise.all(list.map((t) => toNd(t)));
      const layers = new Map<string, NdArray>();
      names.forEach((n, i) => layers.set(n, values[i] as NdArray));
      return { output: values[0] as NdArray, layers };
    }
    if (!side.model) throw new ModelError(`${side.path} is not a runnable model.`, side.path);
    const y = await side.model.predict(input, inputName, outputName);
    made.push(y);
    return { output: await toNd(y), layers: new Map() };
  } catch (err) {
    if (err instanceof ModelError) throw err;
    throw new ModelError(
      `${side.label} failed on an input of shape [${x.shape.join(',')}]: ${firstLine(err)}. Check that the input matches what the model was exported for.`,
      side.path,
    );
  } finally {
    input.dispose();
    for (const t of made) t.dispose();
  }
}

async function toNd(t: Tensor): Promise<NdArray> {
  const data = await t.data();
  if (t.dtype === 'int32') return { dtype: 'int32', shape: [...t.shape], data: data as Int32Array };
  if (t.dtype === 'bool') return { dtype: 'bool', shape: [...t.shape], data: data as Uint8Array };
  return { dtype: 'float32', shape: [...t.shape], data: data as Float32Array };
}

/** "selfie.json" → "selfie", a SavedModel folder → its name; keeps the parent folder when the file is model.json. */
export function labelOf(file: string): string {
  const base = path.basename(file);
  if (base === 'model.json') return path.basename(path.dirname(file));
  return base.replace(/\.(json|npz|tflite)$/i, '');
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
}
