// Render a Diagnosis as terminal text or JSON-safe data.

import { formatShape } from '../tensor/ndarray';
import { jsonSafe } from '../diff/format';
import { num } from './frame';
import type { Diagnosis } from './types';

const STATUS_WORDS: Record<Diagnosis['status'], string> = {
  identical: 'IDENTICAL',
  'numeric-noise': 'NUMERICAL NOISE (not a bug)',
  'within-tolerance': 'WITHIN TOLERANCE',
  explained: 'EXPLAINED',
  'partially-explained': 'PARTIALLY EXPLAINED',
  unexplained: 'UNEXPLAINED',
  incomparable: 'CANNOT COMPARE',
};

/** Human-readable diagnosis, as the CLI prints it. */
export function renderDiagnosisText(d: Diagnosis, names: { dump: string; ref: string }): string {
  const L: string[] = [];
  const base = d.baseline.report;
  L.push(`dump:      ${names.dump}  ${d.dump.dtype} ${formatShape(d.dump.shape)}`);
  L.push(`reference: ${names.ref}  ${d.reference.dtype} ${formatShape(d.reference.shape)}${d.reference.layout ? ` ${d.reference.layout}` : ''}`);
  L.push('');
  L.push(`${STATUS_WORDS[d.status]}: ${d.summary}`);
  if (d.causes.length > 0) {
    L.push('', 'Causes, best first:');
    d.causes.forEach((c, i) => {
      const withWhat = c.combinedWith && c.combinedWith.length > 0 ? ` (together with ${c.combinedWith.join(', ')})` : '';
      L.push(`${i + 1}. [${c.id}] ${c.title}: explains ${Math.round(100 * c.explained)}%${withWhat}`);
      L.push(`   evidence: ${c.evidence}`);
      if (c.fix) L.push(`   fix:      ${c.fix}`);
      if (c.specChange)
        L.push(`   or, if your dump is right and the spec is wrong: set ${c.specChange.path} to ${JSON.stringify(c.specChange.value)} in tensorparity.json`);
      if (c.stage) L.push(`   stage:    ${c.stage}`);
    });
  }
  if (d.stages) {
    L.push('', 'Stage by stage:');
    for (const s of d.stages.perStage) {
      const mark = !s.comparable ? '  (different size, not compared)' : s.matches ? '  matches' : `  max |dump-stage| ${num(s.maxAbs ?? NaN)}`;
      L.push(`  ${s.name.padEnd(10)} ${s.description}${mark}`);
    }
    L.push(`  → ${d.stages.message}`);
  }
  if (d.tested.length > 0) {
    L.push('', 'Hypotheses tested (best 8 of ' + d.tested.length + '):');
    for (const t of d.tested.slice(0, 8)) {
      L.push(`  ${String(Math.round(100 * t.explained)).padStart(4)}%  ${t.variant}  (max error after ${num(t.maxAfter)})`);
    }
  }
  if (base) L.push('', `Baseline (dump vs reference, flat order): ${base.verdict.message}`);
  for (const n of d.notes) L.push(`note: ${n}`);
  return L.join('\n') + '\n';
}

/** The diagnosis as JSON-safe data (typed arrays dropped from the embedded diff report). */
export function diagnosisToJson(d: Diagnosis): unknown {
  const report = d.baseline.report;
  const slim = report ? { ...report, spatial: report.spatial ? { height: report.spatial.height, width: report.spatial.width } : undefined } : undefined;
  return jsonSafe({ ...d, baseline: { ...d.baseline, report: slim } });
}
