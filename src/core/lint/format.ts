// Text and JSON renderings of lint results for the CLI.

import type { FileFindings, LintSeverity } from './types';

const RANK: Record<LintSeverity, number> = { info: 0, warning: 1, error: 2 };

/** Counts of findings by severity, files with findings, and skipped files. */
export interface LintSummary {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
  filesWithFindings: number;
  skipped: number;
}

/** Summarises results. */
export function summarize(results: readonly FileFindings[]): LintSummary {
  const s: LintSummary = { errors: 0, warnings: 0, infos: 0, files: 0, filesWithFindings: 0, skipped: 0 };
  for (const r of results) {
    if (r.skipped) {
      s.skipped++;
      continue;
    }
    s.files++;
    if (r.findings.length > 0) s.filesWithFindings++;
    for (const f of r.findings) {
      if (f.severity === 'error') s.errors++;
      else if (f.severity === 'warning') s.warnings++;
      else s.infos++;
    }
  }
  return s;
}

/** True when any finding is at or above `level`. */
export function hasFindingsAtLeast(results: readonly FileFindings[], level: LintSeverity): boolean {
  return results.some((r) => r.findings.some((f) => RANK[f.severity] >= RANK[level]));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "file:line:col: severity CODE message" lines, the source line under each, then a summary. */
export function formatText(results: readonly FileFindings[], opts: { context?: boolean } = {}): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.skipped) {
      lines.push(`${r.skipped.message}`);
      continue;
    }
    const src = opts.context !== false && r.text ? r.text.split('\n') : undefined;
    for (const f of r.findings) {
      const { line, character } = f.range.start;
      const at = f.specPath ? ` [${f.specPath}]` : '';
      lines.push(`${r.path}:${line + 1}:${character + 1}: ${f.severity} ${f.code} ${f.message}${at}`);
      const code = src?.[line];
      if (code !== undefined && code.length <= 240) {
        const width = Math.max(1, (f.range.end.line === line ? f.range.end.character : code.length) - character);
        lines.push(`    ${code.replace(/\t/g, ' ')}`);
        lines.push(`    ${' '.repeat(character)}${'^'.repeat(Math.min(width, Math.max(1, code.length - character)))}`);
      }
      if (f.fix) lines.push(`    fix: ${f.fix.title}`);
    }
  }
  const s = summarize(results);
  const total = s.errors + s.warnings + s.infos;
  lines.push(
    total === 0
      ? `No preprocessing problems in ${plural(s.files, 'file')}${s.skipped ? ` (${s.skipped} skipped)` : ''}.`
      : `${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${s.infos} info) in ${plural(s.filesWithFindings, 'file')} of ${s.files} linted${s.skipped ? `, ${s.skipped} skipped` : ''}.`,
  );
  return `${lines.join('\n')}\n`;
}

/** A stable JSON document of the results. */
export function formatJson(results: readonly FileFindings[], specFile: string | undefined): string {
  const doc = {
    version: 1,
    spec: specFile,
    summary: summarize(results),
    files: results.map((r) => ({ path: r.path, languageId: r.languageId, skipped: r.skipped, findings: r.findings })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
