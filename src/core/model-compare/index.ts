// Public API of the model comparison: two models (or a model and its activations) on one input.
export { compareModels } from './compare';
export type { CompareInput, CompareModelsRequest } from './compare';
export { detectFormat, labelOf } from './sources';
export { formatModelReport } from './format';
export { modelCause } from './cause';
export type * from './types';
