// Quick fixes for lint diagnostics: apply the finding's safe fix, or open tensorparity.json at the spec field.

import * as vscode from 'vscode';
import { FindingStore, fixEdit, LINT_SOURCE, specFieldTarget } from './diagnostics';

/** Internal command (not in the palette): opens a spec file with a field selected. */
export const OPEN_SPEC_FIELD_COMMAND = 'tensorParity.lint.openSpecField';

/** The kinds LintCodeActions provides (read at registration, not at module load). */
export function lintCodeActionMetadata(): vscode.CodeActionProviderMetadata {
  return { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };
}

/** Offers, for each lint diagnostic under the cursor, its fix (preferred) and "Open tensorparity.json at <field>". */
export class LintCodeActions implements vscode.CodeActionProvider {
  constructor(private readonly store: FindingStore) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.intersects(vscode.CodeActionKind.QuickFix)) return [];
    const actions: vscode.CodeAction[] = [];
    // Fixes computed for an older text would edit the wrong characters; a re-lint is already on its way.
    const current = this.store.versionOf(doc.uri) === doc.version || (this.store.versionOf(doc.uri) === -1 && !doc.isDirty);
    const opened = new Set<string>();
    for (const d of context.diagnostics) {
      if (d.source !== LINT_SOURCE) continue;
      const hit = this.store.match(doc.uri, d);
      if (!hit) continue;
      const edit = current ? fixEdit(doc.uri, hit.finding) : undefined;
      if (edit && hit.finding.fix) {
        const fix = new vscode.CodeAction(`${hit.finding.fix.title} (${hit.finding.code})`, vscode.CodeActionKind.QuickFix);
        fix.edit = edit;
        fix.diagnostics = [d];
        fix.isPreferred = true;
        actions.push(fix);
      }
      const field = hit.finding.specPath;
      if (field && !opened.has(field)) {
        opened.add(field);
        const open = new vscode.CodeAction(vscode.l10n.t('Open tensorparity.json at {0}', field), vscode.CodeActionKind.QuickFix);
        open.command = { command: OPEN_SPEC_FIELD_COMMAND, title: open.title, arguments: [hit.spec.specUri.toString(), field] };
        open.diagnostics = [d];
        actions.push(open);
      }
    }
    return actions;
  }
}

/** Opens the spec with the field's value selected (or its nearest written parent when the default applies). */
export async function openSpecField(specUri: unknown, field: unknown): Promise<void> {
  if (typeof specUri !== 'string' || typeof field !== 'string') return;
  const uri = vscode.Uri.parse(specUri);
  const doc = await vscode.workspace.openTextDocument(uri);
  const target = specFieldTarget({ specUri: uri, text: doc.getText() }, field);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  if (!target) return;
  editor.selection = new vscode.Selection(target.range.start, target.range.end);
  editor.revealRange(target.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  if (!target.exact) {
    void vscode.window.showInformationMessage(
      target.path
        ? vscode.l10n.t('Tensor Parity: {0} is not in {1}; its default applies. Add it under "{2}" to change it.', field, uri.fsPath, target.path)
        : vscode.l10n.t('Tensor Parity: {0} is not in {1}; its default applies. Add it at the top level to change it.', field, uri.fsPath),
    );
  }
}
