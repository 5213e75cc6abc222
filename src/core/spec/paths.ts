// Resolves paths named in tensorparity.json so they cannot leave the workspace folder.

import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { SpecError } from './errors';

/** True when `target` is `root` or inside it, comparing whole path segments (so "..models" is a name, not a parent). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  if (rel === '') return true;
  if (path.isAbsolute(rel)) return false;
  return rel.split(/[\\/]/)[0] !== '..';
}

/** Why a path named inside a file (a spec, a model.json) was refused. */
export type PathProblem = 'empty' | 'nul' | 'bad-encoding' | 'outside' | 'symlink-outside';

/** A path named inside a file, resolved and contained in a folder; or the reason it was refused. */
export type ContainedPath = { ok: true; file: string; exists: boolean } | { ok: false; problem: PathProblem; target?: string; message: string };

/**
 * Resolve `ref` (optionally percent-encoded, as in a model.json weight path) against `root` and check it stays inside,
 * also through symlinks (synchronously). Never throws: callers turn a refusal into their own error (ModelError, SpecError).
 */
export function containPathSync(root: string, ref: string, opts?: { percentEncoded?: boolean }): ContainedPath {
  if (ref.trim() === '') return { ok: false, problem: 'empty', message: 'the path is empty' };
  let decoded = ref;
  if (opts?.percentEncoded === true) {
    try {
      decoded = decodeURIComponent(ref);
    } catch {
      return {
        ok: false,
        problem: 'bad-encoding',
        message: `the path "${ref}" has a malformed %-escape (a "%" must be followed by two hex digits)`,
      };
    }
  }
  if (decoded.includes('\0')) return { ok: false, problem: 'nul', message: `the path ${JSON.stringify(decoded)} contains a NUL character` };
  const base = path.resolve(root);
  const target = path.resolve(base, decoded);
  if (!isInside(base, target)) {
    const how = path.isAbsolute(decoded) ? 'is an absolute path outside' : 'leaves';
    return { ok: false, problem: 'outside', target, message: `the path "${decoded}" ${how} the folder ${base}` };
  }
  let realBase: string;
  try {
    realBase = realpathSync(base);
  } catch {
    return { ok: true, file: target, exists: false };
  }
  let realTarget: string;
  try {
    realTarget = realpathSync(target);
  } catch {
    return { ok: true, file: target, exists: false };
  }
  if (!isInside(realBase, realTarget)) {
    return {
      ok: false,
      problem: 'symlink-outside',
      target: realTarget,
      message: `the path "${decoded}" is a symlink (or goes through one) that resolves to ${realTarget}, outside the folder ${realBase}`,
    };
  }
  return { ok: true, file: realTarget, exists: true };
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
    throw new SpecError(
      `The path "${relPath}" ${how} the workspace folder ${root}. Tensor Parity only opens files inside the workspace; copy the file into ${root} and use a relative path.`,
    );
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
    throw new SpecError(
      `The path "${relPath}" is a symlink (or goes through one) that resolves to ${realTarget}, outside the workspace folder ${realRoot}. Copy the file into the workspace instead of linking to it.`,
    );
  }
  return realTarget;
}
