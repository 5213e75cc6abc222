// Runs the analysis and every rule over one file's IR.

import type { Spec } from '../spec/types';
import { Analyzer } from './flow';
import { type LangLib } from './flow-api';
import type { AnalysisCache } from './incremental';
import type { Stmt } from './ir';
import { cppLib } from './libs-cpp';
import { outputResizeRanges } from './output-resize';
import { javaLib } from './libs-java';
import { jsLib } from './libs-js';
import { pythonLib } from './libs-python';
import { Reporter } from './report';
import { checkTerminal } from './rules-flow';
import { runStructuralRules } from './rules-structural';
import { ModuleInfo, type ExternalConsts } from './scope';
import { withMethodMembers } from './libs-cpp-members';
import { type Family } from './scope-names';
import type { Finding } from './types';

const LIBS: Record<Family, LangLib> = { python: pythonLib, cpp: cppLib, java: javaLib, js: jsLib };

/** Lints one file's IR against the spec; with a cache, unchanged functions keep their earlier results. Past `deadline`
 * (performance.now()) the value-flow analysis throws OverBudget. */
export function analyzeModule(
  family: Family,
  module: Stmt[],
  spec: Spec,
  text: string,
  cache?: AnalysisCache,
  specKey = JSON.stringify(spec),
  externals?: ExternalConsts,
  deadline = Infinity,
): Finding[] {
  const info = new ModuleInfo(family, module, family === 'cpp' ? withMethodMembers(module, externals) : externals, cache?.names);
  cache?.prepare(module, specKey, info);
  const rep = new Reporter();
  const an = new Analyzer(info, LIBS[family], spec, rep, text, checkTerminal, cache, deadline);
  an.run();
  try {
    runStructuralRules(an);
  } catch {
    // Structural rules are best effort on pathological input.
  }
  const outputs = outputResizeRanges(module);
  return rep.findings(
    text,
    outputs.length === 0 ? undefined : (rule, start) => rule.startsWith('resize-') && outputs.some(([s, e]) => start >= s && start < e),
  );
}
