// Public API of the spec module: parse, validate and locate tensorparity.json.

import { readFile } from 'node:fs/promises';
import { SpecError } from './errors';
import { parseSpec } from './parse';
import type { Spec, SpecProblem } from './types';

export * from './types';
export { SpecError } from './errors';
export { parseSpec, nodePath } from './parse';
export { resolveSpecPath } from './paths';
export { formatFromPath, MODEL_FORMAT_NAMES } from './model-format';
export { specTemplate } from './template';
export { formatSpecProblem, lineColumn } from './format';
export { RESIZE_LIBRARIES, RESIZE_METHODS, DEFAULT_RESIZE_METHOD, isResizeLibrary, isResizeMethod } from './methods';
export { RESIZE_FITS } from './parse-input';
export { SPEC_DEFAULTS, MAX_INPUT_SIDE, channelsOf } from './defaults';

/** The usual file name of the spec at the workspace folder root. */
export const SPEC_FILE_NAME = 'tensorparity.json';

/** Reads and parses a spec file; throws SpecError only when the file cannot be read. */
export async function loadSpecFile(file: string): Promise<{ spec?: Spec; problems: SpecProblem[]; text: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(e)})`;
    throw new SpecError(`The spec file ${file} ${reason}. Create it, or fix the path.`, file);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ...parseSpec(text, file), text };
}
