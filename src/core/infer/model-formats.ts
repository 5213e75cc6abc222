// The model formats that do not go through TensorFlow.js loaders: .tflite (run by LiteRT.js, wrapped so the engine
// sees the same LoadedModel as for tfjs models) and Keras .keras/.h5 (which need Python; the error gives the exact
// conversion command).

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Tensor } from '@tensorflow/tfjs';
import type { ModelSpec } from '../spec/types';
import type { TfRuntime } from './backend';
import { ModelError } from './errors';
import type { LoadedModel } from './model-load';
import { fingerprintOf } from './model-io';

/** The commands that turn a Keras .keras/.h5 file into something Tensor Parity runs (SavedModel, TFJS or .tflite). */
export function kerasConversionCommands(file: string): { savedModel: string; tfjs: string; tflite: string } {
  const stem = file.replace(/\.(keras|h5|hdf5)$/i, '');
  const py = (body: string): string => `python -c "import keras; m = keras.saving.load_model('${file}'); ${body}"`;
  return {
    savedModel: py(`m.export('${stem}_savedmodel')`),
    tfjs: `${py(`m.export('${stem}_savedmodel')`)} && tensorflowjs_converter --input_format=tf_saved_model --output_format=tfjs_graph_model ${stem}_savedmodel ${stem}_tfjs`,
    tflite: `python -c "import keras, tensorflow as tf; m = keras.saving.load_model('${file}'); open('${stem}.tflite', 'wb').write(tf.lite.TFLiteConverter.from_keras_model(m).convert())"`,
  };
}

/** Keras files need Python's Keras to read; this throws the ModelError that says exactly how to convert. */
export function kerasNeedsConversion(file: string): never {
  const c = kerasConversionCommands(file);
  throw new ModelError(
    `${file} is a Keras ${path.extname(file)} file, which only Python's Keras can read (TensorFlow.js and tfjs-node cannot). ` +
      `Convert it once and point model.path at the result: to TFLite (format "tflite", runs here without extra installs): ${c.tflite} ; ` +
      `to a SavedModel (format "saved-model", needs @tensorflow/tfjs-node): ${c.savedModel} ; ` +
      `or to TensorFlow.js (format "tfjs-graph"): ${c.tfjs}`,
    file,
  );
}

/** Loads a .tflite model behind the engine's LoadedModel interface (inputs quantized, outputs dequantized). */
export async function loadTfliteAsLoadedModel(rt: TfRuntime, file: string, spec: ModelSpec): Promise<LoadedModel> {
  const { loadTfliteBytes } = await import('./tflite/model');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    throw new ModelError(`Cannot read the TFLite model ${file} (${(e as NodeJS.ErrnoException).code ?? String(e)}). Check model.path.`, file);
  }
  const model = await loadTfliteBytes(bytes, file);
  const sig = (s: (typeof model.inputs)[number]): LoadedModel['inputs'][number] => ({
    name: s.name,
    shape: [...s.shape],
    // The engine feeds real values; quantized inputs are quantized inside run().
    dtype: s.dtype === 'int32' ? 'int32' : 'float32',
  });
  return {
    format: spec.format,
    inputs: model.inputs.map(sig),
    outputs: model.outputs.map(sig),
    files: [file],
    fingerprint: fingerprintOf([bytes]),
    runtime: model.runtime,
    async predict(x: Tensor, inputName: string, outputName: string): Promise<Tensor> {
      const values = (await x.data()) as Float32Array | Int32Array;
      const others = model.inputs.filter((i) => i.name !== inputName);
      if (others.length)
        throw new ModelError(
          `${file} has ${model.inputs.length} inputs (${model.inputs.map((i) => i.name).join(', ')}); Tensor Parity feeds one. Export a single-input model.`,
          file,
        );
      const outs = await model.run({ [inputName]: values });
      const out = outs.find((o) => o.name === outputName) ?? outs[0];
      return rt.tf.tensor(out.values, out.shape, 'float32');
    },
    dispose: () => model.dispose(),
  };
}
