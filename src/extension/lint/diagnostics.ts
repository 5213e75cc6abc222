// Findings → VS Code diagnostics (code linked to the spec field, related information at the field), and the
// store the quick-fix provider reads the findings back from.

import * as vscode from 'vscode';
import type { Finding, LintRange } from '../../core/lint/types';
import { lineStarts, offsetToPosition } from '../text-offsets';
import { findSpecField } from './spec-field';

/** Source shown on every lint diagnostic. */
export const LINT_SOURCE = 'Tensor Parity';

/** The spec a set of findings was checked against. */
export interface SpecContext {
  specUri: vscode.Uri;
  text: string;
}

/** Where a spec field is in the spec file (a range in that file), plus a short description of its value. */
export interface SpecFieldTarget {
  range: vscode.Range;
  path: string;
  exact: boolean;
  valueText: string;
}

/** Locates a spec path in the spec text as an editor range. */
export function specFieldTarget(ctx: SpecContext, specPath: string): SpecFieldTarget | undefined {
  const loc = findSpecField(ctx.text, specPath);
  if (!loc) return undefined;
  const starts = lineStarts(ctx.text);
  const a = offsetToPosition(starts, ctx.text.length, loc.offset);
  const b = offsetToPosition(starts, ctx.text.length, loc.offset + loc.length);
  const raw = ctx.text.slice(loc.offset, loc.offset + loc.length).replace(/\s+/g, ' ');
  const valueText = raw.length > 60 ? `${raw.slice(0, 57)}…` : raw;
  return { range: new vscode.Range(a.line, a.character, b.line, b.character), path: loc.path, exact: loc.exact, valueText };
}

function toRange(r: LintRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

const SEVERITY: Record<Finding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The note shown on the first line of a document the linter skipped (over the time budget, or the parser crashed on it). */
export function notLintedDiagnostic(message: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), vscode.l10n.t('Tensor Parity: {0}', message), vscode.DiagnosticSeverity.Information);
  d.source = LINT_SOURCE;
  d.code = 'not-linted';
  return d;
}

/** One finding as a diagnostic: code links to the spec field, related information points at it. */
export function toDiagnostic(f: Finding, ctx: SpecContext): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
  d.source = LINT_SOURCE;
  const target = f.specPath ? specFieldTarget(ctx, f.specPath) : undefined;
  const at = target ? `L${target.range.start.line + 1},${target.range.start.character + 1}` : '';
  d.code = { value: f.code, target: at ? ctx.specUri.with({ fragment: at }) : ctx.specUri };
  if (target && f.specPath) {
    const what = target.exact
      ? vscode.l10n.t('Spec: {0} is {1}', f.specPath, target.valueText)
      : target.path
        ? vscode.l10n.t('Spec: {0} is not set (its default applies); nearest field: {1}', f.specPath, target.path)
        : vscode.l10n.t('Spec: {0} is not set (its default applies)', f.specPath);
    d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(ctx.specUri, target.range), what)];
  }
  return d;
}

/** What the quick-fix provider needs about one diagnostic it may be asked about. */
export interface StoredFinding {
  finding: Finding;
  spec: SpecContext;
}

interface StoredDoc {
  /** Document version the findings belong to; -1 for files linted from disk. */
  version: number;
  items: StoredFinding[];
}

/** Keeps the findings behind each published diagnostic so code actions can apply their fixes. */
export class FindingStore {
  private readonly docs = new Map<string, StoredDoc>();

  /** Records the findings of a document version. */
  set(uri: vscode.Uri, version: number, items: StoredFinding[]): void {
    this.docs.set(uri.toString(), { version, items });
  }

  /** Forgets a document. */
  delete(uri: vscode.Uri): void {
    this.docs.delete(uri.toString());
  }

  /** The version the stored findings of `uri` were computed for. */
  versionOf(uri: vscode.Uri): number | undefined {
    return this.docs.get(uri.toString())?.version;
  }

  /** The stored finding a diagnostic was made from (same code, range and message). */
  match(uri: vscode.Uri, d: vscode.Diagnostic): StoredFinding | undefined {
    const doc = this.docs.get(uri.toString());
    if (!doc || d.source !== LINT_SOURCE) return undefined;
    const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
    return doc.items.find(({ finding: f }) => f.code === code && f.message === d.message && toRange(f.range).isEqual(d.range));
  }

  clear(): void {
    this.docs.clear();
  }
}

/** A finding's fix as a workspace edit of `uri`. */
export function fixEdit(uri: vscode.Uri, f: Finding): vscode.WorkspaceEdit | undefined {
  if (!f.fix || f.fix.edits.length === 0) return undefined;
  const edit = new vscode.WorkspaceEdit();
  for (const e of f.fix.edits) edit.replace(uri, toRange(e.range), e.newText);
  return edit;
}
