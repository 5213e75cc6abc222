// Public API of the inference engine. Importing this does not load TensorFlow.js; the first inference does.
export { runInference } from './engine';
export type { InferenceInput, InferenceRequest, InferenceResult } from './engine';
export { loadTensorflow, findWasmDir } from './backend';
export type { BackendName, TfRuntime } from './backend';
export { ModelError } from './errors';
export { clearModelCache, getModel } from './model-cache';
export { readTfjsModel, fileModelHandler } from './model-io';
export { conversionCommand } from './model-load';
export type { LoadedModel, ModelTensorSig } from './model-load';
export { postprocess, rawStats, activate } from './postprocess';
export type { Classification, ClassScore, InferenceMeaning, RawStats, Segmentation } from './postprocess';
export { kerasConversionCommands } from './model-formats';
export { loadTfliteModel } from './tflite';
export type { TfliteModel, TfliteTensorValue } from './tflite';
