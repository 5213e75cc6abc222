// The panels' own text (buttons, captions, headings, aria-labels) is written as l10n.t('…') with @vscode/l10n, the
// package VS Code documents for webviews. The host sends vscode.l10n.bundle (the display language's translations,
// absent in English) in each panel's initial state as `l10nBundle`; connectPanel() hands it to useBundle() once.

import * as l10n from '@vscode/l10n';
import type { L10nBundle } from '../../src/protocol';

/** Makes l10n.t answer from `bundle` (the host's translations); without one, l10n.t formats the English message. */
export function useBundle(bundle: L10nBundle | undefined): void {
  if (bundle) l10n.config({ contents: bundle });
}
