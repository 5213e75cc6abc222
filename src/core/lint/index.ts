// Public API of the preprocessing linter.

export * from './types';
export { createLinter } from './linter';
export { RULES, type RuleInfo } from './codes';
