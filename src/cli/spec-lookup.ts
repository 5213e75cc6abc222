// Finds and loads tensorparity.json for a CLI command: the --spec file, or the nearest one above an input.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatSpecProblem } from '../core/spec/format';
import { loadSpecFile, SPEC_FILE_NAME } from '../core/spec';
import { SpecError } from '../core/spec/errors';
import type { Spec } from '../core/spec/types';

/** A loaded spec, its file, the folder its paths are relative to, and warning lines to show. */
export interface CliSpec {
  spec: Spec;
  file: string;
  root: string;
  warnings: string[];
}

/** The nearest tensorparity.json in `startDir` or a parent folder, or undefined. */
export function findSpecUpwards(startDir: string): string | undefined {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, SPEC_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Resolves the spec for an input (explicit --spec wins); throws SpecError naming the fix when there is none. */
export function locateSpec(explicit: string | undefined, input: string, cwd: string): string {
  if (explicit) return path.resolve(cwd, explicit);
  const start = path.dirname(path.resolve(cwd, input));
  const found = findSpecUpwards(start);
  if (!found) {
    throw new SpecError(
      `No ${SPEC_FILE_NAME} found in ${start} or any folder above it. Create one at your project root (the "Tensor Parity: Create Spec File" command writes a template), or pass --spec <file>.`,
    );
  }
  return found;
}

/** Loads and validates a spec file; throws SpecError listing every error with line:column. */
export async function loadCliSpec(file: string): Promise<CliSpec> {
  if (!fs.existsSync(file)) {
    throw new SpecError(
      `The spec file ${file} does not exist. Create it (the "Tensor Parity: Create Spec File" command writes a template), or fix the --spec path.`,
      file,
    );
  }
  const { spec, problems, text } = await loadSpecFile(file);
  const lines = problems.map((pr) => formatSpecProblem(pr, text, file));
  const errors = problems.filter((pr) => pr.severity === 'error');
  if (!spec || errors.length) {
    throw new SpecError(`${file} has ${errors.length || 'some'} error${errors.length === 1 ? '' : 's'}; fix them and run again:\n${lines.join('\n')}`, file);
  }
  return { spec, file, root: path.dirname(file), warnings: lines };
}
