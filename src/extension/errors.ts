// Turns anything thrown during a run into a message a user can act on, the buttons to offer, and log details.
// Pure (no vscode import): the words go through l10n.ts.

import type { ResultErrorAction } from '../protocol';
import * as l10n from './l10n';

/** What the UI shows for a failure. */
export interface UserFacingError {
  /** One readable sentence or two; core errors already name the file and the fix. */
  message: string;
  actions: ResultErrorAction[];
  /** Everything known (stack included), for the log. */
  detail: string;
  /** True when the user cancelled; nothing should be shown as an error. */
  cancelled: boolean;
}

const SPEC_RELATED = new Set(['SpecError', 'ModelError']);
const KNOWN = new Set(['SpecError', 'ModelError', 'ImageError', 'TensorFileError', 'PreprocessError']);

/** True for an abort (AbortController / DOMException AbortError / our own cancellation). */
export function isAbortError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === 'AbortError';
}

/** What failed, for the sentence an unexpected error gets ("Inference failed: …" or "The comparison failed: …"). */
export type FailedWork = 'inference' | 'comparison';

/** "Inference failed: {text}." (or "The comparison failed: …") with the pointer to the log. */
function failed(work: FailedWork, text: string): string {
  const ended = /[.!?]$/.test(text);
  if (work === 'comparison')
    return ended
      ? l10n.t('The comparison failed: {0} The Tensor Parity log has the details.', text)
      : l10n.t('The comparison failed: {0}. The Tensor Parity log has the details.', text);
  return ended
    ? l10n.t('Inference failed: {0} The Tensor Parity log has the details.', text)
    : l10n.t('Inference failed: {0}. The Tensor Parity log has the details.', text);
}

/** Classifies an error for display; `work` names what failed when the error is not one Tensor Parity wrote. */
export function describeError(err: unknown, work: FailedWork = 'inference'): UserFacingError {
  if (isAbortError(err)) return { message: l10n.t('Cancelled.'), actions: [], detail: 'cancelled by the user', cancelled: true };
  if (err instanceof Error) {
    const detail = err.stack ?? `${err.name}: ${err.message}`;
    if (KNOWN.has(err.name)) {
      const actions: ResultErrorAction[] = SPEC_RELATED.has(err.name) ? ['openSpec', 'showLog'] : ['showLog'];
      return { message: err.message, actions, detail, cancelled: false };
    }
    const text = err.message.trim() || err.name;
    return { message: failed(work, text), actions: ['showLog'], detail, cancelled: false };
  }
  const text = String(err);
  return { message: failed(work, text), actions: ['showLog'], detail: text, cancelled: false };
}
