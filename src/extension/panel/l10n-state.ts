// The translation every panel's page needs for its own buttons, captions and labels: VS Code's bundle for the
// display language (undefined in English), sent in the panel's initial state as `l10nBundle`.

import * as vscode from 'vscode';
import { gL10nBundle, type L10nBundle } from '../../protocol';

/**
 * `{ l10nBundle }` with the display language's translations, or `{}` in English: spread it into an initial state.
 * A bundle the panels would reject (see gL10nBundle) is left out, so the panel still opens, in English.
 */
export function panelL10n(): { l10nBundle?: L10nBundle } {
  const bundle: unknown = vscode.l10n.bundle;
  return gL10nBundle(bundle) && Object.keys(bundle).length > 0 ? { l10nBundle: bundle } : {};
}
