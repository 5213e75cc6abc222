// The words at the top of a diagnosis, written from what was found (the status is decided before, in diagnose()).
// "Your dump matches X" only when undoing X leaves the error inside tolerance; otherwise "closest: X explains 86%",
// with where the rest sits. The words are the user's: what evidence would help, never how a tool takes it.

import type { LayoutDims } from '../diff/align';
import { num } from './frame';
import { CAUSE_TITLES } from './catalog';
import { whereWords } from './residual';
import type { Cause, CauseId, DiagnosisStatus, DifferenceLocation, MissingEvidence } from './types';

/** What diagnose() found, before it is put into words. */
export interface Findings {
  status: Extract<DiagnosisStatus, 'explained' | 'partially-explained' | 'unexplained'>;
  /** The causes of the best explanation (or the model cause), best first, then causes reported alongside (float64). */
  causes: Cause[];
  /** How many of `causes` make up the explanation (the rest are reported alongside). */
  explaining: number;
  /** Share of the error the explanation removes. */
  explained: number;
  /** Largest error left after undoing the explanation. */
  leftover: number;
  /** Whether what is left is inside tolerance. */
  residualOk: boolean;
  /** Where the rest (or, with no explanation, the whole difference) sits. */
  remaining?: DifferenceLocation;
  /** The strongest single hypotheses, when nothing explains enough. */
  closest: { id: CauseId; explained: number }[];
  /** Largest finite error of the dump as it is, and how many NaN/Inf values it holds. */
  baseMax: number;
  nonFinite: number;
  tol: { atol: number; rtol: number };
  /** True when the equal inputs of both sides make the model itself the cause. */
  modelCause: boolean;
  missing: MissingEvidence[];
}

const WOULD_HELP: Record<MissingEvidence, string> = {
  'image-and-spec': 'with the image and the spec, a different resize, fit, EXIF orientation or alpha handling would be tested too',
  'model-inputs': 'if this is a model output, the inputs each side fed (or the model files) would show whether the model itself differs',
};

/** The sentence(s) that say what would let diagnose test more, in the user's terms. */
export function wouldHelpWords(missing: readonly MissingEvidence[]): string {
  if (missing.length === 0) return '';
  const s = missing.map((m) => WOULD_HELP[m]).join('; and ');
  return ` ${s[0].toUpperCase()}${s.slice(1)}.`;
}

/** The summary line(s) for a diagnosis with a status of explained, partially-explained or unexplained. */
export function writeSummary(fd: Findings, dims: LayoutDims | undefined): string {
  const before = fd.nonFinite > 0 ? `${num(fd.baseMax)} on finite values, ${fd.nonFinite} NaN/Inf` : num(fd.baseMax);
  const tolWords = `atol ${num(fd.tol.atol)}, rtol ${num(fd.tol.rtol)}`;
  const where = fd.remaining ? `; what differs ${whereWords(fd.remaining, dims)}` : '';
  if (fd.status === 'unexplained' || fd.causes.length === 0) {
    const close = fd.closest
      .filter((c) => c.explained > 0.05)
      .slice(0, 3)
      .map((c) => `${CAUSE_TITLES[c.id]} (${Math.round(100 * c.explained)}%)`);
    return (
      `No tested cause explains the difference (max error ${before})${where}.` +
      (close.length > 0 ? ` Closest: ${close.join(', ')}, none enough to name as the cause.` : '') +
      wouldHelpWords(fd.missing)
    );
  }
  const main = fd.causes.slice(0, fd.explaining);
  const top = main[0];
  const also = fd.causes.slice(fd.explaining);
  const alongside = also.length > 0 ? ` Also: ${also.map((c) => c.title.toLowerCase()).join('; ')}.` : '';
  if (fd.modelCause) return `${top.title}. ${top.evidence}${alongside}`;
  const names = main.map((c) => c.title).join(' + ');
  const pct = Math.round(100 * fd.explained);
  const them = main.length === 1 ? 'it' : 'them';
  if (fd.status === 'explained') {
    return (
      `Your dump matches the reference with "${names}" undone: that leaves the error inside tolerance ` +
      `(max error ${before} → ${num(top.maxAfter)}). ${top.evidence}${alongside}`
    );
  }
  const rest = fd.residualOk
    ? `${100 - pct}% of the difference is left`
    : `after undoing ${them} the dump still differs by up to ${num(fd.leftover)}, above the tolerance (${tolWords})${where}: another difference remains that no tested cause explains`;
  return (
    `Closest: ${names} explain${main.length === 1 ? 's' : ''} ${pct}% of the difference (max error ${before} → ${num(top.maxAfter)}), ` +
    `but something else remains: ${rest}.${wouldHelpWords(fd.missing)} ${top.evidence}${alongside}`
  );
}
