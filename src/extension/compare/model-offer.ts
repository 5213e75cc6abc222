// When the diff panel offers "Compare the models layer by layer", and how the model-side cause becomes its card
// (pure: no vscode, so unit tests can check it).
import * as path from 'node:path';
import type { Diagnosis } from '../../core/diagnose/types';
import type { ModelCause } from '../../core/model-compare/types';
import type { CompareModelCauseView } from '../../protocol';

/** Model-side causes that account for an output difference (the others say the models agree, or nothing was found). */
const EXPLAINING: ReadonlySet<ModelCause['kind']> = new Set(['weights', 'quantization', 'architecture', 'runtime']);

/**
 * Whether to offer the layer-by-layer model comparison: the spec names a model, the tensors differ, and either the
 * diagnosis found the inputs agree (the model differs) or nothing in the tensors explains it and they may be model outputs.
 */
export function offersModels(d: Pick<Diagnosis, 'status' | 'causes' | 'missing'>, specHasModel: boolean): boolean {
  if (!specHasModel) return false;
  if (d.causes[0]?.id === 'model-differs') return true;
  return d.status === 'unexplained' && (d.missing ?? []).includes('model-inputs');
}

/** The dump holds exactly as many values as the spec's model input (it is a preprocessed input, not a model output). */
export function isModelInputSized(shape: readonly number[], input: { width: number; height: number; channels: number }): boolean {
  const n = shape.reduce((x, y) => x * y, 1);
  return n === input.width * input.height * input.channels;
}

/** A file's name as the card shows it (a model.json by its folder's name). */
export function modelLabel(file: string): string {
  return path.basename(file) === 'model.json' ? path.basename(path.dirname(file)) : path.basename(file);
}

/** The card for a model-side cause found by running `a` (deployed) and `b` (reference) on `input`. */
export function modelCauseView(cause: ModelCause, a: string, b: string, input: string): CompareModelCauseView {
  return {
    kind: cause.kind,
    title: cause.title,
    evidence: [...cause.evidence],
    fix: cause.fix,
    a: modelLabel(a),
    b: modelLabel(b),
    input: path.basename(input),
    explains: EXPLAINING.has(cause.kind),
  };
}

/** The models the quick pick offers as the second model: every workspace model but the spec's, .tflite files first (what deployments run). */
export function secondModelChoices(models: readonly string[], specModel: string): string[] {
  const others = [...new Set(models)].filter((m) => path.resolve(m) !== path.resolve(specModel));
  const rank = (m: string): number => (/\.tflite$/i.test(m) ? 0 : /\.npz$/i.test(m) ? 2 : 1);
  return others.sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
}
