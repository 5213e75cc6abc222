// Resolves paths named in tensorparity.json so they cannot leave the workspace folder.

import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { SpecError } from './errors';

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Resolves `relPath` (from the spec) against `workspaceRoot` and returns its real path.
 * Throws SpecError when the path is absolute outside the root, escapes with "..", does not exist,
 * or is (or goes through) a symlink that resolves outside the root.
 */
export async function resolveSpecPath(workspaceRoot: string, relPath: string): Promise<string> {
  if (relPath.trim() === '') throw new SpecError('The path is empty. Give a path relative to the workspace folder.');
  if (relPath.includes('\0')) throw new SpecError(`The path ${JSON.stringify(relPath)} contains a NUL character. Remove it.`);
  const root = path.resolve(workspaceRoot);
  const target = path.resolve(root, relPath);
  if (!isInside(root, target)) {
    const how = path.isAbsolute(relPath) ? 'is an absolute path outside' : 'uses ".." to leave';
    throw new SpecError(`The path "${relPath}" ${how} the workspace folder ${root}. Tensor Parity only opens files inside the workspace; copy the file into ${root} and use a relative path.`);
  }
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    throw new SpecError(`The workspace folder ${root} does not exist or cannot be read.`);
  }
  let realTarget: string;
  try {
    realTarget = await realpath(target);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(e)})`;
    throw new SpecError(`The path "${relPath}" ${reason} (looked for ${target}). Check the path in tensorparity.json; it is relative to the workspace folder.`);
  }
  if (!isInside(realRoot, realTarget)) {
    throw new SpecError(`The path "${relPath}" is a symlink (or goes through one) that resolves to ${realTarget}, outside the workspace folder ${realRoot}. Copy the file into the workspace instead of linking to it.`);
  }
  return realTarget;
}
