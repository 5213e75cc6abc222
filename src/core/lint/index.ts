// Public API of the preprocessing linter.

export * from './types';
export { createLinter } from './linter';
export { lintFiles, LintInputError, languageOfPath, LANGUAGE_BY_EXTENSION } from './files';
export { formatText, formatJson, summarize, hasFindingsAtLeast, type LintSummary } from './format';
export { toSarif } from './sarif';
export { RULES, RULE_BY_ID, type RuleInfo } from './codes';
