// What the diff panel computes for two files (or a dump and an image preprocessed per the spec): load, diff, heatmaps.

import * as path from 'node:path';
import type { Spec, ToleranceMode } from '../spec/types';
import { specRawLayout } from '../tensor/spec-layout';
import type { NdArray } from '../tensor/types';
import { TensorFileError } from '../tensor/types';
import { alignedDump, computeHeatmaps, type ErrorHeatmaps } from './heatmap';
import { diffTensorsParallel } from './parallel';
import type { DiffLayout, DiffReport } from './types';

/** Two files to compare: `a` is the dump, `b` the reference tensor file or (origin 'image') an image. */
export interface CompareFilesRequest {
  origin: 'files' | 'image';
  a: string;
  b: string;
  member?: { a?: string; b?: string };
  /** The spec next to the files (raw dump layout, image preprocessing, layout); needed when origin is 'image'. */
  spec?: Spec;
  tolerance: { atol: number; rtol: number; mode: ToleranceMode };
}

/** The comparison: the report, heatmaps, notes for the reader, and both tensors (for a diagnosis). */
export interface CompareFilesResult {
  report: DiffReport;
  heatmaps?: ErrorHeatmaps;
  notes: string[];
  a: NdArray;
  b: NdArray;
  /** The layout the reference was read in (from the spec), if any. */
  layout?: DiffLayout;
}

/** Loads one tensor of a file: the named .npz member, else the first (with a note naming the others). */
export async function loadMember(file: string, member: string | undefined, spec: Spec | undefined, notes: string[]): Promise<NdArray> {
  const { loadTensorFile } = await import('../tensor/load');
  const raw = specRawLayout(spec);
  const loaded = await loadTensorFile(file, raw ? { rawLayout: raw } : undefined);
  const base = path.basename(file);
  if (loaded.layoutFrom === 'options')
    notes.push(`${base} has no sidecar; read as the model input in tensorparity.json (${raw?.dtype} [${raw?.shape.join(', ')}]).`);
  const names = [...loaded.tensors.keys()];
  const name = member !== undefined && loaded.tensors.has(member) ? member : names[0];
  const t = name === undefined ? undefined : loaded.tensors.get(name);
  if (!t || name === undefined) throw new TensorFileError(`${file}: holds no arrays. Save at least one with np.savez(f, name=arr).`, file);
  if (names.length > 1) notes.push(`${base} holds ${names.length} arrays (${names.join(', ')}); compared "${name}".`);
  return t;
}

/** The diff layout the spec implies for a reference of this shape (4-D: the spec's, 3-D: without the batch). */
export function specLayoutFor(spec: Spec | undefined, shape: readonly number[]): DiffLayout | undefined {
  if (!spec) return undefined;
  const l = spec.input.layout;
  if (shape.length === 4) return l;
  if (shape.length === 3) return l === 'NHWC' ? 'HWC' : 'CHW';
  return undefined;
}

/** Loads both sides, diffs them (in the spec's layout when that fits) and computes the heatmaps. */
export async function compareFiles(
  req: CompareFilesRequest,
  signal?: AbortSignal,
  progress: (m: string) => void = () => undefined,
): Promise<CompareFilesResult> {
  const { spec, tolerance: tol } = req;
  const notes: string[] = [];
  progress(`Reading ${path.basename(req.a)}…`);
  const a = await loadMember(req.a, req.member?.a, spec, notes);
  signal?.throwIfAborted();
  let b: NdArray;
  if (req.origin === 'image') {
    if (!spec)
      throw new TensorFileError(
        `Comparing with an image needs a valid tensorparity.json next to ${path.basename(req.a)} (or above it); fix or create the spec, then compare again.`,
        req.a,
      );
    progress(`Preprocessing ${path.basename(req.b)} as tensorparity.json says…`);
    const { decodeImage } = await import('../preprocess/decode');
    const { preprocessDecoded } = await import('../preprocess/pipeline');
    const decoded = await decodeImage(req.b, {
      applyExif: spec.input.applyExif,
      maxPixels: spec.limits.maxPixels,
      ...(spec.input.decoder ? { decoder: spec.input.decoder } : {}),
    });
    b = preprocessDecoded(decoded, spec.input).tensor;
  } else {
    progress(`Reading ${path.basename(req.b)}…`);
    b = await loadMember(req.b, req.member?.b, undefined, notes);
  }
  signal?.throwIfAborted();
  progress('Comparing…');
  const layout = specLayoutFor(spec, b.shape);
  let report: DiffReport;
  try {
    report = await diffTensorsParallel(a, b, { ...tol, ...(layout ? { layout } : {}) }, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    report = await diffTensorsParallel(a, b, tol, signal);
  }
  signal?.throwIfAborted();
  const aligned = alignedDump(a, b, report);
  const heatmaps = aligned ? computeHeatmaps(aligned, b, report) : undefined;
  return { report, notes, a, b, ...(heatmaps ? { heatmaps } : {}), ...(layout ? { layout } : {}) };
}
