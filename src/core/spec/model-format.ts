// Which model.format a path implies, and every format the spec accepts.
import type { ModelFormat } from './types';

/** Every model.format value, in the order the JSON schema lists them. */
export const MODEL_FORMAT_NAMES: readonly ModelFormat[] = ['tfjs-graph', 'tfjs-layers', 'saved-model', 'tflite', 'keras'];

/** The format a model path implies when model.format is not given. */
export function formatFromPath(modelPath: string): ModelFormat {
  if (/\.json$/i.test(modelPath)) return 'tfjs-graph';
  if (/\.tflite$/i.test(modelPath)) return 'tflite';
  if (/\.(keras|h5|hdf5)$/i.test(modelPath)) return 'keras';
  return 'saved-model';
}
