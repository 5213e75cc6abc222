// Saving the preprocessing stages (decoded → color → resized → normalized → layout) as .npy files.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeNpy } from '../tensor/npy';
import { TensorFileError } from '../tensor/types';
import type { PreprocessStage } from './types';

/** Anything that carries preprocessing stages: a PreprocessResult, or an InferenceResult of an image (dumps have none). */
export interface WithStages {
  readonly stages?: readonly PreprocessStage[];
}

/** Options for saveStages. */
export interface SaveStagesOptions {
  /** Overwrite existing files; otherwise an existing file is an error and nothing is written. */
  force: boolean;
}

/** The file name of stage `index`: `<baseName>.stage-<index>-<stage>.npy` (index 0 is 'decoded', as in result.stages). */
export function stageFileName(baseName: string, index: number, stage: PreprocessStage['name']): string {
  return `${baseName}.stage-${index}-${stage}.npy`;
}

/** The paths saveStages writes for `result`, in pipeline order ([] when there are no stages). */
export function stageFiles(result: WithStages, dir: string, baseName: string): string[] {
  checkBaseName(baseName);
  return (result.stages ?? []).map((s, i) => path.join(dir, stageFileName(baseName, i, s.name)));
}

/**
 * Writes each stage's tensor to `dir` as `<baseName>.stage-<i>-<stage>.npy` (numpy-compatible, the stage's dtype and shape)
 * and returns the paths. Checks every target before writing any; creates `dir` if needed. Throws TensorFileError naming the file.
 */
export function saveStages(result: WithStages, dir: string, baseName: string, opts: SaveStagesOptions): string[] {
  const files = stageFiles(result, dir, baseName);
  if (files.length === 0) return [];
  if (!opts.force) {
    const existing = files.find((f) => fs.existsSync(f));
    if (existing) {
      throw new TensorFileError(`${existing} already exists. Delete it, save the stages to another folder, or allow overwriting.`, existing);
    }
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new TensorFileError(`Cannot create the folder ${dir} for the stage files (${(err as Error).message}). Choose another folder.`, dir);
  }
  const stages = result.stages ?? [];
  files.forEach((file, i) => {
    const bytes = encodeNpy(stages[i].tensor);
    try {
      fs.writeFileSync(file, bytes, { flag: opts.force ? 'w' : 'wx' });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const why =
        code === 'EEXIST'
          ? 'it appeared while writing; delete it or allow overwriting'
          : `${(err as Error).message}; check the folder's permissions or choose another folder`;
      throw new TensorFileError(`Cannot write ${file}: ${why}.`, file);
    }
  });
  return files;
}

function checkBaseName(baseName: string): void {
  if (baseName === '' || baseName !== path.basename(baseName) || baseName === '.' || baseName === '..') {
    throw new TensorFileError(`"${baseName}" is not a usable base name for stage files: give a plain file name without folders (e.g. "photo").`);
  }
}
