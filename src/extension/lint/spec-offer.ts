// With no tensorparity.json, linting stays silent; once per workspace it offers to create the spec.

import * as vscode from 'vscode';
import { looksLikePreprocessing } from './files';
import type { LintLog } from './linter-loader';

const STATE_KEY = 'tensorParity.lint.specOffer';
const CREATE = vscode.l10n.t('Create Spec File');
const NEVER = vscode.l10n.t("Don't ask again");

/** Shows the "create a spec" offer at most once per workspace (remembered in workspaceState). */
export class SpecOffer {
  private shownThisSession = false;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: LintLog,
  ) {}

  /** Offers to create a spec for `doc`'s folder, if this workspace was never asked and the file looks like preprocessing code. */
  maybeOffer(doc: vscode.TextDocument, folder: vscode.WorkspaceFolder | undefined): void {
    if (!folder || this.shownThisSession || this.state.get<string>(STATE_KEY) !== undefined) return;
    if (!looksLikePreprocessing(doc.getText())) return;
    this.shownThisSession = true;
    void this.state.update(STATE_KEY, 'offered');
    const name = vscode.workspace.asRelativePath(doc.uri, false);
    this.log.info(`No tensorparity.json in ${folder.uri.fsPath}: preprocessing lint is off there; offered to create one.`);
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t(
          'Tensor Parity: {0} looks like model preprocessing code. Create a tensorparity.json in "{1}" to check it against your model\'s input spec (size, colour order, normalisation, layout).',
          name,
          folder.name,
        ),
        CREATE,
        NEVER,
      )
      .then(async (choice) => {
        if (choice === CREATE) {
          await this.state.update(STATE_KEY, 'created');
          await vscode.commands.executeCommand('tensorParity.createSpec', folder.uri);
        } else if (choice === NEVER) {
          await this.state.update(STATE_KEY, 'never');
        }
      });
  }
}
