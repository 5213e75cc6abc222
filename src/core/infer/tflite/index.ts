// Public API for .tflite models: load, run (quantized or float), inspect tensors/operators, fetch intermediates.
export { loadTfliteModel, loadTfliteBytes, parseTfliteFile } from './model';
export type { TfliteInputs, TfliteIntermediates, TfliteModel, TfliteTensorData, TfliteTensorSig, TfliteTensorValue } from './model';
export type { TfliteGraph, TfliteOperatorInfo, TfliteQuantization, TfliteTensorInfo, TfliteSignature } from './schema';
export { dequantizeValues, quantizeValues } from './quantize';
export { loadLiteRtRuntime, findLiteRtWasmDir } from './runtime';
export type { LiteRtRuntime } from './runtime';
