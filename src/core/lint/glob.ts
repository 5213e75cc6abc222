// The one glob matcher of Tensor Parity (the CLI's --include/--exclude and the extension's lint settings), on picomatch:
// a pattern without "/" matches a file or folder name at any depth; one with "/" is anchored at the base folder; a
// pattern that matches a folder matches everything inside it. Paths use forward slashes, relative to the base folder.

import picomatch from 'picomatch';

/** The globs in the form both readers use: trimmed, forward slashes, no leading "./" or trailing "/", empty ones dropped. */
function normalizeGlobs(globs: readonly string[]): string[] {
  return globs.map((g) => g.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '')).filter((g) => g !== '');
}

/** A matcher for a list of globs: true when a relative path (or one of its parent folders) matches any of them. */
export function globMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  const tests = normalizeGlobs(globs).map((g) => picomatch(g, { dot: true, basename: !g.includes('/') }));
  if (tests.length === 0) return () => false;
  return (relativePath) => {
    const p = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
    for (let end = p.indexOf('/'); ; end = p.indexOf('/', end + 1)) {
      const prefix = end < 0 ? p : p.slice(0, end);
      if (tests.some((t) => t(prefix))) return true;
      if (end < 0) return false;
    }
  };
}

/**
 * Globs for a file search that anchors every pattern at the base folder (VS Code's findFiles): together they find
 * every file {@link globMatcher} accepts (a name pattern at any depth, a folder's contents), so the search finds the
 * candidates and the matcher decides.
 */
export function globSearchPatterns(globs: readonly string[]): string[] {
  return normalizeGlobs(globs).flatMap((g) => (g.includes('/') ? [g, `${g}/**`] : [`**/${g}`, `**/${g}/**`]));
}
