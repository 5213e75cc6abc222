// What to compare a result or a dump with: candidates ranked by how well their name matches (the image a dump came
// from shares its stem), with model weight files (*.bin listed in a model.json's weightsManifest) left out.
// Pure (no vscode import) so the ranking is unit-tested.

import * as path from 'node:path';

/** A file's stem: its name up to the first dot ("astronaut.cpp-bgr.npy" → "astronaut"). */
export function stemOf(file: string): string {
  const base = path.basename(file);
  const dot = base.indexOf('.');
  return (dot <= 0 ? base : base.slice(0, dot)).toLowerCase();
}

/**
 * How well two files' names say they show the same image: 3 the same stem, 2 one stem starts with the other followed
 * by a separator ("frame_01" and "frame_01_cpp"), 0 otherwise.
 */
export function stemMatch(a: string, b: string): number {
  const x = stemOf(a);
  const y = stemOf(b);
  if (x === y) return 3;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.length > 0 && long.startsWith(short) && /[-_ .]/.test(long[short.length]) ? 2 : 0;
}

/** Orders candidates for `target`: best stem match first, then same folder, then by path. */
export function rankByStem(target: string, candidates: readonly string[]): string[] {
  const dir = path.dirname(target);
  return [...candidates].sort(
    (p, q) => stemMatch(target, q) - stemMatch(target, p) || Number(path.dirname(q) === dir) - Number(path.dirname(p) === dir) || p.localeCompare(q),
  );
}

/** The weight files a TensorFlow.js model.json lists (paths relative to its folder); [] for any other JSON. */
export function weightFilesOf(jsonText: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(jsonText);
  } catch {
    return [];
  }
  if (typeof json !== 'object' || json === null || !('weightsManifest' in json)) return [];
  const manifest = (json as { weightsManifest: unknown }).weightsManifest;
  if (!Array.isArray(manifest)) return [];
  return manifest.flatMap((g: unknown) => {
    const paths = typeof g === 'object' && g !== null && 'paths' in g ? (g as { paths: unknown }).paths : undefined;
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : [];
  });
}

/**
 * Leaves out model weights: a .bin listed in the weightsManifest of a .json in its folder, or (when the folder's
 * JSON could not be read) a group*-shard*of*.bin name. `readJsonSiblings(dir)` returns the folder's .json texts.
 */
export function withoutWeights(files: readonly string[], readJsonSiblings: (dir: string) => string[]): string[] {
  const weights = new Map<string, Set<string>>();
  const weightsIn = (dir: string): Set<string> => {
    let set = weights.get(dir);
    if (!set) {
      set = new Set(
        readJsonSiblings(dir)
          .flatMap(weightFilesOf)
          .map((p) => path.resolve(dir, p)),
      );
      weights.set(dir, set);
    }
    return set;
  };
  return files.filter((f) => {
    if (!/\.bin$/i.test(f)) return true;
    if (/^group\d+-shard\d+of\d+\.bin$/i.test(path.basename(f))) return false;
    return !weightsIn(path.dirname(f)).has(path.resolve(f));
  });
}
