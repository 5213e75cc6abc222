// Stage by stage: which preprocessing stage the dump equals, and where its pipeline parts ways with the reference.

import { numel, toFloat64Array } from '../tensor/ndarray';
import type { PreprocessStage, StageName } from '../preprocess/types';
import { measure, withinTolerance, Frame } from './frame';
import { CAUSE_STAGE, CAUSE_TITLES } from './catalog';
import type { CauseId, StageTrace } from './types';

const ORDER: StageName[] = ['decoded', 'color', 'resized', 'normalized', 'layout'];

const STAGE_WORDS: Record<StageName | 'model', string> = {
  decoded: 'decoding (EXIF orientation)',
  color: 'colour conversion (channel order, alpha)',
  resized: 'resizing',
  normalized: 'normalization (scale, mean/std, dtype)',
  layout: 'memory layout (NHWC/NCHW, filling the buffer)',
  model: 'the model itself',
};

/** Compare the dump with every stage's tensor; report the latest stage it equals and the first where it diverges. */
export function traceStages(stages: PreprocessStage[], f: Frame, topCause?: CauseId): StageTrace {
  const perStage: StageTrace['perStage'] = [];
  let matched: StageName | undefined;
  for (const s of stages) {
    const comparable = numel(s.tensor.shape) === f.n;
    if (!comparable) {
      perStage.push({ name: s.name, description: s.description, comparable, matches: false });
      continue;
    }
    const v = toFloat64Array(s.tensor);
    const m = measure(f.dump, v, f.cap);
    const matches = withinTolerance(f.dump, v, f.tol);
    if (matches) matched = s.name;
    perStage.push({ name: s.name, description: s.description, comparable, maxAbs: m.max, meanAbs: m.mean, matches });
  }
  if (matched === 'layout') {
    return { perStage, matched, basis: 'stage-match', message: 'Your dump equals the model input the spec describes: every stage agrees.' };
  }
  if (matched) {
    const next = ORDER[ORDER.indexOf(matched) + 1];
    return {
      perStage,
      matched,
      firstDivergent: next,
      basis: 'stage-match',
      message: `Your dump equals the reference's '${matched}' stage; the pipelines part ways at '${next}' (${STAGE_WORDS[next]}).`,
    };
  }
  if (topCause) {
    const st = CAUSE_STAGE[topCause];
    return {
      perStage,
      firstDivergent: st,
      basis: 'top-cause',
      message: `Your dump matches no stage as is; the top cause (${CAUSE_TITLES[topCause]}) means the pipelines part ways at '${st}' (${STAGE_WORDS[st]}).`,
    };
  }
  return { perStage, basis: 'none', message: 'Your dump matches no preprocessing stage, and no tested cause explains it.' };
}
